import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, repoRoot, spawnServer, stopServer, type ServerHandle } from '../support/server';
import type { DryRunResult, ServeResult } from '../../server/src/engine/dryrun/protocol';
import type { KubectlResponse } from '../../server/src/shell/protocol';
import { requestLabel } from '../../server/src/lsp/servedSession';

/**
 * The language server serves its dry-run session over the Kubernetes API: a change made through
 * the API (what the user's kubectl sends) is in the session the views show and the simulated
 * terminal uses, is replayed when time goes back and forth, and the views are sent the result.
 */

let trusted: ServerHandle;
let workspace: string;
const changes: DryRunResult[] = [];

async function start(trust: boolean): Promise<ServerHandle> {
  const h = spawnServer();
  const folder = pathToFileURL(workspace).href;
  await h.conn.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'ws' }], capabilities: {}, initializationOptions: { trusted: trust } });
  await h.conn.sendNotification('initialized', {});
  return h;
}

before(async () => {
  ensureBuilt();
  workspace = mkdtempSync(join(tmpdir(), 'kr-served-'));
  copyFileSync(join(repoRoot, 'test-fixtures', 'tutorial', 'nginx.yaml'), join(workspace, 'nginx.yaml'));
  trusted = await start(true);
  trusted.conn.onNotification('kubeRehearsal/dryRun/changed', (r: DryRunResult) => changes.push(r));
});

after(() => stopServer(trusted?.conn, trusted?.process, workspace));

interface Reply {
  code: number;
  body: string;
}

