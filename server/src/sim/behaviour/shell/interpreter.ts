/**
 * The shell: executes parsed scripts in virtual time. Builtins that need the shell's own state
 * (cd, export, trap, exit, exec, wait, ...) live here; everything else goes to host.runProgram.
 */
import type { AndOr, Command, List, Pipeline, Redirect, Word } from './ast';
import { parseShell, ShellSyntaxError, ShellUnsupportedError } from './parse';
import { BudgetExhausted, ExitSignal, type Gen, type IO, type ShellHost, type Sink, StringSink } from './runtime';
import { normalizePath } from './vfs';
import { evalArithmetic } from './arith';
import { globMatch } from './glob';

/** Variables, with a version so env() is rebuilt only after a change. */
class VarMap extends Map<string, string> {
  version = 0;
  override set(k: string, v: string): this { this.version++; return super.set(k, v); }
  override delete(k: string): boolean { this.version++; return super.delete(k); }
}

class BreakSignal { constructor(readonly levels: number) {} }
class ContinueSignal { constructor(readonly levels: number) {} }
class ReturnSignal { constructor(readonly code: number) {} }

/** A file that receives output through a redirection. */
class FileSink implements Sink {
  constructor(private readonly shell: Shell, private readonly path: string) {}
  write(text: string): void { this.shell.host.fs.write(this.path, text, true); }
}

const SPECIAL_BUILTINS = new Set([
  'cd', 'export', 'unset', 'set', 'trap', 'exit', 'exec', 'wait', 'shift', 'read', 'eval', '.', 'source',
  'return', 'break', 'continue', 'local', 'readonly', 'pwd', 'kill', 'sh', 'bash', 'ash', 'dash', 'type', 'command', 'umask', 'ulimit',
]);

export class Shell {
  vars = new VarMap();
  private envCache?: { version: number; cwd: string; env: Record<string, string> };
  positional: string[];
  functions = new Map<string, Command>();
  traps = new Map<string, string>();
  cwd: string;
  status = 0;
  errexit = false;
  /** The script is one simple command: sh execs it, so it becomes PID 1 (receives signals). */
  tailExec = false;
  /** Background jobs that are only waits (`sleep N &`): when each ends. */
  private readonly backgroundEnds: number[] = [];
  private lastBackgroundEnd = 0;
  private depth = 0;

  constructor(
    readonly host: ShellHost,
    env: Record<string, string>,
    readonly arg0: string,
    positional: string[],
    cwd = '/',
    /** The shell is the container's PID 1 (it receives SIGTERM). */
    readonly pid1 = false,
  ) {
    for (const [k, v] of Object.entries(env)) this.vars.set(k, v);
    this.positional = positional;
    this.cwd = cwd;
  }

