import { ApiError, type Store } from '../store/store';
import type { KObject } from '../types';
import { cpuMilli, fnv32a, formatCpu, formatMem, memBytes, safeEncode } from '../util';
import { podAmount } from './podResources';
import { namespaceNameLabel, setDefaults } from './defaults';
import { defaultStorageClass } from './storageClasses';

/** Admission plugins in the order the API server runs the ones that matter here. */
export function installAdmission(store: Store): void {
  store.admission.push((obj) => setDefaults(obj));
  store.admission.push(namespaceForCreate);
  store.admission.push(podForCreate);
  store.admission.push(limitRanger);
  store.admission.push(resourceQuota);
  store.admission.push(defaultStorageClass);
  store.admission.push(podQos);
  store.canonicalize.push(namespaceNameLabel);
}

/** The namespace strategy's PrepareForCreate: a new namespace is Active and carries the `kubernetes` finalizer. */
function namespaceForCreate(obj: KObject): void {
  if (obj.kind !== 'Namespace') return;
  obj.status = { phase: 'Active' };
  obj.spec ??= {};
  const finalizers: unknown[] = Array.isArray(obj.spec.finalizers) ? obj.spec.finalizers : [];
  obj.spec.finalizers = finalizers.includes('kubernetes') ? finalizers : [...finalizers, 'kubernetes'];
}

/**
 * What a new Pod gets from the API server: the ServiceAccount plugin's account (`default` unless
 * named; the deprecated `serviceAccount` mirrors it), the Priority plugin's priority and preemption
 * policy (its PriorityClass's, the global default's, else 0) and DefaultTolerationSeconds' tolerations
 * of the not-ready and unreachable taints for 300 s. The account need not exist (the API server
 * refuses a pod whose account is missing; here it runs under the name).
 */
function podForCreate(obj: KObject, store: Store): void {
  if (obj.kind !== 'Pod' || !obj.spec) return;
  const spec = obj.spec;
  spec.serviceAccountName ||= spec.serviceAccount || 'default';
  spec.serviceAccount = spec.serviceAccountName;
  const account = store.get('ServiceAccount', obj.metadata.namespace || 'default', spec.serviceAccountName);
  if (spec.automountServiceAccountToken ?? account?.automountServiceAccountToken ?? true) mountServiceAccountToken(spec, `${obj.metadata.namespace}/${obj.metadata.name || obj.metadata.generateName}/${store.resourceVersion}`);
  const classes = store.list('PriorityClass');
  const cls = spec.priorityClassName ? classes.find((c) => c.metadata.name === spec.priorityClassName) : classes.filter((c) => c.globalDefault).sort((a, b) => (b.value ?? 0) - (a.value ?? 0))[0];
  if (spec.priorityClassName && !cls) throw new ApiError('Forbidden', `pods "${obj.metadata.name || obj.metadata.generateName}" is forbidden: no PriorityClass with name ${spec.priorityClassName} was found`);
  if (cls && !spec.priorityClassName) spec.priorityClassName = cls.metadata.name;
  spec.priority ??= cls?.value ?? 0;
  spec.preemptionPolicy ??= cls?.preemptionPolicy ?? 'PreemptLowerPriority';
  spec.tolerations = withDefaultTolerations(spec.tolerations);
}

/** The pod strategy's PrepareForCreate, after admission (LimitRanger's defaults count): the QoS class. */
function podQos(obj: KObject): void {
  if (obj.kind === 'Pod' && obj.spec) obj.status = { ...(obj.status ?? {}), qosClass: podQosClass(obj.spec) };
}

/** Where the ServiceAccount plugin mounts the account's token, the cluster's CA and the namespace. */
export const SERVICE_ACCOUNT_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';
export const TOKEN_VOLUME_PREFIX = 'kube-api-access-';

