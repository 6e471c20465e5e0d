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

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