  private name(): string {
    return this.host.userland === 'gnu' && /bash$/.test(this.arg0) ? 'bash' : this.arg0.replace(/^.*\//, '') || 'sh';
  }

  /** Runs script text; a syntax error prints the shell's message and exits 2. */
  *runScript(src: string, io: IO): Gen<number> {
    let list: List;
    try {
      list = parseShell(src);
    } catch (e) {
      if (e instanceof ShellUnsupportedError) {
        const keeps = !io.captured && this.host.mode === 'main';
        this.host.assume(`A script in this container uses ${e.feature}, which the simulator does not interpret; ${keeps ? 'it assumes the process keeps running' : 'it assumed the script succeeded without output'}.`);
        if (keeps) yield { t: 'sleep', seconds: Infinity, interruptible: false };
        return 0;
      }
      if (e instanceof ShellSyntaxError) {
        io.stderr.write(`${this.name()}: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
    try {
      return yield* this.execList(list, io);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.code;
      if (e instanceof BreakSignal || e instanceof ContinueSignal) return this.status;
      throw e;
    }
  }

  env(): Record<string, string> {
    const c = this.envCache;
    if (c && c.version === this.vars.version && c.cwd === this.cwd && c.env === this.lastEnv) return c.env;
    const env = { ...Object.fromEntries(this.vars), PWD: this.cwd };
    this.envCache = { version: this.vars.version, cwd: this.cwd, env };
    this.lastEnv = env;
    return env;
  }
  private lastEnv?: Record<string, string>;

  *execList(list: List, io: IO): Gen<number> {
    let status = this.status;
    for (const item of list) {
      if (item.background) {
        status = yield* this.runBackground(item, io);
      } else {
        status = yield* this.execAndOr(item, io);
      }
      this.status = status;
      yield* this.handlePendingSignal(io);
    }
    return status;
  }

  /**
   * `cmd &`: waits (sleep N) are tracked for `wait`; other commands run to completion at once,
   * which is exact for instant commands and an assumption otherwise.
   */
  private *runBackground(item: AndOr, io: IO): Gen<number> {
    const only = item.rest.length === 0 && item.first.commands.length === 1 ? item.first.commands[0] : undefined;
    if (only?.type === 'simple' && only.words.length >= 1) {
      const argv = yield* this.expandWords(only.words);
      if (argv[0] === 'sleep' || argv[0] === '/bin/sleep') {
        const seconds = parseSleepSeconds(argv.slice(1));
        const end = seconds === undefined ? this.host.now() : this.host.now() + seconds;
        this.backgroundEnds.push(end);
        this.lastBackgroundEnd = end;
        this.vars.set('!', String(1000 + this.backgroundEnds.length));
        return 0;
      }
    }
    this.host.assume('A background command (`&`) was run to completion before the script continued; the simulator does not interleave background jobs.');
    const copy: AndOr = { ...item, background: false };
    yield* this.execAndOr(copy, io);
    return 0;
  }

  /** A TERM trap runs between commands, as sh does when a signal arrives during a foreground command. */
  private *handlePendingSignal(io: IO): Gen<void> {
    if (!this.pid1 || !this.host.signalPending) return;
    const action = this.traps.get('TERM');
    if (action === undefined) { this.host.signalPending = false; return; }
    this.host.signalPending = false;
    if (action === '' || action === '-') return;
    const saved = this.status;
    yield* this.runScript(action, io);
    this.status = saved;
  }

  *execAndOr(item: AndOr, io: IO): Gen<number> {
    let status = yield* this.execPipeline(item.first, io, item.rest.length > 0);
    for (const { op, pipeline } of item.rest) {
      if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
      status = yield* this.execPipeline(pipeline, io, pipeline !== item.rest[item.rest.length - 1].pipeline);
    }
    this.status = status;
    const lastIsTested = item.rest.length > 0 && item.rest[item.rest.length - 1].op === '||' && status === 0;
    if (this.errexit && status !== 0 && !item.first.negate && !lastIsTested) throw new ExitSignal(status);
    return status;
  }

  private *execPipeline(p: Pipeline, io: IO, _tested: boolean): Gen<number> {
    let status: number;
    if (p.commands.length === 1) {
      status = yield* this.execCommand(p.commands[0], io);
    } else {
      let input = io.stdin;
      status = 0;
      for (let i = 0; i < p.commands.length; i++) {
        const last = i === p.commands.length - 1;
        const sink = last ? io.stdout : new StringSink();
        // Each stage runs in a subshell-like copy of variables, as in sh.
        status = yield* this.execCommand(p.commands[i], { stdout: sink, stderr: io.stderr, stdin: input, captured: io.captured || !last });
        if (!last) input = (sink as StringSink).text;
      }
    }
    return p.negate ? (status === 0 ? 1 : 0) : status;
  }

  *execCommand(cmd: Command, io: IO): Gen<number> {
    this.host.step();
    const redirected = yield* this.applyRedirects(cmd.redirects, io);
    if (typeof redirected === 'number') return redirected;
    io = redirected;
    switch (cmd.type) {
      case 'simple': return yield* this.execSimple(cmd, io);
      case 'if': {
        for (const branch of cmd.branches) {
          const c = yield* this.execTested(branch.cond, io);
          if (c === 0) return yield* this.execList(branch.body, io);
        }
        return cmd.otherwise ? yield* this.execList(cmd.otherwise, io) : 0;
      }
      case 'loop': return yield* this.execLoop(cmd, io);
      case 'for': {
        const items = cmd.items ? yield* this.expandWords(cmd.items) : [...this.positional];
        let status = 0;
        for (const item of items) {
          this.host.step();
          this.vars.set(cmd.name, item);
          try {
            status = yield* this.execList(cmd.body, io);
          } catch (e) {
            if (e instanceof BreakSignal) { if (e.levels > 1) throw new BreakSignal(e.levels - 1); break; }
            if (e instanceof ContinueSignal) { if (e.levels > 1) throw new ContinueSignal(e.levels - 1); continue; }
            throw e;
          }
        }
        return status;
      }
      case 'case': {
        const value = (yield* this.expandWord(cmd.word, false)).join(' ');
        for (const item of cmd.items) {
          for (const pat of item.patterns) {
            const pattern = (yield* this.expandWord(pat, false)).join(' ');
            if (globMatch(pattern, value)) return yield* this.execList(item.body, io);
          }
        }
        return 0;
      }
      case 'group': {
        if (!cmd.subshell) return yield* this.execList(cmd.body, io);
        const saved = { vars: new VarMap(this.vars), cwd: this.cwd, traps: new Map(this.traps) };
        try {
          return yield* this.execList(cmd.body, io);
        } catch (e) {
          if (e instanceof ExitSignal && e.reason === undefined) return e.code;
          throw e;
        } finally {
          this.vars = saved.vars;
          this.cwd = saved.cwd;
          this.traps = saved.traps;
        }
      }
      case 'function':
        this.functions.set(cmd.name, cmd.body);
        return 0;
    }
  }

  /** A condition: errexit does not apply inside it. */
  private *execTested(list: List, io: IO): Gen<number> {
    const saved = this.errexit;
    this.errexit = false;
    try {
      return yield* this.execList(list, io);
    } finally {
      this.errexit = saved;
    }
  }

  private *execLoop(cmd: Command & { type: 'loop' }, io: IO): Gen<number> {
    let status = 0;
    // A turn that starts in the same state as the previous one, later in time, repeats forever:
    // the driver may then skip whole turns. A cheap summary is compared first; the full state
    // text only when the summaries agree (so growing files cost nothing extra).
    let previous: { quick: string; full?: string; at: number; lines: number; clockReads: number } | undefined;
    for (;;) {
      this.host.step();
      const clockReads = this.host.clockReads();
      const at = this.host.now();
      const lines = this.host.linesWritten();
      if (previous && previous.clockReads === clockReads && at > previous.at) {
        const quick = this.quickFingerprint();
        if (quick === previous.quick) {
          const full = this.fingerprint();
          if (previous.full === full) {
            const skipped = yield { t: 'periodic', period: at - previous.at, lines: lines - previous.lines };
            const moved = typeof skipped === 'number' && skipped > 0;
            previous = { quick, full, at: moved ? this.host.now() : at, lines: moved ? this.host.linesWritten() : lines, clockReads };
          } else previous = { quick, full, at, lines, clockReads };
        } else previous = { quick, at, lines, clockReads };
      } else previous = { quick: clockReads === previous?.clockReads || !previous ? this.quickFingerprint() : '', at, lines, clockReads };
      const c = yield* this.execTested(cmd.cond, io);
      if (cmd.until ? c === 0 : c !== 0) break;
      try {
        status = yield* this.execList(cmd.body, io);
      } catch (e) {
        if (e instanceof BreakSignal) { if (e.levels > 1) throw new BreakSignal(e.levels - 1); break; }
        if (e instanceof ContinueSignal) { if (e.levels > 1) throw new ContinueSignal(e.levels - 1); continue; }
        throw e;
      }
    }
    return status;
  }

  private quickFingerprint(): string {
    let size = 0;
    for (const [k, v] of this.vars) if (k !== '?' && k !== '!') size += k.length + v.length + 1;
    return `${this.vars.size}:${size}:${this.positional.length}:${this.cwd}:${this.traps.size}:${this.host.stateSummary()}`;
  }

  private fingerprint(): string {
    const vars = [...this.vars.entries()].filter(([k]) => k !== '?' && k !== '!').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return JSON.stringify([vars, this.positional, this.cwd, [...this.traps], this.host.stateFingerprint(), this.backgroundEnds.filter((e) => e > this.host.now()).length]);
  }

  private *applyRedirects(redirects: Redirect[], io: IO): Gen<IO | number> {
    if (redirects.length === 0) return io;
    const out: IO = { ...io };
    for (const r of redirects) {
      const target = (yield* this.expandWord(r.target, false)).join(' ');
      if (r.op === '>&' || r.op === '<&') {
        if (target === '1' && r.fd === 2) out.stderr = out.stdout;
        else if (target === '2' && r.fd === 1) out.stdout = out.stderr;
        continue;
      }
      const path = normalizePath(target, this.cwd);
      if (r.op === '<') {
        const e = this.host.fs.get(path);
        if (!e || e.type !== 'file') {
          io.stderr.write(`${this.name()}: can't open ${target}: no such file\n`);
          return 1;
        }
        out.stdin = e.content;
        continue;
      }
      const err = this.host.fs.write(path, '', r.op === '>>');
      if (err) {
        io.stderr.write(`${this.name()}: can't create ${target}: ${err.replace(/^.*: /, '')}\n`);
        return 1;
      }
      const sink = new FileSink(this, path);
      if (r.fd === 2) out.stderr = sink;
      else out.stdout = sink;
      out.captured = true;
    }
    return out;
  }

  private *execSimple(cmd: Command & { type: 'simple' }, io: IO): Gen<number> {
    this.lastSubstitutionStatus = undefined;
    const argv = yield* this.expandWords(cmd.words);
    const assigned: [string, string][] = [];
    for (const a of cmd.assigns) assigned.push([a.name, (yield* this.expandWord(a.value, false)).join(' ')]);
    if (argv.length === 0) {
      for (const [k, v] of assigned) this.vars.set(k, v);
      return this.lastSubstitutionStatus ?? 0;
    }
    const [name, ...args] = argv;
    const fn = this.functions.get(name);
    if (fn) {
      const savedPositional = this.positional;
      this.positional = args;
      this.depth++;
      if (this.depth > 100) throw new ExitSignal(2);
      try {
        return yield* this.execCommand(fn, io);
      } catch (e) {
        if (e instanceof ReturnSignal) return e.code;
        throw e;
      } finally {
        this.depth--;
        this.positional = savedPositional;
      }
    }
    const env = { ...this.env(), ...Object.fromEntries(assigned) };
    if (SPECIAL_BUILTINS.has(name)) {
      for (const [k, v] of assigned) this.vars.set(k, v);
      return yield* this.builtin(name, args, io);
    }
    return yield* this.host.runProgram(argv, io, env, this.pid1 && this.tailExec);
  }

  private lastSubstitutionStatus: number | undefined;

  private *builtin(name: string, args: string[], io: IO): Gen<number> {
    switch (name) {
      case 'cd': {
        const dir = normalizePath(args[0] ?? this.vars.get('HOME') ?? '/', this.cwd);
        if (!this.host.fs.isDir(dir)) { io.stderr.write(`${this.name()}: cd: can't cd to ${args[0]}: No such file or directory\n`); return 2; }
        this.cwd = dir;
        this.vars.set('PWD', dir);
        return 0;
      }
      case 'pwd': io.stdout.write(this.cwd + '\n'); return 0;
      case 'export': case 'readonly': case 'local':
        for (const a of args) {
          if (a.startsWith('-')) continue;
          const eq = a.indexOf('=');
          if (eq > 0) this.vars.set(a.slice(0, eq), a.slice(eq + 1));
        }
        return 0;
      case 'unset':
        for (const a of args) if (!a.startsWith('-')) { this.vars.delete(a); this.functions.delete(a); }
        return 0;
      case 'set': {
        for (const a of args) {
          if (/^[-+][a-z]+$/.test(a)) {
            if (a.includes('e')) this.errexit = a.startsWith('-');
          } else if (a === '--') {
            this.positional = args.slice(args.indexOf('--') + 1);
            break;
          }
        }
        return 0;
      }
      case 'shift': {
        const n = args[0] ? Number(args[0]) : 1;
        if (n > this.positional.length) return 1;
        this.positional = this.positional.slice(n);
        return 0;
      }
      case 'trap': {
        if (args.length === 0) return 0;
        if (args.length === 1) { this.traps.delete(normalizeSignal(args[0])); return 0; }
        const [action, ...signals] = args;
        for (const s of signals) {
          const sig = normalizeSignal(s);
          if (action === '-') this.traps.delete(sig);
          else this.traps.set(sig, action);
        }
        return 0;
      }
      case 'exit': {
        const code = args[0] !== undefined ? Number(args[0]) & 255 : this.status;
        yield* this.runExitTrap(io);
        throw new ExitSignal(Number.isFinite(code) ? code : 2);
      }
      case 'return': throw new ReturnSignal(args[0] !== undefined ? Number(args[0]) & 255 : this.status);
      case 'break': throw new BreakSignal(args[0] ? Math.max(1, Number(args[0])) : 1);
      case 'continue': throw new ContinueSignal(args[0] ? Math.max(1, Number(args[0])) : 1);
      case 'exec': {
        if (args.length === 0) return 0;
        const code = yield* this.host.runProgram(args, io, this.env(), this.pid1);
        throw new ExitSignal(code);
      }
      case 'wait': {
        const now = this.host.now();
        const end = Math.max(now, ...this.backgroundEnds);
        this.backgroundEnds.length = 0;
        if (end > now) {
          // With a TERM trap, a signal interrupts wait at once (unlike a foreground command).
          const interruptible = this.pid1 && this.traps.has('TERM');
          const reply = yield { t: 'sleep', seconds: end - now, interruptible };
          if (reply === 'interrupted') return 143;
        }
        return 0;
      }
      case 'kill': {
        const target = args.filter((a) => !a.startsWith('-'));
        if (target.some((t) => t === '1' || t === '$$' || t === '0')) {
          const sig = normalizeSignal((args.find((a) => a.startsWith('-')) ?? '-TERM').slice(1));
          if (sig === 'KILL') throw new ExitSignal(137);
          if (this.traps.has(sig)) { yield* this.runScript(this.traps.get(sig)!, io); return 0; }
          return 0;
        }
        if (target.length > 0 && this.lastBackgroundEnd > this.host.now()) {
          this.backgroundEnds.length = 0;
          return 0;
        }
        return 0;
      }
      case 'read': {
        const line = io.stdin.split('\n')[0];
        if (io.stdin === '') return 1;
        const names = args.filter((a) => !a.startsWith('-'));
        const fields = line.trim().split(/\s+/);
        names.forEach((n, i) => this.vars.set(n, i === names.length - 1 ? fields.slice(i).join(' ') : fields[i] ?? ''));
        return 0;
      }
      case 'eval': return yield* this.runScript(args.join(' '), io);
      case '.': case 'source': {
        const path = normalizePath(args[0] ?? '', this.cwd);
        const e = this.host.fs.get(path);
        if (!e || e.type !== 'file') { io.stderr.write(`${this.name()}: .: ${args[0]}: not found\n`); return 1; }
        return yield* this.runScript(e.content, io);
      }
      case 'type': case 'command': {
        const names = args.filter((a) => !a.startsWith('-'));
        if (name === 'command' && !args[0]?.startsWith('-') && names.length > 0) {
          return yield* this.host.runProgram(names, io, this.env(), false);
        }
        for (const n of names) io.stdout.write(`${n} is /bin/${n}\n`);
        return 0;
      }
      case 'umask': case 'ulimit': return 0;
      case 'sh': case 'bash': case 'ash': case 'dash':
        return yield* this.host.runProgram([name, ...args], io, this.env(), false);
    }
    return 0;
  }

  *runExitTrap(io: IO): Gen<void> {
    const action = this.traps.get('EXIT');
    if (action) {
      this.traps.delete('EXIT');
      yield* this.runScript(action, io);
    }
  }

  // ---- expansion ----

  *expandWords(words: Word[]): Gen<string[]> {
    const out: string[] = [];
    for (const w of words) out.push(...(yield* this.expandWord(w, true)));
    return out;
  }

  /** Expands a word; with `split`, unquoted expansions split on whitespace and unquoted globs match files. */
  *expandWord(word: Word, split: boolean): Gen<string[]> {
    const fields: string[] = [];
    let cur = '';
    let started = false;
    let globbable = false;
    const pushText = (text: string, quoted: boolean) => {
      if (!split || quoted) { cur += text; started = true; return; }
      const pieces = text.split(/[ \t\n]+/);
      pieces.forEach((piece, i) => {
        if (i > 0) { if (started) fields.push(cur); cur = ''; started = false; }
        if (piece) { cur += piece; started = true; }
      });
    };
    for (const part of word) {
      switch (part.kind) {
        case 'literal':
          cur += part.text;
          started = true;
          if (!part.quoted && /[*?]|\[[^\]]+\]/.test(part.text)) globbable = true;
          break;
        case 'param': {
          if ((part.name === '@' || part.name === '*') && part.quoted && !part.op) {
            if (part.name === '@') {
              this.positional.forEach((p, i) => { if (i > 0) { fields.push(cur); cur = ''; } cur += p; started = true; });
            } else { cur += this.positional.join(' '); started = true; }
            break;
          }
          pushText(yield* this.expandParam(part), part.quoted);
          break;
        }
        case 'command': {
          const text = yield* this.commandSubstitution(part.source);
          pushText(text, part.quoted);
          break;
        }
        case 'arith': {
          const src = (yield* this.expandWord(lexArith(part.source), false)).join(' ');
          let value: number;
          try { value = evalArithmetic(src, this.vars); } catch { value = 0; }
          pushText(String(value), part.quoted);
          break;
        }
      }
    }
    if (started || (!split)) fields.push(cur);
    if (!split) return [fields.join(' ')];
    if (globbable) return fields.flatMap((f) => this.glob(f));
    return fields;
  }

