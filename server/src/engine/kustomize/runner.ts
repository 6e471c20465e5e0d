import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, isAbsolute, join, relative } from 'node:path';

/**
 * Runs the real kustomize on one kustomization folder: `kustomize build` or `kubectl kustomize`,
 * whichever is found (or the command the user set). The one program ever run on a workspace, so
 * it runs with everything that could execute or fetch anything switched off (docs/security.md):
 * exec and container plugins and Helm inflation are never enabled (and disabled explicitly where
 * the flag exists), proxies point nowhere so a remote base fails at once with kustomize's own
 * message, git may use local files only, and a time limit ends it.
 */

export interface KustomizeTool {
  /** The executable (absolute, or a name looked up on PATH). */
  command: string;
  /** The arguments before the folder: `['build', ...]` or `['kustomize', ...]`. */
  args: string[];
  /** How it is shown to the user: `kubectl kustomize`, `kustomize build`. */
  label: string;
}

export interface BuildOutput {
  ok: boolean;
  /** The rendered YAML (stdout) when ok. */
  yaml: string;
  /** kustomize's error, cleaned of log prefixes, when not ok. */
  error: string;
  timedOut: boolean;
}

export const DEFAULT_TIMEOUT_MS = 20_000;
const MAX_OUTPUT = 64 * 1024 * 1024;

/** Looks a program up on PATH (no shell involved). */
function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    // Absolute entries only: `.` or an empty entry would find a program the workspace ships.
    if (!dir || !isAbsolute(dir)) continue;
    for (const ext of exts) {
      const p = join(dir, name + ext);
      try {
        if (statSync(p).isFile()) return p;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** The tool for a configured command (a path or name of `kustomize` or `kubectl`). */
function toolFor(command: string): KustomizeTool {
  const isKubectl = /kubectl(?:\.exe)?$/i.test(basename(command));
  // Plugins (exec and container KRM functions) and Helm are off by default; say so explicitly
  // wherever the tool has the flag, so a changed default can never turn them on.
  return isKubectl
    ? { command, args: ['kustomize', '--enable-alpha-plugins=false', '--enable-helm=false', '--network=false'], label: 'kubectl kustomize' }
    : { command, args: ['build', '--enable-alpha-plugins=false', '--enable-exec=false', '--enable-helm=false', '--network=false'], label: 'kustomize build' };
}

/**
 * The kustomize to use: the configured command when set, else `kustomize` on PATH, else
 * `kubectl` on PATH; undefined when there is none.
 */
export function findKustomize(configured?: string, env: NodeJS.ProcessEnv = process.env): KustomizeTool | undefined {
  if (configured && configured.trim()) {
    const c = configured.trim();
    // A path must be absolute (a relative one would be resolved against whatever folder we run in).
    const resolved = c.includes('/') || c.includes('\\') ? (isAbsolute(c) && existsSync(c) ? c : undefined) : onPath(c, env);
    return resolved ? toolFor(resolved) : undefined;
  }
  const kustomize = onPath('kustomize', env);
  if (kustomize) return toolFor(kustomize);
  const kubectl = onPath('kubectl', env);
  return kubectl ? toolFor(kubectl) : undefined;
}

/** The environment kustomize runs in: no way to reach the network, no prompts. */
function sandboxEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'PATHEXT', 'SYSTEMROOT', 'HOME', 'USERPROFILE', 'TMPDIR', 'TEMP', 'TMP', 'LANG']) if (process.env[k] !== undefined) env[k] = process.env[k];
  const nowhere = 'http://127.0.0.1:9';
  for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) env[k] = nowhere;
  env.NO_PROXY = '';
  env.no_proxy = '';
  env.GIT_ALLOW_PROTOCOL = 'file';
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_CONFIG_NOSYSTEM = '1';
  // kubectl must not read a kubeconfig for this (it never needs a cluster to build).
  env.KUBECONFIG = join(tmpdir(), 'kube-rehearsal-no-kubeconfig');
  return env;
}

