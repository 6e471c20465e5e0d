/**
 * The utilities scripts in containers use (busybox applets / coreutils), acting on the in-memory
 * filesystem and virtual clock. Error texts follow busybox or GNU depending on the image.
 */
import { DEFAULT_DATE_FORMAT, formatDate } from './dateText';
import { globMatch } from './glob';
import { parseSleepSeconds } from './interpreter';
import type { Gen, IO, ShellHost } from './runtime';
import { normalizePath } from './vfs';

type Utility = (args: string[], io: IO, host: ShellHost, env: Record<string, string>) => Gen<number>;

const cwdOf = (env: Record<string, string>) => env.PWD || '/';

function splitFlags(args: string[]): { flags: Set<string>; operands: string[] } {
  const flags = new Set<string>();
  const operands: string[] = [];
  let done = false;
  for (const a of args) {
    if (!done && a === '--') { done = true; continue; }
    if (!done && /^-[A-Za-z]+$/.test(a)) for (const c of a.slice(1)) flags.add(c);
    else operands.push(a);
  }
  return { flags, operands };
}

function unescape(text: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\' || i + 1 >= text.length) { out += c; continue; }
    const n = text[++i];
    switch (n) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '\\': out += '\\'; break;
      case 'a': out += '\x07'; break;
      case 'e': out += '\x1b'; break;
      case 'c': return { text: out, stop: true };
      case '0': {
        const m = /^[0-7]{0,3}/.exec(text.slice(i + 1))![0];
        out += String.fromCharCode(parseInt(m || '0', 8));
        i += m.length;
        break;
      }
      default: out += '\\' + n;
    }
  }
  return { text: out, stop: false };
}

