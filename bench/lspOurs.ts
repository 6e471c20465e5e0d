import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { measureServer, summary } from './lspBench';
import { ourServer } from './servers';
import type { Workload } from './workloads';

/**
 * Our language server alone through the bench's harness (bench/lspBench.ts `measureServer`, the
 * same client, edits and positions as `npm run bench`), for quick checks between full runs on a
 * shared machine: `npx tsx bench/lspOurs.ts docs-10000 [edits] [openRuns] [positions]`. The
 * workload files are those `npm run bench` generates into bench/work/. Prints the figures as JSON.
 */

async function main(): Promise<void> {
  const id = process.argv[2] ?? 'docs-1000';
  const path = join(__dirname, 'work', `${id}.yaml`);
  if (!existsSync(path)) {
    console.error(`${path} is missing: run \`BENCH_ONLY=${id} npm run bench -- lsp\` once to generate it`);
    process.exit(2);
  }
  const [edits, openRuns, positions] = [3, 4, 5].map((i, k) => Number(process.argv[i] ?? [20, 1, 10][k]));
  const f = await measureServer(ourServer(), { id, path } as Workload, { openRuns, edits, positions }, (line) => console.log(line));
  const s = summary(f);
  console.log(JSON.stringify({ firstDiagnosticsMs: f.firstDiagnosticsMs.map(Math.round), firstCpuMs: f.firstDiagnosticsCpuMs, rssMiB: Math.round(f.rssMiB), editMs: f.editMs.map(Math.round), editP50: s.editP50, editP95: s.editP95, failures: f.failures }));
}
void main();
