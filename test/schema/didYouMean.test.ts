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

test('with a limit, the distance is the full one up to the limit and over the limit past it (the character bound turns away only far pairs)', () => {
  // A seeded generator: strings over a small alphabet (many near pairs) and one with codes 32 apart.
  let seed = 20;
  const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const word = (alphabet: string): string => Array.from({ length: next(9) }, () => alphabet[next(alphabet.length)]).join('');
  for (let i = 0; i < 20_000; i++) {
    const alphabet = i % 2 ? 'abcd-1' : 'aA!Aa@`';
    const a = word(alphabet);
    const b = word(alphabet);
    const full = editDistance(a, b);
    for (const limit of [0, 1, 2, 3]) {
      const d = editDistance(a, b, limit);
      if (full <= limit) assert.equal(d, full, `${a} / ${b} within ${limit}`);
      else assert.ok(d > limit, `${a} / ${b} past ${limit}: ${d}`);
    }
  }
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
