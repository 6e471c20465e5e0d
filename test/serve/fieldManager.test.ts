import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplyConflict, applyManagers, decodeEntries, encodeEntries, updateManagers, type ManagedEntry } from '../../server/src/sim/apiserver/fieldManager';
import { compare, decodeFieldsV1, encodeFieldsV1, pathOf, pathString, shapeForKind, shapeForSchema, toFieldSet } from '../../server/src/sim/apiserver/fieldSets';

/**
 * Field management without a server: the FieldsV1 encoding, the paths of conflicts, Update and
 * Apply over the bundled schemas (test/serve/kubectl.test.ts checks the same through the real kubectl).
 */

const deployment = shapeForKind('apps/v1', 'Deployment');
const service = shapeForKind('v1', 'Service');
const ctx = (manager: string, now = 1000) => ({ shape: deployment, manager, apiVersion: 'apps/v1', now });

function dep(replicas: number, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', ...extra },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] } } },
  };
}

test('FieldsV1: list items by their sorted keys (a defaulted key included), sets by value, `.` for members with children; decoding gives the set back', () => {
  const set = toFieldSet({ spec: { ports: [{ port: 80, targetPort: 8080 }], selector: { app: 'a' } }, metadata: { finalizers: ['x'] } }, service);
  const tree = encodeFieldsV1(set);
  assert.deepEqual(tree, {
    'f:metadata': { 'f:finalizers': { 'v:"x"': {} } },
    'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} } }, 'f:selector': {} },
  });
  assert.deepEqual(decodeFieldsV1(tree), set);
  assert.equal(decodeFieldsV1({ 'x:bad': {} }), undefined);
});

test('conflict paths print as the API server prints them', () => {
  assert.equal(pathString(pathOf('f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image')), '.spec.template.spec.containers[name="web"].image');
  assert.equal(pathString(pathOf('f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}', 'f:port')), '.spec.ports[port=80,protocol="TCP"].port');
  assert.equal(pathString(pathOf('f:metadata', 'f:finalizers', 'v:"a"')), '.metadata.finalizers[="a"]');
});

test('compare: a new map, list or item is added itself; a changed leaf is modified; a gone one removed', () => {
  const c = compare({ metadata: { labels: { a: '1' } } }, { metadata: { labels: { a: '2', b: '1' }, annotations: { x: 'y' } } }, deployment);
  assert.deepEqual([...c.modified], [pathOf('f:metadata', 'f:labels', 'f:a')]);
  assert.deepEqual(new Set(c.added), new Set([pathOf('f:metadata', 'f:labels', 'f:b'), pathOf('f:metadata', 'f:annotations', 'f:x'), pathOf('f:metadata', 'f:annotations')]));
  assert.equal(compare({ spec: { replicas: 1 } }, { spec: {} }, deployment).removed.has(pathOf('f:spec', 'f:replicas')), true);
});

