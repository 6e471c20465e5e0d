import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Simulation } from '../sim';
import type { KObject } from '../sim/types';
import { escapeTerminal } from '../engine/terminalText';
import { ContainerShell, isInteractiveShell } from '../shell/attached';
import { SimulationBackend } from '../shell/backend';
import { LineEditor } from '../shell/lineEditor';
import { acceptUpgrade, chooseProtocol, CLOSE, ERROR, refuseUpgrade, STDIN, STDOUT, type ChannelSocket } from './websocket';
import { execStartFailure } from '../sim/kubelet/execFailure';
import { servePortForward } from './portForward';

/**
 * `pods/exec` and `pods/attach` over the WebSocket protocol kubectl 1.30+ speaks
 * (`v5.channel.k8s.io`, else v4). Everything runs in the behaviour model's interpreter, as
 * `kubectl exec` and `run -it` in the simulated shell do: nothing is executed on this machine.
 *
 * - A command without stdin runs at once; its output and exit code come back.
 * - With stdin and no terminal (`exec -i`, input piped), the input is read to its end (v5 lets the
 *   client say so) and the command reads it: `sh` runs it as its script.
 * - With a terminal (`-it`) and a shell, the session is the built-in shell's container shell: this
 *   side is the terminal's line discipline (echo, editing, Ctrl+C, Ctrl+D), and each line runs
 *   after the earlier ones are replayed, so `cd`, variables and files carry over.
 * - `attach` to a container whose shell reads stdin is the same session; when the client closes
 *   stdin (`stdinOnce`), the container's shell exits with the session's status, so the pod
 *   completes as `kubectl run -i --rm --restart=Never` expects. Attaching to any other container
 *   streams its output until its run ends.
 */

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

type Status = Record<string, unknown>;

const failure = (code: number, reason: string, message: string): Status => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
const SUCCESS: Status = { metadata: {}, status: 'Success' };

function exitStatus(code: number, command: string[]): Status {
  if (code === 0) return SUCCESS;
  return {
    metadata: {}, status: 'Failure', message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

export interface PodStream {
  /** Called on every clock tick (attach follows the container's output). */
  onTick?(): void;
  end(): void;
}

interface Request {
  sim: Simulation;
  ws: ChannelSocket;
  pod: KObject;
  container: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

/** What the upgrade asks for: flags in the query as kubectl sends them (`stdin=true`, `tty=1`). */
const flag = (q: URLSearchParams, name: string) => q.get(name) === 'true' || q.get(name) === '1';

/**
 * Handles an upgrade request for pods/exec or pods/attach, and hands pods/portforward to
 * portForward.ts (the HTTP answer is an error Status when it is not one this serves). Returns the
 * stream when it needs the clock.
 */
export function servePodStream(sim: Simulation, req: IncomingMessage, socket: Duplex, authorized: boolean): PodStream | undefined {
  if (!authorized) return void refuseUpgrade(socket, 401, failure(401, 'Unauthorized', 'Unauthorized'));
  const url = new URL(req.url ?? '/', 'http://localhost');
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)$/.exec(url.pathname);
  if (!m) return void refuseUpgrade(socket, 404, failure(404, 'NotFound', 'the server could not find the requested resource'));
  const [, namespace, name, sub] = m.map(decodeURIComponent);
  if (sub === 'portforward') return void servePortForward(sim, req, socket, namespace, name);
  const protocol = chooseProtocol(req, PROTOCOLS);
  if (!protocol) return void refuseUpgrade(socket, 400, failure(400, 'BadRequest', `kube-rehearsal serve speaks the WebSocket protocols ${PROTOCOLS.join(', ')} for pods/${sub} (kubectl 1.30 or later)`));
  const q = url.searchParams;
  const pod = sim.core.store.get('Pod', namespace, name);
  const container = q.get('container') ?? pod?.spec?.containers?.[0]?.name;
  let session: Session | undefined;
  const ws = acceptUpgrade(req, socket, protocol, {
    onMessage: (channel, data) => session?.message(channel, data),
    onClose: () => session?.clientClosed(),
  });
  const finish = (status: Status, output = '') => {
    if (output) ws.send(STDOUT, output);
    ws.send(ERROR, JSON.stringify(status));
    ws.close();
  };
  if (!pod) return void finish(failure(404, 'NotFound', `pods "${name}" not found`));
  const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c: { name: string }) => c.name === container);
  if (!spec) return void finish(failure(400, 'BadRequest', `container ${container} is not valid for pod ${name}`));
  const r: Request = { sim, ws, pod, container: container!, command: q.getAll('command'), stdin: flag(q, 'stdin'), tty: flag(q, 'tty') };
  sim.runUntil(sim.time);
  if (sub === 'exec') {
    if (r.command.length === 0) return void finish(failure(400, 'BadRequest', 'you must specify at least one command for the container'));
    if (r.stdin && r.tty && isInteractiveShell(spec.image ?? '', r.command)) {
      // A shell the image does not have fails at once, as the runtime's exec does.
      const probe = execute(r, [r.command[0], '-c', 'true']);
      if (probe.status.reason === 'InternalError') return void finish(probe.status);
      session = new TerminalSession(r, r.command[0].split('/').pop()!, (code) => finish(exitStatus(code, r.command)));
    }
    else if (r.stdin) session = new PipedSession(r, (input) => {
      const { status, output } = execute(r, r.command, input);
      finish(status, output);
    });
    else {
      const { status, output } = execute(r, r.command);
      return void finish(status, r.tty ? crlf(output) : output);
    }
    return { end: () => ws.close() };
  }
  // attach: to the container's main process.
  const main = [...(spec.command ?? []), ...(spec.args ?? [])] as string[];
  const running = (): boolean => {
    const p = sim.core.store.get('Pod', namespace, name);
    return !!statusOf(p, r.container)?.state?.running;
  };
  if (!running()) return void finish(failure(400, 'BadRequest', `container ${r.container} not found in pod ${name}`));
  if (r.stdin && spec.stdin && isInteractiveShell(spec.image ?? '', main)) {
    const shell = main.length ? main[0].split('/').pop()! : 'sh';
    const closeStdin = (code: number) => {
      // The shell reads end-of-input and exits; what follows (the pod completing) the client watches for.
      sim.core.closeStdin?.(pod, r.container, code);
      sim.runUntil(sim.time);
    };
    if (r.tty) session = new TerminalSession(r, shell, (code) => {
      closeStdin(code);
      finish(SUCCESS);
    });
    else session = new PipedSession(r, (input) => {
      const { status, output } = execute(r, [shell], input);
      const code = Number(((status.details as { causes?: { message: string }[] } | undefined)?.causes ?? [])[0]?.message ?? 0);
      closeStdin(code);
      finish(SUCCESS, output);
    });
    return { end: () => ws.close() };
  }
  return followOutput(r, running, () => finish(SUCCESS));
}

