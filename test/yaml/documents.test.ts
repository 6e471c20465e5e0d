import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlFile, rangeForPath, splitDocuments } from '../../server/src/engine/yaml/documents';
import { LineIndex } from '../../server/src/engine/yaml/lineIndex';
import fc from 'fast-check';

test('splits on --- and ... markers only at column 0', () => {
  const text = 'a: 1\n---\nb: |\n  ---\n  x\n--- # c\nc: 3\n...\nd: 4\n';
  const parts = splitDocuments(text).map((p) => text.slice(p.start, p.end));
  assert.deepEqual(parts, ['a: 1\n', '---\nb: |\n  ---\n  x\n', '--- # c\nc: 3\n...\n', 'd: 4\n']);
});

test('--- followed by text that is not a marker does not split', () => {
  assert.equal(splitDocuments('a: 1\n----\nb: 2\n').length, 1);
});

test('documents carry kind, name and exact ranges in the file (CRLF)', () => {
  const f = parseYamlFile('x.yaml', 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: web\r\n---\r\nkind: Service\r\n');
  assert.equal(f.docs.length, 2);
  assert.equal(f.docs[0].kind, 'Pod');
  assert.equal(f.docs[0].name, 'web');
  assert.equal(f.docs[0].isKubernetes, true);
  assert.equal(f.docs[1].isKubernetes, false);
  assert.deepEqual(rangeForPath(f, f.docs[0], ['metadata', 'name']), { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } });
  assert.deepEqual(rangeForPath(f, f.docs[0], ['metadata', 'name'], 'key'), { start: { line: 3, character: 2 }, end: { line: 3, character: 6 } });
  assert.deepEqual(rangeForPath(f, f.docs[1], ['kind']).start, { line: 5, character: 6 });
});

test('missing paths fall back to the nearest existing key', () => {
  const f = parseYamlFile('x.yaml', 'kind: Pod\nspec:\n  containers: []\n');
  assert.deepEqual(rangeForPath(f, f.docs[0], ['spec', 'restartPolicy']), { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
});

test('a BOM does not shift positions and YAML 1.1 booleans are read as kubectl reads them', () => {
  const f = parseYamlFile('x.yaml', '\ufeffkind: Pod\nvalue: yes\n');
  assert.equal(f.docs[0].kind, 'Pod');
  assert.deepEqual(f.docs[0].value, { kind: 'Pod', value: true });
});

test('an alias bomb yields a value error instead of exhausting memory', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`);
  const f = parseYamlFile('bomb.yaml', lines.join('\n'));
  assert.ok(f.docs[0].aliasProblem ?? f.docs[0].valueError, 'expected the alias bound to refuse the value');
  assert.equal(f.docs[0].value, undefined);
});

test('line index handles lone CR and positions past the end', () => {
  const li = new LineIndex('a\rb\r\nc');
  assert.equal(li.lineCount, 3);
  assert.deepEqual(li.positionAt(2), { line: 1, character: 0 });
  assert.equal(li.offsetAt({ line: 2, character: 99 }), 6);
  assert.equal(li.lineText(1), 'b');
});

test('a line index of a slice taken from the file index equals one built from the slice text', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', ' ', '\n', '\r', '\r\n', 'b: 1', '---\n'), { maxLength: 40 }), fc.nat(), fc.nat(), (parts, x, y) => {
      const text = parts.join('');
      const whole = new LineIndex(text);
      const lineStarts = [...Array(whole.lineCount).keys()].map((l) => whole.lineStart(l));
      const start = lineStarts[x % lineStarts.length];
      // Documents end where the next one starts (a line start) or at the end of the text.
      const ends = [...lineStarts.filter((s) => s >= start), text.length];
      const end = ends[y % ends.length];
      const a = whole.slice(start, end);
      const b = new LineIndex(text.slice(start, end));
      assert.equal(a.lineCount, b.lineCount);
      for (let o = 0; o <= end - start; o++) assert.deepEqual(a.positionAt(o), b.positionAt(o));
      for (let l = 0; l < b.lineCount; l++) assert.equal(a.lineEnd(l), b.lineEnd(l));
    }),
    { seed: 3, numRuns: 500 },
  );
});
