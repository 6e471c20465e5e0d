import { RESOURCES, type ResourceTable } from '../store/resources';
import { flag, parseArgs, UsageError, boolFlag } from './args';
import { table } from './printers';

/**
 * `kubectl api-resources`: the resource types the simulated API server serves (those the
 * simulator stores) and the kinds of the CRDs it holds, with short names, API version, scope and kind.
 */
export function apiResourcesCommand(argv: string[], resources?: ResourceTable): string {
  const p = parseArgs(argv, { values: { output: 'o', 'api-group': undefined }, bools: { namespaced: undefined, 'no-headers': undefined } }, 'api-resources');
  const output = flag(p, 'output');
  if (output !== undefined && output !== 'name' && output !== 'wide') throw new UsageError(`error: output format "${output}" is not simulated (supported: name, wide)`);
  let rows = [...RESOURCES, ...(resources?.customResources() ?? [])].sort((a, b) => a.plural.localeCompare(b.plural) || a.apiVersion.localeCompare(b.apiVersion));
  const group = flag(p, 'api-group');
  if (group !== undefined) rows = rows.filter((r) => (r.apiVersion.includes('/') ? r.apiVersion.split('/')[0] : '') === group);
  if (p.flags.has('namespaced')) rows = rows.filter((r) => r.namespaced === boolFlag(p, 'namespaced'));
  if (output === 'name') return rows.map((r) => r.qualified).join('\n') + '\n';
  const text = table(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'], rows.map((r) => [
    r.plural,
    (r.custom ? r.custom.crd.names.shortNames : r.aliases.slice(2)).join(','),
    r.apiVersion,
    r.namespaced ? 'true' : 'false',
    r.kind,
  ]));
  return boolFlag(p, 'no-headers') ? text.split('\n').slice(1).join('\n') : text;
}
