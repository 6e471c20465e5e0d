import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { ensureBuilt, spawnServer } from '../support/server';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { podsOfKey, resultLocation, type DryRunResult, type RolloutResult } from '../../server/src/engine/dryrun/protocol';

/** The dry-run requests through the bundled server over stdio, on a copy of the tutorial workspace. */

const root = join(__dirname, '..', '..');
let server: ChildProcess;
let conn: MessageConnection;
let workspace: string;
const stderr: string[] = [];


const uriOf = (name: string) => pathToFileURL(join(workspace, name)).href;

before(async () => {
  ensureBuilt();
  workspace = mkdtempSync(join(tmpdir(), 'kr-dryrun-'));
  for (const name of readdirSync(join(root, 'test-fixtures', 'tutorial'))) copyFileSync(join(root, 'test-fixtures', 'tutorial', name), join(workspace, name));
  ({ process: server, conn } = spawnServer());
  server.stderr!.on('data', (d) => stderr.push(String(d)));
  const folder = pathToFileURL(workspace).href;
  const init = await conn.sendRequest<{ capabilities: { codeLensProvider?: unknown } }>('initialize', {
    processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'tutorial' }],
    capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true } } },
  });
  assert.ok(init.capabilities.codeLensProvider, 'the server offers CodeLens');
  await conn.sendNotification('initialized', {});
});

after(() => {
  conn?.dispose();
  server?.kill();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

/** The first scan of the workspace runs after `initialized`: ask until the manifests are indexed. */
async function simulate(params: object): Promise<DryRunResult> {
  for (let i = 0; i < 100; i++) {
    const r = await conn.sendRequest<DryRunResult>('kubeRehearsal/simulate', params);
    if (r.files.length >= 3 || (params as { scope?: string }).scope === 'file') return r;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`the workspace was never indexed; server said: ${stderr.join('')}`);
}

const predictionsFor = (r: DryRunResult, name: string) => r.diagnostics.find((d) => d.uri === uriOf(name))?.diagnostics ?? [];

test('kubeRehearsal/simulate returns the snapshot contract, manifest locations and predictive diagnostics', async () => {
  const r = await simulate({ scope: 'workspace' });
  const s = r.snapshot;
  for (const k of ['time', 'nodes', 'workloads', 'pods', 'services', 'jobs', 'events', 'timeline', 'assumptions']) assert.ok(k in s, `snapshot has ${k}`);
  assert.deepEqual(s.nodes.map((n) => n.name), ['minikube']);
  const hello = s.pods.find((p) => p.name.startsWith('hello-world-'));
  assert.equal(hello?.status, 'CrashLoopBackOff');
  assert.deepEqual(s.pods.filter((p) => p.name.startsWith('nginx-')).map((p) => [p.status, p.ready]), [['Running', '1/1'], ['Running', '1/1']]);
  assert.deepEqual(s.services.find((v) => v.name === 'nginx')?.endpoints.map((e) => e.ready), [true, true]);

  // Pods point at their template; the bare pod at its own name.
  assert.equal(resultLocation(r, 'Pod', 'default', hello!.name)?.uri, uriOf('hello-world.yaml'));
  assert.equal(resultLocation(r, 'Pod', 'default', hello!.name)?.range.start.line, 14, 'the template line');
  assert.equal(resultLocation(r, 'Pod', 'default', 'web-liveness')?.range.start.line, 5);
  // The pods of one ReplicaSet share their template's line: sent once, under the ReplicaSet.
  const nginx = s.pods.filter((p) => p.name.startsWith('nginx-'));
  assert.equal(nginx.length, 2);
  assert.deepEqual(resultLocation(r, 'Pod', 'default', nginx[0].name), resultLocation(r, 'Pod', 'default', nginx[1].name));
  assert.ok(resultLocation(r, 'Pod', 'default', nginx[0].name, nginx[0].containers[0].name), 'a container of a pod has its line');
  assert.equal(r.locations[`Pod/default/${nginx[0].name}`], undefined, 'no entry of its own');
  assert.ok(r.locations[podsOfKey('default', nginx[0].owner!)]);

  const crash = predictionsFor(r, 'hello-world.yaml');
  assert.equal(crash.length, 1);
  assert.match(crash[0].message, /^pods of Deployment hello-world end in CrashLoopBackOff: container hello-world exits with code 0 and restartPolicy is Always \(at \d+s\)$/);
  assert.equal(crash[0].source, 'kube-rehearsal dry-run');
  assert.equal(crash[0].severity, 2);
  assert.equal(crash[0].range.start.line, 21, 'on the image line');
  const live = predictionsFor(r, 'liveness.yaml');
  assert.match(live[0]?.message ?? '', /^liveness probe fails: nothing listens on port 8081/);
  assert.equal(live[0].range.start.line, 14);
  assert.deepEqual(predictionsFor(r, 'nginx.yaml'), []);

  const lenses = await conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf('nginx.yaml') } });
  assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title]), [[1, 'Dry run: 2/2 Ready']]);
  const helloLens = await conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf('hello-world.yaml') } });
  assert.equal(helloLens[0].command?.title, 'Dry run: CrashLoopBackOff (0/1 ready)');
});

