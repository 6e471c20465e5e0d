import { resolvePlainScalar, TIMESTAMP } from './yaml11Scalars';
import type { PathSegment } from './documents';

/**
 * Source locations of a YAML document, read off its lines without a full parse.
 *
 * The fast loader gives values without positions; findings need the positions of a few paths.
 * An outline answers "where is this key / this value" for the YAML manifests are written in
 * (block maps and sequences, plain, quoted and block scalars, flow collections), and which keys
 * repeat. It answers exactly what the full parse would (test/yaml/fastParse.test.ts compares every
 * path of real manifests and of fuzzed variants) or says it does not know, and the caller asks
 * the full parse; a text it cannot read takes the full parse altogether.
 */

/** Where a node is: [start, end) offsets in the document, end undefined when it spans lines. */
export interface Located {
  start: number;
  end: number | undefined;
}

/** A location; null when the path does not exist; undefined when only the full parse can tell. */
export type Lookup = Located | null | undefined;

/**
 * Collections carry `end` for the flow style (`{...}`, `[...]`: up to the closing bracket, or
 * undefined when that is on a later line); block collections always span lines, except one that
 * starts on a final line with no line break (`unbounded`: its end is left to the full parse).
 */
type OutlineNode =
  | { kind: 'map'; start: number; end: number | undefined; entries: Entries; unbounded: boolean; flow: boolean }
  | { kind: 'seq'; start: number; end: number | undefined; items: OutlineNode[]; unbounded: boolean }
  | { kind: 'scalar'; start: number; end: number | undefined }
  /** An empty value: the full parser gives it a position of its own, left to it. */
  | { kind: 'empty' };

/**
 * A mapping's entries in order (distinct key texts; of equal texts the later one, which is the
 * value kubectl sends, keeps the first one's place). Most mappings
 * have a handful of keys and are searched in order; large ones get a map when they grow.
 */
class Entries {
  readonly list: Entry[] = [];
  /** Where the mapping's first key starts (a later duplicate of it moves its entry, not this). */
  firstKeyStart: number | undefined;
  private byText: Map<string, Entry> | undefined;

  get(text: string): Entry | undefined {
    if (this.byText) return this.byText.get(text);
    const list = this.list;
    for (let i = 0; i < list.length; i++) if (list[i].lookup === text) return list[i];
    return undefined;
  }

  add(entry: Entry): void {
    if (this.list.length === 0) this.firstKeyStart = entry.keyStart;
    this.list.push(entry);
    if (this.byText) this.byText.set(entry.lookup, entry);
    else if (this.list.length > 12) this.byText = new Map(this.list.map((e) => [e.lookup, e]));
  }
}

interface Entry {
  /** The key's value as a string, what a path segment is compared with. */
  lookup: string;
  keyStart: number;
  keyEnd: number;
  value: OutlineNode;
  /** The type of the key's value (`1` is a number, "1" a string). */
  type: string;
}

/** A key on a line: its range, the offset of its `:` and its quote character (0 for a plain key). */
interface KeySpan {
  start: number;
  end: number;
  colon: number;
  quote: number;
}

/** Thrown for anything outside the supported forms: the whole outline is then unavailable. */
class Unsupported extends Error {}

/**
 * The keys of one mapping: entries by the text a path segment is compared with (the key's value
 * as a string; the first of equal texts wins, as in the full parse's pair search), and duplicates
 * as the full parser's unique-keys check sees them (`a` and "a" are the same key). Later
 * duplicates are recorded at their key's offset, where it reports them.
 */
class KeyTable {
  readonly entries = new Entries();
  private previousEmpty = false;

  constructor(private readonly duplicates: number[]) {}

