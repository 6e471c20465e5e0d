import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { crdsOfFile } from '../../server/src/engine/crds/sources';
import { CustomResourceRegistry } from '../../server/src/api/crd/registry';
import { completions } from '../../server/src/engine/editing/completion';
import { hover } from '../../server/src/engine/editing/hover';
import { definition } from '../../server/src/engine/editing/navigation';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { registryForWorkspace } from '../../server/src/engine/crds/sources';

/** Completion and hover inside custom resources, from their CRD's schema and descriptions. */

const root = join(__dirname, '..', '..');
const crdFile = parseYamlFile('file:///ws/widget-crd.yaml', readFileSync(join(root, 'test-fixtures', 'crds', 'widget-crd.yaml'), 'utf8'));
const crds = new CustomResourceRegistry(crdsOfFile(crdFile));

function at(text: string): { file: ReturnType<typeof parseYamlFile>; position: { line: number; character: number } } {
  const offset = text.indexOf('|');
  const clean = text.slice(0, offset) + text.slice(offset + 1);
  const file = parseYamlFile('file:///ws/w.yaml', clean);
  return { file, position: file.lines.positionAt(offset) };
}

test('field completion inside spec offers the CRD schema fields, required first, with descriptions', () => {
  const { file, position } = at('apiVersion: rehearsal.example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  replicas: 2\n  |\n');
  const items = completions(file, position, { crds }).items;
  const labels = items.map((i) => i.label);
  assert.equal(labels[0], 'size');
  assert.ok(labels.includes('owner') && labels.includes('podTemplate') && !labels.includes('replicas'), labels.join(','));
  const size = items.find((i) => i.label === 'size')!;
  assert.equal(size.detail, 'string · required');
  assert.match(size.documentation!.value, /How big the widget is\./);
  assert.match(size.documentation!.value, /Allowed values: `small`, `medium`, `large`/);
});

test('value completion offers enum values; the root offers spec and status', () => {
  const v = at('apiVersion: rehearsal.example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: |\n');
  assert.deepEqual(completions(v.file, v.position, { crds }).items.map((i) => i.label), ['small', 'medium', 'large']);
  const r = at('apiVersion: rehearsal.example.com/v1\nkind: Widget\nmetadata:\n  name: w\n|\n');
  const labels = completions(r.file, r.position, { crds }).items.map((i) => i.label);
  assert.deepEqual(labels.sort(), ['spec', 'status']);
});

test('hover shows the CRD description, type and constraints; on kind, where the CRD is', () => {
  const { file } = at('apiVersion: rehearsal.example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  replicas: 2|\n');
  const h = hover(file, { line: 5, character: 4 }, { crds })!;
  assert.match(h.contents.value, /^`spec\.replicas` · `integer` · optional/);
  assert.match(h.contents.value, /How many copies run\./);
  assert.match(h.contents.value, /Default: `1`/);
  assert.match(h.contents.value, /minimum 1, maximum 10/);
  const k = hover(file, { line: 1, character: 8 }, { crds })!;
  assert.match(k.contents.value, /\*\*Widget\*\* · `rehearsal\.example\.com\/v1` · namespaced/);
  assert.match(k.contents.value, /short names `wdg`/);
  assert.match(k.contents.value, /widget-crd\.yaml/);
});

test('without the registry a custom resource gets no schema completion (and no crash)', () => {
  const { file, position } = at('apiVersion: rehearsal.example.com/v1\nkind: Widget\nspec:\n  |\n');
  assert.deepEqual(completions(file, position, {}).items, []);
});

test('go to definition: from a custom resource to its CRD (kind to names, a field to its schema)', () => {
  const index = new WorkspaceIndex();
  index.update(crdFile);
  const file = parseYamlFile('file:///ws/w.yaml', 'apiVersion: rehearsal.example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  replicas: 2\n');
  index.update(file);
  const registry = registryForWorkspace(index);
  const kind = definition(file, { line: 1, character: 8 }, index, registry);
  assert.deepEqual(kind, [{ uri: 'file:///ws/widget-crd.yaml', range: { start: { line: 9, character: 4 }, end: { line: 9, character: 8 } } }]);
  const field = definition(file, { line: 5, character: 4 }, index, registry);
  assert.equal(field[0].uri, 'file:///ws/widget-crd.yaml');
  assert.equal(crdFile.text.split('\n')[field[0].range.start.line], '                replicas:');
});
