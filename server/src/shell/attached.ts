import type { ClusterBackend } from './backend';
import type { Watcher } from './watch';

/**
 * The kubectl commands that stay attached while virtual time passes: `delete` waiting for the
 * objects to be gone, `run -i/-t/--attach` following the container (then `--rm`), `port-forward`
 * holding until Ctrl+C, and the interactive shell of `exec -it ... -- sh` / `run -it ... -- sh`
 * (each line interpreted by the container's behaviour model; nothing runs on this machine).
 */

export interface ObjectRef {
  /** `pods`, `deployments.apps`: the form `get` and messages take. */
  resource: string;
  name: string;
  namespace?: string;
}

/** `pod "web" deleted from default namespace` lines -> what to wait for. */
export function deletedRefs(output: string): ObjectRef[] {
  const out: ObjectRef[] = [];
  for (const m of output.matchAll(/^(\S+) "([^"]+)" (?:force )?deleted(?: from (\S+) namespace)?$/gm)) out.push({ resource: m[1], name: m[2], namespace: m[3] });
  return out;
}

/**
 * Still terminating: the object is there with its deletionTimestamp. One there without it is a new
 * object of the same name (a controller's own, such as a namespace's `default` ServiceAccount,
 * made again at once), which kubectl's wait, by uid, does not wait for.
 */
async function exists(backend: ClusterBackend, r: ObjectRef): Promise<boolean> {
  const res = await backend.kubectl(['get', `${r.resource}/${r.name}`, '-o', 'jsonpath={.metadata.deletionTimestamp}', ...(r.namespace ? ['-n', r.namespace] : [])]);
  return res.exitCode === 0 && res.stdout.trim() !== '';
}

/** `kubectl delete` waits until each deleted object is gone (graceful termination passes in virtual time). */
export class DeleteWaiter implements Watcher {
  finished = false;
  readonly runsToEnd = true;

  constructor(private readonly backend: ClusterBackend, private readonly refs: ObjectRef[]) {}

  async start(): Promise<string> {
    await this.poll();
    return '';
  }

  async poll(): Promise<string> {
    for (const r of this.refs) if (await exists(this.backend, r)) return '';
    this.finished = true;
    return '';
  }
}

/** `kubectl port-forward`: the Forwarding lines were printed; it holds until interrupted. */
export class HoldWatcher implements Watcher {
  async start(): Promise<string> {
    return '';
  }
  async poll(): Promise<string> {
    return '';
  }
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'zsh', 'dash']);
/** Images whose default command is a shell (an interactive one with -it). */
const SHELL_IMAGES = new Set(['busybox', 'alpine', 'ubuntu', 'debian', 'centos', 'fedora', 'amazonlinux', 'rockylinux', 'almalinux']);

function imageBase(image: string): string {
  return image.split('/').pop()!.split('@')[0].split(':')[0];
}

/** The command runs an interactive shell (so `-it` leads to a prompt rather than a stream of output). */
export function isInteractiveShell(image: string, command: string[]): boolean {
  if (command.length === 0) return SHELL_IMAGES.has(imageBase(image));
  const base = command[0].split('/').pop()!;
  if (!SHELLS.has(base)) return false;
  // `sh -c 'script'` runs a script; `sh`, `sh -i`, `sh -l` wait for input.
  return !command.slice(1).some((a) => a === '-c' || !a.startsWith('-'));
}

/** The prompt a root shell of this image shows (`/ # ` on busybox and alpine, bash's `root@pod:/# ` elsewhere). */
export function shellPrompt(image: string, pod: string, cwd: string): string {
  const base = imageBase(image);
  if (base === 'busybox' || base === 'alpine' || base.includes('alpine')) return `${cwd} # `;
  return `root@${pod}:${cwd}# `;
}

export interface ContainerTarget {
  pod: string;
  namespace: string;
  container: string;
  image: string;
  /** The shell program to run lines with (`sh`, `bash`). */
  shell: string;
}

const MARK = '__kube_rehearsal_line__';
const CWD_MARK = '__kube_rehearsal_cwd__';

/**
 * An interactive shell in a container. The behaviour model interprets each command afresh, so a
 * line runs after the lines before it are replayed silently: `cd`, variables and files written
 * earlier in the session carry over, as in a real shell.
 */
export class ContainerShell {
  private readonly lines: string[] = [];
  cwd = '/';

  constructor(private readonly backend: ClusterBackend, readonly target: ContainerTarget) {}

  get prompt(): string {
    return shellPrompt(this.target.image, this.target.pod, this.cwd);
  }

  /** Runs one line; `exit` ends the session (returns undefined). */
  async execute(line: string): Promise<{ output: string; exitCode: number; ended?: boolean } | undefined> {
    const text = line.trim();
    if (/^(exit|logout)(\s+\d+)?\s*;?$/.test(text)) return undefined;
    if (!text) return { output: '', exitCode: 0 };
    const script = [...this.lines, `echo ${MARK}`, text, '__rc=$?', `echo ${CWD_MARK}`, 'pwd', 'exit $__rc'].join('\n');
    const t = this.target;
    const r = await this.backend.kubectl(['exec', t.pod, '-n', t.namespace, '-c', t.container, '--', t.shell, '-c', script]);
    const all = r.stdout;
    const start = all.indexOf(MARK + '\n');
    if (start < 0) {
      // The container is gone or exec failed: say so, as kubectl would, and leave the session.
      return { output: r.stdout + r.stderr, exitCode: r.exitCode === 0 ? 1 : r.exitCode, ended: true };
    }
    let body = all.slice(start + MARK.length + 1);
    const cwdAt = body.lastIndexOf(CWD_MARK + '\n');
    if (cwdAt >= 0) {
      const cwd = body.slice(cwdAt + CWD_MARK.length + 1).split('\n')[0];
      if (cwd.startsWith('/')) this.cwd = cwd;
      body = body.slice(0, cwdAt);
    }
    this.lines.push(text);
    // kubectl's "command terminated" line belongs to the exec of the whole script, not to the user's shell.
    const stderr = r.stderr.replace(/^command terminated with exit code \d+\n/m, '');
    return { output: body + stderr, exitCode: r.exitCode };
  }
}

