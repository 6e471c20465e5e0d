import type { Finding } from '../findings';
import { asArray, asRecord } from '../workspace/podTemplate';
import type { Rule } from './index';
import { containersOf } from './containerIterate';
import { fieldPath, finding, isTemplated } from './ruleSupport';

/**
 * The API server only warns about a repeated env name, but the later entry silently wins and
 * `kubectl apply` may drop one of them (env is merged by name).
 */
export const duplicateEnvName: Rule = {
  id: 'duplicate-env-name',
  kubernetesWords: true, // the API server's warning, as kubectl prints it
  defaultSeverity: 'warning',
  description: 'A container defines the same environment variable twice.',
  check(ctx) {
    const out: Finding[] = [];
    for (const { container, path } of containersOf(ctx)) {
      const firstIndex = new Map<string, number>();
      asArray(container.env).forEach((e, i) => {
        const name = asRecord(e)?.name;
        if (typeof name !== 'string' || isTemplated(name)) return;
        const prev = firstIndex.get(name);
        if (prev !== undefined) {
          out.push(finding(duplicateEnvName, ctx, [...path, 'env', i, 'name'], `${fieldPath([...path, 'env', i])}: hides previous definition of ${JSON.stringify(name)} (${fieldPath([...path, 'env', prev])}), which may be dropped when using apply`));
        } else firstIndex.set(name, i);
      });
    }
    return out;
  },
};
