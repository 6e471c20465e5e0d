import type { Path, StructuralSchema, ValidationRule } from './definition';

/**
 * Validation of a custom resource against a version's structural schema, with the API server's
 * semantics: unknown fields are reported as strict field validation does (unless
 * x-kubernetes-preserve-unknown-fields keeps them), null in a non-nullable field is pruned (not an
 * error), x-kubernetes-int-or-string, x-kubernetes-embedded-resource (apiVersion/kind required,
 * metadata checked as ObjectMeta by the caller's hook), list types and map keys, and the value
 * validations (enum, pattern, format, bounds, anyOf/oneOf/allOf/not).
 *
 * A schema is compiled once into a tree of nodes (patterns and enums prepared, property tables
 * built) and the tree is cached by the caller per CRD content; validating walks value and tree
 * together. Written by hand rather than with ajv: these semantics (pruning, nullable, the
 * extensions) do not map onto JSON Schema, and compiling a multi-megabyte bundle with ajv costs
 * seconds where this costs milliseconds.
 */

export type CrIssue =
  | { type: 'unknown-field'; path: Path; field: string; allowed: string[] }
  | { type: 'missing-field'; path: Path; field: string }
  | { type: 'wrong-type'; path: Path; expected: string[]; found: unknown }
  | { type: 'not-in-enum'; path: Path; allowed: unknown[]; found: unknown }
  /** Anything else, already in the API server's words (`spec.x: Invalid value: ...`). */
  | { type: 'invalid'; path: Path; code: 'invalid-value' | 'duplicate-list-item'; message: string };

/**
 * A schema node prepared for validation. Children are compiled on first use and kept, so loading
 * a multi-megabyte CRD bundle costs nothing per field until a custom resource reaches it, and
 * each field is compiled once per CRD content.
 */
export class CompiledNode {
  readonly type?: string;
  readonly nullable: boolean;
  readonly intOrString: boolean;
  readonly preserveUnknown: boolean;
  readonly embedded: boolean;
  readonly additionalAllowed: boolean;
  readonly required: string[];
  readonly rules: ValidationRule[];
  readonly enumKeys?: Set<string>;
  pattern?: RegExp | null;
  private props?: Map<string, CompiledNode> | null;
  private add?: CompiledNode | null;
  private item?: CompiledNode | null;
  private subs?: { allOf?: CompiledNode[]; anyOf?: CompiledNode[]; oneOf?: CompiledNode[]; not?: CompiledNode };

  constructor(
    readonly schema: StructuralSchema,
    private readonly depth: number,
  ) {
    const s = schema;
    this.type = typeof s.type === 'string' ? s.type : undefined;
    this.nullable = s.nullable === true;
    this.intOrString = s['x-kubernetes-int-or-string'] === true;
    this.preserveUnknown = s['x-kubernetes-preserve-unknown-fields'] === true;
    this.embedded = s['x-kubernetes-embedded-resource'] === true;
    this.additionalAllowed = s.additionalProperties === true;
    this.required = Array.isArray(s.required) ? s.required.filter((r) => typeof r === 'string') : [];
    this.rules = Array.isArray(s['x-kubernetes-validations']) ? s['x-kubernetes-validations'].filter((r) => r && typeof r.rule === 'string') : [];
    if (Array.isArray(s.enum)) this.enumKeys = new Set(s.enum.map(enumKey));
  }

  private child(s: unknown): CompiledNode | null {
    // Deeper than any real schema: stop rather than recurse without end.
    return s && typeof s === 'object' && !Array.isArray(s) && this.depth < 200 ? new CompiledNode(s as StructuralSchema, this.depth + 1) : null;
  }

  get properties(): Map<string, CompiledNode> | undefined {
    if (this.props === undefined) {
      const p = this.schema.properties;
      if (p && typeof p === 'object') {
        this.props = new Map();
        for (const k of Object.keys(p)) {
          const c = this.child(p[k]);
          if (c) this.props.set(k, c);
        }
      } else this.props = null;
    }
    return this.props ?? undefined;
  }

  get propertyNames(): string[] {
    return [...(this.properties?.keys() ?? [])];
  }

  get additional(): CompiledNode | undefined {
    if (this.add === undefined) this.add = typeof this.schema.additionalProperties === 'object' ? this.child(this.schema.additionalProperties) : null;
    return this.add ?? undefined;
  }

