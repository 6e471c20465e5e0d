import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixAndRecheck, expectOne, findingsFor } from './helpers';

const deployment = (selector: string, labels: string, kind = 'Deployment', apiVersion = 'apps/v1') => `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: web
spec:
  selector:
${selector}
  template:
    metadata:
      labels:
${labels}
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

test('selector-mismatch: matchLabels value differs, range on the template label value', () => {
  const t = deployment('    matchLabels:\n      app: web', '        app: api');
  const f = expectOne(findingsFor(t, 'selector-mismatch'), 'selector-mismatch', t, 'api', 11);
  assert.equal(f.severity, 'error');
  assert.match(f.message, /^spec\.template\.metadata\.labels: Invalid value: map\[string\]string\{"app":"api"\}: `selector` does not match template `labels`/);
  assert.match(f.message, /app: selector wants "web", template has "api"/);
  assert.equal(f.related?.[0].range.start.line, 7);
});

test('selector-mismatch: matching selector and a superset of labels do not fire', () => {
  const t = deployment('    matchLabels:\n      app: web', '        app: web\n        tier: front');
  assert.deepEqual(findingsFor(t, 'selector-mismatch'), []);
});

test('selector-mismatch: missing template label points at the labels key', () => {
  const t = deployment('    matchLabels:\n      app: web\n      tier: front', '        app: web');
  const f = expectOne(findingsFor(t, 'selector-mismatch'), 'selector-mismatch', t, 'labels', 11);
  assert.match(f.message, /tier: selector wants "front", template has no such label/);
});

test('selector-mismatch: matchExpressions In, NotIn, Exists, DoesNotExist are evaluated', () => {
  const expr = (op: string, values = '') => `    matchExpressions:\n    - key: tier\n      operator: ${op}${values}`;
  const labels = '        app: web\n        tier: front';
  assert.equal(findingsFor(deployment(expr('In', '\n      values: [front, back]'), labels), 'selector-mismatch').length, 0);
  assert.equal(findingsFor(deployment(expr('In', '\n      values: [back]'), labels), 'selector-mismatch').length, 1);
  assert.equal(findingsFor(deployment(expr('NotIn', '\n      values: [back]'), labels), 'selector-mismatch').length, 0);
  const notIn = findingsFor(deployment(expr('NotIn', '\n      values: [front]'), labels), 'selector-mismatch');
  assert.equal(notIn.length, 1);
  assert.match(notIn[0].message, /selector excludes "front"/);
  assert.equal(findingsFor(deployment(expr('Exists'), labels), 'selector-mismatch').length, 0);
  assert.equal(findingsFor(deployment(expr('Exists'), '        app: web'), 'selector-mismatch').length, 1);
  assert.equal(findingsFor(deployment(expr('DoesNotExist'), '        app: web'), 'selector-mismatch').length, 0);
  const dne = findingsFor(deployment(expr('DoesNotExist'), labels), 'selector-mismatch');
  assert.equal(dne.length, 1);
  assert.match(dne[0].message, /tier: selector requires the label to be absent/);
});

test('selector-mismatch: DaemonSet, StatefulSet, ReplicaSet; Job only with manualSelector', () => {
  for (const kind of ['DaemonSet', 'StatefulSet', 'ReplicaSet']) {
    assert.equal(findingsFor(deployment('    matchLabels:\n      app: a', '        app: b', kind), 'selector-mismatch').length, 1, kind);
  }
  const job = (manual: boolean) => `apiVersion: batch/v1
kind: Job
metadata:
  name: j
spec:
${manual ? '  manualSelector: true\n' : ''}  selector:
    matchLabels:
      app: a
  template:
    metadata:
      labels:
        app: b
    spec:
      restartPolicy: Never
      containers:
      - name: j
        image: busybox:1.36
`;
  assert.equal(findingsFor(job(true), 'selector-mismatch').length, 1);
  assert.equal(findingsFor(job(false), 'selector-mismatch').length, 0);
});

test('selector-mismatch: ReplicationController map selector; omitted selector defaults to the labels', () => {
  const rc = (sel: string) => `apiVersion: v1
kind: ReplicationController
metadata:
  name: rc
spec:
${sel}  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;
  const bad = rc('  selector:\n    app: webb\n');
  expectOne(findingsFor(bad, 'selector-mismatch'), 'selector-mismatch', bad, 'web', 10);
  assert.equal(findingsFor(rc(''), 'selector-mismatch').length, 0);
  assert.equal(findingsFor(rc('  selector:\n    app: web\n'), 'selector-mismatch').length, 0);
});

test('selector-mismatch: templated values are unknown, never mismatches', () => {
  const t = deployment('    matchLabels:\n      app: {{ .Values.name }}', '        app: web');
  assert.equal(findingsFor(t, 'selector-mismatch').length, 0);
  const t2 = deployment('    matchLabels:\n      app: web', '        app: "{{ .Values.name }}"');
  assert.equal(findingsFor(t2, 'selector-mismatch').length, 0);
});

test('selector-mismatch fix: copy the selector into the template labels (existing key, missing key, missing labels map)', () => {
  const changed = deployment('    matchLabels:\n      app: web\n      tier: front', '        app: api');
  const fixed = applyFixAndRecheck(changed, 'selector-mismatch', 'Copy the selector into the template labels');
  assert.match(fixed, /labels:\n {8}app: web\n {8}tier: front\n/);
  const noLabels = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      annotations:
        a: b
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;
  applyFixAndRecheck(noLabels, 'selector-mismatch', 'Copy the selector into the template labels');
  const flow = deployment('    matchLabels: {app: web}', '        {}').replace('labels:\n        {}', 'labels: {}');
  applyFixAndRecheck(flow, 'selector-mismatch', 'Copy the selector into the template labels');
});

test('selector-mismatch fix: make the selector match the template labels', () => {
  const t = deployment('    matchLabels:\n      app: web\n      extra: x', '        app: api');
  const fixed = applyFixAndRecheck(t, 'selector-mismatch', 'Make the selector match the template labels');
  assert.match(fixed, /matchLabels:\n {6}app: api\n {2}template/);
  // Dropping every requirement would leave an empty selector: that fix is not offered.
  const only = deployment('    matchLabels:\n      tier: x', '        app: api');
  const f = findingsFor(only, 'selector-mismatch')[0];
  assert.deepEqual(f.fixes?.map((x) => x.title), ['Copy the selector into the template labels']);
});

test('selector-empty: {} selector on a Deployment; non-empty does not fire', () => {
  const t = deployment('    {}', '        app: web').replace('selector:\n    {}', 'selector: {}');
  const f = expectOne(findingsFor(t, 'selector-empty'), 'selector-empty', t, 'selector', 5);
  assert.equal(f.message, 'spec.selector: Invalid value: {}: empty selector is invalid for deployment');
  assert.equal(findingsFor(deployment('    matchLabels:\n      app: web', '        app: web'), 'selector-empty').length, 0);
});

test('selector-immutable: a version label in an apps/v1 selector is information', () => {
  const t = deployment('    matchLabels:\n      app: web\n      version: v1.2.0', '        app: web\n        version: v1.2.0');
  const f = expectOne(findingsFor(t, 'selector-immutable'), 'selector-immutable', t, 'version', 8);
  assert.equal(f.severity, 'information');
  assert.equal(findingsFor(deployment('    matchLabels:\n      app: web', '        app: web'), 'selector-immutable').length, 0);
});
