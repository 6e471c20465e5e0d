/** PodDisruptionBudgets: the disruption controller's status, the eviction API, and the shell's drain honouring both. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, defaultCluster, DEFAULT_EPOCH_MS, type Simulation } from '../../server/src/sim/index';
import { evictPod, EvictionRefused } from '../../server/src/sim/apiserver/eviction';
import { SimulationBackend } from '../../server/src/shell/backend';
import { ShellClock } from '../../server/src/shell/clock';
import { ShellSession } from '../../server/src/shell/session';
import { runTranscript } from '../../server/src/shell/transcript';
import { events, kubectl } from './helpers';

function sim(objects: Record<string, unknown>[], nodes = 1): Simulation {
  return createSimulation({ objects, behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }), cluster: defaultCluster(nodes), horizon: 900 });
}

function deployment(name: string, replicas: number): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } },
  };
}

function pdb(name: string, spec: Record<string, unknown>, app = name): Record<string, unknown> {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { selector: { matchLabels: { app } }, ...spec } };
}

function status(s: Simulation, name: string) {
  return s.get('PodDisruptionBudget', 'default', name)!.status;
}

test('the disruption controller keeps each budget\'s status from the pods it selects, percentages rounded up', () => {
  const s = sim([
    deployment('web', 7),
    pdb('min-int', { minAvailable: 5 }, 'web'),
    pdb('min-pct', { minAvailable: '50%' }, 'web'),
    pdb('max-pct', { maxUnavailable: '30%' }, 'web'),
    pdb('max-zero', { maxUnavailable: 0 }, 'web'),
    pdb('nothing', { minAvailable: 1 }, 'none'),
  ]);
  s.runUntil(60);
  // 7 ready pods; 50% of 7 = 3.5 -> 4; 30% of 7 = 2.1 -> 3, so 7 - 3 = 4 must stay.
  assert.deepEqual(pick(status(s, 'min-int')), { currentHealthy: 7, desiredHealthy: 5, expectedPods: 7, disruptionsAllowed: 2 });
  assert.deepEqual(pick(status(s, 'min-pct')), { currentHealthy: 7, desiredHealthy: 4, expectedPods: 7, disruptionsAllowed: 3 });
  assert.deepEqual(pick(status(s, 'max-pct')), { currentHealthy: 7, desiredHealthy: 4, expectedPods: 7, disruptionsAllowed: 3 });
  assert.deepEqual(pick(status(s, 'max-zero')), { currentHealthy: 7, desiredHealthy: 7, expectedPods: 7, disruptionsAllowed: 0 });
  // No pods: nothing expected, so nothing may be disrupted (and the controller says so in an event).
  assert.deepEqual(pick(status(s, 'nothing')), { currentHealthy: 0, desiredHealthy: 1, expectedPods: 0, disruptionsAllowed: 0 });
  assert.ok(events(s, { reason: 'NoPods', object: 'poddisruptionbudget/nothing' }).length > 0);
  const allowed = status(s, 'min-int').conditions[0];
  assert.deepEqual({ ...allowed, lastTransitionTime: undefined }, { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 1, lastTransitionTime: undefined });
  assert.equal(status(s, 'max-zero').conditions[0].reason, 'InsufficientPods');
  assert.equal(status(s, 'min-int').observedGeneration, 1);
  // The expected count of a percentage is the controller's scale: scaling the Deployment moves it.
  kubectl(s, 'scale deployment web --replicas=10');
  s.runUntil(120);
  assert.deepEqual(pick(status(s, 'min-pct')), { currentHealthy: 10, desiredHealthy: 5, expectedPods: 10, disruptionsAllowed: 5 });
  // A spec change is a new generation, observed by the next status.
  kubectl(s, 'patch pdb min-int --type=merge -p {"spec":{"minAvailable":9}}');
  s.runUntil(121);
  assert.equal(s.get('PodDisruptionBudget', 'default', 'min-int')!.metadata.generation, 2);
  assert.deepEqual({ ...pick(status(s, 'min-int')), observedGeneration: status(s, 'min-int').observedGeneration }, { currentHealthy: 10, desiredHealthy: 9, expectedPods: 10, disruptionsAllowed: 1, observedGeneration: 2 });
  const table = kubectl(s, 'get pdb');
  assert.match(table, /^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\n/);
  assert.match(table, /^max-pct\s+N\/A\s+30%\s+3\s+2m1s$/m);
  assert.match(table, /^min-int\s+9\s+N\/A\s+1\s+2m1s$/m);
});

test('a budget over pods of a controller without a scale fails its sync; pods without a controller are unmanaged', () => {
  const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'nginx:1.25' }] } } } };
  const bare = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', labels: { app: 'bare' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } };
  const s = sim([ds, bare, pdb('agent', { maxUnavailable: 1 }), pdb('bare', { minAvailable: '50%' }), pdb('bare-int', { minAvailable: 0 }, 'bare')]);
  s.runUntil(30);
  const failed = status(s, 'agent');
  assert.equal(failed.disruptionsAllowed, 0);
  assert.deepEqual({ ...failed.conditions[0], lastTransitionTime: undefined }, { type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'daemonsets.apps does not implement the scale subresource', observedGeneration: 0, lastTransitionTime: undefined });
  assert.ok(events(s, { reason: 'CalculateExpectedPodCountFailed' }).some((e) => e.message === 'Failed to calculate the number of expected pods: daemonsets.apps does not implement the scale subresource'));
  // A percentage over an unmanaged pod: no scale to count, so nothing expected.
  assert.deepEqual(pick(status(s, 'bare')), { currentHealthy: 1, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 });
  assert.ok(events(s, { reason: 'UnmanagedPods', object: 'poddisruptionbudget/bare' })[0].message.startsWith('Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: bare,},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged.'));
  // minAvailable as a number counts the pods themselves.
  assert.deepEqual(pick(status(s, 'bare-int')), { currentHealthy: 1, desiredHealthy: 0, expectedPods: 1, disruptionsAllowed: 1 });
});

test('the eviction API spends the budget: 429 with the budget as the cause when none is left, until a replacement is ready', () => {
  const s = sim([deployment('web', 3), pdb('web', { maxUnavailable: 1 })]);
  s.runUntil(60);
  const [a, b] = s.list('Pod').filter((p) => p.metadata.labels.app === 'web');
  evictPod(s.core, a);
  assert.notEqual(a.metadata.deletionTimestamp, undefined);
  // Decremented at once, with the pod recorded, so a second eviction before the controller's next sync is refused
  // (its cause quotes the status as stored).
  assert.equal(status(s, 'web').disruptionsAllowed, 0);
  assert.deepEqual(Object.keys(status(s, 'web').disruptedPods), [a.metadata.name]);
  assert.throws(() => evictPod(s.core, b), (e: unknown) => e instanceof EvictionRefused && e.reason === 'TooManyRequests' && e.message === "Cannot evict pod as it would violate the pod's disruption budget." && e.statusCause === 'The disruption budget web needs 2 healthy pods and has 3 currently');
  assert.equal(b.metadata.deletionTimestamp, undefined);
  // The ReplicaSet's replacement becomes ready: one disruption is allowed again.
  s.runUntil(120);
  assert.equal(status(s, 'web').disruptionsAllowed, 1);
  assert.equal(status(s, 'web').disruptedPods, undefined);
  evictPod(s.core, b);
  assert.notEqual(b.metadata.deletionTimestamp, undefined);
  // More than one budget over a pod: the eviction API does not choose.
  s.applyManifest(pdb('web2', { minAvailable: 1 }, 'web'));
  s.runUntil(121);
  const c = s.list('Pod').find((p) => p.metadata.labels.app === 'web' && p.metadata.deletionTimestamp === undefined)!;
  assert.throws(() => evictPod(s.core, c), /This pod has more than one PodDisruptionBudget, which the eviction subresource does not support\./);
});

test('the shell\'s drain retries a refused eviction every 5 s, as kubectl does, and reports its --timeout as kubectl does', async () => {
  const s = sim([deployment('web', 3), pdb('web', { minAvailable: 3 })], 2);
  const session = new ShellSession(new SimulationBackend(s), new ShellClock(() => 0, 1, true));
  s.runUntil(60);
  const onSecond = s.list('Pod').filter((p) => p.spec.nodeName === 'minikube-m02').map((p) => p.metadata.name);
  assert.equal(onSecond.length, 1);
  const pod = onSecond[0];
  const refused = `error when evicting pods/"${pod}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n`;
  const blocked = await runTranscript(session, 'kubectl drain minikube-m02 --ignore-daemonsets --timeout=12s');
  const timeout = `error when evicting pods/"${pod}" -n "default": global timeout reached: 12s`;
  assert.equal(blocked.text, `$ kubectl drain minikube-m02 --ignore-daemonsets --timeout=12s\nnode/minikube-m02 cordoned\n${`evicting pod default/${pod}\n${refused}`.repeat(3)}evicting pod default/${pod}\n`
    + `There are pending pods in node "minikube-m02" when an error occurred: ${timeout}\npod/${pod}\nerror: unable to drain node "minikube-m02" due to error: ${timeout}, continuing command...\nThere are pending nodes to be drained:\n minikube-m02\n${timeout}\n`);
  assert.equal(blocked.exitCode, 1);
  assert.equal(s.get('Pod', 'default', pod)!.metadata.deletionTimestamp, undefined);
  // Once the budget allows one disruption, the retry goes through and the node drains.
  kubectl(s, 'patch pdb web --type=merge -p {"spec":{"minAvailable":2}}');
  kubectl(s, 'uncordon minikube-m02');
  const [first, second] = s.list('Pod').filter((p) => p.spec.nodeName === 'minikube').map((p) => p.metadata.name);
  const drained = await runTranscript(session, 'kubectl drain minikube --ignore-daemonsets --pod-selector=app=web');
  assert.equal(drained.text, `$ kubectl drain minikube --ignore-daemonsets --pod-selector=app=web\nnode/minikube cordoned\nevicting pod default/${first}\nevicting pod default/${second}\n`
    + `error when evicting pods/"${second}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\npod/${first} evicted\n`
    + `evicting pod default/${second}\npod/${second} evicted\nnode/minikube drained\n`);
  assert.equal(drained.exitCode, 0);
});

function pick(st: Record<string, unknown>) {
  return { currentHealthy: st.currentHealthy, desiredHealthy: st.desiredHealthy, expectedPods: st.expectedPods, disruptionsAllowed: st.disruptionsAllowed };
}

test('the shell\'s kubectl create pdb and describe pdb print what kubectl prints', () => {
  const s = sim([deployment('web', 3)]);
  s.runUntil(30);
  const run = (line: string) => s.runKubectl(line.split(' '));
  assert.equal(s.runKubectl(['create', 'pdb', 'web', '--selector=app=web,tier in (a,b)', '--min-available=50%', '--dry-run=client', '-o', 'yaml']).stdout,
    'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 50%\n  selector:\n    matchExpressions:\n    - key: tier\n      operator: In\n      values:\n      - a\n      - b\n    matchLabels:\n      app: web\nstatus:\n  currentHealthy: 0\n  desiredHealthy: 0\n  disruptionsAllowed: 0\n  expectedPods: 0\n');
  assert.equal(run('create pdb web --dry-run=client').stderr, 'error: a selector must be specified\n');
  assert.equal(run('create pdb web --selector=app=web').stderr, 'error: one of min-available or max-unavailable must be specified\n');
  assert.equal(run('create pdb web --selector=app=web --min-available=1 --max-unavailable=1').stderr, 'error: min-available and max-unavailable cannot be both specified\n');
  assert.equal(run('create pdb web --selector=app=web --min-available=1x').stderr, 'error: invalid format specified for min-available\n');
  assert.equal(run('create pdb web --selector=app=web --min-available=2').stdout, 'poddisruptionbudget.policy/web created\n');
  assert.equal(run('create pdb web --selector=app=web --min-available=2').stderr, 'error: failed to create poddisruptionbudgets: poddisruptionbudgets.policy "web" already exists\n');
  s.runUntil(31);
  assert.equal(run('describe pdb web').stdout,
    'Name:           web\nNamespace:      default\nMin available:  2\nSelector:       app=web\nStatus:\n    Allowed disruptions:  1\n    Current:              3\n    Desired:              2\n    Total:                3\nEvents:                   <none>\n');
});
