import { posix } from 'node:path';
import type { YamlFile } from './yaml/documents';

/**
 * Files that kustomizations use as patches: partial objects that must not be checked as whole
 * resources (no missing required fields, `$patch` directives allowed).
 */

const KUSTOMIZATION_FILE = /(?:^|[\\/])(?:kustomization\.ya?ml|Kustomization)$/;

function resolveAgainst(baseUri: string, rel: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(baseUri) && !/^[a-z]:[\\/]/i.test(baseUri)) {
    return new URL(rel.split('\\').join('/'), baseUri).toString();
  }
  const base = baseUri.split('\\').join('/');
  return posix.normalize(posix.join(posix.dirname(base), rel.split('\\').join('/')));
}

/** Normalized form used to compare file identities (URIs and paths). */
export function normalizeUri(uri: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) && !/^[a-z]:[\\/]/i.test(uri)) {
    try {
      return new URL(uri).toString();
    } catch {
      return uri;
    }
  }
  return posix.normalize(uri.split('\\').join('/'));
}

export function isKustomizationFile(uri: string): boolean {
  return KUSTOMIZATION_FILE.test(uri);
}

/** Normalized URIs of every patch file named by the kustomizations among `files`. */
export function kustomizePatchFiles(files: Iterable<YamlFile>): Set<string> {
  const out = new Set<string>();
  for (const file of files) {
    if (!isKustomizationFile(file.uri)) continue;
    for (const doc of file.docs) {
      const v = doc.value as Record<string, unknown> | undefined;
      if (!v || typeof v !== 'object') continue;
      const paths: string[] = [];
      for (const p of asArray(v.patchesStrategicMerge)) if (typeof p === 'string' && !p.includes('\n')) paths.push(p);
      for (const key of ['patches', 'patchesJson6902']) {
        for (const p of asArray(v[key])) {
          if (typeof p === 'string') paths.push(p);
          else if (p && typeof p === 'object' && typeof (p as { path?: unknown }).path === 'string') paths.push((p as { path: string }).path);
        }
      }
      for (const p of paths) out.add(normalizeUri(resolveAgainst(file.uri, p)));
    }
  }
  return out;
}

/** Kustomization fields that name transformer, generator and validator configurations and other files kustomize reads for itself. */
const CONFIG_FIELDS = ['transformers', 'generators', 'validators', 'configurations', 'crds'] as const;

/**
 * Normalized URIs of the files kustomizations read as their own configuration: transformer,
 * generator and validator configurations (`kind: LabelTransformer` and plugins alike), field
 * configurations, OpenAPI schemas and CRD definitions. They never reach the API server, so they
 * are not checked as manifests. An entry naming a folder (a kustomization of transformer
 * configurations) brings that kustomization's resources along.
 */
export function kustomizeConfigFiles(files: Iterable<YamlFile>): Set<string> {
  const all = [...files];
  const kustomizationsByDir = new Map<string, Record<string, unknown>>();
  for (const file of all) {
    if (!isKustomizationFile(file.uri)) continue;
    const v = file.docs[0]?.value;
    if (v && typeof v === 'object' && !Array.isArray(v)) kustomizationsByDir.set(normalizeUri(resolveAgainst(file.uri, '.')).replace(/\/$/, ''), v as Record<string, unknown>);
  }
  const out = new Set<string>();
  for (const file of all) {
    if (!isKustomizationFile(file.uri)) continue;
    const v = file.docs[0]?.value as Record<string, unknown> | undefined;
    if (!v || typeof v !== 'object') continue;
    const entries: string[] = [];
    for (const key of CONFIG_FIELDS) for (const p of asArray(v[key])) if (typeof p === 'string' && !p.includes('\n')) entries.push(p);
    const openapi = v.openapi as { path?: unknown } | undefined;
    if (openapi && typeof openapi.path === 'string') entries.push(openapi.path);
    for (const p of entries) {
      const target = normalizeUri(resolveAgainst(file.uri, p));
      out.add(target);
      const folder = kustomizationsByDir.get(target.replace(/\/$/, ''));
      if (folder) for (const r of asArray(folder.resources)) if (typeof r === 'string') out.add(normalizeUri(resolveAgainst(target + '/x', r)));
    }
  }
  return out;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