test('time controls: the snapshot follows the chosen time, back and forth', async () => {
  await simulate({ scope: 'workspace' });
  const early = await conn.sendRequest<DryRunResult>('kubeRehearsal/dryRun/time', { action: 'seek', time: 1 });
  assert.equal(early.snapshot.time, 1);
  assert.ok(early.snapshot.pods.every((p) => p.restarts === 0));
  const later = await conn.sendRequest<DryRunResult>('kubeRehearsal/dryRun/time', { action: 'advance', seconds: 60 });
  assert.equal(later.snapshot.time, 61);
  assert.ok(later.snapshot.pods.find((p) => p.name.startsWith('hello-world-'))!.restarts > 0);
  const again = await conn.sendRequest<DryRunResult>('kubeRehearsal/dryRun/time', { action: 'seek', time: 1 });
  assert.deepEqual(again.snapshot.pods, early.snapshot.pods, 'deterministic: going back gives the same state');
});

test('predictive diagnostics clear after the cause is fixed and the dry run re-runs', async () => {
  const before = await simulate({ scope: 'workspace' });
  assert.equal(predictionsFor(before, 'hello-world.yaml').length, 1);
  // The fix a learner makes: a long-running image instead of one that exits.
  const uri = uriOf('hello-world.yaml');
  const fixed = readFileSync(join(workspace, 'hello-world.yaml'), 'utf8').replace('image: hello-world:latest', 'image: nginx:1.16.1');
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: fixed } });
  let after: DryRunResult | undefined;
  for (let i = 0; i < 50; i++) {
    after = await simulate({ scope: 'workspace' });
    if (after.snapshot.pods.some((p) => p.containers.some((c) => c.image === 'nginx:1.16.1' && p.name.startsWith('hello-world-')))) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  const entry = after!.diagnostics.find((d) => d.uri === uri);
  assert.ok(entry, 'the file is listed so the editor can clear it');
  assert.deepEqual(entry.diagnostics, []);
  assert.equal(after!.snapshot.pods.find((p) => p.name.startsWith('hello-world-'))?.status, 'Running');
  await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('a manifest the API server would reject is reported, the rest still runs', async () => {
  const uri = uriOf('broken.yaml');
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: noselector\nspec:\n  template:\n    metadata:\n      labels: { app: x }\n    spec:\n      containers: [{ name: c, image: nginx }]\n' } });
  let r: DryRunResult | undefined;
  for (let i = 0; i < 50; i++) {
    r = await simulate({ scope: 'workspace' });
    if (r.rejected?.length) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.deepEqual(r!.rejected?.map((x) => x.object), ['Deployment/noselector']);
  assert.match(r!.rejected![0].message, /^Deployment "noselector" is invalid: spec\.selector: Required value$/);
  assert.equal(r!.rejected![0].uri, uri);
  assert.ok(r!.snapshot.pods.some((p) => p.name === 'web-liveness'));
  assert.ok(!r!.snapshot.workloads.some((w) => w.name === 'noselector'), 'never simulated');
  await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('what check rejects is not simulated: listed with its file, line and message; CodeLens from its own document only', async () => {
  // Each is an error of `check`; the API server refuses them, so none may run.
  const docs: Record<string, string> = {
    // Same kind and name as nginx.yaml's Deployment: its CodeLens must not borrow that one's result.
    'nginx-copy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx\nspec:\n  replicas: 3\n  selector:\n    matchLabels: { app: nginx }\n  template:\n    metadata:\n      labels: { app: nginx }\n    spec:\n      containers:\n        - name: Hello\n          image: nginx:1.27\n',
    'cron.yaml': 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: tick\nspec:\n  schedule: "61 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: c\n              image: busybox:1.36\n',
    'quote.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: quoted\nspec:\n  containers:\n    - name: c\n      image: "nginx:1.27\n      ports:\n        - containerPort: 80\n',
  };
  for (const [name, text] of Object.entries(docs)) await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(name), languageId: 'yaml', version: 1, text } });
  let r: DryRunResult | undefined;
  for (let i = 0; i < 50; i++) {
    r = await simulate({ scope: 'workspace' });
    if ((r.rejected?.length ?? 0) >= 4) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  const mine = new Set(Object.keys(docs).map(uriOf));
  const byObject = Object.fromEntries(r!.rejected!.filter((x) => mine.has(x.uri!)).map((x) => [x.object, x]));
  assert.deepEqual(Object.keys(byObject).sort(), ['CronJob/tick', 'Deployment/nginx', 'Pod/quoted']);
  assert.equal(byObject['Deployment/nginx'].uri, uriOf('nginx-copy.yaml'));
  assert.equal(byObject['Deployment/nginx'].range?.start.line, 13, 'on the container name');
  assert.match(byObject['Deployment/nginx'].message, /^Deployment "nginx" is invalid: spec\.template\.spec\.containers\[0\]\.name: Invalid value: "Hello"/);
  assert.match(byObject['CronJob/tick'].message, /^CronJob "tick" is invalid: spec\.schedule: Invalid value: "61 \* \* \* \*"/);
  assert.match(byObject['Pod/quoted'].message, /^error converting YAML to JSON: /);
  // Not run: no Job of the CronJob, no pod with the garbled image, the valid nginx keeps its 2 replicas.
  assert.ok(!r!.snapshot.workloads.some((w) => w.name === 'tick'));
  assert.ok(!r!.snapshot.pods.some((p) => p.name === 'quoted'));
  assert.equal(r!.snapshot.pods.filter((p) => p.name.startsWith('nginx-')).length, 2);
  assert.deepEqual(predictionsFor(r!, 'quote.yaml'), [], 'no prediction about a pod that never existed');

  const copyLens = await conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf('nginx-copy.yaml') } });
  assert.deepEqual(copyLens.map((l) => l.command?.title), ['Dry run: not simulated (rejected by the API server)']);
  assert.equal(copyLens[0].command?.command, 'kubeRehearsal.dryRun.revealObject');
  const ownLens = await conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf('nginx.yaml') } });
  assert.deepEqual(ownLens.map((l) => l.command?.title), ['Dry run: 2/2 Ready']);
  assert.deepEqual(ownLens[0].command?.arguments, [{ kind: 'Deployment', namespace: 'default', name: 'nginx', uri: uriOf('nginx.yaml') }], 'reveals, does not re-run');
  for (const name of Object.keys(docs)) await conn.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(name) } });
});