  get items(): CompiledNode | undefined {
    if (this.item === undefined) this.item = this.child(this.schema.items);
    return this.item ?? undefined;
  }

  private get combinators(): { allOf?: CompiledNode[]; anyOf?: CompiledNode[]; oneOf?: CompiledNode[]; not?: CompiledNode } {
    if (!this.subs) {
      const list = (x: unknown) => (Array.isArray(x) ? x.map((y) => this.child(y)).filter((y): y is CompiledNode => !!y) : undefined);
      this.subs = { allOf: list(this.schema.allOf), anyOf: list(this.schema.anyOf), oneOf: list(this.schema.oneOf), not: this.child(this.schema.not) ?? undefined };
    }
    return this.subs;
  }

  get allOf(): CompiledNode[] | undefined {
    return this.schema.allOf ? this.combinators.allOf : undefined;
  }

  get anyOf(): CompiledNode[] | undefined {
    return this.schema.anyOf ? this.combinators.anyOf : undefined;
  }

  get oneOf(): CompiledNode[] | undefined {
    return this.schema.oneOf ? this.combinators.oneOf : undefined;
  }

  get not(): CompiledNode | undefined {
    return this.schema.not ? this.combinators.not : undefined;
  }
}

export function compileSchema(schema: StructuralSchema): CompiledNode {
  return new CompiledNode(schema && typeof schema === 'object' ? schema : {}, 0);
}

function enumKey(v: unknown): string {
  return typeof v === 'string' ? `s${v}` : `j${JSON.stringify(v)}`;
}

/** Go's regexp (RE2) syntax mostly reads the same in JavaScript; a pattern that does not is skipped, never guessed at. */
function patternOf(node: CompiledNode): RegExp | null {
  if (node.pattern !== undefined) return node.pattern;
  try {
    node.pattern = typeof node.schema.pattern === 'string' ? new RegExp(node.schema.pattern, 'u') : null;
  } catch {
    node.pattern = null;
  }
  return node.pattern;
}

export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

/** The type name the API server shows for a value (`Invalid value: "object"`). */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

/** A value as the API server prints it in `Invalid value: ...`. */
export function shownValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v && typeof v === 'object') return JSON.stringify(typeName(v));
  return String(v);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

function typeMatches(type: string, v: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return true;
  }
}

/** A node with CEL rules and the value it applies to (collected during the walk, evaluated after). */
export interface RuleSite {
  node: CompiledNode;
  value: unknown;
  path: Path;
  oldValue?: unknown;
  hasOld: boolean;
}

export interface WalkOptions {
  /** Validates an embedded object's metadata (ObjectMeta); the root's is validated by the caller. */
  validateMetadata?: (value: unknown, path: Path) => CrIssue[];
  /** The stored object an update replaces (for transition rules, `oldSelf`). */
  oldValue?: unknown;
}

const ROOT_IMPLICIT = new Set(['apiVersion', 'kind', 'metadata']);

/** Validates `value` against a compiled root schema; returns the issues and the CEL rule sites. */
export function validateStructural(root: CompiledNode, value: unknown, options: WalkOptions = {}): { issues: CrIssue[]; ruleSites: RuleSite[] } {
  const issues: CrIssue[] = [];
  const ruleSites: RuleSite[] = [];
  const hasOld = options.oldValue !== undefined;
  walk(root, value, [], issues, ruleSites, options, true, true, options.oldValue, hasOld);
  return { issues, ruleSites };
}

