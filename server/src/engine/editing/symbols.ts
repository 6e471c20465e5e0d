import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { Range } from '../findings';
import type { WorkspaceIndex } from '../workspace/index';
import type { YamlDoc, YamlFile } from '../yaml/documents';
import { documentLines } from './lines';
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from './types';
import { objectNameRange } from './workspaceFacts';

/**
 * Files with more documents than this list their documents without sections: the sections need
 * each document's full parse, which the fast path skips (opening a 10,000-document file would
 * otherwise parse it all again for the outline view).
 */
export const SECTIONS_MAX_DOCUMENTS = 500;
/**
 * A document read by the fast path and longer than this (characters) is listed without sections
 * too: they would make its full parse (seconds for a Pod of megabytes, asked for by the editor
 * as soon as the file opens).
 */
export const SECTIONS_MAX_FAST_CHARS = 256 * 1024;

/** The outline: one entry per document (`Kind name`), with its sections and named list items. */
export function documentSymbols(file: YamlFile): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const withSections = file.docs.length <= SECTIONS_MAX_DOCUMENTS;
  for (const doc of file.docs) {
    if (doc.empty) continue;
    const range = docRange(file, doc);
    if (!range) continue;
    const kind = doc.kind ?? stringAt(doc, 'kind');
    const name = doc.name;
    const title = kind ? `${kind} ${name ?? '(unnamed)'}` : `Document ${doc.index + 1}`;
    const selection = kind ? objectNameRange(file, doc) : range;
    out.push({
      name: title,
      detail: [doc.apiVersion, doc.namespace ? `namespace ${doc.namespace}` : undefined].filter(Boolean).join(' · ') || undefined,
      kind: SymbolKind.Class,
      range,
      selectionRange: within(selection, range) ? selection : { start: range.start, end: range.start },
      children: withSections && (!doc.outline || doc.text.length <= SECTIONS_MAX_FAST_CHARS) ? inside(children(file, doc, doc.doc.contents as Node | null, 0), range) : undefined,
    });
  }
  return out;
}

function stringAt(doc: YamlDoc, key: string): string | undefined {
  const v = (doc.value as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** From the document's first content line to its last non-blank line. */
function docRange(file: YamlFile, doc: YamlDoc): Range | undefined {
  const { shapes } = documentLines(file, doc);
  const content = shapes.filter((s) => !s.blank || (s.text.trim() !== '' && !/^(?:---|\.\.\.)/.test(s.text)));
  if (content.length === 0) return undefined;
  const first = content[0];
  const last = content[content.length - 1];
  return { start: { line: first.line, character: 0 }, end: { line: last.line, character: last.text.length } };
}

const MAX_DEPTH = 6;

function children(file: YamlFile, doc: YamlDoc, node: Node | null, depth: number): DocumentSymbol[] | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  const out: DocumentSymbol[] = [];
  const rangeOf = (n: Node | null | undefined): Range | undefined => (n?.range ? file.lines.range(doc.start + n.range[0], doc.start + n.range[1]) : undefined);
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const value = item.value as Node | null;
      // Sections only: scalar leaves would drown the outline.
      if (!isMap(value) && !isSeq(value)) continue;
      const keyRange = rangeOf(item.key as Node);
      const valueRange = rangeOf(value);
      if (!keyRange || !valueRange) continue;
      const range = { start: keyRange.start, end: trimEnd(file, valueRange).end };
      out.push({
        name: String(item.key.value),
        kind: isSeq(value) ? SymbolKind.Array : SymbolKind.Field,
        range,
        selectionRange: keyRange,
        children: inside(children(file, doc, value, depth + 1), range),
      });
    }
  } else if (isSeq(node)) {
    node.items.forEach((it, i) => {
      const n = it as Node | null;
      if (!isMap(n)) return;
      const nameNode = (n.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'name') as { value?: Node } | undefined)?.value;
      const r = rangeOf(n);
      if (!r) return;
      const label = isScalar(nameNode) ? String(nameNode.value) : `[${i}]`;
      const sel = isScalar(nameNode) ? rangeOf(nameNode) ?? r : { start: r.start, end: r.start };
      const image = n.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'image') as { value?: Node } | undefined;
      out.push({
        name: label,
        detail: isScalar(image?.value) ? String(image!.value.value) : undefined,
        kind: SymbolKind.Object,
        range: trimEnd(file, r),
        selectionRange: sel,
        children: inside(children(file, doc, n, depth + 1), trimEnd(file, r)),
      });
    });
  }
  return out.length ? out : undefined;
}

/** Collections' ranges run to the next key's line: end them at the last content instead. */
function trimEnd(file: YamlFile, r: Range): Range {
  let line = r.end.line;
  if (r.end.character === 0 && line > r.start.line) line--;
  while (line > r.start.line && file.lines.lineText(line).trim() === '') line--;
  const end = line === r.end.line ? r.end : { line, character: file.lines.lineText(line).length };
  return { start: r.start, end };
}

/** Clients drop an outline whose children leave their parent (template syntax can parse that way). */
function inside(list: DocumentSymbol[] | undefined, parent: Range): DocumentSymbol[] | undefined {
  const kept = list?.filter((c) => within(c.range, parent) && within(c.selectionRange, c.range));
  return kept?.length ? kept : undefined;
}

function within(inner: Range, outer: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

/** Workspace symbols: every object as `Kind name`, fuzzy-matched on the query. */
export function workspaceSymbols(index: WorkspaceIndex, query: string, limit = 500): SymbolInformation[] {
  const scored: { score: number; info: SymbolInformation }[] = [];
  for (const o of index.objects()) {
    const name = `${o.kind} ${o.name ?? '(unnamed)'}`;
    const score = fuzzyScore(query, name);
    if (score === undefined) continue;
    scored.push({
      score,
      info: { name, kind: SymbolKind.Class, location: { uri: o.uri, range: objectNameRange(o.file, o.doc) }, containerName: o.namespace },
    });
  }
  scored.sort((a, b) => b.score - a.score || a.info.name.localeCompare(b.info.name));
  return scored.slice(0, limit).map((s) => s.info);
}

/**
 * Subsequence match, case-insensitive (spaces in the query are ignored): undefined when the
 * query's characters do not all appear in order. Contiguous runs and word starts score higher.
 */
export function fuzzyScore(query: string, target: string): number | undefined {
  const q = query.replace(/\s+/g, '').toLowerCase();
  if (q === '') return 0;
  const t = target.toLowerCase();
  let score = 0;
  let ti = 0;
  let prev = -2;
  for (const c of q) {
    const found = t.indexOf(c, ti);
    if (found < 0) return undefined;
    if (found === prev + 1) score += 3;
    if (found === 0 || /[\s\-._/]/.test(target[found - 1]) || (target[found] >= 'A' && target[found] <= 'Z')) score += 2;
    score += 1;
    prev = found;
    ti = found + 1;
  }
  return score - target.length * 0.01;
}
