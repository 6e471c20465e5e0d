import type { Finding } from '../findings';
import { msg, type MessageRef } from '../messages';
import type { PathSegment } from '../yaml/documents';
import { valueAt } from '../workspace/podTemplate';
import type { Rule, RuleContext } from './index';
import { isEmptySelector, parseLabelSelector, renderSelector, selectorMatches } from './labels';
import { finding } from './ruleSupport';
import { closeTemplates, closenessHint } from './selectorNearMiss';

/**
 * Whether a LabelSelector at `path` matches no pod template in the document's namespace while some
 * template comes close (selectorNearMiss.ts); the hint says which.
 */
function matchesNoPods(ctx: RuleContext, path: PathSegment[]): { selector: string; hint: string | MessageRef } | undefined {
  const sel = parseLabelSelector(valueAt(ctx.doc.value, path));
  if (!sel || isEmptySelector(sel) || sel.templated || sel.invalid) return undefined;
  const k = ctx.index.kustomizeFor(ctx.file.uri);
  if (k && (k.setsLabels || k.setsNames)) return undefined;
  const ns = ctx.doc.namespace ?? 'default';
  // No workloads at all in that namespace: they are deployed by other means.
  if (!ctx.index.hasPodTemplatesIn(ns)) return undefined;
  for (const o of ctx.index.candidateTemplates(ns, sel)) {
    if (selectorMatches(sel, o.podTemplate!.labels, o.podTemplate!.labelsTemplated) !== false) return undefined;
  }
  // Nothing comes close: the pods are made elsewhere (a chart, an operator, another repository),
  // or on purpose not here (a kustomize component that removes a workload keeps its policy).
  const close = closeTemplates(sel, ctx.index.podTemplatesIn(ns), ctx.index, ns);
  if (!close.miss && !close.closest) return undefined;
  return { selector: renderSelector(sel), hint: closenessHint(close) };
}

/** A PodDisruptionBudget that selects no pods protects nothing. */
export const pdbSelectsNothing: Rule = {
  id: 'pdb-selects-nothing',
  defaultSeverity: 'warning',
  description: 'A PodDisruptionBudget selector matches no pod template in the workspace.',
  check(ctx) {
    if (ctx.doc.kind !== 'PodDisruptionBudget') return [];
    const r = matchesNoPods(ctx, ['spec', 'selector']);
    return r ? [finding(pdbSelectsNothing, ctx, ['spec', 'selector'], msg('pdb-selects-nothing', { selector: r.selector, namespace: ctx.doc.namespace ?? 'default', hint: r.hint }), { prefer: 'key' })] : [];
  },
};

/** A NetworkPolicy whose podSelector matches nothing has no effect (an empty podSelector means all pods). */
export const networkPolicySelectsNothing: Rule = {
  id: 'network-policy-selects-nothing',
  defaultSeverity: 'warning',
  description: 'A NetworkPolicy podSelector matches no pod template in the workspace.',
  check(ctx): Finding[] {
    if (ctx.doc.kind !== 'NetworkPolicy') return [];
    const r = matchesNoPods(ctx, ['spec', 'podSelector']);
    return r ? [finding(networkPolicySelectsNothing, ctx, ['spec', 'podSelector'], msg('network-policy-selects-nothing', { selector: r.selector, namespace: ctx.doc.namespace ?? 'default', hint: r.hint }), { prefer: 'key' })] : [];
  },
};