/**
 * The ServiceAccount plugin's projected volume (a bound token for 3607 s, kube-root-ca.crt's
 * ca.crt, the namespace) mounted read-only in every container, unless one mounts that path itself.
 * Its name ends in five characters of the generator's alphabet, derived from `seed` (no draw
 * from the simulation's random numbers, so the names of everything else stay as they were).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function mountServiceAccountToken(spec: any, seed: string): void {
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].filter((c) => c && typeof c === 'object');
  if (containers.some((c) => (c.volumeMounts ?? []).some((m: { mountPath?: string }) => m?.mountPath === SERVICE_ACCOUNT_MOUNT))) return;
  const name = TOKEN_VOLUME_PREFIX + safeEncode(String(fnv32a(seed))).slice(0, 5);
  spec.volumes = [...(spec.volumes ?? []), {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  }];
  for (const c of containers) c.volumeMounts = [...(c.volumeMounts ?? []), { mountPath: SERVICE_ACCOUNT_MOUNT, name, readOnly: true }];
}

/** DefaultTolerationSeconds: NoExecute tolerations of the node's not-ready and unreachable taints, unless the pod has its own. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function withDefaultTolerations(tolerations: any[] | undefined): any[] {
  const out = [...(tolerations ?? [])];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const has = out.some((t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'));
    if (!has) out.push({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 });
  }
  return out;
}

/** ComputePodQOS: Guaranteed when every container limits cpu and memory with requests equal to them, BestEffort when none asks for either. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function podQosClass(spec: any): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const cs = [...(spec.containers ?? []), ...(spec.initContainers ?? [])] as any[];
  const named = (m: Record<string, unknown> | undefined) => Object.keys(m ?? {}).filter((k) => k === 'cpu' || k === 'memory');
  if (!cs.some((c) => named(c?.resources?.limits).length || named(c?.resources?.requests).length)) return 'BestEffort';
  const guaranteed = cs.every((c) => ['cpu', 'memory'].every((r) => {
    const lim = c?.resources?.limits?.[r];
    const req = c?.resources?.requests?.[r] ?? lim;
    return lim !== undefined && (r === 'cpu' ? cpuMilli(req) === cpuMilli(lim) : memBytes(req) === memBytes(lim));
  }));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** LimitRanger: default requests/limits for containers, then min/max checks. */
function limitRanger(obj: KObject, store: Store): void {
  if (obj.kind !== 'Pod') return;
  const ranges = store.list('LimitRange', obj.metadata.namespace);
  for (const lr of ranges) {
    for (const item of lr.spec?.limits ?? []) {
      if (item.type !== 'Container') continue;
      for (const c of [...(obj.spec.initContainers ?? []), ...(obj.spec.containers ?? [])]) {
        c.resources ??= {};
        const defLimits = item.default ?? {};
        const defRequests = { ...defLimits, ...(item.defaultRequest ?? {}) };
        for (const [r, v] of Object.entries(defLimits)) {
          c.resources.limits ??= {};
          if (c.resources.limits[r] === undefined) c.resources.limits[r] = v;
        }
        for (const [r, v] of Object.entries(defRequests)) {
          c.resources.requests ??= {};
          if (c.resources.requests[r] === undefined) c.resources.requests[r] = v;
        }
        for (const [r, max] of Object.entries(item.max ?? {})) {
          const lim = c.resources.limits?.[r];
          const conv = r === 'cpu' ? cpuMilli : memBytes;
          if (lim === undefined)
            throw new ApiError('Forbidden', `pods "${obj.metadata.name || obj.metadata.generateName}" is forbidden: maximum ${r} usage per Container is ${max}.  No limit is specified`);
          if (conv(lim) > conv(max))
            throw new ApiError('Forbidden', `pods "${obj.metadata.name || obj.metadata.generateName}" is forbidden: maximum ${r} usage per Container is ${max}, but limit is ${lim}`);
        }
        for (const [r, min] of Object.entries(item.min ?? {})) {
          const req = c.resources.requests?.[r];
          const conv = r === 'cpu' ? cpuMilli : memBytes;
          if (req !== undefined && conv(req) < conv(min))
            throw new ApiError('Forbidden', `pods "${obj.metadata.name || obj.metadata.generateName}" is forbidden: minimum ${r} usage per Container is ${min}, but request is ${req}`);
        }
      }
    }
  }
}