function printfFormat(format: string, args: string[]): string {
  let out = '';
  let argIndex = 0;
  const nextArg = () => args[argIndex++] ?? '';
  do {
    const startIndex = argIndex;
    for (let i = 0; i < format.length; i++) {
      const c = format[i];
      if (c === '\\') {
        // In printf's format an octal escape is \NNN (one to three digits, as the shell's
        // printf reads it: "\033" is ESC); \xHH is hexadecimal; the rest as echo -e reads them.
        const octal = /^[0-7]{1,3}/.exec(format.slice(i + 1));
        const hex = octal ? null : /^x([0-9a-fA-F]{1,2})/.exec(format.slice(i + 1));
        if (octal) {
          out += String.fromCharCode(parseInt(octal[0], 8) & 0xff);
          i += octal[0].length;
        } else if (hex) {
          out += String.fromCharCode(parseInt(hex[1], 16));
          i += hex[0].length;
        } else {
          out += unescape(format.slice(i, i + 2)).text;
          i++;
        }
        continue;
      }
      if (c !== '%') { out += c; continue; }
      const m = /^%([-+ 0#]*)([0-9]*)(?:\.([0-9]+))?([sdifxXocbeEgG%])/.exec(format.slice(i));
      if (!m) { out += c; continue; }
      i += m[0].length - 1;
      const [, flags, width, precision, conv] = m;
      let piece: string;
      switch (conv) {
        case '%': out += '%'; continue;
        case 's': piece = nextArg(); if (precision) piece = piece.slice(0, Number(precision)); break;
        case 'b': piece = unescape(nextArg()).text; break;
        case 'c': piece = nextArg().slice(0, 1); break;
        case 'd': case 'i': piece = String(Math.trunc(Number(nextArg()) || 0)); break;
        case 'x': piece = (Math.trunc(Number(nextArg()) || 0)).toString(16); break;
        case 'X': piece = (Math.trunc(Number(nextArg()) || 0)).toString(16).toUpperCase(); break;
        case 'o': piece = (Math.trunc(Number(nextArg()) || 0)).toString(8); break;
        default: piece = (Number(nextArg()) || 0).toFixed(precision ? Number(precision) : 6);
      }
      if (width) {
        const w = Number(width);
        piece = flags.includes('-') ? piece.padEnd(w) : piece.padStart(w, flags.includes('0') && conv !== 's' ? '0' : ' ');
      }
      out += piece;
    }
    if (argIndex === startIndex) break;
  } while (argIndex < args.length);
  return out;
}

function readInputs(operands: string[], io: IO, host: ShellHost, env: Record<string, string>, cmd: string): { text: string; status: number } {
  if (operands.length === 0 || (operands.length === 1 && operands[0] === '-')) return { text: io.stdin, status: 0 };
  let text = '';
  let status = 0;
  for (const op of operands) {
    if (op === '-') { text += io.stdin; continue; }
    const e = host.fs.get(normalizePath(op, cwdOf(env)));
    if (!e) {
      io.stderr.write(host.userland === 'busybox' ? `${cmd}: can't open '${op}': No such file or directory\n` : `${cmd}: ${op}: No such file or directory\n`);
      status = 1;
    } else if (e.type === 'dir') {
      io.stderr.write(host.userland === 'busybox' ? `${cmd}: read error: Is a directory\n` : `${cmd}: ${op}: Is a directory\n`);
      status = 1;
    } else text += e.content;
  }
  return { text, status };
}

const lines = (text: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/** `test` / `[` expression evaluation. Returns 0 (true), 1 (false) or 2 (error). */
export function evalTest(args: string[], host: ShellHost, env: Record<string, string>): number {
  let pos = 0;
  const fileTest = (op: string, path: string): boolean => {
    const e = host.fs.get(normalizePath(path, cwdOf(env)));
    switch (op) {
      case '-e': case '-r': case '-w': case '-x': return e !== undefined;
      case '-f': return e?.type === 'file';
      case '-d': return e?.type === 'dir';
      case '-s': return e?.type === 'file' && e.content.length > 0;
      case '-L': case '-h': case '-p': case '-S': case '-b': case '-c': return false;
    }
    return false;
  };
  const int = (s: string): number => {
    if (!/^\s*-?[0-9]+\s*$/.test(s)) throw new Error(`${s}: bad number`);
    return Number(s);
  };
  const primary = (): boolean => {
    const a = args[pos];
    if (a === '!') { pos++; return !primary(); }
    if (a === '(') {
      pos++;
      const v = orExpr();
      if (args[pos] === ')') pos++;
      return v;
    }
    const b = args[pos + 1];
    const c = args[pos + 2];
    if (b !== undefined && c !== undefined && ['=', '==', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '<', '>'].includes(b)) {
      pos += 3;
      switch (b) {
        case '=': case '==': return a === c;
        case '!=': return a !== c;
        case '<': return a < c;
        case '>': return a > c;
        case '-eq': return int(a) === int(c);
        case '-ne': return int(a) !== int(c);
        case '-lt': return int(a) < int(c);
        case '-le': return int(a) <= int(c);
        case '-gt': return int(a) > int(c);
        case '-ge': return int(a) >= int(c);
      }
    }
    if (/^-[a-zA-Z]$/.test(a) && b !== undefined) {
      pos += 2;
      if (a === '-z') return b.length === 0;
      if (a === '-n') return b.length > 0;
      return fileTest(a, b);
    }
    pos++;
    return a !== undefined && a.length > 0;
  };
  const andExpr = (): boolean => {
    let v = primary();
    while (args[pos] === '-a') { pos++; const r = primary(); v = v && r; }
    return v;
  };
  const orExpr = (): boolean => {
    let v = andExpr();
    while (args[pos] === '-o') { pos++; const r = andExpr(); v = v || r; }
    return v;
  };
  if (args.length === 0) return 1;
  try {
    const result = orExpr();
    return result ? 0 : 1;
  } catch {
    return 2;
  }
}

const UTILITIES: Record<string, Utility> = {
  *true() { return 0; },
  *':'() { return 0; },
  *false() { return 1; },
  *echo(args, io) {
    let newline = true;
    let escapes = false;
    let i = 0;
    while (i < args.length && /^-[neE]+$/.test(args[i])) {
      if (args[i].includes('n')) newline = false;
      if (args[i].includes('e')) escapes = true;
      if (args[i].includes('E')) escapes = false;
      i++;
    }
    let text = args.slice(i).join(' ');
    if (escapes) {
      const u = unescape(text);
      text = u.text;
      if (u.stop) newline = false;
    }
    io.stdout.write(text + (newline ? '\n' : ''));
    return 0;
  },
  *printf(args, io) {
    if (args.length === 0) { io.stderr.write('printf: usage: printf FORMAT [ARGUMENT...]\n'); return 1; }
    io.stdout.write(printfFormat(args[0], args.slice(1)));
    return 0;
  },
  *sleep(args, io, host) {
    const seconds = parseSleepSeconds(args);
    if (seconds === undefined) {
      io.stderr.write(args.length === 0 ? 'sleep: missing operand\n' : `sleep: invalid number '${args[0]}'\n`);
      return 1;
    }
    if (seconds > 0) yield { t: 'sleep', seconds, interruptible: false };
    void host;
    return 0;
  },
  *date(args, io, host) {
    let format = DEFAULT_DATE_FORMAT;
    for (const a of args) {
      if (a.startsWith('+')) format = a.slice(1);
      else if (a === '-R') format = '%a, %d %b %Y %H:%M:%S %z';
      else if (a === '-I' || a === '--iso-8601') format = '%F';
      else if (/^(-Iseconds|--iso-8601=seconds)$/.test(a)) format = '%Y-%m-%dT%H:%M:%S+00:00';
    }
    // Captured time ($(date)) can steer control flow, so loops reading it are not assumed to repeat.
    if (io.captured) host.markClockRead();
    io.stdout.write(formatDate(host.epoch + host.now(), format) + '\n');
    return 0;
  },
  *touch(args, io, host, env) {
    const { operands } = splitFlags(args);
    let status = 0;
    for (const op of operands) {
      const path = normalizePath(op, cwdOf(env));
      if (host.fs.get(path)) continue;
      if (host.fs.write(path, '', true)) {
        io.stderr.write(host.userland === 'busybox' ? `touch: ${op}: No such file or directory\n` : `touch: cannot touch '${op}': No such file or directory\n`);
        status = 1;
      }
    }
    return status;
  },
  *rm(args, io, host, env) {
    const { flags, operands } = splitFlags(args);
    const force = flags.has('f');
    const recursive = flags.has('r') || flags.has('R');
    let status = 0;
    for (const op of operands) {
      const r = host.fs.remove(normalizePath(op, cwdOf(env)), recursive);
      if (r === 'missing' && !force) {
        io.stderr.write(host.userland === 'busybox' ? `rm: can't remove '${op}': No such file or directory\n` : `rm: cannot remove '${op}': No such file or directory\n`);
        status = 1;
      } else if (r === 'isdir') {
        io.stderr.write(host.userland === 'busybox' ? `rm: '${op}' is a directory\n` : `rm: cannot remove '${op}': Is a directory\n`);
        status = 1;
      }
    }
    return status;
  },
  *cat(args, io, host, env) {
    const { operands } = splitFlags(args);
    const { text, status } = readInputs(operands, io, host, env, 'cat');
    io.stdout.write(text);
    return status;
  },
  *mkdir(args, io, host, env) {
    const { flags, operands } = splitFlags(args.filter((a) => !/^-m/.test(a)));
    let status = 0;
    for (const op of operands) {
      const path = normalizePath(op, cwdOf(env));
      if (flags.has('p')) { if (!host.fs.mkdirP(path)) status = 1; continue; }
      const r = host.fs.mkdir(path);
      if (r !== 'ok') {
        const why = r === 'exists' ? 'File exists' : 'No such file or directory';
        io.stderr.write(host.userland === 'busybox' ? `mkdir: can't create directory '${op}': ${why}\n` : `mkdir: cannot create directory '${op}': ${why}\n`);
        status = 1;
      }
    }
    return status;
  },
  *ls(args, io, host, env) {
    const { flags, operands } = splitFlags(args);
    const targets = operands.length ? operands : ['.'];
    let status = 0;
    const out: string[] = [];
    for (const op of targets) {
      const path = normalizePath(op, cwdOf(env));
      const e = host.fs.get(path);
      if (!e) {
        io.stderr.write(host.userland === 'busybox' ? `ls: ${op}: No such file or directory\n` : `ls: cannot access '${op}': No such file or directory\n`);
        status = host.userland === 'busybox' ? 1 : 2;
        continue;
      }
      if (e.type === 'file' || flags.has('d')) { out.push(op); continue; }
      const names = host.fs.list(path).filter((n) => flags.has('a') || flags.has('A') || !n.startsWith('.'));
      if (targets.length > 1) out.push(`${op}:`);
      out.push(...names);
    }
    if (out.length) io.stdout.write(out.join('\n') + '\n');
    return status;
  },
  *test(args, io, host, env) { return evalTest(args, host, env); },
  *'['(args, io, host, env) {
    if (args[args.length - 1] !== ']') { io.stderr.write('[: missing ]\n'); return 2; }
    return evalTest(args.slice(0, -1), host, env);
  },
  *hostname(args, io, host, env) {
    if (args.includes('-i') || args.includes('-I')) { io.stdout.write((env.POD_IP || host.podIP) + '\n'); return 0; }
    io.stdout.write(host.hostname + '\n');
    return 0;
  },
  *env(args, io, host, env) {
    if (args.filter((a) => !a.startsWith('-')).length > 0) {
      const idx = args.findIndex((a) => !a.includes('=') && !a.startsWith('-'));
      if (idx >= 0) {
        const extra = Object.fromEntries(args.slice(0, idx).filter((a) => a.includes('=')).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
        return yield* host.runProgram(args.slice(idx), io, { ...env, ...extra }, false);
      }
    }
    io.stdout.write(Object.entries(env).filter(([k]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)).map(([k, v]) => `${k}=${v}\n`).join(''));
    return 0;
  },
  *printenv(args, io, _host, env) {
    if (args.length === 0) { io.stdout.write(Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join('')); return 0; }
    let status = 0;
    for (const a of args) { if (env[a] === undefined) status = 1; else io.stdout.write(env[a] + '\n'); }
    return status;
  },
  *seq(args, io) {
    const nums = args.map(Number);
    if (nums.some((n) => !Number.isFinite(n)) || nums.length === 0) { io.stderr.write(`seq: invalid argument\n`); return 1; }
    const [first, step, last] = nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : nums;
    const out: string[] = [];
    for (let i = first; step > 0 ? i <= last : i >= last; i += step) {
      out.push(String(i));
      if (out.length > 100000) break;
    }
    if (out.length) io.stdout.write(out.join('\n') + '\n');
    return 0;
  },
  *grep(args, io, host, env) {
    const { flags, operands } = splitFlags(args);
    const [pattern, ...files] = operands;
    if (pattern === undefined) { io.stderr.write('grep: no pattern\n'); return 2; }
    const { text } = readInputs(files, io, host, env, 'grep');
    let re: RegExp;
    try {
      re = flags.has('F') ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags.has('i') ? 'i' : '') : new RegExp(pattern.replace(/\\([|()+?{}])/g, '$1'), flags.has('i') ? 'i' : '');
    } catch {
      return 2;
    }
    const matched = lines(text).filter((l) => re.test(l) !== flags.has('v'));
    if (flags.has('c')) io.stdout.write(`${matched.length}\n`);
    else if (!flags.has('q') && matched.length) io.stdout.write(matched.join('\n') + '\n');
    return matched.length ? 0 : 1;
  },
  *head(args, io, host, env) {
    const n = countArg(args, 10);
    const { text, status } = readInputs(args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-n'), io, host, env, 'head');
    const ls = lines(text).slice(0, n);
    if (ls.length) io.stdout.write(ls.join('\n') + '\n');
    return status;
  },
  *tail(args, io, host, env) {
    if (args.includes('-f') || args.includes('-F')) {
      // `tail -f FILE` follows forever: the classic way to keep a container running.
      yield { t: 'sleep', seconds: Infinity, interruptible: false };
      return 0;
    }
    const n = countArg(args, 10);
    const { text, status } = readInputs(args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-n'), io, host, env, 'tail');
    const ls = lines(text);
    const out = ls.slice(Math.max(0, ls.length - n));
    if (out.length) io.stdout.write(out.join('\n') + '\n');
    return status;
  },
  *wc(args, io, host, env) {
    const { flags, operands } = splitFlags(args);
    const { text, status } = readInputs(operands, io, host, env, 'wc');
    const l = (text.match(/\n/g) ?? []).length;
    const w = text.split(/\s+/).filter(Boolean).length;
    const c = text.length;
    const picked = flags.size ? [flags.has('l') ? l : undefined, flags.has('w') ? w : undefined, flags.has('c') ? c : undefined].filter((x) => x !== undefined) : [l, w, c];
    io.stdout.write(picked.join(' ') + '\n');
    return status;
  },
  *tee(args, io, host, env) {
    const { flags, operands } = splitFlags(args);
    for (const op of operands) host.fs.write(normalizePath(op, cwdOf(env)), io.stdin, flags.has('a'));
    io.stdout.write(io.stdin);
    return 0;
  },
  *sort(args, io, host, env) {
    const { flags, operands } = splitFlags(args);
    const { text, status } = readInputs(operands, io, host, env, 'sort');
    const ls = lines(text).sort((a, b) => (flags.has('n') ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
    if (flags.has('r')) ls.reverse();
    if (ls.length) io.stdout.write(ls.join('\n') + '\n');
    return status;
  },
  *basename(args, io) {
    const [p = '', suffix] = args;
    let b = p.replace(/\/+$/, '').replace(/^.*\//, '');
    if (suffix && b.endsWith(suffix) && b !== suffix) b = b.slice(0, -suffix.length);
    io.stdout.write(b + '\n');
    return 0;
  },
  *dirname(args, io) {
    const p = (args[0] ?? '').replace(/\/+$/, '');
    const i = p.lastIndexOf('/');
    io.stdout.write((i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i)) + '\n');
    return 0;
  },
  *uname(args, io) { io.stdout.write((args.includes('-a') ? 'Linux sim 6.6.0 #1 SMP x86_64 Linux' : args.includes('-m') ? 'x86_64' : args.includes('-r') ? '6.6.0' : 'Linux') + '\n'); return 0; },
  *whoami(_a, io) { io.stdout.write('root\n'); return 0; },
  *id(_a, io) { io.stdout.write('uid=0(root) gid=0(root) groups=0(root)\n'); return 0; },
  *nproc(_a, io) { io.stdout.write('2\n'); return 0; },
  *cp(args, io, host, env) {
    const { operands } = splitFlags(args);
    if (operands.length < 2) return 1;
    const dest = normalizePath(operands[operands.length - 1], cwdOf(env));
    for (const src of operands.slice(0, -1)) {
      const e = host.fs.get(normalizePath(src, cwdOf(env)));
      if (!e || e.type !== 'file') { io.stderr.write(`cp: can't stat '${src}': No such file or directory\n`); return 1; }
      const target = host.fs.isDir(dest) ? `${dest}/${src.replace(/^.*\//, '')}` : dest;
      host.fs.write(target, e.content, false);
    }
    return 0;
  },
  *mv(args, io, host, env) {
    const { operands } = splitFlags(args);
    if (operands.length !== 2) return 1;
    const src = normalizePath(operands[0], cwdOf(env));
    const e = host.fs.get(src);
    if (!e || e.type !== 'file') { io.stderr.write(`mv: can't rename '${operands[0]}': No such file or directory\n`); return 1; }
    const dest = normalizePath(operands[1], cwdOf(env));
    host.fs.write(host.fs.isDir(dest) ? `${dest}/${operands[0].replace(/^.*\//, '')}` : dest, e.content, false);
    host.fs.remove(src, false);
    return 0;
  },
  *chmod() { return 0; },
  *chown() { return 0; },
  *ln() { return 0; },
  *sync() { return 0; },
  *tr(args, io) {
    const { flags, operands } = splitFlags(args);
    const expand = (s: string) => s.replace(/([^-])-([^-])/g, (_m, a: string, b: string) => {
      let r = '';
      for (let c = a.charCodeAt(0); c <= b.charCodeAt(0); c++) r += String.fromCharCode(c);
      return r;
    }).replace(/\[:upper:\]/g, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ').replace(/\[:lower:\]/g, 'abcdefghijklmnopqrstuvwxyz');
    const from = expand(operands[0] ?? '');
    const to = expand(operands[1] ?? '');
    let out = '';
    for (const c of io.stdin) {
      const i = from.indexOf(c);
      if (flags.has('d')) { if (i < 0) out += c; }
      else out += i < 0 ? c : to[Math.min(i, to.length - 1)] ?? c;
    }
    io.stdout.write(out);
    return 0;
  },
  *sed(args, io, host, env) {
    // Only s/re/replacement/[g] scripts (with -e, -E/-r, -n ignored, -i in place).
    const scripts: string[] = [];
    const files: string[] = [];
    let inPlace = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-e') scripts.push(args[++i] ?? '');
      else if (a === '-i' || a.startsWith('-i')) inPlace = true;
      else if (/^-[Enr]+$/.test(a)) continue;
      else if (scripts.length === 0 && !a.startsWith('-')) scripts.push(a);
      else files.push(a);
    }
    const commands = scripts.flatMap((sc) => sc.split(/;\s*(?=s)/)).map((sc) => {
      const m = /^s(.)((?:\\.|(?!\1).)*)\1((?:\\.|(?!\1).)*)\1([gI0-9]*)$/.exec(sc.trim());
      return m ? { re: new RegExp(m[2].replace(/\\([(){}|+?])/g, '$1'), m[4].includes('g') ? 'g' : '') , to: m[3].replace(/\\([0-9])/g, '$$$1').replace(/&/g, '$$&') } : undefined;
    });
    if (commands.some((c) => c === undefined)) {
      host.assume(`\`sed ${scripts.join(' ')}\` uses sed commands the simulator does not interpret; it passed the text through unchanged.`);
    }
    const apply = (text: string) => text.split('\n').map((line) => commands.reduce((l, c) => (c ? l.replace(c.re, c.to) : l), line)).join('\n');
    if (inPlace) {
      for (const f of files) {
        const path = normalizePath(f, cwdOf(env));
        const e = host.fs.get(path);
        if (e?.type === 'file') host.fs.write(path, apply(e.content), false);
        else { io.stderr.write(`sed: ${f}: No such file or directory\n`); return 1; }
      }
      return 0;
    }
    const { text, status } = readInputs(files, io, host, env, 'sed');
    io.stdout.write(apply(text));
    return status;
  },
  *awk(args, io, host, env) {
    // Only `[/re/] { print $N[, $M] }` programs, with -F.
    let sep: RegExp = /[ \t]+/;
    const rest: string[] = [];
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '-F') sep = new RegExp(args[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      else if (args[i].startsWith('-F')) sep = new RegExp(args[i].slice(2).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      else rest.push(args[i]);
    }
    const [program = '', ...files] = rest;
    const m = /^\s*(?:\/((?:\\.|[^/])*)\/)?\s*\{\s*print\s*((?:\$[0-9]+|NF|\$NF)(?:\s*,\s*(?:\$[0-9]+|\$NF))*)?\s*;?\s*\}\s*$/.exec(program);
    const { text, status } = readInputs(files, io, host, env, 'awk');
    if (!m) {
      host.assume(`\`awk ${program}\` is beyond the simulator's small awk; it assumed no output.`);
      return status;
    }
    const filter = m[1] !== undefined ? new RegExp(m[1]) : undefined;
    const fieldsOut = (m[2] ?? '$0').split(',').map((f) => f.trim());
    const out: string[] = [];
    for (const line of lines(text)) {
      if (filter && !filter.test(line)) continue;
      const fields = line.trim().split(sep);
      out.push(fieldsOut.map((f) => (f === '$0' ? line : f === '$NF' ? fields[fields.length - 1] : f === 'NF' ? String(fields.length) : fields[Number(f.slice(1)) - 1] ?? '')).join(' '));
    }
    if (out.length) io.stdout.write(out.join('\n') + '\n');
    return status;
  },
  *timeout(args, io, host, env) {
    // timeout [-s SIG] [-t] DURATION CMD...: the command runs; its own duration is not cut short.
    const rest = args.filter((a, i) => !a.startsWith('-') && !(args[i - 1] === '-s' || args[i - 1] === '-t' && false));
    const cmd = rest.slice(1);
    if (cmd.length === 0) return 125;
    return yield* host.runProgram(cmd, io, env, false);
  },
  *cut(args, io) {
    const d = args.find((a) => a.startsWith('-d'))?.slice(2) || '\t';
    const f = Number(args.find((a) => a.startsWith('-f'))?.slice(2) || '1');
    const ls = lines(io.stdin).map((l) => l.split(d)[f - 1] ?? '');
    if (ls.length) io.stdout.write(ls.join('\n') + '\n');
    return 0;
  },
};

function countArg(args: string[], fallback: number): number {
  const i = args.indexOf('-n');
  if (i >= 0 && args[i + 1]) return Number(args[i + 1]) || fallback;
  const m = args.map((a) => /^-n?([0-9]+)$/.exec(a)).find(Boolean);
  return m ? Number(m[1]) : fallback;
}

/** Programs that reach other containers over the network; the simulator does not model that traffic. */
export const NETWORK_TOOLS = new Set(['wget', 'curl', 'nc', 'ncat', 'nslookup', 'dig', 'ping', 'telnet', 'host']);

export function findUtility(name: string): Utility | undefined {
  return Object.prototype.hasOwnProperty.call(UTILITIES, name) ? UTILITIES[name] : undefined;
}

export { globMatch };
