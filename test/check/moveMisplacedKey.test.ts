import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { applyEdits } from '../support/edits';
import { checkText, FIXTURES } from './helpers';

/** Applies the "Move" fix of the one unknown-field finding; the fixed text must parse and check clean of it. */
function moveAndRecheck(text: string): string {
  const before = checkText(text).filter((f) => f.code === 'unknown-field');
  assert.equal(before.length, 1, before.map((f) => f.message).join(' | '));
  const fix = before[0].fixes?.find((x) => x.title.startsWith('Move '));
  assert.ok(fix, `no move fix: ${before[0].message}`);
  const fixed = applyEdits(text, fix.edits);
  const after = checkText(fixed);
  assert.deepEqual(after.filter((f) => ['unknown-field', 'yaml-syntax', 'duplicate-key'].includes(f.code)).map((f) => f.message), [], fixed);
  assert.ok(parseYamlFile('x.yaml', fixed).docs.every((d) => d.doc.errors.length === 0), fixed);
  return fixed;
}

test('labels directly under a pod template move into its metadata, created in their place', () => {
  const text = readFileSync(join(FIXTURES, 'learners/relica-sets.yaml'), 'utf8').replace('RelicaSets', 'ReplicaSet').replace('selecotr', 'selector');
  const fixed = moveAndRecheck(text);
  assert.match(fixed, /  template:\n    metadata:\n      labels:\n        tier: frontend\n    spec:\n/);
  assert.equal(checkText(text).find((f) => f.code === 'unknown-field')?.fixes?.[0].title, 'Move "labels" under "spec.template.metadata"');
});

test('labels at the top of a Deployment move into an existing metadata, with comments, after its last entry', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
labels:
  app: web # the app
  tier: "front end"
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27`;
  const fixed = moveAndRecheck(text);
  assert.match(fixed, /^metadata:\n  name: web\n  namespace: shop\n  labels:\n    app: web # the app\n    tier: "front end"\nspec:\n/m);
  // At the end of a file without a final line break, after the destination.
  const last = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: a
    image: nginx:1.27
labels:
  app: p`;
  assert.match(moveAndRecheck(last), /\nmetadata:\n  name: p\n  labels:\n    app: p\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27$/);
});

test('no move fix where a text move could break the YAML: destination already has the key, flow map', () => {
  const dup = `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels: {a: b}
labels:
  app: p
spec:
  containers:
  - {name: a, image: nginx:1.27}
`;
  const f = checkText(dup).find((x) => x.code === 'unknown-field');
  assert.ok(f && /belongs under "metadata"/.test(f.message));
  assert.equal(f.fixes, undefined);
  const flow = `{apiVersion: v1, kind: Pod, metadata: {name: p}, labels: {app: p}, spec: {containers: [{name: a, image: nginx}]}}\n`;
  assert.equal(checkText(flow).find((x) => x.code === 'unknown-field')?.fixes, undefined);
});

test('restartPolicy Never in a container of a Pod or Job moves to the pod spec; none for a Deployment or when the pod has one', () => {
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: a
    image: busybox:1.36
    command: [sh, -c, "exit 0"]
    restartPolicy: Never
`;
  const moveFix = (text: string) => checkText(text).find((f) => f.code === 'value-not-in-enum')?.fixes?.find((x) => x.title === 'Move "restartPolicy" to the pod spec');
  assert.ok(moveFix(pod));
  const fixed = applyEdits(pod, moveFix(pod)!.edits);
  assert.equal(fixed, pod.replace('    restartPolicy: Never\n', '').replace('spec:\n  containers:', 'spec:\n  restartPolicy: Never\n  containers:'));
  assert.deepEqual(checkText(fixed).filter((f) => f.severity === 'error').map((f) => f.message), []);

  const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: j
spec:
  template:
    spec:
      containers:
        - name: a
          image: busybox:1.36
          restartPolicy: OnFailure
`;
  const jobFixed = applyEdits(job, moveFix(job)!.edits);
  assert.match(jobFixed, /    spec:\n      restartPolicy: OnFailure\n      containers:\n        - name: a\n          image: busybox:1.36\n$/);
  assert.deepEqual(checkText(jobFixed).filter((f) => f.severity === 'error').map((f) => f.message), []);

  const deployment = job.replace('apiVersion: batch/v1\nkind: Job', 'apiVersion: apps/v1\nkind: Deployment');
  assert.ok(checkText(deployment).some((f) => f.code === 'value-not-in-enum'));
  assert.equal(moveFix(deployment), undefined);
  assert.equal(moveFix(pod.replace('spec:\n  containers:', 'spec:\n  restartPolicy: Always\n  containers:')), undefined);
});