  /** `raw`: the key's source (inside the quotes for a quoted key, `quote` its quote character). */
  add(raw: string, quote: number, keyStart: number, keyEnd: number, value: OutlineNode): void {
    let lookup = raw;
    let type = 'string';
    if (quote === 39) {
      if (raw.includes("''")) lookup = raw.replace(/''/g, "'");
    } else if (quote === 34) {
      if (raw.includes('\\')) throw new Unsupported('escaped key');
    } else {
      const v = resolvePlainScalar(raw);
      if (v !== raw) {
        // Null keys are "null" to js-yaml but "" to the full parser; NaN keys never compare equal.
        if (v === null || v === TIMESTAMP || (typeof v === 'number' && Number.isNaN(v))) throw new Unsupported('key read differently');
        lookup = String(v);
        type = typeof v;
      }
    }
    const earlier = this.entries.get(lookup);
    if (earlier) {
      // `1` and "1" are different keys to the full parser but not to a path: left to it.
      if (earlier.type !== type) throw new Unsupported('keys of different types with the same text');
      // After an empty value the full parser reports the position where that value ends instead.
      if (this.previousEmpty) throw new Unsupported('duplicate key after an empty value');
      this.duplicates.push(keyStart);
      // The later value is the one read (YAML to JSON keeps it): paths lead to it.
      earlier.keyStart = keyStart;
      earlier.keyEnd = keyEnd;
      earlier.value = value;
    } else {
      this.entries.add({ lookup, keyStart, keyEnd, value, type });
    }
    this.previousEmpty = value.kind === 'empty';
  }
}

const SPACE = 32;
const TAB = 9;
const HASH = 35;

/** Offset just past the closing quote of the quoted scalar opening at `offset` (it may span lines). */
function quotedEnd(text: string, offset: number): number | undefined {
  const quote = text.charCodeAt(offset);
  for (let i = offset + 1; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quote === 34 && ch === 92 /* \ */) i++;
    else if (ch === quote) {
      // '' inside a single-quoted scalar is an escaped quote.
      if (quote === 39 && text.charCodeAt(i + 1) === 39) i++;
      else return i + 1;
    }
  }
  return undefined;
}

export class Outline {
  private constructor(
    private readonly root: OutlineNode | null,
    /** Offsets of keys that repeat an earlier key of their mapping (an error to the API server). */
    readonly duplicateKeys: readonly number[],
  ) {}

  /** The outline of one document's text, or undefined when the text uses forms it does not cover. */
  static of(text: string): Outline | undefined {
    try {
      const reader = new OutlineReader(text);
      const root = reader.document();
      return new Outline(root, reader.duplicates);
    } catch (e) {
      if (e instanceof Unsupported) return undefined;
      throw e;
    }
  }

  /** The document's top node (null for an empty document). */
  rootNode(): Lookup {
    return this.root ? located(this.root) : null;
  }

  /** The value node at `path`, as nodeAtPath finds it in the full parse. */
  value(path: readonly PathSegment[]): Lookup {
    const node = this.walk(path);
    return node ? located(node) : null;
  }

  /** The key node of the last segment (a sequence item stands for itself), as keyNodeAtPath finds it. */
  key(path: readonly PathSegment[]): Lookup {
    if (path.length === 0) return null;
    const parent = this.walk(path.slice(0, -1));
    if (!parent) return null;
    const last = path[path.length - 1];
    if (parent.kind === 'map') {
      const entry = parent.entries.get(String(last));
      return entry ? { start: entry.keyStart, end: entry.keyEnd } : null;
    }
    if (parent.kind === 'seq') {
      if (typeof last !== 'number') return null;
      const item = parent.items[last];
      return item ? located(item) : null;
    }
    // Below a scalar or an empty value there are no keys.
    return null;
  }

  /** Offset of the first key of the block mapping at `path` (null when that is not a block mapping). */
  firstKeyOfBlockMap(path: readonly PathSegment[]): number | null {
    const node = this.walk(path);
    if (!node || node.kind !== 'map' || node.flow) return null;
    return node.entries.firstKeyStart ?? null;
  }

