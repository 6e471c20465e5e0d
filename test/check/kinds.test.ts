import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brief, checkText, fixture, check, own } from './helpers';
import { REMOVED_APIS } from '../../server/src/engine/version/featureTable';
import { lookupKind } from '../../server/src/engine/schema/registry';

const codes = (text: string) => own(checkText(text)).map((f) => f.code);

test('deployment and Pods are suggested with their correct apiVersion', () => {
  const lower = own(checkText('apiVersion: v1\nkind: deployment\nmetadata:\n  name: x\n'));
  assert.equal(lower[0].code, 'unknown-kind');
  assert.equal(lower[0].message, 'unknown kind "deployment" in v1; did you mean "Deployment" (apiVersion: apps/v1)?');
  assert.deepEqual(lower[0].fixes?.[0].edits.map((e) => e.newText), ['Deployment', 'apps/v1']);
  const pods = own(checkText('apiVersion: v1\nkind: Pods\nmetadata:\n  name: x\n'));
  assert.match(pods[0].message, /did you mean "Pod"\?$/);
});

test('a kind nobody would confuse gets no suggestion and no schema noise', () => {
  assert.deepEqual(codes('apiVersion: v1\nkind: Zqxjk\nfoo: 1\n'), ['unknown-kind']);
});

test('a dot-less unknown group is a typo, not a custom resource', () => {
  const f = own(checkText('apiVersion: app/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  selector: {}\n  template: {}\n'));
  assert.deepEqual(f.map((x) => x.code), ['wrong-api-version']);
  assert.equal(f[0].fixes?.[0].edits[0].newText, 'apps/v1');
});

test('removed APIs name the release and the replacement, and offer the fix', () => {
  const f = fixture('schema/removed-apis.yaml');
  const findings = own(check([f]).get(f.uri));
  assert.deepEqual(findings.map(brief), ['1:13-1:31 removed-api-version', '15:13-15:26 removed-api-version', '30:13-30:27 removed-api-version', '40:13-40:27 removed-api-version']);
  assert.match(findings[0].message, /^extensions\/v1beta1 Deployment was removed in Kubernetes 1\.16; use apps\/v1/);
  assert.match(findings[1].message, /^batch\/v1beta1 CronJob was removed in Kubernetes 1\.25; use batch\/v1$/);
  assert.match(findings[2].message, /^policy\/v1beta1 PodDisruptionBudget was removed in Kubernetes 1\.25; use policy\/v1/);
  assert.equal(findings[3].fixes, undefined, 'PodSecurityPolicy has no successor');
});

test('every replacement in the removed-API table is served by the bundled schemas', () => {
  for (const r of REMOVED_APIS) {
    assert.equal(lookupKind(r.apiVersion, r.kind), undefined, `${r.apiVersion} ${r.kind} is still served`);
    if (r.replacement && !r.replacement.startsWith('kubescheduler.')) assert.ok(lookupKind(r.replacement, r.kind), `${r.replacement} ${r.kind} is not served`);
  }
});

test('custom resources get one information note, config kinds none', () => {
  const f = fixture('lenient/custom-resources.yaml');
  const findings = own(check([f]).get(f.uri));
  assert.deepEqual(findings.map((x) => `${x.code} ${x.severity}`), ['custom-resource information', 'custom-resource information']);
  assert.deepEqual(codes('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n'), []);
  assert.deepEqual(codes('apiVersion: v1\nkind: Config\nclusters: []\n'), [], 'a kubeconfig is not a resource');
});

test('a manifest without apiVersion (or kind) says which one is missing', () => {
  const noApi = own(checkText('kind: Deployment\nmetadata:\n  name: web\n'));
  assert.deepEqual(noApi.map(brief), ['1:1-1:5 missing-required-field']);
  assert.equal(noApi[0].message, 'missing required field "apiVersion": Deployment needs apiVersion: apps/v1');
  assert.deepEqual(noApi[0].fixes?.[0].edits[0].newText, 'apiVersion: apps/v1\n');
  const noKind = own(checkText('apiVersion: v1\nmetadata:\n  name: web\n'));
  assert.deepEqual(noKind.map(brief), ['1:1-1:11 missing-required-field']);
  assert.deepEqual(checkText('kind: compose\nmetadata: {}\n'), [], 'not a Kubernetes kind: not ours');
});
