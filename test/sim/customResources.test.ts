import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { createSimulation, type Simulation } from '../../server/src/sim/index';
import { CustomResourceRegistry } from '../../server/src/api/crd/registry';
import { crdsOfFile } from '../../server/src/engine/crds/sources';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { buildTree } from '../../client/src/dryrun/treeModel';
import { ensureBuilt } from '../support/server';
import { fakeBehaviour } from './fakeBehaviour';

/**
 * Custom resources in the simulated API server: a CRD registers its kind, custom resources are
 * validated by the same registry as the checker (schema, CEL), pruned and defaulted, stored, and
 * served to kubectl by plural, singular, short name and category; workspace CRDs count as installed.
 */

const FIXTURES = join(__dirname, '..', '..', 'test-fixtures', 'crds');
const docs = (name: string): Record<string, unknown>[] =>
  parseAllDocuments(readFileSync(join(FIXTURES, name), 'utf8')).map((d) => d.toJSON() as Record<string, unknown>).filter(Boolean);
const SHOP = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };

function simulate(objects: Record<string, unknown>[], registry?: CustomResourceRegistry): Simulation {
  const sim = createSimulation({ objects, behaviour: fakeBehaviour(), customResources: registry });
  sim.runUntil(30);
  return sim;
}

function kubectl(sim: Simulation, line: string): string {
  const r = sim.runKubectl(line.split(' '));
  return r.stdout + r.stderr;
}

const errorOf = (sim: Simulation, ref: string) => sim.applied.find((a) => a.ref === ref)?.error;

test('a CRD applied with its resources: stored after validation, defaults applied, served to kubectl', () => {
  const sim = simulate([SHOP, ...docs('widget-crd.yaml'), ...docs('widgets-valid.yaml')]);
  assert.deepEqual(sim.applied.filter((a) => a.error), [], 'every valid object is accepted');
  // Schema defaults (replicas: 1, minReplicas: 1) are applied; the fields written are kept.
  const port = sim.get('Widget', 'default', 'port-number')!;
  assert.deepEqual(port.spec, { size: 'large', port: 8080, replicas: 1, minReplicas: 1 });
  // A deprecated version: kubectl's `Warning:` line, kept among the run's assumptions.
  assert.deepEqual(sim.applied.find((a) => a.ref === 'widget/old-style')?.warnings, ['rehearsal.example.com/v1beta1 Widget is deprecated; use rehearsal.example.com/v1']);
  // Read back in the preferred served version, as kubectl asks for it.
  assert.equal(sim.get('Widget', 'default', 'old-style')!.apiVersion, 'rehearsal.example.com/v1');

  // Every RESTMapper form and the CRD's categories; additionalPrinterColumns as columns.
  // kubectl's tabwriter pads a cell before an empty last one (the real kubectl prints the trailing spaces).
  const table = 'NAME          SIZE\nold-style     \nport-number   large\n';
  for (const word of ['widgets', 'widget', 'wdg', 'Widget', 'widgets.rehearsal.example.com', 'rehearsal']) assert.equal(kubectl(sim, `get ${word}`), table, word);
  assert.match(kubectl(sim, 'get all'), /widget\.rehearsal\.example\.com\/port-number {3}large/);
  assert.equal(kubectl(sim, 'get gadgets'), 'NAME   AGE\nred    30s\n');
  // CRDs print their creation time (the apiextensions server's table), not an age.
  assert.match(kubectl(sim, 'get crd'), /^NAME {28}CREATED AT\ngadgets\.rehearsal\.example\.com {3}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\nwidgets\.rehearsal\.example\.com {3}\d{4}-/);
  assert.match(kubectl(sim, 'get widgets -A'), /^NAMESPACE +NAME +SIZE\n.*\nshop +small-one +small\n$/s);
  assert.equal(kubectl(sim, 'api-resources --api-group=rehearsal.example.com'),
    'NAME      SHORTNAMES   APIVERSION                 NAMESPACED   KIND\ngadgets                rehearsal.example.com/v1   false        Gadget\nwidgets   wdg          rehearsal.example.com/v1   true         Widget\n');

  const yaml = kubectl(sim, 'get wdg small-one -n shop -o yaml');
  assert.match(yaml, /^apiVersion: rehearsal\.example\.com\/v1\nkind: Widget\n/);
  assert.match(yaml, /\n  minReplicas: 2\n/);
  const described = kubectl(sim, 'describe widget small-one -n shop');
  assert.match(described, /^Name:         small-one\nNamespace:    shop\nLabels:       app=shop\nAnnotations:  <none>\nAPI Version:  rehearsal\.example\.com\/v1\nKind:         Widget\n/);
  assert.match(described, /\nSpec:\n(.*\n)*  Min Replicas: +2\n/);
  assert.match(described, /\nEvents: +<none>\n$/);
  const explained = kubectl(sim, 'explain widget.spec.size');
  assert.match(explained, /^GROUP:      rehearsal\.example\.com\nKIND:       Widget\nVERSION:    v1\n\nFIELD: size <string> -required-\nENUM:\n    small\n    medium\n    large\n\nDESCRIPTION:\n    How big the widget is\.\n/);
  assert.match(kubectl(sim, 'explain widgets.spec'), /FIELDS:\n(.*\n)*  size\t<string> -required-\n/);

  // No controller: said once per kind.
  const notes = sim.snapshot().assumptions.filter((a) => /controller .* is not simulated/.test(a.message));
  assert.deepEqual(notes.map((a) => a.object).sort(), ['gadgets.rehearsal.example.com', 'widgets.rehearsal.example.com']);
  // The snapshot lists them (the dry-run tree shows them).
  assert.deepEqual(sim.snapshot().customResources.map((c) => `${c.kind} ${c.namespace ?? '-'}/${c.name}`),
    ['Gadget -/red', 'Widget default/old-style', 'Widget default/port-number', 'Widget shop/small-one']);
  // Applied later (as from the shell), the warning comes before kubectl's line.
  assert.match(sim.apply([{ apiVersion: 'rehearsal.example.com/v1beta1', kind: 'Widget', metadata: { name: 'older' }, spec: {} }]).output, /^Warning: rehearsal\.example\.com\/v1beta1 Widget is deprecated; use rehearsal\.example\.com\/v1\nwidget\/older created\n$/);
});

