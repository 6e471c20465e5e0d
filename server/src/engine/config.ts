import type { Severity } from './findings';

/** The `kubeRehearsal.*` settings, as the server and the CLI use them. */

export type RuleLevel = Severity | 'off';

export interface Settings {
  enable: boolean;
  /** Per-rule severity override or `off`, keyed by code. */
  rules: Record<string, RuleLevel>;
  /** Globs of files to validate (relative to a workspace folder). */
  include: string[];
  /** Globs of files never validated. */
  exclude: string[];
  /** CRD sources outside the workspace: files, folders, globs, schema catalog folders. */
  crds: string[];
  /** `kubeRehearsal.kustomize.command`: the kustomize or kubectl to build kustomizations with ('' = look on PATH). */
  kustomizeCommand: string;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  rules: {},
  include: ['**/*.yaml', '**/*.yml', '**/*.json'],
  exclude: ['**/node_modules/**'],
  crds: [],
  kustomizeCommand: '',
};

const LEVELS = new Set<RuleLevel>(['error', 'warning', 'information', 'hint', 'off']);

function stringList(v: unknown, fallback: string[]): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : fallback;
}

/** Settings from untrusted JSON (client configuration): wrong shapes fall back to defaults. */
export function normalizeSettings(raw: unknown): Settings {
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const rules: Record<string, RuleLevel> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [code, level] of Object.entries(r.rules as Record<string, unknown>)) {
      const l = typeof level === 'string' ? (level.toLowerCase() === 'info' ? 'information' : level.toLowerCase()) : '';
      if (LEVELS.has(l as RuleLevel)) rules[code] = l as RuleLevel;
    }
  }
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_SETTINGS.enable,
    rules,
    include: stringList(r.include, DEFAULT_SETTINGS.include),
    exclude: stringList(r.exclude, DEFAULT_SETTINGS.exclude),
    crds: stringList(r.crds, DEFAULT_SETTINGS.crds),
    kustomizeCommand: typeof (r.kustomize as { command?: unknown } | undefined)?.command === 'string' ? ((r.kustomize as { command: string }).command) : '',
  };
}

/** `files.exclude`-style object ({glob: true}) to a glob list. */
export function enabledGlobs(obj: unknown): string[] {
  if (!obj || typeof obj !== 'object') return [];
  return Object.entries(obj as Record<string, unknown>)
    .filter(([, on]) => on === true)
    .map(([g]) => g);
}

// ---------------------------------------------------------------------------
// Globs: `**` (any directories), `*` and `?` (within a segment), `{a,b}` alternatives, `[...]` classes.

const globCache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re) return re;
  let src = '';
  let inBraces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more directories; a trailing `**` matches everything below.
        const slash = glob[i + 2] === '/';
        src += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        src += '[^/]*';
      }
    } else if (c === '?') src += '[^/]';
    else if (c === '{') {
      inBraces++;
      src += '(?:';
    } else if (c === '}' && inBraces > 0) {
      inBraces--;
      src += ')';
    } else if (c === ',' && inBraces > 0) src += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close > i) {
        src += '[' + glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      } else src += '\\[';
    } else src += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  re = new RegExp(`^${src}$`);
  globCache.set(glob, re);
  return re;
}

/**
 * Does a workspace-relative path (with `/` separators) match a glob? A glob without `/` matches
 * the file name anywhere, and a glob matching a parent folder matches everything inside it.
 */
export function matchesGlob(relPath: string, glob: string): boolean {
  const g = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  const re = globToRegExp(g);
  if (re.test(relPath)) return true;
  const parts = relPath.split('/');
  if (!g.includes('/')) return parts.some((p) => re.test(p));
  for (let i = 1; i < parts.length; i++) if (re.test(parts.slice(0, i).join('/'))) return true;
  return false;
}

export function matchesAny(relPath: string, globs: readonly string[]): boolean {
  return globs.some((g) => matchesGlob(relPath, g));
}
