/** A container's in-memory filesystem: plain files and directories, no permissions or links. */

export type VfsEntry = { type: 'dir' } | { type: 'file'; content: string };

export const BASE_DIRECTORIES = ['/', '/bin', '/dev', '/etc', '/home', '/lib', '/media', '/mnt', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp', '/usr', '/usr/bin', '/usr/lib', '/usr/local', '/usr/local/bin', '/usr/sbin', '/usr/share', '/var', '/var/cache', '/var/lib', '/var/log', '/var/run', '/var/tmp'];

export function normalizePath(path: string, cwd = '/'): string {
  const joined = path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
  const out: string[] = [];
  for (const seg of joined.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

let baseTree: { entries: ReadonlyMap<string, VfsEntry>; version: number } | undefined;

export class Vfs {
  private readonly entries = new Map<string, VfsEntry>();
  /** Bumped on every change, so the fingerprint is recomputed only when something changed. */
  private version = 0;
  private cached?: { version: number; text: string };

  constructor(files: Record<string, string> = {}, extraDirs: string[] = []) {
    // Every container starts from the same base tree: built once, then copied (dir entries are shared, as in clone()).
    if (baseTree) {
      for (const [k, v] of baseTree.entries) this.entries.set(k, v);
      this.version = baseTree.version;
    } else {
      for (const d of BASE_DIRECTORIES) this.mkdirP(d);
      baseTree = { entries: new Map(this.entries), version: this.version };
    }
    for (const d of extraDirs) this.mkdirP(d);
    for (const [path, content] of Object.entries(files)) {
      this.mkdirP(parentOf(path));
      this.entries.set(path, { type: 'file', content });
    }
  }

  clone(): Vfs {
    const copy = new Vfs();
    copy.entries.clear();
    for (const [k, v] of this.entries) copy.entries.set(k, v.type === 'file' ? { type: 'file', content: v.content } : v);
    return copy;
  }

  /** Called when a lookup finds nothing (the image's own files may be unknown). */
  onMiss?: (path: string) => void;

  get(path: string): VfsEntry | undefined {
    if (path === '/dev/null') return { type: 'file', content: '' };
    const e = this.entries.get(path);
    if (!e && this.onMiss) this.onMiss(path);
    return e;
  }

  isDir(path: string): boolean { return this.get(path)?.type === 'dir'; }

  /** Writes a file; returns an error text (without the command name) when the parent is missing. */
  write(path: string, content: string, append: boolean): string | undefined {
    if (path === '/dev/null' || path === '/dev/stdout' || path === '/dev/stderr') return undefined;
    const existing = this.entries.get(path);
    if (existing?.type === 'dir') return `${path}: Is a directory`;
    if (!this.isDir(parentOf(path))) return `${path}: No such file or directory`;
    const prior = append && existing?.type === 'file' ? existing.content : '';
    this.version++;
    this.entries.set(path, { type: 'file', content: prior + content });
    return undefined;
  }

  mkdir(path: string): 'ok' | 'exists' | 'noparent' {
    if (this.entries.has(path)) return 'exists';
    if (!this.isDir(parentOf(path))) return 'noparent';
    this.version++;
    this.entries.set(path, { type: 'dir' });
    return 'ok';
  }

  mkdirP(path: string): boolean {
    let cur = '';
    for (const seg of path.split('/').filter(Boolean)) {
      cur += '/' + seg;
      const e = this.entries.get(cur);
      if (e?.type === 'file') return false;
      if (!e) { this.entries.set(cur, { type: 'dir' }); this.version++; }
    }
    if (!this.entries.has('/')) this.entries.set('/', { type: 'dir' });
    return true;
  }

  /** Removes a file or (with recursive) a directory tree. */
  remove(path: string, recursive: boolean): 'ok' | 'missing' | 'isdir' {
    const e = this.entries.get(path);
    if (!e) return 'missing';
    if (e.type === 'dir') {
      if (!recursive) return 'isdir';
      const prefix = path === '/' ? '/' : path + '/';
      for (const k of [...this.entries.keys()]) if (k.startsWith(prefix)) this.entries.delete(k);
    }
    if (path !== '/') this.entries.delete(path);
    this.version++;
    return 'ok';
  }

  list(dir: string): string[] {
    const prefix = dir === '/' ? '/' : dir + '/';
    const names: string[] = [];
    for (const k of this.entries.keys()) {
      if (k !== dir && k.startsWith(prefix) && !k.slice(prefix.length).includes('/')) names.push(k.slice(prefix.length));
    }
    return names.sort();
  }

  /** Entry count and total bytes: equal trees have equal summaries. */
  summary(): string {
    let bytes = 0;
    for (const e of this.entries.values()) if (e.type === 'file') bytes += e.content.length;
    return `${this.entries.size}:${bytes}`;
  }

  /** A stable text of the whole tree, used to detect loops that repeat the same state. */
  fingerprint(): string {
    if (this.cached?.version === this.version) return this.cached.text;
    const keys = [...this.entries.keys()].sort();
    let out = '';
    for (const k of keys) {
      const e = this.entries.get(k)!;
      out += e.type === 'dir' ? `d${k}\n` : `f${k}\u0000${e.content}\n`;
    }
    this.cached = { version: this.version, text: out };
    return out;
  }
}
