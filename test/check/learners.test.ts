import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brief, check, fixture, own } from './helpers';

test('RelicaSets: unknown kind with a fix, misspelt selector, labels at the wrong indentation', () => {
  const f = fixture('learners/relica-sets.yaml');
  const findings = own(check([f]).get(f.uri));
  assert.deepEqual(findings.map(brief), ['4:7-4:17 unknown-kind', '9:3-9:11 unknown-field', '13:5-13:11 unknown-field']);
  const [kind, selector, labels] = findings;
  assert.equal(kind.message, 'unknown kind "RelicaSets" in apps/v1; did you mean "ReplicaSet"?');
  assert.deepEqual(kind.fixes?.[0].edits, [{ range: kind.range, newText: 'ReplicaSet' }]);
  assert.equal(selector.message, 'unknown field "spec.selecotr" in apps/v1 ReplicaSet; did you mean "selector"?');
  assert.equal(selector.fixes?.[0].edits[0].newText, 'selector');
  assert.match(labels.message, /unknown field "spec\.template\.labels".*belongs under "spec\.template\.metadata"/);
  assert.ok(findings.every((x) => x.severity === 'error'));
});

test('apiVersion v1 with kind Deployment points at apps/v1 and fixes the apiVersion', () => {
  const f = fixture('learners/wrong-api-version.yaml');
  const findings = own(check([f]).get(f.uri));
  assert.deepEqual(findings.map(brief), ['1:13-1:15 wrong-api-version']);
  assert.match(findings[0].message, /use apiVersion: apps\/v1/);
  assert.deepEqual(findings[0].fixes?.[0].edits[0].newText, 'apps/v1');
});

test('a Deployment whose selector differs from its template labels is schema-valid', () => {
  const f = fixture('learners/selector-mismatch.yaml');
  assert.deepEqual(own(check([f]).get(f.uri)), []);
});
