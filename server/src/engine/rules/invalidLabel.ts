import type { Finding } from '../findings';
import type { PathSegment } from '../yaml/documents';
import { asRecord, templateLabelsPath, valueAt } from '../workspace/podTemplate';
import type { Rule, RuleContext } from './index';
import { labelValue, qualifiedName } from './nameValidation';
import { fieldPath, finding, isTemplated } from './ruleSupport';

/** Label keys (qualified names with an optional DNS prefix) and values (63 characters, restricted set). */
export const invalidLabel: Rule = {
  id: 'invalid-label',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A label key or value breaks the Kubernetes label syntax or length limits.',
  check(ctx) {
    const out: Finding[] = [];
    checkLabels(invalidLabel, ctx, ['metadata', 'labels'], out);
    const obj = ctx.index.objectFor(ctx.file, ctx.doc);
    if (obj?.podTemplate && obj.podTemplate.location.path.length > 0) checkLabels(invalidLabel, ctx, templateLabelsPath(obj.podTemplate.location), out);
    if (ctx.doc.kind === 'CronJob') checkLabels(invalidLabel, ctx, ['spec', 'jobTemplate', 'metadata', 'labels'], out);
    // Selectors hold label keys and values too (a map for Services and RCs, matchLabels elsewhere).
    if (ctx.doc.kind === 'Service' || ctx.doc.kind === 'ReplicationController') checkLabels(invalidLabel, ctx, ['spec', 'selector'], out);
    else checkLabels(invalidLabel, ctx, ['spec', 'selector', 'matchLabels'], out);
    return out;
  },
};

function checkLabels(rule: Rule, ctx: RuleContext, path: PathSegment[], out: Finding[]): void {
  const labels = asRecord(valueAt(ctx.doc.value, path));
  if (!labels) return;
  for (const key in labels) {
    if (!Object.prototype.hasOwnProperty.call(labels, key)) continue;
    const raw = labels[key];
    if (isTemplated(key)) continue;
    const keyErrs = qualifiedName(key);
    if (keyErrs.length) out.push(finding(rule, ctx, [...path, key], `${fieldPath(path)}: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join(', ')}`, { prefer: 'key' }));
    // Non-string values are a schema error (reported there); only strings are checked here.
    if (typeof raw !== 'string' || isTemplated(raw)) continue;
    const valErrs = labelValue(raw);
    if (valErrs.length) out.push(finding(rule, ctx, [...path, key], `${fieldPath([...path, key])}: Invalid value: ${JSON.stringify(raw)}: ${valErrs.join(', ')}`));
  }
}
