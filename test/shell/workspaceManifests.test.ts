import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { workspaceManifestReader } from '../../server/src/shell/workspaceManifests';

/** `kubectl apply -f DIR` in the editor's cluster terminal reads DIR's own files; subfolders only with -R. */

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
const files = [
  parseYamlFile('file:///ws/app/a.yaml', cm('a')),
  parseYamlFile('file:///ws/app/sub/b.yaml', cm('b')),
  parseYamlFile('file:///ws/other/app/c.yaml', cm('c')),
];
const read = workspaceManifestReader(() => files);
const names = (r: { objects: Record<string, unknown>[] }) => r.objects.map((o) => (o.metadata as { name: string }).name);

test('a folder without -R: its own files only; with -R: its subfolders too', () => {
  assert.deepEqual(names(read('app')), ['a', 'c']);
  assert.deepEqual(names(read('app', { recursive: true })), ['a', 'b', 'c']);
  assert.deepEqual(names(read('/ws/app')), ['a']);
  assert.deepEqual(names(read('/ws/app', { recursive: true })), ['a', 'b']);
  assert.deepEqual(names(read('app/sub/b.yaml')), ['b']);
  assert.match(read('nowhere').error ?? '', /the path "nowhere" does not exist/);
});

test('a repeated key is read as kubectl reads it (the later value), a YAML error is refused as kubectl refuses it', async () => {
  const { addManifests } = await import('../../server/src/shell/fileManifests');
  // kubectl 1.32: `kubectl label --local -f` of this document prints `name: later`.
  const out = { objects: [] as Record<string, unknown>[], sources: [] as string[] };
  assert.equal(addManifests('dup.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: earlier\n  name: later\n', out), undefined);
  assert.deepEqual(names(out), ['later']);
  const broken = { objects: [] as Record<string, unknown>[], sources: [] as string[] };
  assert.match(addManifests('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [a\n', broken) ?? '', /^error: error parsing bad\.yaml: error converting YAML to JSON: yaml: line \d+: /);
});