test('Update takes what it changed from other managers; Apply conflicts on it, co-owns equal values, force moves it, pruning removes what only it applied', () => {
  let entries: ManagedEntry[] = updateManagers([], {}, dep(2), ctx('creator'));
  assert.deepEqual(entries.map((e) => [e.manager, e.operation]), [['creator', 'Update']]);
  assert.equal(entries[0].fields.has(pathOf('f:spec', 'f:replicas')), true);
  // Nothing is owned of the identity.
  assert.equal(entries[0].fields.has(pathOf('f:metadata', 'f:name')), false);
  const live = dep(2);
  assert.throws(() => applyManagers(entries, live, dep(3), { ...ctx('ci'), force: false }), (e: unknown) => {
    assert.ok(e instanceof ApplyConflict);
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "creator" using apps/v1: .spec.replicas');
    assert.deepEqual(e.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "creator" using apps/v1', field: '.spec.replicas' }]);
    return true;
  });
  // The same value: both own it.
  let out = applyManagers(entries, live, dep(2), { ...ctx('ci'), force: false });
  assert.deepEqual(out.entries.map((e) => [e.manager, e.fields.has(pathOf('f:spec', 'f:replicas'))]), [['creator', true], ['ci', true]]);
  out = applyManagers(entries, live, dep(3), { ...ctx('ci'), force: true });
  assert.equal(out.object.spec.replicas, 3);
  assert.deepEqual(out.entries.map((e) => [e.manager, e.fields.has(pathOf('f:spec', 'f:replicas'))]), [['creator', false], ['ci', true]]);
  entries = out.entries;
  // Two conflicts, listed by manager.
  const two = updateManagers(entries, out.object, { ...out.object, spec: { ...out.object.spec, replicas: 4, paused: true } }, ctx('ops'));
  assert.throws(() => applyManagers(two, { ...out.object, spec: { ...out.object.spec, replicas: 4, paused: true } }, { ...dep(5), spec: { ...dep(5).spec, paused: false } }, { ...ctx('ci'), force: false }), {
    message: 'Apply failed with 2 conflicts: conflicts with "ops" using apps/v1:\n- .spec.paused\n- .spec.replicas',
  });
  // Pruning: a label only ci applied goes when ci stops applying it; one another manager owns stays.
  let obj = applyManagers([], undefined, dep(1, { labels: { a: '1', b: '2' } }), { ...ctx('ci'), force: false });
  const labelled = updateManagers(obj.entries, obj.object, { ...obj.object, metadata: { ...obj.object.metadata, labels: { a: '1', b: '2', c: '3' } } }, ctx('kubectl-label'));
  obj = applyManagers(labelled, { ...obj.object, metadata: { ...obj.object.metadata, labels: { a: '1', b: '2', c: '3' } } }, dep(1, { labels: { a: '1' } }), { ...ctx('ci'), force: false });
  assert.deepEqual(obj.object.metadata.labels, { a: '1', c: '3' });
});

test('managedFields round-trip through their API form; [{}] clears them', () => {
  const entries = updateManagers([], {}, dep(2), ctx('creator', 5000));
  const api = encodeEntries(entries, (ms) => new Date(ms).toISOString());
  assert.deepEqual(Object.keys(api[0]), ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1']);
  assert.deepEqual(decodeEntries(api, (t) => Date.parse(t)), entries);
  assert.deepEqual(decodeEntries([{}], Date.parse), []);
  assert.equal(decodeEntries([], Date.parse), undefined);
});

test('a custom kind is walked by its structural schema: its keyed lists by key, undeclared fields deduced', () => {
  const shape = shapeForSchema({
    type: 'object',
    properties: { spec: { type: 'object', properties: { routes: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['path'], items: { type: 'object', properties: { path: { type: 'string' }, port: { type: 'integer' } } } }, hosts: { type: 'array', items: { type: 'string' } } } } },
  });
  assert.deepEqual(encodeFieldsV1(toFieldSet({ metadata: { labels: { a: '1' } }, spec: { routes: [{ path: '/', port: 80 }], hosts: ['a'], extra: { x: 1 } } }, shape)), {
    'f:metadata': { 'f:labels': { 'f:a': {} } },
    'f:spec': { 'f:extra': { '.': {}, 'f:x': {} }, 'f:hosts': {}, 'f:routes': { 'k:{"path":"/"}': { '.': {}, 'f:path': {}, 'f:port': {} } } },
  });
});

test('managedFields are listed as the API server sorts them: Apply first, then by time, manager', () => {
  const e = (manager: string, operation: 'Apply' | 'Update', time: number): ManagedEntry => ({ manager, operation, apiVersion: 'v1', time, fields: new Set([pathOf('f:data', 'f:a')]) });
  const api = encodeEntries([e('b', 'Update', 1000), e('z', 'Update', 500), e('a', 'Update', 1200), e('k', 'Apply', 9000)], (ms) => String(ms));
  assert.deepEqual(api.map((x) => x.manager), ['k', 'z', 'a', 'b']);
});
