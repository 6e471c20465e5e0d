import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, asked for when the server is idle after opening a large file.
 *
 * The open of a 10,000-document file leaves a heap of about 250 MB, much of it the garbage of
 * reading and checking it; V8 collects it when a later allocation crosses its limit, which is
 * the next edits (a mark-compact of 550 ms was logged on one). Node gives V8 no idle time to do
 * it earlier, and `gc` is exposed only with --expose-gc: set here, the flag gives a new context
 * its `gc` (the server's own flags stay as the client started it).
 */

let gc: (() => void) | undefined | null = null;

/** Collects now; false when this Node.js does not allow it (nothing happens then). */
export function collectGarbage(): boolean {
  if (gc === null) {
    try {
      setFlagsFromString('--expose-gc');
      const fn = runInNewContext('typeof gc === "function" ? gc : undefined') as unknown;
      gc = typeof fn === 'function' ? (fn as () => void) : undefined;
    } catch {
      gc = undefined;
    }
  }
  if (!gc) return false;
  gc();
  return true;
}
