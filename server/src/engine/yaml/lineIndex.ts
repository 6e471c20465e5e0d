import type { Position, Range } from '../findings';

/**
 * Offset <-> LSP position conversion for one text. Lines end at \n, \r\n or a lone \r,
 * the same rule as vscode-languageserver-textdocument, so positions agree with the editor.
 */
export class LineIndex {
  /**
   * Line start offsets. A typed array: an edit copies it with the edit's shift (a memory copy of
   * 4 bytes a line, about 1 MB for 300,000 lines) instead of growing and concatenating JS arrays.
   */
  private readonly starts: Int32Array;

  constructor(
    readonly text: string,
    lineStarts?: Int32Array,
  ) {
    if (lineStarts) {
      this.starts = lineStarts;
      return;
    }
    this.starts = scanLineStarts(text, 0, text.length, [0]);
  }

  /**
   * The index of `text`, an edit of this index's text that kept its first `prefix` and last
   * `suffix` characters: line starts outside the edit are taken over (those after it shifted),
   * only the edited stretch is scanned.
   */
  edited(text: string, prefix: number, suffix: number): LineIndex {
    const old = this.starts;
    const delta = text.length - this.text.length;
    // A line start depends on the character before it (and a \r on the one after): those strictly
    // inside the prefix are unchanged; scanning resumes at the last of them.
    let keep = this.positionAt(Math.max(0, prefix - 1)).line;
    if (keep > 0 && old[keep] >= prefix) keep--;
    const from = old[keep];
    // Past this point, in the old text as in the new, both neighbours of a line start are in the suffix.
    const scanTo = Math.min(text.length, text.length - suffix + 2);
    const scanned: number[] = [];
    scanLineStarts(text, from, scanTo, scanned);
    // Every line start up to scanTo (one more after a \r\n) came from the scan.
    const covered = Math.max(scanned.length > 0 ? scanned[scanned.length - 1] : from, scanTo);
    let j = this.positionAt(Math.max(0, scanTo - delta)).line;
    while (j < old.length && old[j] + delta <= covered) j++;
    const starts = new Int32Array(keep + 1 + scanned.length + (old.length - j));
    starts.set(old.subarray(0, keep + 1));
    for (let k = 0; k < scanned.length; k++) starts[keep + 1 + k] = scanned[k];
    const at = keep + 1 + scanned.length;
    starts.set(old.subarray(j), at);
    if (delta !== 0) for (let k = at; k < starts.length; k++) starts[k] += delta;
    return new LineIndex(text, starts);
  }

  /**
   * The index of `text.slice(start, end)`, taken from this one without scanning the text again.
   * `start` must begin a line (documents of a file do).
   */
  slice(start: number, end: number): LineIndex {
    let first = this.positionAt(start).line;
    if (this.starts[first] !== start) first++;
    let last = first;
    while (last < this.starts.length && this.starts[last] <= end) last++;
    // Line 0 starts at 0, then every line start inside (start, end].
    const from = first < last && this.starts[first] === start ? first + 1 : first;
    const starts = new Int32Array(1 + (last - from));
    for (let i = from; i < last; i++) starts[1 + i - from] = this.starts[i] - start;
    return new LineIndex(this.text.slice(start, end), starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Offset just past the line's content, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.starts[pos.line];
    return Math.min(start + Math.max(0, pos.character), this.lineEnd(pos.line));
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }
}

/** Appends to `out` the start of every line that begins in text[from, to) after a line break there; returns `out` as an Int32Array when it starts the index. */
function scanLineStarts(text: string, from: number, to: number, out: number[]): Int32Array {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      out.push(i + 1);
    } else if (c === 10) {
      out.push(i + 1);
    }
  }
  return Int32Array.from(out);
}
