import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DryRunSession, fingerprinting, steadyFingerprint, type SimulationHandle, type SimulationInput } from '../../server/src/engine/dryrun/session';
import { indexingSnapshot, SnapshotIndex } from '../../server/src/engine/dryrun/snapshotIndex';
import type { SimSnapshot } from '../../server/src/engine/dryrun/contract';
import { createSimulation, defaultCluster, DEFAULT_EPOCH_MS } from '../../server/src/sim/index';
import { createBehaviourModel } from '../../server/src/sim/behaviour';

/**
 * A recording stand-in for the simulator, to test the session's bookkeeping (time travel and
 * what-if replay) in isolation: pods appear one per 20 s up to `replicas`, `scale` changes it.
 */
class RecordingSim implements SimulationHandle {
  time = 0;
  replicas = 3;
  readonly log: string[] = [];
  constructor(readonly input: SimulationInput, readonly builds: RecordingSim[]) {
    builds.push(this);
  }
  runUntil(t: number): void {
    this.time = t;
  }
  snapshot(): SimSnapshot {
    const n = Math.min(this.replicas, Math.floor(this.time / 20));
    return {
      time: this.time, nodes: [], workloads: [], services: [], jobs: [], events: [], timeline: [], assumptions: [],
      pods: Array.from({ length: n }, (_, i) => ({ namespace: 'default', name: `p${i}`, owner: null, node: 'n', phase: 'Running', status: 'Running', ready: '1/1', restarts: 0, containers: [] })),
    };
  }
  kubectl(argv: string[]): { ok: boolean; output: string } {
    this.log.push(`${this.time}:${argv.join(' ')}`);
    if (argv[0] !== 'scale') return { ok: false, output: `error: unknown command "${argv[0]}"` };
    this.replicas = Number(argv[2].split('=')[1]);
    return { ok: true, output: 'scaled' };
  }
  apply(): { ok: boolean; output: string } {
    return { ok: true, output: '' };
  }
}

test('seek forward, what-if, seek back replays the what-if at its time, a past what-if drops later ones', async () => {
  const builds: RecordingSim[] = [];
  const s = new DryRunSession((input) => new RecordingSim(input, builds), [{ kind: 'Deployment' }], 7, 3600);
  assert.equal(builds[0].input.seed, 7);
  await s.seek(50);
  assert.equal(s.time, 50);
  assert.equal(s.whatIf(['scale', 'deploy/x', '--replicas=1']).ok, true);
  assert.equal(s.diverged, true);
  assert.equal(s.whatIf(['frobnicate']).ok, false);
  assert.equal(s.whatIfs.length, 1, 'failed commands are not recorded');
  await s.seek(100);
  await s.seek(30); // back in time: a fresh simulation, the what-if (at 50) not yet applied
  assert.equal(builds.length, 2);
  assert.equal(s.diverged, false);
  assert.deepEqual(builds[1].log, []);
  await s.seek(80);
  assert.deepEqual(builds[1].log, ['50:scale deploy/x --replicas=1']);
  assert.equal(s.snapshot().pods.length, 1);
  await s.seek(20);
  s.whatIf(['scale', 'deploy/x', '--replicas=5']);
  assert.deepEqual(s.whatIfs.map((w) => w.time), [20], 'the later what-if belongs to the abandoned history');
  s.reset();
  assert.equal(s.time, 0);
  assert.equal(s.whatIfs.length, 0);
});

test('run to steady state stops once nothing visible changes for a minute', async () => {
  const builds: RecordingSim[] = [];
  const s = new DryRunSession((input) => new RecordingSim(input, builds), [], 1, 3600);
  await s.runToSteady(900);
  // Pods appear at 20, 40, 60 s; nothing changes after 60 s.
  assert.equal(s.time, 60);
  assert.equal(s.snapshot().pods.length, 3);
});

test('cancellation stops a long run', async () => {
  const s = new DryRunSession((input) => new RecordingSim(input, []), [], 1, 3600);
  await assert.rejects(s.seek(3000, { isCancellationRequested: true }), /cancelled/);
});

test('run to steady keeps the settled moment without running the simulation again, until something needs the cluster then', async () => {
  const builds: RecordingSim[] = [];
  const s = new DryRunSession((input) => new RecordingSim(input, builds), [], 1, 3600);
  await s.runToSteady(900);
  assert.equal(s.time, 60, 'the moment things settled');
  assert.equal(s.snapshot().time, 60, 'and the cluster as it was then');
  assert.equal(builds.length, 1, 'no second simulation just to show it');
  assert.equal(builds[0].time, 120, 'the simulation stands after the quiet minute');
  await s.runToSteady(900);
  assert.deepEqual([s.time, builds.length], [60, 1], 'already steady');
  // A what-if acts on the cluster at the time shown: the simulation goes back there first.
  s.whatIf(['scale', 'deployment/web', '--replicas=1']);
  assert.equal(builds.length, 2);
  assert.deepEqual(builds[1].log, ['60:scale deployment/web --replicas=1']);
  assert.equal(s.time, 60);
});

test('moving forward from a settled moment needs no second simulation', async () => {
  const builds: RecordingSim[] = [];
  const s = new DryRunSession((input) => new RecordingSim(input, builds), [], 1, 3600);
  await s.runToSteady(900);
  await s.seek(300);
  assert.deepEqual([s.time, builds.length], [300, 1]);
  await s.seek(90);
  assert.deepEqual([s.time, builds.length], [90, 2], 'an earlier time is replayed');
});

