/** Small pure helpers shared by the simulator: seeded randomness, quantities, selectors, durations. */

/** Alphabet the apiserver uses for generated name suffixes (vowels and confusable characters left out). */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** mulberry32: a tiny seeded PRNG; the simulation never calls Math.random. */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = (seed >>> 0) ^ 0x9e3779b9;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  suffix(len = 5): string {
    let s = '';
    for (let i = 0; i < len; i++) s += NAME_ALPHABET[this.int(NAME_ALPHABET.length)];
    return s;
  }
  uid(): string {
    const hex = (n: number) => {
      let s = '';
      for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(16)];
      return s;
    };
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[this.int(4)]}${hex(3)}-${hex(12)}`;
  }
}

/** FNV-32a over a string's UTF-16 code units (stand-in for the go-spew based ComputeHash). */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
    if (text.charCodeAt(i) > 0xff) {
      h ^= text.charCodeAt(i) >>> 8;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each byte of the decimal string maps to alphanums[byte % 27]. */
export function safeEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += NAME_ALPHABET[text.charCodeAt(i) % NAME_ALPHABET.length];
  return out;
}

/** JSON with sorted keys: a stable text for hashing and comparing templates. */
export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return '[' + v.map(stableStringify).join(',') + ']';
  const o = v as Record<string, unknown>;
  return '{' + Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => JSON.stringify(k) + ':' + stableStringify(o[k])).join(',') + '}';
}

/** A copy equal to JSON.parse(JSON.stringify(v)) (undefined members dropped, non-finite numbers null), without the text round trip. */
export function deepCopy<T>(v: T): T {
  return v === undefined ? v : (jsonClone(v) as T);
}

function jsonClone(v: unknown): unknown {
  if (v === null) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : null;
    case 'object':
      break;
    default:
      return undefined;
  }
  // Dates and anything else with toJSON: let JSON decide.
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return JSON.parse(JSON.stringify(v));
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const c = jsonClone(v[i]);
      out[i] = c === undefined ? null : c;
    }
    return out;
  }
  const src = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(src)) {
    const c = jsonClone(src[k]);
    if (c === undefined) continue;
    // JSON.parse makes `__proto__` an own member; plain assignment would set the prototype.
    if (k === '__proto__') Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
    else out[k] = c;
  }
  return out;
}

// ---- quantities -------------------------------------------------------------------------------

const BIN: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DEC: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** Parses a Kubernetes quantity to a plain number (cores, bytes, counts); NaN when invalid. */
export function parseQuantity(q: unknown): number {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return NaN;
  const m = /^([+-]?[0-9.]+)(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/.exec(q.trim());
  if (!m) return NaN;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  const suf = m[3] ?? '';
  return base * (BIN[suf] ?? DEC[suf] ?? NaN);
}

/** CPU in millicores (rounded up as the apiserver does for sub-milli values). */
export function cpuMilli(q: unknown): number {
  const v = parseQuantity(q);
  return Number.isFinite(v) ? Math.ceil(Math.round(v * 1e6) / 1e3) : 0;
}

export function memBytes(q: unknown): number {
  const v = parseQuantity(q);
  return Number.isFinite(v) ? Math.ceil(v) : 0;
}

export function formatCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

export function formatMem(bytes: number): string {
  for (const [s, f] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) if (bytes % f === 0 && bytes >= f) return `${bytes / f}${s}`;
  return String(bytes);
}

// ---- label selectors --------------------------------------------------------------------------

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export function matchesSelector(sel: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== String(v)) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const vals = (e.values ?? []).map(String);
    switch (e.operator) {
      case 'In': if (!has || !vals.includes(l[e.key])) return false; break;
      case 'NotIn': if (has && vals.includes(l[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

export function selectorIsEmpty(sel: LabelSelector | undefined | null): boolean {
  return !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
}

/** Equality-based map selector (Service, ReplicationController). An empty map selects nothing here. */
export function matchesMap(sel: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel || Object.keys(sel).length === 0) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel)) if (l[k] !== String(v)) return false;
  return true;
}

/** Parses a kubectl `-l` selector: `a=b,c!=d,e in (x,y),f,!g`. */
export function parseSelectorString(s: string): LabelSelector {
  const sel: LabelSelector = { matchLabels: {}, matchExpressions: [] };
  const parts = s.match(/(?:[^,(]+(?:\([^)]*\))?)+/g) ?? [];
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    let m: RegExpExecArray | null;
    if ((m = /^([^!=\s]+)\s*!=\s*(.*)$/.exec(p))) sel.matchExpressions!.push({ key: m[1], operator: 'NotIn', values: [m[2]] });
    else if ((m = /^([^=\s]+)\s*==?\s*(.*)$/.exec(p))) sel.matchLabels![m[1]] = m[2];
    else if ((m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(p))) sel.matchExpressions!.push({ key: m[1], operator: m[2] === 'in' ? 'In' : 'NotIn', values: m[3].split(',').map((x) => x.trim()) });
    else if ((m = /^!(\S+)$/.exec(p))) sel.matchExpressions!.push({ key: m[1], operator: 'DoesNotExist' });
    else sel.matchExpressions!.push({ key: p, operator: 'Exists' });
  }
  return sel;
}

// ---- durations --------------------------------------------------------------------------------

/** Go time.Duration.String() for whole seconds: `10s`, `1m20s`, `5m0s`, `1h0m0s`. */
export function goDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}h${m}m${r}s` : `${m}m${r}s`;
}

/** kubectl's HumanDuration (AGE column). */
export function humanDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 10) return s % 60 === 0 ? `${minutes}m` : `${minutes}m${s % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** Virtual time since the start, exact to the second: `45s`, `11m30s`, `1h2m3s`. */
export function clockText(seconds: number): string {
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h) return `${h}h${m}m${r}s`;
  if (m) return r ? `${m}m${r}s` : `${m}m`;
  return `${r}s`;
}

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Parses `90s`, `10m`, `1h30m`, `2m30s`, or a bare number of seconds; with `days`, also `d`
 * (the shell's `sleep 1d`).
 */
export function parseDuration(text: string, opts: { days?: boolean } = {}): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const re = opts.days ? /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g : /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t))) {
    if (m.index !== consumed) return undefined;
    consumed += m[0].length;
    total += Number(m[1]) * DURATION_UNITS[m[2]];
  }
  return consumed === t.length && consumed > 0 ? total : undefined;
}

/** intstr GetScaledValueFromIntOrPercent. */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v));
  if (!m) return Number.isFinite(Number(v)) ? Number(v) : 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** One requirement of a field selector: a field path, `=`/`==` or `!=`, a value. */
export interface FieldRequirement {
  path: string[];
  neg: boolean;
  value: string;
}

/** A field selector (`status.phase=Running,spec.nodeName!=x`); undefined when a term does not parse (the term is in `bad`). */
export function parseFieldSelector(text: string): { reqs: FieldRequirement[] } | { bad: string } {
  const reqs: FieldRequirement[] = [];
  for (const term of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^!=]+)(!=|==|=)(.*)$/.exec(term);
    if (!m) return { bad: term };
    reqs.push({ path: m[1].trim().split('.'), neg: m[2] === '!=', value: m[3].trim() });
  }
  return { reqs };
}

/** Whether an object (in its API form) meets every requirement; a missing field reads as "". */
export function fieldsMatch(reqs: readonly FieldRequirement[], o: Record<string, unknown>): boolean {
  for (const r of reqs) {
    let v: unknown = o;
    for (const p of r.path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
    const text = v === undefined || v === null ? '' : String(v);
    if ((text === r.value) === r.neg) return false;
  }
  return true;
}
