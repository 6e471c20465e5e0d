import type { Store } from '../store/store';
import type { KObject } from '../types';
import { matchesSelector } from '../util';

/**
 * The RBAC authorizer, the one answer to "may this user do this?" for `kubectl auth can-i` in the
 * built-in shell and serve's SelfSubjectAccessReview: ClusterRoleBindings, then the RoleBindings of
 * the request's namespace, each granting its role's rules to its subjects (users, groups, service
 * accounts); a ClusterRole with an aggregationRule also holds the rules of the ClusterRoles its
 * selectors match. No deny rules, as in Kubernetes. The simulated API server does not enforce it on
 * other requests (every request of the kubeconfig's user is allowed: that user is cluster-admin).
 */

export interface UserInfo {
  name: string;
  groups: string[];
}

export interface RequestAttributes {
  verb: string;
  /** A resource request: its group ('' for core), plural, subresource, name, namespace ('' for all or cluster-scoped). */
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  namespace?: string;
  /** A non-resource request (`/healthz`). */
  path?: string;
}

export interface Decision {
  allowed: boolean;
  /** RBAC's reason when allowed (`RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to Group "z"`); empty otherwise. */
  reason: string;
}

/** The kubeconfig's user: minikube's client certificate (CN=minikube-user, O=system:masters). */
export const KUBECONFIG_USER: UserInfo = { name: 'minikube-user', groups: ['system:masters', 'system:authenticated'] };

/**
 * Who a request acts as with `--as` (Impersonate-User) and `--as-group`: a service account's
 * groups are added as the API server adds them; every authenticated user is in system:authenticated.
 */
export function impersonated(name: string, groups: string[] = []): UserInfo {
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
  const implied = sa ? ['system:serviceaccounts', `system:serviceaccounts:${sa[1]}`] : [];
  return { name, groups: [...new Set([...groups, ...implied, 'system:authenticated'])] };
}

interface Rule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}

function has(list: string[] | undefined, value: string): boolean {
  return (list ?? []).some((x) => x === '*' || x === value);
}

/** RuleAllows: verbs, then a resource rule (group, resource or `*`/`*\/sub`, names) or a non-resource one (path, or a prefix ending in `*`). */
function ruleAllows(r: Rule, a: RequestAttributes): boolean {
  if (!has(r.verbs, a.verb)) return false;
  if (a.path !== undefined) return (r.nonResourceURLs ?? []).some((u) => u === '*' || u === a.path || (u.endsWith('*') && a.path!.startsWith(u.slice(0, -1))));
  if (!has(r.apiGroups, a.group ?? '')) return false;
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource ?? '';
  const resources = r.resources ?? [];
  const resourceOk = resources.some((x) => x === '*' || x === combined || (a.subresource && x === `*/${a.subresource}`));
  if (!resourceOk) return false;
  if (!r.resourceNames?.length) return true;
  return a.name !== undefined && a.name !== '' && r.resourceNames.includes(a.name);
}

function subjectMatches(s: Subject, user: UserInfo, bindingNamespace: string | undefined): boolean {
  if (s.kind === 'User') return s.name === user.name;
  if (s.kind === 'Group') return user.groups.includes(s.name ?? '');
  if (s.kind === 'ServiceAccount') return user.name === `system:serviceaccount:${s.namespace || bindingNamespace || ''}:${s.name ?? ''}`;
  return false;
}

/** A role's rules; a ClusterRole's aggregationRule adds the rules of the ClusterRoles it selects. */
function rulesOf(store: Store, role: KObject): Rule[] {
  const own = (role.rules ?? []) as Rule[];
  const selectors = (role.aggregationRule?.clusterRoleSelectors ?? []) as Parameters<typeof matchesSelector>[0][];
  if (role.kind !== 'ClusterRole' || selectors.length === 0) return own;
  const more = store.list('ClusterRole').filter((c) => c !== role && selectors.some((sel) => matchesSelector(sel, c.metadata.labels))).flatMap((c) => (c.rules ?? []) as Rule[]);
  return [...own, ...more];
}

function roleOf(store: Store, ref: { kind?: string; name?: string } | undefined, namespace: string | undefined): KObject | undefined {
  if (ref?.kind === 'ClusterRole') return store.get('ClusterRole', undefined, ref.name ?? '');
  if (ref?.kind === 'Role' && namespace) return store.get('Role', namespace, ref.name ?? '');
  return undefined;
}

