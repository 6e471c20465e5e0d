/**
 * API versions the API server no longer serves, from the Kubernetes deprecated API migration
 * guide: which release removed them and what replaces them (undefined when nothing does).
 */
export interface RemovedApi {
  apiVersion: string;
  kind: string;
  /** Kubernetes minor release that stopped serving it, e.g. "1.16". */
  removedIn: string;
  /** The apiVersion to migrate to, when one exists. */
  replacement?: string;
  /** What else changes when migrating, in a few words. */
  note?: string;
}

function entries(apiVersion: string, kinds: string[], removedIn: string, replacement: string | undefined, note?: string): RemovedApi[] {
  return kinds.map((kind) => ({ apiVersion, kind, removedIn, replacement, note }));
}

const SELECTOR_NOTE = 'spec.selector becomes required and must match spec.template.metadata.labels';
const INGRESS_NOTE = 'backends become service.name/service.port and every path needs a pathType';

export const REMOVED_APIS: readonly RemovedApi[] = [
  // 1.14: the alpha Initializers feature
  ...entries('admissionregistration.k8s.io/v1alpha1', ['InitializerConfiguration'], '1.14', undefined, 'use a mutating admission webhook instead'),
  // 1.16
  ...entries('extensions/v1beta1', ['Deployment', 'DaemonSet', 'ReplicaSet'], '1.16', 'apps/v1', SELECTOR_NOTE),
  ...entries('apps/v1beta1', ['Deployment', 'StatefulSet', 'ReplicaSet', 'ControllerRevision'], '1.16', 'apps/v1', SELECTOR_NOTE),
  ...entries('apps/v1beta2', ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'], '1.16', 'apps/v1'),
  ...entries('extensions/v1beta1', ['NetworkPolicy'], '1.16', 'networking.k8s.io/v1'),
  ...entries('extensions/v1beta1', ['PodSecurityPolicy'], '1.16', undefined, 'PodSecurityPolicy itself was removed in 1.25; use Pod Security Admission'),
  // 1.20
  ...entries('settings.k8s.io/v1alpha1', ['PodPreset'], '1.20', undefined),
  // 1.22
  ...entries('extensions/v1beta1', ['Ingress'], '1.22', 'networking.k8s.io/v1', INGRESS_NOTE),
  ...entries('networking.k8s.io/v1beta1', ['Ingress'], '1.22', 'networking.k8s.io/v1', INGRESS_NOTE),
  ...entries('networking.k8s.io/v1beta1', ['IngressClass'], '1.22', 'networking.k8s.io/v1'),
  ...entries('admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], '1.22', 'admissionregistration.k8s.io/v1'),
  ...entries('apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], '1.22', 'apiextensions.k8s.io/v1', 'spec.versions[*].schema.openAPIV3Schema becomes required'),
  ...entries('apiregistration.k8s.io/v1beta1', ['APIService'], '1.22', 'apiregistration.k8s.io/v1'),
  ...entries('authentication.k8s.io/v1beta1', ['TokenReview'], '1.22', 'authentication.k8s.io/v1'),
  ...entries('authorization.k8s.io/v1beta1', ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview'], '1.22', 'authorization.k8s.io/v1'),
  ...entries('certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], '1.22', 'certificates.k8s.io/v1'),
  ...entries('coordination.k8s.io/v1beta1', ['Lease'], '1.22', 'coordination.k8s.io/v1'),
  ...entries('rbac.authorization.k8s.io/v1beta1', ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], '1.22', 'rbac.authorization.k8s.io/v1'),
  ...entries('rbac.authorization.k8s.io/v1alpha1', ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], '1.22', 'rbac.authorization.k8s.io/v1'),
  ...entries('scheduling.k8s.io/v1beta1', ['PriorityClass'], '1.22', 'scheduling.k8s.io/v1'),
  ...entries('scheduling.k8s.io/v1alpha1', ['PriorityClass'], '1.22', 'scheduling.k8s.io/v1'),
  ...entries('storage.k8s.io/v1beta1', ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], '1.22', 'storage.k8s.io/v1'),
  // 1.23: the kube-scheduler Policy file
  ...entries('v1', ['Policy'], '1.23', 'kubescheduler.config.k8s.io/v1', 'scheduler policies became KubeSchedulerConfiguration profiles'),
  // 1.25
  ...entries('batch/v1beta1', ['CronJob'], '1.25', 'batch/v1'),
  ...entries('batch/v2alpha1', ['CronJob'], '1.21', 'batch/v1'),
  ...entries('discovery.k8s.io/v1beta1', ['EndpointSlice'], '1.25', 'discovery.k8s.io/v1'),
  ...entries('events.k8s.io/v1beta1', ['Event'], '1.25', 'events.k8s.io/v1'),
  ...entries('autoscaling/v2beta1', ['HorizontalPodAutoscaler'], '1.25', 'autoscaling/v2'),
  ...entries('policy/v1beta1', ['PodDisruptionBudget'], '1.25', 'policy/v1', 'an empty spec.selector selects every pod in the namespace in policy/v1'),
  ...entries('policy/v1beta1', ['PodSecurityPolicy'], '1.25', undefined, 'use Pod Security Admission instead'),
  ...entries('node.k8s.io/v1beta1', ['RuntimeClass'], '1.25', 'node.k8s.io/v1'),
  // 1.26
  ...entries('flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration'], '1.26', 'flowcontrol.apiserver.k8s.io/v1'),
  ...entries('autoscaling/v2beta2', ['HorizontalPodAutoscaler'], '1.26', 'autoscaling/v2'),
  // 1.27
  ...entries('storage.k8s.io/v1beta1', ['CSIStorageCapacity'], '1.27', 'storage.k8s.io/v1'),
  // 1.29
  ...entries('flowcontrol.apiserver.k8s.io/v1beta2', ['FlowSchema', 'PriorityLevelConfiguration'], '1.29', 'flowcontrol.apiserver.k8s.io/v1'),
  // 1.32
  ...entries('flowcontrol.apiserver.k8s.io/v1beta3', ['FlowSchema', 'PriorityLevelConfiguration'], '1.32', 'flowcontrol.apiserver.k8s.io/v1'),
];

const byKey = new Map<string, RemovedApi>(REMOVED_APIS.map((r) => [`${r.apiVersion}|${r.kind}`, r]));
const removedGroupVersions = new Set(REMOVED_APIS.map((r) => r.apiVersion));

export function findRemovedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  return byKey.get(`${apiVersion}|${kind}`);
}

/** An apiVersion that once existed (so a kind under it is not a custom resource). */
export function isRemovedGroupVersion(apiVersion: string): boolean {
  return removedGroupVersions.has(apiVersion);
}
