import type { Sim } from '../core';
import { ApiError } from '../store/store';
import type { ResourceTable } from '../store/resources';
import type { KObject } from '../types';
import { deepCopy, fieldsMatch, matchesSelector, parseFieldSelector, parseSelectorString } from '../util';
import { apiObject } from './apiObject';
import { apiObjectWithManagers } from '../apiserver/managedFields';
import { boolFlag, flag, parseArgs, UsageError, type ParsedArgs } from './args';
import { aggregatedEvents, eventAge } from './events';
import { kubectlJson, kubectlYaml, printTable, qualifiedRef, table } from './printers';
import { namedTargets } from './targets';
import { customColumns, goTemplate, jsonPath, sortBy } from './templates';
import { minikubeObject, withMinikube } from './minikube';

/**
 * `kubectl get`: one or several types (`pods,nodes,services`, `all`, `events`), names or `type/name`,
 * `-l`, `-n`/`-A`, `-o wide|yaml|json|name`, `--show-labels`, `--no-headers`. Watching (`-w`) is the
 * shell's job: it re-runs the listing as virtual time passes and prints what changed.
 */

/** `kubectl get all`, in the order kubectl lists the "all" category. */
/** The built-in kinds of the `all` category, in discovery's order (serve's discovery lists the same). */
export const ALL_KINDS = ['Pod', 'ReplicationController', 'Service', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'HorizontalPodAutoscaler', 'CronJob', 'Job'];
const FORMATS = new Set(['wide', 'yaml', 'json', 'name']);
const TEMPLATE_FORMATS = new Set(['jsonpath', 'custom-columns', 'go-template', 'template']);

export interface GetTarget {
  readonly core: Sim;
}

interface TypeRef {
  kind: string;
  qualified: string;
}

function resolveType(resources: ResourceTable, type: string): TypeRef {
  const r = resources.forName(type);
  if (!r) throw new UsageError(`error: the server doesn't have a resource type "${type}"`);
  return { kind: r.kind, qualified: r.qualified };
}

/**
 * The kinds one word of `kubectl get` names: a resource in any RESTMapper form, or a category
 * (`all`, or one a CRD declares: the built-in kinds of `all` first, then the custom kinds).
 */
function kindsOf(resources: ResourceTable, word: string): string[] {
  const category = resources.category(word).map((r) => r.kind);
  if (word === 'all') return [...ALL_KINDS, ...category];
  const r = resources.forName(word);
  if (r) return [r.kind];
  if (category.length) return category;
  return [resolveType(resources, word).kind];
}

export function parseGetArgs(argv: string[]): ParsedArgs {
  return parseArgs(argv, {
    values: { namespace: 'n', selector: 'l', output: 'o', 'field-selector': undefined, 'sort-by': undefined, 'label-columns': 'L', [WATCH_FROM]: undefined },
    bools: { 'all-namespaces': 'A', 'show-labels': undefined, watch: 'w', 'watch-only': undefined, 'no-headers': undefined, 'show-kind': undefined, 'show-managed-fields': undefined },
  }, 'get');
}

function notSimulated(what: string): never {
  throw new UsageError(`error: ${what} is not simulated by kube-rehearsal (supported: -o wide|yaml|json|name|jsonpath=|custom-columns=|go-template=, -l, -L, -n, -A, --sort-by, --field-selector, --show-labels, --no-headers, -w)`);
}

