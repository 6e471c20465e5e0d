import type { Sim } from '../../core';
import { controllerOf, type KObject } from '../../types';
import { matchesSelector } from '../../util';
import { deleteObject } from '../gc';
import { OrphanIndex } from '../orphans';
import { ownerRefTo } from '../podControl';
import { rolloutRecreate } from './recreate';
import { rolloutRolling } from './rolling';
import { findNewReplicaSet, syncScaling } from './sync';
import { DESIRED_REPLICAS } from './util';

/** The Deployment controller: watch Deployments, their ReplicaSets and pod deletions; sync one Deployment at a time. */
export function installDeploymentController(sim: Sim): void {
  const orphanRSs = new OrphanIndex(sim, 'ReplicaSet');
  sim.store.watch('Deployment', (type, d) => {
    if (type !== 'DELETED') sim.enqueue('deployment', `${d.metadata.namespace}/${d.metadata.name}`);
  });
  sim.store.watch('ReplicaSet', (type, rs) => {
    const ref = controllerOf(rs);
    if (ref?.kind === 'Deployment') return sim.enqueue('deployment', `${rs.metadata.namespace}/${ref.name}`);
    if (ref || type === 'DELETED') return;
    for (const d of sim.store.list('Deployment', rs.metadata.namespace))
      if (matchesSelector(d.spec?.selector, rs.metadata.labels)) sim.enqueue('deployment', `${d.metadata.namespace}/${d.metadata.name}`);
  });
  // Recreate waits for old pods to be gone.
  sim.store.watch('Pod', (type, pod) => {
    if (type !== 'DELETED') return;
    const rsRef = controllerOf(pod);
    if (rsRef?.kind !== 'ReplicaSet') return;
    const rs = sim.store.getByUid(rsRef.uid);
    const dRef = rs && controllerOf(rs);
    if (dRef?.kind === 'Deployment') sim.enqueue('deployment', `${pod.metadata.namespace}/${dRef.name}`);
  });
  sim.registerController('deployment', (key) => syncDeployment(sim, key, orphanRSs));
}

function syncDeployment(sim: Sim, key: string, orphans: OrphanIndex): void {
  const [ns, name] = key.split('/');
  const d = sim.store.get('Deployment', ns, name);
  if (!d || d.metadata.deletionTimestamp !== undefined) return;
  d.status ??= {};
  const rss = claimReplicaSets(sim, d, orphans.in(ns));
  const deleteRS = (rs: KObject) => deleteObject(sim, rs, 'Background');
  const newRS = findNewReplicaSet(d, rss);
  const oldRSs = rss.filter((rs) => rs !== newRS);
  if (d.spec.paused) return syncScaling(sim, d, rss, oldRSs, deleteRS);
  if (isScalingEvent(d, rss)) return syncScaling(sim, d, rss, oldRSs, deleteRS);
  if (d.spec.strategy?.type === 'Recreate') return rolloutRecreate(sim, d, rss, oldRSs, deleteRS);
  rolloutRolling(sim, d, rss, oldRSs, deleteRS);
}

/** isScalingEvent: an active RS's desired-replicas annotation differs from spec.replicas. */
function isScalingEvent(d: KObject, rss: KObject[]): boolean {
  const newRS = findNewReplicaSet(d, rss);
  if (!newRS) return false;
  const active = rss.filter((rs) => (rs.spec.replicas ?? 0) > 0);
  return active.some((rs) => {
    const want = rs.metadata.annotations?.[DESIRED_REPLICAS];
    return want !== undefined && Number(want) !== (d.spec.replicas ?? 1);
  });
}

function claimReplicaSets(sim: Sim, d: KObject, orphans: KObject[]): KObject[] {
  const uid = d.metadata.uid;
  const out: KObject[] = [];
  for (const rs of sim.store.dependentsOf(uid)) {
    if (rs.kind !== 'ReplicaSet' || controllerOf(rs)?.uid !== uid) continue;
    if (matchesSelector(d.spec.selector, rs.metadata.labels)) out.push(rs);
    else {
      rs.metadata.ownerReferences = (rs.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      sim.store.update(rs);
    }
  }
  for (const rs of orphans) {
    if (rs.metadata.deletionTimestamp !== undefined || !matchesSelector(d.spec.selector, rs.metadata.labels)) continue;
    rs.metadata.ownerReferences = [...(rs.metadata.ownerReferences ?? []), ownerRefTo(d)];
    sim.store.update(rs);
    out.push(rs);
  }
  return out;
}
