/**
 * One container process in virtual time: resolves argv to image programs, utilities or the shell,
 * and drives the resulting generator forward to a requested time. Bounded: a step budget, a log
 * cap, and repeating loops skipped whole turns at a time.
 */
import type { ContainerStartSpec } from './types';
import type { DaemonSpec, HttpRoute, ImageProfile, PortProtocol, ProgramSpec } from './profile';
import { Shell } from './shell/interpreter';
import { parseShell } from './shell/parse';
import { BudgetExhausted, ExitSignal, type EffectReply, type Gen, type IO, type ShellHost, type Sink } from './shell/runtime';
import { findUtility, NETWORK_TOOLS } from './shell/utilities';
import { localCurl, localWget } from './localHttp';
import { Vfs } from './shell/vfs';
import { piDigits } from './piDigits';

/** Placeholder pod IP for probe messages and `hostname -i` when the kubelet gives none. */
export const DEFAULT_POD_IP = '10.244.0.5';

export const LOG_CAP = 1000;
/** argv used for an image whose default command the catalog does not know. */
export const UNKNOWN_DEFAULT_COMMAND = '<image default command>';
export const STEP_BUDGET = 50_000;
const MIB = 1024 * 1024;
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

export interface ServiceWindow {
  port: number;
  protocol: PortProtocol;
  /** Accepting connections from this time... */
  readyAt: number;
  /** ...until this time (exclusive), if it stopped. */
  until?: number;
  routes: HttpRoute[];
  httpDefaultStatus: number;
  grpcHealth: boolean;
  /** Time the routes' afterSeconds/untilSeconds count from (the container start). */
  routeBase: number;
  /** The program is an assumption (unknown image or binary). */
  assumed: boolean;
  /** A static file server's document root (bodies of its 200 answers). */
  docRoot?: string;
}

export interface ProcessExit {
  at: number;
  code: number;
  reason: 'Completed' | 'Error' | 'OOMKilled';
  startError?: string;
}

export interface ProcessOptions {
  profile: ImageProfile;
  /** The image is not in the catalog (its profile is the generic one). */
  known: boolean;
  spec: ContainerStartSpec;
  argv: string[];
  startedAt: number;
  epoch: number;
  /** A SIGTERM delivered at this time. */
  signalAt?: number;
  /** Turns of a repeating loop kept before the target time (so the logs before it are real). */
  keepLogTurns: boolean;
  /** 'probe': an exec probe inside the container, sharing its files (a copy) and servers. */
  mode?: 'main' | 'probe';
  /**
   * A `kubectl exec` (in 'probe' mode): a program missing at the start fails the exec itself with
   * the runtime's error, and in an image of the catalog a program it does not describe is missing.
   */
  exec?: boolean;
  /** What the process reads on stdin (`kubectl exec -i` with its input); undefined: no stdin. */
  stdin?: string;
  fs?: Vfs;
  services?: ServiceWindow[];
  /** The image's default command is unknown (not in the catalog): its assumption is stated once, elsewhere. */
  defaultCommandUnknown?: boolean;
  assume: (sentence: string) => void;
}

class LogSink implements Sink {
  constructor(private readonly proc: ContainerProcess) {}
  write(text: string): void { this.proc.appendLog(text); }
}

export class ContainerProcess implements ShellHost {
  readonly epoch: number;
  readonly fs: Vfs;
  readonly userland: 'busybox' | 'gnu' | 'none';
  readonly hostname: string;
  readonly podIP: string;
  readonly mode: 'main' | 'probe';
  readonly services: ServiceWindow[];
  /** When the first server finished starting. */
  readyMark?: number;
  droppedLines = 0;
  signalPending = false;
  clock: number;
  exit?: ProcessExit;
  /** A server was started: the process is ready only when it listens. */
  expectsService = false;
  /** When the budget ran out, the time interpretation stopped. */
  stalledAt?: number;

  private readonly logBuffer: { at: number; line: string }[] = [];
  private partial = '';
  private totalLines = 0;
  private steps = 0;
  private clockReadCount = 0;
  private readonly gen: Gen<number>;
  private started = false;
  private wakeAt = 0;
  private wakeInterruptible = false;
  private signalDelivered = false;
  private target = 0;

