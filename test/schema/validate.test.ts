import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compiledDefinitions, normalizeForValidation, validateObject, validatorFor } from '../../server/src/engine/schema/validate';
import { describeExpected, describeFound, formatPath } from '../../server/src/engine/schema/messages';

const DEPLOYMENT = 'io.k8s.api.apps.v1.Deployment';
const POD = 'io.k8s.api.core.v1.Pod';

test('validators are compiled once per definition and reused', () => {
  const a = validatorFor(DEPLOYMENT);
  const b = validatorFor(DEPLOYMENT);
  assert.equal(a, b);
  assert.ok(compiledDefinitions().includes(DEPLOYMENT));
});

test('unknown fields come with the fields allowed at that place', () => {
  const issues = validateObject(DEPLOYMENT, { apiVersion: 'apps/v1', kind: 'Deployment', spec: { selecotr: {}, template: {} } });
  const unknown = issues.find((i) => i.type === 'unknown-field');
  assert.ok(unknown && unknown.type === 'unknown-field');
  assert.deepEqual(unknown.path, ['spec', 'selecotr']);
  assert.ok(unknown.allowed.includes('selector'));
  assert.ok(issues.some((i) => i.type === 'missing-field' && i.field === 'selector'));
});

test('wrong types, enums and list indexes are reported with paths', () => {
  const issues = validateObject(POD, {
    apiVersion: 'v1',
    kind: 'Pod',
    spec: { restartPolicy: 'always', containers: [{ name: 'a', image: 'x', ports: [{ containerPort: '80' }] }] },
  });
  assert.deepEqual(issues.map((i) => `${i.type} ${formatPath(i.path)}`).sort(), ['not-in-enum spec.restartPolicy', 'wrong-type spec.containers[0].ports[0].containerPort']);
});

test('null means unset (creationTimestamp: null), int-or-string and quantities accept both forms', () => {
  const issues = validateObject(DEPLOYMENT, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'x', creationTimestamp: null },
    spec: {
      selector: { matchLabels: { a: 'b' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: { spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: 0.5, memory: '64Mi' } } }] } },
    },
  });
  assert.deepEqual(issues, []);
});

test('patches may omit required fields and use $patch directives', () => {
  const patch = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { template: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } } } };
  assert.deepEqual(validateObject(DEPLOYMENT, patch, { patch: true }), []);
  assert.ok(validateObject(DEPLOYMENT, patch).length > 0);
  assert.deepEqual(normalizeForValidation({ a: null, $patch: 'x', b: [1] }, true), { b: [1] });
});

test('descriptions of expected and found values read like prose', () => {
  assert.equal(describeExpected(['integer']), 'an integer');
  assert.equal(describeExpected(['integer', 'string']), 'an integer or a string (e.g. 8080 or "http")');
  assert.equal(describeFound('80'), 'the string "80"');
  assert.equal(describeFound(8080), 'the number 8080');
  assert.equal(describeFound([1]), 'a list');
  assert.equal(describeFound({}), 'a map of fields');
});
