import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brief, check, checkText, fixture, own } from './helpers';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { checkFile, checkFiles, documentFindings } from '../../server/src/engine/check';
import { normalizeSettings } from '../../server/src/engine/config';

test('schema mistakes: enum, wrong types with a quoting fix, missing required field', () => {
  const f = fixture('schema/mistakes.yaml');
  const findings = own(check([f]).get(f.uri));
  assert.deepEqual(findings.map(brief), ['7:18-7:24 value-not-in-enum', '12:26-12:30 wrong-type', '15:18-15:22 wrong-type', '20:7-20:21 missing-required-field']);
  assert.equal(findings[0].message, 'spec.restartPolicy must be one of "Always", "OnFailure" or "Never", but found the string "always"; did you mean "Always"?');
  assert.equal(findings[0].fixes?.[0].edits[0].newText, 'Always');
  assert.equal(findings[1].message, 'spec.containers[0].ports[0].containerPort must be an integer, but found the string "80"');
  assert.equal(findings[2].fixes?.[0].edits[0].newText, '"8080"');
  assert.equal(findings[3].message, 'missing required field "name" in spec.containers[1]');
  assert.deepEqual(findings[3].fixes?.[0].edits[0], { range: { start: { line: 19, character: 6 }, end: { line: 19, character: 6 } }, newText: 'name: ""\n      ' });
});

test('missing required field on the parent key, with an add-field fix', () => {
  const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: 1\n  template: {}\n';
  const findings = own(checkText(text));
  assert.deepEqual(findings.map(brief), ['5:1-5:5 missing-required-field']);
  assert.equal(findings[0].message, 'missing required field "selector" in spec');
  assert.deepEqual(findings[0].fixes?.[0].edits[0], { range: { start: { line: 5, character: 2 }, end: { line: 5, character: 2 } }, newText: 'selector: {}\n  ' });
});

test('syntax errors and duplicate keys in manifests; nothing for other YAML', () => {
  const dup = own(checkText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n'));
  assert.deepEqual(dup.map(brief), ['5:3-5:7 duplicate-key']);
  // The later value is the one kubectl sends: findings about it sit on it and fixes quote it
  // (with the outline's fast positions and, after an empty value, the full parse's).
  for (const [text, line] of [['metadata:\n  name: a\n  labels:\n    tier: 3\n    tier: 4\n', 6], ['metadata:\n  name: a\n  labels:\n    tier:\n    tier: 4\n', 6]] as const) {
    const wrong = own(checkText(`apiVersion: v1\nkind: ConfigMap\n${text}`)).find((f) => f.code === 'wrong-type');
    assert.equal(wrong?.range.start.line, line, text);
    assert.match(wrong!.message, /found the number 4; quote it: "4"/);
  }
  const broken = own(checkText('apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a\n'));
  assert.ok(broken.length > 0 && broken.every((f) => f.code === 'yaml-syntax'));
  assert.deepEqual(checkText('key: [unclosed\n'), [], 'a broken file that is not a manifest is not ours');
});

test('non-Kubernetes YAML, Helm templates and Chart/values files get no diagnostics', () => {
  for (const rel of ['lenient/github-workflow.yaml', 'lenient/docker-compose.yaml', 'lenient/helm/Chart.yaml', 'lenient/helm/values.yaml', 'lenient/helm/templates/deployment.yaml']) {
    const f = fixture(rel);
    assert.deepEqual(check([f]).get(f.uri), [], rel);
  }
});

test('kustomize patch files and $patch documents are not flagged', () => {
  const files = ['lenient/kustomize/kustomization.yaml', 'lenient/kustomize/base.yaml', 'lenient/kustomize/overlay/replicas.yaml', 'lenient/kustomize/overlay/remove-sidecar.yaml', 'lenient/kustomize/inline-delete.yaml'].map(fixture);
  const results = check(files);
  for (const f of files) assert.deepEqual(own(results.get(f.uri)), [], f.uri);
  // Checked alone, without its kustomization, the same patch is an incomplete Deployment.
  const alone = check([fixture('lenient/kustomize/overlay/replicas.yaml')]);
  assert.deepEqual([...alone.values()][0].map((x) => x.code), ['missing-required-field', 'missing-required-field']);
});

test('kind: List validates each item at its place in the file', () => {
  const f = fixture('lenient/list.yaml');
  const findings = own(check([f]).get(f.uri));
  assert.deepEqual(findings.map(brief), ['20:11-20:20 unknown-field']);
  assert.match(findings[0].message, /^unknown field "spec\.ports\[0\]\.protocoll" in v1 Service; did you mean "protocol"\?$/);
});

test('suppression comments and severity settings', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  # kube-rehearsal-disable-next-line value-not-in-enum, other\n  restartPolicy: always\n  containers: []\n  dnsPolicy: nope\n';
  assert.deepEqual(own(checkText(text)).map(brief), ['9:14-9:18 value-not-in-enum']);
  const warn = own(checkText(text, 'a.yaml', { settings: normalizeSettings({ rules: { 'value-not-in-enum': 'warning' } }) }));
  assert.deepEqual(warn.map((f) => f.severity), ['warning']);
  assert.deepEqual(own(checkText(text, 'b.yaml', { settings: normalizeSettings({ rules: { 'value-not-in-enum': 'off' } }) })), []);
  assert.deepEqual(checkText(text, 'c.yaml', { settings: normalizeSettings({ enable: false }) }), []);
});

