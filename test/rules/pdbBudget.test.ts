import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsFor } from './helpers';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS } from '../../server/src/sim/index';

const pdb = (spec: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
${spec}  selector:
    matchLabels:
      app: web
`;

test('pdb-budget: both fields set, negative numbers, bad and over-100% percentages', () => {
  const both = findingsFor(pdb('  minAvailable: 2\n  maxUnavailable: 1\n'), 'pdb-budget');
  assert.deepEqual(both.map((f) => f.message), ['spec: Invalid value: {"minAvailable":2,"selector":{"matchLabels":{"app":"web"}},"maxUnavailable":1}: minAvailable and maxUnavailable cannot be both set']);
  assert.deepEqual(findingsFor(pdb('  minAvailable: -1\n'), 'pdb-budget').map((f) => f.message), ['spec.minAvailable: Invalid value: -1: must be greater than or equal to 0']);
  assert.deepEqual(findingsFor(pdb('  maxUnavailable: 120%\n'), 'pdb-budget').map((f) => f.message), ['spec.maxUnavailable: Invalid value: "120%": must not be greater than 100%']);
  assert.deepEqual(findingsFor(pdb('  minAvailable: half\n'), 'pdb-budget').map((f) => f.message), ["spec.minAvailable: Invalid value: \"half\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"]);
  for (const ok of ['  minAvailable: 0\n', '  maxUnavailable: 100%\n', '  minAvailable: 50%\n', '']) assert.equal(findingsFor(pdb(ok), 'pdb-budget').length, 0, ok);
});

test('pdb-budget: the simulated API server refuses what the rule reports (one verdict)', () => {
  const sim = createSimulation({ objects: [], behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }) });
  const r = sim.applyManifest({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: '150%', selector: { matchLabels: { app: 'web' } } } });
  assert.equal(r.error, 'PodDisruptionBudget.policy "web" is invalid: spec.minAvailable: Invalid value: "150%": must not be greater than 100%');
  assert.equal(sim.applyManifest({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } }).result, 'created');
});
