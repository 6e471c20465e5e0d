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
export async function filesAtHead(root: string, filter: (path: string) => boolean, gitPath?: string): Promise<string[]> {
  const out = await git(root, ['ls-tree', '-r', '-z', '--name-only', 'HEAD'], gitPath);
  return out.split('\0').filter((p) => p && filter(p));
}

/** The committed content of `path` at HEAD (raw blob: no filters). */
export function showAtHead(root: string, path: string, gitPath?: string): Promise<string> {
  return git(root, ['cat-file', 'blob', `HEAD:${path}`], gitPath);
}
