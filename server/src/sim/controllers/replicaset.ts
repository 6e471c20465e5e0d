import type { Sim } from '../core';
import { isPodActive, isPodAvailable, isPodReady, podReadySince } from '../status';
import { controllerOf, type KObject } from '../types';
import { matchesMap, matchesSelector } from '../util';
import { OrphanIndex } from './orphans';
import { claimPods, createPod, deletePod, enqueueController, slowStartCreate, controllerName } from './podControl';
import { CONTROLLER_MANAGER, writeStatus } from '../apiserver/managedFields';

const BURST_REPLICAS = 500;
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/**
 * ReplicaSet and ReplicationController (pkg/controller/replicaset): keep `replicas` active pods
 * matching the selector, adopting orphans and releasing pods relabelled away.
 */
export function installReplicaSetControllers(sim: Sim): void {
  const orphans = new OrphanIndex(sim, 'Pod');
  for (const kind of ['ReplicaSet', 'ReplicationController'] as const) {
    const name = kind === 'ReplicaSet' ? 'replicaset' : 'replicationcontroller';
    sim.store.watch(kind, (type, rs) => {
      if (type !== 'DELETED') sim.enqueue(name, `${rs.metadata.namespace}/${rs.metadata.name}`);
    });
    sim.registerController(name, (key) => syncReplicaSet(sim, kind, key, orphans));
  }
  sim.store.watch('Pod', (type, pod) => {
    if (enqueueController(sim, pod)) return;
    if (type === 'DELETED' || pod.metadata.deletionTimestamp !== undefined) return;
    // An orphan: every RS/RC whose selector matches may adopt it.
    for (const rs of sim.store.list('ReplicaSet', pod.metadata.namespace))
      if (matchesSelector(rs.spec?.selector, pod.metadata.labels)) sim.enqueue('replicaset', `${rs.metadata.namespace}/${rs.metadata.name}`);
    for (const rc of sim.store.list('ReplicationController', pod.metadata.namespace))
      if (matchesMap(rc.spec?.selector, pod.metadata.labels)) sim.enqueue('replicationcontroller', `${rc.metadata.namespace}/${rc.metadata.name}`);
  });
}

function syncReplicaSet(sim: Sim, kind: string, key: string, orphans: OrphanIndex): void {
  const [ns, name] = key.split('/');
  const rs = sim.store.get(kind, ns, name);
  if (!rs) return;
  const selects = kind === 'ReplicaSet' ? (l: Record<string, string>) => matchesSelector(rs.spec.selector, l) : (l: Record<string, string>) => matchesMap(rs.spec.selector, l);
  const pods = claimPods(sim, rs, selects, orphans.in(ns));
  const active = pods.filter(isPodActive);
  if (rs.metadata.deletionTimestamp === undefined) {
    const diff = active.length - (rs.spec.replicas ?? 1);
    if (diff < 0) {
      const want = Math.min(-diff, BURST_REPLICAS);
      slowStartCreate(sim, rs, want, () => createPod(sim, rs, rs.spec.template, {}));
    } else if (diff > 0) {
      const victims = podsToDelete(sim, rs, active, Math.min(diff, BURST_REPLICAS));
      for (const p of victims) {
        deletePod(sim, p);
        sim.emit(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, controllerName(rs));
      }
    }
  }
  const minReady = rs.spec.minReadySeconds ?? 0;
  let ready = 0;
  let available = 0;
  let labelled = 0;
  let nextAvailable = Infinity;
  const tplLabels = Object.entries(rs.spec.template?.metadata?.labels ?? {}) as [string, string][];
  for (const p of active) {
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, sim.now)) available++;
      else nextAvailable = Math.min(nextAvailable, (podReadySince(p) ?? sim.now) + minReady * 1000 + 1);
    }
    if (tplLabels.every(([k, v]) => p.metadata.labels[k] === v)) labelled++;
  }
  if (nextAvailable !== Infinity) sim.enqueue(kind === 'ReplicaSet' ? 'replicaset' : 'replicationcontroller', key, nextAvailable - sim.now);
  const status = { replicas: active.length, fullyLabeledReplicas: labelled, readyReplicas: ready, availableReplicas: available, observedGeneration: rs.metadata.generation };
  const prev = rs.status ?? {};
  if (prev.replicas !== status.replicas || prev.readyReplicas !== ready || prev.availableReplicas !== available || prev.observedGeneration !== status.observedGeneration || prev.fullyLabeledReplicas !== labelled) {
    rs.status = { ...prev, ...status };
    writeStatus(sim, rs, CONTROLLER_MANAGER);
  }
}

/** getPodsToDelete: ActivePodsWithRanks order, the first `n` go. */
function podsToDelete(sim: Sim, rs: KObject, active: KObject[], n: number): KObject[] {
  if (n >= active.length) return active;
  // Rank: active pods on the same node related to the same controller (for a Deployment, all its RSs).
  const related: KObject[] = [];
  const ownerRef = controllerOf(rs);
  const siblings = ownerRef ? sim.store.dependentsOf(ownerRef.uid).filter((o) => o.kind === rs.kind) : [rs];
  for (const s of siblings) for (const p of sim.store.dependentsOf(s.metadata.uid)) if (p.kind === 'Pod' && isPodActive(p)) related.push(p);
  const perNode = new Map<string, number>();
  for (const p of related) if (p.spec.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const now = sim.now;
  const bucket = (t: number | undefined) => (t === undefined ? 0 : Math.floor(Math.log2(Math.max(1, (now - t) / 1000))));
  const phaseRank = (p: KObject) => ({ Pending: 0, Unknown: 1, Running: 2 } as Record<string, number>)[p.status?.phase ?? 'Pending'] ?? 0;
  const maxRestarts = (p: KObject) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c: { restartCount?: number }) => c.restartCount ?? 0));
  const cost = (p: KObject) => Number(p.metadata.annotations?.[DELETION_COST] ?? 0) || 0;
  const sorted = [...active].sort((a, b) => {
    const an = a.spec.nodeName ? 1 : 0, bn = b.spec.nodeName ? 1 : 0;
    if (an !== bn) return an - bn;
    if (phaseRank(a) !== phaseRank(b)) return phaseRank(a) - phaseRank(b);
    const ar = isPodReady(a) ? 1 : 0, br = isPodReady(b) ? 1 : 0;
    if (ar !== br) return ar - br;
    if (cost(a) !== cost(b)) return cost(a) - cost(b);
    const ra = perNode.get(a.spec.nodeName) ?? 0, rb = perNode.get(b.spec.nodeName) ?? 0;
    if (ra !== rb) return rb - ra;
    if (ar && br) {
      const ba = bucket(podReadySince(a)), bb = bucket(podReadySince(b));
      if (ba !== bb) return ba - bb;
    }
    if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(b) - maxRestarts(a);
    const ca = bucket(a.metadata.creationTimestamp), cb = bucket(b.metadata.creationTimestamp);
    if (ca !== cb) return ca - cb;
    // Same bucket: newer first, then the UID tie-break (deterministic: UIDs come from the seeded PRNG).
    if (a.metadata.creationTimestamp !== b.metadata.creationTimestamp) return b.metadata.creationTimestamp - a.metadata.creationTimestamp;
    return a.metadata.uid < b.metadata.uid ? -1 : 1;
  });
  return sorted.slice(0, n);
}
