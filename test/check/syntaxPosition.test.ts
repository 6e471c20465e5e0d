import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { checkFile } from '../../server/src/engine/check';

/** A YAML syntax error is reported where the problem starts, not where the parser gave up. */

const syntax = (text: string) => checkFile(parseYamlFile('file:///w/p.yaml', text), {}).filter((f) => f.code === 'yaml-syntax');

test('an unclosed double quote is reported at its opening quote, to the end of that line', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: web\n      image: "nginx:1.27\n      ports:\n        - containerPort: 80\n';
  const [f] = syntax(text);
  assert.equal(f.message, 'YAML syntax error: Missing closing "quote');
  assert.deepEqual(f.range, { start: { line: 7, character: 13 }, end: { line: 7, character: 24 } });
});

test('an unclosed single quote, after closed ones with escapes and a comment with a quote', () => {
  const text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 'c'\n  # don't 'stop here\ndata:\n  a: 'it''s fine'\n  b: \"say \\\"hi\\\"\"\n  c: 'open\n  d: x\n";
  const [f] = syntax(text);
  assert.match(f.message, /Missing closing 'quote/);
  assert.deepEqual(f.range.start, { line: 8, character: 5 });
});

test('quotes inside plain scalars do not open anything; without a match the parser\'s position stands', () => {
  const text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: it's\n  b: \"open\n";
  const [f] = syntax(text);
  assert.deepEqual(f.range.start, { line: 6, character: 5 });
});
