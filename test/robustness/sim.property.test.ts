import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { createSimulation, type KObject, type Simulation } from '../../server/src/sim/index';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { applyMutation, corpusSamples, fixtureSamples, fuzzRuns, fuzzSeed, mutationArb, sharedPresent } from './helpers';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';

/**
 * Property tests of the simulator: determinism for a seed, the RollingUpdate bounds observed after
 * every store write, READY never above the container count, and no object lost or duplicated by
 * random kubectl step sequences. Seeds are fixed (see helpers.ts to run more).
 */

interface Workload {
  replicas: number;
  containers: number;
  image: string;
  nextImage: string;
  maxSurge: number | string;
  maxUnavailable: number | string;
  minReadySeconds: number;
  readiness: boolean;
}

const HEALTHY = ['nginx:1.27', 'nginx:1.26', 'httpd:2.4', 'redis:7'];
const workloadArb: fc.Arbitrary<Workload> = fc
  .record({
    replicas: fc.integer({ min: 1, max: 6 }),
    containers: fc.integer({ min: 1, max: 3 }),
    image: fc.constantFrom(...HEALTHY),
    // A tag that does not exist stalls the rollout: the bounds must hold all the same.
    nextImage: fc.constantFrom(...HEALTHY, 'nginx:no-such-tag'),
    maxSurge: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('0%', '25%', '50%', '100%')),
    maxUnavailable: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('0%', '25%', '50%')),
    minReadySeconds: fc.constantFrom(0, 0, 5),
    readiness: fc.boolean(),
  })
  .filter((w) => !(isZero(w.maxSurge) && isZero(w.maxUnavailable)));

function isZero(v: number | string): boolean {
  return v === 0 || v === '0%';
}

function deployment(w: Workload, name = 'web'): Record<string, unknown> {
  const containers = Array.from({ length: w.containers }, (_, i) => ({
    name: `c${i}`,
    image: i === 0 ? w.image : 'busybox:1.36',
    ...(i === 0 ? {} : { command: ['sh', '-c', 'while true; do sleep 3600; done'] }),
    ...(i === 0 && w.readiness && !w.image.startsWith('redis') ? { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 2 } } : {}),
  }));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: w.replicas,
      minReadySeconds: w.minReadySeconds,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: w.maxSurge, maxUnavailable: w.maxUnavailable } },
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers } },
    },
  };
}

