import { WRITABLE_KINDS } from '../sim/apiserver/apply';
import { KUBERNETES_VERSION } from '../engine/schema/registry';
import { RESOURCES, type ResourceInfo, type ResourceTable } from '../sim/store/resources';
import { ALL_KINDS } from '../sim/kubectl/get';

/**
 * Discovery: which groups, versions and resources the simulated API server serves, in the legacy
 * form (/api, /apis, /apis/GROUP/VERSION) and the aggregated one kubectl 1.30+ asks for first.
 * The resources are the simulator's (store/resources.ts): what it stores is what it serves.
 */

export const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

const ALL_CATEGORY = new Set(ALL_KINDS);
const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);
const WITH_STATUS = new Set(['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController', 'Job', 'CronJob', 'Service', 'Node', 'Namespace', 'HorizontalPodAutoscaler', 'PersistentVolumeClaim', 'ResourceQuota', 'PodDisruptionBudget', 'PersistentVolume', 'Ingress']);
const READ_VERBS = ['get', 'list', 'watch'];
const WRITE_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function groupOf(r: ResourceInfo): string {
  return r.apiVersion.includes('/') ? r.apiVersion.split('/')[0] : '';
}

export function versionOf(r: ResourceInfo): string {
  return r.apiVersion.split('/').pop()!;
}

export function verbsOf(r: ResourceInfo): string[] {
  return WRITABLE_KINDS.has(r.kind) || r.custom ? WRITE_VERBS : READ_VERBS;
}

export function hasScale(kind: string): boolean {
  return SCALABLE.has(kind);
}

export function hasStatus(kind: string): boolean {
  return WITH_STATUS.has(kind);
}

/**
 * events.k8s.io/v1: the same record as core Events in the newer form (regarding, note,
 * deprecated* fields), read-only as the core ones (api.ts converts).
 */
export const EVENTS_V1: ResourceInfo = { kind: 'Event', apiVersion: 'events.k8s.io/v1', plural: 'events', qualified: 'events.events.k8s.io', namespaced: true, aliases: ['events', 'event'] };

/** The resources in the order the API server lists them (by name), which is also the order of `kubectl get all`. */
const SORTED = [...RESOURCES, EVENTS_V1].sort((a, b) => a.plural.localeCompare(b.plural));

/**
 * What is served: the built-in kinds and those the simulation's CRDs register (each at the
 * version it is stored in, its CRD's preferred one), by name.
 */
function served(table?: ResourceTable): ResourceInfo[] {
  const custom = table?.customResources() ?? [];
  return custom.length ? [...SORTED, ...custom].sort((a, b) => a.plural.localeCompare(b.plural)) : SORTED;
}

function categoriesOf(r: ResourceInfo): string[] {
  if (r.custom) return r.custom.crd.names.categories;
  return ALL_CATEGORY.has(r.kind) ? ['all'] : [];
}

/** The resource a URL names: group, version and plural. */
export function resourceAt(group: string, version: string, plural: string, table?: ResourceTable): ResourceInfo | undefined {
  return served(table).find((r) => r.plural === plural && groupOf(r) === group && versionOf(r) === version);
}

/** Served beyond the stored kinds: `kubectl auth can-i` creates a SelfSubjectAccessReview (api.ts answers it). */
const REVIEWS = { group: 'authorization.k8s.io', version: 'v1', resource: { name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', namespaced: false, kind: 'SelfSubjectAccessReview', verbs: ['create'] } };

/** Group -> versions, core ('') first, then by name (as the API server orders them). */
function groups(table?: ResourceTable): Map<string, string[]> {
  const out = new Map<string, string[]>([[REVIEWS.group, [REVIEWS.version]]]);
  for (const r of served(table)) {
    const g = groupOf(r);
    const vs = out.get(g) ?? [];
    if (!vs.includes(versionOf(r))) vs.push(versionOf(r));
    out.set(g, vs);
  }
  return new Map([...out].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
}

/** What `/version` answers: the release the simulated cluster runs (its target version). */
export function versionInfo(kubernetesMinor?: number): Record<string, string> {
  const [major, newest] = KUBERNETES_VERSION.replace(/^v/, '').split('.');
  const minor = kubernetesMinor !== undefined ? String(kubernetesMinor) : newest;
  return {
    major, minor, gitVersion: `v${major}.${minor}.0`, gitCommit: '', gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'kube-rehearsal (simulated)', compiler: 'gc', platform: 'linux/amd64',
  };
}

export function apiVersions(address: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address }] };
}