function statusOf(pod: KObject | undefined, container: string): { state?: { running?: { startedAt?: string } } } | undefined {
  return [...(pod?.status?.initContainerStatuses ?? []), ...(pod?.status?.containerStatuses ?? [])].find((s: { name: string }) => s.name === container);
}

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/** One exec in the interpreter, as its Status and output. */
function execute(r: Request, command: string[], stdin?: string): { status: Status; output: string } {
  r.sim.runUntil(r.sim.time);
  const pod = r.sim.core.store.get('Pod', r.pod.metadata.namespace, r.pod.metadata.name);
  const res = pod ? r.sim.core.execSource?.(pod, r.container, command, stdin) : undefined;
  if (!pod) return { status: failure(404, 'NotFound', `pods "${r.pod.metadata.name}" not found`), output: '' };
  if (!res || 'error' in res) return { status: failure(500, 'InternalError', `Internal error occurred: ${res && 'error' in res ? res.error : `container not found ("${r.container}")`}`), output: '' };
  if (res.notFound)
    return { status: failure(500, 'InternalError', execStartFailure(pod, r.container, command, r.sim.core.now, res.startError ?? `exec: "${command[0]}": executable file not found in $PATH`)), output: '' };
  return { status: exitStatus(res.exitCode ?? 0, command), output: res.output };
}

interface Session {
  message(channel: number, data: Uint8Array): void;
  clientClosed(): void;
}

/** stdin without a terminal: read to its end (v5's close of stream 0), then run. */
class PipedSession implements Session {
  private readonly chunks: string[] = [];
  private done = false;
  private readonly decoder = new TextDecoder();

  constructor(private readonly r: Request, private readonly run: (input: string) => void) {}

  message(channel: number, data: Uint8Array): void {
    if (channel === STDIN) this.chunks.push(this.decoder.decode(data, { stream: true }));
    else if (channel === CLOSE && data[0] === STDIN) this.end();
  }

  clientClosed(): void {
    this.end();
  }

