import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { buildWorkloads, describeCorpus, WORK_DIR, type Workload } from './workloads';
import { measureServer, summary, type LspFigures, type LspPlan } from './lspBench';
import { ourServer, yamlLanguageServer, YLS_VERSION } from './servers';
import { measureCli } from './cliBench';
import { bundleSimChild, measureSim, simSummary, type SimFigures } from './simBench';
import { measureExtension, type ExtensionFigures } from './extensionBench';
import { machine, type Machine } from './stats';
import { spliceSection, writeReport } from './report';
import { fmtMs } from './stats';
import { crdSection, measureCrds, type CrdFigures } from './crdBench';
import { measureWorkspace, workspaceSection, type WorkspaceFigures } from './workspaceBench';
import { dryRunSection, measureDryRun, type DryRunFigures } from './dryRunBench';
import { measureRerun, rerunSection, type RerunFigures } from './dryRunRerunBench';

/**
 * `npm run bench` (after `npm run build`): every section, then docs/benchmarks.md and the chart.
 * `tsx bench/run.ts lsp sim` runs only the named sections (lsp, ws, dryrun, rerun, cli, sim, ext, crd); the others are
 * taken from the last run's bench/work/results.json so the report stays whole; `report` only
 * rewrites docs/benchmarks.md from those results.
 */

export interface Results {
  machine: Machine;
  loadBefore: number[];
  corpus: { files: number; documents: number; root: string };
  workloads: Workload[];
  ylsVersion: string;
  lsp?: { plans: Record<string, LspPlan>; figures: LspFigures[] };
  cli?: { startupMs: number; rows: ReturnType<typeof measureCli>['rows'] };
  sim?: SimFigures[];
  ext?: ExtensionFigures;
  crd?: CrdFigures;
  ws?: WorkspaceFigures;
  dryrun?: DryRunFigures;
  rerun?: RerunFigures;
  sections: Record<string, string>;
  seconds?: number;
}

const RESULTS = join(WORK_DIR, 'results.json');
const log = (s: string): void => void process.stdout.write(s + '\n');

const LSP_PLANS: Record<string, LspPlan> = {
  'docs-100': { openRuns: 5, edits: 40, positions: 40 },
  'lines-5000': { openRuns: 3, edits: 60, positions: 60 },
  'docs-1000': { openRuns: 3, edits: 20, positions: 30 },
  // yaml-language-server needs many seconds per run and per edit here: fewer repetitions.
  'docs-10000': { openRuns: 2, edits: 4, positions: 10 },
};
const SIM_SIZES: { pods: number; runs: number; timeoutS: number }[] = [
  { pods: 100, runs: 3, timeoutS: 120 },
  { pods: 1000, runs: 3, timeoutS: 120 },
  { pods: 3000, runs: 2, timeoutS: 180 },
  { pods: 10000, runs: 1, timeoutS: 200 },
  { pods: 30000, runs: 1, timeoutS: 200 },
];

