import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { HAND_WRITTEN_SCHEMAS } from '../../scripts/gen-schemas';

const root = join(__dirname, '..', '..');
const swagger = join(root, '..', 'shared', 'k8s-openapi', 'swagger-v1.36.json');

function listFiles(dir: string, base = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) listFiles(p, base, out);
    else out.push(relative(base, p));
  }
  return out.sort();
}

test('the committed schemas/ are exactly what the generator produces from the 1.36 swagger', (t) => {
  if (!existsSync(swagger)) {
    t.skip('schema generator check: ../shared not present');
    return;
  }
  const out = mkdtempSync(join(tmpdir(), 'kr-schemas-'));
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'gen-schemas.ts'), swagger, out], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, `generator failed: ${r.stderr}`);
    const expected = listFiles(join(root, 'schemas')).filter((f) => !HAND_WRITTEN_SCHEMAS.includes(f));
    const actual = listFiles(out);
    assert.deepEqual(actual, expected, 'the generated file list differs from schemas/ (run npm run gen:schemas and commit)');
    const differing = expected.filter((f) => readFileSync(join(out, f), 'utf8') !== readFileSync(join(root, 'schemas', f), 'utf8'));
    assert.deepEqual(differing, [], 'generated files differ from schemas/ (run npm run gen:schemas and commit)');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