  private glob(pattern: string): string[] {
    if (!/[*?]|\[[^\]]+\]/.test(pattern)) return [pattern];
    const abs = normalizePath(pattern, this.cwd);
    const slash = abs.lastIndexOf('/');
    const dir = slash <= 0 ? '/' : abs.slice(0, slash);
    const base = abs.slice(slash + 1);
    if (/[*?[]/.test(dir)) return [pattern];
    const matches = this.host.fs.list(dir).filter((n) => !n.startsWith('.') && globMatch(base, n));
    if (matches.length === 0) return [pattern];
    const prefix = pattern.slice(0, pattern.length - base.length);
    return matches.map((m) => prefix + m);
  }

  private getParam(name: string): string | undefined {
    switch (name) {
      case '?': return String(this.status);
      case '#': return String(this.positional.length);
      case '@': case '*': return this.positional.join(' ');
      case '$': return '1';
      case '0': return this.arg0;
      case '-': return this.errexit ? 'e' : '';
      case 'RANDOM': this.host.markClockRead(); return String((this.host.now() * 7919) % 32768);
      case 'SECONDS': this.host.markClockRead(); return String(Math.floor(this.host.now()));
      case 'PWD': return this.cwd;
    }
    if (/^[0-9]+$/.test(name)) return this.positional[Number(name) - 1];
    return this.vars.get(name);
  }

