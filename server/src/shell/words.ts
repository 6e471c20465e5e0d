/** Splits a command line into words like a POSIX shell for simple quoting ('…', "…", backslash). */
export function splitWords(text: string): { words: string[]; error?: string } {
  const words: string[] = [];
  let cur = '';
  let has = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      cur += text[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has) words.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (quote) return { words, error: `unterminated ${quote === '"' ? 'double' : 'single'} quote` };
  if (has) words.push(cur);
  return { words };
}

/** Shell operators the simulated shell does not interpret (outside quotes). */
export function unsupportedOperator(text: string): string | undefined {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '\\') i++;
    else if (ch === '|' || ch === '>' || ch === '<' || ch === ';' || ch === '`' || (ch === '&' && text[i + 1] === '&') || (ch === '$' && text[i + 1] === '(')) return ch === '$' ? '$(' : ch === '&' ? '&&' : ch;
  }
  return undefined;
}
