import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { DEFAULT_SETTINGS, matchesAny } from './config';
import { realRoots, resolvesInside } from './safeRead';
import { drain, type Steps } from './steps';

/**
 * Finds the manifest files of a folder tree for the CLI and the server: include/exclude globs
 * relative to the root, never inside node_modules or dot-folders (.git, .github, .vscode, ...).
 * Only regular files are listed; a symbolic link only when it leads to a regular file inside the
 * root (or `within`), never to a device, a FIFO or a file elsewhere on the machine.
 */
export interface WalkOptions {
  include?: readonly string[];
  exclude?: readonly string[];
  /** Stop after this many files (a safety net for huge trees). */
  limit?: number;
  /** Folders a symbolic link may lead into (default: the root). */
  within?: readonly string[];
}

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

export function walkManifestFiles(root: string, options: WalkOptions = {}): string[] {
  return drain(walkManifestFilesSteps(root, options));
}

const ENTRIES_PER_STEP = 256;

/**
 * walkManifestFiles in steps (steps.ts): a folder read and sorted, or 256 of its entries matched, per step, so the language
 * server's scan of a large tree answers requests while it walks.
 */
export function* walkManifestFilesSteps(root: string, options: WalkOptions = {}): Steps<string[]> {
  const include = options.include ?? DEFAULT_SETTINGS.include;
  const exclude = options.exclude ?? DEFAULT_SETTINGS.exclude;
  const limit = options.limit ?? 100000;
  const out: string[] = [];
  let roots: string[] | undefined;
  const linkOk = (p: string): boolean => isFile(p) && resolvesInside(p, (roots ??= realRoots(options.within ?? [root])));
  function* visit(dir: string): Steps<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing to check there
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (out.length >= limit) return;
      // A folder of thousands of files is matched against the globs a part per step.
      if (i % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) yield;
      const full = join(dir, e.name);
      const rel = toPosix(relative(root, full));
      if (e.isDirectory()) {
        if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
        if (matchesAny(rel, exclude)) continue;
        yield;
        yield* visit(full);
      } else if (e.isFile() || (e.isSymbolicLink() && linkOk(full))) {
        if (matchesAny(rel, include) && !matchesAny(rel, exclude)) out.push(full);
      }
    }
  }
  yield* visit(root);
  return out;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
