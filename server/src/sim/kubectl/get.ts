import { stringify as toYaml } from 'yaml';
import type { Sim } from '../core';
import { ApiError } from '../store/store';
import { isNamespaced, resourceForName } from '../store/resources';
import type { KObject } from '../types';
import { humanDuration, matchesSelector, parseSelectorString } from '../util';
import { apiObject } from './apiObject';
import { boolFlag, flag, parseArgs, UsageError, type ParsedArgs } from './args';
import { aggregatedEvents } from './events';
import { printTable, qualifiedRef, table } from './printers';
import { namedTargets } from './targets';

/**
 * `kubectl get`: one or several types (`pods,nodes,services`, `all`, `events`), names or `type/name`,
 * `-l`, `-n`/`-A`, `-o wide|yaml|json|name`, `--show-labels`, `--no-headers`. Watching (`-w`) is the
 * shell's job: it re-runs the listing as virtual time passes and prints what changed.
 */

/** `kubectl get all`, in the order kubectl lists the "all" category. */
export const ALL_KINDS = ['Pod', 'ReplicationController', 'Service', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'CronJob', 'Job'];
const FORMATS = new Set(['wide', 'yaml', 'json', 'name']);

export interface GetTarget {
  readonly core: Sim;
}

interface TypeRef {
  kind: string;
  qualified: string;
}

function resolveType(type: string): TypeRef {
  const r = resourceForName(type);
  if (!r) throw new UsageError(`error: the server doesn't have a resource type "${type}"`);
  return { kind: r.kind, qualified: r.qualified };
}

export function parseGetArgs(argv: string[]): ParsedArgs {
  return parseArgs(argv, {
    values: { namespace: 'n', selector: 'l', output: 'o', 'field-selector': undefined, 'sort-by': undefined, 'label-columns': 'L' },
    bools: { 'all-namespaces': 'A', 'show-labels': undefined, watch: 'w', 'watch-only': undefined, 'no-headers': undefined, 'show-kind': undefined },
  }, 'get');
}

function notSimulated(what: string): never {
  throw new UsageError(`error: ${what} is not simulated by kube-rehearsal (supported: -o wide|yaml|json|name, -l, -n, -A, --show-labels, --no-headers, -w)`);
}

