import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createSimulation } from '../../server/src/sim/index';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { corpusSamples, fixtureSamples, fuzzRuns, fuzzSeed, paths, setAt, sharedPresent } from './helpers';
import { newShell } from '../shell/helpers';

/**
 * Values of the wrong type (`command: sleep 3600`, `env: {FOO: bar}`, `ports: [80]`, a null port
 * or volume, `spec: ClusterIP`, a mapping as a name or label value) used to abort the whole
 * simulation with a JavaScript error (`t.command?.map is not a function`). The simulated API
 * server now decodes each object as the real one does: such an object is refused with the
 * decoder's message and the rest is simulated. The fuzz below puts wrong types anywhere in real
 * manifests and drives them through the simulator and the shell.
 */

const pod = (name: string, container: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'busybox:1.36', ...container }], ...extra },
});

const GOOD = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'good' },
  spec: { selector: { matchLabels: { app: 'g' } }, template: { metadata: { labels: { app: 'g' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } },
};

test('each type-confused manifest is refused with the decoder message; the rest is simulated', () => {
  const objects = [
    pod('cmd', { command: 'sleep 3600' }),
    pod('args', { args: '--x' }),
    pod('env', { env: { FOO: 'bar' } }),
    pod('ports', { ports: [80] }),
    pod('nullport', { ports: [null] }),
    pod('nullvolume', {}, { volumes: [null] }),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: 'ClusterIP' },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: { a: 1 } } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'lbl', labels: { a: { b: 'c' } } } },
    pod('cpu', { resources: { limits: { cpu: { a: 1 } } } }),
    GOOD,
  ];
  const sim = createSimulation({ objects, seed: 1, horizon: 120, behaviour: createBehaviourModel() });
  sim.runUntil(120);
  const errors = sim.applied.map((a) => a.error ?? 'ok');
  assert.deepEqual(errors, [
    'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string',
    'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Container.spec.containers.args of type []string',
    'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal object into Go struct field Container.spec.containers.env of type []v1.EnvVar',
    'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field Container.spec.containers.ports of type v1.ContainerPort',
    'Pod "nullport" is invalid: spec.containers[0].ports[0].containerPort: Required value',
    'Pod "nullvolume" is invalid: spec.volumes[0].name: Required value',
    'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field Service.spec of type v1.ServiceSpec',
    'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal object into Go struct field ObjectMeta.metadata.name of type string',
    'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal object into Go struct field ObjectMeta.metadata.labels of type string',
    "Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    'ok',
  ]);
  const snap = sim.snapshot();
  assert.ok(snap.pods.some((p) => p.name.startsWith('good-') && p.status === 'Running'), JSON.stringify(snap.pods));
  assert.doesNotMatch(JSON.stringify(snap), /\[object Object\]|undefined/);
});

test('kubectl patch cannot make a stored object invalid; the session goes on', async () => {
  const s = newShell();
  const run = async (line: string) => (await s.session.execute(line)).output;
  await run('kubectl create deployment web --image=nginx:1.27');
  await run('kubectl create service clusterip s --tcp=80:80');
  assert.match(await run(`kubectl patch deployment web --type json -p '[{"op":"remove","path":"/spec"}]'`), /The Deployment "web" is invalid: \n\* spec\.selector: Required value/);
  assert.match(await run(`kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":"x"}}}}'`), /cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type \[\]v1.Container/);
  assert.match(await run(`kubectl patch service s --type merge -p '{"spec":{"ports":[]}}'`), /The Service "s" is invalid: spec.ports: Required value/);
  assert.match(await run(`kubectl patch deployment web --type json -p '[{"op":"replace","path":"/metadata/labels","value":{"a":{"b":1}}}]'`), /ObjectMeta.metadata.labels of type string/);
  // Every later command still works on the unchanged objects.
  await run('sleep 30s');
  assert.match(await run('kubectl get deployment web'), /web\s+1\/1\s+1\s+1/);
  assert.match(await run('kubectl describe service s'), /Port:\s+80-80\s+80\/TCP/);
  assert.match(await run('kubectl scale deployment web --replicas=2'), /scaled/);
});

// ---------------------------------------------------------------------------
// Fuzz: a wrong-typed value anywhere in real manifests.

const CONFUSED: unknown[] = ['sleep 3600', '--x', 80, 1.5, -1, true, null, [80], [null], ['x'], { FOO: 'bar' }, { a: { b: 1 } }, [], {}, ''];

function manifests(): Record<string, unknown>[] {
  const texts = [
    ...fixtureSamples().filter((s) => s.path.startsWith('test-fixtures/sim/') || s.path.startsWith('test-fixtures/tutorial/')),
    ...corpusSamples().filter((s) => s.path.startsWith('microservices-demo') || s.path.startsWith('k8s-website')).slice(0, 120),
  ];
  const out: Record<string, unknown>[] = [];
  for (const s of texts) {
    for (const d of parseYamlFile(`file:///${s.path}`, s.text).docs) {
      if (d.isKubernetes && !d.templated && d.value && typeof d.value === 'object' && !Array.isArray(d.value)) out.push(d.value as Record<string, unknown>);
    }
  }
  return out;
}

test('fuzz: wrong types anywhere in real manifests, through the simulator and the shell: refused or simulated, never a JavaScript error', { timeout: 600_000 }, async (t) => {
  if (!sharedPresent) t.diagnostic('../shared is absent: the fuzz uses the fixtures only');
  const pool = manifests();
  assert.ok(pool.length > 10);
  const started = Date.now();
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: pool.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: CONFUSED.length - 1 })), { minLength: 1, maxLength: 3 }), async (i, edits) => {
      const obj = structuredClone(pool[i]);
      for (const [at, which] of edits) {
        const all = paths(obj).filter((p) => p[0] !== 'apiVersion' && p[0] !== 'kind');
        if (all.length) setAt(obj, all[at % all.length], CONFUSED[which]);
      }
      const sim = createSimulation({ objects: [obj, GOOD], seed: 1, horizon: 120, behaviour: createBehaviourModel(), limits: { maxSteps: 200_000 } });
      sim.runUntil(120);
      for (const a of sim.applied) assert.ok(a.result || a.error);
      assert.doesNotMatch(JSON.stringify(sim.snapshot()), /\[object Object\]/, JSON.stringify(obj));
      // The same object in a shell session, then the commands a learner types next.
      const { session } = newShell({ objects: [obj, GOOD] });
      for (const line of ['kubectl get all -A', 'kubectl get events', 'sleep 20s', 'kubectl describe pods', 'kubectl get all -o wide', 'kubectl get all -o yaml']) {
        const r = await session.execute(line);
        assert.doesNotMatch(r.output, /TypeError|is not a function|Cannot read properties|\[object Object\]/, `${line}\n${r.output}\n${JSON.stringify(obj)}`);
      }
    }),
    { numRuns: fuzzRuns(120), seed: fuzzSeed(20) },
  );
  t.diagnostic(`fuzz took ${Date.now() - started} ms`);
});
