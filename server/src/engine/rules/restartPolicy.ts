import { fixTitle, msg } from '../messages';
import { podTemplateLocation, valueAt } from '../workspace/podTemplate';
import type { Rule } from './index';
import { fieldPath, finding, isTemplated, replaceValueEdit } from './ruleSupport';

/**
 * Controllers that keep pods running need `Always`; Jobs need pods that end (`OnFailure`/`Never`).
 * The pod default is `Always`, so a Job template without a restartPolicy is rejected too.
 */
export const restartPolicy: Rule = {
  id: 'restart-policy',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'The pod template restartPolicy is not allowed for its controller.',
  check(ctx) {
    const loc = podTemplateLocation(ctx.doc.kind ?? '');
    if (!loc || loc.owner === 'pod') return [];
    const specPath = [...loc.path, 'spec'];
    if (valueAt(ctx.doc.value, specPath) === undefined) return [];
    const path = [...specPath, 'restartPolicy'];
    const value = valueAt(ctx.doc.value, path);
    if (isTemplated(value)) return [];
    const field = fieldPath(path);
    if (loc.owner === 'long-running') {
      if (value === undefined || value === 'Always') return [];
      const edit = replaceValueEdit(ctx, path, 'Always');
      return [
        finding(restartPolicy, ctx, path, `${field}: Unsupported value: ${JSON.stringify(value)}: supported values: "Always"`, {
          fixes: edit ? [{ ...fixTitle(msg('fix.set-restart-policy', { policy: 'Always' })), edits: [edit], preferred: true }] : [],
        }),
      ];
    }
    if (value === 'OnFailure' || value === 'Never') return [];
    if (value === undefined) {
      return [finding(restartPolicy, ctx, specPath, `${field}: Required value: valid values: "OnFailure", "Never" (the pod default "Always" is not allowed for a ${ctx.doc.kind})`, { prefer: 'key' })];
    }
    const fixes = (['OnFailure', 'Never'] as const).flatMap((p) => {
      const e = replaceValueEdit(ctx, path, p);
      return e ? [{ ...fixTitle(msg('fix.set-restart-policy', { policy: p })), edits: [e], preferred: p === 'OnFailure' }] : [];
    });
    return [finding(restartPolicy, ctx, path, `${field}: Unsupported value: ${JSON.stringify(value)}: supported values: "OnFailure", "Never"`, { fixes })];
  },
};