  private *expandParam(part: Word[number] & { kind: 'param' }): Gen<string> {
    const value = this.getParam(part.name);
    const arg = () => this.expandWord(part.arg ?? [], false);
    switch (part.op) {
      case undefined: return value ?? '';
      case '#len': return String((value ?? '').length);
      case ':-': return value ? value : (yield* arg()).join(' ');
      case '-': return value !== undefined ? value : (yield* arg()).join(' ');
      case ':=': case '=': {
        if (part.op === ':=' ? value : value !== undefined) return value!;
        const v = (yield* arg()).join(' ');
        this.vars.set(part.name, v);
        return v;
      }
      case ':+': return value ? (yield* arg()).join(' ') : '';
      case '+': return value !== undefined ? (yield* arg()).join(' ') : '';
      case '#': case '%': case '##': case '%%': {
        const pat = (yield* arg()).join(' ');
        const v = value ?? '';
        // # and % remove the shortest match, ## and %% the longest.
        if (part.op === '#') {
          for (let i = 0; i <= v.length; i++) if (globMatch(pat, v.slice(0, i))) return v.slice(i);
        } else if (part.op === '##') {
          for (let i = v.length; i >= 0; i--) if (globMatch(pat, v.slice(0, i))) return v.slice(i);
        } else if (part.op === '%') {
          for (let i = v.length; i >= 0; i--) if (globMatch(pat, v.slice(i))) return v.slice(0, i);
        } else {
          for (let i = 0; i <= v.length; i++) if (globMatch(pat, v.slice(i))) return v.slice(0, i);
        }
        return v;
      }
    }
    return value ?? '';
  }