  /**
   * The key or scalar value at `offset` and its path, as the full parse's nodes place it (the
   * editing features' path at the cursor): null where there is none (whitespace, a comment, a
   * collection's punctuation), undefined where only the full parse can tell (a scalar spanning
   * lines, an empty value, a document with duplicate keys).
   */
  pathAt(offset: number, text: string): { path: PathSegment[]; on: 'key' | 'value'; start: number; end: number } | null | undefined {
    if (this.duplicateKeys.length > 0) return undefined;
    const path: PathSegment[] = [];
    let node: OutlineNode | null = this.root;
    for (;;) {
      if (!node) return null;
      // Keys and items are in the order of the text and their ranges do not overlap: only the
      // last one that starts at or before the offset can hold it.
      let child: OutlineNode;
      if (node.kind === 'map') {
        const list = node.entries.list;
        const at = lastAtOrBefore(list.length, (i) => list[i].keyStart, offset);
        if (at < 0) return null;
        const e = list[at];
        // A value spanning lines ends, for the full parse, where the next line starts: a key at
        // the start of a line is also the end of the value before it, which comes first.
        if (offset === e.keyStart && at > 0 && atLineStart(text, offset)) {
          const claimed = claimedAtItsEnd(list[at - 1].value);
          if (claimed !== false) return claimed;
        }
        if (offset <= e.keyEnd) return { path: [...path, e.lookup], on: 'key', start: e.keyStart, end: e.keyEnd };
        path.push(e.lookup);
        child = e.value;
      } else if (node.kind === 'seq') {
        const items = node.items;
        // An empty item is placed by the full parse only.
        if (items.some((it) => it.kind === 'empty')) return undefined;
        const at = lastAtOrBefore(items.length, (i) => (items[i] as { start: number }).start, offset);
        if (at < 0) return null;
        if (offset === (items[at] as { start: number }).start && at > 0 && atLineStart(text, offset)) {
          const claimed = claimedAtItsEnd(items[at - 1]);
          if (claimed !== false) return claimed;
        }
        path.push(at);
        child = items[at];
      } else {
        return null;
      }
      switch (child.kind) {
        case 'empty':
          return undefined;
        case 'scalar':
          if (offset < child.start) return null;
          if (child.end === undefined) return undefined;
          return offset <= child.end ? { path, on: 'value', start: child.start, end: child.end } : null;
        default:
          if (offset < child.start || (child.end !== undefined && offset > child.end)) return null;
          node = child;
      }
    }
  }

  /** The keys of the mapping at `path`; null when that is not a mapping. */
  keysAt(path: readonly PathSegment[]): string[] | null {
    const node = this.walk(path);
    return node && node.kind === 'map' ? node.entries.list.map((e) => e.lookup) : null;
  }

  private walk(path: readonly PathSegment[]): OutlineNode | null {
    let node: OutlineNode | null = this.root;
    for (const seg of path) {
      if (!node) return null;
      switch (node.kind) {
        case 'map': {
          const entry = node.entries.get(String(seg));
          if (!entry) return null;
          node = entry.value;
          break;
        }
        case 'seq':
          if (typeof seg !== 'number') return null;
          node = node.items[seg] ?? null;
          break;
        default:
          // Below a scalar or an empty value nothing exists.
          return null;
      }
    }
    return node;
  }
}

function atLineStart(text: string, offset: number): boolean {
  const c = text.charCodeAt(offset - 1);
  return c === 10 || c === 13;
}

/**
 * Whether `node`, a value that ends where the next line starts, holds that offset for the full
 * parse (whose ranges include their end): false when it does not (a one-line scalar or a flow
 * collection ends before the line break); undefined when a scalar spanning lines or an empty
 * value does (left to the full parse); null when a block collection does, through its last values
 * down to one that does not (no node holds the offset).
 */
function claimedAtItsEnd(node: OutlineNode): false | null | undefined {
  for (let depth = 0; ; depth++) {
    switch (node.kind) {
      case 'empty':
        return undefined;
      case 'scalar':
        if (node.end === undefined) return undefined;
        return depth === 0 ? false : null;
      case 'map': {
        const last = node.entries.list[node.entries.list.length - 1];
        if (node.flow || !last) return depth === 0 ? false : null;
        node = last.value;
        break;
      }
      case 'seq': {
        const last = node.items[node.items.length - 1];
        if (node.end !== undefined || !last) return depth === 0 ? false : null;
        node = last;
      }
    }
  }
}

