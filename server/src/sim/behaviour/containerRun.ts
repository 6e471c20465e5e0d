/**
 * ContainerRun: one run of a container, answering the kubelet's questions (exit, readiness, probes,
 * SIGTERM, logs) from simulated processes. A "timeline" process runs to the horizon once to find
 * the exit and when ports listen; a "cursor" process is advanced on demand for exec probes and logs
 * (the state at an exact time), rebuilt only when asked about an earlier time.
 */
import type { ContainerExit, ContainerRun, ContainerStartSpec, ExecResult, ProbeAction, ProbeResult } from './types';
import type { ImageProfile } from './profile';
import { ContainerProcess, DEFAULT_POD_IP, formatSeconds, LOG_CAP, type ServiceWindow } from './process';

const SUCCESS: ProbeResult = Object.freeze({ success: true });
import { answerPort, httpStatus, type HttpRequest, type PortAnswer } from './httpServer';

export { DEFAULT_POD_IP };
/** How long after SIGTERM the model looks for the exit (the kubelet kills at the grace period anyway). */
const TERMINATION_LOOKAHEAD = 3600;

export interface RunSetup {
  profile: ImageProfile;
  known: boolean;
  spec: ContainerStartSpec;
  argv: string[];
  startedAt: number;
  horizon: number;
  epoch: number;
  defaultCommandUnknown: boolean;
  initialAssumptions: string[];
}

export class SimulatedRun implements ContainerRun {
  readonly readyAt?: number;
  readonly exit?: ContainerExit;
  readonly assumptions: string[];
  private timeline: ContainerProcess;
  private cursor?: ContainerProcess;
  private signalAt?: number;

  constructor(private readonly setup: RunSetup) {
    this.assumptions = [...setup.initialAssumptions];
    this.timeline = this.newProcess(false);
    this.timeline.advanceTo(setup.horizon);
    const exit = this.timeline.exit;
    if (exit && exit.at <= setup.horizon) {
      this.exit = { at: exit.at, exitCode: exit.code, reason: exit.reason, ...(exit.startError ? { startError: exit.startError } : {}) };
    }
    if (!this.timeline.expectsService) this.readyAt = exit?.startError ? undefined : setup.startedAt;
    else if (this.timeline.readyMark !== undefined) this.readyAt = this.timeline.readyMark;
  }

  private newProcess(keepLogTurns: boolean): ContainerProcess {
    const { profile, known, spec, argv, startedAt, epoch, defaultCommandUnknown } = this.setup;
    return new ContainerProcess({
      profile, known, spec, argv, startedAt, epoch, keepLogTurns, defaultCommandUnknown,
      signalAt: this.signalAt,
      assume: (s) => this.assume(s),
    });
  }

  private assume(sentence: string): void {
    if (!this.assumptions.includes(sentence) && this.assumptions.length < 50) this.assumptions.push(sentence);
  }

  /** The cursor process at exactly time `at` (state of files at that moment). */
  private cursorAt(at: number): ContainerProcess {
    if (!this.cursor || this.cursor.reached > at) this.cursor = this.newProcess(true);
    this.cursor.advanceTo(at);
    return this.cursor;
  }

