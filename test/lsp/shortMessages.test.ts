import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shortMessage } from '../../server/src/lsp/shortMessages';
import { toDiagnostic } from '../../server/src/lsp/services/diagnostics';
import { DNS1123_LABEL_MESSAGE, DNS1123_SUBDOMAIN_MESSAGE } from '../../server/src/engine/rules/nameValidation';
import { checkText } from '../check/helpers';

test('the API server regex tail is cut from the Problems-panel message, the rest kept as written', () => {
  const full = `spec.containers[0].name: Invalid value: "Hello": ${DNS1123_LABEL_MESSAGE}`;
  assert.equal(
    shortMessage(full),
    `spec.containers[0].name: Invalid value: "Hello": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`,
  );
  assert.equal(shortMessage(`metadata.name: Invalid value: "A_b": ${DNS1123_SUBDOMAIN_MESSAGE}; did you mean "a-b"?`), `metadata.name: Invalid value: "A_b": ${DNS1123_SUBDOMAIN_MESSAGE.replace(/ \(e\.g\..*\)$/, '')}; did you mean "a-b"?`);
  const plain = 'unknown field "spec.selecotr" in apps/v1 ReplicaSet; did you mean "selector"?';
  assert.equal(shortMessage(plain), plain);
});

test('diagnostics carry the short message while the finding (the CLI) keeps the full one', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: Hello\n    image: nginx:1.27\n';
  const f = checkText(text).find((x) => x.code === 'invalid-container-name');
  assert.ok(f);
  assert.match(f.message, /regex used for validation is '\[a-z0-9\]\(\[-a-z0-9\]\*\[a-z0-9\]\)\?'\)$/);
  const d = toDiagnostic(f);
  assert.ok(!d.message.includes('regex'), d.message);
  assert.match(d.message, /must start and end with an alphanumeric character$/);
});
