import type { Sim } from '../core';
import { ApiError } from '../store/store';
import type { KObject } from '../types';
import { deepCopy, stableStringify } from '../util';
import { beforeWrite, recordUpdate } from './managedFields';
import { applyCrd, applyCustomResource, customKindOf } from './customResources';
import { setDefaults } from './defaults';
import { TOKEN_VOLUME_PREFIX, withDefaultTolerations } from './admission';
import { decodeBody } from './decode';
import { convertToStoredVersion } from './versionConversion';
import { findRemovedApi, servedIn } from '../../engine/version/featureTable';
import { applyVersionGates } from '../../engine/version/fieldGates';
import { groupOf, isBuiltInApiVersion } from '../../engine/schema/registry';
import { invalidMessage, validateForApiServer, validateUpdateForApiServer, type ApiVerdict } from '../../engine/apiServerValidation';

export type ApplyResult = 'created' | 'configured' | 'unchanged';

/** The kinds clients may write (the others are written only by the simulated controllers). */
export const WRITABLE_KINDS = new Set(['Pod', 'Service', 'ConfigMap', 'Secret', 'Namespace', 'ReplicationController', 'ResourceQuota', 'LimitRange', 'ServiceAccount', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'PersistentVolumeClaim', 'Node', 'HorizontalPodAutoscaler', 'PodDisruptionBudget',
  'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Ingress', 'IngressClass', 'NetworkPolicy', 'PersistentVolume', 'StorageClass', 'PriorityClass']);

/**
 * The fields of kinds that keep their content beside `spec` (RBAC's rules/roleRef/subjects, a
 * StorageClass's provisioner, a PriorityClass's value, ...): an update replaces them as it does `spec`.
 */
const TOP_LEVEL_FIELDS = ['rules', 'aggregationRule', 'roleRef', 'subjects', 'provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode', 'allowVolumeExpansion', 'mountOptions', 'allowedTopologies', 'value', 'globalDefault', 'description', 'preemptionPolicy'];

/** Decodes a body in place (decode.ts) or refuses it with the decoder's message. */
function decodeOrRefuse(m: Record<string, unknown>): void {
  const undecodable = decodeBody(m);
  if (!undecodable) return;
  const kind = String(m.kind);
  const apiVersion = String(m.apiVersion ?? '');
  throw new ApiError('BadRequest', `${kind} in version "${apiVersion.slice(apiVersion.indexOf('/') + 1)}" cannot be handled as a ${kind}: ${undecodable}`);
}

/** Turns a manifest into a store object (plain JSON, metadata normalised). */
export function toObject(manifest: Record<string, unknown>): KObject {
  const m = deepCopy(manifest) as KObject;
  // The body is decoded into the kind's types first: a value of the wrong type never gets further.
  decodeOrRefuse(m);
  const meta = (m.metadata ?? {}) as KObject['metadata'];
  m.metadata = {
    ...meta,
    name: String(meta.name ?? ''),
    uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0,
    labels: Object.fromEntries(Object.entries(meta.labels ?? {}).map(([k, v]) => [k, String(v)])),
    annotations: Object.fromEntries(Object.entries(meta.annotations ?? {}).map(([k, v]) => [k, String(v)])),
  };
  if (meta.namespace === undefined) delete m.metadata.namespace;
  delete m.status;
  return m;
}

/** The API server's refusal, carrying the verdict (kind, name, field errors) kubectl words its message from. */
export function refusal(v: ApiVerdict): ApiError {
  return new ApiError(v.reason, v.message, { kind: v.kind, name: v.name, causes: v.causes });
}

/**
 * A create or an update through the API server: the manifest is validated by the one validation
 * `check` uses (engine/apiServerValidation.ts), then created, or defaulted and checked against the
 * stored object (immutable fields), then written. A refused request leaves the store untouched.
 */
