import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lspClient';
import { ourServer } from './servers';
import { cpuTimeMs, median, now, waitFor } from './stats';
import { WORK_DIR } from './workloads';

/**
 * The editor's dry run run again after an edit (issue 19): a workspace of 1,000 Deployments in 10
 * files, run until steady, then edited in one file and run again. An edit that leaves the
 * simulated input as it was (a comment) reuses the last simulation (engine/dryrun/runInputs.ts);
 * one that changes a simulated value (one Deployment's replicas) runs the whole simulation again.
 * Each run is asked for once the index has been quiet for the server's 300 ms (a run waits for
 * that anyway), and timed from the request to its result, with the server's CPU time (all threads).
 */

export interface RerunFigures {
  deployments: number;
  nodes: number;
  pods: number;
  first: { ms: number; cpuMs: number };
  reused: { ms: number[]; cpuMs: number[]; logged: number };
  changed: { ms: number[]; cpuMs: number[] };
  failures: string[];
}

const FILES = 10;

function deployment(i: number, replicas: number): string {
  const name = `app-${i}`;
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        readinessProbe:\n          httpGet:\n            path: /\n            port: 80\n`;
}

function fileText(f: number, perFile: number, replicasOf: (i: number) => number, comment = ''): string {
  const docs: string[] = [];
  for (let k = 0; k < perFile; k++) docs.push(deployment(f * perFile + k, replicasOf(f * perFile + k)));
  return comment + docs.join('---\n');
}

export async function measureRerun(log: (s: string) => void, deployments = 1000): Promise<RerunFigures> {
  const perFile = Math.ceil(deployments / FILES);
  const nodes = Math.ceil((deployments * 3) / 100);
  const dir = join(WORK_DIR, `rerun-${deployments}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < FILES; f++) writeFileSync(join(dir, `apps-${f}.yaml`), fileText(f, perFile, () => 3));
  const spec = ourServer();
  spec.settings = { ...spec.settings, kubeRehearsal: { dryRun: { nodes } } };
  const client = new LspClient({ ...spec, workspaceFolder: dir });
  const failures: string[] = [];
  const figures: RerunFigures = { deployments: perFile * FILES, nodes, pods: 0, first: { ms: NaN, cpuMs: NaN }, reused: { ms: [], cpuMs: [], logged: 0 }, changed: { ms: [], cpuMs: [] }, failures };
  const run = async (): Promise<{ ms: number; cpuMs: number; pods: number }> => {
    // The server waits for 300 ms without index changes before a run: that wait is not the run's.
    await new Promise((r) => setTimeout(r, 400));
    const cpu0 = await cpuTimeMs(client.pid);
    const t0 = now();
    const r = await client.conn.sendRequest<{ snapshot: { pods: unknown[] } }>('kubeRehearsal/simulate', { scope: 'workspace' });
    const ms = now() - t0;
    return { ms, cpuMs: (await cpuTimeMs(client.pid)) - cpu0, pods: r.snapshot.pods.length };
  };
  const uri = pathToFileURL(join(dir, 'apps-4.yaml')).href;
  let version = 1;
  let replicas = 3;
  const reuses = () => client.logs.filter((l) => /its simulation is reused/.test(l.message)).length;
  try {
    await client.initialize(0);
    if (!(await waitFor(() => client.logs.some((l) => /indexed \d+ files/.test(l.message)), 120_000))) failures.push('the scan did not finish within 120 s');
    await client.settle(1000);
    const first = await run();
    figures.first = { ms: first.ms, cpuMs: first.cpuMs };
    figures.pods = first.pods;
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text: fileText(4, perFile, () => 3) } });
    for (let i = 0; i < 3; i++) {
      // A comment: the same simulated input.
      const before = reuses();
      await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: fileText(4, perFile, (k) => (k === 4 * perFile ? replicas : 3), `# edit ${version}\n`) }] });
      const r = await run();
      figures.reused.ms.push(r.ms);
      figures.reused.cpuMs.push(r.cpuMs);
      if (reuses() === before) failures.push(`the run after comment edit ${i + 1} did not reuse the simulation`);
      else figures.reused.logged++;
      // One Deployment's replicas: a simulated value, the whole run again.
      replicas = replicas === 3 ? 2 : 3;
      await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: fileText(4, perFile, (k) => (k === 4 * perFile ? replicas : 3), `# edit ${version}\n`) }] });
      const c = await run();
      figures.changed.ms.push(c.ms);
      figures.changed.cpuMs.push(c.cpuMs);
    }
  } finally {
    await client.close();
  }
  log(`  dry run of ${figures.deployments} Deployments (${figures.pods} pods): first ${figures.first.ms.toFixed(0)} ms (CPU ${figures.first.cpuMs.toFixed(0)}); after a comment ${figures.reused.ms.map((x) => x.toFixed(0)).join(', ')} ms (CPU ${figures.reused.cpuMs.map((x) => x.toFixed(0)).join(', ')}); after a replica change ${figures.changed.ms.map((x) => x.toFixed(0)).join(', ')} ms (CPU ${figures.changed.cpuMs.map((x) => x.toFixed(0)).join(', ')})`);
  for (const f of failures) log(`  failure: ${f}`);
  return figures;
}

