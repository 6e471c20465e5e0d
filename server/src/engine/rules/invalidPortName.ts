import { asArray, asRecord, valueAt } from '../workspace/podTemplate';
import type { Finding } from '../findings';
import type { Rule } from './index';
import { dns1123Label, portName } from './nameValidation';
import { fieldPath, finding, isTemplated } from './ruleSupport';

/** Container port names are IANA service names (15 characters, a letter, no `--`); Service port names are DNS-1123 labels. */
export const invalidPortName: Rule = {
  id: 'invalid-port-name',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A container or Service port name breaks the naming rules (IANA_SVC_NAME for containers, DNS-1123 label for Services).',
  check(ctx) {
    const out: Finding[] = [];
    const obj = ctx.index.objectFor(ctx.file, ctx.doc);
    for (const c of obj?.podTemplate?.containers ?? []) {
      for (const p of c.ports) {
        if (p.name === undefined || isTemplated(p.name)) continue;
        const errs = portName(p.name);
        const path = [...p.path, 'name'];
        if (errs.length) out.push(finding(invalidPortName, ctx, path, `${fieldPath(path)}: Invalid value: ${JSON.stringify(p.name)}: ${errs.join(', ')}`));
      }
    }
    if (ctx.doc.kind === 'Service') {
      asArray(valueAt(ctx.doc.value, ['spec', 'ports'])).forEach((p, i) => {
        const name = asRecord(p)?.name;
        if (typeof name !== 'string' || name === '' || isTemplated(name)) return;
        const errs = dns1123Label(name);
        const path = ['spec', 'ports', i, 'name'];
        if (errs.length) out.push(finding(invalidPortName, ctx, path, `${fieldPath(path)}: Invalid value: ${JSON.stringify(name)}: ${errs.join(', ')}`));
      });
    }
    return out;
  },
};
