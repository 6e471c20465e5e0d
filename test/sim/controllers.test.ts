/** Controller, scheduler and kubelet behaviours beyond the headline scenarios. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, defaultCluster, DEFAULT_EPOCH_MS, type Simulation } from '../../server/src/sim/index';
import { fakeBehaviour } from './fakeBehaviour';
import { events, kubectl, pods } from './helpers';

const behaviour = () => createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 });

function sim(objects: Record<string, unknown>[], opts: { nodes?: number; horizon?: number } = {}): Simulation {
  return createSimulation({ objects, behaviour: behaviour(), cluster: defaultCluster(opts.nodes ?? 1), horizon: opts.horizon ?? 900 });
}

function deployment(name: string, spec: Record<string, unknown> = {}, container: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: { replicas: 3, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25', ...container }] } }, ...spec },
  };
}

function job(name: string, command: string[], spec: Record<string, unknown> = {}, restartPolicy = 'Never'): Record<string, unknown> {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, spec: { ...spec, template: { spec: { restartPolicy, containers: [{ name: 'c', image: 'busybox:1.36', command }] } } } };
}

test('rolling update with 3 replicas at 25%/25% surges by one and never drops below 3 available', () => {
  const s = sim([deployment('web')]);
  s.runUntil(60);
  kubectl(s, 'set image deployment/web web=nginx:1.27');
  let minAvailable = Infinity;
  let maxPods = 0;
  for (let t = 61; t <= 200; t++) {
    s.runUntil(t);
    const d = s.get('Deployment', 'default', 'web')!;
    minAvailable = Math.min(minAvailable, d.status.availableReplicas);
    maxPods = Math.max(maxPods, s.list('Pod').filter((p) => p.metadata.deletionTimestamp === undefined).length);
  }
  assert.equal(minAvailable, 3);
  assert.equal(maxPods, 4);
  const [oldRs, newRs] = s.list('ReplicaSet').map((r) => r.metadata.name);
  assert.deepEqual(events(s, { reason: 'ScalingReplicaSet' }).map((e) => e.message).slice(1), [
    `Scaled up replica set ${newRs} from 0 to 1`,
    `Scaled down replica set ${oldRs} from 3 to 2`,
    `Scaled up replica set ${newRs} from 1 to 2`,
    `Scaled down replica set ${oldRs} from 2 to 1`,
    `Scaled up replica set ${newRs} from 2 to 3`,
    `Scaled down replica set ${oldRs} from 1 to 0`,
  ]);
  assert.equal(s.get('Deployment', 'default', 'web')!.metadata.annotations['deployment.kubernetes.io/revision'], '2');
  assert.equal(s.get('ReplicaSet', 'default', newRs)!.metadata.annotations['deployment.kubernetes.io/max-replicas'], '4');
});

test('Recreate: every old pod is gone before the new ReplicaSet scales up', () => {
  const s = sim([deployment('web', { strategy: { type: 'Recreate' } })]);
  s.runUntil(60);
  kubectl(s, 'set image deployment/web web=nginx:1.27');
  let overlap = false;
  for (let t = 61; t <= 150; t++) {
    s.runUntil(t);
    const images = new Set(s.list('Pod').map((p) => p.spec.containers[0].image));
    if (images.size > 1) overlap = true;
  }
  assert.equal(overlap, false);
  assert.ok(pods(s).every((p) => p.containers[0].image === 'nginx:1.27' && p.status === 'Running'));
});

test('revisionHistoryLimit keeps that many old ReplicaSets', () => {
  const s = sim([deployment('web', { replicas: 1, revisionHistoryLimit: 1 })]);
  s.runUntil(30);
  for (const [i, tag] of ['1.26', '1.27', '1.28'].entries()) {
    kubectl(s, `set image deployment/web web=nginx:${tag}`);
    s.runUntil(60 + i * 60);
  }
  assert.equal(s.list('ReplicaSet').length, 2);
});

test('a cordoned node and a tainted one: the real FailedScheduling text', () => {
  const cluster = defaultCluster(2);
  cluster.nodes[0].taints = [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }];
  cluster.nodes[1].unschedulable = true;
  const s = createSimulation({ behaviour: behaviour(), cluster, objects: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } }] });
  s.runUntil(10);
  assert.equal(
    events(s, { reason: 'FailedScheduling' })[0].message,
    '0/2 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
  );
  // Uncordoning is a cluster change: the pod is retried and scheduled.
  kubectl(s, 'uncordon minikube-m02');
  s.runUntil(30);
  assert.equal(pods(s)[0].node, 'minikube-m02');
  assert.equal(pods(s)[0].status, 'Running');
});

test('pods spread over nodes; scaling down removes the unscheduled pod first', () => {
  const s = sim([deployment('web', { replicas: 4 }, { resources: { requests: { cpu: '900m' } } })], { nodes: 2 });
  s.runUntil(30);
  const placed = pods(s).filter((p) => p.node);
  assert.equal(placed.length, 4);
  assert.equal(placed.filter((p) => p.node === 'minikube').length, 2);
  kubectl(s, 'scale deployment/web --replicas=5');
  s.runUntil(40);
  const pending = pods(s).find((p) => !p.node)!;
  assert.equal(events(s, { reason: 'FailedScheduling', object: `pod/${pending.name}` })[0].message, '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
  kubectl(s, 'scale deployment/web --replicas=4');
  s.runUntil(60);
  assert.deepEqual(events(s, { reason: 'SuccessfulDelete' }).map((e) => e.message), [`Deleted pod: ${pending.name}`]);
  assert.ok(s.list('Pod').every((p) => p.spec.nodeName), 'the unscheduled pod went first');
});

test('Job: backoffLimit with the 10 s, 20 s, 40 s failure back-off, then Failed BackoffLimitExceeded', () => {
  const s = sim([job('fail', ['sh', '-c', 'exit 1'], { backoffLimit: 3 })]);
  s.runUntil(400);
  const created = events(s, { reason: 'SuccessfulCreate', object: 'job/fail' }).map((e) => e.time);
  assert.equal(created.length, 4);
  const failedAt = (name: string) => s.snapshot().timeline.find((t) => t.object === `pod/${name}` && t.status.startsWith('Error'))!.time;
  const names = events(s, { reason: 'SuccessfulCreate', object: 'job/fail' }).map((e) => e.message.replace('Created pod: ', ''));
  assert.deepEqual([1, 2, 3].map((i) => Math.round(created[i] - failedAt(names[i - 1]))), [10, 20, 40]);
  const j = s.snapshot().jobs[0];
  assert.equal(j.status, 'Failed');
  const failed = s.get('Job', 'default', 'fail')!.status.conditions.find((c: { type: string }) => c.type === 'Failed');
  assert.equal(failed.reason, 'BackoffLimitExceeded');
  assert.equal(failed.message, 'Job has reached the specified backoff limit');
  assert.equal(events(s, { reason: 'BackoffLimitExceeded' })[0].type, 'Warning');
});

test('Job: activeDeadlineSeconds stops a long pod; completions and parallelism', () => {
  const s = sim([job('slow', ['sh', '-c', 'sleep 600'], { activeDeadlineSeconds: 30 }), job('many', ['sh', '-c', 'sleep 5'], { completions: 4, parallelism: 2 })]);
  s.runUntil(120);
  const slow = s.get('Job', 'default', 'slow')!;
  const cond = slow.status.conditions.find((c: { type: string }) => c.type === 'Failed');
  assert.equal(cond.reason, 'DeadlineExceeded');
  assert.equal(events(s, { reason: 'DeadlineExceeded' })[0].message, 'Job was active longer than specified deadline');
  const many = s.snapshot().jobs.find((j) => j.name === 'many')!;
  assert.equal(many.status, 'Complete');
  assert.equal(many.completions, '4/4');
  const maxActive = Math.max(...s.snapshot().timeline.filter((t) => t.object === 'job/many').map(() => 0), 0);
  void maxActive;
});

test('Job with ttlSecondsAfterFinished is deleted with its pods', () => {
  const s = sim([job('short', ['sh', '-c', 'echo done'], { ttlSecondsAfterFinished: 20 })]);
  s.runUntil(15);
  assert.equal(s.snapshot().jobs[0].status, 'Complete');
  s.runUntil(60);
  assert.equal(s.list('Job').length, 0);
  assert.equal(s.list('Pod').length, 0);
});

test('StatefulSet: ordered names, one at a time once the previous is Ready; scale down from the top', () => {
  const s = sim([{
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
    spec: { serviceName: 'web', replicas: 3, selector: { matchLabels: { app: 'sts' } }, template: { metadata: { labels: { app: 'sts' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } }] } } },
  }]);
  s.runUntil(120);
  const created = events(s, { reason: 'SuccessfulCreate', object: 'statefulset/web' });
  assert.deepEqual(created.map((e) => e.message), [0, 1, 2].map((i) => `create Pod web-${i} in StatefulSet web successful`));
  assert.ok(created[1].time > created[0].time && created[2].time > created[1].time);
  kubectl(s, 'scale statefulset web --replicas=1');
  s.runUntil(240);
  assert.deepEqual(pods(s).map((p) => p.name), ['web-0']);
});

test('graceful termination: nginx exits on SIGTERM, a shell sleeping ignores it until SIGKILL at 30 s', () => {
  const s = sim([
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx' }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'sleeper' }, spec: { containers: [{ name: 'sh', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] }] } },
  ]);
  s.runUntil(30);
  assert.equal(kubectl(s, 'delete pod nginx sleeper'), 'pod "nginx" deleted from default namespace\npod "sleeper" deleted from default namespace\n');
  s.runUntil(31);
  assert.equal(pods(s, 'sleeper')[0].status, 'Terminating');
  assert.equal(events(s, { reason: 'Killing', object: 'pod/sleeper' })[0].message, 'Stopping container sh');
  assert.equal(pods(s, 'nginx').length, 0);
  s.runUntil(59);
  assert.equal(pods(s, 'sleeper').length, 1);
  s.runUntil(61);
  assert.equal(pods(s, 'sleeper').length, 0);
});

test('missing ConfigMap key: CreateContainerConfigError, fixed when the key appears', () => {
  const s = sim([
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { other: 'x' } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'app' }, spec: { containers: [{ name: 'app', image: 'nginx:1.25', env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } }] }] } },
  ]);
  s.runUntil(20);
  assert.equal(pods(s)[0].status, 'CreateContainerConfigError');
  assert.equal(events(s, { reason: 'Failed', object: 'pod/app' }).at(-1)!.message, "Error: couldn't find key mode in ConfigMap default/cfg");
  s.applyManifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { mode: 'fast' } });
  s.runUntil(60);
  assert.equal(pods(s)[0].status, 'Running');
});

test('ResourceQuota rejects the pod the ReplicaSet tries to create; LimitRange fills in requests', () => {
  const s = sim([
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { pods: '2' } } },
    { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr' }, spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '250m' } }] } },
    deployment('web', { replicas: 3 }),
  ]);
  s.runUntil(30);
  assert.equal(s.list('Pod').length, 2);
  const failed = events(s, { reason: 'FailedCreate' })[0];
  assert.match(failed.message, /^Error creating: pods "web-\w+-" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2$/);
  assert.deepEqual(s.list('Pod')[0].spec.containers[0].resources, { limits: { cpu: '500m' }, requests: { cpu: '250m' } });
});

test('kubectl errors read like kubectl', () => {
  const s = sim([deployment('web')]);
  const run = (line: string) => s.runKubectl(line.split(' '));
  assert.deepEqual(run('frobnicate pods'), { stdout: '', stderr: 'Error: unknown command "frobnicate" for "kubectl"\n', exitCode: 1 });
  assert.equal(run('scale deployment/web --replicas=2 --bogus').stderr, "Error: unknown flag: --bogus\nSee 'kubectl scale --help' for usage.\n");
  assert.equal(run('delete deployment nope').stderr, 'Error from server (NotFound): deployments.apps "nope" not found\n');
  assert.equal(run('get widgets').stderr, 'error: the server doesn\'t have a resource type "widgets"\n');
  assert.equal(run('rollout undo deployment/web').stderr, 'error: no rollout history found for deployment "web"\n');
  assert.equal(run('create deployment web --image=nginx').stderr, 'error: failed to create deployment: deployments.apps "web" already exists\n');
  assert.equal(run('run one --image=busybox --restart=Never').stdout, 'pod/one created\n');
  assert.equal(run('patch deployment web -p {"spec":{"replicas":1}}').stdout, 'deployment.apps/web patched\n');
  assert.equal(s.get('Deployment', 'default', 'web')!.spec.replicas, 1);
});

test('drain refuses DaemonSet pods and bare pods without the flags, then evicts', () => {
  const s = sim([deployment('web', { replicas: 2 }), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare' }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } }], { nodes: 2 });
  s.runUntil(20);
  const r = s.runKubectl(['drain', 'minikube']);
  assert.equal(r.exitCode, 1);
  assert.match(r.stderr, /cannot delete Pods that declare no controller \(use --force to override\): default\/bare/);
  const ok = s.runKubectl(['drain', 'minikube', '--ignore-daemonsets', '--force']);
  assert.equal(ok.exitCode, 0);
  assert.match(ok.stdout, /node\/minikube drained\n$/);
  s.runUntil(90);
  assert.ok(s.list('Pod').every((p) => p.spec.nodeName === 'minikube-m02'));
  assert.equal(pods(s, 'bare').length, 0);
});

test('bounds: the object limit stops the run and says so (test double behaviour)', () => {
  const s = createSimulation({ behaviour: fakeBehaviour(), limits: { maxObjects: 20 }, objects: [deployment('big', { replicas: 30 })] });
  s.runUntil(60);
  const snap = s.snapshot();
  assert.equal(snap.limits.reached, true);
  assert.match(snap.limits.message!, /object limit \(20\)/);
  assert.ok(snap.assumptions.some((a) => a.object === 'simulation' && /stopped early/.test(a.message)));
});

test('changing a bare pod image restarts its container; other pod spec changes are refused', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } };
  const s = sim([pod]);
  s.runUntil(20);
  assert.deepEqual(s.applyManifest(JSON.parse(JSON.stringify(pod))), { ref: 'pod/p', result: 'unchanged' });
  assert.equal(kubectl(s, 'set image pod/p c=nginx:1.27'), 'pod/p image updated\n');
  s.runUntil(40);
  assert.equal(events(s, { reason: 'Killing' })[0].message, 'Container c definition changed, will be restarted');
  const p = pods(s)[0];
  assert.equal(p.restarts, 1);
  assert.equal(p.status, 'Running');
  const changed = JSON.parse(JSON.stringify(pod));
  changed.spec.restartPolicy = 'Never';
  assert.match(s.applyManifest(changed).error!, /^Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than/);
});

test('init container: Init:0/1 until it finishes, then the app starts', () => {
  const s = sim([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'app' }, spec: { initContainers: [{ name: 'wait', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 20'] }], containers: [{ name: 'web', image: 'nginx:1.25' }] } }]);
  s.runUntil(10);
  assert.equal(pods(s)[0].status, 'Init:0/1');
  s.runUntil(60);
  assert.equal(pods(s)[0].status, 'Running');
  const statuses = s.snapshot().timeline.filter((t) => t.object === 'pod/app').map((t) => t.status.split(' ')[0]);
  assert.ok(statuses.indexOf('Init:0/1') < statuses.indexOf('Running'));
});

test('startup probe gates liveness and readiness', () => {
  const s = sim([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'slow' }, spec: { containers: [{ name: 'web', image: 'nginx:1.25',
    startupProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 10, failureThreshold: 30 },
    livenessProbe: { httpGet: { path: '/nope', port: 80 }, periodSeconds: 5 } }] } }]);
  s.runUntil(120);
  const unhealthy = events(s, { reason: 'Unhealthy', object: 'pod/slow' });
  assert.ok(unhealthy.length > 0 && unhealthy.every((e) => !e.message.startsWith('Liveness') || e.time >= firstStarted(s)));
  assert.ok(pods(s)[0].restarts >= 1, 'the failing liveness probe restarts it once started');
});

function firstStarted(s: Simulation): number {
  return events(s, { reason: 'Started' })[0].time;
}

test('OOMKilled when the process uses more memory than its limit (image override)', () => {
  const s = createSimulation({
    behaviour: createBehaviourModel([{ image: 'example.com/hungry:*', memoryMiB: 300, ports: [{ port: 8080 }] }], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }),
    objects: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hungry' }, spec: { containers: [{ name: 'app', image: 'example.com/hungry:1', resources: { limits: { memory: '256Mi' } } }] } }],
  });
  s.runUntil(60);
  const pod = s.get('Pod', 'default', 'hungry')!;
  const last = pod.status.containerStatuses[0].lastState.terminated ?? pod.status.containerStatuses[0].state.terminated;
  assert.equal(last.reason, 'OOMKilled');
  assert.equal(last.exitCode, 137);
});

test('objects in a namespace from the same input; deleting the namespace removes them', () => {
  const s = sim([
    { ...deployment('web', { replicas: 2 }), metadata: { name: 'web', namespace: 'shop' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'lost', namespace: 'nowhere' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
  ]);
  assert.equal(s.applied.find((a) => a.ref === 'pod/lost')!.error, 'namespaces "nowhere" not found');
  s.runUntil(30);
  assert.equal(s.list('Pod', 'shop').length, 2);
  assert.equal(kubectl(s, 'delete namespace shop'), 'namespace "shop" deleted\n');
  s.runUntil(120);
  assert.equal(s.list('Pod', 'shop').length, 0);
  assert.equal(s.get('Namespace', undefined, 'shop'), undefined);
});

test('an autoscaling/v1 HorizontalPodAutoscaler is stored as autoscaling/v2 with its CPU target as a metric, and scales its target to minReplicas', () => {
  const hpa = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5, ...spec } });
  const s = sim([deployment('web', { replicas: 1 }), hpa('web', { targetCPUUtilizationPercentage: 60 }), hpa('plain', {})]);
  s.runUntil(60);
  const stored = s.get('HorizontalPodAutoscaler', 'default', 'web')!;
  assert.equal(stored.apiVersion, 'autoscaling/v2');
  assert.deepEqual(stored.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }]);
  assert.equal(stored.spec.targetCPUUtilizationPercentage, undefined);
  assert.equal(s.get('HorizontalPodAutoscaler', 'default', 'plain')!.spec.maxReplicas, 5);
  assert.equal(s.get('Deployment', 'default', 'web')!.spec.replicas, 2);
});
