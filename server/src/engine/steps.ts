/**
 * Work done in steps: a generator that yields between pieces of work and returns the result, so
 * the language server can pause a long computation and answer other requests meanwhile (it runs
 * steps for a slice of time, then yields to the event loop). The CLI and other synchronous
 * callers run it to its end with `drain`.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs steps to their end and returns the result. */
export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Items (schema errors, findings) handled between two yields in a loop over a large document's
 * items: small enough that a step stays within a few milliseconds, large enough that the yields
 * cost nothing measurable. A document with fewer items never yields inside its loops.
 */
export const ITEMS_PER_STEP = 1000;
