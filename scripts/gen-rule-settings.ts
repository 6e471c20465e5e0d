// Writes the rule ids into package.json's kubeRehearsal.rules schema (settings completion).
// Run: node --import tsx scripts/gen-rule-settings.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleSettingsProperties } from '../server/src/engine/ruleSettingsSchema';

const file = join(__dirname, '..', 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));
const sections = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
const rules = sections.map((s: { properties: Record<string, Record<string, unknown>> }) => s.properties['kubeRehearsal.rules']).find(Boolean);
rules.properties = ruleSettingsProperties();
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