function call(served: ServeResult, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const token = /token: (\S+)/.exec(served.kubeconfig)![1];
  const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(served.kubeconfig)![1], 'base64').toString();
  const url = new URL(path, served.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, ca, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ code: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

const nginxPods = (r: DryRunResult) => r.snapshot.pods.filter((p) => p.name.startsWith('nginx-') && p.status !== 'Terminating');

async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a change through the served API is the session\'s: the views, the simulated terminal and a replay see it', async () => {
  const { conn } = trusted;
  // The first scan indexes the workspace after `initialized`: run until nginx is in the dry run.
  const run = await waitFor('the dry run of nginx', async () => {
    const r = await conn.sendRequest<DryRunResult>('kubeRehearsal/simulate', { scope: 'workspace' });
    return nginxPods(r).length === 2 ? r : undefined;
  });
  const served = await conn.sendRequest<ServeResult>('kubeRehearsal/dryRun/serve', {});
  assert.match(served.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.equal((await call({ ...served, kubeconfig: served.kubeconfig.replace(/token: \S+/, 'token: wrong') }, 'GET', '/api/v1/pods')).code, 401);

  // The API serves the session at the time shown (the settled moment of the run), not a cluster of its own.
  const pods = JSON.parse((await call(served, 'GET', '/api/v1/namespaces/default/pods')).body) as { items: { metadata: { name: string } }[] };
  assert.deepEqual(pods.items.map((p) => p.metadata.name).filter((n) => n.startsWith('nginx-')).sort(), nginxPods(run).map((p) => p.name).sort());

  // kubectl scale: a merge patch of the scale subresource.
  changes.length = 0;
  const scaled = await call(served, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/nginx/scale', { spec: { replicas: 3 } }, { 'Content-Type': 'application/merge-patch+json', 'Kubectl-Command': 'kubectl scale' });
  assert.equal(scaled.code, 200, scaled.body);
  const shown = await waitFor('the views to be sent three nginx pods', () => changes.find((r) => nginxPods(r).length === 3));
  assert.deepEqual(shown.whatIfs.map((w) => w.command), ['kubectl scale (PATCH deployments/nginx/scale)']);
  assert.equal(shown.diverged, true);

  // The simulated terminal is on the same session; its what-ifs are seen through the API.
  const kubectl = (params: { argv?: string[]; advance?: number; from?: number }) => conn.sendRequest<KubectlResponse<DryRunResult>>('kubeRehearsal/kubectl', params);
  assert.match((await kubectl({ argv: ['get', 'deploy', 'nginx'] })).stdout, /\nnginx   \d\/3 /);
  assert.equal((await kubectl({ argv: ['label', 'deploy', 'nginx', 'tier=web'] })).exitCode, 0);
  const labelled = JSON.parse((await call(served, 'GET', '/apis/apps/v1/namespaces/default/deployments/nginx')).body);
  assert.equal(labelled.metadata.labels.tier, 'web');
  assert.equal(labelled.spec.replicas, 3);

  // The served clock runs the session at 1x; the terminal's own ticks add nothing on top of it.
  const t0 = (await kubectl({})).time;
  await new Promise((r) => setTimeout(r, 2200));
  const t1 = (await kubectl({ advance: 2, from: t0 })).time;
  assert.ok(t1 - t0 >= 1 && t1 - t0 <= 4, `1x over 2.2 s of wall time, not 2x: ${t0} -> ${t1}`);
  // A `sleep 60` in the terminal goes beyond it.
  const t2 = (await kubectl({ advance: 60, from: t1 })).time;
  assert.ok(t2 >= t1 + 60, `${t1} -> ${t2}`);

  // Back to the start and forward again: the API's change is replayed like a kubectl what-if, and
  // an open watch ends (resourceVersions start over in the rebuilt simulation: clients list again).
  const listed = JSON.parse((await call(served, 'GET', '/api/v1/namespaces/default/pods')).body).metadata.resourceVersion as string;
  let watchEnded = false;
  const watching = call(served, 'GET', '/api/v1/namespaces/default/pods?watch=true').then((r) => {
    watchEnded = true;
    return r;
  });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(watchEnded, false, 'the watch stays open while nothing goes back');
  const back = await conn.sendRequest<DryRunResult>('kubeRehearsal/dryRun/time', { action: 'seek', time: 0 });
  assert.equal(back.whatIfs.length, 0);
  await waitFor('the watch to end', async () => (await Promise.race([watching.then(() => true), new Promise((r) => setTimeout(() => r(false), 100))])) as boolean, 5000);
  assert.match((await watching).body, /"type":"ADDED"/);
  // A client resuming from a version of the replaced simulation is told to list again.
  const resumed = await call(served, 'GET', `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${listed}`);
  assert.match(resumed.body, /"type":"ERROR".*too old resource version/);
  const again = await conn.sendRequest<DryRunResult>('kubeRehearsal/dryRun/time', { action: 'seek', time: t2 });
  assert.equal(nginxPods(again).length, 3, 'the scale is replayed');
  assert.deepEqual(again.whatIfs.map((w) => w.command), ['kubectl scale (PATCH deployments/nginx/scale)', 'kubectl label deploy nginx tier=web']);
  // The rebuilt simulation is served from then on.
  const after = JSON.parse((await call(served, 'GET', '/apis/apps/v1/namespaces/default/deployments/nginx')).body);
  assert.equal(after.spec.replicas, 3);
  assert.equal(after.metadata.labels.tier, 'web');

  // The last kubectl terminal closed: nothing listens any more.
  await conn.sendNotification('kubeRehearsal/dryRun/serve/stop', {});
  await waitFor('the port to close', () => call(served, 'GET', '/version').then(() => undefined, () => true), 5000);
});

test('in Restricted Mode the session is not served', async () => {
  const h = await start(false);
  try {
    await assert.rejects(h.conn.sendRequest('kubeRehearsal/dryRun/serve', {}), /trusted workspace/);
  } finally {
    await stopServer(h.conn, h.process);
  }
});

test('the views list an API change by the kubectl command that sent it', () => {
  assert.equal(requestLabel({ method: 'PATCH', path: '/apis/apps/v1/namespaces/default/deployments/nginx/scale', command: 'kubectl scale' }), 'kubectl scale (PATCH deployments/nginx/scale)');
  assert.equal(requestLabel({ method: 'DELETE', path: '/api/v1/namespaces/default/pods/web-1' }), 'DELETE pods/web-1');
  assert.equal(requestLabel({ method: 'POST', path: '/api/v1/namespaces' }), 'POST namespaces');
});
