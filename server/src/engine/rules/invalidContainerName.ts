import { fixTitle, msg } from '../messages';
import { valueAt } from '../workspace/podTemplate';
import type { Rule } from './index';
import { dns1123Label, toDns1123Label } from './nameValidation';
import { fieldPath, finding, isTemplated, replaceValueEdit } from './ruleSupport';

/** Container names are DNS-1123 labels: `Hello` or `my_app` are rejected. */
export const invalidContainerName: Rule = {
  id: 'invalid-container-name',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A container name is not a lowercase RFC 1123 label.',
  check(ctx) {
    const obj = ctx.index.objectFor(ctx.file, ctx.doc);
    if (!obj?.podTemplate) return [];
    const out = [];
    for (const c of obj.podTemplate.containers) {
      const path = [...c.path, 'name'];
      const raw = valueAt(ctx.doc.value, path);
      if (typeof raw !== 'string' || isTemplated(raw)) continue;
      const errs = dns1123Label(raw);
      if (errs.length === 0) continue;
      const fixed = toDns1123Label(raw);
      const edit = fixed ? replaceValueEdit(ctx, path, fixed) : undefined;
      out.push(
        finding(invalidContainerName, ctx, path, `${fieldPath(path)}: Invalid value: ${JSON.stringify(raw)}: ${errs.join(', ')}`, {
          fixes: edit ? [{ ...fixTitle(msg('fix.rename-container', { name: fixed ?? '' })), edits: [edit], preferred: true }] : [],
        }),
      );
    }
    return out;
  },
};
