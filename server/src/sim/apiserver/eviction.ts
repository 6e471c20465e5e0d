import type { Sim } from '../core';
import { ApiError } from '../store/store';
import type { KObject } from '../types';
import { deleteObject } from '../controllers/gc';
import { budgetsOfPod, setDisruptionCondition } from '../controllers/disruption';
import { isPodReady } from '../status';

/**
 * The eviction subresource (pods/eviction, pkg/registry/core/pod/storage/eviction.go): a pod is
 * deleted only when the PodDisruptionBudget that selects it allows one more disruption; the budget's
 * disruptionsAllowed is decremented and the pod recorded in status.disruptedPods before the delete,
 * so two evictions in a row cannot both spend the same disruption. `serve` (POST pods/NAME/eviction)
 * and the built-in shell's `kubectl drain` both evict through here.
 */

export const EVICTION_REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";

/** A refused eviction: 429 TooManyRequests (kubectl drain retries), with the budget's cause. */
export class EvictionRefused extends ApiError {
  constructor(readonly budget: string, readonly statusCause: string, readonly retryAfterSeconds: number) {
    super('TooManyRequests', EVICTION_REFUSED);
  }
}

export interface EvictOptions {
  /** deleteOptions.gracePeriodSeconds. */
  graceSeconds?: number;
  /** dryRun=All: checked, nothing written. */
  dryRun?: boolean;
}

/** Pods whose eviction disrupts nothing more: terminal, not yet running, or already terminating (canIgnorePDB). */
function canIgnoreBudget(pod: KObject): boolean {
  const phase = pod.status?.phase ?? 'Pending';
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp !== undefined;
}

/** Evicts a stored pod or throws the API server's refusal. */
export function evictPod(sim: Sim, pod: KObject, opts: EvictOptions = {}): void {
  const remove = () => {
    if (!opts.dryRun) deleteObject(sim, pod, 'Background', opts.graceSeconds);
  };
  if (canIgnoreBudget(pod)) return remove();
  const budgets = budgetsOfPod(sim, pod);
  if (budgets.length > 1) throw new ApiError('InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  if (budgets.length === 0) return remove();
  const pdb = budgets[0];
  const status = (pdb.status ?? {}) as Record<string, unknown> & { currentHealthy?: number; desiredHealthy?: number; disruptionsAllowed?: number; observedGeneration?: number; disruptedPods?: Record<string, number> };
  const ready = isPodReady(pod);
  // An unready pod adds nothing to the budget: AlwaysAllow lets it go, IfHealthyBudget (the default) when the budget is met.
  if (!ready && pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return remove();
  if (!ready && (status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0) && (status.desiredHealthy ?? 0) > 0) return remove();
  if ((status.observedGeneration ?? 0) < pdb.metadata.generation)
    throw new EvictionRefused(pdb.metadata.name, `The disruption budget ${pdb.metadata.name} is still being processed by the server.`, 10);
  const allowed = status.disruptionsAllowed ?? 0;
  if (allowed < 0) throw new ApiError('Forbidden', `poddisruptionbudgets.policy "${pdb.metadata.name}" is forbidden: pdb disruptions allowed is negative`);
  if (allowed === 0)
    throw new EvictionRefused(pdb.metadata.name, `The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`, 0);
  if (opts.dryRun) return;
  const next = { ...status, disruptionsAllowed: allowed - 1, disruptedPods: { ...(status.disruptedPods ?? {}), [pod.metadata.name]: sim.now } };
  if (next.disruptionsAllowed === 0) setDisruptionCondition(sim, next, false, 'InsufficientPods');
  pdb.status = next;
  sim.store.update(pdb);
  remove();
}
