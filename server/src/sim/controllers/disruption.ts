import type { Sim } from '../core';
import type { KObject } from '../types';
import { isPodReady } from '../status';
import { matchesSelector, scaledValue } from '../util';
import { CONTROLLER_MANAGER, writeStatus } from '../apiserver/managedFields';

/**
 * The disruption controller (pkg/controller/disruption): keeps each PodDisruptionBudget's status
 * from the pods its selector matches, so the eviction API (apiserver/eviction.ts) can refuse an
 * eviction that would leave fewer healthy pods than the budget wants.
 *
 * - expectedPods: the pods matched (minAvailable as a number), else the sum of the scales of their
 *   controllers (Deployment, ReplicaSet, ReplicationController, StatefulSet); a pod without a
 *   controller is "unmanaged" (a warning event, counted nowhere), a controller of another kind
 *   fails the sync (`daemonsets.apps does not implement the scale subresource`).
 * - desiredHealthy: minAvailable, or expectedPods - maxUnavailable; percentages are rounded up
 *   (GetScaledValueFromIntOrPercent with roundUp=true, for both fields).
 * - currentHealthy: matched pods that are Ready, not terminating and not just evicted.
 * - disruptionsAllowed: currentHealthy - desiredHealthy, 0 when negative or when no pods are expected.
 */

/** How long an evicted pod may take to go before the controller stops counting it as disrupted (DeletionTimeout). */
export const DISRUPTED_POD_TIMEOUT_MS = 2 * 60 * 1000;

const SCALED_KINDS = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'];

/** The pods a budget's selector matches in its namespace (policy/v1: an empty selector matches all, none matches nothing). */
export function podsOfBudget(sim: Sim, pdb: KObject): KObject[] {
  return sim.store.list('Pod', pdb.metadata.namespace).filter((p) => matchesSelector(pdb.spec?.selector, p.metadata.labels));
}

/** The budgets whose selector matches a pod (the eviction API refuses more than one). */
export function budgetsOfPod(sim: Sim, pod: KObject): KObject[] {
  return sim.store.list('PodDisruptionBudget', pod.metadata.namespace).filter((b) => matchesSelector(b.spec?.selector, pod.metadata.labels));
}

class SyncFailed extends Error {}

function qualifiedResource(kind: string, apiVersion: string): string {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const plural = kind.toLowerCase().endsWith('s') ? `${kind.toLowerCase()}es` : `${kind.toLowerCase()}s`;
  return group ? `${plural}.${group}` : plural;
}

/** getExpectedScale: the sum of the scales of the pods' controllers, and the pods without one. */
function expectedScale(sim: Sim, pods: KObject[]): { expected: number; unmanaged: string[] } {
  const scales = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const ref = (pod.metadata.ownerReferences ?? []).find((r) => r.controller);
    if (!ref) {
      unmanaged.push(pod.metadata.name);
      continue;
    }
    if (scales.has(ref.uid)) continue;
    let owner = sim.store.getByUid(ref.uid);
    if (owner && owner.kind === 'ReplicaSet') {
      // A Deployment's ReplicaSet counts as the Deployment (its replicas, not the ReplicaSet's).
      const up = (owner.metadata.ownerReferences ?? []).find((r) => r.controller && r.kind === 'Deployment');
      const dep = up ? sim.store.getByUid(up.uid) : undefined;
      if (up) owner = dep;
    }
    if (!SCALED_KINDS.includes(ref.kind)) {
      const res = sim.store.resources.forKind(ref.kind);
      throw new SyncFailed(`${res?.qualified ?? qualifiedResource(ref.kind, ref.apiVersion ?? '')} does not implement the scale subresource`);
    }
    if (!owner) throw new SyncFailed(`found no controllers for pod "${pod.metadata.name}"`);
    scales.set(owner.metadata.uid, typeof owner.spec?.replicas === 'number' ? owner.spec.replicas : 1);
  }
  let expected = 0;
  for (const n of scales.values()) expected += n;
  return { expected, unmanaged };
}

/** getExpectedPodCount: how many pods are expected and how many must stay healthy. */
function expectedCounts(sim: Sim, pdb: KObject, pods: KObject[]): { expected: number; desired: number; unmanaged: string[] } {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined && maxUnavailable !== null) {
    const { expected, unmanaged } = expectedScale(sim, pods);
    return { expected, desired: Math.max(0, expected - scaledValue(maxUnavailable, expected, true)), unmanaged };
  }
  if (typeof minAvailable === 'number') return { expected: pods.length, desired: minAvailable, unmanaged: [] };
  if (typeof minAvailable === 'string') {
    const { expected, unmanaged } = expectedScale(sim, pods);
    return { expected, desired: scaledValue(minAvailable, expected, true), unmanaged };
  }
  return { expected: 0, desired: 0, unmanaged: [] };
}

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration: number;
  lastTransitionTime: number;
}

/** meta.SetStatusCondition for DisruptionAllowed: the transition time moves only when the status changes. */
export function setDisruptionCondition(sim: Sim, status: Record<string, unknown>, allowed: boolean, reason: string, message = ''): void {
  const conditions = ((status.conditions as Condition[] | undefined) ?? []).filter((c) => c.type !== 'DisruptionAllowed');
  const old = ((status.conditions as Condition[] | undefined) ?? []).find((c) => c.type === 'DisruptionAllowed');
  const value = allowed ? 'True' : 'False';
  conditions.push({ type: 'DisruptionAllowed', status: value, reason, message, observedGeneration: Number(status.observedGeneration ?? 0), lastTransitionTime: old && old.status === value ? old.lastTransitionTime : sim.now });
  status.conditions = conditions;
}