/** kubectl's klog prefix (`E1207 05:10:56.9 13812 run.go:72] "command failed" err=...`) and kustomize's `Error: `, removed. */
export function cleanError(stderr: string): string {
  let s = stderr.replace(/^# Warning:.*$/gm, '').trim();
  const klog = /^[EWIF]\d{4} [\d:.]+\s+\d+ [\w.]+:\d+\] "command failed" err=(?:<\n?([\s\S]*?)\n?\s*>|"((?:[^"\\]|\\.)*)")\s*$/m.exec(s);
  if (klog) s = klog[1] !== undefined ? klog[1] : klog[2].replace(/\\"/g, '"').replace(/\\n/g, '\n');
  s = s.replace(/^Error: /, '').replace(/^\t/gm, '').trim();
  return s || 'kustomize failed without a message';
}

function run(tool: KustomizeTool, folder: string, timeoutMs: number, signal?: AbortSignal): Promise<BuildOutput> {
  return new Promise((resolve) => {
    execFile(
      tool.command,
      [...tool.args, folder],
      { env: sandboxEnv(), timeout: timeoutMs, maxBuffer: MAX_OUTPUT, windowsHide: true, signal, cwd: tmpdir() },
      (err, stdout, stderr) => {
        if (!err) return resolve({ ok: true, yaml: stdout, error: '', timedOut: false });
        const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string };
        const timedOut = !!e.killed && e.signal === 'SIGTERM' && !signal?.aborted;
        const error = timedOut ? `${tool.label} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped` : e.code === 'ENOENT' ? `${tool.command} was not found` : cleanError(String(stderr || e.message));
        resolve({ ok: false, yaml: '', error, timedOut });
      },
    );
  });
}

export interface RootBuild {
  /** `kustomize build <root>` as is: what `kubectl apply -k` sends. */
  plain: BuildOutput;
  /**
   * The same build through a wrapper kustomization with `buildMetadata: [originAnnotations]`:
   * every object carries `config.kubernetes.io/origin`, its source file (relative to `wrapperDir`).
   */
  annotated: BuildOutput;
  wrapperDir: string;
}

/**
 * Builds a root twice, in parallel: as is (the objects that are checked and simulated) and through
 * a temporary wrapper that names it by relative path and asks for origin annotations (where each
 * object came from). The wrapper folder is removed afterwards.
 */
export async function buildRoot(tool: KustomizeTool, rootDir: string, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<RootBuild> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return withBuildSlot(async () => {
    const wrapperDir = mkdtempSync(join(tmpdir(), 'kube-rehearsal-kustomize-'));
    try {
      let rel = relative(wrapperDir, rootDir).split('\\').join('/');
      // Another drive on Windows has no relative path: an absolute one is the only way there.
      if (isAbsolute(rel)) rel = rootDir;
      writeFileSync(join(wrapperDir, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- ${JSON.stringify(rel)}\nbuildMetadata: [originAnnotations]\n`);
      const [plain, first] = await Promise.all([run(tool, rootDir, timeoutMs, options.signal), run(tool, wrapperDir, timeoutMs, options.signal)]);
      let annotated = first;
      // Without origins every finding of this build would land on the kustomization instead of its
      // source line, and a finding shared with another build would name only that one: a transient
      // failure (a time limit hit on a busy machine) must not change where findings are shown, so
      // the annotated build is tried once more on its own.
      if (plain.ok && !annotated.ok && !options.signal?.aborted) annotated = await run(tool, wrapperDir, timeoutMs, options.signal);
      return { plain, annotated, wrapperDir };
    } finally {
      rmSync(wrapperDir, { recursive: true, force: true });
    }
  });
}

/**
 * Roots built at the same time (each is two kustomize processes). Dozens of roots started at
 * once on a small machine make every build slow enough to hit its time limit, and which one hits
 * it would change from run to run.
 */
export const MAX_PARALLEL_BUILDS = 4;
let activeBuilds = 0;
const waitingBuilds: (() => void)[] = [];

async function withBuildSlot<T>(work: () => Promise<T>): Promise<T> {
  if (activeBuilds >= MAX_PARALLEL_BUILDS) await new Promise<void>((go) => waitingBuilds.push(go));
  else activeBuilds++;
  try {
    return await work();
  } finally {
    // The slot passes straight to the next waiting build (activeBuilds stays counted for it).
    const next = waitingBuilds.shift();
    if (next) next();
    else activeBuilds--;
  }
}