  private end(): void {
    if (this.done) return;
    this.done = true;
    // Run even when the client went away: an attached shell still exits when its stdin closes.
    this.run(this.chunks.join('') + this.decoder.decode());
  }
}

/**
 * A terminal on a container shell: echo and line editing happen here (the terminal's line
 * discipline), each line runs in the simulated shell, output goes back with CR LF.
 */
class TerminalSession implements Session {
  private readonly editor = new LineEditor();
  private readonly shell: ContainerShell;
  private lastCode = 0;
  private queue: Promise<void> = Promise.resolve();
  private done = false;
  private readonly decoder = new TextDecoder();

  constructor(private readonly r: Request, program: string, private readonly ended: (code: number) => void) {
    const { metadata } = r.pod;
    this.shell = new ContainerShell(new SimulationBackend(r.sim), { pod: metadata.name, namespace: metadata.namespace ?? 'default', container: r.container, image: containerImage(r.pod, r.container), shell: program });
    r.ws.send(STDOUT, this.shell.prompt);
  }

  message(channel: number, data: Uint8Array): void {
    if (channel === CLOSE && data[0] === STDIN) return this.clientClosed();
    if (channel !== STDIN) return;
    const text = this.decoder.decode(data, { stream: true });
    this.queue = this.queue.then(() => this.keys(text)).catch(() => undefined);
  }

  clientClosed(): void {
    this.queue = this.queue.then(() => this.finish(this.lastCode));
  }

  private write(text: string): void {
    this.r.ws.send(STDOUT, text);
  }

  private async keys(text: string): Promise<void> {
    const events = this.editor.feed(text);
    for (const [i, e] of events.entries()) {
      if (this.done) return;
      switch (e.type) {
        case 'changed':
          // Drawn with the submitted line when Enter follows in the same input (a paste).
          if (events[i + 1]?.type !== 'submit') this.write(this.editor.render(this.shell.prompt));
          break;
        case 'interrupt': this.write('^C\r\n' + this.shell.prompt); break;
        case 'clear': this.write('\x1b[2J\x1b[H' + this.editor.render(this.shell.prompt)); break;
        case 'complete': break;
        case 'eof':
          this.write('\r\n');
          return this.finish(this.lastCode);
        case 'submit': {
          // The line as submitted (a paste ending in Enter was never drawn).
          this.write(`\r${this.shell.prompt}${e.line}\x1b[K\r\n`);
          const exit = /^\s*(?:exit|logout)(?:\s+(\d+))?\s*;?\s*$/.exec(e.line);
          if (exit) return this.finish(exit[1] !== undefined ? Number(exit[1]) & 255 : this.lastCode);
          this.r.sim.runUntil(this.r.sim.time);
          const res = await this.shell.execute(e.line);
          if (!res) return this.finish(this.lastCode);
          this.write(crlf(escapeTerminal(res.output)));
          if (res.ended) return this.finish(res.exitCode);
          if (e.line.trim()) this.lastCode = res.exitCode;
          this.write(this.shell.prompt);
          break;
        }
      }
    }
  }

  private finish(code: number): void {
    if (this.done) return;
    this.done = true;
    this.ended(code);
  }
}

function containerImage(pod: KObject, container: string): string {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c: { name: string }) => c.name === container)?.image ?? '';
}

/** attach to a container that does not read a terminal: its output as it is written, until its run ends. */
function followOutput(r: Request, running: () => boolean, done: () => void): PodStream {
  let sent = 0;
  const { namespace, name } = r.pod.metadata;
  const startedAt = statusOf(r.sim.core.store.get('Pod', namespace, name), r.container)?.state?.running?.startedAt;
  const stream: PodStream = {
    onTick: () => {
      if (r.ws.closed) return;
      const pod = r.sim.core.store.get('Pod', namespace, name);
      const same = !!pod && running() && statusOf(pod, r.container)?.state?.running?.startedAt === startedAt;
      // The run attached to: after it ends its last lines are its previous log.
      const res = pod ? r.sim.core.logSource?.(pod, r.container, !same && running()) : undefined;
      const lines = res?.lines ?? [];
      if (lines.length > sent) r.ws.send(1, (r.tty ? crlf : (t: string) => t)(lines.slice(sent).map((l) => l + '\n').join('')));
      sent = Math.max(sent, lines.length);
      if (!same) done();
    },
    end: () => r.ws.close(),
  };
  stream.onTick!();
  return stream;
}
