import type { YamlFile } from '../engine/yaml/documents';

/**
 * `kubectl apply -f PATH` in the simulated cluster terminal reads the workspace as the editor has
 * it (open documents as edited): PATH names a file or folder of the workspace, relative paths
 * matching the end of a file's path. Nothing is read from disk here; the index already holds it.
 */
export function workspaceManifestReader(files: () => YamlFile[]): (path: string, opts?: { recursive?: boolean }) => { objects: Record<string, unknown>[]; error?: string } {
  return (path, opts = {}) => {
    const wanted = path.replace(/^\.\//, '').replace(/\/+$/, '');
    if (!wanted) return { objects: [], error: `error: the path "${path}" does not exist` };
    const absolute = wanted.startsWith('/');
    const matches = files().filter((f) => {
      const p = filePath(f.uri);
      if (!p || !/\.(ya?ml|json)$/i.test(p)) return false;
      if (p === wanted || p.endsWith('/' + wanted)) return true;
      // A folder: its own files, and those of its subfolders only with -R (as kubectl reads it).
      const at = absolute ? (p.startsWith(wanted + '/') ? wanted.length : -1) : p.lastIndexOf('/' + wanted + '/') + 1 + wanted.length;
      if (at <= 0 || (!absolute && p.lastIndexOf('/' + wanted + '/') < 0)) return false;
      return opts.recursive === true || !p.slice(at + 1).includes('/');
    });
    if (matches.length === 0) return { objects: [], error: `error: the path "${path}" does not exist` };
    const objects: Record<string, unknown>[] = [];
    for (const f of matches.sort((a, b) => (a.uri < b.uri ? -1 : 1))) {
      for (const d of f.docs) {
        if (d.empty || !d.isKubernetes || d.templated || !d.value || typeof d.value !== 'object') continue;
        const v = d.value as Record<string, unknown>;
        if (v.kind === 'List' && Array.isArray(v.items)) objects.push(...(v.items as Record<string, unknown>[]).filter((x) => x && typeof x === 'object'));
        else objects.push(v);
      }
    }
    return { objects };
  };
}

function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return undefined;
  }
}
