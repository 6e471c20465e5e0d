import assert from 'node:assert/strict';
import type { Finding, Range } from '../../server/src/engine/findings';
import { RULES, runRules } from '../../server/src/engine/rules/index';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { LineIndex } from '../../server/src/engine/yaml/lineIndex';

/** Test plumbing: build a workspace from texts, run the rules, apply quick fixes. */

export interface Workspace {
  index: WorkspaceIndex;
  /** Findings for one file (every Kubernetes document in it). */
  findings(uri?: string): Finding[];
}

export const MAIN = 'file:///ws/main.yaml';

export function workspace(files: Record<string, string>): Workspace {
  const index = new WorkspaceIndex();
  for (const [uri, text] of Object.entries(files)) index.update(parseYamlFile(uri, text));
  return {
    index,
    findings(uri = MAIN) {
      const file = index.file(uri)!;
      return file.docs.filter((d) => d.isKubernetes).flatMap((d) => runRules(file, d, index));
    },
  };
}

/** Findings of `code` for `text` as the main file, with optional other files in the workspace. */
export function findingsFor(text: string, code?: string, others: Record<string, string> = {}): Finding[] {
  const all = workspace({ [MAIN]: text, ...others }).findings();
  return code ? all.filter((f) => f.code === code) : all;
}

export function textAt(text: string, r: Range): string {
  const li = new LineIndex(text);
  return text.slice(li.offsetAt(r.start), li.offsetAt(r.end));
}

import { applyEdits } from '../support/edits';

export { applyEdits };

/** Exactly one finding of `code`, whose range covers `expected` text on `line` (0-based). */
export function expectOne(findings: Finding[], code: string, text: string, expected: string, line?: number): Finding {
  const mine = findings.filter((f) => f.code === code);
  assert.equal(mine.length, 1, `expected one ${code}, got ${mine.length}: ${mine.map((f) => f.message).join(' | ')}`);
  const f = mine[0];
  assert.equal(textAt(text, f.range), expected, `range text of ${code}`);
  if (line !== undefined) assert.equal(f.range.start.line, line, `line of ${code}`);
  return f;
}

/**
 * Applies fix `title` of the finding, re-parses and re-runs the rules: the finding's code must be
 * gone and no finding absent before may appear. Returns the fixed text.
 */
export function applyFixAndRecheck(text: string, code: string, titlePrefix: string, others: Record<string, string> = {}): string {
  // Best-practice rules (production/strict profiles) other than the one fixed are out of the comparison, as in the default profile.
  const inProfile = (x: Finding) => !RULES.find((r) => r.id === x.code)?.profile || x.code === code;
  const before = findingsFor(text, undefined, others).filter(inProfile);
  const f = before.find((x) => x.code === code);
  assert.ok(f, `no ${code} finding to fix`);
  const fix = f.fixes?.find((x) => x.title.startsWith(titlePrefix));
  assert.ok(fix, `no fix "${titlePrefix}" on ${code}; fixes: ${(f.fixes ?? []).map((x) => x.title).join(', ')}`);
  const fixed = applyEdits(text, fix.edits);
  const after = findingsFor(fixed, undefined, others).filter(inProfile);
  assert.equal(after.filter((x) => x.code === code).length, before.filter((x) => x.code === code).length - 1, `${code} still reported after "${fix.title}":\n${fixed}`);
  const key = (x: Finding) => `${x.code}|${x.message}`;
  const beforeKeys = new Set(before.map(key));
  const fresh = after.filter((x) => !beforeKeys.has(key(x)) && x.code !== code);
  assert.deepEqual(fresh.map(key), [], `new findings after "${fix.title}":\n${fixed}`);
  return fixed;
}