export function applyObject(sim: Sim, manifest: Record<string, unknown>, defaultNamespace = 'default'): { result: ApplyResult; obj: KObject } {
  // Decoded first (decode.ts: the decoder's own message, null as Go's zero value), then validated
  // as check validates it: a body that does not decode, or a kind that does not map, is refused
  // before anything is looked up.
  const body = deepCopy(manifest);
  decodeOrRefuse(body);
  const own = validateForApiServer(body, { kubernetesMinor: sim.kubernetesMinor });
  if (own && own.reason !== 'Invalid') throw refusal(own);
  const obj = toObject(manifest);
  const res = sim.store.resources.forKind(obj.kind);
  // What check refuses is refused whatever the kind, modelled or not (one verdict).
  if (own && (!res || !WRITABLE_KINDS.has(obj.kind))) throw refusal(own);
  if (obj.kind === 'CustomResourceDefinition' && obj.apiVersion === 'apiextensions.k8s.io/v1') return applyCrd(sim, manifest, obj);
  // A built-in kind name under another group (example.io/v1 Deployment) is some CRD's kind, not the built-in one.
  if (!res || !WRITABLE_KINDS.has(obj.kind) || !isBuiltInApiVersion(obj.apiVersion) && groupOf(obj.apiVersion) !== groupOf(res.apiVersion)) {
    // Kinds a CustomResourceDefinition serves (stored, or in the workspace).
    const custom = customKindOf(sim, obj);
    if (custom) return applyCustomResource(sim, custom, manifest, obj, defaultNamespace);
    throw new ApiError('NotSupported', `the simulator does not model kind "${obj.kind}" (${obj.apiVersion})`);
  }
  const minor = sim.kubernetesMinor;
  // An older version with other fields (autoscaling/v1) is converted to the stored one.
  if (res.apiVersion !== obj.apiVersion && servedIn(obj.apiVersion, obj.kind, minor)) convertToStoredVersion(obj);
  // A release that still serves an older apiVersion converts it to the one it stores.
  const older = res.apiVersion !== obj.apiVersion ? findRemovedApi(obj.apiVersion, obj.kind) : undefined;
  if (older && older.replacement === res.apiVersion && servedIn(obj.apiVersion, obj.kind, minor)) obj.apiVersion = res.apiVersion;
  if (res.apiVersion !== obj.apiVersion || !servedIn(obj.apiVersion, obj.kind, minor))
    throw new ApiError('NoMatch', `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`);
  if (res.namespaced) obj.metadata.namespace ||= defaultNamespace;
  // Fields the release does not know are refused, fields behind a disabled gate dropped (featureTable.ts).
  const gates = applyVersionGates(obj, minor);
  const unknown = gates.errors.filter((e) => e.startsWith('strict decoding error'));
  if (unknown.length) {
    const version = obj.apiVersion.includes('/') ? obj.apiVersion.slice(obj.apiVersion.indexOf('/') + 1) : obj.apiVersion;
    throw new ApiError('BadRequest', `${obj.kind} in version "${version}" cannot be handled as a ${obj.kind}: ${unknown[0]}`);
  }
  if (gates.errors.length) throw refusal({ reason: 'Invalid', kind: obj.kind, name: obj.metadata.name, causes: gates.errors, message: invalidMessage(obj.apiVersion, obj.kind, obj.metadata.name, gates.errors), codes: [] });
  for (const d of gates.dropped) sim.assume(`${obj.kind.toLowerCase()}/${obj.metadata.name}`, `Kubernetes 1.${minor} has ${d} behind a feature gate that is off by default: the API server dropped it`);
  const existing = sim.store.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
  const manager = sim.clientManager;
  if (!existing) {
    if (own) throw refusal(own);
    const created = sim.store.create(obj);
    // The built-in kubectl's requests record their field manager (serve records its own).
    if (manager) recordUpdate(sim, created, undefined, manager);
    return { result: 'created', obj: created };
  }
  const before = manager ? beforeWrite(sim, existing) : undefined;
  keepAllocated(existing, obj);
  setDefaults(obj);
  if (obj.kind === 'Job' && existing.spec?.selector) {
    // The API server's own selector and template labels (controller-uid) stay, as a PUT of the user's part keeps them.
    obj.spec.selector ??= existing.spec.selector;
    obj.spec.template ??= {};
    obj.spec.template.metadata = { ...(obj.spec.template.metadata ?? {}), labels: { ...(obj.spec.template.metadata?.labels ?? {}), ...existing.spec.template.metadata.labels } };
  }
  // ValidateXUpdate: the new object's field errors, then the fields an update may not change.
  const immutable = validateUpdateForApiServer(existing, obj);
  if (own || immutable) {
    const causes = [...(own?.causes ?? []), ...(immutable?.causes ?? [])];
    throw refusal({ reason: 'Invalid', kind: obj.kind, name: obj.metadata.name, causes, message: invalidMessage(obj.apiVersion, obj.kind, obj.metadata.name, causes), codes: [...(own?.codes ?? []), ...(immutable?.codes ?? [])] });
  }
  // PrepareForUpdate: a namespace's finalizers change only through its finalize subresource.
  if (obj.kind === 'Namespace') obj.spec = { ...(obj.spec ?? {}), finalizers: existing.spec?.finalizers };
  const specBefore = stableStringify(existing.spec ?? null);
  const metaBefore = stableStringify([existing.metadata.labels, existing.metadata.annotations, existing.data, existing.stringData]);
  const topBefore = stableStringify(TOP_LEVEL_FIELDS.map((f) => existing[f] ?? null));
  if (obj.kind === 'Pod') {
    const imagesOnly = deepCopy(existing.spec);
    (obj.spec.containers ?? []).forEach((c: { image?: string }, i: number) => { if (imagesOnly.containers?.[i] && c.image) imagesOnly.containers[i].image = c.image; });
    const want = { ...deepCopy(obj.spec), nodeName: existing.spec.nodeName, schedulerName: existing.spec.schedulerName };
    // What admission added when the pod was created is kept (kubectl's patch leaves it alone).
    for (const k of ['serviceAccountName', 'serviceAccount', 'priority', 'priorityClassName', 'preemptionPolicy']) if (want[k] === undefined && existing.spec[k] !== undefined) want[k] = existing.spec[k];
    want.tolerations = withDefaultTolerations(want.tolerations);
    keepTokenVolume(existing.spec, want);
    if (stableStringify(want) !== stableStringify(imagesOnly)) {
      const cause = 'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';
      throw refusal({ reason: 'Invalid', kind: 'Pod', name: obj.metadata.name, causes: [cause], message: invalidMessage('v1', 'Pod', obj.metadata.name, [cause]), codes: [] });
    }
    obj.spec = imagesOnly;
  }
  const keepAnn: Record<string, string> = {};
  for (const [k, v] of Object.entries(existing.metadata.annotations)) if (k.startsWith('deployment.kubernetes.io/')) keepAnn[k] = v;
  existing.metadata.labels = obj.metadata.labels;
  existing.metadata.annotations = { ...obj.metadata.annotations, ...keepAnn };
  for (const f of ['data', 'stringData', 'binaryData']) if (f in obj || f in existing) existing[f] = obj[f];
  for (const f of TOP_LEVEL_FIELDS) if (f in obj || f in existing) {
    if (obj[f] === undefined) delete existing[f];
    else existing[f] = obj[f];
  }
  if (obj.spec !== undefined) existing.spec = obj.spec;
  const specChanged = stableStringify(existing.spec ?? null) !== specBefore;
  const metaChanged = stableStringify([existing.metadata.labels, existing.metadata.annotations, existing.data, existing.stringData]) !== metaBefore || stableStringify(TOP_LEVEL_FIELDS.map((f) => existing[f] ?? null)) !== topBefore;
  if (!specChanged && !metaChanged) return { result: 'unchanged', obj: existing };
  if (specChanged) for (const a of sim.store.updateAdmission) a(existing, sim.store);
  sim.store.update(existing, specChanged);
  if (manager) recordUpdate(sim, existing, before, manager);
  return { result: 'configured', obj: existing };
}

