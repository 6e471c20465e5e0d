import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * Reads committed manifests with the git CLI. Only plumbing commands that never run filters,
 * hooks, textconv or fsmonitor are used (rev-parse, ls-tree, cat-file), so nothing configured by
 * the workspace's repository is executed.
 */

const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'protocol.allow=never'];
const MAX_BUFFER = 32 * 1024 * 1024;

export class GitUnavailableError extends Error {}

/**
 * The git executable as an absolute path, from the absolute entries of PATH only. A bare `git`
 * would be looked up in the working folder first on Windows (and on POSIX when PATH holds `.` or an
 * empty entry): a workspace could ship its own `git`, and it must never run.
 */
export function resolveGit(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const name = platform === 'win32' ? 'git.exe' : 'git';
  const pathVar = env.PATH ?? env.Path ?? '';
  for (const dir of pathVar.split(platform === 'win32' ? ';' : delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

function git(cwd: string, args: string[], gitPath?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const executable = gitPath ?? resolveGit();
    if (!executable) {
      reject(new GitUnavailableError('git was not found on PATH'));
      return;
    }
    execFile(executable, [...SAFE_CONFIG, ...args], {
      cwd, maxBuffer: MAX_BUFFER, windowsHide: true,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
    }, (err, stdout, stderr) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') reject(new GitUnavailableError('git was not found on PATH'));
        else reject(new Error((stderr || err.message).trim()));
      } else resolve(stdout);
    });
  });
}

/** The repository's top-level directory containing `dir`, or undefined when `dir` is not in a git work tree. */
export async function repositoryRoot(dir: string, gitPath?: string): Promise<string | undefined> {
  try {
    return (await git(dir, ['rev-parse', '--show-toplevel'], gitPath)).trim() || undefined;
  } catch (e) {
    if (e instanceof GitUnavailableError) throw e;
    return undefined;
  }
}

/** Paths (relative to the repository root, `/`-separated) of the files committed at HEAD, filtered. */
export function filesAtHead(root: string, filter: (path: string) => boolean, gitPath?: string): Promise<string[]> {
  return filesAtRef(root, 'HEAD', filter, gitPath);
}

/** The committed content of `path` at HEAD (raw blob: no filters). */
export function showAtHead(root: string, path: string, gitPath?: string): Promise<string> {
  return showAtRef(root, 'HEAD', path, gitPath);
}

/** Why a ref cannot be read, in one line a person can act on. */
export class GitRefError extends Error {}

/**
 * The commit a user-given ref names (`origin/main`, a tag, a hash). A ref that looks like an option
 * is refused before git sees it; a missing ref in a shallow clone says how to fetch it.
 */
export async function resolveCommit(root: string, ref: string, gitPath?: string): Promise<string> {
  if (!ref || ref.startsWith('-') || /[\0\s]/.test(ref)) throw new GitRefError(`"${ref}" is not a git revision`);
  try {
    return (await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], gitPath)).trim();
  } catch (e) {
    if (e instanceof GitUnavailableError) throw e;
    let shallow = false;
    try {
      shallow = (await git(root, ['rev-parse', '--is-shallow-repository'], gitPath)).trim() === 'true';
    } catch {
      // an old git without the flag: say the plain message
    }
    throw new GitRefError(shallow
      ? `git revision "${ref}" is not in this shallow clone: fetch it first (for example git fetch --depth=1 origin ${ref.replace(/^origin\//, '')}, or actions/checkout with fetch-depth: 0)`
      : `git revision "${ref}" was not found in ${root}`);
  }
}

/** Paths (relative to the repository root, `/`-separated) of the files committed at `ref`, filtered. */
export async function filesAtRef(root: string, ref: string, filter: (path: string) => boolean, gitPath?: string): Promise<string[]> {
  const out = await git(root, ['ls-tree', '-r', '-z', '--name-only', ref], gitPath);
  return out.split('\0').filter((p) => p && filter(p));
}

/** The committed content of `path` at `ref` (raw blob: no filters). */
export function showAtRef(root: string, ref: string, path: string, gitPath?: string): Promise<string> {
  return git(root, ['cat-file', 'blob', `${ref}:${path}`], gitPath);
}
