import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { enabledGlobs, matchesAny, matchesGlob, normalizeSettings } from '../../server/src/engine/config';
import { walkManifestFiles } from '../../server/src/engine/fileWalker';
import { kustomizePatchFiles, normalizeUri } from '../../server/src/engine/kustomizePatches';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { checkText } from './helpers';

test('globs: **, *, ?, {a,b}, bare names match anywhere, folders match their contents', () => {
  assert.ok(matchesGlob('a.yaml', '**/*.yaml'));
  assert.ok(matchesGlob('deep/er/a.yml', '**/*.{yaml,yml}'));
  assert.ok(!matchesGlob('a.yaml.bak', '**/*.yaml'));
  assert.ok(matchesGlob('x/node_modules/p/a.yaml', '**/node_modules/**'));
  assert.ok(matchesGlob('build/out/a.yaml', 'build'));
  assert.ok(matchesGlob('src/.git/config', '**/.git'));
  assert.ok(matchesGlob('charts/a/templates/x.yaml', 'charts/*/templates/**'));
  assert.ok(!matchesGlob('charts/a/b/templates/x.yaml', 'charts/*/templates/**'));
  assert.ok(matchesGlob('k1.yaml', 'k?.yaml'));
  assert.ok(matchesAny('a/b.json', ['**/*.yaml', '**/*.json']));
});

test('settings from untrusted JSON fall back to defaults', () => {
  const s = normalizeSettings({ enable: 'yes', rules: { a: 'warning', b: 'loud', c: 'info', d: 'OFF' }, include: 'x', exclude: ['**/gen/**', 3] });
  assert.equal(s.enable, true);
  assert.deepEqual(s.rules, { a: 'warning', c: 'information', d: 'off' });
  assert.deepEqual(s.include, ['**/*.yaml', '**/*.yml', '**/*.json']);
  assert.deepEqual(s.exclude, ['**/gen/**']);
  assert.deepEqual(normalizeSettings(null).rules, {});
  assert.deepEqual(enabledGlobs({ '**/.git': true, '**/dist': false }), ['**/.git']);
});

test('the walker skips node_modules, dot-folders and excluded globs', () => {
  const root = mkdtempSync(join(tmpdir(), 'kr-walk-'));
  try {
    for (const p of ['a.yaml', 'sub/b.yml', 'sub/c.json', 'sub/d.txt', 'node_modules/x/e.yaml', '.github/workflows/f.yaml', 'gen/g.yaml']) {
      mkdirSync(join(root, p, '..'), { recursive: true });
      writeFileSync(join(root, p), 'a: 1\n');
    }
    const found = walkManifestFiles(root, { exclude: ['gen'] }).map((p) => relative(root, p).split('\\').join('/'));
    assert.deepEqual(found, ['a.yaml', 'sub/b.yml', 'sub/c.json']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('kustomize patch paths resolve against the kustomization, for paths and file URIs', () => {
  const k = 'resources: [a.yaml]\npatches:\n  - path: overlay/p.yaml\n  - patch: |-\n      inline\npatchesStrategicMerge:\n  - ../shared/q.yaml\npatchesJson6902:\n  - path: j.yaml\n';
  const byPath = kustomizePatchFiles([parseYamlFile('/w/app/kustomization.yaml', k)]);
  assert.deepEqual([...byPath].sort(), ['/w/app/j.yaml', '/w/app/overlay/p.yaml', '/w/shared/q.yaml']);
  const byUri = kustomizePatchFiles([parseYamlFile('file:///w/app/kustomization.yml', k)]);
  assert.ok(byUri.has(normalizeUri('file:///w/app/overlay/p.yaml')));
  assert.equal(kustomizePatchFiles([parseYamlFile('/w/app/other.yaml', k)]).size, 0);
});

test('the checker never throws or fails internally, whatever the text', () => {
  const yamlish = fc.array(fc.constantFrom('apiVersion: v1\n', 'kind: Pod\n', 'kind: List\n', 'items:\n', '- ', '  ', 'spec:\n', 'metadata:\n', 'name: x\n', '{{ .x }}', '---\n', ': ', '[', ']', '{', '}', '&a ', '*a ', '"', "'", '#', '\t', '\r\n', 'containers: 5\n', '$patch: delete\n'), { maxLength: 40 }).map((a) => a.join(''));
  fc.assert(
    fc.property(fc.oneof(yamlish, fc.string()), (text) => {
      const failed = checkText(text).filter((f) => f.code === 'internal-error' && f.message.startsWith('kube-rehearsal could not check'));
      assert.deepEqual(failed, [], JSON.stringify(text));
    }),
    { numRuns: 300 },
  );
});
