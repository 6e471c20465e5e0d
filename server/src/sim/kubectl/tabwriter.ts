/**
 * Go's text/tabwriter (as kubectl uses it): cells end at a tab; a column block is a run of
 * consecutive lines that have a cell in that column, padded to its widest cell plus `padding`.
 * The last cell of a line is not part of any column. `describe` uses padding 2, `get` padding 3.
 */
export function tabwrite(text: string, padding: number): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      let s = '';
      cells.forEach((c, j) => {
        s += j < widths.length && j < cells.length - 1 ? c.padEnd(widths[j]) : c;
      });
      out.push(s);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      writeLines(line0, i);
      line0 = i;
      let width = 0;
      for (; i < line1 && column < lines[i].length - 1; i++) width = Math.max(width, lines[i][column].length + padding);
      widths.push(width);
      format(line0, i);
      widths.pop();
      line0 = i;
      i--;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n');
}
