/**
 * Child process of memory.test.ts (run with --expose-gc): edits one document 10,000 times the way
 * the language server handles an edit (parse, index, check, complete, hover) and prints the heap
 * after a full GC at checkpoints, as JSON on the last line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlFile } from '../../../server/src/engine/yaml/documents';
import { checkFile } from '../../../server/src/engine/check';
import { completions } from '../../../server/src/engine/editing/completion';
import { hover } from '../../../server/src/engine/editing/hover';
import { WorkspaceIndex } from '../../../server/src/engine/workspace/index';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const edits = Number(process.argv[2] ?? 10_000);
const base = readFileSync(join(__dirname, '..', '..', '..', 'test-fixtures', 'sim', 'nginx-rollout.yaml'), 'utf8');
const index = new WorkspaceIndex();
const uri = 'file:///ws/edited.yaml';
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const samples: { edit: number; heapMB: number }[] = [];
for (let i = 0; i <= edits; i++) {
  // Every edit yields a new text, as typing does: a replica count, a label, an image tag.
  const text = base.replace('replicas: 3', `replicas: ${i % 97}`).replace('app: nginx\n', `app: nginx-${i}\n`).replace('nginx:1.14.2', `nginx:1.${i % 30}.${i}`);
  const file = parseYamlFile(uri, text);
  index.update(file);
  checkFile(file, { index });
  completions(file, { line: 20, character: 10 }, { index });
  hover(file, { line: 8, character: 3 }, { index });
  if (i === 1000 || i % 2500 === 0) samples.push({ edit: i, heapMB: Math.round((heap() / 1048576) * 10) / 10 });
}
console.log(JSON.stringify({ samples }));
