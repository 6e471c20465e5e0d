import type { Sim } from '../core';
import { podTemplateText } from './describe';
import { HASH_LABEL, REVISION, isSkippedAnnotation, equalIgnoreHash, revisionOf } from '../controllers/deployment/util';
import { getCondition } from '../controllers/deployment/util';
import { controllerOf, type KObject } from '../types';
import { deepCopy } from '../util';
import { UsageError } from './args';

function ownedReplicaSets(sim: Sim, d: KObject): KObject[] {
  return sim.store.dependentsOf(d.metadata.uid).filter((o) => o.kind === 'ReplicaSet' && controllerOf(o)?.uid === d.metadata.uid);
}

/** `kubectl rollout undo` (DeploymentRollbacker): client-side copy of an old RS template. */
export function rolloutUndo(sim: Sim, d: KObject, toRevision: number): string {
  if (d.spec.paused) throw new UsageError(`error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${d.metadata.name}' and try again`);
  const rss = ownedReplicaSets(sim, d);
  const byRev = new Map(rss.map((rs) => [revisionOf(rs), rs]));
  let target: KObject | undefined;
  if (toRevision === 0) {
    const revs = [...byRev.keys()].sort((a, b) => b - a);
    if (revs.length < 2) throw new UsageError(`error: no rollout history found for deployment "${d.metadata.name}"`);
    target = byRev.get(revs[1]);
  } else {
    target = byRev.get(toRevision);
    if (!target) throw new UsageError(`error: unable to find specified revision ${toRevision} in history`);
  }
  if (equalIgnoreHash(target!.spec.template, d.spec.template))
    return `deployment.apps/${d.metadata.name} skipped rollback (current template already matches revision ${revisionOf(target)})\n`;
  const tpl = deepCopy(target!.spec.template);
  if (tpl.metadata?.labels) delete tpl.metadata.labels[HASH_LABEL];
  d.spec.template = tpl;
  for (const [k, v] of Object.entries(target!.metadata.annotations ?? {})) if (!isSkippedAnnotation(k)) d.metadata.annotations[k] = v;
  sim.store.update(d, true);
  return `deployment.apps/${d.metadata.name} rolled back\n`;
}

export function rolloutHistory(sim: Sim, d: KObject, revision?: number): string {
  const rss = ownedReplicaSets(sim, d).sort((a, b) => revisionOf(a) - revisionOf(b));
  if (revision !== undefined) {
    const rs = rss.find((r) => revisionOf(r) === revision);
    if (!rs) throw new UsageError(`error: unable to find the specified revision`);
    return `deployment.apps/${d.metadata.name} with revision #${revision}\n${podTemplateText(sim, rs.spec.template)}\n`;
  }
  const lines = [`deployment.apps/${d.metadata.name} `, 'REVISION  CHANGE-CAUSE'];
  for (const rs of rss) {
    if (!rs.metadata.annotations?.[REVISION]) continue;
    lines.push(`${String(revisionOf(rs)).padEnd(10)}${rs.metadata.annotations['kubernetes.io/change-cause'] ?? '<none>'}`);
  }
  return lines.join('\n') + '\n\n';
}

/** One look at the rollout (kubectl would keep watching; a step prints the state at its time). */
export function rolloutStatus(d: KObject): { text: string; done: boolean; failed: boolean } {
  const name = d.metadata.name;
  const s = d.status ?? {};
  const replicas = d.spec.replicas ?? 1;
  if ((s.observedGeneration ?? 0) < d.metadata.generation) return { text: `Waiting for deployment spec update to be observed...\n`, done: false, failed: false };
  const cond = getCondition(s, 'Progressing');
  if (cond?.reason === 'ProgressDeadlineExceeded') return { text: `error: deployment "${name}" exceeded its progress deadline\n`, done: false, failed: true };
  const updated = s.updatedReplicas ?? 0;
  if (updated < replicas) return { text: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false, failed: false };
  if ((s.replicas ?? 0) > updated) return { text: `Waiting for deployment "${name}" rollout to finish: ${(s.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false, failed: false };
  if ((s.availableReplicas ?? 0) < updated) return { text: `Waiting for deployment "${name}" rollout to finish: ${s.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false, failed: false };
  return { text: `deployment "${name}" successfully rolled out\n`, done: true, failed: false };
}
