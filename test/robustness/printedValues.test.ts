import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { checkFile } from '../../server/src/engine/check';
import { hover } from '../../server/src/engine/editing/hover';
import { createSimulation } from '../../server/src/sim/index';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { corpusSamples, fixtureSamples, fuzzRuns, fuzzSeed, indexOf, paths, setAt, sharedPresent } from './helpers';
import { newShell } from '../shell/helpers';

/**
 * Values printed as JavaScript would print them ("[object Object]", "Invalid value: undefined",
 * a name "undefined") instead of as the API server and kubectl do (JSON for a mapping or a list).
 * Wrong-typed values are put anywhere in real manifests, and everything the user reads is swept:
 * findings and their fixes' titles (check), hovers at every line, the simulation's snapshot
 * (object names, events, assumptions, refusals, `limits`) and the shell's output.
 */

const BAD = /\[object Object\]|Invalid value: undefined|\bundefined\b|\bNaN\b|function \(|=> /;

const CONFUSED: unknown[] = [{ a: { b: 1 } }, { FOO: 'bar' }, [{ x: 1 }], [80], [null], null, 'sleep 3600', 1.5, -1, true, [], {}, ''];

function pool(): Record<string, unknown>[] {
  const texts = [
    ...fixtureSamples().filter((s) => s.path.startsWith('test-fixtures/sim/') || s.path.startsWith('test-fixtures/tutorial/') || s.path.startsWith('test-fixtures/rules/')),
    ...corpusSamples().filter((s) => s.path.startsWith('microservices-demo') || s.path.startsWith('k8s-website')).slice(0, 150),
  ];
  const out: Record<string, unknown>[] = [];
  for (const s of texts) {
    for (const d of parseYamlFile(`file:///${s.path}`, s.text).docs) {
      if (d.isKubernetes && !d.templated && d.value && typeof d.value === 'object' && !Array.isArray(d.value)) out.push(d.value as Record<string, unknown>);
    }
  }
  return out;
}

/** What the user reads of a check and of hovers on every line of the file. */
function checkAndHover(text: string): string[] {
  const file = parseYamlFile('file:///ws/confused.yaml', text);
  const index = indexOf([file]);
  const read: string[] = [];
  for (const f of checkFile(file, { index })) {
    read.push(`${f.code}: ${f.message}`);
    for (const fix of f.fixes ?? []) read.push(`fix ${fix.title}`);
    for (const r of f.related ?? []) read.push(`related ${r.message}`);
  }
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const key = line.search(/\S/);
    const colon = line.indexOf(': ');
    for (const character of [key, colon + 2]) {
      if (character < 0 || character > line.length) continue;
      const h = hover(file, { line: i, character }, { index });
      if (h) read.push(`hover ${i}:${character} ${typeof h.contents === 'string' ? h.contents : JSON.stringify(h.contents)}`);
    }
  });
  return read;
}

test('the classic cases: a mapping as a name, a label value or a quantity is printed as JSON, never as [object Object]', () => {
  const text = [
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {a: 1}\n  labels:\n    app: {b: c}\n',
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      resources:\n        limits:\n          cpu: {a: 1}\n          memory: [1, 2]\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: {n: 1}\n  selector:\n    matchLabels: {app: [x]}\n  template:\n    metadata:\n      labels: {app: [x]}\n    spec:\n      containers: [{name: {x: 1}, image: nginx}]\n',
  ].join('---\n');
  const read = checkAndHover(text);
  assert.ok(read.some((r) => r.startsWith('wrong-type')), read.join('\n'));
  for (const r of read) assert.doesNotMatch(r, BAD, r);
});

test('fuzz: wrong-typed values anywhere in real manifests: check, hover, simulate and the shell never print JavaScript values', { timeout: 600_000 }, async (t) => {
  if (!sharedPresent) t.diagnostic('../shared is absent: the fuzz uses the fixtures only');
  const objects = pool();
  assert.ok(objects.length > 10);
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: objects.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: CONFUSED.length - 1 })), { minLength: 1, maxLength: 3 }), async (i, edits) => {
      const obj = structuredClone(objects[i]);
      for (const [at, which] of edits) {
        const all = paths(obj).filter((p) => p[0] !== 'apiVersion' && p[0] !== 'kind');
        if (all.length) setAt(obj, all[at % all.length], CONFUSED[which]);
      }
      const text = stringify(obj);
      const context = `\n--- the manifest:\n${text}`;
      for (const r of checkAndHover(text)) assert.doesNotMatch(r, BAD, r + context);
      const sim = createSimulation({ objects: [obj], seed: 1, horizon: 90, behaviour: createBehaviourModel(), limits: { maxSteps: 100_000 } });
      sim.runUntil(90);
      for (const a of sim.applied) assert.doesNotMatch(`${a.ref ?? ''} ${a.result ?? ''} ${a.error ?? ''}`, BAD, JSON.stringify(a) + context);
      const snap = sim.snapshot() as unknown as { limits: { reached: boolean; message: string | null } };
      assert.ok(!snap.limits.reached || typeof snap.limits.message === 'string', JSON.stringify(snap.limits));
      assert.doesNotMatch(JSON.stringify(snap), /\[object Object\]|Invalid value: undefined/, context);
      const { session } = newShell({ objects: [obj] });
      for (const line of ['kubectl get all -A -o wide', 'kubectl describe all', 'kubectl get events']) {
        const out = (await session.execute(line)).output;
        assert.doesNotMatch(out, /\[object Object\]|Invalid value: undefined/, `${line}\n${out}${context}`);
      }
    }),
    { numRuns: fuzzRuns(150), seed: fuzzSeed(2020) },
  );
});
