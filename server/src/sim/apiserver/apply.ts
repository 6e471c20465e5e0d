import type { Sim } from '../core';
import { ApiError } from '../store/store';
import type { KObject } from '../types';
import { deepCopy, stableStringify } from '../util';
import { applyCrd, applyCustomResource, customKindOf } from './customResources';
import { setDefaults } from './defaults';
import { validateObject } from './validation';
import { decodeBody } from './decode';
import { findRemovedApi, servedIn } from '../../engine/version/featureTable';
import { applyVersionGates } from '../../engine/version/fieldGates';

export type ApplyResult = 'created' | 'configured' | 'unchanged';

/** The kinds clients may write (the others are written only by the simulated controllers). */
export const WRITABLE_KINDS = new Set(['Pod', 'Service', 'ConfigMap', 'Secret', 'Namespace', 'ReplicationController', 'ResourceQuota', 'LimitRange', 'ServiceAccount', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'PersistentVolumeClaim', 'Node', 'HorizontalPodAutoscaler']);

/** Turns a manifest into a store object (plain JSON, metadata normalised). */
export function toObject(manifest: Record<string, unknown>): KObject {
  const m = deepCopy(manifest) as KObject;
  // The body is decoded into the kind's types first: a value of the wrong type never gets further.
  const undecodable = decodeBody(m);
  if (undecodable) {
    const kind = String(m.kind);
    const apiVersion = String(m.apiVersion ?? '');
    throw new ApiError('BadRequest', `${kind} in version "${apiVersion.slice(apiVersion.indexOf('/') + 1)}" cannot be handled as a ${kind}: ${undecodable}`);
  }
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

/** `kubectl apply` for one object: validate, then create or update (spec, labels, annotations). */
export function applyObject(sim: Sim, manifest: Record<string, unknown>, defaultNamespace = 'default'): { result: ApplyResult; obj: KObject } {
  const obj = toObject(manifest);
  if (obj.kind === 'CustomResourceDefinition' && obj.apiVersion === 'apiextensions.k8s.io/v1') return applyCrd(sim, manifest, obj);
  const res = sim.store.resources.forKind(obj.kind);
  if (!res || !WRITABLE_KINDS.has(obj.kind)) {
    // Kinds a CustomResourceDefinition serves (stored, or in the workspace).
    const custom = customKindOf(sim, obj);
    if (custom) return applyCustomResource(sim, custom, manifest, obj, defaultNamespace);
    throw new ApiError('NotSupported', `the simulator does not model kind "${obj.kind}" (${obj.apiVersion})`);
  }
  const minor = sim.kubernetesMinor;
  // A release that still serves an older apiVersion converts it to the one it stores.
  const older = res.apiVersion !== obj.apiVersion ? findRemovedApi(obj.apiVersion, obj.kind) : undefined;
  if (older && older.replacement === res.apiVersion && servedIn(obj.apiVersion, obj.kind, minor)) obj.apiVersion = res.apiVersion;
  if (res.apiVersion !== obj.apiVersion || !servedIn(obj.apiVersion, obj.kind, minor))
    throw new ApiError('NoMatch', `resource mapping not found for name: "${obj.metadata.name}" namespace: "${obj.metadata.namespace ?? ''}" from "manifest": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`);
  if (res.namespaced) obj.metadata.namespace ||= defaultNamespace;
  // Fields the release does not know are refused, fields behind a disabled gate dropped (featureTable.ts).
  const gates = applyVersionGates(obj, minor);
  const unknown = gates.errors.filter((e) => e.startsWith('strict decoding error'));
  if (unknown.length) {
    const version = obj.apiVersion.includes('/') ? obj.apiVersion.slice(obj.apiVersion.indexOf('/') + 1) : obj.apiVersion;
    throw new ApiError('BadRequest', `${obj.kind} in version "${version}" cannot be handled as a ${obj.kind}: ${unknown[0]}`);
  }
  if (gates.errors.length) throw new ApiError('Invalid', `The ${obj.kind} "${obj.metadata.name}" is invalid: ${gates.errors.length === 1 ? gates.errors[0] : `[${gates.errors.join(', ')}]`}`);
  for (const d of gates.dropped) sim.assume(`${obj.kind.toLowerCase()}/${obj.metadata.name}`, `Kubernetes 1.${minor} has ${d} behind a feature gate that is off by default: the API server dropped it`);
  const invalid = validateObject(obj);
  if (invalid) throw new ApiError('Invalid', invalid);
  const existing = sim.store.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
  if (!existing) return { result: 'created', obj: sim.store.create(obj) };
  setDefaults(obj);
  const specBefore = stableStringify(existing.spec ?? null);
  const metaBefore = stableStringify([existing.metadata.labels, existing.metadata.annotations, existing.data, existing.stringData]);
  if (obj.kind === 'Pod') {
    const imagesOnly = deepCopy(existing.spec);
    (obj.spec.containers ?? []).forEach((c: { image?: string }, i: number) => { if (imagesOnly.containers?.[i] && c.image) imagesOnly.containers[i].image = c.image; });
    const want = { ...deepCopy(obj.spec), nodeName: existing.spec.nodeName, schedulerName: existing.spec.schedulerName };
    if (stableStringify(want) !== stableStringify(imagesOnly))
      throw new ApiError('Invalid', `The Pod "${obj.metadata.name}" is invalid: spec: Forbidden: pod updates may not change fields other than \`spec.containers[*].image\`,\`spec.initContainers[*].image\`,\`spec.activeDeadlineSeconds\`,\`spec.tolerations\` (only additions to existing tolerations),\`spec.terminationGracePeriodSeconds\` (allow it to be set to 1 if it was previously negative)`);
    obj.spec = imagesOnly;
  }
  const keepAnn: Record<string, string> = {};
  for (const [k, v] of Object.entries(existing.metadata.annotations)) if (k.startsWith('deployment.kubernetes.io/')) keepAnn[k] = v;
  existing.metadata.labels = obj.metadata.labels;
  existing.metadata.annotations = { ...obj.metadata.annotations, ...keepAnn };
  if (obj.kind === 'Job' && existing.spec?.selector) {
    obj.spec.selector = existing.spec.selector;
    obj.spec.template.metadata = { ...(obj.spec.template.metadata ?? {}), labels: { ...(obj.spec.template.metadata?.labels ?? {}), ...existing.spec.template.metadata.labels } };
  }
  for (const f of ['data', 'stringData', 'binaryData']) if (f in obj || f in existing) existing[f] = obj[f];
  if (obj.spec !== undefined) existing.spec = obj.spec;
  const specChanged = stableStringify(existing.spec ?? null) !== specBefore;
  const metaChanged = stableStringify([existing.metadata.labels, existing.metadata.annotations, existing.data, existing.stringData]) !== metaBefore;
  if (!specChanged && !metaChanged) return { result: 'unchanged', obj: existing };
  if (specChanged) for (const a of sim.store.updateAdmission) a(existing, sim.store);
  sim.store.update(existing, specChanged);
  return { result: 'configured', obj: existing };
}
