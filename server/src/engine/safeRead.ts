import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { relative, isAbsolute } from 'node:path';

/**
 * The one way the CLI and the server read a file from disk. A `stat` size says nothing about a
 * character device (`/dev/zero`), a FIFO or a file that grows while it is read, so only regular
 * files are read, a FIFO is opened without blocking, and the read stops once it has *read* more
 * than the limit. Optionally, the real path must lie inside given roots (symlinks are not
 * followed out of the workspace folders or the folder named on the command line).
 */

/** The most a manifest, script or cluster file may hold; larger files are generated data. */
export const MAX_READ_BYTES = 16 * 1024 * 1024;

export type ReadOutcome =
  | { ok: true; text: string }
  | { ok: false; reason: 'missing' | 'denied' | 'directory' | 'not-regular' | 'too-large' | 'outside' | 'io'; message: string; sizeBytes?: number };

export interface ReadOptions {
  /** Stop and fail after this many bytes (MAX_READ_BYTES by default). */
  maxBytes?: number;
  /** The file's real path (symlinks resolved) must be inside one of these folders. */
  within?: readonly string[];
}

const CHUNK = 64 * 1024;
// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function failure(reason: Exclude<ReadOutcome, { ok: true }>['reason'], message: string, sizeBytes?: number): ReadOutcome {
  return sizeBytes === undefined ? { ok: false, reason, message } : { ok: false, reason, message, sizeBytes };
}

function errnoFailure(e: unknown): ReadOutcome {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return failure('missing', 'no such file or directory');
  if (code === 'EACCES' || code === 'EPERM') return failure('denied', 'permission denied');
  if (code === 'EISDIR') return failure('directory', 'is a directory');
  return failure('io', e instanceof Error ? e.message : String(e));
}

function mb(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** Is `path` (a real path) inside `root` (or `root` itself)? */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The real paths of folders (a folder that does not exist is kept as given). */
export function realRoots(roots: readonly string[]): string[] {
  return roots.map((r) => {
    try {
      return realpathSync.native(r);
    } catch {
      return r;
    }
  });
}

/** Is the real path of `path` inside one of `roots` (real paths)? False when it cannot be resolved. */
export function resolvesInside(path: string, roots: readonly string[]): boolean {
  let real: string;
  try {
    // The native call is one realpath(3); the JavaScript one stats every component of the path.
    real = realpathSync.native(path);
  } catch {
    return false;
  }
  return roots.some((r) => isInside(real, r));
}

/** Reads a regular file as UTF-8, never more than `maxBytes`, never blocking on a FIFO. */
export function readRegularFile(path: string, options: ReadOptions = {}): ReadOutcome {
  const maxBytes = options.maxBytes ?? MAX_READ_BYTES;
  try {
    const st = statSync(path);
    if (st.isDirectory()) return failure('directory', 'is a directory');
    if (!st.isFile()) return failure('not-regular', 'not a regular file (a device, FIFO or socket is never read)');
    if (st.size > maxBytes) return failure('too-large', `larger than ${mb(maxBytes)} (${mb(st.size)})`, st.size);
  } catch (e) {
    return errnoFailure(e);
  }
  if (options.within && !resolvesInside(path, realRoots(options.within))) {
    return failure('outside', 'a symbolic link to a path outside the workspace folder (not followed)');
  }
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    return errnoFailure(e);
  }
  try {
    // The path may have been swapped between stat and open: check what was opened.
    if (!fstatSync(fd).isFile()) return failure('not-regular', 'not a regular file (a device, FIFO or socket is never read)');
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const buf = new Uint8Array(CHUNK);
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return failure('too-large', `larger than ${mb(maxBytes)}`, total);
      chunks.push(n === CHUNK ? buf : buf.subarray(0, n));
    }
    return { ok: true, text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (e) {
    return errnoFailure(e);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads standard input as UTF-8, failing once more than `maxBytes` arrived (`check - < /dev/zero`
 * must not eat the machine's memory).
 */
export function readStdin(maxBytes = MAX_READ_BYTES, stream: NodeJS.ReadableStream = process.stdin): Promise<ReadOutcome> {
  return new Promise((resolveRead) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let done = false;
    const finish = (r: ReadOutcome) => {
      if (done) return;
      done = true;
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      resolveRead(r);
    };
    const onData = (c: Buffer | string) => {
      const b: Uint8Array = typeof c === 'string' ? new TextEncoder().encode(c) : new Uint8Array(c.buffer, c.byteOffset, c.byteLength);
      total += b.length;
      if (total > maxBytes) {
        (stream as NodeJS.ReadStream).destroy?.();
        finish(failure('too-large', `larger than ${mb(maxBytes)}`));
        return;
      }
      chunks.push(b);
    };
    const onEnd = () => finish({ ok: true, text: Buffer.concat(chunks, total).toString('utf8') });
    const onError = (e: unknown) => finish(errnoFailure(e));
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}
