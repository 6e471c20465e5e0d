import { isMap, isPair, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { TextEdit } from '../findings';
import { findPair, nodeAtPath, nodeOffsets, type PathSegment } from '../yaml/documents';
import type { RuleContext } from './index';

/** What the edits read: the file and the document (any rule context will do). */
type EditContext = Pick<RuleContext, 'file' | 'doc'>;
import { yamlString } from './ruleSupport';

/**
 * Text edits on block-style YAML maps for quick fixes: set entries of a string map at a path,
 * creating the map (and its parent map) when missing. Flow maps are rewritten as a whole.
 */

function column(ctx: EditContext, offset: number): number {
  return ctx.file.lines.positionAt(offset).character;
}

function endOfLineAfter(ctx: EditContext, offset: number): number {
  // node range end may sit at the start of the next line; step back over the line break.
  let o = offset;
  while (o > 0 && /[\r\n]/.test(ctx.file.text[o - 1])) o--;
  const line = ctx.file.lines.positionAt(o).line;
  return ctx.file.lines.lineEnd(line);
}

function blockItems(node: unknown): Pair<Node, Node | null>[] | undefined {
  if (!isMap(node)) return undefined;
  const m = node as YAMLMap<Node, Node | null>;
  if (m.flow || m.items.length === 0) return undefined;
  return m.items.filter((p) => isPair(p)) as Pair<Node, Node | null>[];
}

function renderEntries(entries: [string, string][], indent: number): string {
  return entries.map(([k, v]) => `\n${' '.repeat(indent)}${yamlString(k)}: ${yamlString(v)}`).join('');
}

/** Edits that make the string map at `mapPath` contain `entries` (replacing values of existing keys). */
export function setMapEntriesEdits(ctx: EditContext, mapPath: readonly PathSegment[], entries: [string, string][]): TextEdit[] | undefined {
  const node = nodeAtPath(ctx.doc.doc, mapPath);
  const edits: TextEdit[] = [];
  const items = blockItems(node);
  if (items) {
    const missing: [string, string][] = [];
    for (const [k, v] of entries) {
      const pair = findPair(node, k);
      if (pair && pair.value && isScalar(pair.value)) {
        const o = nodeOffsets(ctx.doc, pair.value)!;
        edits.push({ range: ctx.file.lines.range(o[0], o[1]), newText: yamlString(v) });
      } else if (pair) {
        return undefined;
      } else missing.push([k, v]);
    }
    if (missing.length) {
      const keyOff = nodeOffsets(ctx.doc, items[0].key)![0];
      const last = items[items.length - 1];
      const lastEnd = nodeOffsets(ctx.doc, (last.value ?? last.key) as Node)![1];
      const at = endOfLineAfter(ctx, lastEnd);
      edits.push({ range: ctx.file.lines.range(at, at), newText: renderEntries(missing, column(ctx, keyOff)) });
    }
    return edits;
  }
  if (node && isMap(node)) {
    // flow or empty map: rewrite it as a flow map with the merged entries
    const current = (node.toJSON() ?? {}) as Record<string, unknown>;
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries(current)) merged[k] = String(v);
    for (const [k, v] of entries) merged[k] = v;
    const o = nodeOffsets(ctx.doc, node)!;
    const text = `{${Object.entries(merged).map(([k, v]) => `${yamlString(k)}: ${yamlString(v)}`).join(', ')}}`;
    return [{ range: ctx.file.lines.range(o[0], o[1]), newText: text }];
  }
  if (node) return undefined; // a scalar or sequence where a map belongs: leave it to schema checks
  // Missing: add `<key>:` with the entries to the parent map.
  if (mapPath.length === 0) return undefined;
  const parentPath = mapPath.slice(0, -1);
  const key = String(mapPath[mapPath.length - 1]);
  const parent = nodeAtPath(ctx.doc.doc, parentPath);
  const parentItems = blockItems(parent);
  if (!parentItems) {
    if (parent !== undefined) return undefined;
    // The parent is missing too (e.g. template without metadata): create both levels.
    const grand = nodeAtPath(ctx.doc.doc, parentPath.slice(0, -1));
    const grandItems = blockItems(grand);
    if (!grandItems || parentPath.length === 0) return undefined;
    const indent = column(ctx, nodeOffsets(ctx.doc, grandItems[0].key)![0]);
    const last = grandItems[grandItems.length - 1];
    const at = endOfLineAfter(ctx, nodeOffsets(ctx.doc, (last.value ?? last.key) as Node)![1]);
    const text = `\n${' '.repeat(indent)}${String(parentPath[parentPath.length - 1])}:\n${' '.repeat(indent + 2)}${key}:${renderEntries(entries, indent + 4)}`;
    return [{ range: ctx.file.lines.range(at, at), newText: text }];
  }
  const indent = column(ctx, nodeOffsets(ctx.doc, parentItems[0].key)![0]);
  const last = parentItems[parentItems.length - 1];
  const at = endOfLineAfter(ctx, nodeOffsets(ctx.doc, (last.value ?? last.key) as Node)![1]);
  return [{ range: ctx.file.lines.range(at, at), newText: `\n${' '.repeat(indent)}${key}:${renderEntries(entries, indent + 2)}` }];
}

