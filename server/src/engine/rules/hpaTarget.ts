import { fixTitle, msg } from '../messages';
import { asRecord, valueAt } from '../workspace/podTemplate';
import type { Rule } from './index';
import { finding, isTemplated, relatedAt, replaceValueEdit, yamlString } from './ruleSupport';
import { isTypo } from './selectorNearMiss';

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
    if (ctx.index.has([ref.kind], ns, ref.name)) return [];
    // Only a workload of that kind whose name is a typo away is evidence of a mistake; any other
    // name is a workload made elsewhere (a chart, an operator, another repository).
    const close = ctx.index.podTemplatesIn(ns).find((o) => o.kind === ref.kind && o.name !== undefined && isTypo(ref.name as string, o.name));
    if (!close) return [];
    const edit = replaceValueEdit(ctx, ['spec', 'scaleTargetRef', 'name'], yamlString(close.name!));
    return [
      finding(hpaTarget, ctx, ['spec', 'scaleTargetRef', 'name'], msg('hpa-target', { kind: String(ref.kind), name: String(ref.name), namespace: ns, suggestion: close.name! }), {
        related: [relatedAt(close, ['metadata', 'name'], `${close.kind} ${close.name}`)],
        fixes: edit ? [{ ...fixTitle(msg('fix.change-value', { value: close.name! })), edits: [edit], preferred: true }] : [],
      }),
    ];
  },
};