  probe(action: ProbeAction, at: number, podIP?: string, timeoutSeconds = 1): ProbeResult {
    const ip = podIP ?? this.setup.spec.podIP ?? DEFAULT_POD_IP;
    if (action.type === 'exec') return this.execProbe(action.command, at, timeoutSeconds);
    const host = ('host' in action && action.host) || ip;
    if (action.type === 'httpGet') {
      // The common case (probed every period of every pod): the first open HTTP listener answers
      // 2xx/3xx. Found without building arrays or the URL text, which only failures print.
      const path = action.path ? (action.path.startsWith('/') ? action.path : '/' + action.path) : '/';
      let firstHttp: ServiceWindow | undefined;
      for (const w of this.timeline.services) {
        if (w.protocol === 'HTTP' && w.readyAt <= at && (w.until === undefined || at < w.until) && w.port === action.port) {
          firstHttp = w;
          break;
        }
      }
      if (firstHttp) {
        const code = httpStatus(firstHttp, path.includes('?') ? path.replace(/\?.*$/, '') : path, at, action.port);
        if (code >= 200 && code < 400) return SUCCESS;
      }
    }
    const open = this.timeline.services.filter((w) => w.readyAt <= at && (w.until === undefined || at < w.until) && w.port === action.port);
    switch (action.type) {
      case 'tcpSocket': {
        if (open.some((w) => w.protocol !== 'UDP')) return { success: true };
        return { success: false, message: `dial tcp ${host}:${action.port}: connect: connection refused` };
      }
      case 'httpGet': {
        const path = action.path ? (action.path.startsWith('/') ? action.path : '/' + action.path) : '/';
        const scheme = (action.scheme ?? 'HTTP').toLowerCase();
        const url = `${scheme}://${host}:${action.port}${path}`;
        const tcp = open.filter((w) => w.protocol !== 'UDP');
        if (tcp.length === 0) return { success: false, message: `Get "${url}": dial tcp ${host}:${action.port}: connect: connection refused` };
        const http = tcp.find((w) => w.protocol === 'HTTP');
        if (!http) {
          this.assume(`An HTTP probe on port ${action.port} reaches a server that does not speak HTTP/1.1; the failure message the simulator shows is approximate.`);
          if (tcp.some((w) => w.protocol === 'GRPC')) return { success: false, message: `Get "${url}": net/http: HTTP/1.x transport connection broken: malformed HTTP response` };
          return { success: false, message: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` };
        }
        const code = httpStatus(http, path.replace(/\?.*$/, ''), at, action.port);
        if (code >= 200 && code < 400) return { success: true };
        return { success: false, message: `HTTP probe failed with statuscode: ${code}` };
      }
      case 'grpc': {
        const tcp = open.filter((w) => w.protocol !== 'UDP');
        if (tcp.length === 0) return { success: false, message: `timeout: failed to connect service "${host}:${action.port}" within ${timeoutSeconds}s: context deadline exceeded` };
        if (tcp.some((w) => w.grpcHealth)) return { success: true };
        return { success: false, message: 'this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health' };
      }
    }
  }

  private execProbe(command: string[], at: number, timeoutSeconds: number): ProbeResult {
    if (command.length === 0) return { success: false, message: 'exec: no command' };
    const main = this.cursorAt(at);
    const { profile, known, spec, epoch } = this.setup;
    const probe = new ContainerProcess({
      profile, known, spec, argv: command, startedAt: at, epoch, keepLogTurns: false,
      mode: 'probe', fs: main.fs.clone(), services: main.services,
      assume: (s) => this.assume(s),
    });
    probe.advanceTo(at + timeoutSeconds);
    const output = probe.logEntries(Infinity).map((e) => e.line).join('\n');
    if (!probe.exit) {
      if (probe.stalledAt !== undefined) return { success: true };
      return { success: false, message: `command ${JSON.stringify(command.join(' '))} timed out` };
    }
    if (probe.exit.code === 0) return { success: true };
    return { success: false, message: output };
  }

  exec(command: string[], at: number, timeoutSeconds = 30, stdin?: string): ExecResult {
    if (command.length === 0) return { output: 'you must specify at least one command for the container\n', exitCode: 1 };
    const main = this.cursorAt(at);
    const { profile, known, spec, epoch } = this.setup;
    const proc = new ContainerProcess({
      profile, known, spec, argv: command, startedAt: at, epoch, keepLogTurns: false,
      mode: 'probe', exec: true, fs: main.fs.clone(), services: main.services, stdin,
      assume: (s) => this.assume(s),
    });
    proc.advanceTo(at + timeoutSeconds);
    const lines = proc.logEntries(Infinity).map((e) => e.line);
    const output = lines.length ? lines.join('\n') + '\n' : '';
    if (proc.exit?.startError) return { output: '', exitCode: 127, notFound: true, startError: proc.exit.startError };
    return { output, exitCode: proc.exit?.code };
  }

  connect(port: number, at: number, request?: HttpRequest): PortAnswer {
    const main = this.cursorAt(at);
    return answerPort(main.services, main.fs, port, at, this.setup.epoch, request);
  }

  terminate(at: number): { exitAt: number; exitCode: number } | undefined {
    if (this.exit && this.exit.at <= at) return { exitAt: this.exit.at, exitCode: this.exit.exitCode };
    this.signalAt = at;
    this.timeline = this.newProcess(false);
    this.timeline.advanceTo(Math.max(this.setup.horizon, at + TERMINATION_LOOKAHEAD));
    this.cursor = undefined;
    const exit = this.timeline.exit;
    if (exit && exit.at >= at) return { exitAt: exit.at, exitCode: exit.code };
    if (this.timeline.stalledAt !== undefined) {
      this.assume(`The simulator could not tell whether the process stops on SIGTERM (it stopped interpreting the command at ${formatSeconds(this.timeline.stalledAt - this.setup.startedAt)}); it assumes it ignores the signal.`);
    }
    return undefined;
  }

  logs(at: number): string[] {
    return this.logEntries(at).map((e) => e.line);
  }

  logEntries(at: number): { at: number; line: string }[] {
    if (this.cursor && this.cursor.reached > at && this.cursor.droppedLines > 0) this.cursor = undefined;
    if (!this.cursor) this.cursor = this.newProcess(true);
    if (this.cursor.reached < at) this.cursor.advanceTo(at);
    return this.cursor.logEntries(at).slice(-LOG_CAP);
  }
}
