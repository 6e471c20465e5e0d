/**
 * Scenario tests written from the documented Kubernetes behaviour (the fidelity spec and the
 * kubernetes.io task pages the fixtures come from). Times are asserted relative to the events
 * the simulation itself records (e.g. the container's Started event), so they test the rules
 * (probe periods, thresholds, back-off, deadlines) rather than the catalog's pull durations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseWorkspaceConfig } from '../../server/src/sim/behaviour';
import { events, firstEventTime, FIXTURES, kubectl, pods, simulate } from './helpers';

test('hello-world as a bare Pod with restartPolicy Never ends Completed', () => {
  const sim = simulate(['hello-pod.yaml']);
  sim.runUntil(120);
  const [p] = pods(sim, 'hello');
  assert.equal(p.status, 'Completed');
  assert.equal(p.phase, 'Succeeded');
  assert.equal(p.ready, '0/1');
  assert.equal(p.restarts, 0);
  assert.equal(p.containers[0].state, 'terminated');
  assert.equal(p.containers[0].exitCode, 0);
  assert.deepEqual(events(sim, { object: 'pod/hello' }).map((e) => e.reason), ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
});

test('hello-world as a Deployment is in CrashLoopBackOff with 6 restarts at 8 minutes', () => {
  const sim = simulate(['hello-deployment.yaml']);
  sim.runUntil(480);
  const [p] = pods(sim, 'hello-');
  assert.match(p.name, /^hello-[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  // Restarts at +0, +10, +30, +70, +150, +310 s after the first exit (10 s doubling): 6 by 480 s.
  assert.equal(p.restarts, 6);
  assert.equal(p.status, 'CrashLoopBackOff');
  const d = sim.snapshot().workloads.find((w) => w.kind === 'Deployment')!;
  assert.equal(d.ready, '0/1');
  const backoffs = events(sim, { reason: 'BackOff', object: `pod/${p.name}` });
  assert.match(backoffs[0].message, /^Back-off restarting failed container hello in pod hello-\S+_default\([0-9a-f-]{36}\)$/);
  const pod = sim.get('Pod', 'default', p.name)!;
  assert.match(pod.status.containerStatuses[0].state.waiting.message, /^back-off 5m0s restarting failed container=hello pod=hello-/);
  // The gaps between starts double from 10 s and stop at 300 s.
  const starts = events(sim, { reason: 'Started', object: `pod/${p.name}` }).map((e) => e.time);
  const gaps = starts.slice(1).map((t, i) => Math.round(t - starts[i]));
  assert.deepEqual(gaps.slice(1), [10, 20, 40, 80, 160].map((g) => g + (gaps[1] - 10)));
});

test('hello-world as a Job completes', () => {
  const sim = simulate(['hello-job.yaml']);
  sim.runUntil(120);
  const job = sim.snapshot().jobs.find((j) => j.name === 'hello')!;
  assert.equal(job.status, 'Complete');
  assert.equal(job.completions, '1/1');
  assert.equal(events(sim, { reason: 'Completed', object: 'job/hello' })[0].message, 'Job completed');
  const obj = sim.get('Job', 'default', 'hello')!;
  const complete = obj.status.conditions.find((c: { type: string }) => c.type === 'Complete');
  assert.equal(complete.reason, 'CompletionsReached');
  assert.equal(pods(sim, 'hello-')[0].status, 'Completed');
});

test('nginx Deployment scaled 2 -> 5 -> 3 keeps the oldest pods', () => {
  const sim = simulate(['nginx-deployment.yaml']);
  sim.runUntil(60);
  const original = pods(sim, 'nginx-deployment-').map((p) => p.name).sort();
  assert.equal(original.length, 2);
  assert.equal(kubectl(sim, 'scale deployment/nginx-deployment --replicas=5'), 'deployment.apps/nginx-deployment scaled\n');
  sim.runUntil(120);
  let snap = sim.snapshot();
  assert.equal(snap.pods.filter((p) => p.status === 'Running' && p.ready === '1/1').length, 5);
  assert.equal(snap.workloads.find((w) => w.kind === 'Deployment')!.ready, '5/5');
  kubectl(sim, 'scale deploy nginx-deployment --replicas=3');
  sim.runUntil(180);
  snap = sim.snapshot();
  const left = snap.pods.map((p) => p.name);
  assert.equal(left.length, 3);
  for (const name of original) assert.ok(left.includes(name), `${name} (ready longest) should survive the scale-down`);
  const rs = snap.workloads.find((w) => w.kind === 'ReplicaSet')!;
  const scaling = events(sim, { reason: 'ScalingReplicaSet' }).map((e) => e.message);
  assert.deepEqual(scaling, [`Scaled up replica set ${rs.name} from 0 to 2`, `Scaled up replica set ${rs.name} from 2 to 5`, `Scaled down replica set ${rs.name} from 5 to 3`]);
  assert.equal(events(sim, { reason: 'SuccessfulDelete' }).length, 2);
});

test('rollout to nginx:1.200 sticks in ImagePullBackOff, old pods serve, deadline exceeded after 600 s, undo restores', () => {
  const sim = simulate(['nginx-rollout.yaml'], { horizon: 900 });
  sim.runUntil(60);
  kubectl(sim, 'set image deployment/nginx-deployment nginx=nginx:1.200');
  sim.runUntil(90);
  let snap = sim.snapshot();
  const d = () => sim.snapshot().workloads.find((w) => w.kind === 'Deployment')!;
  const newPod = snap.pods.find((p) => p.containers[0].image === 'nginx:1.200')!;
  assert.ok(['ErrImagePull', 'ImagePullBackOff'].includes(newPod.status));
  assert.match(events(sim, { reason: 'Failed', object: `pod/${newPod.name}` })[0].message, /^Failed to pull image "nginx:1\.200": .*manifest unknown/);
  assert.deepEqual([d().ready, d().upToDate, d().available], ['3/3', 1, 3]);
  // The old pods keep serving.
  const svc = snap.services.find((s) => s.name === 'nginx')!;
  assert.equal(svc.endpoints.filter((e) => e.ready).length, 3);
  assert.ok(svc.endpoints.every((e) => e.pod !== newPod.name || !e.ready));
  assert.equal(kubectl(sim, 'rollout status deployment/nginx-deployment'), 'Waiting for deployment "nginx-deployment" rollout to finish: 1 out of 3 new replicas have been updated...\n');
  const progressing = () => d().conditions.find((c) => c.type === 'Progressing')!;
  sim.runUntil(660);
  assert.equal(progressing().reason, 'ReplicaSetUpdated');
  sim.runUntil(662);
  assert.equal(progressing().status, 'False');
  assert.equal(progressing().reason, 'ProgressDeadlineExceeded');
  assert.match(progressing().message, /^ReplicaSet "nginx-deployment-\w+" has timed out progressing\.$/);
  const r = sim.runKubectl(['rollout', 'status', 'deployment/nginx-deployment']);
  assert.equal(r.exitCode, 1);
  assert.equal(r.stderr, 'error: deployment "nginx-deployment" exceeded its progress deadline\n');
  assert.equal(kubectl(sim, 'rollout undo deployment/nginx-deployment'), 'deployment.apps/nginx-deployment rolled back\n');
  sim.runUntil(720);
  snap = sim.snapshot();
  assert.ok(snap.pods.every((p) => p.containers[0].image === 'nginx:1.14.2' && p.status === 'Running'));
  assert.equal(snap.pods.length, 3);
  assert.equal(d().revision, 3);
  assert.equal(d().upToDate, 3);
  assert.equal(progressing().reason, 'NewReplicaSetAvailable');
  assert.equal(kubectl(sim, 'rollout history deployment/nginx-deployment'), 'deployment.apps/nginx-deployment \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
});

/** Prober ticks are aligned to the prober worker's start (the pod's first sync, at binding), every `period` s. */
function firstTick(origin: number, period: number, notBefore: number): number {
  return origin + Math.ceil((notBefore - origin - 1e-9) / period) * period;
}

