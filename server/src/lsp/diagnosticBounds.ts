import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../engine/findings';
import { severityRank } from '../engine/findings';
import { msg } from '../engine/messages';
import type { YamlFile } from '../engine/yaml/documents';
import { localizedText } from './l10n/index';

/**
 * How many diagnostics of one file the editor gets. The check itself is complete (the CLI, the
 * findings behind hovers and quick fixes); only what is published is bounded, as compilers bound
 * the errors they print (`-ferror-limit`): past the first findings of a document, the rest are
 * almost always one mistake repeated, and 60,000 of them cost seconds to word and serialize and
 * megabytes of JSON the editor must parse. A document keeps its first MAX_PER_DOCUMENT findings
 * in document order, a file its first MAX_PER_FILE; each cut is said by one diagnostic on the
 * first finding left out, with how many were left out and that `kube-rehearsal check` lists them
 * all. A pure function of the findings: an edited file's bound is the bound of its findings.
 */
export const MAX_DIAGNOSTICS_PER_DOCUMENT = 1000;
export const MAX_DIAGNOSTICS_PER_FILE = 20_000;

export interface BoundedFindings {
  /** The findings published, in their order. */
  shown: readonly Finding[];
  /** One diagnostic for each cut (a document's, then the file's), on its first finding left out. */
  notes: Diagnostic[];
}

/** A finding's severity as LSP numbers it (the published diagnostics and the bounds' notes). */
export const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

interface Cut {
  first: Finding;
  count: number;
  severity: Severity;
}

function fileName(uri: string): string {
  const path = decodeURIComponent(uri.replace(/[?#].*$/, ''));
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

function note(cut: Cut, shown: number, scope: 'document' | 'file', uri: string): Diagnostic {
  const args = { count: cut.count.toLocaleString('en-US'), shown: shown.toLocaleString('en-US'), file: fileName(uri) };
  return {
    range: cut.first.range,
    // As severe as the worst finding left out: the file does not look better than it is.
    severity: SEVERITY[cut.severity],
    source: 'kube-rehearsal',
    message: localizedText(msg(scope === 'document' ? 'diagnostics.more-in-document' : 'diagnostics.more-in-file', args)),
  };
}

function addTo(cut: Cut | undefined, f: Finding): Cut {
  if (!cut) return { first: f, count: 1, severity: f.severity };
  cut.count++;
  if (severityRank(f.severity) < severityRank(cut.severity)) cut.severity = f.severity;
  return cut;
}

export function boundFindings(file: YamlFile, findings: readonly Finding[], perDocument = MAX_DIAGNOSTICS_PER_DOCUMENT, perFile = MAX_DIAGNOSTICS_PER_FILE): BoundedFindings {
  // Fewer findings than a document may have: nothing to cut (every file below the bounds costs this test only).
  if (findings.length <= perDocument && findings.length <= perFile) return { shown: findings, notes: [] };
  // The line each document starts on, to tell which document a finding is in (a finding of a
  // kustomize build is placed on its source's lines like the others).
  const starts = new Int32Array(file.docs.length);
  for (let i = 0; i < file.docs.length; i++) starts[i] = file.lines.positionAt(file.docs[i].start).line;
  let guess = 0;
  const docOf = (line: number): number => {
    // Findings come in document order: the last answer, or the next document, is usually right.
    if (starts[guess] <= line && (guess + 1 === starts.length || starts[guess + 1] > line)) return guess;
    if (guess + 1 < starts.length && starts[guess + 1] <= line && (guess + 2 === starts.length || starts[guess + 2] > line)) return ++guess;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= line) lo = mid;
      else hi = mid - 1;
    }
    return (guess = lo);
  };
  // Most files within the file's bound have no document over its own: then nothing is cut, and
  // the list is shown as it is (an edit of a file of 9,000 findings pays a count, not a copy).
  if (findings.length <= perFile) {
    const counts = new Int32Array(starts.length);
    let over = false;
    for (let i = 0; i < findings.length && !over; i++) over = ++counts[docOf(findings[i].range.start.line)] > perDocument;
    if (!over) return { shown: findings, notes: [] };
  }
  const perDoc = new Map<number, number>();
  const docCuts = new Map<number, Cut>();
  let fileCut: Cut | undefined;
  const shown: Finding[] = [];
  for (const f of findings) {
    const d = docOf(f.range.start.line);
    const n = perDoc.get(d) ?? 0;
    if (n >= perDocument) {
      docCuts.set(d, addTo(docCuts.get(d), f));
      continue;
    }
    if (shown.length >= perFile) {
      fileCut = addTo(fileCut, f);
      continue;
    }
    perDoc.set(d, n + 1);
    shown.push(f);
  }
  const notes = [...docCuts.keys()].sort((a, b) => a - b).map((d) => note(docCuts.get(d)!, perDocument, 'document', file.uri));
  if (fileCut) notes.push(note(fileCut, perFile, 'file', file.uri));
  return { shown, notes };
}
