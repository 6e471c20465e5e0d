import { asRecord, valueAt } from '../../workspace/podTemplate';
import type { Rule } from '../index';
import { podTemplateOf, practice } from './support';

/** How a workload survives a node going away, a drain, or a spike. */

const REPLICATED = new Set(['Deployment', 'StatefulSet']);

function replicasOf(value: unknown): number | undefined {
  const r = valueAt(value, ['spec', 'replicas']);
  if (r === undefined) return 1;
  return typeof r === 'number' ? r : typeof r === 'string' && /^\d+$/.test(r) ? Number(r) : undefined;
}

/** Whether a HorizontalPodAutoscaler of the workspace scales this workload (its scaleTargetRef names it). */
function scaledByHpa(ctx: Parameters<Rule['check']>[0]): boolean {
  const ns = ctx.doc.namespace ?? 'default';
  return ctx.index.autoscalersIn(ns).some((o) => {
    const ref = asRecord(valueAt(o.doc.value, ['spec', 'scaleTargetRef']));
    return ref?.kind === ctx.doc.kind && ref?.name === ctx.doc.name;
  });
}

export const singleReplica: Rule = {
  id: 'single-replica',
  defaultSeverity: 'information',
  profile: 'production',
  tags: ['reliability'],
  description: 'A Deployment or StatefulSet runs one replica and no HorizontalPodAutoscaler of the workspace scales it.',
  check(ctx) {
    if (!REPLICATED.has(ctx.doc.kind ?? '') || !podTemplateOf(ctx)) return [];
    if (replicasOf(ctx.doc.value) !== 1) return [];
    if (scaledByHpa(ctx)) return [];
    const explicit = valueAt(ctx.doc.value, ['spec', 'replicas']) !== undefined;
    return [practice(singleReplica, ctx, explicit ? ['spec', 'replicas'] : ['metadata', 'name'], `${ctx.doc.kind} ${ctx.doc.name ?? ''} runs ${explicit ? 'one replica' : 'one replica (replicas defaults to 1)'}: a node drain, a crash or a rollout leaves it with no pod serving`)];
  },
};

export const replicasWithoutSpread: Rule = {
  id: 'replicas-without-spread',
  defaultSeverity: 'information',
  profile: 'strict',
  tags: ['reliability'],
  description: 'A Deployment or StatefulSet with several replicas has no pod anti-affinity or topology spread constraint.',
  check(ctx) {
    if (!REPLICATED.has(ctx.doc.kind ?? '')) return [];
    const t = podTemplateOf(ctx);
    const n = replicasOf(ctx.doc.value);
    if (!t || n === undefined || n < 2) return [];
    if (asRecord(t.spec.affinity)?.podAntiAffinity !== undefined || t.spec.topologySpreadConstraints !== undefined) return [];
    return [practice(replicasWithoutSpread, ctx, ['spec', 'replicas'], `${n} replicas with no podAntiAffinity or topologySpreadConstraints: the scheduler may put them all on one node, which then takes them all down`)];
  },
};

export const pdbNoEviction: Rule = {
  id: 'pdb-no-eviction',
  defaultSeverity: 'warning',
  profile: 'production',
  tags: ['reliability'],
  description: 'A PodDisruptionBudget allows no voluntary eviction (maxUnavailable 0 or minAvailable 100%).',
  check(ctx) {
    if (ctx.doc.kind !== 'PodDisruptionBudget') return [];
    const max = valueAt(ctx.doc.value, ['spec', 'maxUnavailable']);
    const min = valueAt(ctx.doc.value, ['spec', 'minAvailable']);
    const why = 'no pod it covers can ever be evicted, so node drains and cluster upgrades block on it';
    if (max === 0 || max === '0' || max === '0%') return [practice(pdbNoEviction, ctx, ['spec', 'maxUnavailable'], `maxUnavailable: ${String(max)}: ${why}`)];
    if (min === '100%') return [practice(pdbNoEviction, ctx, ['spec', 'minAvailable'], `minAvailable: 100%: ${why}`)];
    return [];
  },
};

export const hpaSingleMinReplica: Rule = {
  id: 'hpa-single-min-replica',
  defaultSeverity: 'information',
  profile: 'production',
  tags: ['reliability'],
  description: 'A HorizontalPodAutoscaler may scale down to one replica (minReplicas 1, the default).',
  check(ctx) {
    if (ctx.doc.kind !== 'HorizontalPodAutoscaler') return [];
    const min = valueAt(ctx.doc.value, ['spec', 'minReplicas']);
    if (min !== undefined && min !== 1) return [];
    return [practice(hpaSingleMinReplica, ctx, min === undefined ? ['spec'] : ['spec', 'minReplicas'], `minReplicas ${min === undefined ? 'defaults to 1' : 'is 1'}: in a quiet hour the workload runs one pod, and a drain or a crash leaves nothing serving`)];
  },
};

export const nakedPod: Rule = {
  id: 'naked-pod',
  defaultSeverity: 'information',
  profile: 'production',
  tags: ['reliability'],
  description: 'A bare Pod, managed by no controller.',
  check(ctx) {
    if (ctx.doc.kind !== 'Pod' || ctx.doc.apiVersion !== 'v1' || !podTemplateOf(ctx)) return [];
    return [practice(nakedPod, ctx, ['kind'], 'a bare Pod is not recreated when its node fails or it is evicted; run it from a Deployment (or a Job, for a task)')];
  },
};