const QUOTA_KEYS: Record<string, (p: KObject) => number> = {
  pods: () => 1,
  'requests.cpu': (p) => podAmount(p.spec, 'requests').cpu,
  cpu: (p) => podAmount(p.spec, 'requests').cpu,
  'requests.memory': (p) => podAmount(p.spec, 'requests').memory,
  memory: (p) => podAmount(p.spec, 'requests').memory,
  'limits.cpu': (p) => podAmount(p.spec, 'limits').cpu,
  'limits.memory': (p) => podAmount(p.spec, 'limits').memory,
  'count/pods': () => 1,
};

function render(key: string, v: number): string {
  if (key.endsWith('cpu') || key === 'cpu') return formatCpu(v);
  if (key.endsWith('memory') || key === 'memory') return formatMem(v);
  return String(v);
}

function parseHard(key: string, v: unknown): number {
  if (key.endsWith('cpu')) return cpuMilli(v);
  if (key.endsWith('memory')) return memBytes(v);
  return Number(v);
}

/** Object counts a quota may limit, by its resource name. */
const COUNTED: Record<string, string> = { services: 'Service', configmaps: 'ConfigMap', secrets: 'Secret', persistentvolumeclaims: 'PersistentVolumeClaim', replicationcontrollers: 'ReplicationController', resourcequotas: 'ResourceQuota' };

/**
 * What a quota's namespace uses of each resource it limits, as the quota controller writes it to
 * status.used (kubectl get quota / describe quota print it): the same count admission checks.
 */
export function quotaUsage(q: KObject, store: Store): Record<string, string> {
  const ns = q.metadata.namespace;
  const out: Record<string, string> = {};
  const live = store.list('Pod', ns).filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  for (const k of Object.keys(q.spec?.hard ?? {})) {
    if (QUOTA_KEYS[k]) out[k] = render(k, live.reduce((n, p) => n + QUOTA_KEYS[k](p), 0));
    else {
      const kind = COUNTED[k] ?? (k.startsWith('count/') ? store.resources.forName(k.slice('count/'.length).split('.')[0])?.kind : undefined);
      out[k] = kind ? String(store.list(kind, ns).length) : '0';
    }
  }
  return out;
}

/** ResourceQuota: compute-resource and pod-count quotas, with the API server's messages. */
function resourceQuota(obj: KObject, store: Store): void {
  if (obj.kind !== 'Pod') return;
  const ns = obj.metadata.namespace;
  const name = obj.metadata.name || obj.metadata.generateName;
  for (const q of store.list('ResourceQuota', ns)) {
    const hard: Record<string, unknown> = q.spec?.hard ?? {};
    const keys = Object.keys(hard).filter((k) => QUOTA_KEYS[k]);
    const missing: string[] = [];
    for (const k of keys.filter((k) => k !== 'pods' && k !== 'count/pods').sort()) {
      const [kind, res] = k.includes('.') ? k.split('.') : ['requests', k];
      const lacking = (obj.spec.containers ?? []).filter((c: { resources?: Record<string, Record<string, unknown>> }) => c.resources?.[kind]?.[res] === undefined);
      if (lacking.length) missing.push(k);
    }
    if (missing.length) throw new ApiError('Forbidden', `pods "${name}" is forbidden: failed quota: ${q.metadata.name}: must specify ${missing.join(',')}`);
    const used: Record<string, number> = {};
    for (const k of keys) used[k] = 0;
    for (const p of store.list('Pod', ns)) {
      if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      for (const k of keys) used[k] += QUOTA_KEYS[k](p);
    }
    const over = keys.filter((k) => used[k] + QUOTA_KEYS[k](obj) > parseHard(k, hard[k])).sort();
    if (over.length) {
      const list = (f: (k: string) => string) => over.map((k) => `${k}=${f(k)}`).join(',');
      throw new ApiError(
        'Forbidden',
        `pods "${name}" is forbidden: exceeded quota: ${q.metadata.name}, requested: ${list((k) => render(k, QUOTA_KEYS[k](obj)))}, used: ${list((k) => render(k, used[k]))}, limited: ${list((k) => String(hard[k]))}`,
      );
    }
  }
}
