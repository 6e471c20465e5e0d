import { DEFINITIONS, deref, lookupKind, type JsonSchema } from '../../engine/schema/registry';

/**
 * Field sets as server-side apply keeps them (structured-merge-diff): which fields of an object a
 * manager owns, walked with the schema's list types (atomic, set, map with keys) and map types.
 * A path is a list of path elements in the FieldsV1 spelling: `f:name` (a field or map key),
 * `k:{"name":"web"}` (an item of a list keyed by its key fields, sorted), `v:"a"` (an item of a
 * set), `i:0` (an item of a list without keys, never produced here). A set is a JS Set of
 * paths joined by NUL.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export type FieldSet = Set<string>;

/** How a value is walked: what the schema says about it (deduced when there is no schema). */
export type Shape =
  | { kind: 'scalar' }
  | { kind: 'atomic' }
  | { kind: 'map'; field: (name: string) => Shape | undefined; elem?: Shape; required?: readonly string[] }
  | { kind: 'list'; type: 'set' | 'map'; keys: string[]; keyDefaults: Record<string, unknown>; elem: Shape };

const SEP = '\u0000';
const DEDUCED: Shape = { kind: 'map', field: () => undefined, get elem() { return DEDUCED; } };
const SCALAR: Shape = { kind: 'scalar' };
const ATOMIC: Shape = { kind: 'atomic' };

const shapes = new WeakMap<JsonSchema, Shape>();

/** The shape of a schema (cached per schema object: definitions are shared). */
function shapeOf(schema: JsonSchema | undefined): Shape {
  const s = deref(schema);
  if (!s) return DEDUCED;
  const known = shapes.get(s);
  if (known) return known;
  let shape: Shape;
  const type = Array.isArray(s.type) ? undefined : s.type;
  if (type === 'array' || s.items) {
    const listType = s['x-kubernetes-list-type'];
    if (listType === 'map' || listType === 'set') {
      const keys = [...(s['x-kubernetes-list-map-keys'] ?? [])].sort();
      const item = deref(s.items);
      const keyDefaults: Record<string, unknown> = {};
      for (const k of keys) if (item?.properties?.[k]?.default !== undefined) keyDefaults[k] = item.properties[k].default;
      const elemSchema = s.items;
      shape = { kind: 'list', type: listType, keys, keyDefaults, get elem() { return shapeOf(elemSchema); } };
    } else shape = ATOMIC;
  } else if (s.properties || typeof s.additionalProperties === 'object') {
    if (s['x-kubernetes-map-type'] === 'atomic') shape = ATOMIC;
    else {
      const props = s.properties ?? {};
      const extra = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
      shape = { kind: 'map', field: (n) => (Object.prototype.hasOwnProperty.call(props, n) ? shapeOf(props[n]) : undefined), get elem() { return extra ? shapeOf(extra) : undefined; }, required: s.required };
    }
  } else if (type === 'object') shape = DEDUCED;
  else shape = SCALAR;
  shapes.set(s, shape);
  return shape;
}

/** The shape of a kind's objects: its schema for built-in kinds, deduced (maps granular, lists atomic) for others. */
export function shapeForKind(apiVersion: string, kind: string): Shape {
  const entry = lookupKind(apiVersion, kind);
  return entry ? shapeOf(DEFINITIONS[entry.definition]) : DEDUCED;
}

const customShapes = new WeakMap<object, Shape>();

/**
 * The shape of a custom kind's objects from its version's structural schema (its list types and
 * keys; fields it does not declare are deduced), with the API server's ObjectMeta.
 */
