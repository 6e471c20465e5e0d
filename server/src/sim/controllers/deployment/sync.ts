import type { Sim } from '../../core';
import { ApiError } from '../../store/store';
import type { KObject } from '../../types';
import { deepCopy } from '../../util';
import { ownerRefTo } from '../podControl';
import { syncRolloutStatus } from './progress';
import {
  HASH_LABEL, DESIRED_REPLICAS, MAX_REPLICAS, REVISION, REVISION_HISTORY,
  availableReplicas, computeHash, templateKeyOf, copiedAnnotations, equalIgnoreHash, maxRevision, maxSurge, maxUnavailable, newRSNewReplicas,
  readyReplicas, revisionOf, setCondition, specReplicas, statusReplicas,
} from './util';

const SOURCE = 'deployment-controller';

/** FindNewReplicaSet: the oldest RS whose template equals the Deployment's, ignoring the hash. */
export function findNewReplicaSet(d: KObject, rss: KObject[]): KObject | undefined {
  const want = templateKeyOf(d);
  return [...rss].sort(byCreation).find((rs) => templateKeyOf(rs) === want);
}

export function byCreation(a: KObject, b: KObject): number {
  return a.metadata.creationTimestamp - b.metadata.creationTimestamp || (a.metadata.name < b.metadata.name ? -1 : 1);
}

/** getNewReplicaSet: find or create the RS for the current template and sync revision annotations. */
export function getNewReplicaSet(sim: Sim, d: KObject, rss: KObject[], oldRSs: KObject[], create: boolean): KObject | undefined {
  const existing = findNewReplicaSet(d, rss);
  const newRevision = String(maxRevision(oldRSs) + 1);
  if (existing) {
    const ann = existing.metadata.annotations;
    let changed = false;
    const oldRev = ann[REVISION];
    if (Number(oldRev ?? 0) < Number(newRevision)) {
      ann[REVISION] = newRevision;
      if (oldRev) ann[REVISION_HISTORY] = ann[REVISION_HISTORY] ? `${ann[REVISION_HISTORY]},${oldRev}` : oldRev;
      changed = true;
    }
    for (const [k, v] of Object.entries(copiedAnnotations(d))) if (ann[k] !== v) { ann[k] = v; changed = true; }
    if (setReplicasAnnotations(existing, d)) changed = true;
    if (changed) sim.store.update(existing);
    if (d.metadata.annotations[REVISION] !== ann[REVISION]) {
      d.metadata.annotations[REVISION] = ann[REVISION];
      sim.store.update(d);
    }
    if (!d.status?.conditions?.some((c: { type: string }) => c.type === 'Progressing')) {
      d.status ??= {};
      setCondition(d.status, { type: 'Progressing', status: 'True', reason: 'FoundNewReplicaSet', message: `Found new replica set "${existing.metadata.name}"`, lastUpdateTime: sim.now, lastTransitionTime: sim.now });
    }
    return existing;
  }
  if (!create) return undefined;
  const template = deepCopy(d.spec.template ?? {});
  for (let attempt = 0; attempt < 5; attempt++) {
    const collision = d.status?.collisionCount ?? 0;
    const hash = computeHash(d.spec.template, collision || undefined);
    template.metadata ??= {};
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [HASH_LABEL]: hash };
    const selector = deepCopy(d.spec.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
    const replicas = newRSNewReplicas(d, oldRSs, { spec: { replicas: 0 } } as KObject);
    const rs: KObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0,
        labels: { ...(template.metadata.labels ?? {}) },
        annotations: { ...copiedAnnotations(d), [REVISION]: newRevision },
        ownerReferences: [ownerRefTo(d)],
      },
      spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
      status: { replicas: 0 },
    };
    setReplicasAnnotations(rs, d);
    rs.spec.replicas = replicas;
    try {
      sim.store.create(rs);
    } catch (e) {
      if (e instanceof ApiError && e.reason === 'AlreadyExists') {
        const other = sim.store.get('ReplicaSet', d.metadata.namespace, rs.metadata.name);
        if (other && equalIgnoreHash(other.spec.template, d.spec.template)) return other;
        d.status = { ...(d.status ?? {}), collisionCount: collision + 1 };
        continue;
      }
      throw e;
    }
    if (replicas > 0) sim.emit(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rs.metadata.name} from 0 to ${replicas}`, SOURCE);
    d.metadata.annotations[REVISION] = newRevision;
    d.status ??= {};
    setCondition(d.status, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${rs.metadata.name}"`, lastUpdateTime: sim.now, lastTransitionTime: sim.now });
    sim.store.update(d);
    return rs;
  }
  return undefined;
}

