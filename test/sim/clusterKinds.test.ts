import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS } from '../../server/src/sim/index';
import { ensureBuilt } from '../support/server';

/**
 * RBAC, networking, storage and scheduling kinds are stored by the simulated API server: a dry run
 * of files holding them simulates them (none is "not simulated"), updates replace their top-level
 * fields, and the API server's update validation refuses what it refuses (roleRef, a class's
 * provisioner, a priority's value).
 */

const ROOT = join(__dirname, '..', '..');
const FIXTURE = 'test-fixtures/cluster-kinds/kinds.yaml';
const objects = () => parseAllDocuments(readFileSync(join(ROOT, FIXTURE), 'utf8')).map((d) => d.toJSON() as Record<string, unknown>);
const newSim = () => createSimulation({ objects: objects(), seed: 1, horizon: 600, behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }) });

test('every kind of the fixture is stored, at its group and scope', () => {
  const sim = newSim();
  assert.deepEqual(sim.applied.filter((a) => a.error), []);
  assert.equal(sim.get('Role', 'default', 'pod-reader')?.rules?.[0]?.resources?.[0], 'pods');
  assert.equal(sim.get('ClusterRole', undefined, 'metrics-reader')?.metadata.namespace, undefined);
  assert.equal(sim.get('NetworkPolicy', 'default', 'default-deny')?.spec.policyTypes?.join(), 'Ingress', 'policyTypes defaulted');
  assert.equal(sim.get('StorageClass', undefined, 'fast')?.reclaimPolicy, 'Delete', 'reclaimPolicy defaulted');
  assert.equal(sim.get('PriorityClass', undefined, 'high-priority')?.preemptionPolicy, 'PreemptLowerPriority');
  assert.equal(sim.get('PersistentVolume', undefined, 'task-pv-volume')?.spec.persistentVolumeReclaimPolicy, 'Retain');
  assert.deepEqual(sim.get('Ingress', 'default', 'minimal-ingress')?.status, { loadBalancer: {} }, 'an Ingress starts with an empty load balancer status');
});

test('apply replaces a role\'s rules; the API server refuses a new roleRef, provisioner or priority value', () => {
  const sim = newSim();
  const role = objects().find((o) => o.kind === 'Role')!;
  const r = sim.applyManifest({ ...role, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] });
  assert.equal(r.result, 'configured', r.error);
  assert.deepEqual(sim.get('Role', 'default', 'pod-reader')?.rules, [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]);
  const binding = objects().find((o) => o.kind === 'RoleBinding')!;
  assert.equal(sim.applyManifest({ ...binding, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' } }).error,
    'RoleBinding.rbac.authorization.k8s.io "read-pods" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"view"}: cannot change roleRef');
  const sc = objects().find((o) => o.kind === 'StorageClass')!;
  assert.equal(sim.applyManifest({ ...sc, provisioner: 'example.com/other' }).error, 'StorageClass.storage.k8s.io "fast" is invalid: provisioner: Forbidden: updates to provisioner are forbidden.');
  const pc = objects().find((o) => o.kind === 'PriorityClass')!;
  assert.equal(sim.applyManifest({ ...pc, value: 5 }).error, 'PriorityClass.scheduling.k8s.io "high-priority" is invalid: value: Forbidden: may not be changed in an update.');
  assert.equal(sim.applyManifest({ ...pc, description: 'changed' }).result, 'configured');
});

test('kube-rehearsal simulate of the file lists none of them as not simulated', () => {
  ensureBuilt();
  const r = spawnSync(process.execPath, ['dist/cli.js', 'simulate', FIXTURE, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /not simulated|does not model/);
});
