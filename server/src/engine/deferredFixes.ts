import type { Finding, Fix } from './findings';

/**
 * Quick fixes computed when first read. Some fixes need the document's full parse (the `yaml`
 * library, about ten times slower than reading its value), and most findings' fixes are never
 * asked for: only a code action at the finding reads them. A finding with deferred fixes has an
 * enumerable `fixes` accessor that computes them once, then holds the result as a plain property
 * (or none when there is no fix), so JSON, spreads after the first read and code actions see what
 * an eager computation would have given.
 *
 * Copies made by the check (moved by lines, another severity) go through `cloneFinding`, which
 * keeps the fixes deferred: the copy computes from the same closure with the lines it was moved
 * by, so no chain of copies is kept. The closure holds what it computes from (a document's text),
 * not the file.
 */

interface Deferred {
  /** Edits relative to the line `lines` is counted from. */
  compute: () => Fix[] | undefined;
  /** Lines to move the computed edits by. */
  lines: number;
}

const pending = new WeakMap<Finding, Deferred>();

function moveFixes(fixes: Fix[] | undefined, lines: number): Fix[] | undefined {
  if (!fixes || lines === 0) return fixes;
  return fixes.map((x) => ({
    ...x,
    edits: x.edits.map((e) => ({ range: { start: { line: e.range.start.line + lines, character: e.range.start.character }, end: { line: e.range.end.line + lines, character: e.range.end.character } }, newText: e.newText })),
  }));
}

function define(f: Finding, d: Deferred): void {
  pending.set(f, d);
  Object.defineProperty(f, 'fixes', {
    configurable: true,
    enumerable: true,
    get(): Fix[] | undefined {
      pending.delete(f);
      let fixes: Fix[] | undefined;
      try {
        fixes = moveFixes(d.compute(), d.lines);
      } catch {
        fixes = undefined;
      }
      if (fixes?.length) Object.defineProperty(f, 'fixes', { value: fixes, writable: true, enumerable: true, configurable: true });
      else delete f.fixes;
      return fixes?.length ? fixes : undefined;
    },
    set(v: Fix[] | undefined): void {
      pending.delete(f);
      Object.defineProperty(f, 'fixes', { value: v, writable: true, enumerable: true, configurable: true });
    },
  });
}

/** Gives `f` the fixes `compute` returns when they are first read, moved by `lines`. */
export function deferFixes(f: Finding, compute: () => Fix[] | undefined, lines = 0): void {
  define(f, { compute, lines });
}

export function hasDeferredFixes(f: Finding): boolean {
  return pending.has(f);
}

/**
 * `{ ...f, ...changes }` (same keys in the same order) without computing deferred fixes; they are
 * moved by `lines` in the copy (the caller moves the copy's other ranges).
 */
export function cloneFinding(f: Finding, changes: Partial<Finding>, lines = 0): Finding {
  const d = pending.get(f);
  if (!d) return { ...f, ...changes };
  const out = {} as Record<string, unknown>;
  const src = f as unknown as Record<string, unknown>;
  const over = changes as Record<string, unknown>;
  for (const k of Object.keys(f)) {
    if (k === 'fixes' && !('fixes' in over)) define(out as unknown as Finding, { compute: d.compute, lines: d.lines + lines });
    else out[k] = k in over ? over[k] : src[k];
  }
  for (const k of Object.keys(over)) if (!(k in out)) out[k] = over[k];
  return out as unknown as Finding;
}
