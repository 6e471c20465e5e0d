import type { YamlFile } from '../yaml/documents';
import { documentLines, type LineShape } from './lines';
import type { FoldingRange } from './types';

/**
 * Folding ranges: each document, and every mapping key or list item whose content continues
 * on deeper-indented lines. Read from the line shapes, so half-typed documents fold too.
 */
export function foldingRanges(file: YamlFile): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const doc of file.docs) {
    const { shapes } = documentLines(file, doc);
    const content = shapes.filter((s) => !s.blank);
    if (content.length === 0) continue;
    const first = shapes.find((s) => s.text.trim() !== '' && !s.text.startsWith('#'))!;
    const last = content[content.length - 1];
    const ranges: FoldingRange[] = [];
    if (file.docs.length > 1 && last.line > first.line) ranges.push({ startLine: first.line, endLine: last.line });
    foldBlocks(shapes, ranges);
    for (const r of ranges) out.push(r);
  }
  return out;
}

function foldBlocks(shapes: LineShape[], out: FoldingRange[]): void {
  // An item line with a key on it opens two identical ranges: keep one. (Deduplicated per
  // document: doing it over the whole file's ranges for every document was quadratic.)
  const seen = new Set<string>(out.map((r) => `${r.startLine}:${r.endLine}`));
  for (let k = 0; k < shapes.length; k++) {
    const s = shapes[k];
    if (s.blank) continue;
    // A key or an item opens a block; its column is where its content is.
    const opens: number[] = [];
    if (s.key !== undefined) opens.push(s.keyCol!);
    for (const m of s.items) opens.push(m);
    for (const col of opens) {
      const isKey = s.key !== undefined && col === s.keyCol;
      let end = s.line;
      for (let j = k + 1; j < shapes.length; j++) {
        const n = shapes[j];
        if (n.blank) {
          // block scalar text was blanked by the line reader: it still belongs to the block
          if (n.text.trim() !== '' && !n.text.trimStart().startsWith('#') && n.indent > col) end = n.line;
          continue;
        }
        const first = n.items.length ? n.items[0] : n.contentCol;
        // `key:` followed by `- item` lines at the same column (compact sequence) stays inside
        const compact = isKey && n.items.length > 0 && n.items[0] === col && s.value === '';
        if (first > col || compact) end = n.line;
        else break;
      }
      if (end > s.line) {
        const key = `${s.line}:${end}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push({ startLine: s.line, endLine: end });
        }
      }
    }
  }
}
