import type { CrdDefinition } from '../../api/crd/definition';
import { servedVersions } from '../../api/crd/registry';

/** Kind metadata: plural resource names (as the API server prints them), scope and short names. */
export interface ResourceInfo {
  kind: string;
  apiVersion: string;
  /** `deployments.apps`, `pods`: the form used in API error messages. */
  qualified: string;
  plural: string;
  namespaced: boolean;
  aliases: string[];
  /** Set for kinds a CustomResourceDefinition registers (per simulation, see ResourceTable). */
  custom?: CustomKind;
}

/** What the simulated API server knows of a kind a CRD registers. */
export interface CustomKind {
  crd: CrdDefinition;
  /** The CustomResourceDefinition object's name (`<plural>.<group>`). */
  crdName: string;
}

const R = (kind: string, apiVersion: string, plural: string, namespaced: boolean, aliases: string[]): ResourceInfo => {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return { kind, apiVersion, plural, qualified: group ? `${plural}.${group}` : plural, namespaced, aliases: [plural, kind.toLowerCase(), ...aliases] };
};

export const RESOURCES: ResourceInfo[] = [
  R('Pod', 'v1', 'pods', true, ['po']),
  R('Service', 'v1', 'services', true, ['svc']),
  R('ConfigMap', 'v1', 'configmaps', true, ['cm']),
  R('Secret', 'v1', 'secrets', true, []),
  R('Namespace', 'v1', 'namespaces', false, ['ns']),
  R('Node', 'v1', 'nodes', false, ['no']),
  R('ReplicationController', 'v1', 'replicationcontrollers', true, ['rc']),
  R('ResourceQuota', 'v1', 'resourcequotas', true, ['quota']),
  R('LimitRange', 'v1', 'limitranges', true, ['limits']),
  R('ServiceAccount', 'v1', 'serviceaccounts', true, ['sa']),
  R('PersistentVolumeClaim', 'v1', 'persistentvolumeclaims', true, ['pvc']),
  R('Endpoints', 'v1', 'endpoints', true, ['ep']),
  R('EndpointSlice', 'discovery.k8s.io/v1', 'endpointslices', true, []),
  R('Deployment', 'apps/v1', 'deployments', true, ['deploy']),
  R('ReplicaSet', 'apps/v1', 'replicasets', true, ['rs']),
  R('DaemonSet', 'apps/v1', 'daemonsets', true, ['ds']),
  R('StatefulSet', 'apps/v1', 'statefulsets', true, ['sts']),
  R('ControllerRevision', 'apps/v1', 'controllerrevisions', true, []),
  R('Job', 'batch/v1', 'jobs', true, []),
  R('CronJob', 'batch/v1', 'cronjobs', true, ['cj']),
  R('HorizontalPodAutoscaler', 'autoscaling/v2', 'horizontalpodautoscalers', true, ['hpa']),
  R('PodDisruptionBudget', 'policy/v1', 'poddisruptionbudgets', true, ['pdb']),
  R('Event', 'v1', 'events', true, ['ev']),
  R('CustomResourceDefinition', 'apiextensions.k8s.io/v1', 'customresourcedefinitions', false, ['crd', 'crds']),
  // Stored and served, with no controller behind them beyond what docs/simulation.md lists
  // (RBAC is evaluated by `auth can-i`; PersistentVolumes are bound by the persistent-volume controller).
  R('Role', 'rbac.authorization.k8s.io/v1', 'roles', true, []),
  R('RoleBinding', 'rbac.authorization.k8s.io/v1', 'rolebindings', true, []),
  R('ClusterRole', 'rbac.authorization.k8s.io/v1', 'clusterroles', false, []),
  R('ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'clusterrolebindings', false, []),
  R('Ingress', 'networking.k8s.io/v1', 'ingresses', true, ['ing']),
  R('IngressClass', 'networking.k8s.io/v1', 'ingressclasses', false, []),
  R('NetworkPolicy', 'networking.k8s.io/v1', 'networkpolicies', true, ['netpol']),
  R('PersistentVolume', 'v1', 'persistentvolumes', false, ['pv']),
  R('StorageClass', 'storage.k8s.io/v1', 'storageclasses', false, ['sc']),
  R('PriorityClass', 'scheduling.k8s.io/v1', 'priorityclasses', false, ['pc']),
];

/** `deployment.v1.apps`, `deployments.apps`, `Deployment`, `deploy` -> the resource (kubectl's RESTMapper forms). */
export function resourceForArg(arg: string): ResourceInfo | undefined {
  return resourceForName(arg);
}

function dottedResource(arg: string): ResourceInfo | undefined {
  const lower = arg.toLowerCase();
  const dot = lower.indexOf('.');
  if (dot <= 0) return undefined;
  const name = lower.slice(0, dot);
  const rest = lower.slice(dot + 1);
  const groupOf = (r: ResourceInfo) => (r.apiVersion.includes('/') ? r.apiVersion.split('/')[0] : '');
  const versionOf = (r: ResourceInfo) => r.apiVersion.split('/').pop()!;
  const candidates = RESOURCES.filter((r) => r.aliases.includes(name) || r.kind.toLowerCase() === name);
  const byGroup = candidates.find((r) => groupOf(r) === rest);
  if (byGroup) return byGroup;
  const m = /^(v\d+(?:(?:alpha|beta)\d+)?)\.?(.*)$/.exec(rest);
  if (m) return candidates.find((r) => versionOf(r) === m[1] && groupOf(r) === m[2]);
  return undefined;
}

const byKind = new Map(RESOURCES.map((r) => [r.kind, r]));
const byAlias = new Map<string, ResourceInfo>();
for (const r of RESOURCES) for (const a of r.aliases) byAlias.set(a, r);
for (const r of RESOURCES) byAlias.set(r.qualified, r);

export function resourceForKind(kind: string): ResourceInfo | undefined {
  return byKind.get(kind);
}

/** `deploy`, `deployments.apps`, `Deployment` -> the resource. */
export function resourceForName(name: string): ResourceInfo | undefined {
  return byAlias.get(name.toLowerCase()) ?? byKind.get(name) ?? dottedResource(name);
}

export function isNamespaced(kind: string): boolean {
  return resourceForKind(kind)?.namespaced ?? true;
}

/**
 * The resource types one simulated API server serves: the built-in ones above plus the kinds of
 * the CustomResourceDefinitions it holds (added and removed as CRDs are stored and deleted, as
 * discovery would list them). Built-in names win where a CRD repeats one, as kubectl's
 * RESTMapper prefers the built-in groups.
 */
export class ResourceTable {
  private readonly customByKind = new Map<string, ResourceInfo>();
  private readonly customByName = new Map<string, ResourceInfo>();
  private readonly byCategory = new Map<string, ResourceInfo[]>();

  forKind(kind: string): ResourceInfo | undefined {
    return resourceForKind(kind) ?? this.customByKind.get(kind);
  }

  /** Any RESTMapper form: plural, singular, short name, kind, `plural.group`, `plural.version.group`. */
  forName(name: string): ResourceInfo | undefined {
    const builtIn = resourceForName(name);
    if (builtIn) return builtIn;
    const lower = name.toLowerCase();
    const direct = this.customByName.get(lower) ?? this.customByKind.get(name);
    if (direct) return direct;
    const dot = lower.indexOf('.');
    if (dot <= 0) return undefined;
    const head = this.customByName.get(lower.slice(0, dot));
    const rest = lower.slice(dot + 1);
    for (const r of this.customByKind.values()) {
      if (r !== head && !r.aliases.includes(lower.slice(0, dot))) continue;
      const group = r.custom!.crd.group;
      if (rest === group) return r;
      const v = r.custom!.crd.versions.find((x) => x.served && rest === `${x.name}.${group}`);
      if (v) return r;
    }
    return undefined;
  }

  isNamespaced(kind: string): boolean {
    return this.forKind(kind)?.namespaced ?? true;
  }

  /** The custom kinds of a category (`kubectl get <category>`), `all` included. */
  category(word: string): ResourceInfo[] {
    return this.byCategory.get(word.toLowerCase()) ?? [];
  }

  /** The custom kinds served now, by plural. */
  customResources(): ResourceInfo[] {
    return [...this.customByKind.values()].sort((a, b) => a.plural.localeCompare(b.plural));
  }

  /** Registers (or re-registers) the kind of a CRD; undefined when its kind name is already taken. */
  register(crd: CrdDefinition, crdName: string): ResourceInfo | undefined {
    const kind = crd.names.kind;
    const existing = this.customByKind.get(kind);
    if (resourceForKind(kind) || (existing && existing.custom!.crd.group !== crd.group)) return undefined;
    if (existing) this.unregister(kind);
    const preferred = servedVersions(crd)[0] ?? crd.versions[0];
    const info: ResourceInfo = {
      kind,
      apiVersion: `${crd.group}/${preferred?.name ?? ''}`,
      plural: crd.names.plural,
      qualified: `${crd.names.plural}.${crd.group}`,
      namespaced: crd.scope === 'Namespaced',
      aliases: [...new Set([crd.names.plural, crd.names.singular || kind.toLowerCase(), ...crd.names.shortNames])],
      custom: { crd, crdName },
    };
    this.customByKind.set(kind, info);
    for (const a of [...info.aliases, kind.toLowerCase(), info.qualified]) if (!this.customByName.has(a)) this.customByName.set(a, info);
    for (const c of crd.names.categories) {
      const list = this.byCategory.get(c) ?? [];
      list.push(info);
      this.byCategory.set(c, list);
    }
    return info;
  }

  unregister(kind: string): void {
    const info = this.customByKind.get(kind);
    if (!info) return;
    this.customByKind.delete(kind);
    for (const [k, v] of [...this.customByName]) if (v === info) this.customByName.delete(k);
    for (const [c, list] of [...this.byCategory]) {
      const rest = list.filter((r) => r !== info);
      if (rest.length) this.byCategory.set(c, rest);
      else this.byCategory.delete(c);
    }
  }
}