function sync(sim: Sim, pdb: KObject): void {
  const pods = podsOfBudget(sim, pdb);
  if (pods.length === 0) sim.emit(pdb, 'Normal', 'NoPods', 'No matching pods found', 'controllermanager');
  let counts: { expected: number; desired: number; unmanaged: string[] };
  try {
    counts = expectedCounts(sim, pdb, pods);
  } catch (e) {
    if (!(e instanceof SyncFailed)) throw e;
    // failSafe: no disruption allowed, and the condition says why.
    sim.emit(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${e.message}`, 'controllermanager');
    const status = { ...(pdb.status ?? {}), disruptionsAllowed: 0 };
    setDisruptionCondition(sim, status, false, 'SyncFailed', e.message);
    write(sim, pdb, status);
    return;
  }
  if (counts.unmanaged.length) {
    sim.emit(pdb, 'Warning', 'UnmanagedPods', `Pods selected by this PodDisruptionBudget (selector: ${selectorDebug(pdb.spec?.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`, 'controllermanager');
  }
  // buildDisruptedPodMap: pods the eviction API let go, until they terminate or the timeout passes.
  const disrupted: Record<string, number> = {};
  let recheck: number | undefined;
  const was = (pdb.status?.disruptedPods ?? {}) as Record<string, number>;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp !== undefined) continue;
    const at = was[p.metadata.name];
    if (at === undefined) continue;
    const expires = at + DISRUPTED_POD_TIMEOUT_MS;
    if (expires < sim.now) {
      sim.emit(p, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.name} to be deleted but it wasn't`, 'controllermanager');
      continue;
    }
    disrupted[p.metadata.name] = at;
    recheck = recheck === undefined ? expires : Math.min(recheck, expires);
  }
  const healthy = pods.filter((p) => p.metadata.deletionTimestamp === undefined && disrupted[p.metadata.name] === undefined && isPodReady(p)).length;
  let allowed = healthy - counts.desired;
  if (counts.expected <= 0 || allowed <= 0) allowed = 0;
  const status: Record<string, unknown> = {
    currentHealthy: healthy, desiredHealthy: counts.desired, expectedPods: counts.expected, disruptionsAllowed: allowed,
    ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
    observedGeneration: pdb.metadata.generation, conditions: pdb.status?.conditions,
  };
  setDisruptionCondition(sim, status, allowed > 0, allowed > 0 ? 'SufficientPods' : 'InsufficientPods');
  write(sim, pdb, status);
  if (recheck !== undefined) sim.enqueue('disruption', keyOf(pdb), recheck - sim.now + 1);
}

/** A *metav1.LabelSelector printed with %v (its generated String()), as the event's message has it. */
function selectorDebug(sel: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): string {
  if (!sel) return 'nil';
  const labels = Object.keys(sel.matchLabels ?? {}).sort().map((k) => `${k}: ${sel.matchLabels![k]},`).join('');
  const exprs = (sel.matchExpressions ?? []).map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`).join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

function write(sim: Sim, pdb: KObject, status: Record<string, unknown>): void {
  for (const k of Object.keys(status)) if (status[k] === undefined) delete status[k];
  if (JSON.stringify(status) === JSON.stringify(pdb.status ?? {})) return;
  pdb.status = status;
  writeStatus(sim, pdb, CONTROLLER_MANAGER);
}

function keyOf(o: KObject): string {
  return `${o.metadata.namespace}/${o.metadata.name}`;
}

export function installDisruptionController(sim: Sim): void {
  const budgetsIn = (ns: string | undefined) => (ns === undefined ? [] : sim.store.list('PodDisruptionBudget', ns));
  sim.store.watch('PodDisruptionBudget', (type, pdb) => {
    if (type !== 'DELETED') sim.enqueue('disruption', keyOf(pdb));
  });
  // A pod's readiness, labels or deletion changes the budgets that select it (before and after).
  const podSeen = new Map<string, Record<string, string>>();
  sim.store.watch('Pod', (type, pod) => {
    const before = podSeen.get(pod.metadata.uid);
    if (type === 'DELETED') podSeen.delete(pod.metadata.uid);
    else podSeen.set(pod.metadata.uid, { ...pod.metadata.labels });
    for (const b of budgetsIn(pod.metadata.namespace)) {
      if (matchesSelector(b.spec?.selector, pod.metadata.labels) || (before && matchesSelector(b.spec?.selector, before))) sim.enqueue('disruption', keyOf(b));
    }
  });
  // A controller's scale is the expectedPods of the budgets that select its pods.
  for (const kind of SCALED_KINDS) {
    sim.store.watch(kind, (_type, o) => {
      const labels = kind === 'ReplicationController' ? o.spec?.template?.metadata?.labels ?? o.spec?.selector : o.spec?.template?.metadata?.labels;
      for (const b of budgetsIn(o.metadata.namespace)) if (matchesSelector(b.spec?.selector, labels)) sim.enqueue('disruption', keyOf(b));
    });
  }
  sim.registerController('disruption', (key) => {
    const [ns, name] = key.split('/');
    const pdb = sim.store.get('PodDisruptionBudget', ns, name);
    if (pdb && pdb.metadata.deletionTimestamp === undefined) sync(sim, pdb);
  });
}