test('broken custom resources are refused with the API server\'s messages, as the checker reports them', () => {
  const sim = simulate([...docs('widget-crd.yaml'), ...docs('widgets-broken.yaml')]);
  assert.equal(errorOf(sim, 'widget/unknown-field'), 'Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.colour"');
  assert.equal(errorOf(sim, 'widget/wrong-type'), 'The Widget "wrong-type" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"');
  assert.equal(errorOf(sim, 'widget/bad-enum'), 'The Widget "bad-enum" is invalid: spec.size: Unsupported value: "huge": supported values: "small", "medium", "large"');
  assert.equal(errorOf(sim, 'widget/bad-pattern'), 'The Widget "bad-pattern" is invalid: spec.owner: Invalid value: "Team_A": spec.owner in body should match \'^[a-z][a-z0-9-]*$\'');
  assert.equal(errorOf(sim, 'widget/cel-rule'), 'The Widget "cel-rule" is invalid: spec.minReplicas: Invalid value: "object": minReplicas must not exceed replicas');
  assert.equal(errorOf(sim, 'widget/missing-size'), 'The Widget "missing-size" is invalid: spec.size: Required value');
  assert.equal(errorOf(sim, 'widgit/misspelt-kind'), 'resource mapping not found for name: "misspelt-kind" namespace: "" from "manifest": no matches for kind "Widgit" in version "rehearsal.example.com/v1"\nensure CRDs are installed first');
  assert.match(errorOf(sim, 'widget/unknown-version') ?? '', /no matches for kind "Widget" in version "rehearsal\.example\.com\/v2"/);
  assert.match(errorOf(sim, 'widget/unserved') ?? '', /no matches for kind "Widget" in version "rehearsal\.example\.com\/v1alpha1"/);
  assert.match(errorOf(sim, 'widget/embedded') ?? '', /unknown field "spec\.podTemplate\.metadata\.labelz"/);
  assert.match(errorOf(sim, 'widget/bounds-and-lists') ?? '', /^The Widget "bounds-and-lists" is invalid: \[spec\.replicas: Invalid value: 11: .*, spec\.tags\[2\]: Duplicate value: "a", spec\.listeners\[1\]: Duplicate value: \{"name":"web"\}\]$/);
  assert.equal(sim.get('Widget', 'default', 'cel-rule'), undefined, 'nothing refused is stored');
  // A cluster-scoped kind: the namespace written on it is dropped, as the API server does.
  assert.equal(errorOf(sim, 'gadget/scoped'), undefined);
  assert.equal(sim.get('Gadget', undefined, 'scoped')!.metadata.namespace, undefined);
  // The shell says the same through kubectl.
  assert.match(kubectl(sim, 'get widget bad-enum'), /^Error from server \(NotFound\): widgets\.rehearsal\.example\.com "bad-enum" not found/);
});

