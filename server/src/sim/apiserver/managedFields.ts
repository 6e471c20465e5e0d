import type { Sim } from '../core';
import { apiObject, rfc3339 } from '../kubectl/apiObject';
import type { KObject } from '../types';
import { encodeEntries, scaleManagers, updateManagers, type ManagedEntry } from './fieldManager';
import { shapeForKind, zeroObject, type Shape } from './fieldSets';

/**
 * Each object's `metadata.managedFields`, kept with the object in the store as etcd keeps them,
 * and written by every writer through fieldManager.ts: `serve`'s requests, the built-in shell's
 * kubectl (with the managers kubectl sends) and the simulated components (the HPA controller's
 * scale writes; status writes of the controllers and the kubelet).
 *
 * A component's status write is only noted (manager, time): the simulation writes statuses
 * constantly and most are never read. The entry is worked out when the object's managers are
 * read (or a client writes it): the writer of the status subresource owns the status's fields
 * as a status write from an empty status would.
 */

/** The managers kube-controller-manager, kube-scheduler and the kubelet write with (their User-Agent's first word). */
export const CONTROLLER_MANAGER = 'kube-controller-manager';
export const KUBELET = 'kubelet';
export const SCHEDULER = 'kube-scheduler';

/** The main resource's shape for field management (custom kinds are walked by their own schema in serve). */
function shapeOf(sim: Sim, obj: KObject): { shape: Shape; apiVersion: string } | undefined {
  const res = sim.store.resources.forKind(obj.kind);
  if (!res || res.custom) return undefined;
  return { shape: shapeForKind(res.apiVersion, res.kind), apiVersion: res.apiVersion };
}

const materialized = new WeakMap<KObject, { rv: string; entries: ManagedEntry[] }>();

/** The object's managers now: the recorded entries, and the status writer's entry worked out from the status. */
export function managedEntries(sim: Sim, obj: KObject): ManagedEntry[] {
  const uid = obj.metadata.uid;
  const recorded = sim.store.managedFields.get(uid) ?? [];
  const writer = sim.store.statusWriters.get(uid);
  if (!writer) return recorded;
  const cached = materialized.get(obj);
  if (cached && cached.rv === obj.metadata.resourceVersion) return cached.entries;
  const s = shapeOf(sim, obj);
  let entries = recorded;
  if (s && obj.status && Object.keys(obj.status).length) {
    const after = apiObject(sim, { ...obj, metadata: { ...obj.metadata } });
    const mine = (e: ManagedEntry) => e.manager === writer.manager && e.operation === 'Update' && e.subresource === 'status';
    const fromEmpty = updateManagers([], zeroObject(after, s.shape), after, { shape: s.shape, manager: writer.manager, apiVersion: s.apiVersion, subresource: 'status', now: writer.time });
    entries = [...recorded.filter((e) => !mine(e)), ...fromEmpty];
  }
  materialized.set(obj, { rv: obj.metadata.resourceVersion, entries });
  return entries;
}

/** Records an object's managers (the status writer's entry, if any, is in them now). */
export function setManagedEntries(sim: Sim, obj: KObject, entries: ManagedEntry[]): void {
  const uid = obj.metadata.uid;
  sim.store.statusWriters.delete(uid);
  if (entries.length) sim.store.managedFields.set(uid, entries);
  else sim.store.managedFields.delete(uid);
}

/** A component wrote the object's status (subresource `status`, operation Update). */
export function writeStatus(sim: Sim, obj: KObject, manager: string): void {
  sim.store.statusWriters.set(obj.metadata.uid, { manager, time: sim.now });
  sim.store.update(obj);
}

/**
 * An Update through the main resource by `manager` (the built-in shell's kubectl): `before` is
 * the object as it was (apiObject form, undefined for a create, compared with the kind's empty
 * object as the API server compares a create).
 */
export function recordUpdate(sim: Sim, obj: KObject, before: Record<string, unknown> | undefined, manager: string): void {
  const s = shapeOf(sim, obj);
  if (!s) return;
  const after = apiObject(sim, obj);
  const base = before === undefined ? [] : managedEntries(sim, obj);
  setManagedEntries(sim, obj, updateManagers(base, before ?? zeroObject(after, s.shape), after, { shape: s.shape, manager, apiVersion: s.apiVersion, now: sim.now }));
}

/** A write of the scale subresource by `manager`: it owns `.spec.replicas` (subresource `scale`). */
export function recordScale(sim: Sim, obj: KObject, manager: string): void {
  const s = shapeOf(sim, obj);
  if (!s) return;
  setManagedEntries(sim, obj, scaleManagers(managedEntries(sim, obj), true, { manager, apiVersion: s.apiVersion, now: sim.now }));
}

/** The object as field management compares it, for `recordUpdate`'s `before`. */
export function beforeWrite(sim: Sim, obj: KObject | undefined): Record<string, unknown> | undefined {
  return obj ? apiObject(sim, obj) : undefined;
}

/** The object as the API returns it with its `metadata.managedFields` (the built-in kubectl's `get`). */
export function apiObjectWithManagers(sim: Sim, obj: KObject): Record<string, unknown> {
  const a = apiObject(sim, obj);
  const entries = managedEntries(sim, obj);
  if (entries.length) (a.metadata as Record<string, unknown>).managedFields = encodeEntries(entries, (ms) => rfc3339(sim, ms));
  return a;
}