/** kube's rounding: surge rounds up, unavailable down; both 0 means unavailable 1. */
function resolveBounds(w: Workload): { surge: number; unavailable: number } {
  const val = (v: number | string, up: boolean) => (typeof v === 'number' ? v : (up ? Math.ceil : Math.floor)((parseInt(v, 10) * w.replicas) / 100));
  const surge = val(w.maxSurge, true);
  let unavailable = val(w.maxUnavailable, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

const terminal = (p: KObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const live = (p: KObject) => !p.metadata.deletionTimestamp && !terminal(p);

function isAvailable(p: KObject, now: number, minReadySeconds: number): boolean {
  const ready = (p.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
  return !!ready && ready.status === 'True' && (minReadySeconds === 0 || Number(ready.lastTransitionTime) + minReadySeconds * 1000 <= now);
}

function readyCounts(p: KObject): { ready: number; total: number } {
  const total = (p.spec?.containers ?? []).length;
  const ready = (p.status?.containerStatuses ?? []).filter((c: { ready?: boolean }) => c.ready).length;
  return { ready, total };
}

function newSim(objects: Record<string, unknown>[], seed = 1, horizon = 900): Simulation {
  return createSimulation({ objects, seed, horizon, behaviour: createBehaviourModel() });
}

test('RollingUpdate: pods never exceed replicas + maxSurge, available never below replicas - maxUnavailable (after every store write)', { timeout: 600_000 }, () => {
  fc.assert(
    fc.property(workloadArb, fc.integer({ min: 1, max: 1000 }), (w, seed) => {
      const sim = newSim([deployment(w)], seed);
      sim.runUntil(120);
      const pods = () => sim.list('Pod').filter((p) => p.metadata.labels?.app === 'web');
      const available = () => pods().filter((p) => live(p) && isAvailable(p, sim.core.now, w.minReadySeconds)).length;
      // Only a Deployment that came up fully is held to the availability bound.
      const wasAvailable = available() >= w.replicas;
      const { surge, unavailable } = resolveBounds(w);
      const violations: string[] = [];
      const check = () => {
        const now = pods().filter(live);
        if (now.length > w.replicas + surge) violations.push(`t=${sim.core.now}ms: ${now.length} pods > ${w.replicas} + ${surge}`);
        if (wasAvailable && available() < w.replicas - unavailable) violations.push(`t=${sim.core.now}ms: ${available()} available < ${w.replicas} - ${unavailable}`);
        for (const p of now) {
          const r = readyCounts(p);
          if (r.ready > r.total) violations.push(`${p.metadata.name}: READY ${r.ready}/${r.total}`);
        }
      };
      sim.core.store.watch('Pod', check);
      sim.core.store.watch('ReplicaSet', check);
      const r = sim.kubectl(['set', 'image', 'deployment/web', `c0=${w.nextImage}`]);
      assert.ok(r.ok, r.output);
      sim.runUntil(420);
      assert.deepEqual(violations.slice(0, 5), [], JSON.stringify(w));
      // (redis does not serve the HTTP readiness probe on port 80: that rollout stalls, correctly.)
      const servesProbe = !w.readiness || /^(nginx|httpd):/.test(w.nextImage);
      if (w.nextImage !== 'nginx:no-such-tag' && servesProbe && wasAvailable) {
        // A healthy rollout completes: every live pod runs the new image.
        assert.ok(pods().filter(live).every((p) => p.spec.containers[0].image === w.nextImage), `rollout did not complete: ${JSON.stringify(w)}`);
      }
    }),
    { numRuns: fuzzRuns(40), seed: fuzzSeed(11) },
  );
});

type Step = string[];
const c = (...argv: string[]): fc.Arbitrary<Step> => fc.constant(argv);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.integer({ min: 0, max: 8 }).map((n) => ['scale', 'deployment/web', `--replicas=${n}`]),
  fc.constantFrom(...HEALTHY, 'nginx:no-such-tag').map((img) => ['set', 'image', 'deployment/web', `c0=${img}`]),
  c('rollout', 'undo', 'deployment/web'),
  c('rollout', 'restart', 'deployment/web'),
  c('delete', 'pod', '-l', 'app=web'),
  c('delete', 'pod', '-l', 'app=web', '--wait=false'),
  c('label', 'pods', '-l', 'app=web', 'extra=x', '--overwrite'),
  c('cordon', 'minikube'),
  c('uncordon', 'minikube'),
  fc.integer({ min: 0, max: 3 }).map((n) => ['scale', 'statefulset/db', `--replicas=${n}`]),
  c('delete', 'job', 'once'),
  c('get', 'all'),
  c('describe', 'deployment', 'web'),
  c('rollout', 'status', 'deployment/web'),
  c('get', 'pods', '-o', 'wide'),
);

const SUPPORT: Record<string, unknown>[] = [
  {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
    spec: { serviceName: 'db', replicas: 2, selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'redis', image: 'redis:7' }] } } },
  },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 6379 }] } },
  {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo done; sleep 5'] }] } } },
  },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } },
];