export function shapeForSchema(schema: object): Shape {
  let shape = customShapes.get(schema);
  if (!shape) {
    const s = schema as JsonSchema;
    shape = shapeOf({ ...s, type: 'object', properties: { ...(s.properties ?? {}), metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' } } });
    customShapes.set(schema, shape);
  }
  return shape;
}

function childShape(shape: Shape, name: string): { shape: Shape; declared: boolean } {
  if (shape.kind !== 'map') return { shape: DEDUCED, declared: false };
  const f = shape.field(name);
  if (f) return { shape: f, declared: true };
  return { shape: shape.elem ?? DEDUCED, declared: false };
}

function isObject(v: unknown): v is Record<string, Json> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** A list item's path element: its key fields (defaults for absent ones), or its value for a set. */
function itemElement(shape: Extract<Shape, { kind: 'list' }>, item: Json): string {
  if (shape.type === 'set') return 'v:' + JSON.stringify(item);
  const key: Record<string, unknown> = {};
  for (const k of shape.keys) {
    const v = isObject(item) && item[k] !== undefined ? item[k] : shape.keyDefaults[k];
    if (v !== undefined) key[k] = v;
  }
  return 'k:' + JSON.stringify(key);
}

const join = (path: string[]) => path.join(SEP);
export const split = (p: string): string[] => (p === '' ? [] : p.split(SEP));

/**
 * The fields a value sets (ToFieldSet): scalars, atomic values and list items are members;
 * a map entry is one when it is empty or null, or is not a field of a struct (a label, a key).
 */
export function toFieldSet(value: Json, shape: Shape, path: string[] = [], out: FieldSet = new Set()): FieldSet {
  if (shape.kind === 'scalar' || shape.kind === 'atomic') {
    out.add(join(path));
    return out;
  }
  if (shape.kind === 'list') {
    if (!Array.isArray(value)) return out;
    for (const item of value) {
      const p = [...path, itemElement(shape, item)];
      toFieldSet(item, shape.elem, p, out);
      out.add(join(p));
    }
    return out;
  }
  if (!isObject(value)) {
    if (value !== undefined && value !== null) out.add(join(path));
    return out;
  }
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const { shape: s, declared } = childShape(shape, k);
    const p = [...path, 'f:' + k];
    toFieldSet(v, s, p, out);
    if (v === null || (isObject(v) && Object.keys(v).length === 0) || !declared) out.add(join(p));
  }
  return out;
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

function equal(a: Json, b: Json): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: Json): Json {
  if (Array.isArray(v)) return v.map(canonical);
  if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  return v;
}

/**
 * What changed from `lhs` to `rhs` (Compare): leaves added, removed or modified, and every node
 * that is new or gone (which is why a new map, list or list item is owned itself: `.`).
 */
export function compare(lhs: Json, rhs: Json, shape: Shape): Comparison {
  const c: Comparison = { added: new Set(), modified: new Set(), removed: new Set() };
  walkCompare(lhs, rhs, shape, [], c);
  return c;
}

function walkCompare(lhs: Json, rhs: Json, shape: Shape, path: string[], c: Comparison): void {
  const key = join(path);
  const leaf = () => {
    if (lhs === undefined) c.added.add(key);
    else if (rhs === undefined) c.removed.add(key);
    else if (!equal(lhs, rhs)) c.modified.add(key);
  };
  if (shape.kind === 'scalar' || shape.kind === 'atomic') return leaf();
  if (shape.kind === 'list') {
    if (!Array.isArray(lhs) && !Array.isArray(rhs)) return leaf();
    const items = new Map<string, [Json, Json]>();
    for (const x of Array.isArray(lhs) ? lhs : []) items.set(itemElement(shape, x), [x, undefined]);
    for (const x of Array.isArray(rhs) ? rhs : []) {
      const pe = itemElement(shape, x);
      items.set(pe, [items.get(pe)?.[0], x]);
    }
    for (const [pe, [l, r]] of items) walkCompare(l, r, shape.elem, [...path, pe], c);
  } else {
    const l = isObject(lhs) ? lhs : undefined;
    const r = isObject(rhs) ? rhs : undefined;
    // Both empty (or not maps): a leaf, which keeps the difference between empty and absent.
    if ((!l || Object.keys(l).length === 0) && (!r || Object.keys(r).length === 0)) return leaf();
    const keys = new Set([...Object.keys(l ?? {}), ...Object.keys(r ?? {})]);
    for (const k of keys) {
      const lv = l?.[k];
      const rv = r?.[k];
      if (lv === undefined && rv === undefined) continue;
      walkCompare(lv, rv, childShape(shape, k).shape, [...path, 'f:' + k], c);
    }
  }
  if (path.length === 0) return;
  if (lhs === undefined) c.added.add(key);
  else if (rhs === undefined) c.removed.add(key);
}

/** Server-side apply's merge: maps merge, keyed lists merge by key, sets union, the rest is replaced. */
export function merge(live: Json, config: Json, shape: Shape): Json {
  if (config === undefined) return live;
  if (shape.kind === 'scalar' || shape.kind === 'atomic') return config;
  if (shape.kind === 'list') {
    if (!Array.isArray(config) || !Array.isArray(live)) return config;
    const out = [...live];
    const at = new Map(out.map((x, i) => [itemElement(shape, x), i]));
    for (const item of config) {
      const pe = itemElement(shape, item);
      const i = at.get(pe);
      if (i === undefined) {
        at.set(pe, out.length);
        out.push(item);
      } else out[i] = merge(out[i], item, shape.elem);
    }
    return out;
  }
  if (!isObject(config) || !isObject(live)) return config;
  const out: Record<string, Json> = { ...live };
  for (const [k, v] of Object.entries(config)) {
    if (v === undefined) continue;
    out[k] = merge(out[k], v, childShape(shape, k).shape);
  }
  return out;
}

/** The value without the fields at `paths` (each with everything below it). */
export function removeFields(value: Json, paths: Iterable<string>, shape: Shape): Json {
  let out = value;
  for (const p of paths) out = removeAt(out, split(p), shape);
  return out;
}

function removeAt(value: Json, path: string[], shape: Shape): Json {
  if (path.length === 0) return undefined;
  const [pe, ...rest] = path;
  if (shape.kind === 'list' && Array.isArray(value)) {
    const out: Json[] = [];
    for (const item of value) {
      if (itemElement(shape, item) !== pe) out.push(item);
      else {
        const kept = removeAt(item, rest, shape.elem);
        if (kept !== undefined) out.push(kept);
      }
    }
    return out;
  }
  if (shape.kind === 'map' && isObject(value) && pe.startsWith('f:')) {
    const name = pe.slice(2);
    if (!(name in value)) return value;
    const kept = removeAt(value[name], rest, childShape(shape, name).shape);
    const out = { ...value };
    if (kept === undefined) delete out[name];
    else out[name] = kept;
    return out;
  }
  return value;
}

/** Every path and all of its ancestors. */
export function withAncestors(set: Iterable<string>): FieldSet {
  const out = new Set<string>();
  for (const p of set) {
    const parts = split(p);
    for (let i = 1; i <= parts.length; i++) out.add(join(parts.slice(0, i)));
  }
  return out;
}

export function union(...sets: Iterable<string>[]): FieldSet {
  const out = new Set<string>();
  for (const s of sets) for (const p of s) out.add(p);
  return out;
}

export function difference(a: Iterable<string>, b: ReadonlySet<string>): FieldSet {
  const out = new Set<string>();
  for (const p of a) if (!b.has(p)) out.add(p);
  return out;
}

/** `a` without the paths of `b` and everything below them. */
export function recursiveDifference(a: Iterable<string>, b: ReadonlySet<string>): FieldSet {
  const out = new Set<string>();
  for (const p of a) {
    const parts = split(p);
    let covered = false;
    for (let i = 1; i <= parts.length && !covered; i++) covered = b.has(join(parts.slice(0, i)));
    if (!covered) out.add(p);
  }
  return out;
}

export function pathOf(...elements: string[]): string {
  return join(elements);
}

/** FieldsV1: a tree of path elements, `.` marking a node that is itself a member. */
export function encodeFieldsV1(set: FieldSet): Record<string, Json> {
  const root: Record<string, Json> = {};
  const members: Set<string> = new Set(set);
  for (const p of [...set].sort()) {
    let node = root;
    for (const pe of split(p)) node = node[pe] ??= {};
  }
  // A member with children says so with `.`; leaves are `{}`.
  const mark = (node: Record<string, Json>, path: string[]) => {
    for (const [pe, child] of Object.entries(node)) {
      const p = [...path, pe];
      if (Object.keys(child).length > 0) {
        if (members.has(join(p))) child['.'] = {};
        mark(child, p);
      }
    }
  };
  mark(root, []);
  return sortTree(root);
}

function sortTree(node: Record<string, Json>): Record<string, Json> {
  const keys = Object.keys(node).sort((a, b) => (a === '.' ? -1 : b === '.' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, sortTree(node[k])]));
}

/** The set a FieldsV1 tree holds; undefined when it is not one. */
export function decodeFieldsV1(tree: unknown): FieldSet | undefined {
  if (!isObject(tree)) return undefined;
  const out = new Set<string>();
  const walk = (node: Record<string, Json>, path: string[]): boolean => {
    for (const [pe, child] of Object.entries(node)) {
      if (!isObject(child)) return false;
      if (pe === '.') {
        if (path.length === 0) return false;
        out.add(join(path));
        continue;
      }
      if (!/^[fkvi]:/.test(pe)) return false;
      const p = [...path, pe];
      if (Object.keys(child).length === 0) out.add(join(p));
      else if (!walk(child, p)) return false;
    }
    return true;
  };
  return walk(tree, []) ? out : undefined;
}

/** A path as the API server prints it in a conflict: `.spec.template.spec.containers[name="web"].image`. */
export function pathString(p: string): string {
  return split(p).map((pe) => {
    const body = pe.slice(2);
    if (pe.startsWith('f:')) return '.' + body;
    if (pe.startsWith('k:')) {
      const key = JSON.parse(body) as Record<string, unknown>;
      return '[' + Object.entries(key).map(([k, v]) => `${k}=${goValue(v)}`).join(',') + ']';
    }
    if (pe.startsWith('v:')) return `[=${goValue(JSON.parse(body))}]`;
    return `[${body}]`;
  }).join('');
}

/** value.ToString: strings quoted, numbers and booleans bare, the rest as JSON. */
function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * What a create is compared with: the kind's empty object, in which the nested structs of the
 * object's own structure are present and empty (Go value structs), while lists, maps and
 * everything inside them are new. (Go's pointer structs are not told apart: they count as present.)
 */
export function zeroObject(value: Json, shape: Shape): Json {
  if (shape.kind !== 'map' || shape.elem !== undefined || !isObject(value)) return undefined;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    const s = shape.field(k);
    // A required list (no omitempty in Go) is null in the empty object, not absent.
    if (Array.isArray(v) && shape.required?.includes(k)) {
      out[k] = null;
      continue;
    }
    // An empty struct counts as new (owned, `{}`), as the pointer structs that are usually empty are.
    if (!s || s.kind !== 'map' || s.elem !== undefined || !isObject(v) || Object.keys(v).length === 0) continue;
    out[k] = zeroObject(v, s) ?? {};
  }
  return out;
}

/**
 * What makes an apply configuration untypable: two items of a keyed list (or a set) with the
 * same key, as structured-merge-diff words it (`.spec.template.spec.containers[name="web"].env:
 * duplicate entries for key [name="A"]`). Objects written otherwise may hold duplicates.
 */
export function duplicateKeys(value: Json, shape: Shape, path: string[] = [], out: string[] = []): string[] {
  if (shape.kind === 'list' && Array.isArray(value)) {
    const seen = new Set<string>();
    for (const item of value) {
      const pe = itemElement(shape, item);
      if (seen.has(pe)) out.push(`${pathString(join(path))}: duplicate entries for key ${pathString(pe)}`);
      seen.add(pe);
      duplicateKeys(item, shape.elem, [...path, pe], out);
    }
  } else if (shape.kind === 'map' && isObject(value)) {
    for (const [k, v] of Object.entries(value)) duplicateKeys(v, childShape(shape, k).shape, [...path, 'f:' + k], out);
  }
  return out;
}
