/** Each namespace's `default` ServiceAccount and `kube-root-ca.crt` ConfigMap: stored, kept by their controllers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS } from '../../server/src/sim/index';
import { CLUSTER_CA_PEM, ROOT_CA_DESCRIPTION } from '../../server/src/sim/controllers/rootCaPublisher';
import { kubectl } from './helpers';

function sim() {
  return createSimulation({ objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } }], behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }), horizon: 600 });
}

test('every namespace gets a default ServiceAccount and kube-root-ca.crt, created again when deleted, its data put back when changed', () => {
  const s = sim();
  s.runUntil(1);
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'team']) {
    assert.ok(s.get('ServiceAccount', ns, 'default'), `default ServiceAccount in ${ns}`);
    const cm = s.get('ConfigMap', ns, 'kube-root-ca.crt');
    assert.deepEqual(cm?.data, { 'ca.crt': CLUSTER_CA_PEM }, ns);
    assert.equal(cm?.metadata.annotations['kubernetes.io/description'], ROOT_CA_DESCRIPTION);
  }
  assert.match(CLUSTER_CA_PEM, /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
  // Listed by the shell's kubectl as stored objects, with kubectl's ServiceAccount columns.
  assert.equal(kubectl(s, 'get sa,cm -n team'), 'NAME                     SECRETS   AGE\nserviceaccount/default   0         1s\n\nNAME                         DATA   AGE\nconfigmap/kube-root-ca.crt   1      1s\n');
  const uid = s.get('ConfigMap', 'team', 'kube-root-ca.crt')!.metadata.uid;
  kubectl(s, 'delete cm kube-root-ca.crt -n team');
  kubectl(s, 'delete sa default -n team');
  s.runUntil(2);
  const again = s.get('ConfigMap', 'team', 'kube-root-ca.crt')!;
  assert.equal(again.data['ca.crt'], CLUSTER_CA_PEM);
  assert.ok(again.metadata.creationTimestamp === 1000 && s.get('ServiceAccount', 'team', 'default')!.metadata.creationTimestamp === 1000);
  assert.notEqual(again.metadata.uid, uid, 'a new object, with a new uid');
  kubectl(s, 'patch cm kube-root-ca.crt -n team --type=merge -p {"data":{"ca.crt":"nope","extra":"x"},"metadata":{"annotations":{"kubernetes.io/description":null}}}');
  s.runUntil(3);
  assert.deepEqual(s.get('ConfigMap', 'team', 'kube-root-ca.crt')!.data, { 'ca.crt': CLUSTER_CA_PEM });
  assert.equal(s.get('ConfigMap', 'team', 'kube-root-ca.crt')!.metadata.annotations['kubernetes.io/description'], ROOT_CA_DESCRIPTION);
  // A new namespace has them at once; a terminating one gets none back, and goes.
  kubectl(s, 'create namespace later');
  s.runUntil(3);
  assert.ok(s.get('ServiceAccount', 'later', 'default') && s.get('ConfigMap', 'later', 'kube-root-ca.crt'));
  kubectl(s, 'delete namespace team');
  s.runUntil(60);
  assert.equal(s.get('Namespace', undefined, 'team'), undefined);
  assert.equal(s.list('ConfigMap').filter((c) => c.metadata.namespace === 'team').length, 0);
  assert.equal(s.list('ServiceAccount').filter((c) => c.metadata.namespace === 'team').length, 0);
});

test('every namespace carries kubernetes.io/metadata.name with its name, put back on every write; a new one is Active with the kubernetes finalizer', () => {
  const s = sim();
  s.runUntil(1);
  for (const ns of ['default', 'kube-system', 'team']) assert.equal(s.get('Namespace', undefined, ns)!.metadata.labels['kubernetes.io/metadata.name'], ns);
  kubectl(s, 'create namespace made');
  const made = s.get('Namespace', undefined, 'made')!;
  assert.deepEqual(made.metadata.labels, { 'kubernetes.io/metadata.name': 'made' });
  assert.deepEqual(made.spec, { finalizers: ['kubernetes'] });
  assert.deepEqual(made.status, { phase: 'Active' });
  // A client can neither remove nor change it (defaulting and Canonicalize set it again).
  kubectl(s, 'label namespace made kubernetes.io/metadata.name-');
  kubectl(s, 'label namespace made kubernetes.io/metadata.name=other --overwrite');
  kubectl(s, 'label namespace made tier=web');
  assert.deepEqual(s.get('Namespace', undefined, 'made')!.metadata.labels, { 'kubernetes.io/metadata.name': 'made', tier: 'web' });
  // An update that leaves out the finalizers keeps them (they change through the finalize subresource only).
  kubectl(s, 'patch namespace made --type=merge -p {"spec":{"finalizers":null}}');
  assert.deepEqual(s.get('Namespace', undefined, 'made')!.spec.finalizers, ['kubernetes']);
  // A generated name is labelled once it is known.
  const r = s.applyManifest({ apiVersion: 'v1', kind: 'Namespace', metadata: { generateName: 'gen-' } });
  assert.equal(r.error, undefined);
  const gen = s.list('Namespace').find((n) => n.metadata.name.startsWith('gen-'))!;
  assert.equal(gen.metadata.labels['kubernetes.io/metadata.name'], gen.metadata.name);
  // Deleting a namespace deletes its HorizontalPodAutoscalers too.
  assert.equal(s.applyManifest({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'made' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'x' }, maxReplicas: 2 } }).error, undefined);
  kubectl(s, 'delete namespace made');
  s.runUntil(30);
  assert.equal(s.get('Namespace', undefined, 'made'), undefined);
  assert.equal(s.list('HorizontalPodAutoscaler', 'made').length, 0);
});
