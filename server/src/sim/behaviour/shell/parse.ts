/**
 * Lexer and recursive-descent parser for the shell subset containers commonly run:
 * lists, pipelines, && ||, if/while/until/for/case, { } and ( ), functions, redirections,
 * quoting and $ expansions. Unsupported syntax raises ShellSyntaxError with a readable message.
 */
import type { AndOr, Command, List, ParamOp, Pipeline, Redirect, Word, WordPart } from './ast';

export class ShellSyntaxError extends Error {}

/** Valid shell (mostly bash) that this interpreter does not implement: reported as an assumption, never guessed. */
export class ShellUnsupportedError extends Error {
  constructor(readonly feature: string) { super(`unsupported: ${feature}`); }
}

type Token =
  | { t: 'word'; word: Word; raw: string; plain: boolean }
  | { t: 'op'; v: string }
  | { t: 'redir'; fd?: number; op: string }
  | { t: 'eof' };

const OPERATOR_CHARS = new Set([';', '&', '|', '(', ')', '<', '>', '\n']);
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Finds the index just after the `close` that balances an already-consumed `open`, skipping quotes. */
function findClosing(src: string, from: number, open: string, close: string): number {
  let depth = 1;
  let i = from;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') { i += 2; continue; }
    if (c === "'") { const j = src.indexOf("'", i + 1); if (j < 0) break; i = j + 1; continue; }
    if (c === '"') {
      i++;
      while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (src.startsWith(open, i)) { depth++; i += open.length; continue; }
    if (src.startsWith(close, i)) {
      depth--;
      i += close.length;
      if (depth === 0) return i;
      continue;
    }
    i++;
  }
  throw new ShellSyntaxError(`unterminated ${open}`);
}

