import type { Finding } from '../findings';
import { asRecord, valueAt } from '../workspace/podTemplate';
import type { Rule } from './index';
import { finding, isTemplated } from './ruleSupport';

const PERCENT_MESSAGE = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** An int-or-percent value: its number and whether it is a percentage; undefined when malformed. */
function intOrPercent(v: unknown): { n: number; percent: boolean } | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return { n: v, percent: false };
  if (typeof v === 'string' && /^[0-9]+%$/.test(v)) return { n: Number(v.slice(0, -1)), percent: true };
  return undefined;
}

/**
 * Deployment rollout settings the API server refuses (ValidateDeploymentStrategy,
 * ValidateRollingUpdateDeployment, ValidateDeploymentSpec).
 */
export const deploymentStrategy: Rule = {
  id: 'deployment-strategy',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A Deployment rollout setting the API server rejects: rollingUpdate with Recreate, maxSurge and maxUnavailable both 0, bad percentages, progressDeadlineSeconds not above minReadySeconds.',
  check(ctx) {
    if (ctx.doc.kind !== 'Deployment') return [];
    const spec = asRecord(valueAt(ctx.doc.value, ['spec']));
    if (!spec) return [];
    const out: Finding[] = [];
    const strategy = asRecord(spec.strategy);
    const type = strategy?.type ?? 'RollingUpdate';
    const ru = asRecord(strategy?.rollingUpdate);
    if (type === 'Recreate' && strategy?.rollingUpdate !== undefined && strategy.rollingUpdate !== null) {
      out.push(finding(deploymentStrategy, ctx, ['spec', 'strategy', 'rollingUpdate'], "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'", { prefer: 'key' }));
    } else if (ru) {
      const parsed: Record<'maxSurge' | 'maxUnavailable', { n: number; percent: boolean } | undefined> = { maxSurge: undefined, maxUnavailable: undefined };
      for (const field of ['maxSurge', 'maxUnavailable'] as const) {
        const raw = ru[field];
        if (raw === undefined || isTemplated(raw)) continue;
        const path = ['spec', 'strategy', 'rollingUpdate', field];
        const p = intOrPercent(raw);
        if (!p) {
          if (typeof raw === 'string') out.push(finding(deploymentStrategy, ctx, path, `spec.strategy.rollingUpdate.${field}: Invalid value: ${JSON.stringify(raw)}: ${PERCENT_MESSAGE}`));
          continue;
        }
        if (p.n < 0) out.push(finding(deploymentStrategy, ctx, path, `spec.strategy.rollingUpdate.${field}: Invalid value: ${JSON.stringify(raw)}: must be greater than or equal to 0`));
        if (field === 'maxUnavailable' && p.percent && p.n > 100) out.push(finding(deploymentStrategy, ctx, path, `spec.strategy.rollingUpdate.maxUnavailable: Invalid value: ${JSON.stringify(raw)}: must not be greater than 100%`));
        parsed[field] = p;
      }
      // Defaults are 25% each; both explicitly zero leaves no way to make progress.
      if (parsed.maxSurge?.n === 0 && parsed.maxUnavailable?.n === 0) {
        out.push(finding(deploymentStrategy, ctx, ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'], `spec.strategy.rollingUpdate.maxUnavailable: Invalid value: ${JSON.stringify(ru.maxUnavailable)}: may not be 0 when \`maxSurge\` is 0`));
      }
    }
    const pds = spec.progressDeadlineSeconds;
    const mrs = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
    if (typeof pds === 'number' && pds <= mrs) {
      out.push(finding(deploymentStrategy, ctx, ['spec', 'progressDeadlineSeconds'], `spec.progressDeadlineSeconds: Invalid value: ${pds}: must be greater than minReadySeconds`));
    }
    return out;
  },
};
