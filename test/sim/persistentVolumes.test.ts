import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS } from '../../server/src/sim/index';
import { events, kubectl } from './helpers';

/**
 * minikube's storage: the default StorageClass `standard`, the DefaultStorageClass admission, the
 * persistent-volume controller (binding, minikube's hostPath provisioner, release and reclaim) and
 * the scheduler's volume check. Texts are what kubectl 1.32 printed for the same objects through
 * `kube-rehearsal serve` (test-fixtures/storage/claims.yaml).
 */

const FIXTURE = join(__dirname, '..', '..', 'test-fixtures', 'storage', 'claims.yaml');
const objects = () => parseAllDocuments(readFileSync(FIXTURE, 'utf8')).map((d) => d.toJSON() as Record<string, unknown>);
const newSim = (objs = objects()) => createSimulation({ objects: objs, seed: 1, horizon: 600, behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }) });

test('a claim without a class gets minikube\'s default class and a provisioned hostPath volume: Pending, then Bound', () => {
  const sim = newSim();
  const claim = sim.get('PersistentVolumeClaim', 'default', 'data')!;
  assert.equal(claim.spec.storageClassName, 'standard', 'DefaultStorageClass admission');
  assert.equal(claim.status.phase, 'Pending');
  sim.runUntil(5);
  const pvName = `pvc-${claim.metadata.uid}`;
  const pv = sim.get('PersistentVolume', undefined, pvName)!;
  assert.deepEqual([pv.spec.hostPath.path, pv.spec.persistentVolumeReclaimPolicy, pv.spec.storageClassName, pv.spec.claimRef.name, pv.status.phase], ['/tmp/hostpath-provisioner/default/data', 'Delete', 'standard', 'data', 'Bound']);
  assert.equal(pv.metadata.annotations['pv.kubernetes.io/provisioned-by'], 'k8s.io/minikube-hostpath');
  assert.deepEqual([claim.status.phase, claim.spec.volumeName, claim.status.capacity.storage, claim.status.accessModes], ['Bound', pvName, '1Gi', ['ReadWriteOnce']]);
  assert.deepEqual(events(sim, { object: 'persistentvolumeclaim/data' }).map((e) => e.reason).filter((r, i, a) => a.indexOf(r) === i), ['ExternalProvisioning', 'Provisioning', 'ProvisioningSucceeded']);
  assert.equal(sim.get('Pod', 'default', 'writer')?.status.phase, 'Running', 'the pod runs once its claim is bound');
  const table = kubectl(sim, 'get pvc data manual-claim');
  assert.equal(table, [
    'NAME           STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE',
    `data           Bound    ${pvName}   1Gi        RWO            standard       <unset>                 5s`,
    'manual-claim   Bound    manual-pv                                  5Gi        RWO            manual         <unset>                 5s',
    '',
  ].join('\n'));
  assert.equal(kubectl(sim, 'get sc'), 'NAME                 PROVISIONER                RECLAIMPOLICY   VOLUMEBINDINGMODE   ALLOWVOLUMEEXPANSION   AGE\nstandard (default)   k8s.io/minikube-hostpath   Delete          Immediate           false                  5s\n');
});

test('a claim binds to the smallest Available volume of its class that fits; deleting it releases a Retain volume and deletes a provisioned one', () => {
  const big = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'big-pv' }, spec: { storageClassName: 'manual', capacity: { storage: '50Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/mnt/big' } } };
  const sim = newSim([big, ...objects()]);
  sim.runUntil(5);
  assert.equal(sim.get('PersistentVolumeClaim', 'default', 'manual-claim')?.spec.volumeName, 'manual-pv');
  assert.equal(sim.get('PersistentVolume', undefined, 'big-pv')?.status.phase, 'Available');
  assert.equal(sim.get('PersistentVolume', undefined, 'manual-pv')?.metadata.annotations['pv.kubernetes.io/bound-by-controller'], 'yes');
  const provisioned = sim.get('PersistentVolumeClaim', 'default', 'data')!.spec.volumeName;
  kubectl(sim, 'delete pod writer --grace-period=0 --force');
  kubectl(sim, 'delete pvc manual-claim data');
  sim.runUntil(10);
  assert.equal(sim.get('PersistentVolume', undefined, 'manual-pv')?.status.phase, 'Released');
  assert.equal(sim.get('PersistentVolume', undefined, provisioned), undefined, 'reclaimPolicy Delete: the provisioner deleted it');
});

