import type { Finding } from '../findings';
import { asRecord, valueAt } from '../workspace/podTemplate';
import type { Rule } from './index';
import { finding, isTemplated } from './ruleSupport';

const PERCENT_MESSAGE = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/**
 * PodDisruptionBudget budgets the API server refuses (ValidatePodDisruptionBudgetSpec): both
 * minAvailable and maxUnavailable, a negative number, a percentage that is not digits and `%`, or
 * one above 100%. (unhealthyPodEvictionPolicy is an enum of the schema.)
 */
export const pdbBudget: Rule = {
  id: 'pdb-budget',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A PodDisruptionBudget the API server rejects: minAvailable and maxUnavailable both set, a negative value, a bad percentage or one above 100%.',
  check(ctx) {
    if (ctx.doc.kind !== 'PodDisruptionBudget') return [];
    const spec = asRecord(valueAt(ctx.doc.value, ['spec']));
    if (!spec) return [];
    const out: Finding[] = [];
    const set = (v: unknown) => v !== undefined && v !== null;
    if (set(spec.minAvailable) && set(spec.maxUnavailable)) {
      // The value is the whole spec, rendered as JSON in the order of the Go struct's fields.
      const value = JSON.stringify({ minAvailable: spec.minAvailable, selector: spec.selector ?? undefined, maxUnavailable: spec.maxUnavailable, unhealthyPodEvictionPolicy: spec.unhealthyPodEvictionPolicy ?? undefined });
      out.push(finding(pdbBudget, ctx, ['spec', 'maxUnavailable'], `spec: Invalid value: ${value}: minAvailable and maxUnavailable cannot be both set`, { prefer: 'key' }));
    }
    for (const field of ['minAvailable', 'maxUnavailable'] as const) {
      const raw = spec[field];
      if (!set(raw) || isTemplated(raw)) continue;
      const path = ['spec', field];
      const at = `spec.${field}: Invalid value: ${JSON.stringify(raw)}`;
      if (typeof raw === 'string') {
        if (!/^[0-9]+%$/.test(raw)) out.push(finding(pdbBudget, ctx, path, `${at}: ${PERCENT_MESSAGE}`));
        else if (Number(raw.slice(0, -1)) > 100) out.push(finding(pdbBudget, ctx, path, `${at}: must not be greater than 100%`));
      } else if (typeof raw === 'number' && Number.isInteger(raw) && raw < 0) out.push(finding(pdbBudget, ctx, path, `${at}: must be greater than or equal to 0`));
    }
    return out;
  },
};
