import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readRegularFile } from '../safeRead';
import { dirname, join, resolve } from 'node:path';
import { load } from 'js-yaml';

/**
 * The kustomizations of a workspace as a graph of folders: which are roots (built and checked),
 * which files each build reads (for the cache key), and the entries that name things (for
 * placing findings and build errors on the lines that name them). Works on file system paths.
 */

export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface KustomizationInfo {
  /** The kustomization file's path. */
  file: string;
  dir: string;
  value: Record<string, unknown>;
  isComponent: boolean;
}

/** The kustomization file of a folder, if it has one. */
export function kustomizationFileIn(dir: string): string | undefined {
  for (const n of KUSTOMIZATION_NAMES) {
    const p = join(dir, n);
    if (existsSync(p)) return p;
  }
  return undefined;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function isRemote(ref: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/i.test(ref) || /\?ref=|\/\/.+\?/.test(ref);
}

/** Entries of a kustomization that name folders which are kustomizations of their own (bases, components). */
export function folderEntries(k: KustomizationInfo): string[] {
  const out: string[] = [];
  for (const key of ['resources', 'bases', 'components']) {
    for (const r of asArray(k.value[key])) {
      if (typeof r !== 'string' || isRemote(r)) continue;
      const p = resolve(k.dir, r);
      try {
        if (statSync(p).isDirectory()) out.push(p);
      } catch {
        // a missing entry: kustomize reports it
      }
    }
  }
  return out;
}

/** Every local file a kustomization names (resources, patches, generator inputs, configurations, ...). */
export function fileEntries(k: KustomizationInfo): string[] {
  const out: string[] = [];
  const add = (p: unknown) => {
    if (typeof p === 'string' && p !== '' && !p.includes('\n') && !isRemote(p)) out.push(resolve(k.dir, p));
  };
  const v = k.value;
  for (const key of ['resources', 'patchesStrategicMerge', 'transformers', 'generators', 'validators', 'configurations', 'crds']) for (const r of asArray(v[key])) add(r);
  for (const key of ['patches', 'patchesJson6902', 'replacements']) for (const p of asArray(v[key])) if (p && typeof p === 'object') add((p as { path?: unknown }).path);
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    for (const g of asArray(v[key])) {
      if (!g || typeof g !== 'object') continue;
      const gr = g as Record<string, unknown>;
      // `files:` entries may be `key=path`.
      for (const f of asArray(gr.files)) add(typeof f === 'string' && f.includes('=') ? f.slice(f.indexOf('=') + 1) : f);
      for (const f of asArray(gr.envs)) add(f);
      add(gr.env);
    }
  }
  if (v.openapi && typeof v.openapi === 'object') add((v.openapi as { path?: unknown }).path);
  return out;
}

/** Kustomizations by folder. `read` gives a kustomization file's parsed value (from the editor's copy or the disk). */
export class KustomizationGraph {
  readonly byDir = new Map<string, KustomizationInfo>();

  constructor(files: { path: string; value: unknown }[]) {
    for (const f of files) {
      const v = f.value;
      if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
      const r = v as Record<string, unknown>;
      if (r.kind !== undefined && r.kind !== 'Kustomization' && r.kind !== 'Component') continue;
      const dir = dirname(f.path);
      if (!this.byDir.has(dir)) this.byDir.set(dir, { file: f.path, dir, value: r, isComponent: r.kind === 'Component' });
    }
  }

  get size(): number {
    return this.byDir.size;
  }

  /**
   * Roots: kustomizations (not components) that no other kustomization names as a resource, base
   * or component. Each is what some `kubectl apply -k` would send.
   */
  roots(): KustomizationInfo[] {
    const named = new Set<string>();
    for (const k of this.byDir.values()) for (const d of folderEntries(k)) named.add(d);
    return [...this.byDir.values()].filter((k) => !k.isComponent && !named.has(k.dir)).sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  }

  /** The kustomizations a root's build reads: itself, its bases and components, transitively (root first). */
  closure(root: KustomizationInfo): KustomizationInfo[] {
    const out: KustomizationInfo[] = [];
    const seen = new Set<string>();
    const visit = (k: KustomizationInfo) => {
      if (seen.has(k.dir)) return;
      seen.add(k.dir);
      out.push(k);
      for (const d of folderEntries(k)) {
        const child = this.byDir.get(d) ?? readKustomization(d);
        if (child) visit(child);
      }
    };
    visit(root);
    return out;
  }
}

/** A kustomization outside the files given (a base outside the workspace), read from disk. */
function readKustomization(dir: string): KustomizationInfo | undefined {
  const file = kustomizationFileIn(dir);
  if (!file) return undefined;
  try {
    const read = readRegularFile(file);
    if (!read.ok) return undefined;
    const value = load(read.text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const r = value as Record<string, unknown>;
    return { file, dir, value: r, isComponent: r.kind === 'Component' };
  } catch {
    return undefined;
  }
}

/**
 * A key for a root's build: the content of every file the build reads (its kustomizations and
 * the files they name). A build is redone only when one of them changes on disk.
 */
export function buildInputsKey(graph: KustomizationGraph, root: KustomizationInfo, commandLabel: string): string {
  const h = createHash('sha256');
  h.update(commandLabel);
  const files = new Set<string>();
  for (const k of graph.closure(root)) {
    files.add(k.file);
    for (const f of fileEntries(k)) files.add(f);
  }
  for (const f of [...files].sort()) {
    h.update('\0' + f + '\0');
    const r = readRegularFile(f);
    h.update(r.ok ? r.text : '<unreadable>');
  }
  return h.digest('hex');
}