async function main(): Promise<void> {
  const wanted = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ['lsp', 'ws', 'dryrun', 'rerun', 'cli', 'sim', 'ext', 'crd']);
  const started = Date.now();
  const previous: Partial<Results> = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};
  if (wanted.has('report')) {
    // Only rewrite docs/benchmarks.md from the last results (after editing report.ts).
    if (!previous.machine) throw new Error('no results yet: run the bench first');
    writeReport(previous as Results, previous.seconds ?? NaN);
    log('docs/benchmarks.md rewritten from bench/work/results.json');
    return;
  }
  if (wanted.size === 1 && wanted.has('ws') && !previous.machine) {
    // As for crd below: measure this section alone and splice it into the committed report.
    log('a workspace of 5,000 files');
    const ws = await measureWorkspace(log);
    const m = machine();
    spliceSection([...workspaceSection(ws, fmtMs), `Measured ${m.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cpu}, ${m.cores} cores, load ${loadavg().map((l) => l.toFixed(1)).join(', ')} (shared machine).`, '']);
    log('docs/benchmarks.md: workspace section written');
    return;
  }
  if (wanted.size === 1 && wanted.has('dryrun') && !previous.machine) {
    // As for ws: measure this section alone and splice it into the committed report.
    log('a large dry run in the language server');
    const load = loadavg();
    const f = await measureDryRun(log, Number(process.env.BENCH_DRYRUN_DEPLOYMENTS ?? 3000));
    const m = machine();
    spliceSection(dryRunSection(f, fmtMs, `Measured ${m.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cpu}, ${m.cores} cores, load ${load.map((l) => l.toFixed(1)).join(', ')} at the start and ${loadavg().map((l) => l.toFixed(1)).join(', ')} at the end (shared machine).`));
    writeFileSync(join(WORK_DIR, 'dryrun.json'), JSON.stringify(f, null, 1));
    log('docs/benchmarks.md: dry-run section written');
    return;
  }
  if (wanted.size === 1 && wanted.has('rerun') && !previous.machine) {
    // As for ws: measure this section alone and splice it into the committed report.
    log('the dry run re-run after an edit');
    const load = loadavg();
    const f = await measureRerun(log);
    const m = machine();
    spliceSection(rerunSection(f, fmtMs, `Measured ${m.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cpu}, ${m.cores} cores, load ${load.map((l) => l.toFixed(1)).join(', ')} at the start and ${loadavg().map((l) => l.toFixed(1)).join(', ')} at the end (shared machine).`));
    log('docs/benchmarks.md: re-run section written');
    return;
  }
  if (wanted.size === 1 && wanted.has('crd') && !previous.machine) {
    // Nothing to rebuild the other sections from: measure this one and splice it into the report.
    log('custom resources');
    const crd = measureCrds(log);
    const m = machine();
    spliceSection([...crdSection(crd, fmtMs), `Measured ${m.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cpu}, ${m.cores} cores, load ${loadavg().map((l) => l.toFixed(1)).join(', ')} (shared machine).`, '']);
    log('docs/benchmarks.md: custom resources section written');
    return;
  }
  const workloads = buildWorkloads();
  const results: Results = { machine: machine(), loadBefore: loadavg(), corpus: describeCorpus(), workloads, ylsVersion: YLS_VERSION, sections: { ...(previous.sections ?? {}) }, lsp: previous.lsp, cli: previous.cli, sim: previous.sim, ext: previous.ext, crd: previous.crd, ws: previous.ws, rerun: previous.rerun };
  log(`machine: ${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node}, load ${results.loadBefore.map((l) => l.toFixed(1)).join(' ')}`);

  if (wanted.has('ext')) {
    log('extension');
    results.ext = measureExtension(log);
    results.sections.ext = results.machine.date;
  }
  if (wanted.has('lsp')) {
    log('language servers');
    const servers = [ourServer(), yamlLanguageServer()];
    // Warm-up: one discarded run of each server (disk cache, lazily created files).
    for (const s of servers) await measureServer(s, workloads[0], { openRuns: 1, edits: 0, positions: 0 }, () => undefined);
    // BENCH_ONLY=docs-10000 re-measures only the named workloads and keeps the others' figures.
    const only = process.env.BENCH_ONLY?.split(',');
    const figures: LspFigures[] = only ? (previous.lsp?.figures ?? []).filter((f) => !only.includes(f.workload)) : [];
    for (const w of workloads) {
      if (only && !only.includes(w.id)) continue;
      for (const s of servers) figures.push(await measureServer(s, w, LSP_PLANS[w.id], log));
    }
    figures.sort((a, b) => workloads.findIndex((w) => w.id === a.workload) - workloads.findIndex((w) => w.id === b.workload));
    results.lsp = { plans: LSP_PLANS, figures };
    results.sections.lsp = results.machine.date;
    for (const f of figures) if (f.failures.length) log(`  ${f.server} ${f.workload}: ${f.failures.length} failures: ${f.failures.slice(0, 3).join('; ')}`);
    log(JSON.stringify(figures.map((f) => ({ server: f.server, workload: f.workload, ...summary(f) }))));
  }
  if (wanted.has('ws')) {
    log('a workspace of 5,000 files');
    results.ws = await measureWorkspace(log);
    results.sections.ws = results.machine.date;
  }
  if (wanted.has('dryrun')) {
    log('a large dry run in the language server');
    results.dryrun = await measureDryRun(log);
    results.sections.dryrun = results.machine.date;
  }
  if (wanted.has('rerun')) {
    log('the dry run re-run after an edit');
    results.rerun = await measureRerun(log);
    results.sections.rerun = results.machine.date;
  }
  if (wanted.has('cli')) {
    log('cli');
    const tiny = join(WORK_DIR, 'one-deployment.yaml');
    writeFileSync(tiny, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n');
    results.cli = measureCli(workloads, log, tiny);
    results.sections.cli = results.machine.date;
  }
  if (wanted.has('crd')) {
    log('custom resources');
    results.crd = measureCrds(log);
    results.sections.crd = results.machine.date;
  }
  if (wanted.has('sim')) {
    log('simulator');
    await bundleSimChild();
    results.sim = [];
    for (const s of SIM_SIZES) results.sim.push(await measureSim(s.pods, s.runs, s.timeoutS, log));
    results.sections.sim = results.machine.date;
    log(JSON.stringify(results.sim.map((f) => ({ pods: f.pods, ...simSummary(f) }))));
  }
  results.seconds = (Date.now() - started) / 1000;
  writeFileSync(RESULTS, JSON.stringify(results, null, 1));
  writeReport(results, results.seconds);
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s: docs/benchmarks.md, docs/benchmarks-sim.svg`);
}

void main().catch((e) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
