import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkFiles } from '../../server/src/engine/check';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { applyMutation, assertRangeInside, bounded, corpusSamples, exerciseFile, fixtureSamples, fuzzRuns, fuzzSeed, indexOf, mutationArb, sharedPresent, type Sample } from './helpers';

/**
 * Property tests over the YAML model, the checker and the editing features: real manifests,
 * then the same manifests mutated the way half-typed or damaged files are. Nothing may throw or
 * hang, every range stays inside its document, every offered fix leaves parseable YAML.
 * (Seeds are fixed; see helpers.ts for running more.)
 */

const fixtures = fixtureSamples();

test('every fixture file: parse, check, completion and hover at every position, symbols, folding, fixes', { timeout: 600_000 }, () => {
  const files = fixtures.map((s) => parseYamlFile(`file:///ws/${s.path}`, s.text));
  const index = indexOf(files);
  let positions = 0;
  for (const f of files) {
    exerciseFile(f, index, { maxPositions: 3000 });
    positions += Math.min(f.text.length + 1, 3000);
  }
  assert.ok(files.length > 20, `only ${files.length} fixture files found`);
  console.log(`fixtures: ${files.length} files, about ${positions} completion/hover positions`);
});

test('every ../shared/corpora file: parse, check (all at once), sampled editing positions, fixes', { timeout: 900_000 }, (t) => {
  if (!sharedPresent) {
    t.skip('corpus sweep: ../shared not present');
    return;
  }
  const samples = corpusSamples();
  const files = samples.map((s) => parseYamlFile(`file:///corpus/${s.path}`, s.text));
  const all = bounded('checkFiles over the corpora', () => checkFiles(files));
  assert.equal(all.size, files.length);
  const index = indexOf(files);
  for (const f of files) exerciseFile(f, index, { maxPositions: 60 });
  console.log(`corpora: ${files.length} files checked together, 60 editing positions each`);
});

function mutatedSampleArb(pool: Sample[]): fc.Arbitrary<{ sample: Sample; text: string }> {
  return fc
    .record({ i: fc.nat({ max: pool.length - 1 }), muts: fc.array(mutationArb, { minLength: 1, maxLength: 6 }) })
    .map(({ i, muts }) => {
      // Keep each case small enough to visit every position.
      const base = pool[i].text.length > 2500 ? pool[i].text.slice(0, 2500) : pool[i].text;
      return { sample: pool[i], text: muts.reduce(applyMutation, base) };
    });
}

test('mutated fixtures: nothing throws, ranges stay inside, fixes keep the YAML readable', { timeout: 900_000 }, () => {
  const pool = fixtures.filter((s) => s.text.length > 0);
  fc.assert(
    fc.property(mutatedSampleArb(pool), ({ sample, text }) => {
      const file = parseYamlFile(`file:///ws/${sample.path}`, text);
      const other = parseYamlFile('file:///ws/other.yaml', pool[0].text);
      exerciseFile(file, indexOf([file, other]), { maxPositions: 2600 });
    }),
    { numRuns: fuzzRuns(60), seed: fuzzSeed(20261122) },
  );
});

test('mutated corpus files: nothing throws, ranges stay inside', { timeout: 900_000 }, (t) => {
  if (!sharedPresent) {
    t.skip('mutated corpus files: ../shared not present');
    return;
  }
  const pool = corpusSamples().filter((s) => s.text.length > 0);
  fc.assert(
    fc.property(mutatedSampleArb(pool), ({ sample, text }) => {
      const file = parseYamlFile(`file:///corpus/${sample.path}`, text);
      exerciseFile(file, indexOf([file]), { maxPositions: 300 });
    }),
    { numRuns: fuzzRuns(60), seed: fuzzSeed(7) },
  );
});

// Arbitrary YAML-ish text: the tokens YAML gives meaning to, in any order.
const TOKENS = ['apiVersion: ', 'kind: ', 'v1', 'apps/v1', 'Deployment', 'Pod', 'Service', 'metadata:', 'name: x', 'spec:', 'containers:', '- ', '  ', '    ', '\n', '\r\n', '\t', ': ', '{', '}', '[', ']', ',', '&a ', '*a', '<<: *a', '|', '>', '"', "'", '#', '---\n', '...\n', '{{ x }}', '!!int ', '? ', '0', '-1', '1e400', 'true', 'null', '~', 'é', '\uFEFF', '\uD83D'];

test('random YAML-ish text: parse, check and edit without throwing', { timeout: 600_000 }, () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 120 }), (tokens) => {
      const text = tokens.join('');
      const file = parseYamlFile('file:///ws/random.yaml', text);
      exerciseFile(file, indexOf([file]), { maxPositions: 2000 });
    }),
    { numRuns: fuzzRuns(150), seed: fuzzSeed(42) },
  );
});

test('random unicode strings: the YAML model and checker never throw and ranges stay inside', { timeout: 600_000 }, () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
      const file = parseYamlFile('file:///ws/u.yaml', text);
      for (const f of checkFiles([file]).get(file.uri)!) assertRangeInside(text, file.lines, f.range, 'finding');
    }),
    { numRuns: fuzzRuns(300), seed: fuzzSeed(3) },
  );
});