export interface AttachOptions {
  pod: string;
  namespace: string;
  container: string;
  image: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
  rm: boolean;
  restart: string;
  /** Virtual seconds to wait for the pod to run (`--pod-running-timeout`, default 1m). */
  timeout: number;
}

interface PodView {
  phase?: string;
  state?: { running?: unknown; terminated?: { exitCode: number; reason?: string }; waiting?: { reason?: string } };
  restarts: number;
}

async function podView(backend: ClusterBackend, o: AttachOptions): Promise<PodView | undefined> {
  const r = await backend.kubectl(['get', 'pod', o.pod, '-n', o.namespace, '-o', 'json']);
  if (r.exitCode !== 0) return undefined;
  try {
    const pod = JSON.parse(r.stdout);
    const st = (pod.status?.containerStatuses ?? []).find((c: { name: string }) => c.name === o.container);
    return { phase: pod.status?.phase, state: st?.state, restarts: st?.restartCount ?? 0 };
  } catch {
    return undefined;
  }
}

/** The end of an attached `kubectl run`: `--rm` deletes the pod, otherwise kubectl says how to come back. */
export async function endAttachedRun(backend: ClusterBackend, o: AttachOptions): Promise<string> {
  if (o.rm) {
    const r = await backend.kubectl(['delete', 'pod', o.pod, '-n', o.namespace, '--wait=false']);
    // kubectl waits for the deletion to finish before it returns.
    const w = new DeleteWaiter(backend, deletedRefs(r.stdout));
    for (let waited = 0; !w.finished && waited < 120; waited += 0.25) {
      await w.poll();
      if (!w.finished) await backend.advance(0.25);
    }
    return r.stdout + r.stderr;
  }
  if (o.tty && o.restart === 'Always') return `Session ended, resume using 'kubectl attach ${o.pod} -c ${o.container} -i -t' command when the pod is running\n`;
  return '';
}

/**
 * `kubectl run -i/-t/--attach`: waits for the pod to run, then either hands over to an
 * interactive container shell or prints the container's output as it happens until it exits.
 */
export class AttachedRun implements Watcher {
  finished = false;
  readonly runsToEnd = true;
  exitCode = 0;
  /** Set when the container runs an interactive shell: the session continues inside it. */
  shell?: ContainerShell;
  private printed = 0;
  private readonly started: number;
  private attached = false;

  constructor(private readonly backend: ClusterBackend, readonly opts: AttachOptions) {
    this.started = backend.time;
  }

  async start(): Promise<string> {
    return this.poll();
  }

  async poll(): Promise<string> {
    if (this.finished) return '';
    const o = this.opts;
    const v = await podView(this.backend, o);
    if (!v) {
      this.finished = true;
      this.exitCode = 1;
      return `error: pods "${o.pod}" not found\n`;
    }
    const running = v.phase === 'Running' && !!v.state?.running;
    const ended = v.phase === 'Succeeded' || v.phase === 'Failed' || !!v.state?.terminated || v.restarts > 0;
    if (!this.attached && !running && !ended) {
      if (this.backend.time - this.started >= o.timeout) {
        this.finished = true;
        this.exitCode = 1;
        return 'error: timed out waiting for the condition\n';
      }
      return '';
    }
    let out = '';
    if (!this.attached) {
      this.attached = true;
      if (o.tty) out += "If you don't see a command prompt, try pressing enter.\n";
      if (running && o.stdin && o.tty && isInteractiveShell(o.image, o.command)) {
        const shell = o.command.length ? o.command[0].split('/').pop()! : 'sh';
        this.shell = new ContainerShell(this.backend, { pod: o.pod, namespace: o.namespace, container: o.container, image: o.image, shell });
        this.finished = true;
        return out;
      }
    }
    const logs = await this.backend.kubectl(['logs', o.pod, '-n', o.namespace, '-c', o.container, ...(v.restarts > 0 && !v.state?.terminated ? ['--previous'] : [])]);
    if (logs.exitCode === 0) {
      const lines = logs.stdout.split('\n').slice(0, -1);
      out += lines.slice(this.printed).map((l) => l + '\n').join('');
      this.printed = Math.max(this.printed, lines.length);
    }
    if (ended) {
      this.finished = true;
      const code = v.state?.terminated?.exitCode ?? 0;
      out += await endAttachedRun(this.backend, o);
      if (code !== 0 && !o.rm) out += `pod ${o.namespace}/${o.pod} terminated (${v.state?.terminated?.reason ?? 'Error'})\n`;
      this.exitCode = code;
    }
    return out;
  }
}
