/**
 * managedFields written by everyone, through one field manager (sim/apiserver/managedFields.ts):
 * the HPA controller's scale writes, the controllers' and the kubelet's status writes, and the
 * built-in kubectl's commands with the managers kubectl 1.32 sends.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS, type Simulation } from '../../server/src/sim/index';
import { events, kubectl } from './helpers';

const DEPLOY = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
  spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } } },
};
const hpa = (min: number, max: number) => ({
  apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: min, maxReplicas: max },
});

function sim(objects: Record<string, unknown>[] = []): Simulation {
  return createSimulation({ objects, seed: 1, horizon: 600, behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }) });
}

/** `manager/operation/subresource` of each entry, as the API lists them. */
function managers(s: Simulation, kind: string, name: string): string[] {
  const o = JSON.parse(kubectl(s, `get ${kind} ${name} -o json --show-managed-fields`));
  return (o.metadata.managedFields ?? []).map((m: { manager: string; operation: string; subresource?: string }) => `${m.manager}/${m.operation}/${m.subresource ?? ''}`);
}

function fieldsOf(s: Simulation, kind: string, name: string, manager: string, subresource = ''): Record<string, unknown> {
  const o = JSON.parse(kubectl(s, `get ${kind} ${name} -o json --show-managed-fields`));
  const e = o.metadata.managedFields.find((m: { manager: string; subresource?: string }) => m.manager === manager && (m.subresource ?? '') === subresource);
  assert.ok(e, `${manager} ${subresource} in ${JSON.stringify(o.metadata.managedFields.map((m: { manager: string }) => m.manager))}`);
  return e.fieldsV1;
}

test('the HPA controller keeps the target within minReplicas..maxReplicas through the scale subresource, as kube-controller-manager', () => {
  const s = sim([DEPLOY, hpa(3, 5)]);
  s.runUntil(14);
  assert.equal(s.get('Deployment', 'default', 'web')!.spec.replicas, 1, 'the first sync is 15 s after the HPA appears');
  s.runUntil(16);
  assert.equal(s.get('Deployment', 'default', 'web')!.spec.replicas, 3);
  assert.deepEqual(events(s, { reason: 'SuccessfulRescale' }).map((e) => [e.object, e.message]), [['horizontalpodautoscaler/web', 'New size: 3; reason: Current number of replicas below Spec.MinReplicas']]);
  assert.deepEqual(fieldsOf(s, 'deploy', 'web', 'kube-controller-manager', 'scale'), { 'f:spec': { 'f:replicas': {} } });
  s.runUntil(60);
  const h = s.get('HorizontalPodAutoscaler', 'default', 'web')!;
  assert.equal(h.status.currentReplicas, 3);
  assert.equal(h.status.desiredReplicas, 3);
  assert.equal(h.status.lastScaleTime, 15_000);
  assert.deepEqual(h.status.conditions.map((c: { type: string; status: string; reason: string }) => [c.type, c.status, c.reason]), [['AbleToScale', 'True', 'SucceededRescale']]);
  // Above the maximum: scaled down 15 s after the change; within the bounds: left alone (no metrics).
  kubectl(s, 'scale deployment web --replicas=9');
  s.runUntil(74);
  assert.equal(s.get('Deployment', 'default', 'web')!.spec.replicas, 9);
  s.runUntil(76);
  assert.equal(s.get('Deployment', 'default', 'web')!.spec.replicas, 5);
  assert.equal(events(s, { reason: 'SuccessfulRescale' }).at(-1)!.message, 'New size: 5; reason: Current number of replicas above Spec.MaxReplicas');
  kubectl(s, 'scale deployment web --replicas=4');
  s.runUntil(120);
  assert.equal(s.get('Deployment', 'default', 'web')!.spec.replicas, 4);
  assert.deepEqual(managers(s, 'deploy', 'web').filter((m) => m.endsWith('/scale')), ['kubectl/Update/scale'], 'kubectl scale took .spec.replicas from the controller');
  // A target of 0 replicas disables it.
  kubectl(s, 'scale deployment web --replicas=0');
  s.runUntil(140);
  assert.equal(s.get('Deployment', 'default', 'web')!.spec.replicas, 0);
  assert.ok(s.get('HorizontalPodAutoscaler', 'default', 'web')!.status.conditions.some((c: { type: string; reason: string }) => c.type === 'ScalingActive' && c.reason === 'ScalingDisabled'));
});

