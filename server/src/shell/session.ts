import type { ClusterBackend } from './backend';
import { parseSpeed, type ShellClock } from './clock';
import { GetWatcher, LogFollower, type Watcher } from './watch';
import { splitWords, unsupportedOperator } from './words';
import { clockText, parseDuration } from '../sim/util';

/**
 * The command language of the simulated cluster shell: `kubectl ...` (or `k ...`) against the
 * simulated cluster, plus a few built-ins for time (`sleep`, `clock`) and the session (`help`,
 * `history`, `clear`, `exit`). Nothing is ever executed on the host.
 */

export const HELP = `Simulated cluster shell: kubectl against a simulated cluster, in virtual time. Nothing runs on this machine.

  kubectl VERB ...     run a kubectl command (also: k VERB ...). Simulated verbs:
                       get, describe, logs, explain, api-resources, apply -f, create deployment, run,
                       delete, scale, label, annotate, set image, rollout status|history|undo|pause|resume|restart,
                       patch, cordon, uncordon, drain
  kubectl get ... -w   watch: print changes as virtual time passes (Ctrl+C stops)
  kubectl logs -f POD  follow a container's output (Ctrl+C stops)
  sleep 30s            let 30 virtual seconds pass at once (also 2m, 1h30m, 90)
  clock                show the virtual time and the clock speed
  clock speed 10x      virtual time runs 10 times faster than real time (1x, 10x, 60x, ...)
  clock pause|resume   stop or restart the clock (sleep still moves it)
  history              the commands typed so far
  clear                clear the screen (also Ctrl+L)
  help                 this text
  exit                 leave the shell

Keys: arrows, Home/End, Backspace/Delete, Ctrl+A/E/U/K/W, Up/Down for history, Tab completes
verbs, resource types and object names. Pipes, redirections and other programs are not simulated.
In a --script file each line is a command; a sleep right after a watch is how long it watches.
`;

export const KUBECTL_VERBS = ['get', 'describe', 'logs', 'explain', 'api-resources', 'apply', 'create', 'run', 'delete', 'scale', 'label', 'annotate', 'set', 'rollout', 'patch', 'cordon', 'uncordon', 'drain'];
const NOT_SIMULATED_VERBS: Record<string, string> = {
  exec: 'there are no real processes to exec into', 'port-forward': 'there is no network to forward', proxy: 'there is no API server to proxy',
  attach: 'there are no real processes to attach to', cp: 'containers have no real filesystem', edit: 'there is no editor in the simulated shell; use patch, set or apply -f',
  top: 'there is no metrics server in the simulation', debug: 'there are no real containers to debug', auth: 'the simulated API server has no authorization',
  config: 'there is no kubeconfig: the shell talks to the simulated cluster only', 'cluster-info': 'there is no real control plane', wait: 'use a watch (-w) or sleep instead',
  expose: 'expose is not simulated yet; apply a Service manifest with apply -f', autoscale: 'there is no metrics server, so no autoscaling', replace: 'use apply -f',
  diff: 'use the dry run views to compare with the files', certificate: 'there are no certificates', taint: 'taint is not simulated yet; use a cluster shape in .kube-rehearsal.yaml', version: 'there is no server binary; the simulated cluster is Kubernetes 1.36',
};

export interface CommandResult {
  /** Text to print (\n line ends). */
  output: string;
  /** A watch or log follow that keeps printing until stopped. */
  watcher?: Watcher;
  exit?: boolean;
  clear?: boolean;
  exitCode: number;
}

/** `30s`, `2m`, `1h30m`, `90`, `1.5m` -> seconds. */
export function parseSleep(text: string): number | undefined {
  return parseDuration(text, { days: true });
}


const ok = (output: string): CommandResult => ({ output, exitCode: 0 });
const fail = (output: string, exitCode = 1): CommandResult => ({ output, exitCode });

export class ShellSession {
  readonly history: string[] = [];

  constructor(readonly backend: ClusterBackend, readonly clock: ShellClock) {}

  /** Lets the virtual time due on the clock pass (before a command runs). */
  async catchUp(): Promise<void> {
    const due = this.clock.due();
    if (due > 0) await this.backend.advance(due);
  }

