/**
 * Kubernetes resource quantities (`resource.ParseQuantity`): a signed decimal number with an
 * optional binary suffix (Ki…Ei), decimal suffix (n u m "" k M G T P E) or decimal exponent (e3).
 */

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

const MULTIPLIER: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

export const QUANTITY_REGEX_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

export interface Quantity {
  /** Value in base units (cores, bytes), as a float: exact enough to compare. */
  value: number;
  number: string;
  suffix: string;
}

/** Parses a quantity written as a YAML string or number; undefined when kubectl would refuse it. */
export function parseQuantity(raw: unknown): Quantity | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw, number: String(raw), suffix: '' } : undefined;
  if (typeof raw !== 'string') return undefined;
  const m = QUANTITY.exec(raw.trim() === raw ? raw : '');
  if (!m) return undefined;
  const suffix = m[2] ?? '';
  const n = Number(m[1]);
  const value = /^[eE]/.test(suffix) ? n * 10 ** Number(suffix.slice(1)) : n * MULTIPLIER[suffix];
  return Number.isFinite(value) ? { value, number: m[1], suffix } : undefined;
}