test('an HPA whose target does not exist says so in its condition and a FailedGetScale event', () => {
  const s = sim([hpa(1, 3)]);
  s.runUntil(16);
  const h = s.get('HorizontalPodAutoscaler', 'default', 'web')!;
  assert.deepEqual(h.status.conditions.map((c: { type: string; status: string; reason: string; message: string }) => [c.type, c.status, c.reason, c.message]),
    [['AbleToScale', 'False', 'FailedGetScale', 'the HPA controller was unable to get the target\'s current scale: deployments.apps "web" not found']]);
  assert.equal(events(s, { reason: 'FailedGetScale' })[0].message, 'deployments.apps "web" not found');
});

test('status writes are recorded as Update of the status subresource: kube-controller-manager for workloads, the kubelet for pods', () => {
  const s = sim([DEPLOY]);
  s.runUntil(30);
  assert.deepEqual(managers(s, 'deploy', 'web'), ['kube-controller-manager/Update/status']);
  const status = fieldsOf(s, 'deploy', 'web', 'kube-controller-manager', 'status') as { 'f:status': Record<string, unknown> };
  assert.deepEqual(Object.keys(status), ['f:status']);
  assert.ok('f:readyReplicas' in status['f:status'] && 'k:{"type":"Available"}' in (status['f:status']['f:conditions'] as Record<string, unknown>));
  const pod = s.list('Pod')[0];
  assert.deepEqual(managers(s, 'pod', pod.metadata.name), ['kubelet/Update/status']);
  const rs = s.list('ReplicaSet')[0];
  assert.deepEqual(managers(s, 'rs', rs.metadata.name), ['kube-controller-manager/Update/status']);
  // json and yaml leave managedFields out unless asked, as kubectl does.
  assert.equal(JSON.parse(kubectl(s, 'get deploy web -o json')).metadata.managedFields, undefined);
});

test('the built-in kubectl records the managers kubectl sends: create, label, annotate, set, patch, scale, rollout, --field-manager', () => {
  const s = sim();
  kubectl(s, 'create deployment web --image=nginx:1.25');
  kubectl(s, 'label deployment web tier=front');
  kubectl(s, 'annotate deployment web note=x');
  kubectl(s, 'set image deployment/web nginx=nginx:1.26');
  kubectl(s, 'patch deployment web -p {"spec":{"minReadySeconds":2}}');
  kubectl(s, 'scale deployment web --replicas=2');
  kubectl(s, 'rollout restart deployment/web');
  kubectl(s, 'patch deployment web --field-manager=my-tool -p {"metadata":{"labels":{"owner":"me"}}}');
  s.runUntil(1);
  // Listed as the API server sorts them: by time (all at 0 s here), then manager.
  assert.deepEqual(managers(s, 'deploy', 'web').filter((m) => !m.endsWith('/status')), [
    'kubectl/Update/scale', 'kubectl-annotate/Update/', 'kubectl-create/Update/', 'kubectl-label/Update/', 'kubectl-patch/Update/',
    'kubectl-rollout/Update/', 'kubectl-set/Update/', 'my-tool/Update/',
  ]);
  assert.deepEqual(fieldsOf(s, 'deploy', 'web', 'kubectl-label'), { 'f:metadata': { 'f:labels': { 'f:tier': {} } } });
  assert.deepEqual(fieldsOf(s, 'deploy', 'web', 'kubectl-set'), { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { 'f:image': {} } } } } } });
  // A field another manager set moves to the writer: the image is kubectl-set's, replicas kubectl's through scale.
  assert.ok(!JSON.stringify(fieldsOf(s, 'deploy', 'web', 'kubectl-create')).includes('f:replicas'));
});