export function rerunSection(f: RerunFigures | undefined, fmtMs: (ms: number) => string, measured?: string): string[] {
  const title = '## Re-running the dry run after an edit';
  if (!f) return [title, '', 'Not run.', ''];
  const cell = (ms: number[], cpu: number[]) => `${fmtMs(median(ms))} (${ms.map(fmtMs).join(', ')}) | ${fmtMs(median(cpu))}`;
  const reusedShare = median(f.reused.cpuMs) / median(f.changed.cpuMs);
  const met = f.failures.length === 0 && reusedShare < 0.25;
  return [
    title,
    '',
    `The editor's "Dry Run Workspace" (\`kubeRehearsal/simulate\`, until steady) on ${f.deployments.toLocaleString('en-US')} Deployments of 3 \`nginx:1.27\` replicas with a readiness probe in ${FILES} files, on ${f.nodes} minikube-sized nodes (${f.pods.toLocaleString('en-US')} pods), then run again after an edit of one file (bench/dryRunRerunBench.ts). Each run is asked for once the index has been quiet for 300 ms, the time a run waits for after a change anyway; timed from the request to its result, with the server's CPU time (all threads, /proc).`,
    '',
    '| run | wall time: median (each) | server CPU (median) |',
    '|---|---|---:|',
    `| the first run | ${fmtMs(f.first.ms)} | ${fmtMs(f.first.cpuMs)} |`,
    `| after a comment added to one file (the simulated input unchanged: the simulation reused) | ${cell(f.reused.ms, f.reused.cpuMs)} |`,
    `| after one Deployment's replicas changed (the whole run again) | ${cell(f.changed.ms, f.changed.cpuMs)} |`,
    '',
    '| target | wanted | |',
    '|---|---|---|',
    `| re-running after an edit to one object of a 1,000-object workspace, where the change allows it | well under the full run (here: under a quarter of its CPU) | ${met ? 'met' : '**missed**'} (${Math.round(reusedShare * 100)}% of the full run's CPU) |`,
    ...(f.failures.length ? ['', `Failures: ${f.failures.join('; ')}`] : []),
    '',
    'Which edits reuse: those after which the run\'s inputs are exactly the last run\'s (engine/dryrun/runInputs.ts fingerprints the values of the manifests simulated, in order, the seed, the duration, the cluster and image behaviours, the Pod Security level, the Kubernetes release and the custom resources installed) while the session has not moved since (no time control, what-if, terminal command or served request). So comments, blank lines, spacing, quoting that keeps a value\'s type, edits of files or documents that are not simulated (not Kubernetes, Helm templates, documents `check` refuses before and after) reuse; any change of a simulated value (a field, a label, an annotation, the order of keys or documents) runs everything again, because the simulation is one deterministic run over shared nodes: uids and pod IPs are handed out in order, one event queue orders every controller\'s work, and the scheduler scores each pod against every pod already placed, so one object\'s change can move every other\'s outcome. What a reuse still does: the admission check of the files (cached per document), the fingerprint, and the result (predictions, locations and refusals placed on the edited lines); docs/simulation.md has the details.',
    ...(measured ? ['', measured] : []),
    '',
  ];
}
