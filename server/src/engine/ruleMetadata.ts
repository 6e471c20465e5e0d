import type { Severity } from './findings';
import { CODE_DESCRIPTIONS, describeCode } from './check';
import { RULES } from './rules/index';
import { PREDICTION_RULES } from './dryrun/predictionRules';

/**
 * What a report needs to know about a rule id besides its findings: one-line help, the severity it
 * has unless a setting changes it, and tags that code-scanning views group by.
 */
export interface RuleMetadata {
  id: string;
  description: string;
  defaultSeverity: Severity;
  tags: string[];
}

/** Codes of the checker itself (not rules) that are informational by default. */
const INFORMATIONAL_CODES = new Set(['custom-resource', 'internal-error', 'file-too-large']);
/** Codes of the checker that are warnings by default. */
const WARNING_CODES = new Set(['deprecated-api-version', 'field-disabled-in-version', 'duplicate-key']);

export function ruleMetadata(id: string): RuleMetadata {
  const rule = RULES.find((r) => r.id === id);
  if (rule) return { id, description: rule.description, defaultSeverity: rule.defaultSeverity, tags: ['kubernetes', rule.profile ? 'best-practice' : 'correctness', ...(rule.profile ? [`profile:${rule.profile}`] : []), ...(rule.tags ?? [])] };
  if (id in PREDICTION_RULES) return { id, description: PREDICTION_RULES[id], defaultSeverity: 'warning', tags: ['kubernetes', 'dry-run', 'prediction'] };
  if (id in CODE_DESCRIPTIONS) {
    return { id, description: CODE_DESCRIPTIONS[id], defaultSeverity: INFORMATIONAL_CODES.has(id) ? 'information' : WARNING_CODES.has(id) ? 'warning' : 'error', tags: ['kubernetes', id.startsWith('yaml') || id === 'duplicate-key' ? 'syntax' : 'schema'] };
  }
  return { id, description: describeCode(id) ?? id, defaultSeverity: 'warning', tags: ['kubernetes'] };
}
