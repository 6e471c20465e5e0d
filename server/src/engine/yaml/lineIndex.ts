import type { Position, Range } from '../findings';

/**
 * Offset <-> LSP position conversion for one text. Lines end at \n, \r\n or a lone \r,
 * the same rule as vscode-languageserver-textdocument, so positions agree with the editor.
 */
export class LineIndex {
  private readonly starts: number[];

  constructor(
    readonly text: string,
    lineStarts?: number[],
  ) {
    if (lineStarts) {
      this.starts = lineStarts;
      return;
    }
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10) {
        starts.push(i + 1);
      }
    }
    this.starts = starts;
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
    const starts = old.slice(0, keep + 1);
    const from = starts[keep];
    // Past this point, in the old text as in the new, both neighbours of a line start are in the suffix.
    const scanTo = Math.min(text.length, text.length - suffix + 2);
    for (let i = from; i < scanTo; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10) {
        starts.push(i + 1);
      }
    }
    // Every line start up to scanTo (one more after a \r\n) came from the scan.
    const covered = Math.max(starts[starts.length - 1], scanTo);
    let j = this.positionAt(Math.max(0, scanTo - delta)).line;
    while (j < old.length && old[j] + delta <= covered) j++;
    const tail = old.slice(j);
    if (delta !== 0) for (let k = 0; k < tail.length; k++) tail[k] += delta;
    return new LineIndex(text, tail.length > 0 ? starts.concat(tail) : starts);
  }

  /**
   * The index of `text.slice(start, end)`, taken from this one without scanning the text again.
   * `start` must begin a line (documents of a file do).
   */
  slice(start: number, end: number): LineIndex {
    let first = this.positionAt(start).line;
    if (this.starts[first] !== start) first++;
    const starts = [0];
    for (let i = first; i < this.starts.length && this.starts[i] <= end; i++) if (this.starts[i] > start) starts.push(this.starts[i] - start);
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
