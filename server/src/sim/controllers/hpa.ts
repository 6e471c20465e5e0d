import type { Sim } from '../core';
import type { KObject } from '../types';
import { CONTROLLER_MANAGER, recordScale, writeStatus } from '../apiserver/managedFields';

/**
 * The horizontal pod autoscaler controller (pkg/controller/podautoscaler), for what it does
 * without a metrics API (the simulated cluster has no metrics-server): it keeps the target's
 * replica count within minReplicas..maxReplicas, writing the target's scale subresource as
 * kube-controller-manager (so `.spec.replicas` is its field: a later server-side apply of
 * replicas conflicts with it, as on a cluster). Replicas within the bounds are left alone
 * (metric-based scaling is not simulated). A scale of 0 with minReplicas above 0 disables it.
 *
 * An HPA is synced 15 s after it appears and 15 s after a change of it or of a scalable
 * workload in its namespace (the controller's fixed-interval queue, --horizontal-pod-autoscaler-sync-period);
 * it does not resync on its own, as nothing else could change its answer.
 */

const SYNC_MS = 15_000;
const SCALABLE = ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'];
const SOURCE = 'horizontal-pod-autoscaler';

const keyOf = (o: KObject) => `${o.metadata.namespace}/${o.metadata.name}`;

interface Condition { type: string; status: string; lastTransitionTime: number; reason: string; message: string }

function setCondition(hpa: KObject, type: string, status: string, reason: string, message: string, now: number): void {
  const conds: Condition[] = [...(hpa.status?.conditions ?? [])];
  const i = conds.findIndex((c) => c.type === type);
  const prev = i >= 0 ? conds[i] : undefined;
  const next = { type, status, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now, reason, message };
  if (i >= 0) conds[i] = next;
  else conds.push(next);
  hpa.status = { ...(hpa.status ?? {}), conditions: conds };
}

function sync(sim: Sim, hpa: KObject): void {
  const before = JSON.stringify(hpa.status ?? {});
  const ref = hpa.spec?.scaleTargetRef ?? {};
  const res = sim.store.resources.forKind(String(ref.kind ?? ''));
  const target = res && SCALABLE.includes(res.kind) ? sim.store.get(res.kind, hpa.metadata.namespace, String(ref.name ?? '')) : undefined;
  if (!target) {
    const what = res ? `${res.qualified} "${ref.name}" not found` : `no matches for kind "${ref.kind}" in group "${String(ref.apiVersion ?? '').split('/').slice(0, -1).join('/')}"`;
    setCondition(hpa, 'AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${what}`, sim.now);
    sim.emit(hpa, 'Warning', 'FailedGetScale', what, SOURCE);
  } else {
    const current: number = target.spec?.replicas ?? 1;
    const min: number = hpa.spec?.minReplicas ?? 1;
    const max: number = hpa.spec?.maxReplicas ?? current;
    let desired = current;
    let reason = '';
    if (current === 0 && min !== 0) {
      setCondition(hpa, 'ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero', sim.now);
    } else if (current > max) {
      [desired, reason] = [max, 'Current number of replicas above Spec.MaxReplicas'];
    } else if (current < min) {
      [desired, reason] = [min, 'Current number of replicas below Spec.MinReplicas'];
    }
    const rescale = desired !== current;
    if (rescale) {
      // Through the scale subresource, as the controller's scale client writes it.
      target.spec.replicas = desired;
      sim.store.update(target, true);
      recordScale(sim, target, CONTROLLER_MANAGER);
      setCondition(hpa, 'AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`, sim.now);
      sim.emit(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`, SOURCE);
    }
    const status: Record<string, unknown> = { ...(hpa.status ?? {}), currentReplicas: current, desiredReplicas: desired };
    if (rescale) status.lastScaleTime = sim.now;
    hpa.status = status;
  }
  if (JSON.stringify(hpa.status) !== before) writeStatus(sim, hpa, CONTROLLER_MANAGER);
}

export function installHorizontalPodAutoscalerController(sim: Sim): void {
  sim.store.watch('HorizontalPodAutoscaler', (type, hpa) => {
    if (type !== 'DELETED') sim.enqueue('horizontalpodautoscaler', keyOf(hpa), SYNC_MS);
  });
  for (const kind of SCALABLE) {
    sim.store.watch(kind, (type, o) => {
      if (type === 'DELETED') return;
      for (const hpa of sim.store.list('HorizontalPodAutoscaler', o.metadata.namespace)) {
        if (hpa.spec?.scaleTargetRef?.kind === kind && hpa.spec?.scaleTargetRef?.name === o.metadata.name) sim.enqueue('horizontalpodautoscaler', keyOf(hpa), SYNC_MS);
      }
    });
  }
  sim.registerController('horizontalpodautoscaler', (key) => {
    const [ns, name] = key.split('/');
    const hpa = sim.store.get('HorizontalPodAutoscaler', ns, name);
    if (hpa && hpa.metadata.deletionTimestamp === undefined) sync(sim, hpa);
  });
}
