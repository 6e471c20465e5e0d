import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { checkFile } from '../../server/src/engine/check';
import { admit, refusalMessage, refusals } from '../../server/src/engine/dryrun/admission';
import { isApiServerRejection, validateForApiServer } from '../../server/src/engine/apiServerValidation';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { runWorkspace } from '../../server/src/engine/dryrun/workspaceRun';

/** Which documents a dry run simulates: those `check` reports no API-server rejection for; the others with the API server's words. */

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

test('refusals: exactly what the simulated API server refuses for (isApiServerRejection), plus YAML kubectl cannot read', () => {
  const f = (code: string, severity: 'error' | 'warning' = 'error') => ({ code, message: `${code} here`, severity, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  const codes = (list: ReturnType<typeof f>[]) => refusals(list).map((x) => x.code);
  // API-server codes refuse whatever severity a setting gave them: the simulated API server refuses them all the same.
  assert.deepEqual(codes([f('selector-mismatch'), f('invalid-container-name', 'warning'), f('containers-required')]), ['selector-mismatch', 'invalid-container-name', 'containers-required']);
  assert.deepEqual(codes([f('yaml-syntax')]), ['yaml-syntax']);
  // Errors the API server does not refuse for, and a duplicate key (kubectl keeps the later value).
  assert.deepEqual(codes([f('probe-port-unknown'), f('pod-security'), f('kustomize-build'), f('duplicate-key', 'warning'), f('image-latest-tag', 'warning')]), []);
  // Each refusal is one the simulated API server makes too.
  for (const code of codes([f('selector-mismatch'), f('missing-required-field'), f('unknown-field')])) assert.ok(isApiServerRejection({ code, severity: 'error' }), code);
});

test('a dry run and the simulated API server agree: what admit lets through, applyObject accepts', () => {
  const docs = [
    POD('ok', 'web'),
    POD('bad', 'Hello'),
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: { app: a }\n  template:\n    metadata:\n      labels: { app: a }\n    spec:\n      containers: []\n',
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: probe\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      livenessProbe:\n        httpGet: { path: /, port: http }\n',
  ];
  const a = admitted(docs.join('---\n'));
  assert.deepEqual(a.admitted.map((o) => o.name), ['ok', 'probe']);
  assert.deepEqual(a.rejected.map((r) => r.object), ['Pod/bad', 'DaemonSet/agent']);
  for (const text of docs) {
    const value = parseYamlFile('file:///w/one.yaml', text).docs[0].value as Record<string, unknown>;
    const refused = validateForApiServer(value) !== undefined;
    assert.equal(refused, !a.admitted.some((o) => o.name === (value.metadata as { name: string }).name), text);
  }
});

test('RBAC, Ingress, NetworkPolicy, PersistentVolume, StorageClass and PriorityClass documents are simulated, not listed as not simulated', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const text = readFileSync(join(__dirname, '..', '..', 'test-fixtures', 'cluster-kinds', 'kinds.yaml'), 'utf8');
  const run = await runWorkspace([parseYamlFile('file:///w/kinds.yaml', text)], { duration: 10 });
  assert.deepEqual(run.rejected, []);
});