/** The last of `n` ascending positions (`at(i)`) that is at most `offset`, or -1. */
function lastAtOrBefore(n: number, at: (i: number) => number, offset: number): number {
  let lo = 0;
  let hi = n - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (at(mid) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function located(node: OutlineNode): Lookup {
  switch (node.kind) {
    case 'map':
    case 'seq':
      // A block collection's range runs past its last line break, so it spans lines.
      return node.unbounded ? undefined : { start: node.start, end: node.end };
    case 'scalar':
      return { start: node.start, end: node.end };
    default:
      return undefined;
  }
}

/** Line tables shared by all readers (one reads at a time), so reading a document allocates none. */
let sharedStarts = new Int32Array(256);
let sharedEnds = new Int32Array(256);
let sharedIndents = new Int32Array(256);

const MAX_SHARED_LINES = 65536;

/** Indentation marks for lines without content. */
const BLANK = -2;
const COMMENT = -1;

/**
 * A recursive-descent reader over lines. Block structure is decided by indentation alone, which
 * is exact for the forms accepted here; anything else throws Unsupported.
 */
class OutlineReader {
  readonly duplicates: number[] = [];
  private readonly lineStarts: Int32Array;
  /** Offset past each line's content (before \r\n or \n). */
  private readonly lineEnds: Int32Array;
  /** Column of the first non-blank character; COMMENT for a comment-only line, BLANK for spaces and tabs only. */
  private readonly indents: Int32Array;
  private readonly lineCount: number;
  private line = 0;

  constructor(private readonly text: string) {
    let lines = 1;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) lines++;
    if (lines > MAX_SHARED_LINES) {
      // A huge document gets tables of its own, so they are not kept after it.
      this.lineStarts = new Int32Array(lines);
      this.lineEnds = new Int32Array(lines);
      this.indents = new Int32Array(lines);
    } else {
      if (sharedStarts.length < lines) {
        const size = Math.min(MAX_SHARED_LINES, Math.max(lines, sharedStarts.length * 2));
        sharedStarts = new Int32Array(size);
        sharedEnds = new Int32Array(size);
        sharedIndents = new Int32Array(size);
      }
      this.lineStarts = sharedStarts;
      this.lineEnds = sharedEnds;
      this.indents = sharedIndents;
    }
    let count = 0;
    let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (start < text.length) {
      let nl = text.indexOf('\n', start);
      if (nl < 0) nl = text.length;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      let i = start;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      const c = i < end ? text.charCodeAt(i) : -1;
      let onlySpace = c === -1;
      if (c === TAB) {
        let j = i;
        while (j < end && (text.charCodeAt(j) === TAB || text.charCodeAt(j) === SPACE)) j++;
        if (j < end) throw new Unsupported('tab in indentation');
        onlySpace = true;
      }
      // A `...` line ends the document (the splitter starts the next one after it).
      if (i === start && text.startsWith('...', start) && (start + 3 === end || this.isSpace(text.charCodeAt(start + 3)))) break;
      this.lineStarts[count] = start;
      this.lineEnds[count] = end;
      this.indents[count] = onlySpace ? BLANK : c === HASH ? COMMENT : i - start;
      count++;
      start = nl + 1;
    }
    this.lineCount = count;
  }

  private isBlank(line: number): boolean {
    return this.indents[line] === BLANK;
  }

  document(): OutlineNode | null {
    const n = this.lineCount;
    // Leading `---` (with at most a comment after it); directives never reach the fast path.
    let first = this.nextContent(0);
    if (first < n && this.isMarker(first, '---')) {
      const rest = this.restAfter(first, this.lineStarts[first] + 3);
      if (rest !== this.lineEnds[first] && this.text.charCodeAt(rest) !== HASH) throw new Unsupported('content after ---');
      first = this.nextContent(first + 1);
    }
    if (first >= n) return null;
    const root = this.node(first, this.indents[first], -1);
    if (this.nextContent(this.line) < n) throw new Unsupported('content after the root node');
    return root;
  }

  /** `offset` is on the last line and no line break ends it. */
  private onUnterminatedLine(offset: number): boolean {
    return this.text.indexOf('\n', offset) < 0;
  }

  private isMarker(line: number, marker: string): boolean {
    const s = this.lineStarts[line];
    return this.indents[line] === 0 && this.text.startsWith(marker, s) && (s + 3 === this.lineEnds[line] || this.isSpace(this.text.charCodeAt(s + 3)));
  }

  private isSpace(c: number): boolean {
    return c === SPACE || c === TAB;
  }

  /** First line at or after `from` with content (not blank, not only a comment). */
  private nextContent(from: number): number {
    let l = from;
    while (l < this.lineCount && this.indents[l] < 0) l++;
    return l;
  }

  /** Offset of the first non-space character at or after `offset` on `line` (the line end if none). */
  private restAfter(line: number, offset: number): number {
    const end = this.lineEnds[line];
    while (offset < end && this.isSpace(this.text.charCodeAt(offset))) offset++;
    return offset;
  }

  private isSeqMarker(offset: number, end: number): boolean {
    return this.text.charCodeAt(offset) === 45 /* - */ && (offset + 1 === end || this.isSpace(this.text.charCodeAt(offset + 1)));
  }

  /**
   * The node starting at column `col` of `line`. `parentIndent` is the indentation of the
   * collection holding it (continuation lines of its scalars must be indented deeper).
   * Leaves this.line at the first line after the node.
   */
  private node(line: number, col: number, parentIndent: number): OutlineNode {
    const offset = this.lineStarts[line] + col;
    const end = this.lineEnds[line];
    if (this.isSeqMarker(offset, end)) return this.sequence(line, col);
    const key = this.keyAt(line, offset);
    if (key) return this.mapping(line, col, key);
    return this.scalarOrFlow(line, offset, parentIndent);
  }

  private mapping(line: number, col: number, first: KeySpan): OutlineNode {
    const keys = new KeyTable(this.duplicates);
    const start = this.lineStarts[line] + col;
    let key: KeySpan | undefined = first;
    for (;;) {
      if (!key) throw new Unsupported('not a key');
      const value = this.valueAfterColon(line, key.colon + 1, col);
      const quoted = key.quote !== 0;
      keys.add(this.text.slice(quoted ? key.start + 1 : key.start, quoted ? key.end - 1 : key.end), key.quote, key.start, key.end, value);
      const next = this.nextContent(this.line);
      if (next >= this.lineCount || this.indents[next] < col) break;
      if (this.indents[next] > col) throw new Unsupported('over-indented entry');
      if (this.isSeqMarker(this.lineStarts[next] + col, this.lineEnds[next])) break;
      line = next;
      key = this.keyAt(line, this.lineStarts[line] + col);
    }
    return { kind: 'map', start, end: undefined, entries: keys.entries, unbounded: this.onUnterminatedLine(start), flow: false };
  }

  private sequence(line: number, col: number): OutlineNode {
    const items: OutlineNode[] = [];
    const start = this.lineStarts[line] + col;
    for (;;) {
      const after = this.restAfter(line, this.lineStarts[line] + col + 1);
      if (after === this.lineEnds[line] || this.text.charCodeAt(after) === HASH) {
        const next = this.nextContent(line + 1);
        if (next < this.lineCount && this.indents[next] > col) items.push(this.valueOnLaterLine(line, next, col));
        else {
          items.push({ kind: 'empty' });
          this.line = line + 1;
        }
      } else {
        // `- - a`: js-yaml misreads a less indented item that follows.
        if (this.isSeqMarker(after, this.lineEnds[line])) throw new Unsupported('compact nested sequence');
        if (this.text.charCodeAt(after) === 38 /* & */) {
          // `- &name value`: a scalar or flow collection (an anchored mapping starting here is left to the full parse).
          const value = this.afterAnchor(line, after);
          if (this.isSeqMarker(value, this.lineEnds[line]) || this.keyAt(line, value)) throw new Unsupported('anchored collection in a sequence item');
          items.push(this.scalarOrFlow(line, value, col));
        } else items.push(this.node(line, after - this.lineStarts[line], col));
      }
      const next = this.nextContent(this.line);
      if (next >= this.lineCount || this.indents[next] < col) break;
      if (this.indents[next] > col) throw new Unsupported('over-indented item');
      if (!this.isSeqMarker(this.lineStarts[next] + col, this.lineEnds[next])) break; // the parent map goes on
      line = next;
    }
    return { kind: 'seq', start, end: undefined, items, unbounded: this.onUnterminatedLine(start) };
  }

  /** The value of a map entry whose `:` ends just before `offset`; `mapIndent` is the map's column. */
  private valueAfterColon(line: number, offset: number, mapIndent: number): OutlineNode {
    let at = this.restAfter(line, offset);
    if (this.text.charCodeAt(at) === 38 /* & */) at = this.afterAnchor(line, at);
    if (at < this.lineEnds[line] && this.text.charCodeAt(at) !== HASH) return this.scalarOrFlow(line, at, mapIndent);
    const next = this.nextContent(line + 1);
    if (next < this.lineCount) {
      if (this.indents[next] > mapIndent) return this.valueOnLaterLine(line, next, mapIndent);
      // A sequence may sit at the same indentation as the key it belongs to.
      if (this.indents[next] === mapIndent && this.isSeqMarker(this.lineStarts[next] + mapIndent, this.lineEnds[next])) return this.sequence(next, mapIndent);
    }
    this.line = line + 1;
    return { kind: 'empty' };
  }

  /**
   * A node on line `next` that belongs to the key or `-` on line `line`. A plain scalar there with
   * a comment line in between is left to the full parser, which reads it (against the YAML spec)
   * as the start of a key spanning lines when a less indented line follows.
   */
  private valueOnLaterLine(line: number, next: number, parentIndent: number): OutlineNode {
    const node = this.node(next, this.indents[next], parentIndent);
    if (node.kind === 'scalar' && !this.isQuoteOrBlock(node.start)) {
      for (let l = line + 1; l < next; l++) if (!this.isBlank(l)) throw new Unsupported('comment before a plain value');
    }
    return node;
  }

  private isQuoteOrBlock(offset: number): boolean {
    const c = this.text.charCodeAt(offset);
    return c === 34 || c === 39 || c === 124 || c === 62;
  }

  /**
   * Where the value starts after an anchor at `offset` (`key: &name value`). Only a value on the
   * same line is read here (the full parse places it after the anchor, as here); an anchor before
   * a value on later lines or before nothing is left to the full parse. Anchors come this far only
   * in a document without aliases (fastLoad.ts), where they change no value.
   */
  private afterAnchor(line: number, offset: number): number {
    const end = this.lineEnds[line];
    let i = offset + 1;
    while (i < end) {
      const c = this.text.charCodeAt(i);
      if (c === SPACE || c === TAB || c === 44 || c === 91 || c === 93 || c === 123 || c === 125) break;
      i++;
    }
    if (i === offset + 1 || i === end || !this.isSpace(this.text.charCodeAt(i))) throw new Unsupported('anchor');
    const value = this.restAfter(line, i);
    if (value === end || this.text.charCodeAt(value) === HASH) throw new Unsupported('anchor before a value on later lines');
    return value;
  }

  /** A map key at `offset` (its range, quote and the offset of its `:`), or undefined when the line holds none there. */
  private keyAt(line: number, offset: number): KeySpan | undefined {
    const end = this.lineEnds[line];
    const c = this.text.charCodeAt(offset);
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const close = quotedEnd(this.text, offset);
      if (close === undefined || close > end) return undefined;
      const colon = this.restAfter(line, close);
      if (this.text.charCodeAt(colon) !== 58 /* : */ || !(colon + 1 === end || this.isSpace(this.text.charCodeAt(colon + 1)))) return undefined;
      return { start: offset, end: close, colon, quote: c };
    }
    // Indicators that cannot start a plain key (node properties, flow, block scalars, reserved).
    if (c === 91 || c === 123 || c === 124 || c === 62 || c === HASH || c === 38 || c === 42 || c === 33 || c === 37 || c === 64 || c === 96) return undefined;
    if ((c === 63 /* ? */ || c === 58 /* : */) && (offset + 1 === end || this.isSpace(this.text.charCodeAt(offset + 1)))) return undefined;
    for (let i = offset; i < end; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch === HASH && i > offset && this.isSpace(this.text.charCodeAt(i - 1))) return undefined;
      if (ch === 58 /* : */ && (i + 1 === end || this.isSpace(this.text.charCodeAt(i + 1)))) {
        let keyEnd = i;
        while (keyEnd > offset && this.isSpace(this.text.charCodeAt(keyEnd - 1))) keyEnd--;
        if (keyEnd === offset) return undefined;
        return { start: offset, end: keyEnd, colon: i, quote: 0 };
      }
    }
    return undefined;
  }

  /** Line holding `offset` (at or after `from`). */
  private lineOf(offset: number, from: number): number {
    let l = from;
    while (l + 1 < this.lineCount && this.lineStarts[l + 1] <= offset) l++;
    return l;
  }

  /** After a node ending at `offset` on `line`: only a comment may follow on that line. */
  private endOfLine(line: number, offset: number): void {
    const rest = this.restAfter(line, offset);
    if (rest < this.lineEnds[line] && this.text.charCodeAt(rest) !== HASH) throw new Unsupported('text after a node');
    this.line = line + 1;
  }

  private scalarOrFlow(line: number, offset: number, parentIndent: number): OutlineNode {
    const c = this.text.charCodeAt(offset);
    if (c === 34 || c === 39) {
      const close = quotedEnd(this.text, offset);
      if (close === undefined) throw new Unsupported('unterminated quote');
      const closeLine = this.lineOf(close - 1, line);
      // Blank lines inside a quoted scalar are folded differently by the two parsers after an escaped line break.
      for (let l = line + 1; l < closeLine; l++) if (this.isBlank(l)) throw new Unsupported('blank line in a quoted scalar');
      this.endOfLine(closeLine, close);
      return { kind: 'scalar', start: offset, end: closeLine === line ? close : undefined };
    }
    if (c === 91 || c === 123) {
      const flow = new FlowReader(this.text, parentIndent, this.duplicates);
      const node = flow.collection(offset);
      const closeLine = this.lineOf(flow.pos - 1, line);
      this.endOfLine(closeLine, flow.pos);
      if (closeLine !== line && (node.kind === 'map' || node.kind === 'seq')) node.end = undefined;
      return node;
    }
    if (c === 124 || c === 62) {
      // Block scalar: the header line, then every line that is blank or indented deeper than the parent.
      let l = line + 1;
      while (l < this.lineCount && (this.isBlank(l) || this.indentOf(l) > parentIndent)) l++;
      this.line = l;
      return { kind: 'scalar', start: offset, end: undefined };
    }
    if (c === 38 || c === 42 || c === 33 || c === 63 || c === 37 || c === 64 || c === 96) throw new Unsupported('node property or reserved indicator');
    // `: x` where a node starts is an empty key (js-yaml names it "null", the full parser "").
    if (c === 58 && (offset + 1 === this.lineEnds[line] || this.isSpace(this.text.charCodeAt(offset + 1)))) throw new Unsupported('empty key');
    // Plain scalar: up to a comment or the line end, then continuation lines indented deeper.
    const stop = this.restOfPlain(line, offset);
    let end = stop;
    while (end > offset && this.isSpace(this.text.charCodeAt(end - 1))) end--;
    let l = line + 1;
    while (l < this.lineCount && this.isBlank(l)) l++;
    // A trailing comment ends the scalar on its first line.
    if (stop === this.lineEnds[line] && l < this.lineCount && this.indents[l] > parentIndent) {
      // Continuation lines (a comment line ends the scalar).
      while (l < this.lineCount && (this.isBlank(l) || this.indents[l] > parentIndent)) l++;
      this.line = l;
      return { kind: 'scalar', start: offset, end: undefined };
    }
    this.line = line + 1;
    return { kind: 'scalar', start: offset, end };
  }

  /** Where a plain scalar's first line stops: its line end, or the start of a trailing comment. */
  private restOfPlain(line: number, offset: number): number {
    const end = this.lineEnds[line];
    for (let i = offset + 1; i < end; i++) {
      if (this.text.charCodeAt(i) === HASH && this.isSpace(this.text.charCodeAt(i - 1))) return i;
    }
    return end;
  }

  /** Columns of leading spaces of any line (blank lines included). */
  private indentOf(line: number): number {
    let i = this.lineStarts[line];
    while (i < this.lineEnds[line] && this.text.charCodeAt(i) === SPACE) i++;
    return i - this.lineStarts[line];
  }
}

