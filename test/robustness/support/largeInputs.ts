/**
 * Child process of growth.test.ts: builds one large input (argv[2], at the fraction argv[3] of its
 * full size), parses, indexes and checks it
 * as `check` and the language server do, and prints what that cost (CPU time of the work, peak
 * resident memory of the process) and a summary of the findings, as JSON on the last line.
 */
import { parseYamlFile, type YamlFile } from '../../../server/src/engine/yaml/documents';
import { checkFiles } from '../../../server/src/engine/check';
import { hover } from '../../../server/src/engine/editing/hover';
import { documentSymbols } from '../../../server/src/engine/editing/symbols';
import { WorkspaceIndex } from '../../../server/src/engine/workspace/index';

/** The inputs of issue 20 that used to take time (or memory) growing with the square of their size. */
export const LARGE_INPUTS: Record<string, (scale: number) => string> = {
  // 60,000 env entries, each invalid (a name with a space, a number for valueFrom).
  env: (scale) => {
    let s = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      env:\n';
    for (let i = 0; i < 60_000 * scale; i++) s += `        - name: var ${i}\n          valueFrom: ${i}\n`;
    return s;
  },
  // 4,000 Services (two labels, one label) whose selectors miss 4,000 Deployments: each gets the did-you-mean search.
  services: (scale) => {
    const parts: string[] = [];
    for (let i = 0; i < 2000 * scale; i++) parts.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  selector:\n    app: svc-${i}\n    tier: t${i % 7}\n  ports:\n    - port: 80\n`);
    for (let i = 0; i < 2000 * scale; i++) parts.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: one-${i}\nspec:\n  selector:\n    app: web-${i}\n  ports:\n    - port: 80\n`);
    for (let i = 0; i < 4000 * scale; i++) {
      parts.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d${i}\nspec:\n  selector:\n    matchLabels:\n      app: dep-${i}\n  template:\n    metadata:\n      labels:\n        app: dep-${i}\n        tier: t${i % 5}\n    spec:\n      containers:\n        - name: c\n          image: nginx:1.27\n`);
    }
    return parts.join('---\n');
  },
  // A flow map of 40,000 keys (and a block map of as many).
  flowMap: (scale) => {
    const keys: string[] = [];
    for (let i = 0; i < 40_000 * scale; i++) keys.push(`k${i}: v${i}`);
    return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flow\ndata: {${keys.join(', ')}, k7: again}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: block\n  labels: &l {a: b}\ndata:\n${keys.map((k) => `  ${k}\n`).join('')}`;
  },
  // One million `---` lines.
  separators: (scale) => '---\n'.repeat(1_000_000 * scale),
};

/** The heap in use after a full collection (MB), when the process runs with --expose-gc. */
function heapAfterGc(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

function run(name: string, scale: number): void {
  const text = LARGE_INPUTS[name](scale);
  const heapBefore = heapAfterGc();
  const cpu = process.cpuUsage();
  const file: YamlFile = parseYamlFile(`file:///ws/${name}.yaml`, text);
  const index = new WorkspaceIndex();
  index.update(file);
  const findings = checkFiles([file], { index }).get(file.uri)!;
  // The editing features a user asks for on the same file next.
  hover(file, { line: 3, character: 4 }, { index });
  documentSymbols(file);
  const used = process.cpuUsage(cpu);
  // What the parse, the index and the last check of the file keep while it is open.
  const heapAfter = heapAfterGc();
  const retainedMB = heapBefore !== undefined && heapAfter !== undefined ? Math.round(heapAfter - heapBefore) : undefined;
  const codes: Record<string, number> = {};
  for (const f of findings) codes[f.code] = (codes[f.code] ?? 0) + 1;
  const sample = findings.find((f) => f.code === 'service-selects-nothing' && /did you mean/.test(f.message))?.message;
  console.log(JSON.stringify({ cpuMs: Math.round((used.user + used.system) / 1000), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), retainedMB, documents: file.docs.length, codes, sample }));
}

if (require.main === module) run(process.argv[2], Number(process.argv[3] ?? 1));
