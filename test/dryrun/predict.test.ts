import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { predict } from '../../server/src/engine/dryrun/predict';
import { ManifestLocator } from '../../server/src/engine/dryrun/locate';
import type { SimSnapshot } from '../../server/src/engine/dryrun/contract';

const root = join(__dirname, '../..');
function tutorialIndex(): WorkspaceIndex {
  const index = new WorkspaceIndex();
  const dir = join(root, 'test-fixtures/tutorial');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) index.update(parseYamlFile(`file:///t/${f}`, readFileSync(join(dir, f), 'utf8')));
  return index;
}
const snapshot = (): SimSnapshot => JSON.parse(readFileSync(join(root, 'test-fixtures/dryrun/tutorial-120s.json'), 'utf8')) as SimSnapshot;

test('recorded tutorial snapshot: CrashLoopBackOff on the image line, liveness on the probe', () => {
  const preds = predict(snapshot(), tutorialIndex().objects());
  const msgs = preds.map((p) => [p.uri.replace('file:///t/', ''), p.finding.range.start.line, p.finding.message]);
  assert.deepEqual(msgs, [
    ['hello-world.yaml', 21, 'pods of Deployment hello-world end in CrashLoopBackOff: container hello-world exits with code 0 and restartPolicy is Always (at 3s)'],
    ['liveness.yaml', 14, 'liveness probe fails: nothing listens on port 8081; container web is restarted (3 restarts by 2m) (at 29s)'],
  ]);
  for (const p of preds) {
    assert.equal(p.finding.source, 'kube-rehearsal dry-run');
    assert.equal(p.finding.severity, 'warning');
  }
});

test('image pull stall, readiness, unschedulable, service without endpoints', () => {
  const snap = snapshot();
  const nginxPods = snap.pods.filter((p) => p.name.startsWith('nginx-'));
  // A rollout to nginx:1.200 that is stuck: one new pod in ImagePullBackOff, the two old ones serving.
  snap.workloads.push({ kind: 'ReplicaSet', namespace: 'default', name: 'nginx-7d9f8c6b5', ready: '0/1', revision: 2, owner: 'Deployment/nginx' });
  snap.pods.push({ namespace: 'default', name: 'nginx-7d9f8c6b5-k2x9z', owner: 'ReplicaSet/nginx-7d9f8c6b5', node: 'minikube', phase: 'Pending', status: 'ImagePullBackOff',
    ready: '0/1', restarts: 0, containers: [{ name: 'nginx', image: 'nginx:1.200', state: 'waiting', reason: 'ImagePullBackOff', restartCount: 0, ready: false }] });
  snap.events.push({ time: 91, type: 'Warning', reason: 'Failed', object: 'pod/nginx-7d9f8c6b5-k2x9z', message: 'Failed to pull image "nginx:1.200": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.200": manifest unknown' });
  snap.timeline.push({ time: 91, object: 'pod/nginx-7d9f8c6b5-k2x9z', status: 'ErrImagePull' });
  const preds = predict(snap, tutorialIndex().objects());
  const image = preds.find((p) => p.finding.code === 'dry-run-image-pull');
  assert.equal(image?.finding.message, 'image nginx:1.200: tag not found; the rollout stalls with 2 old pods serving (at 1m31s)');
  assert.equal(image?.finding.range.start.line, 19);

  // Readiness failing on every nginx pod, so the Service has no ready endpoints.
  const snap2 = snapshot();
  for (const p of snap2.pods.filter((x) => x.name.startsWith('nginx-'))) {
    p.ready = '0/1';
    p.containers[0].ready = false;
    p.containers[0].probes = [{ kind: 'readiness', result: 'failure', message: 'HTTP probe failed with statuscode: 404' }];
  }
  snap2.services[0].endpoints = snap2.services[0].endpoints.map((e) => ({ ...e, ready: false }));
  const preds2 = predict(snap2, tutorialIndex().objects()).map((p) => p.finding.message);
  assert.ok(preds2.includes('readiness probe never succeeds: GET / on port 80 returns 404 (at 2m)'), preds2.join('\n'));
  assert.ok(preds2.includes('Service nginx has no ready endpoints: 2 matching pods are not ready (at 2m)'), preds2.join('\n'));
  void nginxPods;

  // Unschedulable: the message goes on the cpu request.
  const snap3 = snapshot();
  const pod = snap3.pods.find((p) => p.name === 'nginx-66b6c48dd5-b2c4d')!;
  Object.assign(pod, { node: null, phase: 'Pending', status: 'Pending', ready: '0/1' });
  pod.containers[0] = { ...pod.containers[0], state: 'waiting', reason: undefined, ready: false, probes: [] };
  snap3.events.push({ time: 0, type: 'Warning', reason: 'FailedScheduling', object: 'pod/nginx-66b6c48dd5-b2c4d', message: '0/1 nodes are available: 1 Insufficient cpu.' });
  const pending = predict(snap3, tutorialIndex().objects()).find((p) => p.finding.code === 'dry-run-unschedulable');
  assert.equal(pending?.finding.message, 'Pending: 0/1 nodes are available: 1 Insufficient cpu. (at 0s)');
  assert.equal(pending?.finding.range.start.line, 29);
});

test('locator: pods reveal their template, containers their entry', () => {
  const loc = new ManifestLocator(tutorialIndex().objects(), snapshot());
  assert.deepEqual(loc.locate('Pod', 'default', 'nginx-66b6c48dd5-q9z8w')?.range.start.line, 12);
  assert.deepEqual(loc.locate('Pod', 'default', 'nginx-66b6c48dd5-q9z8w', 'nginx')?.range.start.line, 18);
  assert.deepEqual(loc.locate('Pod', 'default', 'web-liveness')?.range.start.line, 5);
  assert.deepEqual(loc.locate('ReplicaSet', 'default', 'nginx-66b6c48dd5')?.range.start.line, 4);
  assert.equal(loc.locate('Pod', 'default', 'nowhere'), undefined);
});
