import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { editedSince, updateLogged } from '../../server/src/lsp/documentEdits';

/**
 * The server's TextDocument update logs where each change fell; the stretch it reports since an
 * earlier version must hold (the text's start and end outside it unchanged), and the text must be
 * the one TextDocument.update makes, for any batch of incremental changes: reversed ranges,
 * positions past a line's end or the text's end, line breaks of every kind, full-text changes.
 */

const PIECES = ['a', 'bc', '\n', '\r\n', '\r', 'key: value\n', '---\n', ''];
const piece = fc.constantFrom(...PIECES);
const position = fc.record({ line: fc.integer({ min: -1, max: 12 }), character: fc.integer({ min: -1, max: 14 }) });
const change = fc.oneof(
  { weight: 9, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text: fc.array(piece, { maxLength: 3 }).map((a) => a.join('')) }) },
  { weight: 1, arbitrary: fc.array(piece, { maxLength: 8 }).map((a) => ({ text: a.join('') })) },
);

test('the stretch an update log reports since an earlier version holds, and the text is TextDocument.update\'s', () => {
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), fc.nat(5), (start, batches, from) => {
      const initial = start.join('');
      const logged = TextDocument.create('file:///w/a.yaml', 'yaml', 1, initial);
      const plain = TextDocument.create('file:///w/a.yaml', 'yaml', 1, initial);
      const texts = new Map<number, string>([[1, initial]]);
      let version = 1;
      for (const batch of batches) {
        version++;
        updateLogged(logged, batch, version);
        TextDocument.update(plain, batch, version);
        assert.equal(logged.getText(), plain.getText());
        texts.set(version, logged.getText());
      }
      const since = Math.min(version - 1, 1 + from);
      const before = texts.get(since)!;
      const now = logged.getText();
      const stretch = editedSince(logged, since);
      assert.ok(stretch, 'the log reaches back');
      assert.ok(stretch.prefix + stretch.suffix <= Math.min(before.length, now.length), JSON.stringify(stretch));
      assert.equal(now.slice(0, stretch.prefix), before.slice(0, stretch.prefix));
      assert.equal(now.slice(now.length - stretch.suffix), before.slice(before.length - stretch.suffix));
      // Older versions are dropped once asked for a later one; the current version has no changes since.
      if (since > 1) assert.equal(editedSince(logged, 1), undefined);
      assert.equal(editedSince(logged, version), undefined);
    }),
    { numRuns: 2000, seed: 19 },
  );
});

test('one keystroke is reported as the one character it changed', () => {
  const doc = TextDocument.create('file:///w/a.yaml', 'yaml', 3, 'a: 1\nb: 2\n');
  updateLogged(doc, [{ range: { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } }, text: 'x' }], 4);
  assert.equal(doc.getText(), 'a: 1\nb: 2x\n');
  assert.deepEqual(editedSince(doc, 3), { prefix: 9, suffix: 1 });
});