test('two valid documents of one object: the one applied last is simulated, the other says so', async () => {
  const uri = uriOf('zz-nginx-again.yaml');
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(join(workspace, 'nginx.yaml'), 'utf8') } });
  for (let i = 0; i < 50; i++) {
    const r = await simulate({ scope: 'workspace' });
    if (r.files.includes(uri)) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  const lenses = async (name: string) => (await conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: name } })).map((l) => l.command?.title);
  const titles = [await lenses(uriOf('nginx.yaml')), await lenses(uri)];
  // Exactly one of the two carries the result; the other names the file that won.
  assert.equal(titles.filter((t) => t[0] === 'Dry run: 2/2 Ready').length, 1, JSON.stringify(titles));
  assert.equal(titles.filter((t) => /^Dry run: replaced by the same Deployment in (nginx|zz-nginx-again)\.yaml$/.test(t[0] ?? '')).length, 1, JSON.stringify(titles));
  await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('a dry run of one file only simulates that file', async () => {
  const r = await simulate({ scope: 'file', uri: uriOf('liveness.yaml') });
  assert.deepEqual(r.snapshot.pods.map((p) => p.name), ['web-liveness']);
  assert.deepEqual(r.files, [uriOf('liveness.yaml')]);
});

test('what-ifs on the server-held session: delete a pod, scale; reset goes back to the files', async () => {
  const r = await simulate({ scope: 'workspace' });
  const victim = r.snapshot.pods.find((p) => p.name.startsWith('nginx-'))!;
  const t0 = r.snapshot.time;
  const deleted = await conn.sendRequest<DryRunResult>('kubeRehearsal/dryRun/whatIf', { argv: ['delete', 'pod', victim.name] });
  assert.match(deleted.output ?? "", new RegExp(`"${victim.name}" deleted`));
  assert.equal(deleted.diverged, true);
  assert.deepEqual(deleted.whatIfs, [{ time: t0, command: `kubectl delete pod ${victim.name}` }]);
  assert.ok(deleted.snapshot.time > t0, 'simulated forward so the consequence shows');
  const nginx = deleted.snapshot.pods.filter((p) => p.name.startsWith('nginx-'));
  assert.equal(nginx.length, 2, 'the ReplicaSet replaced the deleted pod');
  assert.ok(!nginx.some((p) => p.name === victim.name));

  const scaled = await conn.sendRequest<DryRunResult>('kubeRehearsal/dryRun/whatIf', { argv: ['scale', 'deployment/nginx', '--replicas=3'] });
  await conn.sendRequest<DryRunResult>('kubeRehearsal/dryRun/time', { action: 'advance', seconds: 30 });
  const later = await conn.sendRequest<DryRunResult>('kubeRehearsal/dryRun/state', {});
  assert.equal(scaled.whatIfs.length, 2);
  assert.equal(later.snapshot.pods.filter((p) => p.name.startsWith('nginx-') && p.status === 'Running').length, 3);

  await assert.rejects(conn.sendRequest('kubeRehearsal/dryRun/whatIf', { argv: ['scale', 'deployment/nope', '--replicas=1'] }), /not found/);

  const reset = await conn.sendRequest<DryRunResult>('kubeRehearsal/dryRun/reset', {});
  assert.equal(reset.diverged, false);
  assert.equal(reset.snapshot.time, 0);
  assert.deepEqual(reset.whatIfs, []);
});