/** Reads a `$...` expansion starting at src[i] === '$'; returns the part and the next index. */
function readDollar(src: string, i: number, quoted: boolean): [WordPart, number] {
  const next = src[i + 1];
  if (src.startsWith('$((', i)) {
    const end = findClosing(src, i + 3, '((', '))');
    return [{ kind: 'arith', source: src.slice(i + 3, end - 2), quoted }, end];
  }
  if (next === '(') {
    const end = findClosing(src, i + 2, '(', ')');
    return [{ kind: 'command', source: src.slice(i + 2, end - 1), quoted }, end];
  }
  if (next === '{') {
    const end = findClosing(src, i + 2, '{', '}');
    const body = src.slice(i + 2, end - 1);
    if (body.startsWith('#') && NAME_RE.test(body.slice(1))) return [{ kind: 'param', name: body.slice(1), op: '#len', quoted }, end];
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#@*$!])(:-|:=|:\+|-|=|\+|##|#|%%|%)?([\s\S]*)$/.exec(body);
    if (!m || (!m[2] && m[3])) {
      if (/^!|^[A-Za-z_][A-Za-z0-9_]*(\[|\^|,|\/|:[0-9 -])/.test(body)) throw new ShellUnsupportedError(`the bash expansion \${${body}}`);
      throw new ShellSyntaxError(`bad substitution: \${${body}}`);
    }
    const [, name, op, rest] = m;
    if (!op) return [{ kind: 'param', name, quoted }, end];
    const arg = lexWordText(rest, true);
    return [{ kind: 'param', name, op: op as ParamOp, arg, quoted }, end];
  }
  if (next !== undefined && /[A-Za-z_]/.test(next)) {
    let j = i + 1;
    while (j < src.length && /[A-Za-z0-9_]/.test(src[j])) j++;
    return [{ kind: 'param', name: src.slice(i + 1, j), quoted }, j];
  }
  if (next !== undefined && /[0-9?#@*$!-]/.test(next)) return [{ kind: 'param', name: next, quoted }, i + 2];
  return [{ kind: 'literal', text: '$', quoted }, i + 1];
}

/** Lexes the inside of a double-quoted string (or a ${x:-word} argument) into parts. */
function lexWordText(text: string, quoted: boolean): Word {
  const parts: Word = [];
  let lit = '';
  const flush = () => { if (lit) parts.push({ kind: 'literal', text: lit, quoted }); lit = ''; };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1])) {
      if (text[i + 1] !== '\n') lit += text[i + 1];
      i += 2;
    } else if (c === '$') {
      flush();
      const [part, j] = readDollar(text, i, quoted);
      parts.push(part);
      i = j;
    } else if (c === '`') {
      flush();
      const j = text.indexOf('`', i + 1);
      if (j < 0) throw new ShellSyntaxError('unterminated `');
      parts.push({ kind: 'command', source: text.slice(i + 1, j), quoted });
      i = j + 1;
    } else {
      lit += c;
      i++;
    }
  }
  flush();
  return parts;
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '\\' && src[i + 1] === '\n') { i += 2; continue; }
    if (c === '#') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '\n') { tokens.push({ t: 'op', v: '\n' }); i++; continue; }
    if (c === '&' && src[i + 1] === '>') {
      const append = src[i + 2] === '>';
      tokens.push({ t: 'redir', op: append ? '&>>' : '&>' });
      i += append ? 3 : 2;
      continue;
    }
    if (c === '<' && src[i + 1] === '<') throw new ShellUnsupportedError(src[i + 2] === '<' ? 'a here-string (<<<)' : 'a here-document (<<)');
    if (c === '<' || c === '>') {
      let op = c;
      if (src[i + 1] === '>' && c === '>') op = '>>';
      else if (src[i + 1] === '&') op = c + '&';
      else if (src[i + 1] === '|' && c === '>') op = '>|';
      i += op.length;
      tokens.push({ t: 'redir', op: op === '>|' ? '>' : op });
      continue;
    }
    if (OPERATOR_CHARS.has(c)) {
      const two = src.slice(i, i + 2);
      if (two === '&&' || two === '||' || two === ';;') { tokens.push({ t: 'op', v: two }); i += 2; continue; }
      tokens.push({ t: 'op', v: c });
      i++;
      continue;
    }
    // A word: runs until unquoted whitespace or an operator.
    const parts: Word = [];
    let lit = '';
    let plain = true;
    const start = i;
    const flush = () => { if (lit) parts.push({ kind: 'literal', text: lit, quoted: false }); lit = ''; };
    while (i < src.length) {
      const d = src[i];
      if (d === ' ' || d === '\t' || d === '\r' || OPERATOR_CHARS.has(d)) break;
      if (d === '\\') {
        flush();
        plain = false;
        if (src[i + 1] === '\n') { i += 2; continue; }
        if (i + 1 < src.length) parts.push({ kind: 'literal', text: src[i + 1], quoted: true });
        i += 2;
      } else if (d === "'") {
        flush();
        plain = false;
        const j = src.indexOf("'", i + 1);
        if (j < 0) throw new ShellSyntaxError("unterminated quoted string (')");
        parts.push({ kind: 'literal', text: src.slice(i + 1, j), quoted: true });
        i = j + 1;
      } else if (d === '"') {
        flush();
        plain = false;
        let j = i + 1;
        while (j < src.length && src[j] !== '"') {
          if (src[j] === '\\') j += 2;
          else if (src[j] === '$' && (src[j + 1] === '(' || src[j + 1] === '{')) {
            j = src[j + 1] === '(' ? (src.startsWith('$((', j) ? findClosing(src, j + 3, '((', '))') : findClosing(src, j + 2, '(', ')')) : findClosing(src, j + 2, '{', '}');
          } else j++;
        }
        if (j >= src.length) throw new ShellSyntaxError('unterminated quoted string (")');
        const inner = lexWordText(src.slice(i + 1, j), true);
        parts.push(...(inner.length ? inner : [{ kind: 'literal' as const, text: '', quoted: true }]));
        i = j + 1;
      } else if (d === '$') {
        flush();
        plain = false;
        const [part, j] = readDollar(src, i, false);
        parts.push(part);
        i = j;
      } else if (d === '`') {
        flush();
        plain = false;
        const j = src.indexOf('`', i + 1);
        if (j < 0) throw new ShellSyntaxError('unterminated `');
        parts.push({ kind: 'command', source: src.slice(i + 1, j), quoted: false });
        i = j + 1;
      } else {
        lit += d;
        i++;
      }
    }
    flush();
    const raw = src.slice(start, i);
    // An all-digit word directly before < or > is a file descriptor number.
    if (/^[0-9]$/.test(raw) && (src[i] === '<' || src[i] === '>')) {
      const redirTok = tokenize(src.slice(i, i + 3))[0];
      if (redirTok && redirTok.t === 'redir') {
        tokens.push({ t: 'redir', fd: Number(raw), op: redirTok.op });
        i += redirTok.op === '>' && src[i + 1] === '|' ? 2 : redirTok.op.length;
        continue;
      }
    }
    tokens.push({ t: 'word', word: parts, raw, plain });
  }
  tokens.push({ t: 'eof' });
  return tokens;
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'while', 'until', 'do', 'done', 'for', 'in', 'case', 'esac', '{', '}', '!']);

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token { return this.tokens[this.pos]; }
  private isOp(v: string): boolean { const t = this.peek(); return t.t === 'op' && t.v === v; }
  private isKeyword(k: string): boolean { const t = this.peek(); return t.t === 'word' && t.plain && t.raw === k; }
  private skipNewlines(): void { while (this.isOp('\n')) this.pos++; }
  private expectKeyword(k: string): void {
    this.skipNewlines();
    if (!this.isKeyword(k)) throw new ShellSyntaxError(`syntax error: expected "${k}" but found ${this.describe()}`);
    this.pos++;
  }
  private describe(): string {
    const t = this.peek();
    if (t.t === 'eof') return 'end of input';
    if (t.t === 'word') return `"${t.raw}"`;
    if (t.t === 'op') return t.v === '\n' ? 'newline' : `"${t.v}"`;
    return `"${t.op}"`;
  }

  parseProgram(): List {
    const list = this.parseList([]);
    this.skipNewlines();
    if (this.peek().t !== 'eof') throw new ShellSyntaxError(`syntax error: unexpected ${this.describe()}`);
    return list;
  }

  /** A list ends at EOF, `)` or one of the given keywords (which are not consumed). */
  private parseList(terminators: string[]): List {
    const list: List = [];
    for (;;) {
      while (this.isOp('\n') || this.isOp(';')) this.pos++;
      const t = this.peek();
      if (t.t === 'eof' || this.isOp(')') || this.isOp(';;')) break;
      if (t.t === 'word' && t.plain && terminators.includes(t.raw)) break;
      const andOr = this.parseAndOr();
      if (this.isOp('&')) { andOr.background = true; this.pos++; }
      else if (this.isOp(';') || this.isOp('\n')) this.pos++;
      list.push(andOr);
    }
    return list;
  }

  private parseAndOr(): AndOr {
    const first = this.parsePipeline();
    const rest: AndOr['rest'] = [];
    while (this.isOp('&&') || this.isOp('||')) {
      const op = (this.peek() as { v: string }).v as '&&' | '||';
      this.pos++;
      this.skipNewlines();
      rest.push({ op, pipeline: this.parsePipeline() });
    }
    return { first, rest, background: false };
  }

  private parsePipeline(): Pipeline {
    let negate = false;
    if (this.isKeyword('!')) { negate = true; this.pos++; }
    const commands = [this.parseCommand()];
    while (this.isOp('|')) {
      this.pos++;
      this.skipNewlines();
      commands.push(this.parseCommand());
    }
    return { negate, commands };
  }

  private parseRedirects(into: Redirect[]): void {
    for (;;) {
      const t = this.peek();
      if (t.t !== 'redir') return;
      this.pos++;
      const target = this.peek();
      if (target.t !== 'word') throw new ShellSyntaxError(`syntax error: redirection without a target`);
      this.pos++;
      if (t.op === '&>' || t.op === '&>>') {
        const op = t.op === '&>' ? '>' : '>>';
        into.push({ fd: 1, op, target: target.word });
        into.push({ fd: 2, op: '>&', target: [{ kind: 'literal', text: '1', quoted: false }] });
        continue;
      }
      const fd = t.fd ?? (t.op.startsWith('<') ? 0 : 1);
      into.push({ fd, op: t.op as Redirect['op'], target: target.word });
    }
  }

  private parseCommand(): Command {
    const t = this.peek();
    if (t.t === 'word' && t.plain && t.raw === '[[') throw new ShellUnsupportedError('bash [[ ... ]] tests');
    if (t.t === 'word' && t.plain && t.raw === 'function') throw new ShellUnsupportedError('the bash `function` keyword');
    if (this.isOp('(') && this.tokens[this.pos + 1]?.t === 'op' && (this.tokens[this.pos + 1] as { v: string }).v === '(') throw new ShellUnsupportedError('bash (( ... )) arithmetic commands');
    if (t.t === 'word' && t.plain) {
      switch (t.raw) {
        case 'if': return this.withRedirects(this.parseIf());
        case 'while': case 'until': return this.withRedirects(this.parseLoop(t.raw === 'until'));
        case 'for': return this.withRedirects(this.parseFor());
        case 'case': return this.withRedirects(this.parseCase());
        case '{': {
          this.pos++;
          const body = this.parseList(['}']);
          this.expectKeyword('}');
          return this.withRedirects({ type: 'group', body, subshell: false, redirects: [] });
        }
        case 'then': case 'else': case 'elif': case 'fi': case 'do': case 'done': case 'esac': case '}': case 'in':
          throw new ShellSyntaxError(`syntax error: unexpected "${t.raw}"`);
      }
    }
    if (this.isOp('(')) {
      this.pos++;
      const body = this.parseList([]);
      if (!this.isOp(')')) throw new ShellSyntaxError(`syntax error: expected ")" but found ${this.describe()}`);
      this.pos++;
      return this.withRedirects({ type: 'group', body, subshell: true, redirects: [] });
    }
    // Function definition: name ( ) compound-command
    const after = this.tokens[this.pos + 1];
    const after2 = this.tokens[this.pos + 2];
    if (t.t === 'word' && t.plain && NAME_RE.test(t.raw) && after?.t === 'op' && after.v === '(' && after2?.t === 'op' && after2.v === ')') {
      this.pos += 3;
      this.skipNewlines();
      const body = this.parseCommand();
      return { type: 'function', name: t.raw, body, redirects: [] };
    }
    return this.parseSimple();
  }

  private withRedirects<C extends Command>(cmd: C): C {
    this.parseRedirects(cmd.redirects);
    return cmd;
  }

  private parseSimple(): Command {
    const cmd: Command & { type: 'simple' } = { type: 'simple', assigns: [], words: [], redirects: [] };
    for (;;) {
      const t = this.peek();
      if (t.t === 'redir') { this.parseRedirects(cmd.redirects); continue; }
      if (t.t !== 'word') break;
      const eq = t.raw.indexOf('=');
      if (cmd.words.length === 0 && eq > 0 && t.raw.length === eq + 1 && NAME_RE.test(t.raw.slice(0, eq))) {
        const next = this.tokens[this.pos + 1];
        if (next?.t === 'op' && next.v === '(') throw new ShellUnsupportedError('bash arrays');
      }
      if (cmd.words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*\+=/.test(t.raw)) throw new ShellUnsupportedError('bash += assignments');
      if (cmd.words.length === 0 && eq > 0 && NAME_RE.test(t.raw.slice(0, eq)) && t.word[0]?.kind === 'literal' && !t.word[0].quoted && t.word[0].text.length > eq) {
        const name = t.raw.slice(0, eq);
        const head = t.word[0] as { kind: 'literal'; text: string; quoted: boolean };
        const rest: Word = [];
        if (head.text.length > eq + 1) rest.push({ kind: 'literal', text: head.text.slice(eq + 1), quoted: false });
        rest.push(...t.word.slice(1));
        cmd.assigns.push({ name, value: rest });
        this.pos++;
        continue;
      }
      cmd.words.push(t.word);
      this.pos++;
    }
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirects.length === 0) {
      throw new ShellSyntaxError(`syntax error: unexpected ${this.describe()}`);
    }
    return cmd;
  }

  private parseIf(): Command {
    this.pos++; // if
    const branches: { cond: List; body: List }[] = [];
    let cond = this.parseList(['then']);
    this.expectKeyword('then');
    let body = this.parseList(['elif', 'else', 'fi']);
    branches.push({ cond, body });
    let otherwise: List | undefined;
    for (;;) {
      this.skipNewlines();
      if (this.isKeyword('elif')) {
        this.pos++;
        cond = this.parseList(['then']);
        this.expectKeyword('then');
        body = this.parseList(['elif', 'else', 'fi']);
        branches.push({ cond, body });
        continue;
      }
      if (this.isKeyword('else')) {
        this.pos++;
        otherwise = this.parseList(['fi']);
      }
      this.expectKeyword('fi');
      break;
    }
    return { type: 'if', branches, otherwise, redirects: [] };
  }

  private parseLoop(until: boolean): Command {
    this.pos++;
    const cond = this.parseList(['do']);
    this.expectKeyword('do');
    const body = this.parseList(['done']);
    this.expectKeyword('done');
    return { type: 'loop', until, cond, body, redirects: [] };
  }

  private parseFor(): Command {
    this.pos++;
    const nameTok = this.peek();
    if (nameTok.t !== 'word' || !NAME_RE.test(nameTok.raw)) throw new ShellSyntaxError('syntax error: bad for loop variable');
    this.pos++;
    let items: Word[] | undefined;
    this.skipNewlines();
    if (this.isKeyword('in')) {
      this.pos++;
      items = [];
      while (this.peek().t === 'word' && !this.isKeyword('do')) {
        items.push((this.peek() as { word: Word }).word);
        this.pos++;
      }
      if (this.isOp(';') || this.isOp('\n')) this.pos++;
    } else if (this.isOp(';')) this.pos++;
    this.expectKeyword('do');
    const body = this.parseList(['done']);
    this.expectKeyword('done');
    return { type: 'for', name: nameTok.raw, items, body, redirects: [] };
  }

  private parseCase(): Command {
    this.pos++;
    const wordTok = this.peek();
    if (wordTok.t !== 'word') throw new ShellSyntaxError('syntax error: case without a word');
    this.pos++;
    this.expectKeyword('in');
    const items: { patterns: Word[]; body: List }[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isKeyword('esac')) { this.pos++; break; }
      if (this.isOp('(')) this.pos++;
      const patterns: Word[] = [];
      for (;;) {
        const p = this.peek();
        if (p.t !== 'word') throw new ShellSyntaxError('syntax error: bad case pattern');
        patterns.push(p.word);
        this.pos++;
        if (this.isOp('|')) { this.pos++; continue; }
        break;
      }
      if (!this.isOp(')')) throw new ShellSyntaxError('syntax error: expected ")" in case pattern');
      this.pos++;
      const body = this.parseList(['esac']);
      items.push({ patterns, body });
      if (this.isOp(';;')) this.pos++;
    }
    return { type: 'case', word: wordTok.word, items, redirects: [] };
  }
}

export function parseShell(src: string): List {
  return new Parser(tokenize(src)).parseProgram();
}

/** Re-lexes text as one word list (used for `${x:-default}` arguments and here-strings). */
export function lexWord(text: string, quoted: boolean): Word {
  return lexWordText(text, quoted);
}

export const isReservedWord = (w: string): boolean => RESERVED.has(w);
