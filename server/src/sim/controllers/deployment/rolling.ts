import type { Sim } from '../../core';
import type { KObject } from '../../types';
import { syncRolloutStatus, deploymentComplete } from './progress';
import { byCreation, calculateStatus, cleanupDeployment, getNewReplicaSet, scaleReplicaSet } from './sync';
import { availableReplicas, maxUnavailable, newRSNewReplicas, specReplicas } from './util';

/** rolloutRolling (rolling.go): scale the new RS up within maxSurge, old RSs down within maxUnavailable. */
export function rolloutRolling(sim: Sim, d: KObject, rss: KObject[], oldRSs: KObject[], deleteRS: (rs: KObject) => void): void {
  const newRS = getNewReplicaSet(sim, d, rss, oldRSs, true);
  const all = newRS ? [...oldRSs, newRS] : oldRSs;
  if (newRS && reconcileNewReplicaSet(sim, d, all, newRS)) return syncRolloutStatus(sim, d, all, newRS);
  if (reconcileOldReplicaSets(sim, d, all, oldRSs.filter((rs) => (rs.spec.replicas ?? 0) > 0), newRS)) return syncRolloutStatus(sim, d, all, newRS);
  if (deploymentComplete(d, calculateStatus(d, all, newRS, sim.now) as Record<string, number>)) cleanupDeployment(sim, d, oldRSs, deleteRS);
  syncRolloutStatus(sim, d, all, newRS);
}

function reconcileNewReplicaSet(sim: Sim, d: KObject, all: KObject[], newRS: KObject): boolean {
  const replicas = d.spec.replicas ?? 1;
  const cur = newRS.spec.replicas ?? 0;
  if (cur === replicas) return false;
  if (cur > replicas) return scaleReplicaSet(sim, newRS, replicas, d);
  return scaleReplicaSet(sim, newRS, newRSNewReplicas(d, all, newRS), d);
}

function reconcileOldReplicaSets(sim: Sim, d: KObject, all: KObject[], oldRSs: KObject[], newRS: KObject | undefined): boolean {
  const oldCount = specReplicas(oldRSs);
  if (oldCount === 0) return false;
  const allCount = specReplicas(all);
  const minAvailable = (d.spec.replicas ?? 1) - maxUnavailable(d);
  const newUnavailable = newRS ? (newRS.spec.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0) : 0;
  const maxScaledDown = allCount - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const sorted = [...oldRSs].sort(byCreation);
  // cleanupUnhealthyReplicas: old pods that are not available go first.
  let cleaned = 0;
  for (const rs of sorted) {
    if (cleaned >= maxScaledDown) break;
    const spec = rs.spec.replicas ?? 0;
    if (spec === 0) continue;
    const unhealthy = spec - (rs.status?.availableReplicas ?? 0);
    if (unhealthy <= 0) continue;
    const down = Math.min(maxScaledDown - cleaned, unhealthy);
    scaleReplicaSet(sim, rs, spec - down, d);
    cleaned += down;
  }
  // scaleDownOldReplicaSetsForRollingUpdate: the rest, keeping minAvailable.
  const available = availableReplicas(all);
  let scaled = 0;
  if (available > minAvailable) {
    const total = available - minAvailable;
    for (const rs of sorted) {
      if (scaled >= total) break;
      const spec = rs.spec.replicas ?? 0;
      if (spec === 0) continue;
      const down = Math.min(spec, total - scaled);
      scaleReplicaSet(sim, rs, spec - down, d);
      scaled += down;
    }
  }
  return cleaned + scaled > 0;
}
