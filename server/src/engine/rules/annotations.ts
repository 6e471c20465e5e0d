import type { Finding } from '../findings';
import { asRecord, valueAt } from '../workspace/podTemplate';
import type { Rule } from './index';
import { qualifiedName } from './nameValidation';
import { finding, isTemplated } from './ruleSupport';
import { valueText } from '../valueText';

/** Total size limit of all annotation keys and values (ValidateAnnotationsSize). */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

export const invalidAnnotations: Rule = {
  id: 'invalid-annotations',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'An annotation key is not a qualified name, or all annotations together exceed 256 KiB.',
  check(ctx) {
    const path = ['metadata', 'annotations'];
    const ann = asRecord(valueAt(ctx.doc.value, path));
    if (!ann) return [];
    const out: Finding[] = [];
    let total = 0;
    for (const key in ann) {
      if (!Object.prototype.hasOwnProperty.call(ann, key)) continue;
      const raw = ann[key];
      const value = valueText(raw);
      total += Buffer.byteLength(key) + Buffer.byteLength(value);
      if (isTemplated(key)) continue;
      const errs = qualifiedName(key.toLowerCase());
      if (errs.length) out.push(finding(invalidAnnotations, ctx, [...path, key], `metadata.annotations: Invalid value: ${JSON.stringify(key)}: ${errs.join(', ')}`, { prefer: 'key' }));
    }
    if (total > ANNOTATIONS_MAX_BYTES) {
      out.push(finding(invalidAnnotations, ctx, path, `metadata.annotations: Too long: must have at most ${ANNOTATIONS_MAX_BYTES} bytes (these have ${total})`, { prefer: 'key' }));
    }
    return out;
  },
};
