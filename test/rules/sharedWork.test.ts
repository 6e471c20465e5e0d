import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlFile, standaloneDoc } from '../../server/src/engine/yaml/documents';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { describeObject } from '../../server/src/engine/workspace/objectFacts';
import { droppingNullsKeepsValid, normalizeForValidation, validateObject } from '../../server/src/engine/schema/validate';
import { containersOf } from '../../server/src/engine/rules/containerIterate';
import { scheduleError } from '../../server/src/engine/rules/cronSchedule';
import { LineIndex } from '../../server/src/engine/yaml/lineIndex';

/**
 * The work several checks share (facts per parsed value, container lists, remembered verdicts,
 * copy-on-write normalization) must give what computing it afresh gives.
 */

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  initContainers:
  - name: init
    image: busybox:1.36
  containers:
  - name: app
    image: nginx:1.27
    ports:
    - containerPort: 80
      name: http
  - name: side
    image: envoy:1.30
  ephemeralContainers:
  - name: debug
    image: busybox:1.36
`;

test('a copy of a document (as the per-document cache checks it) shares its facts; ranges are those of its own file', () => {
  const file = parseYamlFile('file:///ws/pod.yaml', `---\n${POD}`);
  const doc = file.docs.find((d) => d.isKubernetes)!;
  const index = new WorkspaceIndex();
  index.update(file);
  const obj = index.objectFor(file, doc)!;
  assert.equal(obj, index.objectsIn(file.uri)[0], 'the index answers with the object its lookups hold');
  const localDoc = standaloneDoc(doc);
  const localFile = { uri: file.uri, text: doc.text, lines: new LineIndex(doc.text), docs: [localDoc], templated: false };
  const local = describeObject(localFile, localDoc)!;
  assert.notEqual(local, obj);
  assert.equal(local.podTemplate, obj.podTemplate, 'facts read from the value are shared');
  assert.deepEqual(obj.nameRange, { start: { line: 4, character: 8 }, end: { line: 4, character: 11 } });
  assert.deepEqual(local.nameRange, { start: { line: 4, character: 8 }, end: { line: 4, character: 11 } }, 'the copy starts with the --- line too');
  assert.equal(obj.range.start.line, 0);
  assert.equal(index.objectFor(file, doc), obj, 'still after another document was described');
  assert.equal(index.objectFor(localFile, localDoc), index.objectFor(localFile, localDoc), 'consecutive asks get the same object');
});

test('container lists: the requested fields in the requested order, the same list for repeated asks', () => {
  const file = parseYamlFile('file:///ws/pod.yaml', POD);
  const index = new WorkspaceIndex();
  index.update(file);
  const ctx = { file, doc: file.docs[0], index };
  const names = (fields?: Parameters<typeof containersOf>[1]) => containersOf(ctx, fields).map((e) => `${e.field}:${e.container.name}:${e.path.join('.')}`);
  assert.deepEqual(names(), ['initContainers:init:spec.initContainers.0', 'containers:app:spec.containers.0', 'containers:side:spec.containers.1']);
  assert.deepEqual(names(['containers', 'initContainers']), ['containers:app:spec.containers.0', 'containers:side:spec.containers.1', 'initContainers:init:spec.initContainers.0']);
  assert.deepEqual(names(['initContainers', 'containers', 'ephemeralContainers']).at(-1), 'ephemeralContainers:debug:spec.ephemeralContainers.0');
  assert.equal(containersOf(ctx, ['containers']), containersOf(ctx, ['containers']));
  const service = parseYamlFile('file:///ws/svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n');
  assert.deepEqual(containersOf({ file: service, doc: service.docs[0], index }), []);
});

test('normalization copies only the subtrees it changes, and drops what it dropped before', () => {
  const clean = { a: { b: [1, { c: 'x' }] }, d: 'y' };
  assert.equal(normalizeForValidation(clean, false), clean, 'nothing to drop: the same object');
  const withNull = { a: { b: [1, { c: null, e: 2 }] }, d: 'y', f: { g: 1 } };
  const n = normalizeForValidation(withNull, false) as typeof withNull;
  assert.deepEqual(n, { a: { b: [1, { e: 2 }] }, d: 'y', f: { g: 1 } });
  assert.equal(n.f, withNull.f, 'untouched siblings are shared');
  assert.deepEqual(Object.keys(n), ['a', 'd', 'f'], 'key order kept');
  assert.deepEqual(withNull.a.b[1], { c: null, e: 2 }, 'the input is not changed');
  assert.deepEqual(normalizeForValidation({ $patch: 'delete', a: 1, b: { $retainKeys: ['a'], c: 2 } }, true), { a: 1, b: { c: 2 } });
  assert.deepEqual(normalizeForValidation({ $patch: 'delete', a: 1 }, false), { $patch: 'delete', a: 1 });
  const date = new Date(0);
  assert.equal(normalizeForValidation(date, false), date);
});

test('cron schedules: plain numeric fields are accepted without the parser, every other form still reaches it', () => {
  for (const s of ['*/1 * * * *', '0 3 * * 1-5', '59 23 31 12 6', '0 0 30 2 *', '*/100 * * * *']) assert.equal(scheduleError(s), undefined, s);
  // Forms the plain check leaves to cron-parser, which refuses them.
  for (const s of ['0,0 * * * *', '*/0 * * * *', '5-3 * * * *', '60 * * * *', '0 0 0 * *', '0 0 * 13 *']) assert.notEqual(scheduleError(s), undefined, s);
  assert.equal(scheduleError('0,0 * * * *'), scheduleError('0,0 * * * *'), 'remembered verdicts are the same');
});

test('validation skips the normalized copy only where that cannot change the outcome', () => {
  const pod = (container: Record<string, unknown>, meta: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...meta }, spec: { containers: [container] } });
  assert.deepEqual(validateObject('io.k8s.api.core.v1.Pod', pod({ name: 'c', image: 'nginx' }, { creationTimestamp: null })), [], 'a null field is dropped, as the API server does');
  // A required field set to null is missing, not a wrong type.
  assert.deepEqual(
    validateObject('io.k8s.api.core.v1.Pod', pod({ name: null, image: 'nginx' })).map((i) => `${i.type}:${i.path.join('.')}:${'field' in i ? i.field : ''}`),
    ['missing-field:spec.containers.0:name'],
  );
  assert.deepEqual(validateObject('io.k8s.api.core.v1.Pod', pod({ name: 'c', image: 'nginx', $patch: 'replace' }), { patch: true }), []);
  assert.equal(validateObject('io.k8s.api.core.v1.Pod', pod({ name: 'c', image: 'nginx', $patch: 'replace' }))[0]?.type, 'unknown-field');
});

test('the bundled schemas let valid documents skip normalization (no required field accepts null)', () => {
  assert.equal(droppingNullsKeepsValid(), true);
});
