import {
  compare, decodeFieldsV1, difference, encodeFieldsV1, merge, pathOf, pathString, recursiveDifference,
  removeFields, split, toFieldSet, union, withAncestors, type FieldSet, type Shape,
} from './fieldSets';

/**
 * Field management as the API server does it for every write (server-side apply): each object
 * carries `metadata.managedFields`, one entry per manager (the `fieldManager` of a request, else
 * the first word of its User-Agent) and operation. An Update (create, update, patch) takes the
 * fields it changed from everyone; an Apply owns exactly the fields of its configuration, removes
 * the fields it owned before and no longer applies (when no one else owns them), and conflicts
 * with the other managers of the fields whose values it changes, unless forced.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  /** Virtual milliseconds. */
  time: number;
  fields: FieldSet;
  subresource?: string;
}

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** What no manager owns: the object's identity and the server's bookkeeping (stripMetaManager). */
const STRIPPED = new Set([
  pathOf('f:apiVersion'), pathOf('f:kind'), pathOf('f:metadata'), ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => pathOf('f:metadata', 'f:' + f)),
]);

/** The fields a write through the main resource or a subresource may not own (the strategies' reset fields). */
function ignoredFor(subresource: string | undefined): (set: FieldSet) => FieldSet {
  if (subresource === 'status') return (set) => new Set([...set].filter((p) => split(p)[0] === 'f:status'));
  return (set) => recursiveDifference(set, new Set([pathOf('f:status')]));
}

function entryOf(me: Omit<ManagedEntry, 'time' | 'fields'>, time: number, fields: FieldSet): ManagedEntry {
  const e: ManagedEntry = { manager: me.manager, operation: me.operation, apiVersion: me.apiVersion, time, fields };
  if (me.subresource) e.subresource = me.subresource;
  return e;
}

const KEPT = [pathOf('f:metadata'), pathOf('f:apiVersion'), pathOf('f:kind'), pathOf('f:status')];

function sameManager(a: ManagedEntry, b: Pick<ManagedEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): boolean {
  return a.manager === b.manager && a.operation === b.operation && (a.subresource ?? '') === (b.subresource ?? '') && (a.operation === 'Apply' || a.apiVersion === b.apiVersion);
}

/** How the API server names a manager in a conflict (printManager). */
export function managerText(e: ManagedEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion}`;
  return s;
}

/** The object without what field management never looks at (managedFields, identity), as the walker sees it. */
function content(o: Json): Json {
  if (!o || typeof o !== 'object') return o;
  const { metadata, ...rest } = o;
  if (!metadata) return rest;
  const { managedFields: _m, ...meta } = metadata;
  return { ...rest, metadata: meta };
}

function clean(set: FieldSet, ignore: (s: FieldSet) => FieldSet): FieldSet {
  return ignore(difference(set, STRIPPED));
}

export interface WriteContext {
  shape: Shape;
  manager: string;
  apiVersion: string;
  subresource?: string;
  now: number;
}

/**
 * An Update: the manager takes every field the write added or changed (from whoever owned it),
 * fields the write removed leave every manager, and an entry left with no fields goes.
 */
export function updateManagers(entries: ManagedEntry[], before: Json, after: Json, ctx: WriteContext): ManagedEntry[] {
  const ignore = ignoredFor(ctx.subresource);
  const c = compare(content(before), content(after), ctx.shape);
  const taken = clean(union(c.added, c.modified), ignore);
  const removed = c.removed;
  const me = { manager: ctx.manager, operation: 'Update' as const, apiVersion: ctx.apiVersion, subresource: ctx.subresource };
  const out: ManagedEntry[] = [];
  let mine: ManagedEntry | undefined;
  for (const e of entries) {
    if (sameManager(e, me)) {
      mine = e;
      continue;
    }
    const fields = difference(difference(e.fields, taken), removed);
    if (fields.size) out.push(fields.size === e.fields.size ? e : { ...e, fields });
  }
  const fields = union(difference(mine?.fields ?? [], removed), taken);
  if (fields.size) {
    const changed = !mine || fields.size !== mine.fields.size || [...fields].some((p) => !mine!.fields.has(p));
    out.push(entryOf(me, changed || !mine ? ctx.now : mine.time, fields));
  }
  return out;
}

export interface Conflict {
  entry: ManagedEntry;
  path: string;
}

/** The API server's 409 for an apply that changes other managers' fields (merge.Conflicts, NewConflictError). */
export class ApplyConflict extends Error {
  constructor(message: string, readonly causes: { reason: string; message: string; field: string }[]) {
    super(message);
  }
}

export function conflictError(conflicts: Conflict[]): ApplyConflict {
  let message: string;
  if (conflicts.length === 1) message = `Apply failed with 1 conflict: conflict with ${managerText(conflicts[0].entry)}: ${pathString(conflicts[0].path)}`;
  else {
    const by = new Map<string, string[]>();
    for (const c of conflicts) {
      const m = managerText(c.entry);
      by.set(m, [...(by.get(m) ?? []), pathString(c.path)]);
    }
    const lines: string[] = [];
    for (const m of [...by.keys()].sort()) {
      lines.push(`conflicts with ${m}:`);
      for (const p of by.get(m)!) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${managerText(c.entry)}`, field: pathString(c.path) }));
  return new ApplyConflict(message, causes);
}

