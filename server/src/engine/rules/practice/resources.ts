import type { Finding } from '../../findings';
import { msg } from '../../messages';
import { asRecord, valueAt } from '../../workspace/podTemplate';
import { containersOf } from '../containerIterate';
import type { Rule } from '../index';
import { mergeFix, podTemplateOf, practice } from './support';

/**
 * Containers without CPU and memory requests or a memory limit: the scheduler places them blind
 * and one of them can starve its neighbours. Not reported where a LimitRange of the namespace (in
 * the workspace) fills the defaults in.
 */
export const resourcesMissing: Rule = {
  id: 'resources-missing',
  defaultSeverity: 'warning',
  profile: 'production',
  tags: ['reliability'],
  description: 'A container has no CPU or memory request, or no memory limit.',
  check(ctx) {
    if (!podTemplateOf(ctx)) return [];
    if (ctx.index.countOf('LimitRange', ctx.doc.namespace ?? 'default') > 0) return [];
    const out: Finding[] = [];
    for (const { container, path } of containersOf(ctx, ['initContainers', 'containers'])) {
      const res = asRecord(container.resources);
      const missing: string[] = [];
      // The API server defaults a missing request to the limit of the same resource
      // (pkg/apis/core/v1 defaults): `limits: {cpu: 500m}` alone is a request of 500m too.
      const has = (kind: 'requests' | 'limits', r: 'cpu' | 'memory') => valueAt(res, [kind, r]) !== undefined;
      if (!has('requests', 'cpu') && !has('limits', 'cpu')) missing.push('requests.cpu');
      if (!has('requests', 'memory') && !has('limits', 'memory')) missing.push('requests.memory');
      if (!has('limits', 'memory')) missing.push('limits.memory');
      if (!missing.length) continue;
      const at = res ? [...path, 'resources'] : [...path, 'name'];
      const fix = res ? undefined : mergeFix(ctx, msg('fix.add-resources'), path, { resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } } });
      out.push(practice(resourcesMissing, ctx, at, msg('resources-missing', { container: String(container.name ?? ''), missing: missing.join(', ') }), fix));
    }
    return out;
  },
};
