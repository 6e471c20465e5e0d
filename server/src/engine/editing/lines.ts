import type { YamlDoc, YamlFile } from '../yaml/documents';

/**
 * A line-by-line reading of a document's block structure: indentation, `- ` item markers,
 * `key:` and the inline value. It needs no successful parse, so it keeps working on the
 * half-typed text the editor holds while someone types (where the YAML parser gives up).
 */

export interface LineShape {
  /** Absolute line number in the file. */
  line: number;
  /** Text of the line without its line break. */
  text: string;
  /** Blank, comment-only, or a document marker / directive: carries no structure. */
  blank: boolean;
  /** Leading spaces. */
  indent: number;
  /** Columns of the `-` item markers at the start of the line (`- - x` has two). */
  items: number[];
  /** Column where content starts after indentation and item markers. */
  contentCol: number;
  /** The mapping key on this line (quotes removed), when the line holds `key:`. */
  key?: string;
  keyCol?: number;
  /** Column just after the key text (where `:` is). */
  keyEnd?: number;
  /** Inline value text (comment stripped, trimmed); '' when the value follows on later lines. */
  value?: string;
  /** Column where the inline value starts. */
  valueCol?: number;
  /** The value is a block scalar (`|` or `>`): deeper lines are text, not structure. */
  blockScalar: boolean;
  /** A line with neither `key:` nor a marker-only item: a scalar or a half-typed word. */
  word?: string;
}

const KEY_RE = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#{}[\],&*!|>'"%@`?-][^#]*?|-[^\s#][^#]*?|\?[^\s][^#]*?))[ \t]*:(?=[ \t]|$)/;
const BLOCK_SCALAR_RE = /^[|>][-+0-9]*[ \t]*(?:#.*)?$/;

/** Strip a trailing ` # comment` outside quotes (good enough for inline values). */
export function stripComment(value: string): string {
  if (value.startsWith('"') || value.startsWith("'")) {
    const q = value[0];
    let i = 1;
    while (i < value.length) {
      if (value[i] === '\\' && q === '"') i += 2;
      else if (value[i] === q) {
        if (q === "'" && value[i + 1] === "'") i += 2;
        else break;
      } else i++;
    }
    return value.slice(0, i + 1).trimEnd() + stripComment(value.slice(i + 1)).replace(/^\s*$/, '');
  }
  const m = /(^|[ \t])#/.exec(value);
  return (m ? value.slice(0, m.index) : value).trimEnd();
}

export function shapeLine(text: string, line: number): LineShape {
  let i = 0;
  while (i < text.length && text[i] === ' ') i++;
  const indent = i;
  const shape: LineShape = { line, text, blank: false, indent, items: [], contentCol: indent, blockScalar: false };
  const rest = text.slice(i);
  if (rest === '' || rest.startsWith('#') || /^(?:---|\.\.\.)(?:\s|$)/.test(text) || text.startsWith('%') || /^\t*$/.test(rest)) {
    shape.blank = true;
    return shape;
  }
  // Item markers: `-` followed by a space or the end of the line.
  while (text[i] === '-' && (i + 1 >= text.length || text[i + 1] === ' ' || text[i + 1] === '\t')) {
    shape.items.push(i);
    i++;
    while (text[i] === ' ' || text[i] === '\t') i++;
  }
  shape.contentCol = i;
  const content = text.slice(i);
  if (content === '' || content.startsWith('#')) return shape;
  const m = KEY_RE.exec(content);
  if (m) {
    shape.key = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3].trimEnd();
    shape.keyCol = i;
    const colon = i + m[0].length - 1;
    shape.keyEnd = m[1] !== undefined || m[2] !== undefined ? i + m[0].replace(/[ \t]*:$/, '').length : i + m[3].trimEnd().length;
    let v = colon + 1;
    while (text[v] === ' ' || text[v] === '\t') v++;
    shape.valueCol = v;
    shape.value = stripComment(text.slice(v));
    shape.blockScalar = BLOCK_SCALAR_RE.test(shape.value);
  } else {
    shape.word = stripComment(content);
    shape.blockScalar = BLOCK_SCALAR_RE.test(shape.word);
  }
  return shape;
}

/** Line shapes of a document, cached per parsed document (documents are cached by their text). */
const shapeCache = new WeakMap<YamlDoc, { firstLine: number; shapes: LineShape[] }>();

export function documentLines(file: YamlFile, ydoc: YamlDoc): { firstLine: number; shapes: LineShape[] } {
  const firstLine = file.lines.positionAt(ydoc.start).line;
  const cached = shapeCache.get(ydoc);
  if (cached && cached.firstLine === firstLine) return cached;
  const shapes: LineShape[] = [];
  // The document's text split the way LineIndex splits (\r\n, \n or a lone \r).
  const parts = ydoc.text.split(/\r\n|\n|\r/);
  // A document ending in a line break has an empty last part that belongs to the next document.
  if (parts.length > 1 && parts[parts.length - 1] === '' && ydoc.end < file.text.length) parts.pop();
  let scalarOwner = -1;
  for (let k = 0; k < parts.length; k++) {
    const s = shapeLine(parts[k], firstLine + k);
    // Lines of a block scalar are text: blank them so they never look like structure.
    if (scalarOwner >= 0) {
      if (s.blank || s.indent > scalarOwner) {
        shapes.push({ ...s, blank: true, items: [], key: undefined, word: undefined, blockScalar: false });
        continue;
      }
      scalarOwner = -1;
    }
    if (s.blockScalar) scalarOwner = s.key !== undefined ? (s.items.length ? s.items[s.items.length - 1] : s.keyCol!) : s.items.length ? s.items[s.items.length - 1] : s.indent;
    shapes.push(s);
  }
  const entry = { firstLine, shapes };
  shapeCache.set(ydoc, entry);
  return entry;
}

/** The document of `file` that holds `offset` (documents are contiguous and sorted). */
export function docAtOffset(file: YamlFile, offset: number): YamlDoc | undefined {
  const docs = file.docs;
  if (docs.length === 0) return undefined;
  let lo = 0;
  let hi = docs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (docs[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return docs[lo];
}

export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}
