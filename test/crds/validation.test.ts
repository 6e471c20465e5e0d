import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crdProblems, readCrd, type CrdVersion, type StructuralSchema } from '../../server/src/api/crd/definition';
import { CustomResourceRegistry, storedForm, validateCustomResource } from '../../server/src/api/crd/registry';

/** The custom-resource validation the checker and the simulated API server share, on values. */

function version(schema: StructuralSchema): CrdVersion {
  return { name: 'v1', served: true, storage: true, deprecated: false, schema, index: 0 };
}

const obj = (spec: unknown) => ({ apiVersion: 'x.example.com/v1', kind: 'X', metadata: { name: 'a' }, spec });

test('nullable, int-or-string, formats and anyOf follow the API server', () => {
  const v = version({
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          a: { type: 'string', nullable: true },
          b: { type: 'string' },
          port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
          ip: { type: 'string', format: 'ipv4' },
          when: { type: 'string', format: 'date-time' },
          other: { type: 'string', format: 'some-unknown-format' },
          short: { type: 'string', maxLength: 3 },
          oneOfThem: { type: 'object', properties: { x: { type: 'string' }, y: { type: 'string' } }, oneOf: [{ required: ['x'] }, { required: ['y'] }] },
        },
      },
    },
  });
  // null in a nullable field is kept, in a non-nullable one pruned (not an error).
  assert.deepEqual(validateCustomResource(v, obj({ a: null, b: null, port: 80, ip: '10.0.0.1', when: '2024-01-02T03:04:05Z', other: '?', short: 'abc', oneOfThem: { x: '1' } })).issues, []);
  const bad = validateCustomResource(v, obj({ port: true, ip: '10.0.0.256', when: 'yesterday', short: 'abcd', oneOfThem: { x: '1', y: '2' } })).issues;
  assert.deepEqual(
    bad.map((i) => (i.type === 'invalid' ? i.message : `${i.type} ${i.path.join('.')}`)),
    [
      'wrong-type spec.port',
      'spec.ip: Invalid value: "10.0.0.256": spec.ip in body must be of type ipv4: "10.0.0.256"',
      'spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"',
      'spec.short: Too long: may not be more than 3 bytes',
      'spec.oneOfThem: Invalid value: "object": must validate one and only one schema (oneOf)',
    ],
  );
});

test('CEL rules: message, messageExpression, reason, transition rules only with an old object', () => {
  const v = version({
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        'x-kubernetes-validations': [
          { rule: 'self.max >= self.min', messageExpression: "'max (' + string(self.max) + ') is below min'" },
          { rule: 'self.max <= 100', reason: 'FieldValueForbidden', message: 'too big' },
          { rule: 'self.min >= oldSelf.min', message: 'min may only grow' },
          { rule: 'self.names.all(n, n.size() < 5)' },
        ],
        properties: { min: { type: 'integer' }, max: { type: 'integer' }, names: { type: 'array', items: { type: 'string' }, default: [] } },
      },
    },
  });
  assert.deepEqual(validateCustomResource(v, obj({ min: 1, max: 2 })).rules, []);
  const failed = validateCustomResource(v, obj({ min: 3, max: 200, names: ['abcdef'] })).rules.map((r) => (r.type === 'failed' ? r.message : r.reason));
  assert.deepEqual(failed, ['spec: Forbidden: too big', 'spec: Invalid value: "object": failed rule: self.names.all(n, n.size() < 5)']);
  const update = validateCustomResource(v, obj({ min: 1, max: 2 }), { oldValue: obj({ min: 2, max: 2 }) }).rules;
  assert.deepEqual(update.map((r) => (r.type === 'failed' ? r.message : '')), ['spec: Invalid value: "object": min may only grow']);
  const low = validateCustomResource(v, obj({ min: 5, max: 2 })).rules;
  assert.deepEqual(low.map((r) => (r.type === 'failed' ? r.message : '')), ['spec: Invalid value: "object": max (2) is below min']);
});

test('a rule with a Kubernetes library function the evaluator lacks is not evaluated, never failed', () => {
  const v = version({ type: 'object', properties: { spec: { type: 'object', properties: { q: { type: 'string', 'x-kubernetes-validations': [{ rule: "quantity(self).isGreaterThan(quantity('1'))" }] } } } } });
  const r = validateCustomResource(v, obj({ q: '2' })).rules;
  assert.equal(r.length, 1);
  assert.equal(r[0].type, 'not-evaluated');
});

test('stored form: unknown fields pruned, defaults applied, preserved subtrees kept', () => {
  const v = version({
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: { replicas: { type: 'integer', default: 1 }, mode: { type: 'string', default: 'auto' }, free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    },
  });
  assert.deepEqual(storedForm(v, obj({ mode: 'manual', junk: 1, free: { any: { thing: 1 } } })), obj({ mode: 'manual', free: { any: { thing: 1 } }, replicas: 1 }));
});

test('CRD problems and the registry of names', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.x.example.com' },
    spec: {
      group: 'x.example.com',
      scope: 'Namespaced',
      names: { kind: 'Widget', plural: 'widgets', singular: 'widget', shortNames: ['wd'], categories: ['all'] },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { properties: { a: { type: 'string' } } } } } } }],
    },
  };
  assert.deepEqual(crdProblems(crd).map((p) => p.message), ['spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields']);
  const def = readCrd(crd, 'file:///crd.yaml')!;
  const reg = new CustomResourceRegistry([def]);
  for (const word of ['widgets', 'widget', 'wd', 'widgets.x.example.com', 'WIDGETS']) assert.equal(reg.resolveResource(word)[0], def, word);
  assert.deepEqual(reg.resolveResource('all'), [def]);
  assert.equal(reg.lookup('x.example.com/v1', 'Widget')?.version?.name, 'v1');
  assert.equal(reg.lookup('x.example.com/v2', 'Widget')?.version, undefined);
});