/** The ServiceAccount plugin's token volume and its mounts stay when a pod's update leaves them out. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function keepTokenVolume(was: any, spec: any): void {
  const vol = (was.volumes ?? []).find((v: { name?: string }) => v?.name?.startsWith(TOKEN_VOLUME_PREFIX));
  if (!vol || (spec.volumes ?? []).some((v: { name?: string }) => v?.name === vol.name)) return;
  spec.volumes = [...(spec.volumes ?? []), deepCopy(vol)];
  for (const list of ['initContainers', 'containers']) {
    (spec[list] ?? []).forEach((c: { volumeMounts?: { name?: string }[] }, i: number) => {
      const mount = (was[list]?.[i]?.volumeMounts ?? []).find((m: { name?: string }) => m?.name === vol.name);
      if (mount && c && !(c.volumeMounts ?? []).some((m) => m?.name === vol.name)) c.volumeMounts = [...(c.volumeMounts ?? []), deepCopy(mount)];
    });
  }
}

/**
 * What the API server allocated stays when an update leaves it out (the REST update's
 * patchAllocatedValues): a Service's clusterIP(s), its node ports and health-check node port.
 */
function keepAllocated(existing: KObject, obj: KObject): void {
  if (obj.kind !== 'Service' || !existing.spec) return;
  const s = (obj.spec ??= {});
  const was = existing.spec;
  if (s.type === 'ExternalName' || was.type === 'ExternalName') return;
  if ((s.clusterIP === undefined || s.clusterIP === '') && !s.clusterIPs?.length) {
    if (was.clusterIP !== undefined) s.clusterIP = was.clusterIP;
    if (was.clusterIPs !== undefined) s.clusterIPs = deepCopy(was.clusterIPs);
  }
  if (s.ipFamilies === undefined && was.ipFamilies !== undefined) s.ipFamilies = deepCopy(was.ipFamilies);
  if (s.ipFamilyPolicy === undefined && was.ipFamilyPolicy !== undefined) s.ipFamilyPolicy = was.ipFamilyPolicy;
  if (s.type === 'NodePort' || s.type === 'LoadBalancer') {
    for (const p of s.ports ?? []) {
      if (p.nodePort) continue;
      const old = (was.ports ?? []).find((q: { port?: number; protocol?: string; nodePort?: number }) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
      if (old?.nodePort) p.nodePort = old.nodePort;
    }
    if (s.healthCheckNodePort === undefined && was.healthCheckNodePort !== undefined) s.healthCheckNodePort = was.healthCheckNodePort;
  }
}
