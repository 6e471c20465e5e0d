/** Per-node image cache: what `docker images` on the node would list. */
export class ImageCache {
  private readonly byNode = new Map<string, Set<string>>();
  has(node: string, image: string): boolean {
    return this.byNode.get(node)?.has(normalizeImage(image)) ?? false;
  }
  add(node: string, image: string): void {
    let s = this.byNode.get(node);
    if (!s) this.byNode.set(node, (s = new Set()));
    s.add(normalizeImage(image));
  }
}

/** `nginx` and `nginx:latest` and `docker.io/library/nginx:latest` are the same image. */
export function normalizeImage(image: string): string {
  let i = image;
  const last = i.slice(i.lastIndexOf('/') + 1);
  if (!last.includes(':') && !i.includes('@')) i += ':latest';
  i = i.replace(/^docker\.io\/(library\/)?/, '');
  return i;
}