export function getCommand(t: GetTarget, argv: string[]): string {
  const p = parseGetArgs(argv);
  if (boolFlag(p, 'watch') || boolFlag(p, 'watch-only')) {
    throw new UsageError('error: --watch needs a running clock: use it in `kube-rehearsal shell` or the simulated cluster terminal');
  }
  for (const f of ['field-selector', 'sort-by', 'label-columns']) if (flag(p, f) !== undefined) notSimulated(`--${f}`);
  const output = flag(p, 'output');
  if (output !== undefined && !FORMATS.has(output)) notSimulated(`output format "${output}"`);
  const sim = t.core;
  const all = boolFlag(p, 'all-namespaces');
  const namespace = flag(p, 'namespace') ?? 'default';
  const type = p.positional[0];
  if (!type) throw new UsageError('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.');
  const noneFound = all ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`;

  if (['events', 'event', 'ev'].includes(type) && p.positional.length === 1) return getEvents(sim, p, all ? undefined : namespace) || noneFound;

  // Which objects: `type/name ...`, `type name ...`, or every object of each listed type.
  const groups: { kind: string; objs: KObject[] }[] = [];
  const named = type.includes('/') || p.positional.length > 1;
  if (type.includes('/')) {
    for (const r of namedTargets(p.positional).refs) {
      const o = lookup(sim, r.resource.kind, namespace, r.name);
      if (!o) throw new ApiError('NotFound', `${r.resource.qualified} "${r.name}" not found`);
      addTo(groups, r.resource.kind, o);
    }
  } else {
    if (p.positional.slice(1).some((x) => x.includes('/'))) namedTargets(p.positional);
    const kinds = type === 'all' ? ALL_KINDS : type.split(',').map((x) => resolveType(x).kind);
    for (const kind of kinds) {
      if (p.positional.length > 1) {
        for (const name of p.positional.slice(1)) {
          const o = lookup(sim, kind, namespace, name);
          if (!o) throw new ApiError('NotFound', `${resolveType(kind).qualified} "${name}" not found`);
          addTo(groups, kind, o);
        }
        continue;
      }
      let objs = kind === 'Endpoints' ? endpointsOf(sim, all ? undefined : namespace) : sim.store.list(kind, isNamespaced(kind) && !all ? namespace : undefined);
      const sel = flag(p, 'selector');
      if (sel) {
        const s = parseSelectorString(sel);
        objs = objs.filter((o) => matchesSelector(s, o.metadata.labels));
      }
      if (objs.length) groups.push({ kind, objs: sortForListing(objs) });
    }
  }
  const found = groups.flatMap((g) => g.objs);
  if (found.length === 0) return noneFound;

  if (output === 'name') return found.map(qualifiedRef).join('\n') + '\n';
  if (output === 'json' || output === 'yaml') {
    const items = found.map((o) => apiObject(sim, o));
    const doc = named && found.length === 1 ? items[0] : { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
    return output === 'json' ? JSON.stringify(doc, null, 4) + '\n' : toYaml(sortKeys(doc), { lineWidth: 0, indentSeq: false });
  }
  const withKind = groups.length > 1 || type === 'all' || type.includes(',') || boolFlag(p, 'show-kind');
  const tables = groups.map((g) => {
    const text = printTable(sim, g.kind, g.objs, { wide: output === 'wide', withKind, allNamespaces: all && isNamespaced(g.kind), showLabels: boolFlag(p, 'show-labels') });
    return boolFlag(p, 'no-headers') ? text.split('\n').slice(1).join('\n') : text;
  });
  return tables.join('\n');
}

function lookup(sim: Sim, kind: string, namespace: string, name: string): KObject | undefined {
  if (kind === 'Endpoints') return endpointsOf(sim, namespace).find((e) => e.metadata.name === name);
  return sim.store.get(kind, isNamespaced(kind) ? namespace : undefined, name);
}

/**
 * The Endpoints objects kubectl lists, from the EndpointSlices the simulator keeps (one per
 * Service): ready addresses with their ports, at the slice's creation time.
 */
function endpointsOf(sim: Sim, namespace: string | undefined): KObject[] {
  const stored = sim.store.list('Endpoints', namespace);
  if (stored.length) return stored;
  const byService = new Map<string, KObject>();
  for (const slice of sim.store.list('EndpointSlice', namespace)) {
    const svc = slice.metadata.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const key = `${slice.metadata.namespace}/${svc}`;
    const ep = byService.get(key) ?? { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: svc, namespace: slice.metadata.namespace, uid: '', resourceVersion: '', generation: 0, creationTimestamp: slice.metadata.creationTimestamp, labels: {}, annotations: {} }, subsets: [] };
    const addresses = (slice.endpoints ?? []).filter((e: { conditions?: { ready?: boolean } }) => e.conditions?.ready !== false).flatMap((e: { addresses: string[] }) => e.addresses.map((ip) => ({ ip })));
    if (addresses.length) ep.subsets.push({ addresses, ports: (slice.ports ?? []).map((x: { port: number; name?: string; protocol?: string }) => ({ port: x.port, name: x.name, protocol: x.protocol })) });
    byService.set(key, ep);
  }
  // The API server's own Service has endpoints at the control plane's address.
  for (const svc of sim.store.list('Service', namespace)) {
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    if (svc.metadata.name === 'kubernetes' && svc.metadata.namespace === 'default' && !byService.has(key)) {
      const node = sim.store.list('Node')[0];
      const ip = node?.status?.addresses?.find((a: { type: string }) => a.type === 'InternalIP')?.address;
      byService.set(key, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', namespace: 'default', uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0, labels: {}, annotations: {} }, subsets: ip ? [{ addresses: [{ ip }], ports: [{ port: 8443, name: 'https', protocol: 'TCP' }] }] : [] });
    }
  }
  return [...byService.values()];
}

function addTo(groups: { kind: string; objs: KObject[] }[], kind: string, o: KObject): void {
  const g = groups.find((x) => x.kind === kind);
  if (g) g.objs.push(o);
  else groups.push({ kind, objs: [o] });
}

/** The API lists objects by namespace, then name. */
function sortForListing(objs: KObject[]): KObject[] {
  return [...objs].sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

/** `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE, oldest first. */
function getEvents(sim: Sim, p: ParsedArgs, namespace: string | undefined): string {
  const output = flag(p, 'output');
  if (output && output !== 'wide') notSimulated(`output format "${output}" for events`);
  const events = aggregatedEvents(sim, (e) => namespace === undefined || e.namespace === namespace || e.namespace === undefined);
  if (events.length === 0) return '';
  const rows = events.map((e) => {
    const r = [humanDuration((sim.now - e.last) / 1000), e.type, e.reason, e.object, e.message];
    return namespace === undefined ? [e.namespace ?? '', ...r] : r;
  });
  const header = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  const text = table(namespace === undefined ? ['NAMESPACE', ...header] : header, rows);
  return boolFlag(p, 'no-headers') ? text.split('\n').slice(1).join('\n') : text;
}
