import type { Finding } from '../findings';
import type { Rule } from './index';
import { containersOf } from './containerIterate';
import { fieldPath, finding, isTemplated } from './ruleSupport';

/** Container names must be unique across containers, initContainers and ephemeralContainers of a pod. */
export const duplicateContainerName: Rule = {
  id: 'duplicate-container-name',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'Two containers of the same pod have the same name.',
  check(ctx) {
    const seen = new Set<string>();
    const out: Finding[] = [];
    for (const { container, path } of containersOf(ctx, ['initContainers', 'containers', 'ephemeralContainers'])) {
      const name = container.name;
      if (typeof name !== 'string' || isTemplated(name)) continue;
      if (seen.has(name)) out.push(finding(duplicateContainerName, ctx, [...path, 'name'], `${fieldPath([...path, 'name'])}: Duplicate value: ${JSON.stringify(name)}`));
      seen.add(name);
    }
    return out;
  },
};
