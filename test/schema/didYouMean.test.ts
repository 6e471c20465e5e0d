import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, orList, suggest } from '../../server/src/engine/schema/didYouMean';
import { creatableKinds } from '../../server/src/engine/schema/registry';

test('edit distance counts a swap of neighbours as one edit', () => {
  assert.equal(editDistance('selecotr', 'selector'), 1);
  assert.equal(editDistance('replicas', 'replicas'), 0);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('abc', 'xyz', 1), 2, 'stops early past the limit');
});

test('kinds: RelicaSets -> ReplicaSet, deployment -> Deployment, Pods -> Pod', () => {
  const kinds = creatableKinds();
  assert.equal(suggest('RelicaSets', kinds)[0].value, 'ReplicaSet');
  assert.equal(suggest('deployment', kinds)[0].value, 'Deployment');
  assert.equal(suggest('Pods', kinds)[0].value, 'Pod');
  assert.equal(suggest('Services', kinds)[0].value, 'Service');
  assert.equal(suggest('Ingresses', kinds)[0].value, 'Ingress');
  assert.equal(suggest('statefulset', kinds)[0].value, 'StatefulSet');
});

test('ranking puts case-only and plural matches before edit distance', () => {
  const ranked = suggest('pod', ['Pod', 'pods', 'pot']).map((s) => s.value);
  assert.deepEqual(ranked, ['Pod', 'pods', 'pot']);
});

test('fields: selecotr -> selector, nothing for unrelated words', () => {
  const spec = ['minReadySeconds', 'replicas', 'selector', 'template'];
  assert.deepEqual(suggest('selecotr', spec).map((s) => s.value), ['selector']);
  assert.deepEqual(suggest('replica', spec).map((s) => s.value), ['replicas']);
  assert.deepEqual(suggest('zzzz', spec), []);
  assert.deepEqual(suggest('ab', ['xy']), [], 'replacing every letter is no suggestion');
});

test('orList joins with commas and "or"', () => {
  assert.equal(orList(['a']), '"a"');
  assert.equal(orList(['a', 'b', 'c']), '"a", "b" or "c"');
});
