import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

/**
 * Where the edits of an open document fell, so that its next parse is told which stretch of the
 * text may have changed instead of comparing 6 MB of text with the previous one to find out.
 *
 * Each update of a document (vscode-languageserver's TextDocuments calls `update`) logs, for each
 * change in order, the offsets it replaced in the text it applied to (computed as
 * TextDocument.update computes them) and the length of the text it put there. `since` folds the
 * changes made after a given version into the lengths of the text's start and end that none of
 * them touched. Versions, not texts, mark the log, so it holds no old text.
 */

interface Change {
  /** The document's version before the update this change belongs to. */
  version: number;
  /** Replaced [start, end) of the text before the change, by `length` characters; start -1: the whole text. */
  start: number;
  end: number;
  length: number;
  /** The length of the text before the change. */
  before: number;
}

/** An open document's log is dropped past this many changes (a version asked for later then gets no answer). */
const MAX_LOGGED = 4096;

const logs = new WeakMap<TextDocument, Change[]>();

/** TextDocument.update, logging where each change fell. */
export function updateLogged(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
  let log = logs.get(document);
  if (!log) logs.set(document, (log = []));
  if (log.length + changes.length > MAX_LOGGED) log.length = 0;
  const from = document.version;
  for (const change of changes) {
    const before = document.getText().length;
    if ('range' in change && change.range) {
      let { start, end } = change.range;
      // Reversed ranges are taken the right way round, as TextDocument.update does.
      if (start.line > end.line || (start.line === end.line && start.character > end.character)) [start, end] = [end, start];
      const from0 = document.offsetAt(start);
      const to = document.offsetAt(end);
      // A position past the text's last line leaves TextDocument's line offsets odd (NaN later): the whole text then.
      if (Number.isInteger(from0) && Number.isInteger(to) && from0 <= to && to <= before) log.push({ version: from, start: from0, end: to, length: change.text.length, before });
      else log.push({ version: from, start: -1, end: before, length: change.text.length, before });
    } else log.push({ version: from, start: -1, end: before, length: change.text.length, before });
    // One change at a time: the next change's offsets are those of the text this one leaves.
    TextDocument.update(document, [change], version);
  }
  return document;
}

/**
 * The stretch of the document's current text that may differ from its text at `version`: how many
 * characters at its start (`prefix`) and at its end (`suffix`) no change since touched. Undefined
 * when the log does not reach back to that version. The log before `version` is dropped (a later
 * parse starts from this one or a newer one).
 */
export function editedSince(document: TextDocument, version: number): { prefix: number; suffix: number } | undefined {
  const log = logs.get(document);
  if (!log) return undefined;
  const first = log.findIndex((c) => c.version === version);
  if (first < 0) return undefined;
  log.splice(0, first);
  let prefix = Infinity;
  let suffix = Infinity;
  for (const c of log) {
    if (c.start < 0) return { prefix: 0, suffix: 0 };
    prefix = Math.min(prefix, c.start);
    suffix = Math.min(suffix, c.before - c.end);
  }
  const length = document.getText().length;
  if (prefix === Infinity) return { prefix: length, suffix: 0 };
  return { prefix, suffix };
}