function walk(node: CompiledNode, v: unknown, path: Path, issues: CrIssue[], sites: RuleSite[] | undefined, options: WalkOptions, structural: boolean, root: boolean, old: unknown, hasOld: boolean): void {
  if (issues.length > 200) return;
  const before = issues.length;
  if (v === null) {
    if (node.nullable || !structural) return;
    if (node.type || node.intOrString) issues.push({ type: 'wrong-type', path, expected: node.intOrString ? ['integer', 'string'] : [node.type!], found: v });
    return;
  }
  if (node.intOrString) {
    if (!(typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)))) {
      issues.push({ type: 'wrong-type', path, expected: ['integer', 'string'], found: v });
      return;
    }
  } else if (node.type && !typeMatches(node.type, v)) {
    issues.push({ type: 'wrong-type', path, expected: [node.type], found: v });
    return;
  }
  if (node.enumKeys && !node.enumKeys.has(enumKey(v))) issues.push({ type: 'not-in-enum', path, allowed: node.schema.enum!, found: v });
  const where = formatPath(path);
  const s = node.schema;
  if (typeof v === 'string') stringChecks(node, v, path, where, issues);
  else if (typeof v === 'number') numberChecks(s, v, path, where, issues);
  else if (Array.isArray(v)) {
    if (typeof s.minItems === 'number' && v.length < s.minItems) issues.push(invalid(path, `${where}: Invalid value: ${v.length}: ${where} in body should have at least ${s.minItems} items`));
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) issues.push(invalid(path, `${where}: Too many: ${v.length}: must have at most ${s.maxItems} items`));
    if (structural) listTypeChecks(node, v, path, issues);
    if (node.items) {
      const oldList = hasOld && Array.isArray(old) ? old : undefined;
      for (let i = 0; i < v.length; i++) {
        const oldItem = oldList ? correlateItem(node, v[i], i, oldList) : undefined;
        walk(node.items, v[i], [...path, i], issues, sites, options, structural, false, oldItem, oldItem !== undefined);
      }
    }
  } else if (isObject(v)) {
    objectChecks(node, v, path, where, issues, sites, options, structural, root, old, hasOld);
  }
  for (const sub of node.allOf ?? []) walk(sub, v, path, issues, undefined, options, false, false, undefined, false);
  if (node.anyOf && !node.anyOf.some((sub) => passes(sub, v, options))) issues.push(invalid(path, `${where || '<root>'}: Invalid value: ${shownValue(v)}: must validate at least one schema (anyOf)`));
  if (node.oneOf && node.oneOf.filter((sub) => passes(sub, v, options)).length !== 1) issues.push(invalid(path, `${where || '<root>'}: Invalid value: ${shownValue(v)}: must validate one and only one schema (oneOf)`));
  if (node.not && passes(node.not, v, options)) issues.push(invalid(path, `${where || '<root>'}: Invalid value: ${shownValue(v)}: must not validate the schema (not)`));
  // CEL rules see only values that passed the schema below them (the API server's typed view).
  if (sites && node.rules.length > 0 && issues.length === before) sites.push({ node, value: v, path, oldValue: old, hasOld });
}

function passes(node: CompiledNode, v: unknown, options: WalkOptions): boolean {
  const issues: CrIssue[] = [];
  walk(node, v, [], issues, undefined, options, false, false, undefined, false);
  return issues.length === 0;
}

function invalid(path: Path, message: string, code: 'invalid-value' | 'duplicate-list-item' = 'invalid-value'): CrIssue {
  return { type: 'invalid', path, code, message };
}

function stringChecks(node: CompiledNode, v: string, path: Path, where: string, issues: CrIssue[]): void {
  const s = node.schema;
  if (typeof s.maxLength === 'number' || typeof s.minLength === 'number') {
    const n = [...v].length;
    if (typeof s.maxLength === 'number' && n > s.maxLength) issues.push(invalid(path, `${where}: Too long: may not be more than ${s.maxLength} bytes`));
    if (typeof s.minLength === 'number' && n < s.minLength) issues.push(invalid(path, `${where}: Invalid value: ${JSON.stringify(v)}: ${where} in body should be at least ${s.minLength} chars long`));
  }
  if (s.pattern !== undefined) {
    const re = patternOf(node);
    if (re && !re.test(v)) issues.push(invalid(path, `${where}: Invalid value: ${JSON.stringify(v)}: ${where} in body should match '${s.pattern}'`));
  }
  if (s.format) {
    const check = FORMATS[s.format];
    if (check && !check(v)) issues.push(invalid(path, `${where}: Invalid value: ${JSON.stringify(v)}: ${where} in body must be of type ${s.format}: ${JSON.stringify(v)}`));
  }
}

