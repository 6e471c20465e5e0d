import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleSettingIds, ruleSettingsProperties } from '../../server/src/engine/ruleSettingsSchema';
import { RULES } from '../../server/src/engine/rules/index';

/** kubeRehearsal.rules offers every rule id and the severities in the settings editor (an enum-backed schema). */

test('package.json lists every rule id under kubeRehearsal.rules with the severities (run scripts/gen-rule-settings.ts after adding a rule)', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const sections = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
  const rules = sections.map((s: { properties: Record<string, { properties?: unknown; additionalProperties?: { enum?: string[] } }> }) => s.properties['kubeRehearsal.rules']).find(Boolean);
  assert.deepEqual(rules.properties, ruleSettingsProperties(), 'package.json is out of date: node --import tsx scripts/gen-rule-settings.ts');
  assert.deepEqual(rules.additionalProperties?.enum, ['error', 'warning', 'information', 'hint', 'off']);
  for (const r of RULES) assert.ok(ruleSettingIds().includes(r.id), r.id);
  for (const id of ['yaml-syntax', 'dry-run-crashloop', 'image-latest-tag']) assert.ok(id in rules.properties, id);
  assert.match(rules.properties['image-latest-tag'].description, /\(default: \w+\)$/);
});
