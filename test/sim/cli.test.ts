/** `kube-rehearsal simulate` end to end: the built CLI (dist/cli.js) on the scenario fixtures. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt } from '../support/server';

const ROOT = join(__dirname, '..', '..');
const FIX = 'test-fixtures/sim';

function cli(args: string[]): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(process.execPath, ['dist/cli.js', 'simulate', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

function json(args: string[]) {
  const r = cli([...args, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

before(ensureBuilt);

test('JSON contract: hello-world Deployment at 8 minutes', () => {
  const out = json([`${FIX}/hello-deployment.yaml`, '--duration', '8m']);
  assert.deepEqual(Object.keys(out).slice(0, 9), ['time', 'nodes', 'workloads', 'pods', 'services', 'jobs', 'events', 'timeline', 'assumptions']);
  assert.equal(out.time, 480);
  assert.deepEqual(out.nodes[0], { name: 'minikube', ready: true, unschedulable: false, allocatable: { cpu: '2', memory: String(4 * 2 ** 30), pods: '110' } });
  const pod = out.pods[0];
  assert.equal(pod.status, 'CrashLoopBackOff');
  assert.equal(pod.restarts, 6);
  assert.equal(pod.owner.startsWith('ReplicaSet/hello-'), true);
  assert.deepEqual(Object.keys(pod.containers[0]), ['name', 'image', 'state', 'reason', 'exitCode', 'restartCount', 'ready', 'probes']);
  assert.equal(pod.containers[0].reason, 'CrashLoopBackOff');
  const d = out.workloads.find((w: { kind: string }) => w.kind === 'Deployment');
  assert.deepEqual([d.ready, d.upToDate, d.available, d.revision], ['0/1', 1, 0, 1]);
  assert.ok(out.events.every((e: { time: number }, i: number, a: { time: number }[]) => i === 0 || a[i - 1].time <= e.time));
  assert.ok(out.timeline.some((t: { status: string }) => t.status === 'CrashLoopBackOff 0/1'));
});

test('timed steps: nginx scaled 2 -> 5 -> 3', () => {
  const out = json([`${FIX}/nginx-deployment.yaml`, '--duration', '3m', '--step', '60s: kubectl scale deployment/nginx-deployment --replicas=5', '--step', '2m: kubectl scale deployment nginx-deployment --replicas=3']);
  assert.equal(out.pods.length, 3);
  const msgs = out.events.filter((e: { reason: string }) => e.reason === 'ScalingReplicaSet').map((e: { message: string; time: number }) => `${e.time} ${e.message.replace(/nginx-deployment-\w+/, 'RS')}`);
  assert.deepEqual(msgs, ['0 Scaled up replica set RS from 0 to 2', '60 Scaled up replica set RS from 2 to 5', '120 Scaled down replica set RS from 5 to 3']);
});

test('rollout to a missing tag, deadline, undo', () => {
  const out = json([`${FIX}/nginx-rollout.yaml`, '--duration', '12m', '--step', '60s: kubectl set image deployment/nginx-deployment nginx=nginx:1.200', '--step', '11m10s: kubectl rollout undo deployment/nginx-deployment']);
  const d = out.workloads.find((w: { kind: string }) => w.kind === 'Deployment');
  assert.equal(d.revision, 3);
  assert.ok(out.pods.every((p: { status: string; containers: { image: string }[] }) => p.status === 'Running' && p.containers[0].image === 'nginx:1.14.2'));
  const stuck = json([`${FIX}/nginx-rollout.yaml`, '--duration', '11m5s', '--step', '60s: kubectl set image deployment/nginx-deployment nginx=nginx:1.200']);
  const cond = stuck.workloads.find((w: { kind: string }) => w.kind === 'Deployment').conditions.find((c: { type: string }) => c.type === 'Progressing');
  assert.deepEqual([cond.status, cond.reason], ['False', 'ProgressDeadlineExceeded']);
  assert.equal(stuck.services.find((s: { name: string }) => s.name === 'nginx').endpoints.filter((e: { ready: boolean }) => e.ready).length, 3);
});

test('DaemonSet with --cluster, CronJob, Pending pod, liveness', () => {
  const ds = json([`${FIX}/daemonset.yaml`, '--cluster', `${FIX}/cluster-3-nodes-tainted.yaml`, '--duration', '1m']);
  assert.equal(ds.pods.filter((p: { name: string }) => p.name.startsWith('agent-')).length, 2);
  const cj = json([`${FIX}/cronjob.yaml`, '--duration', '5m5s']);
  assert.equal(cj.jobs.length, 3);
  assert.equal(cj.events.filter((e: { reason: string; object: string }) => e.reason === 'SuccessfulCreate' && e.object === 'cronjob/hello').length, 5);
  const pending = json([`${FIX}/pending-cpu.yaml`, '--duration', '1m']);
  assert.equal(pending.events[0].message, '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  const live = json([`${FIX}/liveness-exec.yaml`, '--duration', '2m']);
  assert.equal(live.pods[0].restarts, 1);
  assert.ok(live.events.some((e: { reason: string; message: string }) => e.reason === 'Killing' && e.message === 'Container liveness failed liveness probe, will be restarted'));
});

test('a manifest the API server rejects is reported; the rest runs', () => {
  const out = json([`${FIX}/invalid-and-valid.yaml`, '--duration', '1m']);
  assert.deepEqual(out.assumptions[0], { object: 'deployment/mismatched', message: 'not simulated: Deployment.apps "mismatched" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"two"}: `selector` does not match template `labels`' });
  assert.equal(out.pods.length, 1);
  const text = cli([`${FIX}/invalid-and-valid.yaml`, '--duration', '1m']);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /^error: deployment\/mismatched: not simulated: Deployment.apps "mismatched" is invalid/);
});

test('text output: kubectl get all tables, then events in time order', () => {
  const r = cli([`${FIX}/nginx-deployment.yaml`, '--duration', '2m', '--step', '30s: kubectl get deploy']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /30s: \$ kubectl get deploy\nNAME {15}READY {3}UP-TO-DATE {3}AVAILABLE {3}AGE\nnginx-deployment {3}2\/2 {5}2 {12}2 {11}30s\n/);
  assert.match(r.stdout, /NAME +READY +UP-TO-DATE +AVAILABLE +AGE\ndeployment\.apps\/nginx-deployment +2\/2 +2 +2 +2m\n/);
  assert.match(r.stdout, /\nEvents:\nTIME +TYPE +REASON +OBJECT +MESSAGE\n0s +Normal +ScalingReplicaSet +deployment\/nginx-deployment +Scaled up replica set nginx-deployment-\w+ from 0 to 2\n/);
});

test('usage and I/O errors exit 2 with one line', () => {
  for (const [args, msg] of [
    [[], /nothing to simulate/],
    [[`${FIX}/hello-pod.yaml`, '--duration', 'soon'], /--duration must be a positive duration/],
    [[`${FIX}/nope.yaml`], /cannot read ".*nope\.yaml": no such file or directory/],
    [[`${FIX}/hello-pod.yaml`, '--format', 'xml'], /--format must be text, json or markdown/],
    [[`${FIX}/hello-pod.yaml`, '--step', 'later: kubectl get pods'], /--step time "later" is not a duration/],
    [[`${FIX}/hello-pod.yaml`, '--nodes', '2', '--cluster', 'x.yaml'], /cannot be used together/],
    [[`${FIX}/hello-pod.yaml`, '--wat'], /unknown option "--wat"/],
  ] as [string[], RegExp][]) {
    const r = cli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, msg);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});

test('a failing kubectl step is reported and the run goes on', () => {
  const out = json([`${FIX}/hello-pod.yaml`, '--duration', '1m', '--step', '10s: kubectl scale deployment/ghost --replicas=2']);
  assert.ok(out.assumptions.some((a: { object: string; message: string }) => a.object === 'step 10s' && /deployments.apps "ghost" not found/.test(a.message)));
});