test('rollout preview request: says so without git, previews the edited manifest against HEAD', async (t) => {
  const none = await conn.sendRequest<RolloutResult>('kubeRehearsal/rolloutPreview', { uri: pathToFileURL(workspace).href });
  if (/git is not installed/.test(none.unavailable ?? '')) return t.skip('git is not installed');
  assert.match(none.unavailable ?? '', /not in a git repository/);

  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: workspace, stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'tutorial');
  const unchanged = await conn.sendRequest<RolloutResult>('kubeRehearsal/rolloutPreview', { uri: pathToFileURL(workspace).href });
  assert.equal(unchanged.status, 'no-changes');

  // An unsaved edit in the editor counts as the working tree.
  const uri = uriOf('nginx.yaml');
  const edited = readFileSync(join(workspace, 'nginx.yaml'), 'utf8').replace('image: nginx:1.16.1', 'image: nginx:1.200');
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: edited } });
  let r: RolloutResult | undefined;
  for (let i = 0; i < 50; i++) {
    r = await conn.sendRequest<RolloutResult>('kubeRehearsal/rolloutPreview', { uri });
    if (r.status === 'done') break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(r?.status, 'done');
  assert.deepEqual(r!.changed.map((c) => `${c.kind}/${c.name}`), ['Deployment/nginx']);
  assert.equal(r!.workloads[0].outcome, 'stuck');
  assert.match(r!.workloads[0].reasons[0], /^image nginx:1\.200: tag not found; the rollout stalls with 2 old pods serving/);
  await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('predictions follow rule levels and suppression comments, as check --dry-run does', async () => {
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'kubeRehearsal' ? { rules: { 'dry-run-crashloop': 'error', 'dry-run-liveness': 'off' } } : null)));
  try {
    await conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    let r = await simulate({ scope: 'workspace' });
    for (let i = 0; i < 50 && predictionsFor(r, 'hello-world.yaml')[0]?.severity !== 1; i++) {
      await new Promise((res) => setTimeout(res, 100));
      r = await simulate({ scope: 'workspace' });
    }
    assert.equal(predictionsFor(r, 'hello-world.yaml')[0]?.severity, 1, 'dry-run-crashloop raised to error');
    assert.deepEqual(predictionsFor(r, 'liveness.yaml').filter((d) => d.code === 'dry-run-liveness'), [], 'a rule set to off is not published');

    const uri = uriOf('hello-world.yaml');
    const text = readFileSync(join(workspace, 'hello-world.yaml'), 'utf8').replace(/^(\s*)image: hello-world/m, '$1# kube-rehearsal-disable-next-line dry-run-crashloop\n$1image: hello-world');
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    for (let i = 0; i < 50; i++) {
      r = await simulate({ scope: 'workspace' });
      if (predictionsFor(r, 'hello-world.yaml').length === 0 && r.snapshot.pods.some((p) => p.name.startsWith('hello-world-') && p.status === 'CrashLoopBackOff')) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.deepEqual(predictionsFor(r, 'hello-world.yaml'), [], 'the suppression comment silences the prediction on the next line');
    await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  } finally {
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    await conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }
});
