import type { Sim } from '../../core';
import type { KObject } from '../../types';
import { deploymentComplete, syncRolloutStatus } from './progress';
import { calculateStatus, cleanupDeployment, getNewReplicaSet, scaleReplicaSet } from './sync';

/** rolloutRecreate (recreate.go): old RSs to 0, wait for their pods to go, then the new RS to full size. */
export function rolloutRecreate(sim: Sim, d: KObject, rss: KObject[], oldRSs: KObject[], deleteRS: (rs: KObject) => void): void {
  let newRS = getNewReplicaSet(sim, d, rss, oldRSs, false);
  let all = newRS ? [...oldRSs, newRS] : oldRSs;
  let scaledDown = false;
  for (const rs of oldRSs) if ((rs.spec.replicas ?? 0) > 0 && scaleReplicaSet(sim, rs, 0, d)) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(sim, d, all, newRS);
  if (oldPodsRunning(sim, oldRSs)) return syncRolloutStatus(sim, d, all, newRS);
  if (!newRS) {
    newRS = getNewReplicaSet(sim, d, rss, oldRSs, true);
    all = newRS ? [...oldRSs, newRS] : oldRSs;
  }
  if (newRS && (newRS.spec.replicas ?? 0) !== (d.spec.replicas ?? 1)) scaleReplicaSet(sim, newRS, d.spec.replicas ?? 1, d);
  if (deploymentComplete(d, calculateStatus(d, all, newRS, sim.now) as Record<string, number>)) cleanupDeployment(sim, d, oldRSs, deleteRS);
  syncRolloutStatus(sim, d, all, newRS);
}

/** Any pod of an old RS that has not reached Succeeded/Failed, terminating ones included. */
function oldPodsRunning(sim: Sim, oldRSs: KObject[]): boolean {
  for (const rs of oldRSs) {
    if ((rs.status?.replicas ?? 0) > 0) return true;
    for (const p of sim.store.dependentsOf(rs.metadata.uid)) if (p.kind === 'Pod' && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed') return true;
  }
  return false;
}
