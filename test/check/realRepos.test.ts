import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Finding } from '../../server/src/engine/findings';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { valueAt } from '../../server/src/engine/workspace/podTemplate';
import { check, fixture, FIXTURES } from './helpers';

/**
 * The false-positive classes seen on real repositories (issue 14), one fixture folder each under
 * test-fixtures/real-repos: every one of these reported errors or warnings the cluster would not.
 */

function folder(rel: string) {
  const root = join(FIXTURES, 'real-repos', rel);
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(name)) files.push(relative(FIXTURES, p));
    }
  };
  walk(root);
  return files.map(fixture);
}

/** `file:line code` of the errors and warnings, for compact assertions. */
function loud(results: Map<string, Finding[]>): string[] {
  const out: string[] = [];
  for (const [uri, fs] of results) {
    for (const f of fs) if (f.severity === 'error' || f.severity === 'warning') out.push(`${uri.slice(uri.lastIndexOf('/') + 1)}:${f.range.start.line + 1} ${f.code}`);
  }
  return out;
}

test("kustomize's transformer, generator and configuration files are not manifests", () => {
  const results = check(folder('transformers'));
  assert.deepEqual(loud(results), []);
  for (const [uri, fs] of results) assert.deepEqual(fs.map((f) => f.code), [], uri);
});

test('selectors and template labels that commonLabels or labels.includeSelectors make are not missing', () => {
  assert.deepEqual(loud(check(folder('common-labels'))), []);
  assert.deepEqual(loud(check(folder('labels-selectors'))), []);
  // The same Deployment without its kustomization lacks its selector.
  const alone = fixture('real-repos/common-labels/deployment.yaml');
  assert.deepEqual(loud(check([alone])), ['deployment.yaml:6 missing-required-field']);
});

test('pods an operator makes from Prometheus and Alertmanager resources are selected', () => {
  const results = check(folder('operator-pods'));
  assert.deepEqual(loud(results), []);
  // Without the custom resources the same selectors select nothing: reported where a workload of
  // the namespace comes close (alertmanager-metrics), silent where nothing does (prometheus).
  const file = fixture('real-repos/operator-pods/monitoring.yaml');
  const without = parseYamlFile(file.uri, file.text.replace(/kind: (Prometheus|Alertmanager)\n/g, 'kind: $1Config\n').replace(/kube-state-metrics/g, 'alertmanager-metrics'));
  assert.deepEqual(loud(check([without])).sort(), ['monitoring.yaml:46 pdb-selects-nothing']);
  const withCrs = parseYamlFile(file.uri, file.text.replace(/kube-state-metrics/g, 'alertmanager-metrics'));
  assert.deepEqual(loud(check([withCrs])), []);
});

test('service-target-port honours ports a container is told to listen on in its arguments or environment', () => {
  assert.deepEqual(loud(check(folder('port-args'))), ['servers.yaml:55 service-target-port']);
});

test('items of ConfigMapList, SecretList and List documents are objects references can name', () => {
  const results = check(folder('lists'));
  assert.deepEqual([...results.values()].flat().map((f) => f.code), []);
});

test('braces inside strings are text: the document is checked; braces as YAML syntax or in a chart template are not', () => {
  const results = check(folder('braces'));
  assert.deepEqual(loud(results), ['alerts.yaml:38 unknown-field']);
  const template = fixture('real-repos/braces/not-a-template-either.yaml');
  assert.ok(template.docs[0].templated);
  const alerts = fixture('real-repos/braces/alerts.yaml');
  assert.deepEqual(alerts.docs.map((d) => d.templated), [false, false, false]);
  // The same plain text under a chart's templates/ is lenient.
  const inChart = parseYamlFile('/repo/chart/templates/alerts.yaml', alerts.text);
  assert.deepEqual(inChart.docs.map((d) => d.templated), [true, true, true]);
  assert.deepEqual(check([inChart]).get(inChart.uri), []);
});

test("a Helm chart's Chart.yaml, values.yaml and values.schema.json are not manifests", () => {
  const results = check(folder('helm-chart'));
  assert.deepEqual([...results.values()].flat().map((f) => f.code), []);
});

test('YAML is read as kubectl reads it: unquoted timestamps are strings, flow sequences may continue at their key', () => {
  const file = fixture('real-repos/yaml-as-kubectl/exported.yaml');
  assert.deepEqual([...check([file]).values()].flat().map((f) => f.code), []);
  assert.equal(valueAt(file.docs[0].value, ['metadata', 'creationTimestamp']), '2016-02-18T18:52:05Z');
  assert.deepEqual(valueAt(file.docs[1].value, ['spec', 'containers', 0, 'command']), ['sh', '-c', 'echo hello && sleep 3600']);
  // Ranges stay exact in a re-indented document: a mistake after the flow sequence is found where it is.
  const broken = parseYamlFile('/x/flow.yaml', file.text + '      imagePullPolicy: Sometimes\n');
  const findings = check([broken]).get(broken.uri)!;
  assert.deepEqual(findings.map((f) => [f.code, f.range.start.line, f.range.start.character, f.range.end.character]), [['value-not-in-enum', 19, 23, 32]]);
});

test('duplicate-object tells API groups apart', () => {
  assert.deepEqual(loud(check(folder('duplicate-group'))), []);
  const file = fixture('real-repos/duplicate-group/deployments.yaml');
  const same = parseYamlFile(file.uri, file.text.replace('apiVersion: example.io/v1', 'apiVersion: apps/v1'));
  assert.ok(loud(check([same])).includes('deployments.yaml:22 duplicate-object'));
});

test('checked file by file (no kustomize), names a kustomize generator makes are not missing references', () => {
  const root = join(FIXTURES, 'kustomize');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(name)) files.push(relative(FIXTURES, p));
    }
  };
  walk(root);
  const results = check(files.map(fixture));
  assert.deepEqual([...results.values()].flat().map((f) => f.code), ['service-target-port']);
  // Without the kustomizations, the same references are missing.
  const alone = check([fixture('kustomize/base/deployment.yaml')]);
  assert.deepEqual(alone.get(alone.keys().next().value!)!.map((f) => f.code), ['missing-reference', 'missing-reference']);
});
