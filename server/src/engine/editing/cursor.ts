import { isMap, isScalar, isSeq, isPair, type Node } from 'yaml';
import type { Position, Range } from '../findings';
import { nodeAtPath, type PathSegment, type YamlDoc, type YamlFile } from '../yaml/documents';
import { docAtOffset, documentLines, shapeLine, type LineShape } from './lines';

/**
 * Where the cursor is in YAML terms: the document, the path of the mapping (or sequence item)
 * it sits in, whether a key or a value is being typed, the typed prefix and the range a
 * completion replaces. Built from the raw lines (robust while typing) and the parsed document
 * where that parsed cleanly (to know keys that sit in flow mappings or after the cursor).
 */

export type CursorMode = 'key' | 'value';

export interface CursorContext {
  file: YamlFile;
  doc: YamlDoc;
  offset: number;
  position: Position;
  mode: CursorMode;
  /**
   * key mode: path of the mapping the new key goes into (for `- na|` it ends with the item index);
   * value mode: path of the value being typed (ends with its key, or an index for a scalar item).
   */
  path: PathSegment[];
  /** Text typed so far for the key or value (up to the cursor). */
  prefix: string;
  /** What a completion replaces: the whole word or value under the cursor. */
  replace: Range;
  /** key mode: column where the key starts (children go two columns deeper). */
  keyCol: number;
  /** Keys already present in the mapping (key mode), excluding the one being typed. */
  existingKeys: Set<string>;
  /** Inside a flow collection (`{...}` / `[...]`): insert flow-shaped text only. */
  flow: boolean;
  /** value mode: the value is written right after `key:` with no space yet. */
  needsSpace: boolean;
  /** The key line has text after the cursor's word (`sel|ector: x`): insert the bare name. */
  keyHasColon: boolean;
  /** key mode on a line that starts a new sequence item (`- |`). */
  newItem: boolean;
  /** Line shapes of the document (shared cache). */
  shapes: LineShape[];
  firstLine: number;
}

interface Frame {
  col: number;
  type: 'key' | 'item';
  key?: string;
  index?: number;
  itemCount: number;
  hasValue: boolean;
  line: number;
}

/** Replay the block structure of lines [from, to) into a stack of open parents. */
function replay(shapes: LineShape[], count: number): Frame[] {
  const stack: Frame[] = [];
  for (let k = 0; k < count; k++) applyLine(stack, shapes[k]);
  return stack;
}

function applyLine(stack: Frame[], s: LineShape): void {
  if (s.blank) return;
  for (const m of s.items) pushItem(stack, m, s.line);
  const col = s.key !== undefined ? s.keyCol! : s.contentCol;
  if (s.key !== undefined || s.word !== undefined) {
    popFrom(stack, col);
    if (s.key !== undefined) stack.push({ col, type: 'key', key: s.key, itemCount: 0, hasValue: s.value !== '', line: s.line });
  }
}

function popFrom(stack: Frame[], col: number): void {
  while (stack.length && stack[stack.length - 1].col >= col) {
    // an item opened on an earlier column stays; keys and items at or right of `col` close
    stack.pop();
  }
}

function pushItem(stack: Frame[], col: number, line: number): void {
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.col > col || (top.col === col && (top.type === 'item' || top.hasValue))) stack.pop();
    else break;
  }
  const parent = stack[stack.length - 1];
  const index = parent ? parent.itemCount++ : 0;
  stack.push({ col, type: 'item', index, itemCount: 0, hasValue: false, line });
}

function pathOf(stack: Frame[]): PathSegment[] {
  return stack.map((f) => (f.type === 'key' ? f.key! : f.index!));
}

