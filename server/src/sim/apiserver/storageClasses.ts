import type { Store } from '../store/store';
import type { KObject } from '../types';

/**
 * minikube's storage: the `standard` StorageClass its storage-provisioner addon installs (the
 * default class, provisioner k8s.io/minikube-hostpath, Delete, Immediate), the API server's
 * system PriorityClasses, and the DefaultStorageClass admission plugin.
 */

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
const BETA_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';

function meta(name: string, labels: Record<string, string>, annotations: Record<string, string>): KObject['metadata'] {
  return { name, uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0, labels, annotations };
}

/** The cluster-scoped objects a fresh minikube has for storage and scheduling priority. */
export function systemStorageObjects(): KObject[] {
  // The addon manager applies the class with `kubectl apply`: its last-applied configuration stays on it.
  const applied = '{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"annotations":{"storageclass.kubernetes.io/is-default-class":"true"},"labels":{"addonmanager.kubernetes.io/mode":"EnsureExists"},"name":"standard"},"provisioner":"k8s.io/minikube-hostpath"}\n';
  return [
    {
      apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
      metadata: meta('standard', { 'addonmanager.kubernetes.io/mode': 'EnsureExists' }, { 'kubectl.kubernetes.io/last-applied-configuration': applied, [DEFAULT_CLASS_ANNOTATION]: 'true' }),
      provisioner: 'k8s.io/minikube-hostpath', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate',
    },
    {
      apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: meta('system-cluster-critical', {}, {}),
      value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.', preemptionPolicy: 'PreemptLowerPriority',
    },
    {
      apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: meta('system-node-critical', {}, {}),
      value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.', preemptionPolicy: 'PreemptLowerPriority',
    },
  ];
}

export function isDefaultStorageClass(c: KObject): boolean {
  const a = c.metadata.annotations ?? {};
  return a[DEFAULT_CLASS_ANNOTATION] === 'true' || a[BETA_DEFAULT_CLASS_ANNOTATION] === 'true';
}

/**
 * DefaultStorageClass admission: a new claim that names no class (no storageClassName, no beta
 * annotation) gets the default class, the newest one when several are marked (as since 1.26).
 * A claim with `storageClassName: ""` asks for no class and keeps it.
 */
export function defaultStorageClass(obj: KObject, store: Store): void {
  if (obj.kind !== 'PersistentVolumeClaim') return;
  if (obj.spec?.storageClassName !== undefined && obj.spec?.storageClassName !== null) return;
  if (obj.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] !== undefined) return;
  const defaults = store.list('StorageClass').filter(isDefaultStorageClass);
  defaults.sort((a, b) => b.metadata.creationTimestamp - a.metadata.creationTimestamp || a.metadata.name.localeCompare(b.metadata.name));
  if (!defaults[0]) return;
  obj.spec ??= {};
  obj.spec.storageClassName = defaults[0].metadata.name;
}