  private *commandSubstitution(source: string): Gen<string> {
    const fileRead = /^\s*<\s*(\S+)\s*$/.exec(source);
    if (fileRead) {
      // $(<file): the file's content.
      const e = this.host.fs.get(normalizePath(fileRead[1], this.cwd));
      this.lastSubstitutionStatus = e?.type === 'file' ? 0 : 1;
      return e?.type === 'file' ? e.content.replace(/\n+$/, '') : '';
    }
    const sink = new StringSink();
    const child = new Shell(this.host, this.env(), this.arg0, this.positional, this.cwd);
    child.functions = new Map(this.functions);
    let status: number;
    try {
      status = yield* child.runScript(source, { stdout: sink, stderr: { write: () => {} }, stdin: '', captured: true });
    } catch (e) {
      if (e instanceof ExitSignal && e.reason === undefined) status = e.code;
      else if (e instanceof BudgetExhausted) throw e;
      else throw e;
    }
    this.lastSubstitutionStatus = status;
    this.status = status;
    return sink.text.replace(/\n+$/, '');
  }
}

/** $((...)) may contain $var; bare names are read by the evaluator itself. */
function lexArith(source: string): Word {
  const parts: Word = [];
  const re = /\$\{?([A-Za-z_][A-Za-z0-9_]*|[0-9#?])\}?/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source))) {
    if (m.index > last) parts.push({ kind: 'literal', text: source.slice(last, m.index), quoted: true });
    parts.push({ kind: 'param', name: m[1], quoted: true });
    last = m.index + m[0].length;
  }
  if (last < source.length) parts.push({ kind: 'literal', text: source.slice(last), quoted: true });
  return parts;
}

export function normalizeSignal(s: string): string {
  const up = s.toUpperCase().replace(/^SIG/, '');
  const byNumber: Record<string, string> = { '0': 'EXIT', '1': 'HUP', '2': 'INT', '3': 'QUIT', '9': 'KILL', '15': 'TERM' };
  return byNumber[up] ?? up;
}

/** `sleep` arguments: N, Ns/m/h/d, fractions, several summed, `infinity`. Undefined when invalid. */
export function parseSleepSeconds(args: string[]): number | undefined {
  if (args.length === 0) return undefined;
  let total = 0;
  for (const a of args) {
    if (/^inf(inity)?$/i.test(a)) return Infinity;
    const m = /^([0-9]*\.?[0-9]+)([smhd]?)$/.exec(a);
    if (!m) return undefined;
    total += Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]];
  }
  return total;
}
