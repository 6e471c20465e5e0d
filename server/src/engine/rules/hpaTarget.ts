import { asRecord, valueAt } from '../workspace/podTemplate';
import type { Rule } from './index';
import { finding, isTemplated } from './ruleSupport';

/** A HorizontalPodAutoscaler whose scaleTargetRef names an object the workspace does not define. */
export const hpaTarget: Rule = {
  id: 'hpa-target',
  defaultSeverity: 'warning',
  description: 'A HorizontalPodAutoscaler scaleTargetRef names a workload that does not exist in the workspace.',
  check(ctx) {
    if (ctx.doc.kind !== 'HorizontalPodAutoscaler') return [];
    const ref = asRecord(valueAt(ctx.doc.value, ['spec', 'scaleTargetRef']));
    if (!ref || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return [];
    if (isTemplated(ref.kind) || isTemplated(ref.name) || ctx.index.isKustomized(ctx.file.uri)) return [];
    const ns = ctx.doc.namespace ?? 'default';
    // Nothing of that kind in the namespace: the workloads are managed elsewhere.
    if (ctx.index.has([ref.kind], ns, ref.name) || ctx.index.countOf(ref.kind, ns) === 0) return [];
    return [finding(hpaTarget, ctx, ['spec', 'scaleTargetRef', 'name'], `scaleTargetRef ${ref.kind} "${ref.name}" is not defined in namespace "${ns}" anywhere in the workspace: the autoscaler will report FailedGetScale`)];
  },
};