test('updates: unchanged, configured with a new generation, transition rules see the old object; deleting the CRD deletes its resources', () => {
  const sim = simulate([...docs('widget-crd.yaml')]);
  const w = { apiVersion: 'rehearsal.example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 'small', replicas: 2 } };
  assert.equal(sim.applyManifest(w).result, 'created');
  assert.equal(sim.applyManifest(w).result, 'unchanged');
  assert.equal(sim.applyManifest({ ...w, spec: { size: 'large', replicas: 2 } }).result, 'configured');
  const stored = sim.get('Widget', 'default', 'w')!;
  assert.equal(stored.metadata.generation, 2);
  assert.equal(stored.spec.size, 'large');
  // Patches: merge and JSON patches are validated like any write; a strategic merge patch is refused, as for every custom resource.
  assert.equal(kubectl(sim, 'patch widget w --type merge -p {"spec":{"size":"huge"}}'), 'Error from server (Invalid): The Widget "w" is invalid: spec.size: Unsupported value: "huge": supported values: "small", "medium", "large"\n');
  assert.equal(kubectl(sim, 'patch widget w --type merge -p {"spec":{"size":"medium"}}'), 'widget.rehearsal.example.com/w patched\n');
  assert.equal(kubectl(sim, 'patch widget w -p {"spec":{"size":"small"}}'), 'error: application/strategic-merge-patch+json is not supported by rehearsal.example.com/v1, Kind=Widget: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n');
  assert.equal(kubectl(sim, 'label wdg w tier=gold'), 'widget.rehearsal.example.com/w labeled\n');
  assert.equal(kubectl(sim, 'get widgets -l tier=gold -o name'), 'widget.rehearsal.example.com/w\n');
  assert.match(kubectl(sim, 'delete crd widgets.rehearsal.example.com'), /customresourcedefinition\.apiextensions\.k8s\.io "widgets\.rehearsal\.example\.com" deleted/);
  assert.equal(sim.get('Widget', 'default', 'w'), undefined);
  assert.match(kubectl(sim, 'get widgets'), /the server doesn't have a resource type "widgets"/);
});

test('an invalid CRD is refused in the API server\'s words and serves nothing', () => {
  const sim = simulate(docs('invalid-crds.yaml'));
  const refused = sim.applied.filter((a) => a.error);
  assert.equal(refused.length, 2);
  assert.ok(refused.some((a) => /^CustomResourceDefinition\.apiextensions\.k8s\.io ".*" is invalid: \[spec\.versions: Invalid value: .*must have exactly one version marked as storage version/.test(a.error!)), refused.map((a) => a.error).join('\n'));
  assert.match(kubectl(sim, 'get crd'), /^No resources found/);
});

test('workspace CRDs (and --crds) are taken as installed when their resources are applied; unknown groups stay not modelled', () => {
  const file = parseYamlFile('file:///w/widget-crd.yaml', readFileSync(join(FIXTURES, 'widget-crd.yaml'), 'utf8'));
  const registry = new CustomResourceRegistry(crdsOfFile(file));
  const sim = simulate(docs('widgets-valid.yaml').filter((o) => (o.metadata as { namespace?: string }).namespace !== 'shop'), registry);
  assert.deepEqual(sim.applied.map((a) => a.error ?? a.result), ['created', 'created', 'created']);
  assert.ok(sim.snapshot().assumptions.some((a) => a.object === 'customresourcedefinition/widgets.rehearsal.example.com' && /taken as installed/.test(a.message)));
  assert.match(kubectl(sim, 'get crd'), /widgets\.rehearsal\.example\.com/);

  const bare = simulate([{ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'm' }, spec: {} }]);
  assert.equal(bare.applied[0].error, 'the simulator does not model kind "ServiceMonitor" (monitoring.coreos.com/v1)');
});

test('the dry-run tree lists custom resources in their own group', () => {
  const sim = simulate([...docs('widget-crd.yaml'), ...docs('widgets-valid.yaml')]);
  const tree = buildTree(sim.snapshot());
  const group = tree.find((g) => g.id === 'group/customresources');
  assert.ok(group, tree.map((g) => g.id).join(', '));
  assert.equal(group.label, 'Custom resources');
  const node = group.children.find((n) => n.label === 'Widget port-number')!;
  assert.equal(node.description, 'rehearsal.example.com/v1 · default');
  assert.deepEqual(node.ref, { kind: 'Widget', namespace: 'default', name: 'port-number' });
  assert.equal(group.children.find((n) => n.label === 'Gadget red')!.description, 'rehearsal.example.com/v1 · cluster-scoped');
});

test('kube-rehearsal simulate prints custom resources, and --crds installs CRDs from outside the inputs', () => {
  ensureBuilt();
  const cli = join(__dirname, '..', '..', 'bin', 'kube-rehearsal.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'simulate', '--duration', '30s', ...args], { encoding: 'utf8' });
  const both = run(join(FIXTURES, 'widget-crd.yaml'), join(FIXTURES, 'widgets-valid.yaml'));
  assert.equal(both.status, 0, both.stderr);
  assert.match(both.stdout, /\nNAME +SIZE\nwidget\.rehearsal\.example\.com\/old-style\s*\nwidget\.rehearsal\.example\.com\/port-number +large\n/);
  assert.match(both.stdout, /error: widget\/small-one: not simulated: namespaces "shop" not found/);
  const alone = run(join(FIXTURES, 'widgets-valid.yaml'));
  assert.match(alone.stdout, /error: widget\/port-number: not simulated: the simulator does not model kind "Widget"/);
  const withCrds = run(join(FIXTURES, 'widgets-valid.yaml'), '--crds', join(FIXTURES, 'widget-crd.yaml'));
  assert.equal(withCrds.status, 0, withCrds.stderr);
  assert.match(withCrds.stdout, /widget\.rehearsal\.example\.com\/port-number +large/);
  assert.match(withCrds.stdout, /customresourcedefinition\/widgets\.rehearsal\.example\.com: taken as installed/);
  const missing = run(join(FIXTURES, 'widgets-valid.yaml'), '--crds', join(FIXTURES, 'nope.yaml'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^kube-rehearsal simulate: CRD source ".*nope\.yaml": no such file or directory\n$/);
});