export interface ApplyOutcome {
  object: Json;
  entries: ManagedEntry[];
}

/**
 * An Apply of `config` over `live` (undefined: the apply creates the object). The configuration
 * is merged in; the fields this manager applied last time and no longer does are removed unless
 * another manager owns them (or something below them); the result's changes to fields other
 * managers own are conflicts unless `force`, which moves them to this manager. The manager
 * `kubectl` may take fields the client-side apply annotation says it applied, while the live
 * object still holds those values (lastAppliedManager), and keeps that annotation current.
 */
export function applyManagers(entries: ManagedEntry[], live: Json | undefined, config: Json, ctx: WriteContext & { force: boolean }): ApplyOutcome {
  const ignore = ignoredFor(ctx.subresource);
  const me = { manager: ctx.manager, operation: 'Apply' as const, apiVersion: ctx.apiVersion, subresource: ctx.subresource };
  const applied = clean(toFieldSet(content(config), ctx.shape), ignore);
  const previous = entries.find((e) => sameManager(e, me));
  const liveContent = live === undefined ? undefined : content(live);
  let object = live === undefined ? content(config) : merge(liveContent, content(config), ctx.shape);
  const others = entries.filter((e) => !sameManager(e, me));
  if (previous && live !== undefined) {
    // Prune: what this manager owned and no longer applies goes, unless someone still owns it or
    // something below it; a struct field above such a field counts as owned by it too
    // (EnsureNamedFieldsAreMembers). Identity and metadata itself stay.
    const owned = withAncestors(union(applied, ...others.map((e) => e.fields)));
    const candidates = union(previous.fields, [...withAncestors(previous.fields)].filter((p) => split(p).at(-1)!.startsWith('f:')));
    for (const p of KEPT) candidates.delete(p);
    const gone = [...candidates].filter((p) => !owned.has(p)).sort((a, b) => a.length - b.length);
    object = removeFields(object, gone, ctx.shape);
  }
  const c = live === undefined ? undefined : compare(liveContent, object, ctx.shape);
  const changed = c ? union(c.added, c.modified) : new Set<string>();
  let conflicts: Conflict[] = [];
  for (const e of others) for (const p of [...e.fields].sort()) if (changed.has(p)) conflicts.push({ entry: e, path: p });
  if (conflicts.length && !ctx.force && ctx.manager === 'kubectl' && live !== undefined) {
    const allowed = lastAppliedAllows(live, ctx.shape);
    if (allowed) conflicts = conflicts.filter((x) => !allowed.has(x.path));
    if (conflicts.length === 0) return applyManagers(entries, live, config, { ...ctx, force: true });
  }
  if (conflicts.length && !ctx.force) throw conflictError(conflicts);
  const removed = c?.removed ?? new Set<string>();
  const out: ManagedEntry[] = [];
  for (const e of entries) {
    if (sameManager(e, me)) continue;
    const fields = difference(difference(e.fields, changed), removed);
    if (fields.size) out.push(fields.size === e.fields.size ? e : { ...e, fields });
  }
  const sameSet = previous && previous.fields.size === applied.size && [...applied].every((p) => previous.fields.has(p));
  const objectChanged = !c || c.added.size + c.modified.size + c.removed.size > 0;
  out.push(entryOf(me, previous && sameSet && !objectChanged ? previous.time : ctx.now, applied));
  object = restoreIdentity(object, live ?? config);
  if (ctx.manager === 'kubectl' && live?.metadata?.annotations?.[LAST_APPLIED] !== undefined) object = withLastApplied(object, config);
  return { object, entries: out };
}

/** The fields of the client-side apply annotation whose values the live object still has. */
function lastAppliedAllows(live: Json, shape: Shape): FieldSet | undefined {
  const text = live?.metadata?.annotations?.[LAST_APPLIED];
  if (typeof text !== 'string' || text === '') return undefined;
  let last: Json;
  try {
    last = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!last || typeof last !== 'object' || last.apiVersion !== live.apiVersion) return undefined;
  const set = toFieldSet(content(last), shape);
  const c = compare(content(last), content(live), shape);
  return difference(difference(difference(set, c.modified), c.added), c.removed);
}