const WORD_CHAR = /[^\s:,{}[\]#"']/;

export function cursorContext(file: YamlFile, position: Position): CursorContext | undefined {
  const offset = file.lines.offsetAt(position);
  const doc = docAtOffset(file, offset);
  if (!doc) return undefined;
  const { firstLine, shapes } = documentLines(file, doc);
  const rel = position.line - firstLine;
  if (rel < 0 || rel >= shapes.length) return undefined;
  const lineText = file.lines.lineText(position.line);
  const col = Math.min(position.character, lineText.length);
  if (/^(?:---|\.\.\.)(?:\s|$)/.test(lineText) && col <= 3) return undefined;
  const before = lineText.slice(0, col);
  // Text of a block scalar (`script: |` ...): the line reader blanked it; it is not structure.
  const own = shapes[rel];
  if (own.blank && own.text.trim() !== '' && !own.text.trimStart().startsWith('#') && !/^(?:---|\.\.\.)/.test(own.text)) return undefined;
  // Inside a template action (`{{ ... }}`, Helm): not YAML yet.
  if ((before.match(/\{\{/g)?.length ?? 0) > (before.match(/\}\}/g)?.length ?? 0)) return undefined;
  // Inside a comment: nothing to complete.
  if (/(^|\s)#/.test(before.replace(/"[^"]*"|'[^']*'/g, '""'))) return undefined;

  // Inside a flow collection opened on an earlier line (`spec: {` ... or a whole KYAML document)
  const flowOpen = openFlowAt(doc.text, offset - doc.start);
  if (flowOpen >= 0) {
    const openPos = file.lines.positionAt(doc.start + flowOpen);
    if (openPos.line < position.line) {
      const ownerStack = replay(shapes, openPos.line - firstLine);
      const owner = shapeLine(file.lines.lineText(openPos.line).slice(0, openPos.character), openPos.line);
      for (const m of owner.items) pushItem(ownerStack, m, openPos.line);
      let basePath = pathOf(ownerStack);
      if (owner.key !== undefined) {
        popFrom(ownerStack, owner.keyCol!);
        basePath = [...pathOf(ownerStack), owner.key];
      }
      const fl = flowContext(doc.text.slice(flowOpen, offset - doc.start), 0, basePath);
      if (!fl) return undefined;
      fl.startCol = position.character - fl.prefix.length;
      return finishFlow({ file, doc, offset, position, shapes, firstLine, flow: false, needsSpace: false, keyHasColon: false, newItem: false }, fl, position, lineText);
    }
  }

  const stack = replay(shapes, rel);
  const head = shapeLine(before, position.line);
  for (const m of head.items) pushItem(stack, m, position.line);
  const newItem = head.items.length > 0;

  const base = {
    file, doc, offset, position, shapes, firstLine,
    flow: false, needsSpace: false, keyHasColon: false, newItem: false,
  };

  // Value mode: `key: partial|`
  if (head.key !== undefined && head.valueCol !== undefined) {
    popFrom(stack, head.keyCol!);
    const valueText = before.slice(head.valueCol);
    const path = [...pathOf(stack), head.key];
    if (/^[{[]/.test(valueText)) {
      const fl = flowContext(valueText, head.valueCol, path);
      if (fl) return finishFlow(base, fl, position, lineText);
    }
    if (/^[|>]/.test(valueText)) return undefined;
    // Right after the key's colon the value needs its space; a colon inside the value (`nginx:`) is not the key's.
    return valueContext(base, path, valueText, head.valueCol, position, lineText, before.endsWith(':') && valueText.trim() === '');
  }

  // A flow collection right after item markers: `- {name: x, im|}`
  if (head.word !== undefined && /^[{[]/.test(head.word)) {
    const fl = flowContext(before.slice(head.contentCol), head.contentCol, pathOf(stack));
    if (fl) return finishFlow(base, fl, position, lineText);
  }

  // Key mode: a (possibly empty) word being typed at this column.
  const wordText = head.word ?? '';
  if (/\s/.test(wordText.trim())) return undefined; // plain scalar text, not a key
  const keyCol = col - wordText.length;
  let wordEnd = col;
  while (wordEnd < lineText.length && WORD_CHAR.test(lineText[wordEnd])) wordEnd++;
  const keyHasColon = /^[ \t]*:(?:[ \t]|$)/.test(lineText.slice(wordEnd));
  popFrom(stack, keyCol);
  const path = pathOf(stack);
  const parentFrame = stack[stack.length - 1];
  if (parentFrame?.type === 'key' && parentFrame.hasValue && !newItem) {
    // Below a key that already has an inline value: no structure to complete here.
    return undefined;
  }
  const existingKeys = siblingKeys(shapes, rel, keyCol, newItem);
  mergeAstKeys(doc, path, existingKeys);
  // the key on this line is the one being retyped
  if (own.key !== undefined && own.keyCol === keyCol) existingKeys.delete(own.key);
  return {
    ...base,
    mode: 'key',
    path,
    prefix: wordText,
    replace: { start: { line: position.line, character: keyCol }, end: { line: position.line, character: wordEnd } },
    keyCol,
    existingKeys,
    keyHasColon,
    newItem,
  };
}

function valueContext(
  base: Omit<CursorContext, 'mode' | 'path' | 'prefix' | 'replace' | 'keyCol' | 'existingKeys'>,
  path: PathSegment[],
  valueText: string,
  valueCol: number,
  position: Position,
  lineText: string,
  needsSpace: boolean,
): CursorContext {
  // The value runs to the end of the line (minus a comment), or to the cursor if longer.
  const rest = lineText.slice(valueCol);
  const commentAt = /(^|[ \t])#/.exec(rest);
  let valueEnd = valueCol + (commentAt ? commentAt.index : rest.length);
  while (valueEnd > position.character && /[ \t]/.test(lineText[valueEnd - 1])) valueEnd--;
  valueEnd = Math.max(valueEnd, position.character);
  const startCol = needsSpace ? position.character : valueCol;
  return {
    ...base,
    mode: 'value',
    path,
    prefix: valueText.replace(/^["']/, ''),
    replace: { start: { line: position.line, character: startCol }, end: { line: position.line, character: valueEnd } },
    keyCol: valueCol,
    existingKeys: new Set(),
    needsSpace,
  };
}

// ---------------------------------------------------------------------------
// Flow collections on the cursor's line

interface FlowResult {
  mode: CursorMode;
  path: PathSegment[];
  prefix: string;
  startCol: number;
  keys: Set<string>;
}

function flowContext(text: string, startCol: number, basePath: PathSegment[]): FlowResult | undefined {
  type F = { type: 'map' | 'seq'; key?: string; afterColon: boolean; index: number; keys: Set<string> };
  const stack: F[] = [];
  const path = [...basePath];
  let tokenStart = 0;
  let i = 0;
  const token = () => text.slice(tokenStart, i).trim();
  while (i < text.length) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      // a comment runs to the end of its line
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl + 1;
      tokenStart = i;
      continue;
    }
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) break;
      i = close + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      if (top) path.push(top.type === 'map' ? top.key ?? '' : top.index);
      stack.push({ type: c === '{' ? 'map' : 'seq', afterColon: false, index: 0, keys: new Set() });
      tokenStart = i + 1;
    } else if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length === 0) return undefined; // the collection closed before the cursor
      path.pop();
      tokenStart = i + 1;
    } else if (c === ',' && top) {
      if (top.type === 'map') {
        top.afterColon = false;
        top.key = undefined;
      } else top.index++;
      tokenStart = i + 1;
    } else if (c === ':' && top?.type === 'map' && !top.afterColon && (i + 1 >= text.length || /[\s,{}[\]]/.test(text[i + 1]))) {
      top.key = token().replace(/^["']|["']$/g, '');
      top.keys.add(top.key);
      top.afterColon = true;
      tokenStart = i + 1;
    }
    i++;
  }
  const top = stack[stack.length - 1];
  if (!top) return undefined;
  const prefix = text.slice(tokenStart).replace(/^\s+/, '');
  if (/\n/.test(prefix)) return undefined;
  const startCol0 = startCol + text.length - prefix.length;
  if (top.type === 'map') {
    if (top.afterColon) return { mode: 'value', path: [...path, top.key!], prefix, startCol: startCol0, keys: top.keys };
    return { mode: 'key', path, prefix, startCol: startCol0, keys: top.keys };
  }
  return { mode: 'value', path: [...path, top.index], prefix, startCol: startCol0, keys: new Set() };
}

/**
 * Offset (in `text`) of the outermost flow collection still open at `end`, or -1. Quotes and
 * comments are skipped. Flow documents written over many lines (KYAML, JSON) need this.
 */
function openFlowAt(text: string, end: number): number {
  const open: number[] = [];
  for (let i = 0; i < end; i++) {
    const c = text[i];
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= end) break;
      i = nl;
    } else if (c === '"' || c === "'") {
      // a quote only opens a string where a scalar can start
      if (i > 0 && !/[\s{[,:]/.test(text[i - 1])) continue;
      let j = i + 1;
      while (j < end && text[j] !== c) j += c === '"' && text[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === '{' || c === '[') {
      if (open.length || i === 0 || /[\s:,-]/.test(text[i - 1])) open.push(i);
    } else if ((c === '}' || c === ']') && open.length) {
      open.pop();
    }
  }
  return open.length ? open[0] : -1;
}

function finishFlow(
  base: Omit<CursorContext, 'mode' | 'path' | 'prefix' | 'replace' | 'keyCol' | 'existingKeys'>,
  fl: FlowResult,
  position: Position,
  lineText: string,
): CursorContext {
  let end = position.character;
  while (end < lineText.length && WORD_CHAR.test(lineText[end])) end++;
  // keys after the cursor in the same flow mapping count as present too
  const after = lineText.slice(end);
  const closing = after.search(/[}\]]/);
  for (const m of (closing >= 0 ? after.slice(0, closing) : after).matchAll(/(?:^|,)\s*([^\s:,{}[\]]+)\s*:/g)) fl.keys.add(m[1]);
  fl.keys.delete(fl.prefix);
  return {
    ...base,
    mode: fl.mode,
    path: fl.path,
    prefix: fl.prefix,
    replace: { start: { line: position.line, character: fl.startCol }, end: { line: position.line, character: end } },
    keyCol: fl.startCol,
    existingKeys: fl.keys,
    flow: true,
  };
}

// ---------------------------------------------------------------------------
// Keys already in the mapping

/** Keys at column `col` in the block the cursor line belongs to (scanning up and down). */
function siblingKeys(shapes: LineShape[], rel: number, col: number, cursorStartsItem: boolean): Set<string> {
  const keys = new Set<string>();
  if (!cursorStartsItem) {
    for (let k = rel - 1; k >= 0; k--) {
      const s = shapes[k];
      if (s.blank) continue;
      const first = s.items.length ? s.items[0] : s.contentCol;
      if (s.key !== undefined && s.keyCol === col) {
        keys.add(s.key);
        if (s.items.length) break; // this line opened the item the cursor is in
        continue;
      }
      if (first < col) break;
    }
  }
  for (let k = rel + 1; k < shapes.length; k++) {
    const s = shapes[k];
    if (s.blank) continue;
    const first = s.items.length ? s.items[0] : s.contentCol;
    if (first < col) break;
    if (s.key !== undefined && s.keyCol === col && s.items.length === 0) keys.add(s.key);
  }
  return keys;
}

/** Where the document parsed cleanly, its AST knows the keys too (including flow mappings). */
function mergeAstKeys(doc: YamlDoc, path: PathSegment[], keys: Set<string>): void {
  // A fast-path document's outline knows the keys without the full parse; its only possible
  // errors are duplicate keys, and then the AST is not used either.
  if (doc.outline) {
    if (doc.outline.duplicateKeys.length === 0) for (const k of doc.outline.keysAt(path) ?? []) keys.add(k);
    return;
  }
  if (doc.doc.errors.length > 0) return;
  const node = path.length === 0 ? (doc.doc.contents as Node | null) : nodeAtPath(doc.doc, path);
  if (!isMap(node)) return;
  for (const item of node.items) if (isPair(item) && isScalar(item.key)) keys.add(String(item.key.value));
}

// ---------------------------------------------------------------------------
// Path at an offset (hover, definition): the AST where it parsed, else the lines

export interface PathAtOffset {
  doc: YamlDoc;
  path: PathSegment[];
  /** On the key of the last segment, or on its value. */
  on: 'key' | 'value';
  /** Range of the key or value under the cursor. */
  range?: Range;
}

export function pathAtPosition(file: YamlFile, position: Position): PathAtOffset | undefined {
  const offset = file.lines.offsetAt(position);
  const doc = docAtOffset(file, offset);
  if (!doc) return undefined;
  // A document read by the fast path has an outline: it places the cursor without the full parse
  // (seconds for a document of megabytes), where it can tell.
  const outline = doc.outline;
  if (outline && outline.duplicateKeys.length > 0) {
    // Duplicate keys are the one error a fast-path document can have: the lines speak first, as
    // for any document with errors (pathFromParse), without parsing it to learn that.
    const fromLines = linePath(file, doc, position);
    if (fromLines) return fromLines;
  } else if (outline) {
    const fast = outline.pathAt(offset - doc.start, doc.text);
    if (fast) return { doc, path: fast.path, on: fast.on, range: file.lines.range(doc.start + fast.start, doc.start + fast.end) };
    if (fast === null) return linePath(file, doc, position);
  }
  return pathFromParse(file, doc, position, offset);
}

/** pathAtPosition from the full parse (exported for the outline's equivalence test). */
export function pathFromParse(file: YamlFile, doc: YamlDoc, position: Position, offset = file.lines.offsetAt(position)): PathAtOffset | undefined {
  // A document with parse errors can have a misleading AST (a half-typed key swallows the next
  // one): there the lines speak first.
  const broken = doc.doc.errors.length > 0;
  if (broken) {
    const fromLines = linePath(file, doc, position);
    if (fromLines) return fromLines;
  }
  const found = astPath(doc.doc.contents as Node | null, offset - doc.start, []);
  if (found) {
    const r = found.node.range;
    return { doc, path: found.path, on: found.on, range: r ? file.lines.range(doc.start + r[0], doc.start + r[1]) : undefined };
  }
  return broken ? undefined : linePath(file, doc, position);
}

/** The key or value of the line under the cursor, placed by indentation. */
function linePath(file: YamlFile, doc: YamlDoc, position: Position): PathAtOffset | undefined {
  const { firstLine, shapes } = documentLines(file, doc);
  const k = position.line - firstLine;
  const s = shapes[k];
  if (!s || s.blank || s.key === undefined) return undefined;
  const stack = replay(shapes, k);
  for (const m of s.items) pushItem(stack, m, s.line);
  popFrom(stack, s.keyCol!);
  const onKey = position.character < s.valueCol!;
  const range = onKey
    ? { start: { line: s.line, character: s.keyCol! }, end: { line: s.line, character: s.keyEnd! } }
    : { start: { line: s.line, character: s.valueCol! }, end: { line: s.line, character: s.valueCol! + s.value!.length } };
  return { doc, path: [...pathOf(stack), s.key], on: onKey ? 'key' : 'value', range };
}

function astPath(node: Node | null | undefined, off: number, path: PathSegment[]): { path: PathSegment[]; on: 'key' | 'value'; node: Node } | undefined {
  if (!node) return undefined;
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const key = item.key as Node;
      const k = String((item.key as { value: unknown }).value);
      if (key.range && off >= key.range[0] && off <= key.range[1]) return { path: [...path, k], on: 'key', node: key };
      const v = item.value as Node | null;
      if (v?.range && off >= v.range[0] && off <= v.range[1]) {
        if (isScalar(v)) return { path: [...path, k], on: 'value', node: v };
        return astPath(v, off, [...path, k]);
      }
    }
    return undefined;
  }
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const it = node.items[i] as Node | null;
      if (it?.range && off >= it.range[0] && off <= it.range[1]) {
        if (isScalar(it)) return { path: [...path, i], on: 'value', node: it };
        return astPath(it, off, [...path, i]);
      }
    }
  }
  return undefined;
}