function setReplicasAnnotations(rs: KObject, d: KObject): boolean {
  const desired = String(d.spec.replicas ?? 1);
  const max = String((d.spec.replicas ?? 1) + maxSurge(d));
  const ann = rs.metadata.annotations;
  if (ann[DESIRED_REPLICAS] === desired && ann[MAX_REPLICAS] === max) return false;
  ann[DESIRED_REPLICAS] = desired;
  ann[MAX_REPLICAS] = max;
  return true;
}

/** scaleReplicaSetAndRecordEvent. */
export function scaleReplicaSet(sim: Sim, rs: KObject, to: number, d: KObject): boolean {
  const from = rs.spec.replicas ?? 0;
  const annChanged = setReplicasAnnotations(rs, d);
  if (from === to && !annChanged) return false;
  rs.spec.replicas = to;
  sim.store.update(rs, from !== to);
  if (from !== to) sim.emit(d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`, SOURCE);
  return from !== to;
}

/** calculateStatus. */
export function calculateStatus(d: KObject, all: KObject[], newRS: KObject | undefined, now: number): Record<string, unknown> {
  const replicas = statusReplicas(all);
  const available = availableReplicas(all);
  const status: Record<string, unknown> = {
    ...(d.status ?? {}),
    observedGeneration: d.metadata.generation,
    replicas,
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: readyReplicas(all),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicas(all) - available),
  };
  const s = status as { conditions?: never[] };
  s.conditions = [...((d.status?.conditions as never[]) ?? [])];
  if (available >= (d.spec.replicas ?? 1) - maxUnavailable(d))
    setCondition(status, { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: now, lastTransitionTime: now });
  else setCondition(status, { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastUpdateTime: now, lastTransitionTime: now });
  return status;
}

/** cleanupDeployment: delete the oldest fully scaled-down old RSs beyond revisionHistoryLimit. */
export function cleanupDeployment(sim: Sim, d: KObject, oldRSs: KObject[], deleteRS: (rs: KObject) => void): void {
  const limit = d.spec.revisionHistoryLimit;
  if (limit === undefined || limit === null || limit >= 2147483647) return;
  const alive = oldRSs.filter((rs) => rs.metadata.deletionTimestamp === undefined);
  const diff = alive.length - limit;
  if (diff <= 0) return;
  const sorted = [...alive].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  let removed = 0;
  for (const rs of sorted) {
    if (removed >= diff) break;
    if ((rs.status?.replicas ?? 0) !== 0 || (rs.spec.replicas ?? 0) !== 0 || rs.metadata.generation > (rs.status?.observedGeneration ?? 0)) continue;
    deleteRS(rs);
    removed++;
  }
}

/** sync: scaling (proportionally across active RSs) and cleanup, used when paused or scaling. */
export function syncScaling(sim: Sim, d: KObject, rss: KObject[], oldRSs: KObject[], deleteRS: (rs: KObject) => void): void {
  const newRS = getNewReplicaSet(sim, d, rss, oldRSs, false);
  scaleProportionally(sim, d, newRS, oldRSs);
  const all = newRS ? [...oldRSs, newRS] : oldRSs;
  if (d.spec.paused && !newRS) cleanupDeployment(sim, d, oldRSs, deleteRS);
  syncRolloutStatus(sim, d, all, newRS, true);
}

function scaleProportionally(sim: Sim, d: KObject, newRS: KObject | undefined, oldRSs: KObject[]): void {
  const active = [...(newRS ? [newRS] : []), ...oldRSs].filter((rs) => (rs.spec.replicas ?? 0) > 0);
  const replicas = d.spec.replicas ?? 1;
  if (active.length === 0) {
    if (newRS && (newRS.spec.replicas ?? 0) !== replicas && !d.spec.paused) scaleReplicaSet(sim, newRS, replicas, d);
    return;
  }
  if (active.length === 1) {
    scaleReplicaSet(sim, active[0], replicas, d);
    return;
  }
  if (newRS && (newRS.spec.replicas ?? 0) === replicas) {
    for (const rs of oldRSs) scaleReplicaSet(sim, rs, 0, d);
    return;
  }
  const allowed = replicas + maxSurge(d);
  const total = specReplicas(active);
  let toAdd = allowed - total;
  if (toAdd === 0) return;
  const sorted = [...active].sort((a, b) => (toAdd > 0 ? (b.spec.replicas ?? 0) - (a.spec.replicas ?? 0) : (a.spec.replicas ?? 0) - (b.spec.replicas ?? 0)) || byCreation(b, a));
  const targets = new Map<KObject, number>();
  let added = 0;
  for (const rs of sorted) {
    const share = Math.trunc(((rs.spec.replicas ?? 0) * toAdd) / total);
    targets.set(rs, (rs.spec.replicas ?? 0) + share);
    added += share;
  }
  const first = sorted[0];
  targets.set(first, Math.max(0, targets.get(first)! + (toAdd - added)));
  for (const [rs, n] of targets) scaleReplicaSet(sim, rs, Math.max(0, n), d);
  toAdd = 0;
}
