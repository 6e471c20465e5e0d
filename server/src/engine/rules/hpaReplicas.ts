import { valueAt } from '../workspace/podTemplate';
import type { Rule } from './index';
import { finding } from './ruleSupport';

/** The API server refuses a HorizontalPodAutoscaler whose maxReplicas is below its minReplicas. */
export const hpaMinAboveMax: Rule = {
  id: 'hpa-min-above-max',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A HorizontalPodAutoscaler\'s maxReplicas is below its minReplicas: the API server rejects it.',
  check(ctx) {
    if (ctx.doc.kind !== 'HorizontalPodAutoscaler') return [];
    const min = valueAt(ctx.doc.value, ['spec', 'minReplicas']);
    const max = valueAt(ctx.doc.value, ['spec', 'maxReplicas']);
    if (typeof min !== 'number' || typeof max !== 'number' || max >= min) return [];
    return [finding(hpaMinAboveMax, ctx, ['spec', 'maxReplicas'], `spec.maxReplicas: Invalid value: ${max}: must be greater than or equal to \`minReplicas\` (${min})`)];
  },
};