function numberChecks(s: StructuralSchema, v: number, path: Path, where: string, issues: CrIssue[]): void {
  if (typeof s.minimum === 'number' && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
    issues.push(invalid(path, `${where}: Invalid value: ${v}: ${where} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`));
  }
  if (typeof s.maximum === 'number' && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
    issues.push(invalid(path, `${where}: Invalid value: ${v}: ${where} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`));
  }
  if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
    const q = v / s.multipleOf;
    if (Math.abs(q - Math.round(q)) > 1e-9) issues.push(invalid(path, `${where}: Invalid value: ${v}: ${where} in body should be a multiple of ${s.multipleOf}`));
  }
}

function listTypeChecks(node: CompiledNode, v: unknown[], path: Path, issues: CrIssue[]): void {
  const listType = node.schema['x-kubernetes-list-type'];
  if (listType === 'set') {
    const seen = new Set<string>();
    v.forEach((item, i) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) issues.push(invalid([...path, i], `${formatPath([...path, i])}: Duplicate value: ${typeof item === 'string' ? JSON.stringify(item) : key}`, 'duplicate-list-item'));
      seen.add(key);
    });
  } else if (listType === 'map') {
    const keys = node.schema['x-kubernetes-list-map-keys'] ?? [];
    if (keys.length === 0) return;
    const seen = new Set<string>();
    v.forEach((item, i) => {
      if (!isObject(item)) return;
      const id: Record<string, unknown> = {};
      for (const k of keys) if (item[k] !== undefined) id[k] = item[k];
      // An absent key takes its schema default (the API server defaults before it compares).
      for (const k of keys) if (id[k] === undefined && node.items?.properties?.get(k)?.schema.default !== undefined) id[k] = node.items.properties.get(k)!.schema.default;
      const key = JSON.stringify(id);
      if (seen.has(key)) issues.push(invalid([...path, i], `${formatPath([...path, i])}: Duplicate value: ${key}`, 'duplicate-list-item'));
      seen.add(key);
    });
  }
}

/** The old item an item replaces, for transition rules: by map keys for map lists, by position only for atomic lists of equal length is wrong, so none. */
function correlateItem(node: CompiledNode, item: unknown, _i: number, oldList: unknown[]): unknown {
  if (node.schema['x-kubernetes-list-type'] !== 'map' || !isObject(item)) return undefined;
  const keys = node.schema['x-kubernetes-list-map-keys'] ?? [];
  return oldList.find((o) => isObject(o) && keys.every((k) => o[k] === item[k]));
}

function objectChecks(node: CompiledNode, v: Record<string, unknown>, path: Path, where: string, issues: CrIssue[], sites: RuleSite[] | undefined, options: WalkOptions, structural: boolean, root: boolean, old: unknown, hasOld: boolean): void {
  const s = node.schema;
  const oldObj = hasOld && isObject(old) ? old : undefined;
  let count = 0;
  for (const key in v) {
    if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
    count++;
    const child = v[key];
    if (root && ROOT_IMPLICIT.has(key)) {
      // apiVersion, kind and metadata belong to every object; the caller checks metadata as ObjectMeta.
      const c = node.properties?.get(key);
      if (c && child !== null && key === 'metadata') walk(c, child, [...path, key], issues, sites, options, false, false, undefined, false);
      continue;
    }
    const prop = node.properties?.get(key);
    const target = prop ?? node.additional;
    if (target) {
      // A null in a non-nullable field is pruned before validation, as if it were absent.
      if (child === null && !target.nullable && structural) continue;
      const oldChild = oldObj && Object.prototype.hasOwnProperty.call(oldObj, key) ? oldObj[key] : undefined;
      walk(target, child, [...path, key], issues, sites, options, structural, false, oldChild, oldChild !== undefined);
      continue;
    }
    if (!structural) continue;
    if (node.embedded && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
    if (node.additionalAllowed || node.preserveUnknown) continue;
    // Without a type the node says nothing about its fields (value validations, int-or-string).
    if (!node.type && !node.properties && !node.additional) continue;
    issues.push({ type: 'unknown-field', path: [...path, key], field: key, allowed: node.propertyNames });
  }
  for (const r of node.required) {
    const present = Object.prototype.hasOwnProperty.call(v, r) && v[r] !== undefined && (v[r] !== null || node.properties?.get(r)?.nullable === true || !structural);
    if (!present) issues.push(structural ? { type: 'missing-field', path, field: r } : invalid([...path, r], `${formatPath([...path, r])}: Required value`));
  }
  if (typeof s.minProperties === 'number' && count < s.minProperties) issues.push(invalid(path, `${where}: Invalid value: ${count}: ${where} in body should have at least ${s.minProperties} properties`));
  if (typeof s.maxProperties === 'number' && count > s.maxProperties) issues.push(invalid(path, `${where}: Too many: ${count}: must have at most ${s.maxProperties} items`));
  if (node.embedded && structural) {
    for (const k of ['apiVersion', 'kind']) {
      const x = v[k];
      if (x === undefined || x === null) issues.push(invalid([...path, k], `${formatPath([...path, k])}: Required value: must not be empty`));
      else if (typeof x !== 'string') issues.push(invalid([...path, k], `${formatPath([...path, k])}: Invalid value: ${shownValue(x)}: must be a string`));
      else if (x === '') issues.push(invalid([...path, k], `${formatPath([...path, k])}: Required value: must not be empty`));
    }
    if (v.metadata !== undefined && v.metadata !== null && options.validateMetadata) issues.push(...options.validateMetadata(v.metadata, [...path, 'metadata']));
  }
}

// ---------------------------------------------------------------------------
// Formats the API server checks (a subset of kube-openapi's strfmt registry; unknown formats
// are not checked, as there).

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
function isIPv6(s: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return false;
  const parts = s.split('::');
  if (parts.length > 2) return false;
  const groups = (p: string): string[] => (p === '' ? [] : p.split(':'));
  const all = [...groups(parts[0]), ...(parts.length === 2 ? groups(parts[1]) : [])];
  let n = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i];
    if (i === all.length - 1 && g.includes('.')) {
      if (!IPV4.test(g)) return false;
      n += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) n++;
    else return false;
  }
  return parts.length === 2 ? n < 8 : n === 8;
}
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MAC = /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$/;

