import type { Rule } from './index';
import { isEmptySelector } from './labels';
import { finding } from './ruleSupport';
import { workloadSelector } from './selectorMismatch';

/** An empty LabelSelector would select every pod in the namespace; apps/v1 and manual Job selectors refuse it. */
export const selectorEmpty: Rule = {
  id: 'selector-empty',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'The workload selector is empty; the API server rejects an empty selector.',
  check(ctx) {
    const sel = workloadSelector(ctx);
    if (!sel || sel.isMap || !isEmptySelector(sel.selector)) return [];
    const kind = (ctx.doc.kind ?? '').toLowerCase();
    return [finding(selectorEmpty, ctx, sel.path, `spec.selector: Invalid value: {}: empty selector is invalid for ${kind}`, { prefer: 'key' })];
  },
};