export function getCommand(t: GetTarget, argv: string[]): string {
  const p = parseGetArgs(argv);
  if (boolFlag(p, 'watch') || boolFlag(p, 'watch-only')) {
    throw new UsageError('error: --watch needs a running clock: use it in `kube-rehearsal shell` or the simulated cluster terminal');
  }
  const fieldSel = flag(p, 'field-selector');
  const fields = fieldSel !== undefined ? parseFieldSelector(fieldSel) : undefined;
  if (fields && 'bad' in fields) throw new ApiError('BadRequest', `invalid selector: '${fieldSel}'; can't understand '${fields.bad}'`);
  const rawOutput = flag(p, 'output');
  const eq = rawOutput?.indexOf('=') ?? -1;
  const output = rawOutput !== undefined && eq > 0 ? rawOutput.slice(0, eq) : rawOutput;
  const template = rawOutput !== undefined && eq > 0 ? rawOutput.slice(eq + 1) : undefined;
  if (output !== undefined && !FORMATS.has(output) && !TEMPLATE_FORMATS.has(output)) {
    throw new UsageError(`error: unable to match a printer suitable for the output format "${rawOutput}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`);
  }
  if (output !== undefined && TEMPLATE_FORMATS.has(output) && !template) throw new UsageError(`error: ${output === 'custom-columns' ? 'custom-columns format specified but no custom columns given' : 'template format specified but no template given'}`);
  const labelColumns = (p.flags.get('label-columns') ?? []).flatMap((x) => x.split(',')).filter(Boolean);
  const sim = t.core;
  const all = boolFlag(p, 'all-namespaces');
  const namespace = flag(p, 'namespace') ?? 'default';
  const type = p.positional[0];
  if (!type) throw new UsageError('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples');
  if (flag(p, WATCH_FROM) !== undefined) return watchEvents(sim, p, Number(flag(p, WATCH_FROM)), { wide: output === 'wide', showLabels: boolFlag(p, 'show-labels'), labelColumns, allNamespaces: all });
  // kubectl names the namespace only when every type asked for is namespaced.
  const clusterScoped = type.split(',').some((x) => { try { return kindsOf(sim.store.resources, x.split('/')[0]).every((k) => !sim.store.resources.isNamespaced(k)); } catch { return false; } });
  const noneFound = all || clusterScoped ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`;

  if (['events', 'event', 'ev'].includes(type) && p.positional.length === 1) return getEvents(sim, p, all ? undefined : namespace) || noneFound;

  // Which objects: `type/name ...`, `type name ...`, or every object of each listed type.
  const groups: { kind: string; objs: KObject[] }[] = [];
  const named = type.includes('/') || p.positional.length > 1;
  if (type.includes('/')) {
    for (const r of namedTargets(sim, p.positional).refs) {
      const o = lookup(sim, r.resource.kind, namespace, r.name);
      if (!o) throw new ApiError('NotFound', `${r.resource.qualified} "${r.name}" not found`);
      addTo(groups, r.resource.kind, o);
    }
  } else {
    if (p.positional.slice(1).some((x) => x.includes('/'))) namedTargets(sim, p.positional);
    const kinds = type.split(',').flatMap((x) => kindsOf(sim.store.resources, x));
    for (const kind of kinds) {
      if (p.positional.length > 1) {
        for (const name of p.positional.slice(1)) {
          const o = lookup(sim, kind, namespace, name);
          if (!o) throw new ApiError('NotFound', `${resolveType(sim.store.resources, kind).qualified} "${name}" not found`);
          addTo(groups, kind, o);
        }
        continue;
      }
      const scope = sim.store.resources.isNamespaced(kind) && !all ? namespace : undefined;
      let objs = kind === 'Endpoints' ? endpointsOf(sim, all ? undefined : namespace) : withMinikube(sim, kind, sim.store.list(kind, scope), scope);
      const sel = flag(p, 'selector');
      if (sel) {
        const s = parseSelectorString(sel);
        objs = objs.filter((o) => matchesSelector(s, o.metadata.labels));
      }
      // The API server filters on the object as it serves it (fields by their JSON path).
      if (fields && 'reqs' in fields) objs = objs.filter((o) => fieldsMatch(fields.reqs, apiObject(sim, o)));
      if (objs.length) groups.push({ kind, objs: sortForListing(objs) });
    }
  }
  const sortExpr = flag(p, 'sort-by');
  if (sortExpr) for (const g of groups) g.objs = sortBy(g.objs, sortExpr, (o) => apiObject(sim, o));
  const found = groups.flatMap((g) => g.objs);
  if (found.length === 0) return noneFound;
  if (output !== undefined && TEMPLATE_FORMATS.has(output)) {
    // Templates see managedFields; json and yaml leave them out unless --show-managed-fields.
    const items = found.map((o) => apiObjectWithManagers(sim, o));
    if (output === 'custom-columns') return customColumns(template!, items, boolFlag(p, 'no-headers'));
    const doc = named && found.length === 1 ? items[0] : { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
    return output === 'jsonpath' ? jsonPath(template!, doc) : goTemplate(template!, doc);
  }

  if (output === 'name') return found.map(qualifiedRef).join('\n') + '\n';
  if (output === 'json' || output === 'yaml') {
    const items = found.map((o) => (boolFlag(p, 'show-managed-fields') ? apiObjectWithManagers(sim, o) : apiObject(sim, o)));
    const doc = named && found.length === 1 ? items[0] : { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
    return output === 'json' ? kubectlJson(doc) : kubectlYaml(doc);
  }
  const withKind = groups.length > 1 || type === 'all' || type.includes(',') || boolFlag(p, 'show-kind');
  const tables = groups.map((g) => {
    const text = printTable(sim, g.kind, g.objs, { wide: output === 'wide', withKind, allNamespaces: all && sim.store.resources.isNamespaced(g.kind), showLabels: boolFlag(p, 'show-labels'), labelColumns });
    return boolFlag(p, 'no-headers') ? text.split('\n').slice(1).join('\n') : text;
  });
  return tables.join('\n');
}

function lookup(sim: Sim, kind: string, namespace: string, name: string): KObject | undefined {
  if (kind === 'Endpoints') return endpointsOf(sim, namespace).find((e) => e.metadata.name === name);
  const scoped = sim.store.resources.isNamespaced(kind) ? namespace : undefined;
  return sim.store.get(kind, scoped, name) ?? minikubeObject(sim, kind, scoped, name);
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

/** `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE, oldest first. */
function getEvents(sim: Sim, p: ParsedArgs, namespace: string | undefined): string {
  const output = flag(p, 'output');
  if (output && output !== 'wide') notSimulated(`output format "${output}" for events`);
  const events = aggregatedEvents(sim, (e) => namespace === undefined || e.namespace === namespace || e.namespace === undefined);
  if (events.length === 0) return '';
  const rows = events.map((e) => {
    const r = [eventAge(sim, e), e.type, e.reason, e.object, e.message];
    return namespace === undefined ? [e.namespace ?? '', ...r] : r;
  });
  const header = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  const text = table(namespace === undefined ? ['NAMESPACE', ...header] : header, rows);
  return boolFlag(p, 'no-headers') ? text.split('\n').slice(1).join('\n') : text;
}

/**
 * The shell's `get -w`: the changes since a point of the watch log, one row per change as a watch
 * event prints it (every state an object passes through, even several at the same instant, and a
 * deleted object's last state). `--x-watch-from=-1` only tells where the log is now. Internal to
 * the shell: the first line is `#seq N`, the position to ask from next time.
 */
export const WATCH_FROM = 'x-watch-from';

interface WatchLog {
  seq: number;
  entries: { seq: number; obj: KObject; deleted: boolean }[];
  kinds: Set<string>;
}

const WATCH_LOG_LIMIT = 5000;
const watchLogs = new WeakMap<Sim, WatchLog>();

function watchLog(sim: Sim, kind: string): WatchLog {
  let log = watchLogs.get(sim);
  if (!log) watchLogs.set(sim, (log = { seq: 0, entries: [], kinds: new Set() }));
  if (!log.kinds.has(kind)) {
    log.kinds.add(kind);
    const l = log;
    sim.store.watch(kind, (type, obj) => {
      l.entries.push({ seq: ++l.seq, obj: deepCopy(obj), deleted: type === 'DELETED' });
      if (l.entries.length > WATCH_LOG_LIMIT) l.entries.splice(0, l.entries.length - WATCH_LOG_LIMIT);
    });
  }
  return log;
}

function watchEvents(sim: Sim, p: ParsedArgs, from: number, opts: { wide: boolean; showLabels: boolean; labelColumns: string[]; allNamespaces: boolean }): string {
  const { refs, types } = namedTargets(sim, p.positional);
  const kind = (refs[0]?.resource ?? types[0]).kind;
  const names = new Set(refs.map((r) => r.name));
  const log = watchLog(sim, kind);
  if (!(from >= 0)) return `#seq ${log.seq}\n`;
  const namespace = flag(p, 'namespace') || 'default';
  const sel = flag(p, 'selector') ? parseSelectorString(flag(p, 'selector')!) : undefined;
  const entries = log.entries
    .filter((e) => e.seq > from && e.obj.kind === kind)
    .filter(({ obj: o }) => (opts.allNamespaces || !sim.store.resources.isNamespaced(kind) || o.metadata.namespace === namespace) && (names.size === 0 || names.has(o.metadata.name)) && (!sel || matchesSelector(sel, o.metadata.labels)));
  const objs = entries.map((e) => e.obj);
  // Which rows are DELETED events: the watch prints them even when they look like the row before.
  const deleted = entries.map((e, i) => (e.deleted ? i : -1)).filter((i) => i >= 0);
  const head = `#seq ${log.seq}\n${deleted.length ? `#deleted ${deleted.join(' ')}\n` : ''}`;
  if (objs.length === 0) return head;
  return head + printTable(sim, kind, objs, { ...opts, allNamespaces: opts.allNamespaces && sim.store.resources.isNamespaced(kind) });
}
