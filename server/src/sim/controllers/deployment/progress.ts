import type { Sim } from '../../core';
import type { KObject } from '../../types';
import { calculateStatus } from './sync';
import { getCondition, removeCondition, setCondition, type Condition } from './util';
import { CONTROLLER_MANAGER, writeStatus } from '../../apiserver/managedFields';

/** DeploymentComplete: every replica updated and available, and the spec observed. */
export function deploymentComplete(d: KObject, s: Record<string, number>): boolean {
  const r = d.spec.replicas ?? 1;
  return s.updatedReplicas === r && s.replicas === r && s.availableReplicas === r && s.observedGeneration >= d.metadata.generation;
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available than before. */
export function deploymentProgressing(d: KObject, s: Record<string, number>): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = s.replicas - s.updatedReplicas;
  return s.updatedReplicas > (old.updatedReplicas ?? 0) || newOld < oldOld || s.readyReplicas > (old.readyReplicas ?? 0) || s.availableReplicas > (old.availableReplicas ?? 0);
}

/** DeploymentTimedOut: lastUpdateTime + progressDeadlineSeconds < now (strictly). */
export function deploymentTimedOut(d: KObject, status: { conditions?: Condition[] }, now: number): boolean {
  const c = getCondition(status, 'Progressing');
  if (!c) return false;
  if (c.reason === 'NewReplicaSetAvailable') return false;
  if (c.reason === 'ProgressDeadlineExceeded') return true;
  return (c.lastUpdateTime ?? 0) + d.spec.progressDeadlineSeconds * 1000 < now;
}

/** syncRolloutStatus (progress.go): Progressing condition, deadline, status write, requeue. */
export function syncRolloutStatus(sim: Sim, d: KObject, all: KObject[], newRS: KObject | undefined, scalingOnly = false): void {
  const now = sim.now;
  const status = calculateStatus(d, all, newRS, now) as Record<string, number> & { conditions?: Condition[] };
  const hasDeadline = d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== null && d.spec.progressDeadlineSeconds < 2147483647;
  const current = getCondition(status, 'Progressing');
  const paused = d.spec.paused;
  if (paused) {
    if (current?.reason !== 'DeploymentPaused') setCondition(status, { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused', lastUpdateTime: now, lastTransitionTime: now });
  } else if (current?.reason === 'DeploymentPaused') {
    setCondition(status, { type: 'Progressing', status: 'Unknown', reason: 'DeploymentResumed', message: 'Deployment is resumed', lastUpdateTime: now, lastTransitionTime: now });
  }
  if (hasDeadline && !paused && !scalingOnly) {
    const cur = getCondition(status, 'Progressing');
    if (newRS && deploymentComplete(d, status)) {
      if (cur?.reason !== 'NewReplicaSetAvailable')
        setCondition(status, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${newRS.metadata.name}" has successfully progressed.`, lastUpdateTime: now, lastTransitionTime: now });
    } else if (newRS && deploymentProgressing(d, status)) {
      const c: Condition = { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newRS.metadata.name}" is progressing.`, lastUpdateTime: now, lastTransitionTime: now };
      if (cur && cur.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
      removeCondition(status, 'Progressing');
      setCondition(status, c);
    } else if (newRS && deploymentTimedOut(d, status, now)) {
      if (cur?.reason !== 'ProgressDeadlineExceeded')
        setCondition(status, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`, lastUpdateTime: now, lastTransitionTime: now });
    }
  }
  if (!sameStatus(d.status ?? {}, status)) {
    d.status = status;
    writeStatus(sim, d, CONTROLLER_MANAGER);
  }
  // requeueStuckDeployment: check the deadline again just after it passes.
  const c = getCondition(status, 'Progressing');
  if (hasDeadline && !paused && c && c.reason !== 'NewReplicaSetAvailable' && c.reason !== 'ProgressDeadlineExceeded' && !deploymentComplete(d, status)) {
    const after = (c.lastUpdateTime ?? now) + d.spec.progressDeadlineSeconds * 1000 - now + 1000;
    sim.enqueue('deployment', `${d.metadata.namespace}/${d.metadata.name}`, Math.max(0, after));
  }
}

const STATUS_FIELDS = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount'];

function sameStatus(a: Record<string, unknown> & { conditions?: Condition[] }, b: Record<string, unknown> & { conditions?: Condition[] }): boolean {
  for (const f of STATUS_FIELDS) if (a[f] !== b[f]) return false;
  const ca = a.conditions ?? [];
  const cb = b.conditions ?? [];
  if (ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) {
    const x = ca[i];
    const y = cb[i];
    if (x.type !== y.type || x.status !== y.status || x.reason !== y.reason || x.message !== y.message || x.lastUpdateTime !== y.lastUpdateTime || x.lastTransitionTime !== y.lastTransitionTime) return false;
  }
  return true;
}