  constructor(readonly options: ProcessOptions) {
    const { profile, spec, startedAt } = options;
    this.epoch = options.epoch;
    this.clock = startedAt;
    this.userland = profile.userland;
    this.hostname = spec.podName ?? spec.env.HOSTNAME ?? spec.name;
    this.podIP = spec.podIP ?? DEFAULT_POD_IP;
    this.mode = options.mode ?? 'main';
    this.services = options.services ?? [];
    if (options.fs) this.fs = options.fs;
    else {
      this.fs = new Vfs(profile.files ?? {}, spec.workingDir ? [spec.workingDir] : profile.workingDir ? [profile.workingDir] : []);
      this.fs.write('/etc/hostname', this.hostname + '\n', false);
      for (const mount of spec.volumeMounts ?? []) {
        this.fs.mkdirP(mount.mountPath);
        for (const [name, content] of Object.entries(mount.files ?? {})) {
          const path = `${mount.mountPath.replace(/\/+$/, '')}/${name}`;
          this.fs.mkdirP(path.slice(0, path.lastIndexOf('/')) || '/');
          this.fs.write(path, content, false);
        }
      }
    }
    if (!options.known) {
      // The files an unknown image ships are unknown: a miss outside scratch paths is an assumption.
      const mounts = (spec.volumeMounts ?? []).map((m) => m.mountPath.replace(/\/+$/, '') + '/');
      this.fs.onMiss = (path) => {
        if (/^\/(tmp|run|var\/run|dev|proc|sys)(\/|$)/.test(path) || mounts.some((m) => path.startsWith(m))) return;
        this.assume(`The simulator does not know which files image ${spec.image} contains; paths the container did not create (such as ${path}) are treated as missing.`);
        this.fs.onMiss = undefined;
      };
    }
    const log = new LogSink(this);
    const io: IO = { stdout: log, stderr: log, stdin: options.stdin ?? '', captured: false };
    this.gen = this.runProgram(options.argv, io, this.baseEnv(), true);
  }

  private baseEnv(): Record<string, string> {
    const { profile, spec } = this.options;
    return {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: '/root',
      ...(profile.env ?? {}),
      HOSTNAME: this.hostname,
      ...spec.env,
      PWD: spec.workingDir ?? profile.workingDir ?? '/',
    };
  }

  // ---- ShellHost ----
  now(): number { return this.clock; }
  step(): void { if (++this.steps > STEP_BUDGET) throw new BudgetExhausted(); }
  assume(sentence: string): void { this.options.assume(sentence); }
  linesWritten(): number { return this.totalLines; }
  markClockRead(): void { this.clockReadCount++; }
  clockReads(): number { return this.clockReadCount; }
  stateSummary(): string {
    return `${this.fs.summary()}|${this.services.filter((s) => s.until === undefined).length}`;
  }
  stateFingerprint(): string {
    return this.fs.fingerprint() + '|' + this.services.filter((s) => s.until === undefined).length;
  }

  appendLog(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop()!;
    for (const line of parts) {
      this.logBuffer.push({ at: this.clock, line });
      this.totalLines++;
    }
    if (this.logBuffer.length > LOG_CAP * 2) {
      this.droppedLines += this.logBuffer.length - LOG_CAP;
      this.logBuffer.splice(0, this.logBuffer.length - LOG_CAP);
    }
    if (this.partial.length > 65536) { this.logBuffer.push({ at: this.clock, line: this.partial }); this.partial = ''; this.totalLines++; }
  }

  /** Log lines written up to `at` (the last LOG_CAP of them). */
  logEntries(at: number): { at: number; line: string }[] {
    const upTo = this.logBuffer.filter((e) => e.at <= at);
    const out = upTo.slice(Math.max(0, upTo.length - LOG_CAP));
    if (this.partial && (this.exit ? this.exit.at <= at : this.clock <= at)) out.push({ at: Math.min(at, this.clock), line: this.partial });
    return out;
  }

  // ---- driving ----

  /** The furthest time advanceTo() was asked for. */
  get reached(): number { return this.target; }