/** Edit deleting the whole line(s) of the entry `key` of the block map at `mapPath`. */
export function deleteMapEntryEdit(ctx: EditContext, mapPath: readonly PathSegment[], key: string): TextEdit | undefined {
  const node = nodeAtPath(ctx.doc.doc, mapPath);
  if (!blockItems(node)) return undefined;
  const pair = findPair(node, key);
  if (!pair) return undefined;
  const start = nodeOffsets(ctx.doc, pair.key as Node)![0];
  const end = nodeOffsets(ctx.doc, (pair.value ?? pair.key) as Node)![1];
  const startLine = ctx.file.lines.positionAt(start).line;
  const endLine = ctx.file.lines.positionAt(endOfLineAfter(ctx, end)).line;
  const from = ctx.file.lines.lineStart(startLine);
  const to = ctx.file.lines.lineStart(endLine + 1);
  if (to <= from) return undefined;
  return { range: ctx.file.lines.range(from, to === from ? ctx.file.lines.lineEnd(endLine) : to), newText: '' };
}

/** A plain value as block YAML under a key at `indent` (lists of scalars in flow style). */
function renderBlock(key: string, value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return `\n${pad}${key}:` + Object.entries(value as Record<string, unknown>).map(([k, v]) => renderBlock(k, v, indent + 2)).join('');
  }
  if (Array.isArray(value)) return `\n${pad}${key}: [${value.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(', ')}]`;
  // Quantities (`100m`, `128Mi`) read back as strings unquoted.
  const text = typeof value !== 'string' ? String(value) : /^\d+(?:\.\d+)?(?:m|[KMGTPE]i?)$/.test(value) ? value : yamlString(value);
  return `\n${pad}${key}: ${text}`;
}

/**
 * Edits that add `block` (a nested plain object) to the block map at `mapPath`: missing keys are
 * appended after the map's last entry, existing block maps are merged into, existing scalars are
 * left as they are. Undefined when the map is missing or not a block map (a flow map, a scalar).
 */
export function mergeBlockEdits(ctx: EditContext, mapPath: readonly PathSegment[], block: Record<string, unknown>): TextEdit[] | undefined {
  const node = nodeAtPath(ctx.doc.doc, mapPath);
  const items = blockItems(node);
  if (!items) return undefined;
  const edits: TextEdit[] = [];
  let text = '';
  const indent = column(ctx, nodeOffsets(ctx.doc, items[0].key)![0]);
  for (const [k, v] of Object.entries(block)) {
    const pair = findPair(node, k);
    if (!pair) {
      text += renderBlock(k, v, indent);
      continue;
    }
    if (v && typeof v === 'object' && !Array.isArray(v) && pair.value && isMap(pair.value)) {
      const inner = mergeBlockEdits(ctx, [...mapPath, k], v as Record<string, unknown>);
      if (inner) edits.push(...inner);
    }
  }
  if (text) {
    const last = items[items.length - 1];
    const at = endOfLineAfter(ctx, nodeOffsets(ctx.doc, (last.value ?? last.key) as Node)![1]);
    const range = ctx.file.lines.range(at, at);
    // A nested map that ends the map ends on the same line: its additions come first, in one edit.
    const same = edits.findIndex((e) => e.range.start.line === range.start.line && e.range.start.character === range.start.character);
    if (same >= 0) edits[same] = { range, newText: edits[same].newText + text };
    else edits.push({ range, newText: text });
  }
  return edits;
}