/**
 * Flow collections (`{a: 1, b: [x, y]}`, JSON-style manifests over many lines): keys, values and
 * items with their ranges. Stays within what both parsers read alike: scalar keys, no pairs inside
 * sequences, plain scalars on one line, and continuation lines indented past the parent block
 * (closing brackets may sit at its indentation), which YAML requires and js-yaml does not check.
 */
class FlowReader {
  pos = 0;

  constructor(
    private readonly text: string,
    private readonly parentIndent: number,
    private readonly duplicates: number[],
  ) {}

  collection(offset: number): OutlineNode {
    const open = this.text.charCodeAt(offset);
    this.pos = offset + 1;
    return open === 123 ? this.mapping(offset) : this.sequence(offset);
  }

  private mapping(start: number): OutlineNode {
    const keys = new KeyTable(this.duplicates);
    for (;;) {
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 125 /* } */) break;
      const keyStart = this.pos;
      this.scalar();
      const keyEnd = this.pos;
      const quote = c === 34 || c === 39 ? c : 0;
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 58 /* : */) throw new Unsupported('flow key without value');
      this.pos++;
      this.skipSpace();
      const v = this.text.charCodeAt(this.pos);
      const value: OutlineNode = v === 44 || v === 125 ? { kind: 'empty' } : this.node();
      const raw = this.text.slice(quote ? keyStart + 1 : keyStart, quote ? keyEnd - 1 : keyEnd);
      if (quote && raw.includes('\n')) throw new Unsupported('key over lines');
      keys.add(raw, quote, keyStart, keyEnd, value);
      this.skipSpace();
      const sep = this.text.charCodeAt(this.pos);
      if (sep === 44 /* , */) this.pos++;
      else if (sep !== 125) throw new Unsupported('flow mapping');
    }
    this.pos++;
    return { kind: 'map', start, end: this.pos, entries: keys.entries, unbounded: false, flow: true };
  }

  private sequence(start: number): OutlineNode {
    const items: OutlineNode[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) === 93 /* ] */) break;
      items.push(this.node());
      this.skipSpace();
      const sep = this.text.charCodeAt(this.pos);
      if (sep === 44) this.pos++;
      else if (sep !== 93) throw new Unsupported('flow sequence (or a pair inside it)');
    }
    this.pos++;
    return { kind: 'seq', start, end: this.pos, items, unbounded: false };
  }

  private node(): OutlineNode {
    const c = this.text.charCodeAt(this.pos);
    if (c === 91 || c === 123) return this.collection(this.pos);
    const start = this.pos;
    this.scalar();
    return { kind: 'scalar', start, end: this.spansLines(start, this.pos) ? undefined : this.pos };
  }

  /** A line break in [start, end): looked for in the scalar alone (a search back from its end crossed whole lines of a long flow line: quadratic). */
  private spansLines(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.text.charCodeAt(i) === 10) return true;
    return false;
  }

  /** Moves past a quoted or one-line plain scalar. */
  private scalar(): void {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 34 || c === 39) {
      const close = quotedEnd(t, this.pos);
      if (close === undefined) throw new Unsupported('unterminated quote');
      if (/\n[ \t]*\r?\n/.test(t.slice(this.pos, close))) throw new Unsupported('blank line in a quoted scalar');
      this.pos = close;
      return;
    }
    // Indicators that cannot start a plain scalar here (node properties, reserved, an empty node).
    if (c === 44 || c === 58 || c === 91 || c === 93 || c === 123 || c === 125 || c === 35 || c === 38 || c === 42 || c === 33 || c === 63 || c === 124 || c === 62 || c === 37 || c === 64 || c === 96 || c === 45 && this.isBreakOrSpace(t.charCodeAt(this.pos + 1))) {
      throw new Unsupported('flow node');
    }
    const start = this.pos;
    let end = start;
    let i = start;
    for (; i < t.length; i++) {
      const ch = t.charCodeAt(i);
      if (ch === 10 || ch === 13) break;
      if (ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125) break;
      if (ch === 58 && (this.isBreakOrSpace(t.charCodeAt(i + 1)) || [44, 91, 93, 123, 125].includes(t.charCodeAt(i + 1)))) break;
      if (ch === 35 && (t.charCodeAt(i - 1) === 32 || t.charCodeAt(i - 1) === 9)) break;
      if (ch !== 32 && ch !== 9) end = i + 1;
    }
    // A plain scalar that goes on after a line break: left to the full parse.
    if (t.charCodeAt(i) === 10 || t.charCodeAt(i) === 13) {
      let j = i;
      while (j < t.length && (t.charCodeAt(j) === 10 || t.charCodeAt(j) === 13 || t.charCodeAt(j) === 32 || t.charCodeAt(j) === 9)) j++;
      const next = t.charCodeAt(j);
      if (!(next === 44 || next === 93 || next === 125 || next === 58 || next === 35)) throw new Unsupported('plain scalar over lines in flow');
    }
    if (end === start) throw new Unsupported('empty flow node');
    this.pos = end;
  }

  private isBreakOrSpace(c: number): boolean {
    return c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c);
  }

  /** Spaces, line breaks and comments; each new line must be indented past the parent block. */
  private skipSpace(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 13) this.pos++;
      else if (c === 35 /* # */) {
        const prev = t.charCodeAt(this.pos - 1);
        if (!(prev === 32 || prev === 9 || prev === 10)) throw new Unsupported('comment glued to a token');
        const nl = t.indexOf('\n', this.pos);
        if (nl < 0) throw new Unsupported('unterminated flow collection');
        this.pos = nl;
      } else if (c === 10) {
        let j = this.pos + 1;
        while (t.charCodeAt(j) === 32) j++;
        const next = t.charCodeAt(j);
        if (j < t.length && next !== 10 && next !== 13) {
          const indent = j - this.pos - 1;
          const closes = next === 93 || next === 125;
          if (next === 9 || (closes ? indent < this.parentIndent : indent <= this.parentIndent)) throw new Unsupported('flow line not indented past its block');
        }
        this.pos++;
      } else if (Number.isNaN(c)) throw new Unsupported('unterminated flow collection');
      else return;
    }
  }
}