  /** Runs the process until virtual time `target` (or its exit). */
  advanceTo(target: number): void {
    this.target = Math.max(this.target, target);
    if (!this.started) {
      this.started = true;
      this.resume(undefined);
    }
    for (;;) {
      if (this.exit || this.stalledAt !== undefined) return;
      const signalAt = this.options.signalAt !== undefined && !this.signalDelivered ? this.options.signalAt : Infinity;
      if (signalAt <= this.wakeAt && signalAt <= target) {
        this.clock = Math.max(this.clock, signalAt);
        this.signalDelivered = true;
        // The shell runs its trap once the interrupted wait (or the current command) returns.
        this.signalPending = true;
        if (this.wakeInterruptible) this.resume('interrupted');
        continue;
      }
      if (this.wakeAt <= target) {
        this.clock = this.wakeAt;
        this.resume('done');
        continue;
      }
      return;
    }
  }

  private resume(reply: EffectReply): void {
    let input: EffectReply = reply;
    try {
      for (;;) {
        const r = this.gen.next(input);
        if (r.done) {
          this.finish(r.value);
          return;
        }
        const effect = r.value;
        if (effect.t === 'periodic') {
          input = this.turnsToSkip(effect.period, effect.lines);
          this.clock += (input as number) * effect.period;
          continue;
        }
        if (effect.seconds <= 0) { input = 'done'; continue; }
        this.wakeAt = this.clock + effect.seconds;
        this.wakeInterruptible = effect.interruptible;
        return;
      }
    } catch (e) {
      if (e instanceof ExitSignal) { this.finish(e.code, e.reason, e.startError); return; }
      if (e instanceof BudgetExhausted) {
        this.stalledAt = this.clock;
        this.assume(`The container's command ran more than ${STEP_BUDGET} interpreted steps; the simulator stopped interpreting it at ${formatSeconds(this.clock - this.options.startedAt)} after its start and assumes it keeps running as it was.`);
        return;
      }
      throw e;
    }
  }

  private turnsToSkip(period: number, lines: number): number {
    const signalAt = this.options.signalAt !== undefined && !this.signalDelivered ? this.options.signalAt : Infinity;
    const limit = Math.min(this.target, signalAt);
    if (!Number.isFinite(limit)) return 0;
    const keep = this.options.keepLogTurns ? Math.ceil(LOG_CAP / Math.max(1, lines)) + 1 : 1;
    return Math.max(0, Math.floor((limit - this.clock) / period) - keep);
  }

  private finish(code: number, reason?: 'OOMKilled', startError?: string): void {
    // An exec or exec probe shares the container's servers: its own end does not stop them.
    if (this.mode === 'main') for (const s of this.services) if (s.until === undefined) s.until = this.clock;
    if (this.partial) { this.logBuffer.push({ at: this.clock, line: this.partial }); this.partial = ''; }
    this.exit = { at: this.clock, code, reason: reason ?? (code === 0 ? 'Completed' : 'Error'), startError };
  }

  // ---- programs ----

