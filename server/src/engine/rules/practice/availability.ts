import { msg } from '../../messages';
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
    return [practice(singleReplica, ctx, explicit ? ['spec', 'replicas'] : ['metadata', 'name'], msg(explicit ? 'single-replica' : 'single-replica.default', { kind: ctx.doc.kind ?? '', name: ctx.doc.name ?? '' }))];
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
    return [practice(replicasWithoutSpread, ctx, ['spec', 'replicas'], msg('replicas-without-spread', { count: String(n) }))];
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
    if (max === 0 || max === '0' || max === '0%') return [practice(pdbNoEviction, ctx, ['spec', 'maxUnavailable'], msg('pdb-no-eviction.max', { value: String(max) }))];
    if (min === '100%') return [practice(pdbNoEviction, ctx, ['spec', 'minAvailable'], msg('pdb-no-eviction.min'))];
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
    return [practice(hpaSingleMinReplica, ctx, min === undefined ? ['spec'] : ['spec', 'minReplicas'], msg(min === undefined ? 'hpa-single-min-replica.default' : 'hpa-single-min-replica.one'))];
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
    return [practice(nakedPod, ctx, ['kind'], msg('naked-pod'))];
  },
};
