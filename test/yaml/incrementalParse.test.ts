import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseYamlFile, type YamlFile } from '../../server/src/engine/yaml/documents';

/**
 * parseYamlFile with the previous parse of the file re-reads only the documents around an edit:
 * after any sequence of edits the result must be the parse from scratch (documents, offsets,
 * values, line starts). Fuzzed with document markers, line breaks of every kind and partial
 * markers, since those move document boundaries.
 */

const PIECES = ['---\n', '...\n', 'a: 1\n', 'kind: Pod\n', '\r\n', '\r', '\n', '- x\n', '--- # c\n', 'b: "q\n', ' c: 2\n', '#x\n', '----\n', '..', '-', 'apiVersion: v1\n', 'x: {{ y }}\n', '---'];
const texts = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((a) => a.join(''));

function shape(f: YamlFile): string {
  return JSON.stringify({
    docs: f.docs.map((d) => [d.index, d.start, d.end, d.text, d.templated, d.empty, d.isKubernetes, JSON.stringify(d.value) ?? null]),
    lines: Array.from({ length: f.lines.lineCount }, (_, i) => f.lines.lineStart(i)),
    templated: f.templated,
  });
}

function edit(text: string, at: number, remove: number, insert: string): string {
  const p = text.length ? at % (text.length + 1) : 0;
  return text.slice(0, p) + insert + text.slice(Math.min(text.length, p + remove));
}

for (const uri of ['file:///w/a.yaml', 'file:///w/chart/templates/a.yaml']) {
  test(`an edited file parses as from scratch after random edits (${uri.includes('templates') ? 'chart template' : 'plain file'})`, () => {
    fc.assert(
      fc.property(texts, fc.array(fc.tuple(fc.nat(), fc.nat(8), texts), { minLength: 1, maxLength: 6 }), (start, edits) => {
        let text = start;
        let file = parseYamlFile(uri, text);
        for (const [at, remove, insert] of edits) {
          text = edit(text, at, remove, insert);
          file = parseYamlFile(uri, text, file);
          assert.equal(shape(file), shape(parseYamlFile(uri, text)), JSON.stringify(text));
        }
      }),
      { numRuns: uri.includes("templates") ? 300 : 800, seed: 19 },
    );
  });
}

test('an edited file told where its edits fell (as the language server tells it, or less) parses as from scratch', () => {
  const uri = 'file:///w/a.yaml';
  fc.assert(
    fc.property(texts, fc.array(fc.tuple(fc.array(fc.tuple(fc.nat(), fc.nat(8), texts), { minLength: 0, maxLength: 3 }), fc.nat(3), fc.nat(3)), { minLength: 1, maxLength: 5 }), (start, batches) => {
      let text = start;
      let file = parseYamlFile(uri, text);
      // Each batch: edits folded as the server folds the editor's changes, then less by some slack.
      for (const [edits, slackStart, slackEnd] of batches) {
        const before = text;
        let prefix = Infinity;
        let suffix = Infinity;
        for (const [at, remove, insert] of edits) {
          const p = text.length ? at % (text.length + 1) : 0;
          const end = Math.min(text.length, p + remove);
          prefix = Math.min(prefix, p);
          suffix = Math.min(suffix, text.length - end);
          text = edit(text, at, remove, insert);
        }
        if (prefix === Infinity) [prefix, suffix] = [text.length, 0];
        const stretch = { prefix: Math.max(0, prefix - slackStart), suffix: Math.max(0, suffix - slackEnd) };
        assert.ok(before.slice(0, stretch.prefix) === text.slice(0, stretch.prefix) && before.slice(before.length - stretch.suffix) === text.slice(text.length - stretch.suffix));
        file = parseYamlFile(uri, text, file, stretch);
        assert.equal(shape(file), shape(parseYamlFile(uri, text)), JSON.stringify([before, text, stretch]));
      }
    }),
    { numRuns: 1000, seed: 19 },
  );
});

test('an edit in a large file keeps the documents before it and the parses of those after it', () => {
  const docs = Array.from({ length: 50 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`);
  const text = docs.join('---\n');
  const before = parseYamlFile('file:///w/big.yaml', text);
  const edited = text.replace('name: c20\n', 'name: c20\n  namespace: x\n');
  const after = parseYamlFile('file:///w/big.yaml', edited, before);
  assert.equal(shape(after), shape(parseYamlFile('file:///w/big.yaml', edited)));
  assert.equal(after.docs[5], before.docs[5], 'a document before the edit is the same object');
  assert.equal(after.docs[40].value, before.docs[40].value, 'a document after it keeps its parse');
  assert.equal(after.docs[40].start, before.docs[40].start + '  namespace: x\n'.length);
  assert.equal(after.docs[20].namespace, 'x');
});