  async execute(line: string): Promise<CommandResult> {
    // A comment after a command (` # ...`) is ignored, as in a shell script.
    const text = line.replace(/\s#.*$/, '').trim();
    if (!text || text.startsWith('#')) return ok('');
    this.history.push(text);
    const op = unsupportedOperator(text);
    if (op) return fail(`kube-rehearsal: "${op}" is not simulated: this shell runs one kubectl command at a time, with no pipes or redirections\n`, 2);
    const { words, error } = splitWords(text);
    if (error) return fail(`kube-rehearsal: ${error}\n`, 2);
    const [cmd, ...args] = words;
    switch (cmd) {
      case 'kubectl':
      case 'k':
        return this.kubectl(args);
      case 'sleep': {
        const secs = args.length === 1 ? parseSleep(args[0]) : undefined;
        if (secs === undefined) return fail('sleep: give one duration, e.g. sleep 30s, sleep 2m\n', 2);
        const target = this.backend.time + secs;
        await this.backend.advance(secs);
        // The simulation is computed up to a horizon (or stopped at a bound): say so rather than pretend.
        if (this.backend.time + 0.5 < target) return fail(`sleep: the simulation stops at ${clockText(this.backend.time)}; time cannot pass beyond it\n`);
        return ok('');
      }
      case 'clock':
        return this.clockCommand(args);
      case 'help':
      case '?':
        return ok(HELP);
      case 'history':
        return ok(this.history.map((h, i) => `${String(i + 1).padStart(5)}  ${h}\n`).join(''));
      case 'clear':
        return { output: '', clear: true, exitCode: 0 };
      case 'exit':
      case 'quit':
      case 'logout':
        return { output: '', exit: true, exitCode: 0 };
      default:
        if (KUBECTL_VERBS.includes(cmd)) return fail(`${cmd}: command not found (did you mean "kubectl ${text}"?)\n`, 127);
        return fail(`${cmd}: command not found: this shell simulates kubectl only (type help)\n`, 127);
    }
  }

  private clockCommand(args: string[]): CommandResult {
    const [sub, value] = args;
    if (!sub) return ok(`virtual time ${clockText(this.backend.time)}, clock ${this.clock.describe()}\n`);
    if (sub === 'pause' || sub === 'stop') {
      this.clock.pause();
      return ok(`clock paused at ${clockText(this.backend.time)} (sleep still moves it)\n`);
    }
    if (sub === 'resume' || sub === 'start') {
      this.clock.resume();
      return ok(`clock running at ${this.clock.speed}x\n`);
    }
    const speedText = sub === 'speed' ? value : sub;
    const speed = speedText !== undefined ? parseSpeed(speedText) : undefined;
    if (speed === undefined) return fail('clock: use "clock", "clock speed 10x", "clock pause" or "clock resume"\n', 2);
    this.clock.setSpeed(speed);
    return ok(`clock running at ${speed}x${this.clock.paused ? ' (paused: clock resume to start it)' : ''}\n`);
  }

  private async kubectl(args: string[]): Promise<CommandResult> {
    const verb = args[0];
    if (verb && NOT_SIMULATED_VERBS[verb]) return fail(`error: "kubectl ${verb}" is not simulated: ${NOT_SIMULATED_VERBS[verb]}\n`);
    const watchFlags = new Set(['-w', '--watch', '--watch=true']);
    const followFlags = new Set(['-f', '--follow', '--follow=true']);
    if (verb === 'get' && args.some((a) => watchFlags.has(a))) {
      return this.startWatch(new GetWatcher(this.backend, args.filter((a) => !watchFlags.has(a))));
    }
    if (verb === 'logs' && args.some((a) => followFlags.has(a))) {
      return this.startWatch(new LogFollower(this.backend, args.filter((a) => !followFlags.has(a))));
    }
    if (verb === 'rollout' && args[1] === 'status' && !args.some((a) => a === '--watch=false' || a === '-w=false')) return this.rolloutStatus(args);
    const r = await this.backend.kubectl(args);
    return { output: r.stdout + r.stderr, exitCode: r.exitCode };
  }

  private async startWatch(w: Watcher): Promise<CommandResult> {
    try {
      return { output: await w.start(), watcher: w, exitCode: 0 };
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
  }

  /**
   * `rollout status` watches until the rollout finishes or fails, as kubectl does: each new
   * "Waiting for ..." line is printed as virtual time passes.
   */
  private async rolloutStatus(args: string[]): Promise<CommandResult> {
    const w = new RolloutStatusWatcher(this.backend, args);
    try {
      const first = await w.start();
      return w.finished ? { output: first, exitCode: w.exitCode } : { output: first, watcher: w, exitCode: 0 };
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
  }
}

/** Re-checks the rollout each virtual second, printing each new message; stops when done or failed. */
export class RolloutStatusWatcher implements Watcher {
  finished = false;
  exitCode = 0;
  private last = '';

  constructor(private readonly backend: ClusterBackend, private readonly argv: string[]) {}

  private async check(): Promise<string> {
    const r = await this.backend.kubectl(this.argv);
    const text = r.stdout + r.stderr;
    if (r.exitCode !== 0 || !/^Waiting for/m.test(text)) {
      this.finished = true;
      this.exitCode = r.exitCode;
    }
    if (text === this.last) return '';
    this.last = text;
    return text;
  }

  start(): Promise<string> {
    return this.check();
  }

  poll(): Promise<string> {
    return this.finished ? Promise.resolve('') : this.check();
  }
}