function groupEntry(name: string, versions: string[]): Record<string, unknown> {
  const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

export function apiGroupList(table?: ResourceTable): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: [...groups(table)].filter(([g]) => g !== '').map(([g, vs]) => groupEntry(g, vs)) };
}

export function apiGroup(group: string, table?: ResourceTable): Record<string, unknown> | undefined {
  const vs = groups(table).get(group);
  return group && vs ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group, vs) } : undefined;
}

export function apiResourceList(group: string, version: string, table?: ResourceTable): Record<string, unknown> | undefined {
  if (group === REVIEWS.group && version === REVIEWS.version) return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${group}/${version}`, resources: [REVIEWS.resource] };
  const rs = served(table).filter((r) => groupOf(r) === group && versionOf(r) === version);
  if (rs.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const r of rs) {
    const entry: Record<string, unknown> = { name: r.plural, singularName: singularOf(r), namespaced: r.namespaced, kind: r.kind, verbs: verbsOf(r) };
    const short = shortNamesOf(r);
    if (short.length) entry.shortNames = short;
    if (categoriesOf(r).length) entry.categories = categoriesOf(r);
    resources.push(entry);
    for (const s of subresources(r)) resources.push({ name: `${r.plural}/${s.name}`, singularName: '', namespaced: r.namespaced, ...(s.group !== undefined ? { group: s.group, version: s.version } : {}), kind: s.kind, verbs: s.verbs });
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

interface Subresource {
  name: string;
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

function subresources(r: ResourceInfo): Subresource[] {
  const out: Subresource[] = [];
  if (r.kind === 'Pod') {
    out.push({ name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] });
    // kubectl drain looks for this entry (group policy, kind Eviction) before it evicts.
    out.push({ name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] });
    out.push({ name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] });
    out.push({ name: 'log', kind: 'Pod', verbs: ['get'] });
  }
  if (SCALABLE.has(r.kind)) out.push({ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] });
  if (WITH_STATUS.has(r.kind)) out.push({ name: 'status', kind: r.kind, verbs: ['get', 'patch', 'update'] });
  return out;
}

/** apidiscovery.k8s.io/v2 for /api (core only) or /apis (every other group). */
export function aggregatedDiscovery(core: boolean, table?: ResourceTable): Record<string, unknown> {
  const items: Record<string, unknown>[] = [];
  for (const [g, vs] of groups(table)) {
    if ((g === '') !== core) continue;
    if (g === REVIEWS.group) {
      const r = REVIEWS.resource;
      items.push({ metadata: { name: g }, versions: [{ version: REVIEWS.version, freshness: 'Current', resources: [{ resource: r.name, responseKind: { group: g, version: REVIEWS.version, kind: r.kind }, scope: 'Cluster', singularResource: r.singularName, verbs: r.verbs }] }] });
      continue;
    }
    items.push({
      metadata: { name: g },
      versions: vs.map((v) => ({
        version: v,
        freshness: 'Current',
        resources: served(table).filter((r) => groupOf(r) === g && versionOf(r) === v).map((r) => {
          const e: Record<string, unknown> = {
            resource: r.plural, responseKind: { group: g, version: v, kind: r.kind }, scope: r.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: singularOf(r), verbs: verbsOf(r),
          };
          const short = shortNamesOf(r);
          if (short.length) e.shortNames = short;
          if (categoriesOf(r).length) e.categories = categoriesOf(r);
          const subs = subresources(r);
          if (subs.length) e.subresources = subs.map((s) => ({ subresource: s.name, responseKind: { group: s.group ?? g, version: s.version ?? v, kind: s.kind }, verbs: s.verbs }));
          return e;
        }),
      })),
    });
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

function singularOf(r: ResourceInfo): string {
  return r.custom ? r.custom.crd.names.singular || r.kind.toLowerCase() : r.kind.toLowerCase();
}

function shortNamesOf(r: ResourceInfo): string[] {
  return r.custom ? r.custom.crd.names.shortNames : r.aliases.slice(2);
}