test('liveness exec (busybox touch/sleep/rm): killed after three failures 5 s apart, restarted after the SIGKILL', () => {
  const sim = simulate(['liveness-exec.yaml'], { horizon: 300 });
  sim.runUntil(150);
  const origin = firstEventTime(sim, 'Scheduled', 'pod/liveness-exec');
  const started = firstEventTime(sim, 'Started', 'pod/liveness-exec');
  const unhealthy = events(sim, { reason: 'Unhealthy', object: 'pod/liveness-exec' });
  // /tmp/healthy is removed 30 s after the start; the next ticks (every 5 s) fail.
  const f = firstTick(origin, 5, started + 30);
  assert.deepEqual(unhealthy.slice(0, 3).map((e) => e.time), [f, f + 5, f + 10]);
  assert.match(unhealthy[0].message, /^Liveness probe failed: cat: can't open '\/tmp\/healthy': No such file or directory$/);
  const killing = events(sim, { reason: 'Killing', object: 'pod/liveness-exec' })[0];
  assert.equal(killing.time, f + 10);
  assert.equal(killing.message, 'Container liveness failed liveness probe, will be restarted');
  // sh ignores SIGTERM: SIGKILL after the 30 s grace period, then the first restart is immediate.
  const second = events(sim, { reason: 'Started', object: 'pod/liveness-exec' })[1];
  assert.equal(second.time, f + 10 + 30);
  assert.equal(pods(sim, 'liveness-exec')[0].restarts, 1);
  const pod = sim.get('Pod', 'default', 'liveness-exec')!;
  assert.equal(pod.status.containerStatuses[0].lastState.terminated.exitCode, 137);
});

test('liveness http (agnhost liveness): /healthz fails after 10 s, restart after three failures 3 s apart', () => {
  const sim = simulate(['liveness-http.yaml'], { horizon: 300 });
  sim.runUntil(60);
  const origin = firstEventTime(sim, 'Scheduled', 'pod/liveness-http');
  const started = firstEventTime(sim, 'Started', 'pod/liveness-http');
  const unhealthy = events(sim, { reason: 'Unhealthy', object: 'pod/liveness-http' });
  const f = unhealthy[0].time;
  assert.ok(f >= started + 10 && f < started + 13, `first failure ${f - started}s after the start`);
  assert.equal((f - origin) % 3, 0);
  assert.deepEqual(unhealthy.slice(0, 3).map((e) => e.time), [f, f + 3, f + 6]);
  assert.equal(unhealthy[0].message, 'Liveness probe failed: HTTP probe failed with statuscode: 500');
  assert.equal(firstEventTime(sim, 'Killing', 'pod/liveness-http'), f + 6);
  assert.ok(pods(sim, 'liveness-http')[0].restarts >= 1);
});

test('tcp probes (goproxy): ready after 15 s, never restarted; a wrong port restarts it after three failures 10 s apart', () => {
  const sim = simulate(['liveness-tcp.yaml', 'liveness-tcp-wrong-port.yaml'], { horizon: 300 });
  sim.runUntil(200);
  const origin = firstEventTime(sim, 'Scheduled', 'pod/goproxy');
  const started = firstEventTime(sim, 'Started', 'pod/goproxy');
  const readyAt = sim.snapshot().timeline.find((t) => t.object === 'pod/goproxy' && t.status === 'Running 1/1')!.time;
  assert.equal(readyAt, firstTick(origin, 10, started + 15));
  assert.equal(pods(sim, 'goproxy')[0].restarts, 0);
  assert.equal(events(sim, { object: 'pod/goproxy', reason: 'Unhealthy' }).length, 0);
  const o2 = firstEventTime(sim, 'Scheduled', 'pod/goproxy-wrong-port');
  const s2 = firstEventTime(sim, 'Started', 'pod/goproxy-wrong-port');
  const f = firstTick(o2, 10, s2 + 15);
  assert.equal(firstEventTime(sim, 'Killing', 'pod/goproxy-wrong-port'), f + 20);
  assert.match(events(sim, { object: 'pod/goproxy-wrong-port', reason: 'Unhealthy' })[0].message, /^Liveness probe failed: dial tcp [\d.]+:8081: connect: connection refused$/);
});

test('readiness decides Service endpoints (named targetPort)', () => {
  const sim = simulate(['readiness-service.yaml']);
  sim.runUntil(60);
  const snap = sim.snapshot();
  const web = snap.services.find((s) => s.name === 'web')!;
  const broken = snap.services.find((s) => s.name === 'broken')!;
  assert.equal(web.endpoints.length, 2);
  assert.ok(web.endpoints.every((e) => e.ready));
  assert.equal(broken.endpoints.length, 2);
  assert.ok(broken.endpoints.every((e) => !e.ready));
  assert.ok(snap.pods.filter((p) => p.name.startsWith('broken-')).every((p) => p.status === 'Running' && p.ready === '0/1'));
  const messages = events(sim, { reason: 'Unhealthy', object: /^pod\/broken-/ }).map((e) => e.message);
  assert.ok(messages.includes('Readiness probe failed: HTTP probe failed with statuscode: 404'), messages.join('\n'));
  const slice = sim.list('EndpointSlice', 'default').find((s) => s.metadata.labels['kubernetes.io/service-name'] === 'web')!;
  // An unnamed port is named "" in the slice, as the endpointslice controller writes it.
  assert.deepEqual(slice.ports, [{ name: '', port: 80, protocol: 'TCP' }]);
  const ep = sim.get('Endpoints', 'default', 'broken')!;
  assert.equal(ep.subsets[0].notReadyAddresses.length, 2);
});

test('relabelling a pod out of a ReplicaSet creates a replacement; relabelling it back deletes the newest', () => {
  const sim = simulate(['replicaset.yaml']);
  sim.runUntil(30);
  const first = pods(sim, 'frontend-').map((p) => p.name);
  assert.equal(first.length, 3);
  const victim = first[0];
  assert.equal(kubectl(sim, `label pods ${victim} tier=debug --overwrite`), `pod/${victim} labeled\n`);
  sim.runUntil(60);
  let snap = sim.snapshot();
  assert.equal(snap.pods.length, 4);
  assert.equal(snap.pods.find((p) => p.name === victim)!.owner, null);
  const replacement = snap.pods.find((p) => !first.includes(p.name))!;
  assert.equal(replacement.owner, 'ReplicaSet/frontend');
  const refused = sim.runKubectl(['label', 'pods', victim, 'tier=frontend']);
  assert.equal(refused.stderr, "error: 'tier' already has a value (debug), and --overwrite is false\n");
  kubectl(sim, `label pods ${victim} tier=frontend --overwrite`);
  sim.runUntil(90);
  snap = sim.snapshot();
  assert.deepEqual(snap.pods.map((p) => p.name).sort(), [...first].sort());
  assert.equal(events(sim, { reason: 'SuccessfulDelete', object: 'replicaset/frontend' })[0].message, `Deleted pod: ${replacement.name}`);
  assert.equal(snap.pods.find((p) => p.name === victim)!.owner, 'ReplicaSet/frontend');
});

test('delete with --cascade=orphan leaves the ReplicaSet and pods running', () => {
  const sim = simulate(['nginx-deployment.yaml']);
  sim.runUntil(30);
  const before = pods(sim).map((p) => p.name);
  assert.equal(kubectl(sim, 'delete deployment nginx-deployment --cascade=orphan'), 'deployment.apps "nginx-deployment" deleted from default namespace\n');
  sim.runUntil(90);
  const snap = sim.snapshot();
  assert.equal(snap.workloads.filter((w) => w.kind === 'Deployment').length, 0);
  const rs = snap.workloads.find((w) => w.kind === 'ReplicaSet')!;
  assert.equal(rs.ready, '2/2');
  assert.equal(sim.get('ReplicaSet', 'default', rs.name)!.metadata.ownerReferences?.length ?? 0, 0);
  assert.deepEqual(snap.pods.map((p) => p.name), before);
  assert.ok(snap.pods.every((p) => p.status === 'Running'));
  kubectl(sim, `delete rs ${rs.name} --cascade=orphan`);
  sim.runUntil(120);
  const after = sim.snapshot();
  assert.deepEqual(after.pods.map((p) => p.name), before);
  assert.ok(after.pods.every((p) => p.owner === null));
  // Background (the default) takes the pods with it.
  const sim2 = simulate(['nginx-deployment.yaml']);
  sim2.runUntil(30);
  kubectl(sim2, 'delete deployment nginx-deployment');
  sim2.runUntil(31);
  assert.ok(pods(sim2).every((p) => p.status === 'Terminating'));
  sim2.runUntil(120);
  assert.equal(pods(sim2).length, 0);
  assert.equal(sim2.list('ReplicaSet').length, 0);
});

test('DaemonSet on three nodes: the tainted control plane only gets the pod that tolerates it', () => {
  const cfg = parseWorkspaceConfig(parse(readFileSync(join(FIXTURES, 'cluster-3-nodes-tainted.yaml'), 'utf8')));
  assert.deepEqual(cfg.errors, []);
  const sim = simulate(['daemonset.yaml'], { cluster: cfg.cluster });
  sim.runUntil(60);
  const snap = sim.snapshot();
  const agent = snap.pods.filter((p) => p.name.startsWith('agent-'));
  assert.deepEqual(agent.map((p) => p.node).sort(), ['worker-1', 'worker-2']);
  const fluentd = snap.pods.filter((p) => p.name.startsWith('fluentd-elasticsearch-'));
  assert.deepEqual(fluentd.map((p) => p.node).sort(), ['control-plane', 'worker-1', 'worker-2']);
  const ds = snap.workloads.find((w) => w.kind === 'DaemonSet' && w.name === 'agent')!;
  assert.equal(ds.ready, '2/2');
  const pod = sim.get('Pod', 'kube-system', agent[0].name)!;
  assert.ok(pod.spec.tolerations.some((t: { key: string; effect: string }) => t.key === 'node.kubernetes.io/unschedulable' && t.effect === 'NoSchedule'));
});

test('CronJob every minute over 5 minutes: jobs named by minute, 3 successful kept', () => {
  const sim = simulate(['cronjob.yaml'], { horizon: 400 });
  sim.runUntil(305);
  const created = events(sim, { reason: 'SuccessfulCreate', object: 'cronjob/hello' });
  const base = Date.UTC(2026, 0, 1) / 60000;
  assert.deepEqual(created.map((e) => e.message), [1, 2, 3, 4, 5].map((m) => `Created job hello-${base + m}`));
  assert.deepEqual(created.map((e) => Math.floor(e.time)), [60, 120, 180, 240, 300]);
  const jobs = sim.snapshot().jobs;
  assert.equal(jobs.length, 3);
  assert.ok(jobs.every((j) => j.status === 'Complete' && j.owner === 'CronJob/hello'));
  assert.deepEqual(events(sim, { reason: 'SuccessfulDelete', object: 'cronjob/hello' }).map((e) => e.message), [`Deleted job hello-${base + 1}`, `Deleted job hello-${base + 2}`]);
  assert.ok(events(sim, { reason: 'SawCompletedJob' }).length >= 4);
});

test('a pod that asks for more CPU than the node has stays Pending with the FailedScheduling message', () => {
  const sim = simulate(['pending-cpu.yaml']);
  sim.runUntil(60);
  const [p] = pods(sim, 'big');
  assert.equal(p.status, 'Pending');
  assert.equal(p.node, null);
  const ev = events(sim, { reason: 'FailedScheduling', object: 'pod/big' });
  assert.equal(ev[0].type, 'Warning');
  assert.equal(ev[0].message, '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  const cond = sim.get('Pod', 'default', 'big')!.status.conditions.find((c: { type: string }) => c.type === 'PodScheduled');
  assert.equal(cond.reason, 'Unschedulable');
});

test('same inputs and seed give the same run; another seed other names', () => {
  const a = simulate(['nginx-rollout.yaml', 'hello-deployment.yaml'], { seed: 7 });
  const b = simulate(['nginx-rollout.yaml', 'hello-deployment.yaml'], { seed: 7 });
  const c = simulate(['nginx-rollout.yaml', 'hello-deployment.yaml'], { seed: 8 });
  for (const s of [a, b, c]) s.runUntil(300);
  assert.deepEqual(a.snapshot(), b.snapshot());
  assert.notDeepEqual(a.snapshot().pods.map((p) => p.name), c.snapshot().pods.map((p) => p.name));
  // The ReplicaSet name depends only on the template.
  assert.deepEqual(a.snapshot().workloads.map((w) => w.name), c.snapshot().workloads.map((w) => w.name));
});

test('kubectl logs shows what the container printed (CronJob job pod, liveness restart --previous)', () => {
  const sim = simulate(['cronjob.yaml', 'liveness-exec.yaml'], { horizon: 200 });
  sim.runUntil(50);
  const waiting = sim.runKubectl(['logs', 'liveness-exec', '--previous']);
  assert.equal(waiting.exitCode, 1);
  assert.equal(waiting.stderr, 'Error from server (BadRequest): previous terminated container "liveness" in pod "liveness-exec" not found\n');
  sim.runUntil(125);
  const job = sim.snapshot().jobs[0].name;
  const out = kubectl(sim, `logs job/${job}`);
  assert.match(out, /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC 2026\nHi\n$/);
  assert.equal(sim.runKubectl(['logs', 'liveness-exec', '--previous']).exitCode, 0);
});
