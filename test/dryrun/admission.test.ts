import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { checkFile } from '../../server/src/engine/check';
import { admit, refusalMessage } from '../../server/src/engine/dryrun/admission';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { runWorkspace } from '../../server/src/engine/dryrun/workspaceRun';

/** Which documents a dry run simulates: those `check` reports no error for; the others with the API server's words. */

const POD = (name: string, container: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: ${container}\n      image: nginx:1.27\n`;

function admitted(text: string) {
  const file = parseYamlFile('file:///w/m.yaml', text);
  const index = new WorkspaceIndex();
  index.update(file);
  return admit(index.objects(), (f) => checkFile(f, { index }));
}

test('a document with an error of check is refused, its neighbours in the same file are not', () => {
  const a = admitted(`${POD('good', 'web')}---\n${POD('bad', 'Hello')}`);
  assert.deepEqual(a.admitted.map((o) => o.name), ['good']);
  assert.equal(a.rejected.length, 1);
  const r = a.rejected[0];
  assert.equal(r.object, 'Pod/bad');
  assert.equal(r.uri, 'file:///w/m.yaml');
  assert.equal(r.range?.start.line, 15, 'the line of the container name');
  assert.equal(r.code, 'invalid-container-name');
  assert.match(r.message, /^Pod "bad" is invalid: spec\.containers\[0\]\.name: Invalid value: "Hello": a lowercase RFC 1123 label/);
});

test('warnings and information do not refuse a document; nor does a probe on an undeclared named port (the kubelet meets it)', () => {
  const a = admitted('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n      livenessProbe:\n        httpGet: { path: /, port: http }\n');
  assert.deepEqual(a.rejected, []);
  assert.deepEqual(a.admitted.map((o) => o.name), ['p']);
});

test('a YAML error is refused as kubectl refuses it, before anything is sent', () => {
  const a = admitted('apiVersion: v1\nkind: Pod\nmetadata:\n  name: q\nspec:\n  containers:\n    - name: c\n      image: "nginx:1.27\n');
  assert.equal(a.admitted.length, 0);
  assert.match(a.rejected[0].message, /^error converting YAML to JSON: /);
});

test('several field errors are joined as the API server joins them; schema findings in its words', () => {
  const f = (code: string, message: string) => ({ code, message, severity: 'error' as const, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  assert.equal(refusalMessage({ kind: 'Deployment', name: 'web' }, [f('missing-required-field', 'missing required field "selector" in spec'), f('invalid-label', 'metadata.labels: Invalid value: "-x": bad')]),
    'Deployment "web" is invalid: [spec.selector: Required value, metadata.labels: Invalid value: "-x": bad]');
  assert.equal(refusalMessage({ kind: 'Deployment', name: 'web' }, [f('unknown-field', 'unknown field "spec.selecotr" in apps/v1 Deployment; did you mean "selector"?')]),
    'strict decoding error: unknown field "spec.selecotr"');
});

test('runWorkspace (check --dry-run) lists the refused document and simulates only the rest', async () => {
  const file = parseYamlFile('file:///w/m.yaml', `${POD('good', 'web')}---\n${POD('bad', 'Hello')}`);
  const run = await runWorkspace([file], { duration: 30 });
  assert.deepEqual(run.snapshot.pods.map((p) => p.name), ['good']);
  assert.deepEqual(run.rejected.map((r) => [r.object, r.uri, r.range?.start.line]), [['Pod/bad', 'file:///w/m.yaml', 15]]);
});

test('a duplicate key is read as kubectl reads it: a warning, the later value applied, the document simulated', async () => {
  // kubectl's YAML to JSON keeps the later value; the API server never sees the earlier one
  // (kubectl 1.32: `kubectl label --local -f` of this document prints `name: dup-later`).
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: dup-earlier\n  name: dup-later\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n';
  const file = parseYamlFile('file:///w/m.yaml', text);
  const index = new WorkspaceIndex();
  index.update(file);
  const dup = checkFile(file, { index }).filter((f) => f.code === 'duplicate-key');
  assert.deepEqual(dup.map((f) => [f.severity, f.range.start.line]), [['warning', 4]]);
  assert.match(dup[0].message, /kubectl keeps this later value/);
  const a = admitted(text);
  assert.deepEqual(a.rejected, []);
  const run = await runWorkspace([file], { duration: 30 });
  assert.deepEqual(run.snapshot.pods.map((p) => p.name), ['dup-later']);
});