function subjectText(s: Subject, bindingNamespace?: string): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount "${s.namespace || bindingNamespace}/${s.name}"` : `${s.kind} "${s.name}"`;
}

export function authorize(store: Store, user: UserInfo, a: RequestAttributes): Decision {
  const bindings = [...store.list('ClusterRoleBinding'), ...(a.namespace && a.path === undefined ? store.list('RoleBinding', a.namespace) : [])];
  for (const b of bindings) {
    const ns = b.kind === 'RoleBinding' ? b.metadata.namespace : undefined;
    const subject = ((b.subjects ?? []) as Subject[]).find((s) => subjectMatches(s, user, ns));
    if (!subject) continue;
    const role = roleOf(store, b.roleRef, ns);
    if (!role || !rulesOf(store, role).some((r) => ruleAllows(r, a))) continue;
    const where = ns ? `RoleBinding "${b.metadata.name}/${ns}"` : `ClusterRoleBinding "${b.metadata.name}"`;
    const what = role.kind === 'Role' ? `Role "${role.metadata.name}"` : `ClusterRole "${role.metadata.name}"`;
    return { allowed: true, reason: `RBAC: allowed by ${where} of ${what} to ${subjectText(subject, ns)}` };
  }
  return { allowed: false, reason: '' };
}

// ---- the default roles (reduced) -------------------------------------------------------------

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const VIEW_RESOURCES: [string, string[]][] = [
  ['', ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'pods/log', 'pods/status', 'replicationcontrollers', 'replicationcontrollers/scale', 'replicationcontrollers/status', 'serviceaccounts', 'services', 'services/status', 'events', 'limitranges', 'resourcequotas', 'resourcequotas/status', 'namespaces', 'namespaces/status']],
  ['apps', ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status']],
  ['autoscaling', ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']],
  ['batch', ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']],
  ['policy', ['poddisruptionbudgets', 'poddisruptionbudgets/status']],
  ['networking.k8s.io', ['ingresses', 'ingresses/status', 'networkpolicies']],
  ['discovery.k8s.io', ['endpointslices']],
];
const EDIT_RESOURCES: [string, string[]][] = [
  ['', ['configmaps', 'endpoints', 'persistentvolumeclaims', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services']],
  ['apps', ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale']],
  ['autoscaling', ['horizontalpodautoscalers']],
  ['batch', ['cronjobs', 'jobs']],
  ['policy', ['poddisruptionbudgets']],
  ['networking.k8s.io', ['ingresses', 'networkpolicies']],
];

function clusterRole(name: string, rules: Rule[], labels: Record<string, string> = {}, aggregateFrom?: string): KObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole',
    metadata: { name, uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...labels }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
    ...(aggregateFrom ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${aggregateFrom}`]: 'true' } }] } } : {}),
    rules,
  };
}

/**
 * The bootstrap policy a fresh cluster has, reduced to what `auth can-i` courses use: the
 * user-facing ClusterRoles cluster-admin, admin, edit and view (admin, edit and view with the core
 * rules of their aggregated parts, and their aggregationRule, so a ClusterRole labelled
 * `rbac.authorization.k8s.io/aggregate-to-view: "true"` adds to view), and the cluster-admin
 * ClusterRoleBinding to the group system:masters. The ~60 system: roles are not seeded.
 */
export function bootstrapPolicy(): KObject[] {
  const view = VIEW_RESOURCES.map(([g, rs]) => ({ apiGroups: [g], resources: rs, verbs: READ }));
  const edit = [...EDIT_RESOURCES.map(([g, rs]) => ({ apiGroups: [g], resources: rs, verbs: WRITE })), { apiGroups: [''], resources: ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], verbs: READ }, { apiGroups: [''], resources: ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'pods/eviction', 'serviceaccounts/token'], verbs: ['create'] }];
  const admin = [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'], verbs: [...READ, ...WRITE] }, { apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews'], verbs: ['create'] }];
  return [
    clusterRole('cluster-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }]),
    clusterRole('admin', [...view, ...edit, ...admin], {}, 'admin'),
    clusterRole('edit', [...view, ...edit], { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' }, 'edit'),
    clusterRole('view', view, { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }, 'view'),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding',
      metadata: { name: 'cluster-admin', uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' }],
    },
  ];
}
