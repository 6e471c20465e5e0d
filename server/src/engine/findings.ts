// The one shape every check produces; the LSP layer and the CLI only translate it.

import type { MessageRef } from './messages';

export interface Position {
  /** 0-based line */
  line: number;
  /** 0-based UTF-16 code unit offset in the line (LSP semantics) */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  /** The title's message id and arguments (the LSP adapter shows it in the client's language). */
  l10n?: MessageRef;
  edits: TextEdit[];
  /** The fix a person most likely wants (shown first, applied by "fix all"). */
  preferred?: boolean;
}

export interface Finding {
  range: Range;
  severity: Severity;
  /** Stable rule id, also the anchor of its entry in docs/rules.md. */
  code: string;
  message: string;
  /** The message's id and arguments when it is one of our catalogued texts (the LSP adapter localizes it). */
  l10n?: MessageRef;
  /** Who found it: 'kube-rehearsal' for checks, 'kube-rehearsal dry-run' for simulation predictions. */
  source?: string;
  fixes?: Fix[];
  /** Extra locations (e.g. the template a selector should match). */
  related?: { file: string; range: Range; message: string; l10n?: MessageRef }[];
}

export const RULES_DOC_URL = 'https://github.com/kube-rehearsal/kube-rehearsal/blob/main/docs/rules.md';

export function ruleDocUrl(code: string): string {
  return `${RULES_DOC_URL}#${code}`;
}

export function severityRank(s: Severity): number {
  return s === 'error' ? 0 : s === 'warning' ? 1 : s === 'information' ? 2 : 3;
}
