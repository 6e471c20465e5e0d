import type { Finding } from '../findings';
import type { YamlDoc, YamlFile } from '../yaml/documents';
import type { WorkspaceIndex } from '../workspace/index';

/** A semantic rule: a pure function of one document (and the workspace index) to findings. */
export interface Rule {
  id: string;
  defaultSeverity: Finding['severity'];
  description: string;
  check(ctx: RuleContext): Finding[];
}

export interface RuleContext {
  file: YamlFile;
  doc: YamlDoc;
  index: WorkspaceIndex;
}

/** The rule catalog (filled by the semantic-rules work, one module per rule under rules/). */
export const RULES: Rule[] = [];

/** Runs every rule on one Kubernetes document; a rule that throws is reported, never fatal. */
export function runRules(file: YamlFile, doc: YamlDoc, index: WorkspaceIndex): Finding[] {
  const out: Finding[] = [];
  for (const rule of RULES) {
    try {
      out.push(...rule.check({ file, doc, index }));
    } catch (e) {
      // A broken rule must not hide the other findings; surface it where it happened.
      out.push({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 'information',
        code: 'internal-error',
        message: `rule ${rule.id} failed: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }
  return out;
}
