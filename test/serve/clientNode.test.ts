import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServe } from '../../server/src/cli/serve';

/**
 * The JavaScript client (@kubernetes/client-node, a devDependency) against `serve`, started as the
 * CLI starts it on the tutorial workspace: it reads the kubeconfig serve writes (self-signed CA,
 * bearer token), lists, creates, watches and reads logs. The client is ESM; if it cannot be loaded
 * (dependencies not installed) these tests skip, and say so.
 */

type K8s = typeof import('@kubernetes/client-node');
let k8s: K8s | undefined;
let loadError = '';
try {
  // The package is ESM only; Node 20.19+ and 22.12+ load it with require (synchronously, so that the
  // skip below is known when the tests are declared).
  k8s = require('@kubernetes/client-node') as K8s;
} catch (e) {
  loadError = e instanceof Error ? e.message.split('\n')[0] : String(e);
}
const SKIP = !k8s && `@kubernetes/client-node cannot be loaded (${loadError}): the tests of serve against the JavaScript client are skipped`;
if (SKIP) console.log(`# ${SKIP}`);

let dir: string;
let stop: AbortController;
let served: Promise<number>;
let kc: InstanceType<K8s['KubeConfig']>;

before(async () => {
  if (SKIP) return;
  dir = mkdtempSync(join(tmpdir(), 'kr-client-node-'));
  const file = join(dir, 'kubeconfig');
  stop = new AbortController();
  // 60 virtual seconds per real second: image pulls and readiness take well under a second.
  served = runServe(['test-fixtures/tutorial', '--kubeconfig', file, '--speed', '60'], stop.signal);
  for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(existsSync(file), 'serve wrote no kubeconfig');
  kc = new k8s!.KubeConfig();
  kc.loadFromFile(file);
});

after(async () => {
  if (SKIP) return;
  stop.abort();
  assert.equal(await served, 0);
  rmSync(dir, { recursive: true, force: true });
});

test('the client reads the kubeconfig: server on loopback, CA and token', { skip: SKIP }, () => {
  const cluster = kc.getCurrentCluster()!;
  assert.match(cluster.server, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(cluster.caData, 'the kubeconfig carries the CA');
  assert.ok(kc.getCurrentUser()!.token);
});

test('CoreV1Api lists the pods of the workspace and the namespaces', { skip: SKIP }, async () => {
  const core = kc.makeApiClient(k8s!.CoreV1Api);
  const pods = await core.listNamespacedPod({ namespace: 'default' });
  const names = pods.items.map((p) => p.metadata!.name!);
  assert.ok(names.includes('web-liveness'), names.join(' '));
  assert.ok(names.some((n) => n.startsWith('nginx-')), names.join(' '));
  assert.ok(pods.metadata!.resourceVersion);
  const namespaces = await core.listNamespace();
  assert.deepEqual(namespaces.items.map((n) => n.metadata!.name).filter((n) => n === 'default' || n === 'kube-system'), ['default', 'kube-system']);
});

test('create a ConfigMap; a second create is AlreadyExists, as an ApiException with the Status', { skip: SKIP }, async () => {
  const core = kc.makeApiClient(k8s!.CoreV1Api);
  const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'client-settings' }, data: { mode: 'rehearsal' } };
  const created = await core.createNamespacedConfigMap({ namespace: 'default', body });
  assert.equal(created.metadata!.name, 'client-settings');
  assert.ok(created.metadata!.uid);
  const read = await core.readNamespacedConfigMap({ name: 'client-settings', namespace: 'default' });
  assert.deepEqual(read.data, { mode: 'rehearsal' });
  await assert.rejects(core.createNamespacedConfigMap({ namespace: 'default', body }), (e: unknown) => {
    assert.ok(e instanceof k8s!.ApiException, String(e));
    assert.equal(e.code, 409);
    const status = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
    assert.equal(status.reason, 'AlreadyExists');
    assert.equal(status.message, 'configmaps "client-settings" already exists');
    return true;
  });
});

test('create a Deployment; a Watch sees its pods ADDED and then Running; the pod logs read back', { skip: SKIP }, async () => {
  const apps = kc.makeApiClient(k8s!.AppsV1Api);
  const core = kc.makeApiClient(k8s!.CoreV1Api);
  const running = new Set<string>();
  const added = new Set<string>();
  let done!: () => void;
  let failed!: (e: unknown) => void;
  const allRunning = new Promise<void>((res, rej) => { done = res; failed = rej; });
  const watch = new k8s!.Watch(kc);
  const req = await watch.watch('/api/v1/namespaces/default/pods', { labelSelector: 'app=from-client' }, (type, pod) => {
    const name = pod.metadata.name as string;
    if (type === 'ADDED') added.add(name);
    if (pod.status?.phase === 'Running' && (pod.status.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')) running.add(name);
    if (running.size === 2) done();
  }, (err) => { if (err && running.size < 2) failed(err); });
  const timer = setTimeout(() => failed(new Error(`timed out: added ${[...added]}, running ${[...running]}`)), 30_000);
  try {
    const created = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'from-client' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'from-client' } },
          template: {
            metadata: { labels: { app: 'from-client' } },
            spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
          },
        },
      },
    });
    assert.equal(created.metadata!.generation, 1);
    await allRunning;
  } finally {
    clearTimeout(timer);
    req.abort();
  }
  assert.equal(added.size, 2);
  assert.deepEqual([...running].sort(), [...added].sort());
  for (const name of running) assert.match(name, /^from-client-[a-z0-9]+-[a-z0-9]{5}$/);
  const dep = await apps.readNamespacedDeployment({ name: 'from-client', namespace: 'default' });
  assert.equal(dep.spec!.replicas, 2);
  const log = await core.readNamespacedPodLog({ name: [...running][0], namespace: 'default', container: 'nginx' });
  assert.equal(typeof log, 'string');
  assert.match(log, /nginx/);
});

test('patch (merge and strategic merge, the content type set by the client), scale and delete', { skip: SKIP }, async () => {
  const { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions } = k8s!;
  const apps = kc.makeApiClient(AppsV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'patched' }, data: { a: '1' } } });
  const merged = await core.patchNamespacedConfigMap({ name: 'patched', namespace: 'default', body: { data: { b: '2' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
  assert.deepEqual(merged.data, { a: '1', b: '2' });
  const jsonPatched = await core.patchNamespacedConfigMap({ name: 'patched', namespace: 'default', body: [{ op: 'remove', path: '/data/a' }] });
  assert.deepEqual(jsonPatched.data, { b: '2' });
  // Strategic merge: containers merge by name, so the image changes and the container stays one.
  const dep = await apps.patchNamespacedDeployment({ name: 'nginx', namespace: 'default', body: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } } } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
  assert.deepEqual(dep.spec!.template.spec!.containers.map((c) => [c.name, c.image]), [['nginx', 'nginx:1.26']]);
  const scale = await apps.replaceNamespacedDeploymentScale({ name: 'nginx', namespace: 'default', body: { metadata: { name: 'nginx', namespace: 'default' }, spec: { replicas: 3 } } });
  assert.equal(scale.spec!.replicas, 3);
  assert.equal((await apps.readNamespacedDeployment({ name: 'nginx', namespace: 'default' })).spec!.replicas, 3);
  await core.deleteNamespacedConfigMap({ name: 'patched', namespace: 'default' });
  await assert.rejects(core.readNamespacedConfigMap({ name: 'patched', namespace: 'default' }), (e: unknown) => {
    assert.ok(e instanceof k8s!.ApiException, String(e));
    assert.equal(e.code, 404);
    return true;
  });
});