test('the scheduler keeps a pod whose claim is unbound or missing Pending, with its message; claims that cannot bind say why', () => {
  const sim = newSim();
  sim.applyManifest({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'none' }, spec: { storageClassName: '', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
  sim.applyManifest({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'orphan' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '60'] }], volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'missing' } }] } });
  sim.runUntil(30);
  const waiting = events(sim, { reason: 'FailedScheduling', object: 'pod/waiting' });
  assert.equal(waiting[0]?.message, '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  assert.equal(events(sim, { reason: 'FailedScheduling', object: 'pod/orphan' })[0]?.message, '0/1 nodes are available: persistentvolumeclaim "missing" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  assert.equal(sim.get('Pod', 'default', 'waiting')?.spec.nodeName, undefined);
  assert.equal(events(sim, { object: 'persistentvolumeclaim/fast-claim' })[0]?.message, 'storageclass.storage.k8s.io "fast-ssd" not found');
  assert.equal(events(sim, { object: 'persistentvolumeclaim/none' })[0]?.message, 'no persistent volumes available for this claim and no storage class is set');
  // The class appears: the claim is provisioned and bound, and the pod is scheduled.
  sim.applyManifest({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast-ssd' }, provisioner: 'k8s.io/minikube-hostpath' });
  kubectl(sim, 'annotate pvc fast-claim retry=1');
  sim.runUntil(120);
  assert.equal(sim.get('PersistentVolumeClaim', 'default', 'fast-claim')?.status.phase, 'Bound');
  assert.equal(sim.get('Pod', 'default', 'waiting')?.spec.nodeName, 'minikube');
});

test('a WaitForFirstConsumer class binds the claim only once a pod uses it', () => {
  const sim = newSim([
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'late' }, provisioner: 'k8s.io/minikube-hostpath', volumeBindingMode: 'WaitForFirstConsumer' },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'later' }, spec: { storageClassName: 'late', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } } },
  ]);
  sim.runUntil(10);
  assert.equal(sim.get('PersistentVolumeClaim', 'default', 'later')?.status.phase, 'Pending');
  assert.equal(events(sim, { object: 'persistentvolumeclaim/later' })[0]?.reason, 'WaitForFirstConsumer');
  sim.applyManifest({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'user' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '600'] }], volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'later' } }] } });
  sim.runUntil(20);
  assert.equal(sim.get('PersistentVolumeClaim', 'default', 'later')?.status.phase, 'Bound');
  assert.equal(sim.get('Pod', 'default', 'user')?.status.phase, 'Running');
});

test('a StatefulSet\'s volumeClaimTemplates: one claim per ordinal, bound to a provisioned volume, mounted by its pod, kept when the StatefulSet goes', () => {
  const sim = newSim([{
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
    spec: {
      serviceName: 'web', replicas: 2, selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  }]);
  sim.runUntil(120);
  for (const i of [0, 1]) {
    const claim = sim.get('PersistentVolumeClaim', 'default', `www-web-${i}`)!;
    assert.deepEqual([claim.status.phase, claim.spec.storageClassName, claim.metadata.labels.app], ['Bound', 'standard', 'web']);
    const pod = sim.get('Pod', 'default', `web-${i}`)!;
    assert.deepEqual(pod.spec.volumes[0], { name: 'www', persistentVolumeClaim: { claimName: `www-web-${i}` } });
    assert.equal(pod.status.phase, 'Running');
  }
  assert.equal(events(sim, { object: 'statefulset/web' }).find((e) => e.message.startsWith('create Claim'))?.message, 'create Claim www-web-0 Pod web-0 in StatefulSet web success');
  kubectl(sim, 'delete statefulset web');
  sim.runUntil(200);
  assert.equal(sim.get('PersistentVolumeClaim', 'default', 'www-web-0')?.status.phase, 'Bound', 'claims outlive the StatefulSet');
});
