import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { ensureBuilt, spawnServer, stopServer } from '../support/server';
import type { DryRunResult } from '../../server/src/engine/dryrun/protocol';
import { normalizeDryRunSettings } from '../../server/src/engine/config';

/**
 * kubeRehearsal.dryRun.* (duration, nodes, clusterFile, seed, configFile) change the language
 * server's dry run; the workspace's .kube-rehearsal.yaml is still honoured when they are not set.
 */

let server: ChildProcess;
let conn: MessageConnection;
let workspace: string;
let settings: unknown = null;

// Three pods of 1.5 CPUs: one fits on a 2-CPU minikube node.
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27.5
          resources:
            requests: { cpu: 1500m }
`;

before(async () => {
  ensureBuilt();
  workspace = mkdtempSync(join(tmpdir(), 'kr-dryrun-settings-'));
  writeFileSync(join(workspace, 'web.yaml'), DEPLOYMENT);
  writeFileSync(join(workspace, '.kube-rehearsal.yaml'), 'cluster:\n  nodes:\n    count: 2\n');
  mkdirSync(join(workspace, 'clusters'));
  writeFileSync(join(workspace, 'clusters', 'big.yaml'), 'nodes:\n  - name: big\n    cpu: "8"\n    memory: 16Gi\n');
  mkdirSync(join(workspace, 'alt'));
  writeFileSync(join(workspace, 'alt', 'rehearsal.yaml'), 'cluster:\n  nodes:\n    count: 4\nimages:\n  - image: nginx\n    tags: ["9.9"]\n');
  ({ process: server, conn } = spawnServer());
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'kubeRehearsal' ? settings : null)));
  const folder = pathToFileURL(workspace).href;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'w' }], capabilities: { workspace: { configuration: true } } });
  await conn.sendNotification('initialized', {});
});

after(() => stopServer(conn, server, workspace));

async function configure(dryRun: object | undefined): Promise<void> {
  settings = dryRun ? { dryRun } : null;
  await conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
}

/** Runs the workspace until `ready` holds (the index fills after `initialized`; settings load asynchronously). */
async function runUntil(ready: (r: DryRunResult) => boolean): Promise<DryRunResult> {
  let r: DryRunResult | undefined;
  for (let i = 0; i < 60; i++) {
    // A run under settings that are not loaded yet may fail (a previous test's file): try again.
    r = await conn.sendRequest<DryRunResult>('kubeRehearsal/simulate', { scope: 'workspace' }).catch(() => undefined);
    if (r && r.snapshot.pods.length > 0 && ready(r)) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.fail(`the condition never held; last run: ${JSON.stringify({ time: r?.snapshot.time, nodes: r?.snapshot.nodes.map((n) => n.name), pods: r?.snapshot.pods.map((p) => [p.name, p.status]) })}`);
}

const running = (r: DryRunResult) => r.snapshot.pods.filter((p) => p.status === 'Running').length;

test('without settings the cluster of .kube-rehearsal.yaml is simulated, until steady', async () => {
  await configure(undefined);
  const r = await runUntil((x) => x.snapshot.nodes.length === 2);
  assert.deepEqual(r.snapshot.nodes.map((n) => n.name), ['minikube', 'minikube-m02']);
  assert.equal(running(r), 2, 'one pod per 2-CPU node; the third stays Pending');
  assert.ok(r.snapshot.time < 900, `stopped once steady, at ${r.snapshot.time}s`);
});

test('nodes, duration and seed settings change the run; nodes wins over .kube-rehearsal.yaml', async () => {
  await configure(undefined);
  const base = await runUntil((x) => x.snapshot.nodes.length === 2);
  await configure({ nodes: 3, duration: '2m', seed: 7 });
  const r = await runUntil((x) => x.snapshot.nodes.length === 3);
  assert.equal(r.snapshot.time, 120, 'kubeRehearsal.dryRun.duration: 2m');
  assert.equal(running(r), 3);
  const suffixes = (x: DryRunResult) => x.snapshot.pods.map((p) => p.name).sort();
  assert.notDeepEqual(suffixes(r).slice(0, 2), suffixes(base).slice(0, 2), 'another seed, other generated names');
  // A request's own time wins over the duration setting.
  const at30 = await conn.sendRequest<DryRunResult>('kubeRehearsal/simulate', { scope: 'workspace', time: 30 });
  assert.equal(at30.snapshot.time, 30);
});

test('clusterFile replaces the cluster of .kube-rehearsal.yaml; configFile replaces the file itself', async () => {
  await configure({ clusterFile: 'clusters/big.yaml' });
  const big = await runUntil((x) => x.snapshot.nodes.length === 1 && x.snapshot.nodes[0].name === 'big');
  assert.equal(running(big), 3, 'three pods of 1.5 CPUs fit on 8 CPUs');

  await configure({ configFile: join(workspace, 'alt', 'rehearsal.yaml') });
  const alt = await runUntil((x) => x.snapshot.nodes.length === 4);
  // Its images: section says nginx has only the tag 9.9, so 1.27.5 cannot be pulled.
  assert.ok(alt.snapshot.pods.every((p) => /ErrImagePull|ImagePullBackOff/.test(p.status)), JSON.stringify(alt.snapshot.pods.map((p) => p.status)));
  assert.ok(alt.diagnostics.some((d) => d.diagnostics.some((x) => x.code === 'dry-run-image-pull')));

  await configure({ configFile: 'alt/rehearsal.yaml', nodes: 1 });
  const one = await runUntil((x) => x.snapshot.nodes.length === 1 && x.snapshot.nodes[0].name === 'minikube');
  assert.ok(one.snapshot.pods.every((p) => p.status !== 'Running'), 'nodes wins for the cluster; the images still come from configFile');
});

test('a file a setting names that cannot be read fails the run with the setting in the message', async () => {
  /** The message of the first failed run once the new settings are loaded. */
  const failure = async (expected: RegExp): Promise<string> => {
    let message = '';
    for (let i = 0; i < 60 && !expected.test(message); i++) {
      try {
        await conn.sendRequest<DryRunResult>('kubeRehearsal/simulate', { scope: 'workspace' });
        message = '';
      } catch (e) {
        message = (e as Error).message;
      }
      if (!expected.test(message)) await new Promise((res) => setTimeout(res, 100));
    }
    return message;
  };
  await configure({ clusterFile: 'clusters/missing.yaml' });
  assert.match(await failure(/missing/), /^kubeRehearsal\.dryRun\.clusterFile: cannot read .*missing\.yaml: no such file or directory$/);
  await configure({ clusterFile: 'web.yaml' });
  assert.match(await failure(/web\.yaml/), /^kubeRehearsal\.dryRun\.clusterFile: .*web\.yaml: no cluster section$/);
  await configure({ configFile: 'clusters/big.yaml' });
  assert.match(await failure(/big\.yaml/), /^kubeRehearsal\.dryRun\.configFile: .*big\.yaml: nodes: unknown field/);
  await configure(undefined);
  await runUntil((x) => x.snapshot.nodes.length === 2);
});

test('settings from untrusted data: what is not a valid value is dropped', () => {
  assert.deepEqual(normalizeDryRunSettings({ duration: '1h30m', nodes: 3, seed: 0, clusterFile: ' c.yaml ', configFile: '' }), { duration: 5400, nodes: 3, seed: 0, clusterFile: 'c.yaml' });
  assert.deepEqual(normalizeDryRunSettings({ duration: 'soon', nodes: 0, seed: -1, clusterFile: 3 }), {});
  assert.deepEqual(normalizeDryRunSettings({ duration: '25h', nodes: 1.5 }), {});
  assert.deepEqual(normalizeDryRunSettings('nonsense'), {});
});

test('package.json declares the dry-run settings with descriptions; those naming files are restricted in untrusted workspaces', () => {
  const root = join(__dirname, '..', '..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const props = pkg.contributes.configuration.properties as Record<string, { markdownDescription?: string; default?: unknown }>;
  for (const key of ['duration', 'nodes', 'clusterFile', 'seed', 'configFile']) {
    const p = props[`kubeRehearsal.dryRun.${key}`];
    assert.ok(p, key);
    const id = /^%(.+)%$/.exec(p.markdownDescription ?? '')?.[1];
    assert.ok(id && nls[id], `${key} has an English description`);
  }
  // The defaults are "not set": the run is the one without settings.
  assert.deepEqual(normalizeDryRunSettings({ duration: props['kubeRehearsal.dryRun.duration'].default, nodes: props['kubeRehearsal.dryRun.nodes'].default, clusterFile: props['kubeRehearsal.dryRun.clusterFile'].default, configFile: props['kubeRehearsal.dryRun.configFile'].default }), {});
  const restricted = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations as string[];
  for (const s of ['kubeRehearsal.dryRun.clusterFile', 'kubeRehearsal.dryRun.configFile']) assert.ok(restricted.includes(s), s);
});