test('an edit re-validates only its document: findings are cached by document text and shifted', () => {
  const doc = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  restartPolicy: always\n  containers: []\n';
  const one = parseYamlFile('x.yaml', doc);
  const two = parseYamlFile('x.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n---\n' + doc);
  const a = documentFindings(one, one.docs[0]);
  const b = documentFindings(two, two.docs[1]);
  assert.equal(b[0].range.start.line, a[0].range.start.line + 5);
  assert.equal(b[0].fixes?.[0].edits[0].range.start.line, a[0].fixes?.[0].edits[0].range.start.line! + 5);
  assert.notEqual(a[0], b[0], 'callers get their own copies');
  assert.deepEqual(own(checkFile(two)).map(brief), ['11:18-11:24 value-not-in-enum']);
});

test('YAML 1.1 booleans (name: n) are caught the way kubectl reads them, with a quoting fix', () => {
  const findings = own(checkText('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n'));
  assert.deepEqual(findings.map(brief), ['4:9-4:10 wrong-type']);
  assert.equal(findings[0].message, 'metadata.name must be a string, but found the boolean false; quote it: "n"');
  assert.equal(findings[0].fixes?.[0].edits[0].newText, '"n"');
});

test('the checker never throws on hostile input', () => {
  const inputs = ['', '---\n---\n', 'apiVersion: v1\nkind: Pod\nspec: 5\n', 'apiVersion: v1\nkind: List\nitems: [1, null, {apiVersion: v1}]\n', 'apiVersion: 1\nkind: []\n', '\t\u0000{{', 'a: &a [*a]\napiVersion: v1\nkind: Pod\n'];
  for (const text of inputs) assert.doesNotThrow(() => checkText(text), JSON.stringify(text));
  const wrongRoot = own(checkText('apiVersion: v1\nkind: Pod\nspec: 5\n'));
  assert.deepEqual(wrongRoot.map((f) => f.code), ['wrong-type']);
  assert.equal(wrongRoot[0].message, 'spec must be a map of fields (key: value), but found the number 5');
});

test('a cached document is re-checked against the workspace: a Service follows its Deployment changing ports', () => {
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n';
  const deployment = (port: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - containerPort: ${port}\n`;
  const svc = parseYamlFile('file:///svc.yaml', service);
  const before = checkFiles([svc, parseYamlFile('file:///deploy.yaml', deployment(80))]).get(svc.uri)!;
  assert.deepEqual(before.map((f) => f.code), ['service-target-port']);
  // Same Service text, so its per-document findings come from the cache; this rule must not.
  const after = checkFiles([svc, parseYamlFile('file:///deploy.yaml', deployment(8080))]).get(svc.uri)!;
  assert.deepEqual(after.map((f) => f.code), []);
});