const FORMATS: Record<string, (s: string) => boolean> = {
  ipv4: (s) => IPV4.test(s),
  ipv6: isIPv6,
  cidr: (s) => {
    const i = s.indexOf('/');
    if (i < 0) return false;
    const ip = s.slice(0, i);
    const bits = s.slice(i + 1);
    if (!/^\d{1,3}$/.test(bits)) return false;
    return IPV4.test(ip) ? Number(bits) <= 32 : isIPv6(ip) && Number(bits) <= 128;
  },
  uuid: (s) => UUID.test(s),
  uuid3: (s) => UUID.test(s),
  uuid4: (s) => UUID.test(s),
  uuid5: (s) => UUID.test(s),
  date: (s) => DATE.test(s) && !Number.isNaN(Date.parse(s)),
  'date-time': (s) => DATE_TIME.test(s),
  datetime: (s) => DATE_TIME.test(s),
  byte: (s) => BASE64.test(s),
  mac: (s) => MAC.test(s),
};

// ---------------------------------------------------------------------------
// Storage: pruning and defaulting, as the API server does before it stores a custom resource.

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** The object as stored: unknown fields pruned, defaults applied (values are copied, the input untouched). */
export function pruneAndDefault(root: CompiledNode, value: unknown): unknown {
  return storeWalk(root, value, true);
}

function storeWalk(node: CompiledNode, v: unknown, root: boolean): unknown {
  if (Array.isArray(v)) return node.items ? v.map((x) => storeWalk(node.items!, x, false)) : node.preserveUnknown || !node.type ? clone(v) : v.map((x) => clone(x));
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const key in v) {
    if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
    const child = v[key];
    if (root && ROOT_IMPLICIT.has(key)) {
      out[key] = clone(child);
      continue;
    }
    const target = node.properties?.get(key) ?? node.additional;
    if (target) {
      if (child === null && !target.nullable) continue;
      out[key] = storeWalk(target, child, false);
    } else if (node.additionalAllowed || node.preserveUnknown || (node.embedded && ROOT_IMPLICIT.has(key)) || (!node.type && !node.properties && !node.additional)) {
      out[key] = clone(child);
    }
  }
  if (node.properties) {
    for (const [key, child] of node.properties) {
      if (out[key] === undefined && child.schema.default !== undefined) out[key] = storeWalk(child, clone(child.schema.default), false);
    }
  }
  return out;
}
