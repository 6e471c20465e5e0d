import { msg } from '../messages';
import type { Rule } from './index';
import { finding } from './ruleSupport';
import { workloadSelector } from './selectorMismatch';

const APPS_KINDS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet']);
const VERSION_KEY = /(^|[./-])(version|release|revision|build|commit|sha|tag|pod-template-hash)$/i;
const VERSION_VALUE = /^v?\d+(\.\d+)*([-.+][0-9A-Za-z.-]+)?$/;

/**
 * apps/v1 selectors cannot change after creation. A selector that carries a version-like label
 * (which people bump on every release) will be refused on the next apply: say so early.
 */
export const selectorImmutable: Rule = {
  id: 'selector-immutable',
  defaultSeverity: 'information',
  description: 'The selector includes a version-like label, but apps/v1 selectors are immutable after creation.',
  check(ctx) {
    if (!APPS_KINDS.has(ctx.doc.kind ?? '') || !ctx.doc.apiVersion?.startsWith('apps/')) return [];
    // For these kinds the workload selector is the parsed LabelSelector (shared with the other selector rules).
    const sel = workloadSelector(ctx)?.selector;
    if (!sel || sel.templated) return [];
    for (const r of sel.requirements) {
      if (r.expressionIndex !== undefined) continue;
      if (VERSION_KEY.test(r.key) || (r.values.length === 1 && VERSION_VALUE.test(r.values[0]) && /\d/.test(r.values[0]) && r.values[0].includes('.'))) {
        return [
          finding(selectorImmutable, ctx, ['spec', 'selector', 'matchLabels', r.key], msg('selector-immutable', { kind: ctx.doc.kind ?? '', key: r.key }), { prefer: 'key' }),
        ];
      }
    }
    return [];
  },
};
