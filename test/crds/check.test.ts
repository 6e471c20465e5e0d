import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cliJs, ensureBuilt } from '../support/server';

/** Custom resources checked from the CRDs beside them, through the CLI, at exact ranges. */

const root = join(__dirname, '..', '..');

before(ensureBuilt);

interface Diag {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

function check(args: string[]): { code: number | null; diagnostics: Diag[]; stderr: string } {
  const r = spawnSync(process.execPath, [cliJs, 'check', '--format', 'json', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, diagnostics: r.stdout ? (JSON.parse(r.stdout).diagnostics as Diag[]) : [], stderr: r.stderr };
}

/** `line:char-line:char code` of each diagnostic (0-based, as LSP). */
function brief(ds: Diag[]): string[] {
  return ds.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code}`);
}

test('every way a custom resource can be broken is reported at its exact range', () => {
  const r = check(['test-fixtures/crds/widget-crd.yaml', 'test-fixtures/crds/widgets-broken.yaml']);
  assert.equal(r.code, 1);
  const broken = r.diagnostics.filter((d) => d.file.endsWith('widgets-broken.yaml'));
  assert.deepEqual(brief(broken), [
    '6:2-6:8 unknown-field', // field
    '14:12-14:17 wrong-type', // type
    '21:8-21:12 value-not-in-enum', // enum
    '29:9-29:15 invalid-value', // pattern
    '38:2-38:13 validation-rule', // CEL rule, at its fieldPath
    '41:6-41:12 unknown-kind', // kind
    '47:12-47:36 wrong-api-version', // version
    '58:2-58:11 cluster-scoped-namespace', // scope
    '68:2-68:13 invalid-value', // embedded resource: apiVersion
    '68:2-68:13 invalid-value', // embedded resource: kind
    '71:6-71:12 unknown-field', // embedded resource: metadata as ObjectMeta
    '83:4-83:9 unknown-field', // preserve-unknown-fields only where the schema says so
    '91:12-91:14 invalid-value', // maximum
    '92:8-92:11 wrong-type', // int-or-string
    '93:15-93:16 duplicate-list-item', // list-type set
    '96:6-96:15 duplicate-list-item', // list-type map
    '98:12-98:42 wrong-api-version', // unserved version
    '108:0-108:4 missing-required-field', // required
  ]);
  const byCode = (code: string, i = 0) => broken.filter((d) => d.code === code)[i].message;
  assert.equal(byCode('unknown-field'), 'unknown field "spec.colour" in rehearsal.example.com/v1 Widget; expected one of "size", "replicas", "minReplicas", "owner", "port", "memory", "tags", "listeners", "config", "strictConfig", "podTemplate" or "nickname"');
  assert.equal(byCode('wrong-type'), 'spec.replicas must be an integer, but found the string "three"');
  assert.equal(byCode('value-not-in-enum'), 'spec.size must be one of "small", "medium" or "large", but found the string "huge"');
  assert.equal(byCode('invalid-value'), `spec.owner: Invalid value: "Team_A": spec.owner in body should match '^[a-z][a-z0-9-]*$'`);
  assert.equal(byCode('validation-rule'), 'spec.minReplicas: Invalid value: "object": minReplicas must not exceed replicas');
  assert.equal(byCode('unknown-kind'), 'no matches for kind "Widgit" in version "rehearsal.example.com/v1"; did you mean "Widget"?');
  assert.equal(byCode('wrong-api-version'), 'no matches for kind "Widget" in version "rehearsal.example.com/v2": the CRD of Widget has no version v2; served: rehearsal.example.com/v1, rehearsal.example.com/v1beta1');
  assert.equal(byCode('wrong-api-version', 1), 'no matches for kind "Widget" in version "rehearsal.example.com/v1alpha1": version v1alpha1 of Widget is not served; served: rehearsal.example.com/v1, rehearsal.example.com/v1beta1');
  assert.match(byCode('cluster-scoped-namespace'), /^metadata\.namespace: Gadget is cluster-scoped/);
  assert.equal(byCode('invalid-value', 1), 'spec.podTemplate.apiVersion: Required value: must not be empty');
  assert.equal(byCode('unknown-field', 1), 'unknown field "spec.podTemplate.metadata.labelz" in rehearsal.example.com/v1 Widget; did you mean "labels"?');
  assert.equal(byCode('unknown-field', 2), 'unknown field "spec.strictConfig.extra" in rehearsal.example.com/v1 Widget; expected one of "level"');
  assert.equal(byCode('invalid-value', 3), 'spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10');
  assert.equal(byCode('duplicate-list-item'), 'spec.tags[2]: Duplicate value: "a"');
  assert.equal(byCode('duplicate-list-item', 1), 'spec.listeners[1]: Duplicate value: {"name":"web"}');
  assert.equal(byCode('missing-required-field'), 'missing required field "size" in spec');
});

test('valid custom resources get no error; a deprecated version its warning; an unevaluable rule one note', () => {
  const r = check(['test-fixtures/crds/widget-crd.yaml', 'test-fixtures/crds/widgets-valid.yaml']);
  assert.equal(r.code, 0, JSON.stringify(r.diagnostics, null, 1));
  assert.deepEqual(brief(r.diagnostics), ['13:2-13:8 validation-rule-not-evaluated', '42:12-42:41 deprecated-api-version']);
  assert.equal(r.diagnostics[0].severity, 'information');
  assert.equal(r.diagnostics[0].message, 'validation rule not evaluated (unbound function: isQuantity): isQuantity(self)');
  assert.equal(r.diagnostics[1].severity, 'warning');
  assert.equal(r.diagnostics[1].message, 'rehearsal.example.com/v1beta1 Widget is deprecated; use rehearsal.example.com/v1');
});

test('without its CRD a custom resource keeps the one "not checked" note; --crds supplies the CRD', () => {
  const alone = check(['test-fixtures/crds/widgets-broken.yaml']);
  assert.equal(alone.code, 0);
  assert.ok(alone.diagnostics.every((d) => d.code === 'custom-resource'));
  const withCrds = check(['test-fixtures/crds/widgets-broken.yaml', '--crds', 'test-fixtures/crds/widget-crd.yaml']);
  assert.equal(withCrds.code, 1);
  assert.equal(withCrds.diagnostics.length, 18);
  const folder = check(['test-fixtures/crds/widgets-broken.yaml', '--crds=test-fixtures/crds']);
  assert.equal(folder.diagnostics.length, 18);
  const glob = check(['test-fixtures/crds/widgets-broken.yaml', '--crds', 'test-fixtures/crds/*-crd.yaml']);
  assert.equal(glob.diagnostics.length, 18);
});

test('--crds with a path that does not exist is a usage error (exit 2, one line)', () => {
  const r = spawnSync(process.execPath, [cliJs, 'check', 'test-fixtures/crds/widgets-valid.yaml', '--crds', 'no/such/dir'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'kube-rehearsal: CRD source "no/such/dir": no such file or directory\n');
});

test('a schema catalog folder ({group}/{kind}_{version}.json) validates custom resources', () => {
  const r = check(['test-fixtures/crd-catalog/things.yaml', '--crds', 'test-fixtures/crd-catalog']);
  assert.deepEqual(brief(r.diagnostics), ['5:9-5:11 invalid-value', '6:2-6:7 unknown-field']);
  assert.equal(r.diagnostics[1].message, 'unknown field "spec.extra" in catalog.example.com/v1 Thing; expected one of "count"');
});

test('an invalid CRD gets findings in the API server words', () => {
  const r = check(['test-fixtures/crds/invalid-crds.yaml']);
  assert.equal(r.code, 1);
  assert.deepEqual(
    r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`),
    [
      '11:2 invalid CustomResourceDefinition: spec.versions: Invalid value: ["v1","v2"]: must have exactly one version marked as storage version',
      '12:6 invalid CustomResourceDefinition: spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required',
      '22:12 invalid CustomResourceDefinition: spec.versions[1].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
      '30:2 invalid CustomResourceDefinition: metadata.name: Invalid value: "cogs.example.org": must be spec.names.plural+"."+spec.group',
      '37:2 invalid CustomResourceDefinition: spec.versions: Invalid value: ["v1"]: must have exactly one version marked as storage version',
    ],
  );
});
