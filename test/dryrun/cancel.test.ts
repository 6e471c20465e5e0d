import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, type MessageConnection } from 'vscode-jsonrpc/node';
import type { ChildProcess } from 'node:child_process';
import { ensureBuilt, spawnServer, stopServer } from '../support/server';
import type { DryRunResult } from '../../server/src/engine/dryrun/protocol';

/**
 * A large dry run in the language server: it reports progress, other requests are answered while
 * it runs, and Cancel stops it for real (the request ends, the server is idle again within a
 * second and answers a completion right after).
 */

const DEPLOYMENTS = 1500;
let server: ChildProcess;
let conn: MessageConnection;
let workspace: string;
let stderr: string[];
const progress: { token: string | number; value: { kind: string; message?: string; percentage?: number } }[] = [];

function deployments(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    out += `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: app-${i}\n  template:\n    metadata:\n      labels:\n        app: app-${i}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n`;
  }
  return out;
}

const EDITED = `apiVersion: v1
kind: Pod
metadata:
  name: probe
spec:
  containers:
    - name: web
      image: nginx:1.27
      
`;
const editedUri = () => pathToFileURL(join(workspace, 'edited.yaml')).href;

async function complete(): Promise<{ ms: number; labels: string[] }> {
  const started = Date.now();
  const r = await conn.sendRequest<{ items: { label: string }[] } | { label: string }[]>('textDocument/completion', { textDocument: { uri: editedUri() }, position: { line: 8, character: 6 } });
  const items = Array.isArray(r) ? r : r.items;
  return { ms: Date.now() - started, labels: items.map((i) => i.label) };
}

/** CPU time (user + system, ms) the server process has used, from /proc; undefined elsewhere. */
function cpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

before(async () => {
  ensureBuilt();
  workspace = mkdtempSync(join(tmpdir(), 'kr-dryrun-cancel-'));
  writeFileSync(join(workspace, 'many.yaml'), deployments(DEPLOYMENTS));
  writeFileSync(join(workspace, 'edited.yaml'), EDITED);
  ({ process: server, conn, stderr } = spawnServer());
  conn.onNotification('$/progress', (p: { token: string | number; value: { kind: string } }) => void progress.push(p));
  const folder = pathToFileURL(workspace).href;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'many' }], capabilities: { workspace: { configuration: true } } });
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: editedUri(), languageId: 'yaml', version: 1, text: EDITED } });
});

after(() => stopServer(conn, server, workspace));

test('a large dry run reports progress, answers completion meanwhile, and stops within a second of Cancel', { timeout: 300_000 }, async () => {
  const before = await complete();
  assert.ok(before.labels.includes('ports'), `completion offers container keys: ${before.labels.join(', ')}`);

  const source = new CancellationTokenSource();
  const outcome: { settled?: { ok: boolean; at: number; error?: { code?: number; message?: string } } } = {};
  const run = conn.sendRequest<DryRunResult>('kubeRehearsal/simulate', { scope: 'workspace', workDoneToken: 'run-1' }, source.token)
    .then(() => { outcome.settled = { ok: true, at: Date.now() }; }, (e: { code?: number; message?: string }) => { outcome.settled = { ok: false, at: Date.now(), error: e }; });

  // Wait until the simulation itself runs (its progress says the virtual time reached).
  const deadline = Date.now() + 120_000;
  while (!progress.some((p) => p.token === 'run-1' && p.value.kind === 'report' && /^Simulating: /.test(p.value.message ?? '')) && !outcome.settled && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(outcome.settled, undefined, `the dry run of ${DEPLOYMENTS} Deployments was still running when its progress said Simulating (server said: ${stderr.join('')})`);
  assert.equal(progress.find((p) => p.token === 'run-1')?.value.kind, 'begin', 'the progress begins with a begin report');

  // Completion is answered while the simulation runs (slices of ~25 ms; generous for a loaded machine).
  const during: number[] = [];
  for (let i = 0; i < 5 && !outcome.settled; i++) {
    const c = await complete();
    assert.ok(c.labels.includes('ports'));
    during.push(c.ms);
  }
  assert.ok(during.length > 0 && Math.max(...during) < 1000, `completion during the run took ${during.join(', ')} ms`);
  assert.equal(outcome.settled, undefined, 'the run is still going when it is cancelled');

  const cancelledAt = Date.now();
  source.cancel();
  await run;
  const settled = outcome.settled as { ok: boolean; at: number; error?: { code?: number; message?: string } } | undefined;
  assert.equal(settled?.ok, false, 'a cancelled dry run returns no result');
  assert.equal(settled?.error?.code, -32800, `cancelled with RequestCancelled, not: ${settled?.error?.message}`);
  assert.ok(settled!.at - cancelledAt < 1000, `the request ended ${settled!.at - cancelledAt} ms after Cancel`);
  const after = await complete();
  assert.ok(after.labels.includes('ports'));
  assert.ok(Date.now() - cancelledAt < 1500, `a completion right after Cancel was answered ${Date.now() - cancelledAt} ms after it (itself ${after.ms} ms)`);
  assert.ok(progress.some((p) => p.token === 'run-1' && p.value.kind === 'end'), 'the progress ends');

  // Idle: the simulation no longer burns CPU once cancelled.
  const cpu0 = cpuMs(server.pid!);
  await new Promise((r) => setTimeout(r, 1000));
  const cpu1 = cpuMs(server.pid!);
  if (cpu0 !== undefined && cpu1 !== undefined) assert.ok(cpu1 - cpu0 < 300, `the server used ${cpu1 - cpu0} ms of CPU in the second after Cancel`);
});
