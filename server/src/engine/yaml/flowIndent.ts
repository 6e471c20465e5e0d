import { visit, type Document } from 'yaml';

/**
 * kubectl's YAML reader (go-yaml) accepts a flow collection whose continuation lines sit at the
 * indentation of its key (or less):
 *
 *     command: ["sh", "-c",
 *     "echo hello"]
 *
 * The YAML spec, and so the `yaml` library, wants them indented further. Such a text is read here
 * by indenting those lines in a copy and mapping every offset of the result back to the original
 * text, so values are kubectl's and ranges stay exact.
 */

/** Offsets in the copy where spaces were inserted, and how many. */
export interface Insertions {
  at: number[];
  count: number[];
}

/**
 * The text with flow-collection continuation lines indented one column past the line that opened
 * the collection; undefined when no line needed it.
 */
export function indentFlowContinuations(text: string): { text: string; insertions: Insertions } | undefined {
  const lines = text.split('\n');
  let depth = 0;
  let openerIndent = 0;
  let changed = false;
  const out: string[] = [];
  const insertions: Insertions = { at: [], count: [] };
  let offset = 0; // offset of the current line in the copy
  for (const line of lines) {
    let current = line;
    const indent = leadingSpaces(line);
    if (depth > 0 && indent <= openerIndent && line.trim() !== '') {
      const add = openerIndent + 1 - indent;
      current = ' '.repeat(add) + line;
      insertions.at.push(offset);
      insertions.count.push(add);
      changed = true;
    }
    const before = depth;
    depth = flowDepthAfter(line, depth);
    if (before === 0 && depth > 0) openerIndent = indent;
    out.push(current);
    offset += current.length + 1;
  }
  return changed ? { text: out.join('\n'), insertions } : undefined;
}

function leadingSpaces(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  return i;
}

/** The flow nesting depth at the end of a line (quotes and comments skipped). */
function flowDepthAfter(line: string, depth: number): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) {
        if (quote === "'" && line[i + 1] === "'") i++;
        else quote = '';
      }
      continue;
    }
    if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) break;
    if ((c === '"' || c === "'") && (depth > 0 || i === 0 || /[\s:,[{-]/.test(line[i - 1]))) quote = c;
    else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return depth;
}

/** An offset in the copy, as an offset in the original text. */
export function originalOffset(insertions: Insertions, offset: number): number {
  let shift = 0;
  for (let i = 0; i < insertions.at.length; i++) {
    const at = insertions.at[i];
    if (at >= offset) break;
    // An offset inside the inserted spaces maps to the line's original start.
    shift += Math.min(insertions.count[i], offset - at);
  }
  return offset - shift;
}

/** Rewrites every node range of a document parsed from the copy into offsets of the original text. */
export function remapRanges(doc: Document.Parsed, insertions: Insertions): void {
  const map = (o: number) => originalOffset(insertions, o);
  if (doc.range) doc.range = [map(doc.range[0]), map(doc.range[1]), map(doc.range[2])];
  visit(doc, (_key, node) => {
    const n = node as { range?: [number, number, number] | null };
    if (n && n.range) n.range = [map(n.range[0]), map(n.range[1]), map(n.range[2])];
  });
  for (const e of [...doc.errors, ...doc.warnings]) e.pos = [map(e.pos[0]), map(e.pos[1])];
}