test('a simulation paused between events many times ends where the uninterrupted run does', () => {
  const manifests = (): Record<string, unknown>[] => [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', readinessProbe: { httpGet: { port: 80 } } }] } } } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'crash' }, spec: { replicas: 2, selector: { matchLabels: { app: 'crash' } }, template: { metadata: { labels: { app: 'crash' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }] } } } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
  ];
  const whole = createSimulation({ objects: manifests(), seed: 3, horizon: 600, behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }) });
  assert.equal(whole.runUntil(300), true);
  const paused = createSimulation({ objects: manifests(), seed: 3, horizon: 600, behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }) });
  let pauses = 0;
  // A deadline already past: the simulator pauses at every chance it gets.
  while (!paused.runUntil(300, 0)) pauses++;
  assert.ok(pauses > 10, `paused ${pauses} times`);
  assert.equal(paused.time, 300);
  assert.deepEqual(paused.snapshot(), whole.snapshot());
});

test('the snapshot, its index and the steady fingerprint made in slices equal those made at once, with pauses between slices of a few hundred pods', () => {
  // 400 Deployments of 3 replicas: 1,200 pods and several thousand events.
  const objects = Array.from({ length: 400 }, (_, i) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app-${i}` }, spec: { replicas: 3, selector: { matchLabels: { app: `app-${i}` } }, template: { metadata: { labels: { app: `app-${i}` } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } }));
  const sim = createSimulation({ objects, seed: 1, horizon: 600, cluster: defaultCluster(14), behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }) });
  sim.runUntil(120);
  const count = <T>(steps: Generator<void, T, void>): { value: T; pauses: number } => {
    let pauses = 0;
    for (;;) {
      const r = steps.next();
      if (r.done) return { value: r.value, pauses };
      pauses++;
    }
  };
  const whole = sim.snapshot();
  assert.ok(whole.pods.length >= 1200 && whole.events.length > 4000, `${whole.pods.length} pods, ${whole.events.length} events`);
  const sliced = count(sim.snapshotting());
  assert.deepEqual(sliced.value, whole);
  // Pods, workloads, events and timeline each pause: at most a few hundred pods or a few thousand entries per slice.
  assert.ok(sliced.pauses >= whole.pods.length / 200 + whole.events.length / 5000, `the snapshot paused ${sliced.pauses} times`);

  const index = count(indexingSnapshot(sliced.value));
  assert.ok(index.pauses >= 1, `the index paused ${index.pauses} times`);
  const eager = new SnapshotIndex(whole);
  const pod = whole.pods[777];
  assert.deepEqual(index.value.eventsOf('Pod', pod.name, pod.namespace), eager.eventsOf('Pod', pod.name, pod.namespace));
  assert.ok(index.value.eventsOf('Pod', pod.name, pod.namespace).length > 0);
  assert.deepEqual(index.value.timelineOf('Pod', pod.name, pod.namespace), eager.timelineOf('Pod', pod.name, pod.namespace));
  assert.equal(index.value.pod(pod.namespace, pod.name), sliced.value.pods[777]);
  assert.deepEqual(index.value.podsOwnedBy('ReplicaSet', pod.owner!.split('/')[1], pod.namespace).map((p) => p.name), eager.podsOwnedBy('ReplicaSet', pod.owner!.split('/')[1], pod.namespace).map((p) => p.name));
  // The sliced index is the one later lookups get.
  const again = count(indexingSnapshot(sliced.value));
  assert.equal(again.value, index.value);
  assert.equal(again.pauses, 0);

  const fp = count(fingerprinting(whole));
  assert.equal(fp.value, steadyFingerprint(whole));
  assert.ok(fp.pauses >= 2, `the fingerprint paused ${fp.pauses} times`);
});

/** The same, handing itself out as the simulation to serve. */
class ServableSim extends RecordingSim {
  simulation(): never {
    return this as never;
  }
}

test('served: a running clock moves the session, a recorded change is replayed after going back, runs make it busy', async () => {
  const builds: RecordingSim[] = [];
  const s = new DryRunSession((input) => new ServableSim(input, builds), [{ kind: 'Deployment' }], 1, 100);
  await s.seek(10);
  assert.equal(s.live(), builds[0] as never);
  // The clock's ticks (serve's): forward at once, and the controls may then go past the horizon.
  s.tick(1);
  s.tick(2);
  assert.equal(s.time, 13);
  const replayed: number[] = [];
  s.record('PATCH deployments/x/scale', (h) => {
    replayed.push(h.time);
    (h as RecordingSim).replicas = 1;
  });
  (builds[0] as RecordingSim).replicas = 1;
  assert.deepEqual(s.whatIfs.map((w) => [w.time, w.label]), [[13, 'PATCH deployments/x/scale']]);
  assert.equal(s.diverged, true);
  for (let i = 0; i < 200; i++) s.tick(1);
  assert.equal(s.time, 213, 'a running clock is not held at the horizon');
  await s.seek(250);
  assert.equal(s.time, 250, 'nor are the controls once it went past it');
  // Back and forward again: a new simulation, the recorded change applied at its time.
  await s.seek(5);
  assert.equal(builds.length, 2);
  assert.deepEqual(replayed, []);
  const running = s.seek(60);
  assert.equal(s.busy, true);
  assert.equal(s.live(), undefined, 'not served while a run is in progress');
  s.tick(100);
  let idle = false;
  const waited = s.whenIdle().then(() => (idle = true));
  await running;
  await waited;
  assert.equal(idle, true);
  assert.equal(s.busy, false);
  assert.equal(s.live(), builds[1] as never, 'the rebuilt simulation is the one served');
  assert.deepEqual(replayed, [13]);
  assert.equal(s.time, 60, 'a tick during a run is ignored');
  assert.equal(s.snapshot().pods.length, 1);
});
