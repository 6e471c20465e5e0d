import type { ClusterBackend } from './backend';
import { parseSpeed, type ShellClock } from './clock';
import { parse as parseYaml } from 'yaml';
import { AttachedRun, ContainerShell, DeleteWaiter, HoldWatcher, deletedRefs, endAttachedRun, isInteractiveShell } from './attached';
import { editableYaml, mergePatchBetween, stripForEdit } from './editing';
import { GetWatcher, LogFollower, type Watcher } from './watch';
import { escapeTerminal } from '../engine/terminalText';
import { boolFlag, flag, parseArgs } from '../sim/kubectl/args';
import { runAttachment } from '../sim/kubectl/generate';
import { DRAIN_FLAGS, RUN_FLAGS, drainFailure } from '../sim/kubectl/kubectl';
import { EXEC_FLAGS } from '../sim/kubectl/verbs';
import { splitWords, unsupportedOperator } from './words';
import { clockText, goDuration, parseDuration } from '../sim/util';

/**
 * The command language of the simulated cluster shell: `kubectl ...` (or `k ...`) against the
 * simulated cluster, plus a few built-ins for time (`sleep`, `clock`) and the session (`help`,
 * `history`, `clear`, `exit`). Nothing is ever executed on the host.
 */

export const HELP = `Simulated cluster shell: kubectl against a simulated cluster, in virtual time. Nothing runs on this machine.

  kubectl VERB ...     run a kubectl command (also: k VERB ...). Simulated verbs:
                       get, describe, logs, explain, api-resources, api-versions, apply|create|replace -f,
                       create deployment|service|job|cronjob|configmap|secret|namespace|serviceaccount,
                       run (-it, --rm), delete, scale, label, annotate, set image|env|resources,
                       rollout status|history|undo|pause|resume|restart, patch, edit, expose, autoscale,
                       exec (interpreted), port-forward, cordon, uncordon, drain, top, cluster-info,
                       config view|current-context|get-contexts, version
  kubectl get ... -w   watch: print changes as virtual time passes (Ctrl+C stops)
  kubectl logs -f POD  follow a container's output (Ctrl+C stops)
  kubectl exec -it POD -- sh   a shell in the container (interpreted by the behaviour model; exit leaves)
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

/**
 * The shell's own words (its built-ins, not kubectl's output, which stays kubectl's): English here,
 * another language through a table of the same shape (the editor's terminal passes its language's,
 * shell/textsKo.ts). The CLI keeps English.
 */
export interface ShellTexts {
  help: string;
  notSimulatedOperator(op: string): string;
  unterminatedQuote(double: boolean): string;
  sleepUsage: string;
  sleepBeyond(time: string): string;
  commandNotFoundVerb(cmd: string, line: string): string;
  commandNotFound(cmd: string): string;
  clockStatus(time: string, clock: string): string;
  clockPausedWord: string;
  clockPaused(time: string): string;
  clockRunning(speed: string): string;
  clockRunningPaused(speed: string): string;
  clockUsage: string;
}

export const ENGLISH_SHELL: ShellTexts = {
  help: HELP,
  notSimulatedOperator: (op) => `"${op}" is not simulated: this shell runs one kubectl command at a time, with no pipes or redirections`,
  unterminatedQuote: (double) => `unterminated ${double ? 'double' : 'single'} quote`,
  sleepUsage: 'sleep: give one duration, e.g. sleep 30s, sleep 2m',
  sleepBeyond: (time) => `sleep: the simulation stops at ${time}; time cannot pass beyond it`,
  commandNotFoundVerb: (cmd, line) => `${cmd}: command not found (did you mean "kubectl ${line}"?)`,
  commandNotFound: (cmd) => `${cmd}: command not found: this shell simulates kubectl only (type help)`,
  clockStatus: (time, clock) => `virtual time ${time}, clock ${clock}`,
  clockPausedWord: 'paused',
  clockPaused: (time) => `clock paused at ${time} (sleep still moves it)`,
  clockRunning: (speed) => `clock running at ${speed}`,
  clockRunningPaused: (speed) => `clock running at ${speed} (paused: clock resume to start it)`,
  clockUsage: 'clock: use "clock", "clock speed 10x", "clock pause" or "clock resume"',
};

export const KUBECTL_VERBS = [
  'get', 'describe', 'logs', 'explain', 'api-resources', 'api-versions', 'apply', 'create', 'replace', 'run', 'delete', 'scale', 'label', 'annotate',
  'set', 'rollout', 'patch', 'edit', 'expose', 'autoscale', 'exec', 'port-forward', 'cordon', 'uncordon', 'drain', 'top', 'cluster-info', 'config', 'version',
];

export interface CommandResult {
  /** Text to print (\n line ends). */
  output: string;
  /** A watch or log follow that keeps printing until stopped. */
  watcher?: Watcher;
  exit?: boolean;
  clear?: boolean;
  exitCode: number;
}

/** Opens an object's YAML for editing; resolves with the saved text, or undefined when closed unsaved. */
export type ObjectEditor = (title: string, text: string) => Promise<string | undefined>;

/** `30s`, `2m`, `1h30m`, `90`, `1.5m` -> seconds. */
export function parseSleep(text: string): number | undefined {
  return parseDuration(text, { days: true });
}


const ok = (output: string): CommandResult => ({ output, exitCode: 0 });
const fail = (output: string, exitCode = 1): CommandResult => ({ output, exitCode });

export class ShellSession {
  readonly history: string[] = [];
  /** An interactive shell in a container (`exec -it ... -- sh`): lines go there until `exit`. */
  private container?: { shell: ContainerShell; onExit: () => Promise<string> };
  /** `kubectl edit` opens the object here (the VS Code terminal sets it; the CLI has no editor). */
  editor?: ObjectEditor;

  constructor(readonly backend: ClusterBackend, readonly clock: ShellClock, readonly texts: ShellTexts = ENGLISH_SHELL) {}

  /** The container shell's prompt while one is open. */
  get promptOverride(): string | undefined {
    return this.container?.shell.prompt;
  }

  /** Continues the session inside a container shell (after an attached `run -it` reached its prompt). */
  enterContainer(shell: ContainerShell, onExit: () => Promise<string>): void {
    this.container = { shell, onExit };
  }

  private async containerLine(line: string): Promise<CommandResult> {
    const c = this.container!;
    this.history.push(line.trim());
    let r: { output: string; exitCode: number; ended?: boolean } | undefined;
    try {
      r = await c.shell.execute(line);
    } catch (e) {
      r = { output: `error: ${e instanceof Error ? e.message : String(e)}\n`, exitCode: 1 };
    }
    if (r && !r.ended) return { output: r.output, exitCode: r.exitCode };
    this.container = undefined;
    const end = await c.onExit();
    return { output: (r?.output ?? '') + end, exitCode: r?.exitCode ?? 0 };
  }

  /** Lets the virtual time due on the clock pass (before a command runs). */
  async catchUp(): Promise<void> {
    const due = this.clock.due();
    if (due > 0) await this.backend.advance(due);
  }

  async execute(line: string): Promise<CommandResult> {
    let r: CommandResult;
    if (this.container) r = await this.containerLine(line);
    else {
      try {
        r = await this.executeLine(line);
      } catch (e) {
        // No input may end the session: an unexpected failure is one error line.
        r = fail(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    }
    // What comes from manifests and containers never drives the terminal (escape sequences).
    return { ...r, output: escapeTerminal(r.output), watcher: r.watcher && escapingWatcher(r.watcher) };
  }

  private async executeLine(line: string): Promise<CommandResult> {
    // A comment after a command (` # ...`) is ignored, as in a shell script.
    const text = line.replace(/\s#.*$/, '').trim();
    if (!text || text.startsWith('#')) return ok('');
    this.history.push(text);
    const op = unsupportedOperator(text);
    if (op) return fail(`kube-rehearsal: ${this.texts.notSimulatedOperator(op)}\n`, 2);
    const { words, error } = splitWords(text);
    if (error) return fail(`kube-rehearsal: ${/^unterminated (double|single) quote$/.test(error) ? this.texts.unterminatedQuote(error.includes('double')) : error}\n`, 2);
    const [cmd, ...args] = words;
    switch (cmd) {
      case 'kubectl':
      case 'k':
        return this.kubectl(args);
      case 'sleep': {
        const secs = args.length === 1 ? parseSleep(args[0]) : undefined;
        if (secs === undefined) return fail(`${this.texts.sleepUsage}\n`, 2);
        const target = this.backend.time + secs;
        await this.backend.advance(secs);
        // The simulation is computed up to a horizon (or stopped at a bound): say so rather than pretend.
        if (this.backend.time + 0.5 < target) return fail(`${this.texts.sleepBeyond(clockText(this.backend.time))}\n`);
        return ok('');
      }
      case 'clock':
        return this.clockCommand(args);
      case 'help':
      case '?':
        return ok(this.texts.help);
      case 'history':
        return ok(this.history.map((h, i) => `${String(i + 1).padStart(5)}  ${h}\n`).join(''));
      case 'clear':
        return { output: '', clear: true, exitCode: 0 };
      case 'exit':
      case 'quit':
      case 'logout':
        return { output: '', exit: true, exitCode: 0 };
      default:
        if (KUBECTL_VERBS.includes(cmd)) return fail(`${this.texts.commandNotFoundVerb(cmd, text)}\n`, 127);
        return fail(`${this.texts.commandNotFound(cmd)}\n`, 127);
    }
  }

  private clockCommand(args: string[]): CommandResult {
    const [sub, value] = args;
    if (!sub) return ok(`${this.texts.clockStatus(clockText(this.backend.time), this.clock.paused ? this.texts.clockPausedWord : this.clock.describe())}\n`);
    if (sub === 'pause' || sub === 'stop') {
      this.clock.pause();
      return ok(`${this.texts.clockPaused(clockText(this.backend.time))}\n`);
    }
    if (sub === 'resume' || sub === 'start') {
      this.clock.resume();
      return ok(`${this.texts.clockRunning(`${this.clock.speed}x`)}\n`);
    }
    const speedText = sub === 'speed' ? value : sub;
    const speed = speedText !== undefined ? parseSpeed(speedText) : undefined;
    if (speed === undefined) return fail(`${this.texts.clockUsage}\n`, 2);
    this.clock.setSpeed(speed);
    return ok(`${this.clock.paused ? this.texts.clockRunningPaused(`${speed}x`) : this.texts.clockRunning(`${speed}x`)}\n`);
  }

  private async kubectl(args: string[]): Promise<CommandResult> {
    const verb = args[0];
    const watchFlags = new Set(['-w', '--watch', '--watch=true', '--watch-only']);
    const followFlags = new Set(['-f', '--follow', '--follow=true']);
    if (verb === 'get' && args.some((a) => watchFlags.has(a))) {
      const rest = args.slice(1).filter((a) => !watchFlags.has(a));
      const positional = positionalOf(rest, GET_VALUE_FLAGS);
      if (positional[0]?.includes(',')) return fail('error: you may only specify a single resource type\n');
      if (positional[0] === 'all') return fail('error: watch is only supported on individual resources and resource collections - more than 1 resource was found\n');
      return this.startWatch(new GetWatcher(this.backend, ['get', ...rest]));
    }
    if (verb === 'logs' && args.some((a) => followFlags.has(a))) {
      return this.startWatch(new LogFollower(this.backend, args.filter((a) => !followFlags.has(a))));
    }
    if (verb === 'rollout' && args[1] === 'status' && !args.some((a) => a === '--watch=false' || a === '-w=false')) return this.rolloutStatus(args);
    if (verb === 'run') return this.run(args);
    if (verb === 'drain') return this.drain(args);
    if (verb === 'exec') return this.exec(args);
    if (verb === 'edit' && this.editor) return this.edit(args);
    const r = await this.backend.kubectl(args);
    const result: CommandResult = { output: r.stdout + r.stderr, exitCode: r.exitCode };
    if (verb === 'port-forward' && r.exitCode === 0) return { ...result, watcher: new HoldWatcher() };
    if (verb === 'delete' && r.exitCode === 0 && !args.some((a) => /^--wait(=false)?$/.test(a) && a === '--wait=false') && !args.some((a) => a.startsWith('--dry-run') && a !== '--dry-run=none')) {
      const refs = deletedRefs(r.stdout);
      if (refs.length) {
        const w = new DeleteWaiter(this.backend, refs);
        await w.start();
        if (!w.finished) return { ...result, watcher: w };
      }
    }
    return result;
  }

  /** `kubectl run`: created by kubectl; attached runs then follow the container (or open its shell). */
  private async run(args: string[]): Promise<CommandResult> {
    let p;
    try {
      p = parseArgs(args.slice(1), RUN_FLAGS, 'run');
    } catch {
      p = undefined;
    }
    const r = await this.backend.kubectl(args);
    const result: CommandResult = { output: r.stdout + r.stderr, exitCode: r.exitCode };
    if (!p || r.exitCode !== 0) return result;
    const a = runAttachment(p);
    if (!a.attach) return result;
    const name = p.positional[0];
    const namespace = flag(p, 'namespace') || 'default';
    const timeout = parseSleep(flag(p, 'pod-running-timeout') ?? '1m') ?? 60;
    const w = new AttachedRun(this.backend, {
      pod: name, namespace, container: name, image: flag(p, 'image') ?? '', command: [...p.positional.slice(1), ...p.rest],
      stdin: a.stdin, tty: a.tty, rm: a.rm, restart: flag(p, 'restart') ?? 'Always', timeout,
    });
    const first = await w.start();
    const next = this.afterAttach(w);
    return w.finished ? { output: result.output + first + next, exitCode: w.exitCode } : { output: result.output + first, watcher: new AttachThen(w, () => this.afterAttach(w)), exitCode: 0 };
  }

  private afterAttach(w: AttachedRun): string {
    if (w.shell) this.enterContainer(w.shell, () => endAttachedRun(this.backend, w.opts));
    return '';
  }

  /** `kubectl exec`: one command's output, or with -i/-t and a shell, a session in the container. */
  private async exec(args: string[]): Promise<CommandResult> {
    let p;
    try {
      p = parseArgs(args.slice(1), { values: { namespace: 'n', ...EXEC_FLAGS }, bools: { stdin: 'i', tty: 't', quiet: 'q' } }, 'exec');
    } catch {
      p = undefined;
    }
    const interactive = p && boolFlag(p, 'stdin') && p.positional.length === 1 && p.rest.length > 0;
    if (!p || !interactive) {
      const r = await this.backend.kubectl(args);
      return { output: r.stdout + r.stderr, exitCode: r.exitCode };
    }
    // Check the container answers (running, has the shell) before opening the session.
    const probe = await this.backend.kubectl([...args.slice(0, args.indexOf('--') < 0 ? args.length : args.indexOf('--')), '--', p.rest[0], '-c', 'pwd']);
    if (probe.exitCode !== 0 && !probe.stdout.trim()) return { output: probe.stdout + probe.stderr, exitCode: probe.exitCode };
    const note = /^Defaulted container .*\n/.exec(probe.stdout)?.[0] ?? '';
    const container = flag(p, 'container') ?? /^Defaulted container "([^"]+)"/.exec(note)?.[1];
    const info = await this.backend.kubectl(['get', p.positional[0].includes('/') ? p.positional[0] : `pod/${p.positional[0]}`, '-n', flag(p, 'namespace') || 'default', '-o', 'json']);
    let image = '';
    let pod = p.positional[0];
    let name = container;
    try {
      const o = JSON.parse(info.stdout);
      if (o.kind === 'Pod') {
        pod = o.metadata.name;
        const cs = o.spec.containers ?? [];
        const c = cs.find((x: { name: string }) => x.name === (container ?? cs[0]?.name));
        image = c?.image ?? '';
        name = c?.name;
      }
    } catch {
      // A workload reference: its pod was checked by the probe above; the image only shapes the prompt.
    }
    if (!isInteractiveShell(image || 'busybox', p.rest)) {
      const r = await this.backend.kubectl(args);
      return { output: r.stdout + r.stderr, exitCode: r.exitCode };
    }
    const shell = new ContainerShell(this.backend, { pod, namespace: flag(p, 'namespace') || 'default', container: name ?? pod, image, shell: p.rest[0] });
    const cwd = probe.stdout.replace(note, '').trim();
    if (cwd.startsWith('/')) shell.cwd = cwd;
    this.enterContainer(shell, async () => '');
    return { output: note, exitCode: 0 };
  }

  /** `kubectl edit` in VS Code: the live object in an editor tab; saving applies the changes as a patch. */
  private async edit(args: string[]): Promise<CommandResult> {
    const p = (() => {
      try {
        return parseArgs(args.slice(1), { values: { namespace: 'n', output: 'o', filename: 'f' }, bools: {} }, 'edit');
      } catch (e) {
        return e as Error;
      }
    })();
    if (p instanceof Error || p.positional.length === 0) {
      const r = await this.backend.kubectl(args);
      return { output: r.stdout + r.stderr, exitCode: r.exitCode };
    }
    const nsArgs = flag(p, 'namespace') ? ['-n', flag(p, 'namespace')!] : [];
    const got = await this.backend.kubectl(['get', ...p.positional, ...nsArgs, '-o', 'json']);
    if (got.exitCode !== 0) return { output: got.stdout + got.stderr, exitCode: got.exitCode };
    const before = JSON.parse(got.stdout);
    if (before.kind === 'List') return fail('error: "kubectl edit" of several objects at once is not simulated: edit one object at a time\n');
    const ref = `${String(before.kind).toLowerCase()}/${before.metadata.name}`;
    const text = editableYaml(before);
    const saved = await this.editor!(ref, text);
    if (saved === undefined || saved === text) return ok('Edit cancelled, no changes made.\n');
    let after: unknown;
    try {
      after = parseYaml(saved);
    } catch (e) {
      return fail(`error: ${ref} is invalid: error converting YAML to JSON: ${(e as Error).message.split('\n')[0]}\n`);
    }
    const patchBody = mergePatchBetween(stripForEdit(before), after);
    if (patchBody === undefined || Object.keys(patchBody as object).length === 0) return ok('Edit cancelled, no changes made.\n');
    // As kubectl edit sends it: a patch under the manager kubectl-edit.
    const r = await this.backend.kubectl(['patch', ...p.positional, ...nsArgs, '--type', 'merge', '-p', JSON.stringify(patchBody), '--field-manager', 'kubectl-edit']);
    if (r.exitCode !== 0) return { output: `error: ${ref} could not be patched:\n` + r.stdout + r.stderr, exitCode: r.exitCode };
    return ok(r.stdout.replace(/ patched( \(no change\))?$/m, ' edited'));
  }

  /**
   * `kubectl drain`: when a PodDisruptionBudget refuses an eviction (429), kubectl retries that pod
   * every 5 s until the budget allows it or `--timeout` passes; so does the shell, in virtual time.
   */
  private async drain(args: string[]): Promise<CommandResult> {
    const r = await this.backend.kubectl(args);
    const output = r.stdout + r.stderr;
    if (r.exitCode !== 0 || !RETRY_LINE.test(output)) return { output, exitCode: r.exitCode };
    return { output, watcher: new DrainWatcher(this.backend, args, output), exitCode: 0 };
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
    if (r.exitCode !== 0 || !/^[Ww]aiting for/m.test(text)) {
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

const RETRY_LINE = /^error when evicting pods\/"([^"]+)" -n "([^"]+)" \(will retry after 5s\): .*$/m;

/**
 * The retries of a drain whose evictions a budget refused: every 5 virtual seconds the same
 * `kubectl drain` again (the node is cordoned already and the pods evicted so far are
 * terminating, so it evicts only those left); its eviction lines are printed, the cordon and
 * DaemonSet lines already were. At `--timeout` the pods left fail as kubectl reports them.
 */
export class DrainWatcher implements Watcher {
  finished = false;
  exitCode = 0;
  readonly runsToEnd = true;
  private readonly node: string;
  private readonly timeout?: number;
  private readonly started: number;
  private next: number;
  private pending: { name: string; namespace: string }[];

  constructor(private readonly backend: ClusterBackend, private readonly argv: string[], first: string) {
    let p;
    try {
      p = parseArgs(argv.slice(1), DRAIN_FLAGS, 'drain');
    } catch {
      p = undefined;
    }
    this.node = p?.positional[0] ?? '';
    const t = p ? flag(p, 'timeout') : undefined;
    const secs = t !== undefined ? parseDuration(t) : undefined;
    this.timeout = secs && secs > 0 ? secs : undefined;
    this.started = backend.time;
    this.next = backend.time + 5;
    this.pending = refusedPods(first);
  }

  async start(): Promise<string> {
    return '';
  }

  async poll(): Promise<string> {
    if (this.finished || this.backend.time + 1e-9 < this.next) return '';
    this.next += 5;
    if (this.timeout !== undefined && this.backend.time - this.started >= this.timeout) {
      // kubectl prints the attempt, then finds its deadline passed.
      this.finished = true;
      this.exitCode = 1;
      const t = goDuration(this.timeout);
      const errors = this.pending.map((x) => `error when evicting pods/"${x.name}" -n "${x.namespace}": global timeout reached: ${t}`);
      return this.pending.map((x) => `evicting pod ${x.namespace}/${x.name}\n`).join('') + drainFailure(this.node, errors, this.pending.map((x) => x.name)) + '\n';
    }
    const r = await this.backend.kubectl(this.argv);
    const text = r.stdout + r.stderr;
    if (r.exitCode !== 0) {
      this.finished = true;
      this.exitCode = r.exitCode;
      return text.split('\n').filter((l) => !/^node\/\S+ (already )?cordoned$/.test(l) && !l.startsWith('Warning: ignoring DaemonSet-managed Pods')).join('\n');
    }
    this.pending = refusedPods(text);
    if (!this.pending.length) this.finished = true;
    return text.split('\n').filter((l) => !/^node\/\S+ (already )?cordoned$/.test(l) && !l.startsWith('Warning: ignoring DaemonSet-managed Pods')).join('\n');
  }
}

function refusedPods(text: string): { name: string; namespace: string }[] {
  return [...text.matchAll(new RegExp(RETRY_LINE.source, 'gm'))].map((m) => ({ name: m[1], namespace: m[2] }));
}

const GET_VALUE_FLAGS = new Set(['-n', '--namespace', '-l', '--selector', '-o', '--output', '--field-selector', '--sort-by', '-L', '--label-columns']);

/** The positional words of a command line (flags and their values left out). */
function positionalOf(args: string[], valueFlags: Set<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    if (a.startsWith('-')) {
      if (valueFlags.has(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** An attached run's watch; when it ends in a container shell, the session continues there. */
class AttachThen implements Watcher {
  readonly runsToEnd = true;
  constructor(private readonly inner: AttachedRun, private readonly then: () => string) {}
  get finished(): boolean {
    return this.inner.finished;
  }
  start(): Promise<string> {
    return this.inner.start();
  }
  async poll(): Promise<string> {
    const out = await this.inner.poll();
    return this.inner.finished ? out + this.then() : out;
  }
}

/** The same watch, with control characters of its output made visible. */
function escapingWatcher(w: Watcher): Watcher {
  return {
    start: async () => escapeTerminal(await w.start()),
    poll: async () => escapeTerminal(await w.poll()),
    get finished() {
      return w.finished;
    },
    get runsToEnd() {
      return w.runsToEnd;
    },
    get exitCode() {
      return w.exitCode;
    },
  };
}
