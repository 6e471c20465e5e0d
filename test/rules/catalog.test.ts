import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES, runRules } from '../../server/src/engine/rules/index';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';

test('every rule has a unique id, a description and a docs/rules.md section stating its default severity', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8');
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const r of RULES) {
    assert.match(r.id, /^[a-z0-9-]+$/);
    assert.ok(r.description.length > 10, r.id);
    const start = doc.indexOf(`\n## ${r.id}\n`);
    assert.ok(start >= 0, `docs/rules.md has no section ## ${r.id}`);
    const next = doc.indexOf('\n## ', start + 4);
    const section = doc.slice(start, next < 0 ? undefined : next);
    assert.match(section, new RegExp(`Default severity:\\s+${r.defaultSeverity}\\.`), `${r.id}: default severity in docs`);
    assert.match(section, /Bad/, `${r.id}: bad example`);
    assert.match(section, /Good/, `${r.id}: good example`);
    assert.ok(section.includes(`kube-rehearsal-disable-next-line ${r.id}`), `${r.id}: suppression`);
  }
});

test('findings carry the rule id and its default severity; a throwing rule is reported, not fatal', () => {
  const file = parseYamlFile('file:///x.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: A\n    image: nginx:1.27\n');
  const index = new WorkspaceIndex();
  index.update(file);
  const findings = runRules(file, file.docs[0], index);
  for (const f of findings) assert.equal(f.severity, RULES.find((r) => r.id === f.code)!.defaultSeverity, f.code);
  RULES.push({ id: 'broken', defaultSeverity: 'error', description: 'throws on purpose', check: () => { throw new Error('boom'); } });
  try {
    const out = runRules(file, file.docs[0], index);
    const err = out.find((f) => f.code === 'internal-error');
    assert.ok(err);
    assert.match(err.message, /rule broken failed: boom/);
    assert.ok(out.some((f) => f.code === 'invalid-container-name'));
  } finally {
    RULES.pop();
  }
});

test('through checkFile: suppression comments and severity settings apply to rule findings', async () => {
  const { checkFile } = await import('../../server/src/engine/check');
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  # kube-rehearsal-disable-next-line invalid-container-name\n  - name: A\n    image: nginx\n';
  const file = parseYamlFile('file:///x.yaml', text);
  const codes = checkFile(file).map((f) => `${f.code}:${f.severity}`);
  assert.ok(!codes.some((c) => c.startsWith('invalid-container-name')), codes.join(' '));
  assert.ok(codes.includes('image-latest-tag:information'), codes.join(' '));
  const { DEFAULT_SETTINGS } = await import('../../server/src/engine/config');
  const tuned = checkFile(file, { settings: { ...DEFAULT_SETTINGS, rules: { 'image-latest-tag': 'off' } } }).map((f) => f.code);
  assert.ok(!tuned.includes('image-latest-tag'));
});