/** The annotation as kubectl's server-side apply keeps it: the applied configuration, keys sorted (lastAppliedUpdater). */
function withLastApplied(object: Json, config: Json): Json {
  const copy = JSON.parse(JSON.stringify(config));
  if (copy.metadata?.annotations) delete copy.metadata.annotations[LAST_APPLIED];
  const sorted = (v: Json): Json => (Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v);
  return { ...object, metadata: { ...object.metadata, annotations: { ...object.metadata?.annotations, [LAST_APPLIED]: JSON.stringify(sorted(copy)) + '\n' } } };
}

/** The identity fields content() and pruning never touch come back from the live object. */
function restoreIdentity(object: Json, from: Json): Json {
  const meta = { ...(object.metadata ?? {}) };
  for (const k of ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'generation']) if (from?.metadata?.[k] !== undefined && meta[k] === undefined) meta[k] = from.metadata[k];
  return { ...object, apiVersion: object.apiVersion ?? from.apiVersion, kind: object.kind ?? from.kind, metadata: meta };
}

/** A set is never changed once made (a changed manager gets a new one): its encoding is kept, as every read encodes it. */
const encoded = new WeakMap<FieldSet, Record<string, unknown>>();

function fieldsV1Of(set: FieldSet): Record<string, unknown> {
  let tree = encoded.get(set);
  if (!tree) encoded.set(set, (tree = encodeFieldsV1(set)));
  return structuredClone(tree);
}

/** managedFields as the API returns them, in the API server's order: Apply before Update, then by time (seconds), manager, apiVersion, subresource. */
export function encodeEntries(entries: ManagedEntry[], time: (ms: number) => string): Record<string, unknown>[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...entries].sort((p, q) => cmp(p.operation, q.operation) || Math.floor(p.time / 1000) - Math.floor(q.time / 1000)
    || cmp(p.manager, q.manager) || cmp(p.apiVersion, q.apiVersion) || cmp(p.subresource ?? '', q.subresource ?? ''));
  return sorted.map((e) => ({
    manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, time: time(e.time), fieldsType: 'FieldsV1', fieldsV1: fieldsV1Of(e.fields),
    ...(e.subresource ? { subresource: e.subresource } : {}),
  }));
}

/**
 * managedFields a client sent (undefined: keep the live ones). `[{}]` resets them; entries that
 * do not decode are ignored as a whole, as the API server falls back to the live object's.
 */
export function decodeEntries(v: unknown, time: (text: string) => number): ManagedEntry[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  if (v.length === 1 && v[0] && typeof v[0] === 'object' && Object.keys(v[0]).length === 0) return [];
  const out: ManagedEntry[] = [];
  for (const raw of v) {
    if (!raw || typeof raw !== 'object') return undefined;
    const e = raw as Record<string, unknown>;
    if (e.operation !== 'Apply' && e.operation !== 'Update') return undefined;
    if (e.fieldsType !== 'FieldsV1') return undefined;
    const fields = decodeFieldsV1(e.fieldsV1);
    if (!fields) return undefined;
    const t = typeof e.time === 'string' ? time(e.time) : 0;
    out.push({ manager: String(e.manager ?? ''), operation: e.operation, apiVersion: String(e.apiVersion ?? ''), time: Number.isFinite(t) ? t : 0, fields, ...(e.subresource ? { subresource: String(e.subresource) } : {}) });
  }
  return out;
}

/**
 * The scale subresource's writer owns the parent's `.spec.replicas` (ScaleHandler): an entry with
 * subresource `scale` and the parent's apiVersion; managers of the main resource lose it.
 */
export function scaleManagers(entries: ManagedEntry[], changed: boolean, ctx: Omit<WriteContext, 'shape'>): ManagedEntry[] {
  if (!changed) return entries;
  const replicas = pathOf('f:spec', 'f:replicas');
  const me = { manager: ctx.manager, operation: 'Update' as const, apiVersion: ctx.apiVersion, subresource: 'scale' };
  const out: ManagedEntry[] = [];
  for (const e of entries) {
    if (sameManager(e, me)) continue;
    const fields = difference(e.fields, new Set([replicas]));
    if (fields.size) out.push(fields.size === e.fields.size ? e : { ...e, fields });
  }
  out.push({ ...me, time: ctx.now, fields: new Set([replicas]) });
  return out;
}
