/** Image references as the container runtime reads them: `[registry/]path[:tag][@digest]`. */

export interface ImageRef {
  /** As written. */
  original: string;
  registry: string;
  /** Repository path without registry, e.g. `library/nginx`. */
  path: string;
  /** `registry/path`, e.g. `docker.io/library/nginx`. */
  repository: string;
  /** Tag, `latest` when neither tag nor digest is given. */
  tag?: string;
  digest?: string;
  /** The reference a runtime prints, e.g. `docker.io/library/nginx:1.200`. */
  canonical: string;
}

export function parseImageRef(image: string): ImageRef | undefined {
  const text = image.trim();
  if (!text || /\s/.test(text) || text !== text.toLowerCase().replace(/:[^/]*$/, (m) => m) && /[A-Z]/.test(text.split(/[:@]/)[0])) return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^[a-z0-9]+:[a-f0-9]{32,}$/.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    registry = parts.shift()!;
  }
  if (registry === 'index.docker.io') registry = 'docker.io';
  if (parts.length === 0 || parts.some((p) => !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(p))) return undefined;
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  if (!tag && !digest) tag = 'latest';
  const path = parts.join('/');
  const repository = `${registry}/${path}`;
  return { original: image, registry, path, repository, tag, digest, canonical: repository + (tag ? `:${tag}` : '') + (digest ? `@${digest}` : '') };
}

/** The short form people write (`nginx`, `prom/node-exporter`, `registry.k8s.io/pause`). */
export function shortRepository(ref: ImageRef): string {
  if (ref.registry === 'docker.io') return ref.path.replace(/^library\//, '');
  return ref.repository;
}
