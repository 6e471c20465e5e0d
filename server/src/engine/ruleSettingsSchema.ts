import { CODE_DESCRIPTIONS } from './check';
import { RULES } from './rules/index';
import { PREDICTION_RULES } from './dryrun/predictionRules';
import { ruleMetadata } from './ruleMetadata';

/**
 * The settings schema of `kubeRehearsal.rules`: every id a finding can have, as a property whose
 * value is a severity (or off), so the settings editor completes the ids and the severities.
 * package.json carries it (scripts/gen-rule-settings.ts writes it; a test keeps them equal).
 */
export const RULE_LEVELS = ['error', 'warning', 'information', 'hint', 'off'] as const;

export function ruleSettingIds(): string[] {
  return [...new Set([...RULES.map((r) => r.id), ...Object.keys(CODE_DESCRIPTIONS), ...Object.keys(PREDICTION_RULES)])].sort();
}

export function ruleSettingsProperties(): Record<string, { type: 'string'; enum: string[]; description: string }> {
  const out: Record<string, { type: 'string'; enum: string[]; description: string }> = {};
  for (const id of ruleSettingIds()) {
    const m = ruleMetadata(id);
    out[id] = { type: 'string', enum: [...RULE_LEVELS], description: `${m.description} (default: ${m.defaultSeverity})` };
  }
  return out;
}