  *runProgram(argv: string[], io: IO, env: Record<string, string>, pid1: boolean): Gen<number> {
    if (argv.length === 0) return 0;
    const [path, ...args] = argv;
    const base = path.replace(/^.*\//, '');
    const { profile } = this.options;
    const spec = profile.programs[path] ?? profile.programs[base];
    if (spec) return yield* this.runSpec(spec, base, args, io, env, pid1);
    const noUserland = profile.userland === 'none';
    // The program `kubectl exec` names itself: missing, it fails the exec (not the shell in it).
    const top = argv === this.options.argv;
    const fallback = profile.programs['*'];
    if (fallback && !SHELLS.has(base) && !findUtility(base) && !NETWORK_TOOLS.has(base)) return yield* this.runSpec(fallback, base, args, io, env, pid1);
    if (SHELLS.has(base) || findUtility(base)) {
      if (noUserland) return this.missingBinary(path, io, pid1, top);
      // busybox and alpine images have no bash or zsh (an exec of one is what learners try first).
      if (this.options.exec && this.options.known && profile.userland === 'busybox' && (base === 'bash' || base === 'zsh')) return this.missingBinary(path, io, pid1, top);
      if (SHELLS.has(base)) return yield* this.runShell(path, args, io, env, pid1);
      return yield* findUtility(base)!(args, io, this, env);
    }
    if (NETWORK_TOOLS.has(base)) {
      if (noUserland) return this.missingBinary(path, io, pid1, top);
      return this.networkTool(base, args, io, env);
    }
    return yield* this.unknownProgram(argv, io, pid1, top);
  }

  /**
   * wget/curl/nc/...: traffic between containers is not simulated. They are assumed to succeed;
   * the status lines scripts parse (curl -w '%{http_code}', wget -S) say 200. curl and wget to a
   * server of this pod (localhost) get what it serves, as port-forward does.
   */
  private networkTool(base: string, args: string[], io: IO, env: Record<string, string>): number {
    const local = base === 'curl' ? localCurl(args, this, env.PWD || '/') : base === 'wget' ? localWget(args, this, env.PWD || '/') : undefined;
    if (local) {
      io.stdout.write(local.stdout);
      io.stderr.write(local.stderr);
      return local.code;
    }
    this.assume(`\`${base}\` contacts the network; the simulator does not model traffic between containers and assumes it succeeded (HTTP 200) without a body.`);
    if (base === 'curl') {
      const w = valueOf(args, '-w') ?? valueOf(args, '--write-out');
      if (w) io.stdout.write(w.replace(/%\{http_code\}|%\{response_code\}/g, '200').replace(/\\n/g, '\n'));
    }
    if (base === 'wget' && args.some((a) => a === '-S' || a === '--server-response' || /^-[a-zA-Z]*S/.test(a))) io.stderr.write('  HTTP/1.1 200 OK\n');
    return 0;
  }

  private missingBinary(path: string, io: IO, pid1: boolean, top = false): number {
    // runc looks a bare name up in $PATH and stats a path.
    const message = path.includes('/') ? `exec: "${path}": stat ${path}: no such file or directory` : `exec: "${path}": executable file not found in $PATH`;
    if (this.options.exec && top) throw new ExitSignal(127, undefined, message);
    if (this.options.exec) {
      io.stderr.write(`${path}: not found\n`);
      return 127;
    }
    if (this.mode === 'probe' && this.clock === this.options.startedAt) {
      io.stderr.write(`OCI runtime exec failed: exec failed: unable to start container process: ${message}: unknown\n`);
      return 126;
    }
    if (pid1 && this.clock === this.options.startedAt) {
      throw new ExitSignal(128, undefined, message);
    }
    io.stderr.write(`${path}: not found\n`);
    return 127;
  }

  /** A binary the catalog does not describe: in the background of captures it succeeds; as the main program it runs until stopped. */
  private *unknownProgram(argv: string[], io: IO, pid1: boolean, top = false): Gen<number> {
    const shown = argv.join(' ');
    if (this.options.exec && this.options.known) {
      // The catalog describes what this image runs: an exec of anything else finds no such program.
      this.assume(`The simulator takes \`${argv[0]}\` as absent from image ${this.options.spec.image}: its catalog entry does not describe it.`);
      return this.missingBinary(argv[0], io, pid1, top);
    }
    if (io.captured || this.mode === 'probe') {
      this.assume(`The simulator cannot interpret \`${shown}\` in image ${this.options.spec.image}; it assumed the command succeeded without output.`);
      return 0;
    }
    const ports = this.options.spec.ports;
    if (!this.options.defaultCommandUnknown || shown !== UNKNOWN_DEFAULT_COMMAND) this.assume(`The simulator cannot interpret \`${shown}\` in image ${this.options.spec.image}; it assumes the process keeps running${ports.length ? ` and serves its declared containerPorts (${ports.map((p) => p.containerPort).join(', ')}) after 1 s, answering 200 to any HTTP path` : ''}.`);
    const daemon: DaemonSpec = {
      kind: 'daemon',
      startupSeconds: 1,
      ports: ports.filter((p) => (p.protocol ?? 'TCP') !== 'SCTP').map((p) => ({ port: p.containerPort, protocol: (p.protocol ?? 'TCP') === 'UDP' ? 'UDP' : 'HTTP', grpcHealth: true })),
      httpDefaultStatus: 200,
      sigterm: { handles: true, stopSeconds: 0, exitCode: 143 },
    };
    return yield* this.runDaemon(daemon, [], io, pid1, true);
  }

  private *runShell(path: string, args: string[], io: IO, env: Record<string, string>, pid1: boolean): Gen<number> {
    let i = 0;
    let script: string | undefined;
    let errexit = false;
    while (i < args.length && /^[-+][a-zA-Z]+$/.test(args[i])) {
      const flags = args[i];
      i++;
      if (flags.includes('e')) errexit = true;
      if (flags.includes('c')) { script = args[i]; i++; break; }
    }
    if (script === undefined) {
      const file = args[i];
      if (file === undefined && this.options.stdin !== undefined && this.options.mode === 'probe') {
        // `kubectl exec -i POD -- sh` with its input: the shell reads its commands from stdin.
        script = this.options.stdin;
      } else if (file === undefined) {
        // An interactive shell reads stdin: without stdin/tty it sees end-of-input and exits 0.
        if (this.options.spec.stdin || this.options.spec.tty) {
          if (pid1) yield { t: 'sleep', seconds: Infinity, interruptible: false };
          return 0;
        }
        return 0;
      } else {
        const entry = this.fs.get(file.startsWith('/') ? file : `${env.PWD ?? '/'}/${file}`.replace(/\/+/g, '/'));
        if (!entry || entry.type !== 'file') return yield* this.unknownProgram([path, ...args], io, pid1);
        script = entry.content;
        i++;
      }
    }
    const arg0 = args[i] ?? path;
    const shell = new Shell(this, env, arg0, args.slice(i + 1), env.PWD ?? '/', pid1);
    shell.errexit = errexit;
    shell.tailExec = pid1 && isSingleSimpleCommand(script);
    try {
      const status = yield* shell.runScript(script, io);
      yield* shell.runExitTrap(io);
      return status;
    } catch (e) {
      if (e instanceof ExitSignal && e.reason === undefined && !e.startError && !pid1) return e.code;
      throw e;
    }
  }

  private *runSpec(spec: ProgramSpec, base: string, args: string[], io: IO, env: Record<string, string>, pid1: boolean): Gen<number> {
    switch (spec.kind) {
      case 'shell': return yield* this.runShell(base, args, io, env, pid1);
      case 'oneshot': {
        for (const line of spec.logs) io.stdout.write(line + '\n');
        if (spec.seconds) yield { t: 'sleep', seconds: spec.seconds, interruptible: false };
        return spec.exitCode;
      }
      case 'daemon': return yield* this.runDaemon(spec, args, io, pid1, false);
      case 'wrapper': {
        if (args.length === 0 || args[0].startsWith('-')) {
          if (!spec.defaultProgram) return 0;
          return yield* this.runProgram([spec.defaultProgram, ...args], io, env, pid1);
        }
        return yield* this.runProgram(args, io, env, pid1);
      }
      case 'subcommands': {
        const sub = args[0];
        const chosen = sub !== undefined ? spec.commands[sub] : undefined;
        if (!chosen) return yield* this.unknownProgram([base, ...args], io, pid1);
        return yield* this.runSpec(chosen, sub!, args.slice(1), io, env, pid1);
      }
      case 'language': return yield* this.runLanguage(spec.language, base, args, io, pid1);
      case 'healthTool': {
        const serving = this.services.some((s) => s.port === spec.port && s.readyAt <= this.clock && (s.until === undefined || s.until > this.clock));
        io.stdout.write((serving ? spec.okOutput : spec.failOutput) + '\n');
        return serving ? 0 : spec.failCode;
      }
      case 'stress': return yield* this.runStress(args, io, pid1);
    }
  }

  private *runLanguage(language: 'node' | 'python' | 'perl', base: string, args: string[], io: IO, pid1: boolean): Gen<number> {
    if (args.length === 0 || (language === 'perl' && args.length === 1 && args[0] === '-de0')) {
      // The REPL reads stdin; without stdin/tty it sees end-of-input and exits 0.
      if (this.options.spec.stdin || this.options.spec.tty) {
        yield { t: 'sleep', seconds: Infinity, interruptible: false };
      }
      return 0;
    }
    if (args[0] === '--version' || args[0] === '-V' || args[0] === '-v') {
      io.stdout.write(({ node: 'v24.11.1', python: 'Python 3.14.0', perl: 'This is perl 5, version 40' } as const)[language] + '\n');
      return 0;
    }
    if (language === 'perl') {
      // The Job example: perl -Mbignum=bpi -wle 'print bpi(2000)'.
      const code = args[args.findIndex((a) => /^-[a-zA-Z]*e$/.test(a)) + 1] ?? '';
      const m = /^\s*print\s+bpi\(\s*([0-9]+)\s*\)\s*;?\s*$/.exec(code);
      if (args.some((a) => /^-Mbignum(=|$)/.test(a)) && m && args.findIndex((a) => /^-[a-zA-Z]*e$/.test(a)) >= 0) {
        const digits = Number(m[1]);
        // Computing pi takes a few seconds of CPU in the real container.
        yield { t: 'sleep', seconds: Math.max(1, Math.round(digits / 400)), interruptible: false };
        io.stdout.write(piDigits(digits) + '\n');
        return 0;
      }
    }
    if (language === 'python' && args[0] === '-m' && args[1] === 'http.server') {
      const port = /^[0-9]+$/.test(args[2] ?? '') ? Number(args[2]) : 8000;
      const daemon: DaemonSpec = {
        kind: 'daemon', startupSeconds: 1, ports: [{ port, protocol: 'HTTP' }],
        http: [{ path: '/', status: 200 }], httpDefaultStatus: 404,
        logs: [`Serving HTTP on 0.0.0.0 port ${port} (http://0.0.0.0:${port}/) ...`],
        sigterm: { handles: false },
      };
      return yield* this.runDaemon(daemon, [], io, pid1, false);
    }
    return yield* this.unknownProgram([base, ...args], io, pid1);
  }

  private *runStress(args: string[], io: IO, pid1: boolean): Gen<number> {
    const workers = Number(valueOf(args, '--vm') ?? valueOf(args, '-m') ?? '0') || 0;
    const bytesText = valueOf(args, '--vm-bytes') ?? '256M';
    const bytes = parseSize(bytesText) ?? 256 * MIB;
    const timeout = valueOf(args, '--timeout') ?? valueOf(args, '-t');
    io.stdout.write(`stress: info: [1] dispatching hogs: 0 cpu, 0 io, ${workers} vm, 0 hdd\n`);
    const daemon: DaemonSpec = {
      kind: 'daemon', startupSeconds: 1, ports: [],
      memoryMiB: (workers * bytes) / MIB,
      sigterm: { handles: false },
      exitAfterSeconds: timeout ? Number(timeout.replace(/s$/, '')) || undefined : undefined,
      exitCode: 0,
    };
    return yield* this.runDaemon(daemon, [], io, pid1, false);
  }

  *runDaemon(spec: DaemonSpec, args: string[], io: IO, pid1: boolean, assumed: boolean): Gen<number> {
    if (this.mode === 'probe') {
      this.assume('An exec probe started a server program; the simulator does not start servers from probes and assumed it succeeded.');
      return 0;
    }
    this.expectsService = true;
    const start = this.clock;
    if (spec.requireEnv) {
      const env = this.options.spec.env;
      if (!spec.requireEnv.anyOf.some((k) => env[k] !== undefined && env[k] !== '')) {
        for (const line of spec.requireEnv.logs) io.stderr.write(line + '\n');
        return spec.requireEnv.exitCode;
      }
    }
    for (const line of spec.startLogs ?? []) io.stdout.write(line + '\n');
    const ports = (spec.portsFromContainer
      ? this.options.spec.ports.map((p) => ({ port: p.containerPort, protocol: ((p.protocol ?? 'TCP') === 'UDP' ? 'UDP' : 'HTTP') as PortProtocol, grpcHealth: true }))
      : spec.ports
    ).map((p) => ({ ...p }));
    for (const pf of spec.portFlags ?? []) {
      const v = valueOf(args, pf.flag);
      if (v !== undefined && /^:?[0-9]+$/.test(v) && ports[pf.portIndex]) ports[pf.portIndex].port = Number(v.replace(':', ''));
      else if (v !== undefined && /:[0-9]+$/.test(v) && ports[pf.portIndex]) ports[pf.portIndex].port = Number(v.replace(/^.*:/, ''));
    }
    if (spec.portArgIndex !== undefined && /^[0-9]+$/.test(args[spec.portArgIndex] ?? '') && ports[0]) ports[0].port = Number(args[spec.portArgIndex]);
    const readyAt = start + spec.startupSeconds;
    const windows: ServiceWindow[] = ports.map((p) => ({
      port: p.port,
      protocol: p.protocol,
      readyAt,
      routes: spec.http ?? [],
      httpDefaultStatus: spec.httpDefaultStatus ?? 404,
      grpcHealth: p.grpcHealth ?? false,
      routeBase: this.options.startedAt,
      assumed,
      ...(spec.docRoot ? { docRoot: spec.docRoot } : {}),
    }));
    const limit = this.options.spec.memoryLimitBytes;
    const oom = spec.memoryMiB !== undefined && limit !== undefined && spec.memoryMiB * MIB > limit;
    this.services.push(...windows);
    const stop = () => { for (const w of windows) if (w.until === undefined) w.until = this.clock; };
    const interruptible = pid1 && spec.sigterm.handles;
    // Start-up, then (if it does) the exit on its own; a handled signal ends either wait.
    const startup = oom ? Math.max(spec.startupSeconds, 1) : spec.startupSeconds;
    if (startup > 0) {
      const reply = yield { t: 'sleep', seconds: startup, interruptible };
      if (reply === 'interrupted') return yield* this.stopOnSignal(spec, stop);
    }
    if (oom) {
      stop();
      throw new ExitSignal(137, 'OOMKilled');
    }
    if (this.readyMark === undefined) this.readyMark = this.clock;
    for (const line of spec.logs ?? []) io.stdout.write(line + '\n');
    const lifetime = spec.exitAfterSeconds !== undefined ? Math.max(0, spec.exitAfterSeconds - (this.clock - start)) : Infinity;
    const reply = yield { t: 'sleep', seconds: lifetime, interruptible };
    if (reply === 'interrupted') return yield* this.stopOnSignal(spec, stop);
    stop();
    return spec.exitCode ?? 0;
  }

  private *stopOnSignal(spec: DaemonSpec, stop: () => void): Gen<number> {
    const seconds = spec.sigterm.stopSeconds ?? 0;
    if (seconds > 0) yield { t: 'sleep', seconds, interruptible: false };
    stop();
    return spec.sigterm.exitCode ?? 0;
  }
}

function isSingleSimpleCommand(script: string): boolean {
  try {
    const list = parseShell(script);
    if (list.length !== 1) return false;
    const item = list[0];
    if (item.background || item.rest.length || item.first.negate || item.first.commands.length !== 1) return false;
    const cmd = item.first.commands[0];
    return cmd.type === 'simple' && cmd.words.length > 0 && cmd.redirects.length === 0 && cmd.assigns.length === 0;
  } catch {
    return false;
  }
}

/** `--flag=value`, `--flag value` or `-f value`. */
export function valueOf(args: string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag) return args[i + 1];
    if (args[i].startsWith(flag + '=')) return args[i].slice(flag.length + 1);
  }
  return undefined;
}

/** `250M`, `1G`, `512Mi`, `1000000` -> bytes. */
export function parseSize(text: string): number | undefined {
  const m = /^([0-9.]+)\s*([kKmMgGtT]?)(i?)[bB]?$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { '': 1, k: 1024, m: MIB, g: 1024 * MIB, t: 1024 * 1024 * MIB }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Number(m[1]) * unit;
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return 'forever';
  if (s < 120) return `${Math.round(s * 10) / 10} s`;
  if (s < 7200) return `${Math.round(s / 6) / 10} min`;
  return `${Math.round(s / 360) / 10} h`;
}