function keysOf(sim: Simulation): string[] {
  const out: string[] = [];
  for (const kind of ['Deployment', 'ReplicaSet', 'Pod', 'StatefulSet', 'Service', 'Job', 'ConfigMap', 'Node', 'Namespace', 'EndpointSlice']) {
    for (const o of sim.list(kind)) out.push(`${kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
  }
  return out;
}

function runSteps(w: Workload, steps: { at: number; argv: Step }[], seed: number): { sim: Simulation; problems: string[] } {
  const sim = newSim([deployment(w), ...SUPPORT], seed);
  const problems: string[] = [];
  let deleted = new Set<string>();
  const roots = () => keysOf(sim).filter((k) => /^(Deployment|StatefulSet|Service|ConfigMap|Node|Namespace)\//.test(k));
  for (const s of steps) {
    sim.runUntil(s.at);
    const before = roots();
    const r = sim.kubectl(s.argv);
    assert.equal(typeof r.output, 'string');
    if (s.argv[0] === 'delete') deleted = new Set([...deleted, ...before.filter((k) => k.startsWith('Job/'))]);
    for (let t = s.at + 1; t <= s.at + 20; t++) {
      sim.runUntil(t);
      const keys = keysOf(sim);
      const dup = keys.filter((k, i) => keys.indexOf(k) !== i);
      if (dup.length) problems.push(`after "${s.argv.join(' ')}" at ${t}s: duplicated ${dup.join(', ')}`);
      const lost = before.filter((k) => !keys.includes(k) && !deleted.has(k));
      if (lost.length) problems.push(`after "${s.argv.join(' ')}" at ${t}s: lost ${lost.join(', ')}`);
      const uids = [...sim.list('Pod'), ...sim.list('ReplicaSet')].map((o) => o.metadata.uid);
      if (new Set(uids).size !== uids.length) problems.push(`after "${s.argv.join(' ')}": a uid is used twice`);
      for (const p of sim.list('Pod')) {
        const c = readyCounts(p);
        if (c.ready > c.total) problems.push(`${p.metadata.name}: READY ${c.ready}/${c.total}`);
      }
    }
  }
  return { sim, problems };
}

const scheduleArb = fc.array(fc.record({ gap: fc.integer({ min: 1, max: 60 }), argv: stepArb }), { minLength: 1, maxLength: 8 }).map((xs) => {
  let at = 30;
  return xs.map((x) => ({ at: (at += x.gap + 20), argv: x.argv }));
});

test('random kubectl step sequences against random workloads: nothing throws, no object lost or duplicated, READY within bounds', { timeout: 900_000 }, () => {
  fc.assert(
    fc.property(workloadArb, scheduleArb, fc.integer({ min: 1, max: 1000 }), (w, steps, seed) => {
      const { problems } = runSteps(w, steps, seed);
      assert.deepEqual(problems.slice(0, 5), []);
    }),
    { numRuns: fuzzRuns(25), seed: fuzzSeed(5) },
  );
});

test('the simulator is deterministic for a seed: the same snapshot JSON twice (random workloads and steps)', { timeout: 900_000 }, () => {
  fc.assert(
    fc.property(workloadArb, scheduleArb, fc.integer({ min: 1, max: 1000 }), (w, steps, seed) => {
      const a = runSteps(w, steps, seed).sim;
      const b = runSteps(w, steps, seed).sim;
      assert.equal(JSON.stringify(a.snapshot()), JSON.stringify(b.snapshot()));
    }),
    { numRuns: fuzzRuns(8), seed: fuzzSeed(9) },
  );
});

/** Steps a few virtual minutes of one corpus file may take; far above what any of them needs. */
const STEP_BOUND = 200_000;
function manifestsOf(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const d of parseAllDocuments(text)) {
    try {
      const v = d.toJS({ maxAliasCount: 100 });
      if (v && typeof v === 'object' && !Array.isArray(v)) out.push(v as Record<string, unknown>);
    } catch {
      // unreadable documents are the checker's business
    }
  }
  return out;
}

test('every fixture and corpus manifest simulates a few virtual minutes deterministically, without throwing', { timeout: 900_000 }, (t) => {
  const samples = [...fixtureSamples(), ...corpusSamples()].filter((s) => !s.path.endsWith('.json') && !s.text.includes('{{'));
  if (!sharedPresent) t.diagnostic('../shared not present: fixtures only');
  let runs = 0;
  for (const s of samples) {
    const objects = manifestsOf(s.text);
    if (objects.length === 0) continue;
    let stoppedBy: string | undefined;
    const once = () => {
      const sim = createSimulation({ objects, seed: 3, horizon: 180, behaviour: createBehaviourModel(), limits: { maxSteps: STEP_BOUND } });
      sim.runUntil(180);
      stoppedBy = sim.stoppedBy;
      return JSON.stringify(sim.snapshot());
    };
    const a = once();
    assert.equal(once(), a, `${s.path}: two runs differ`);
    // (An init container exiting the instant it started used to restart with no back-off, forever.)
    assert.ok(!/event limit/.test(stoppedBy ?? ''), `${s.path}: ${stoppedBy} (a zero-time loop?)`);
    runs++;
  }
  console.log(`simulated ${runs} files for 3 virtual minutes, twice each`);
});

test('mutated fixture manifests through the simulator: applied or refused, a few virtual minutes, never a throw or a zero-time loop', { timeout: 900_000 }, () => {
  const pool = fixtureSamples().filter((s) => s.path.startsWith('test-fixtures/sim/') || s.path.startsWith('test-fixtures/tutorial/'));
  fc.assert(
    fc.property(fc.nat({ max: pool.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 100 }), (i, muts, seed) => {
      const text = muts.reduce(applyMutation, pool[i].text);
      const objects = parseYamlFile('file:///ws/m.yaml', text).docs.map((d) => d.value).filter((v): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v));
      const sim = createSimulation({ objects, seed, horizon: 180, behaviour: createBehaviourModel(), limits: { maxSteps: 200_000 } });
      sim.runUntil(180);
      assert.ok(!/event limit/.test(sim.stoppedBy ?? ''), `${pool[i].path} mutated: ${sim.stoppedBy}\n${text}`);
      for (const a of sim.applied) assert.ok(a.result || a.error);
      JSON.stringify(sim.snapshot());
    }),
    { numRuns: fuzzRuns(60), seed: fuzzSeed(13) },
  );
});
