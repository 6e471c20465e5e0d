/** Kind metadata: plural resource names (as the API server prints them), scope and short names. */
export interface ResourceInfo {
  kind: string;
  apiVersion: string;
  /** `deployments.apps`, `pods`: the form used in API error messages. */
  qualified: string;
  plural: string;
  namespaced: boolean;
  aliases: string[];
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
  R('Event', 'v1', 'events', true, ['ev']),
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
