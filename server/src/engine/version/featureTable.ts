import { msg, type MessageRef } from '../messages';
/**
 * What differs between the supported Kubernetes releases (1.24 to 1.36), as differences from the
 * bundled 1.36 schemas: API versions removed or deprecated, API versions introduced, and fields or
 * enum values introduced. Compact data, one truth: the kind checks, the target-version findings,
 * their quick fixes and the simulated API server all read these tables.
 *
 * Sources: the Kubernetes deprecated API migration guide
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/), the feature gate tables
 * (https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/ and
 * .../feature-gates-removed/) and each enhancement's KEP (https://kep.k8s.io/NNNN: its milestones).
 * docs/kubernetes-versions.md lists them per entry.
 */

// ---------------------------------------------------------------------------------------------
// API versions that were removed (and, within the supported range, when they were deprecated)

export interface RemovedApi {
  apiVersion: string;
  kind: string;
  /** Minor release (of 1.x) that stopped serving it. */
  removedIn: number;
  /** Minor release that marked it deprecated, when that is within or after 1.24 matters. */
  deprecatedIn?: number;
  /** Minor release that first served it, when that is after 1.24. */
  introducedIn?: number;
  /** The apiVersion to migrate to, when one exists. */
  replacement?: string;
  /** What else changes when migrating, in a few words. */
  note?: MessageRef;
}

function removed(apiVersion: string, kinds: string[], removedIn: number, replacement: string | undefined, extra: { note?: MessageRef; deprecatedIn?: number; introducedIn?: number } = {}): RemovedApi[] {
  return kinds.map((kind) => ({ apiVersion, kind, removedIn, replacement, ...extra }));
}

const SELECTOR_NOTE = msg('api-note.selector');
const INGRESS_NOTE = msg('api-note.ingress');

export const REMOVED_APIS: readonly RemovedApi[] = [
  // 1.14: the alpha Initializers feature
  ...removed('admissionregistration.k8s.io/v1alpha1', ['InitializerConfiguration'], 14, undefined, { note: msg('api-note.admission-webhook') }),
  // 1.16
  ...removed('extensions/v1beta1', ['Deployment', 'DaemonSet', 'ReplicaSet'], 16, 'apps/v1', { note: SELECTOR_NOTE }),
  ...removed('apps/v1beta1', ['Deployment', 'StatefulSet', 'ReplicaSet', 'ControllerRevision'], 16, 'apps/v1', { note: SELECTOR_NOTE }),
  ...removed('apps/v1beta2', ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'], 16, 'apps/v1'),
  ...removed('extensions/v1beta1', ['NetworkPolicy'], 16, 'networking.k8s.io/v1'),
  ...removed('extensions/v1beta1', ['PodSecurityPolicy'], 16, undefined, { note: msg('api-note.psp-removed') }),
  // 1.20
  ...removed('settings.k8s.io/v1alpha1', ['PodPreset'], 20, undefined),
  // 1.21
  ...removed('batch/v2alpha1', ['CronJob'], 21, 'batch/v1'),
  // 1.22
  ...removed('extensions/v1beta1', ['Ingress'], 22, 'networking.k8s.io/v1', { note: INGRESS_NOTE }),
  ...removed('networking.k8s.io/v1beta1', ['Ingress'], 22, 'networking.k8s.io/v1', { note: INGRESS_NOTE }),
  ...removed('networking.k8s.io/v1beta1', ['IngressClass'], 22, 'networking.k8s.io/v1'),
  ...removed('admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], 22, 'admissionregistration.k8s.io/v1'),
  ...removed('apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], 22, 'apiextensions.k8s.io/v1', { note: msg('api-note.crd-schema') }),
  ...removed('apiregistration.k8s.io/v1beta1', ['APIService'], 22, 'apiregistration.k8s.io/v1'),
  ...removed('authentication.k8s.io/v1beta1', ['TokenReview'], 22, 'authentication.k8s.io/v1'),
  ...removed('authorization.k8s.io/v1beta1', ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview'], 22, 'authorization.k8s.io/v1'),
  ...removed('certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], 22, 'certificates.k8s.io/v1'),
  ...removed('coordination.k8s.io/v1beta1', ['Lease'], 22, 'coordination.k8s.io/v1'),
  ...removed('rbac.authorization.k8s.io/v1beta1', ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], 22, 'rbac.authorization.k8s.io/v1'),
  ...removed('rbac.authorization.k8s.io/v1alpha1', ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], 22, 'rbac.authorization.k8s.io/v1'),
  ...removed('scheduling.k8s.io/v1beta1', ['PriorityClass'], 22, 'scheduling.k8s.io/v1'),
  ...removed('scheduling.k8s.io/v1alpha1', ['PriorityClass'], 22, 'scheduling.k8s.io/v1'),
  ...removed('storage.k8s.io/v1beta1', ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], 22, 'storage.k8s.io/v1'),
  // 1.23: the kube-scheduler Policy file
  ...removed('v1', ['Policy'], 23, 'kubescheduler.config.k8s.io/v1', { note: msg('api-note.scheduler-policy') }),
  // 1.25 (deprecated since 1.21-1.23: served, with a warning, by 1.24)
  ...removed('batch/v1beta1', ['CronJob'], 25, 'batch/v1', { deprecatedIn: 21 }),
  ...removed('discovery.k8s.io/v1beta1', ['EndpointSlice'], 25, 'discovery.k8s.io/v1', { deprecatedIn: 21 }),
  ...removed('events.k8s.io/v1beta1', ['Event'], 25, 'events.k8s.io/v1', { deprecatedIn: 19 }),
  ...removed('autoscaling/v2beta1', ['HorizontalPodAutoscaler'], 25, 'autoscaling/v2', { deprecatedIn: 22 }),
  ...removed('policy/v1beta1', ['PodDisruptionBudget'], 25, 'policy/v1', { deprecatedIn: 21, note: msg('api-note.pdb-selector') }),
  ...removed('policy/v1beta1', ['PodSecurityPolicy'], 25, undefined, { deprecatedIn: 21, note: msg('api-note.psp') }),
  ...removed('node.k8s.io/v1beta1', ['RuntimeClass'], 25, 'node.k8s.io/v1', { deprecatedIn: 22 }),
  // 1.26
  ...removed('flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration'], 26, 'flowcontrol.apiserver.k8s.io/v1', { deprecatedIn: 23 }),
  ...removed('autoscaling/v2beta2', ['HorizontalPodAutoscaler'], 26, 'autoscaling/v2', { deprecatedIn: 23 }),
  // 1.27
  ...removed('storage.k8s.io/v1beta1', ['CSIStorageCapacity'], 27, 'storage.k8s.io/v1', { deprecatedIn: 24 }),
  // 1.29 (flowcontrol v1beta2 was served from 1.23, deprecated by v1beta3 in 1.26)
  ...removed('flowcontrol.apiserver.k8s.io/v1beta2', ['FlowSchema', 'PriorityLevelConfiguration'], 29, 'flowcontrol.apiserver.k8s.io/v1', { deprecatedIn: 26 }),
  // 1.32 (flowcontrol v1beta3 was served from 1.26, deprecated by v1 in 1.29)
  ...removed('flowcontrol.apiserver.k8s.io/v1beta3', ['FlowSchema', 'PriorityLevelConfiguration'], 32, 'flowcontrol.apiserver.k8s.io/v1', { deprecatedIn: 29, introducedIn: 26 }),
];

const removedByKey = new Map<string, RemovedApi>(REMOVED_APIS.map((r) => [`${r.apiVersion}|${r.kind}`, r]));
const removedGroupVersions = new Set(REMOVED_APIS.map((r) => r.apiVersion));

export function findRemovedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  return removedByKey.get(`${apiVersion}|${kind}`);
}

/** An apiVersion that once existed (so a kind under it is not a custom resource). */
export function isRemovedGroupVersion(apiVersion: string): boolean {
  return removedGroupVersions.has(apiVersion);
}

// ---------------------------------------------------------------------------------------------
// API versions of the 1.36 schemas that appeared after 1.24 (GA, or served by default)

export interface ApiIntroduction {
  apiVersion: string;
  kinds: readonly string[];
  /** First minor release that serves it by default. */
  since: number;
  source: string;
}

export const API_INTRODUCTIONS: readonly ApiIntroduction[] = [
  // KEP-3325 SelfSubjectReview: GA in 1.28.
  { apiVersion: 'authentication.k8s.io/v1', kinds: ['SelfSubjectReview'], since: 28, source: 'https://kep.k8s.io/3325' },
  // KEP-1040 API Priority and Fairness: flowcontrol v1 in 1.29.
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], since: 29, source: 'https://kep.k8s.io/1040' },
  // KEP-3488 ValidatingAdmissionPolicy: GA (admissionregistration v1) in 1.30.
  { apiVersion: 'admissionregistration.k8s.io/v1', kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'], since: 30, source: 'https://kep.k8s.io/3488' },
  // KEP-1880 multiple Service CIDRs: networking v1 ServiceCIDR and IPAddress GA in 1.33.
  { apiVersion: 'networking.k8s.io/v1', kinds: ['ServiceCIDR', 'IPAddress'], since: 33, source: 'https://kep.k8s.io/1880' },
  // KEP-4381 structured parameters for Dynamic Resource Allocation: resource.k8s.io/v1 GA in 1.34.
  { apiVersion: 'resource.k8s.io/v1', kinds: ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'], since: 34, source: 'https://kep.k8s.io/4381' },
  // KEP-3751 VolumeAttributesClass: storage v1 GA in 1.34.
  { apiVersion: 'storage.k8s.io/v1', kinds: ['VolumeAttributesClass'], since: 34, source: 'https://kep.k8s.io/3751' },
  // KEP-3962 MutatingAdmissionPolicy: admissionregistration v1 GA in 1.36.
  { apiVersion: 'admissionregistration.k8s.io/v1', kinds: ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'], since: 36, source: 'https://kep.k8s.io/3962' },
];

const introducedByKey = new Map<string, ApiIntroduction>();
for (const i of API_INTRODUCTIONS) for (const k of i.kinds) introducedByKey.set(`${i.apiVersion}|${k}`, i);

/** The first minor release that serves apiVersion/kind, when it is after 1.24 (removed APIs included). */
export function apiIntroducedIn(apiVersion: string, kind: string): { since: number; source?: string } | undefined {
  const i = introducedByKey.get(`${apiVersion}|${kind}`);
  if (i) return { since: i.since, source: i.source };
  const r = findRemovedApi(apiVersion, kind);
  return r?.introducedIn !== undefined ? { since: r.introducedIn } : undefined;
}

/**
 * Whether a Kubernetes release serves apiVersion/kind, as far as these tables know (kinds they do
 * not mention are served by every supported release when the 1.36 schemas have them).
 */
export function servedIn(apiVersion: string, kind: string, minor: number): boolean {
  const r = findRemovedApi(apiVersion, kind);
  if (r && minor >= r.removedIn) return false;
  const i = apiIntroducedIn(apiVersion, kind);
  return !i || minor >= i.since;
}

/** The apiVersions of kind that a release serves among those these tables know, newest-first by table order. */
export function servedAlternatives(kind: string, minor: number, except: string): string[] {
  const out: string[] = [];
  for (const i of API_INTRODUCTIONS) if (i.kinds.includes(kind) && i.apiVersion !== except && minor >= i.since) out.push(i.apiVersion);
  for (let n = REMOVED_APIS.length - 1; n >= 0; n--) {
    const r = REMOVED_APIS[n];
    if (r.kind === kind && r.apiVersion !== except && minor < r.removedIn && (r.introducedIn === undefined || minor >= r.introducedIn) && !out.includes(r.apiVersion)) out.push(r.apiVersion);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fields and enum values introduced after 1.24

/**
 * Where a field lives: in every pod spec of the object (a Pod, a workload's template, a CronJob's
 * job template), in each of its containers (regular, init and ephemeral) or only its init
 * containers, in a Job spec (a Job's or a CronJob's job template), or under the root of one kind.
 */
export type FieldScope = 'podSpec' | 'container' | 'initContainer' | 'jobSpec' | { kind: string };

export interface FieldChange {
  scope: FieldScope;
  /** Path from the scope, `*` for every item of a list. */
  path: readonly string[];
  /** For an enum value introduced later: the field is older, this value is not. */
  value?: string;
  /** What it is, in a few words, for messages. */
  what: string;
  alpha?: number;
  beta?: number;
  ga?: number;
  /** First minor release where it works without enabling a feature gate. */
  on: number;
  gate?: string;
  /** The KEP (or release note) the versions come from. */
  source: string;
}

const kep = (n: number): string => `https://kep.k8s.io/${n}`;

/** Both pod affinity and anti-affinity terms, required and preferred. */
function affinityTermPaths(field: string): string[][] {
  const out: string[][] = [];
  for (const a of ['podAffinity', 'podAntiAffinity']) {
    out.push(['affinity', a, 'requiredDuringSchedulingIgnoredDuringExecution', '*', field]);
    out.push(['affinity', a, 'preferredDuringSchedulingIgnoredDuringExecution', '*', 'podAffinityTerm', field]);
  }
  return out;
}

function change(scope: FieldScope, paths: readonly (readonly string[])[], rest: Omit<FieldChange, 'scope' | 'path'>): FieldChange[] {
  return paths.map((path) => ({ scope, path, ...rest }));
}

export const FIELD_CHANGES: readonly FieldChange[] = [
  // ---- pod spec
  // KEP-3022 minDomains: alpha 1.24, beta (on) 1.25, GA 1.30.
  ...change('podSpec', [['topologySpreadConstraints', '*', 'minDomains']], { what: 'topology spread minDomains', alpha: 24, beta: 25, ga: 30, on: 25, gate: 'MinDomainsInPodTopologySpread', source: kep(3022) }),
  // KEP-3094 nodeAffinityPolicy / nodeTaintsPolicy: alpha 1.25, beta (on) 1.26, GA 1.33.
  ...change('podSpec', [['topologySpreadConstraints', '*', 'nodeAffinityPolicy'], ['topologySpreadConstraints', '*', 'nodeTaintsPolicy']], { what: 'topology spread node inclusion policies', alpha: 25, beta: 26, ga: 33, on: 26, gate: 'NodeInclusionPolicyInPodTopologySpread', source: kep(3094) }),
  // KEP-3243 matchLabelKeys in topology spread: alpha 1.25, beta (on) 1.27.
  ...change('podSpec', [['topologySpreadConstraints', '*', 'matchLabelKeys']], { what: 'topology spread matchLabelKeys', alpha: 25, beta: 27, on: 27, gate: 'MatchLabelKeysInPodTopologySpread', source: kep(3243) }),
  // KEP-127 user namespaces (hostUsers): alpha 1.25, beta 1.30 (off), on by default 1.33.
  ...change('podSpec', [['hostUsers']], { what: 'user namespaces (hostUsers)', alpha: 25, beta: 30, on: 33, gate: 'UserNamespacesSupport', source: kep(127) }),
  // KEP-3521 scheduling gates: alpha 1.26, beta (on) 1.27, GA 1.30.
  ...change('podSpec', [['schedulingGates']], { what: 'pod scheduling gates', alpha: 26, beta: 27, ga: 30, on: 27, gate: 'PodSchedulingReadiness', source: kep(3521) }),
  // KEP-4381 Dynamic Resource Allocation: pod resourceClaims alpha 1.26, beta 1.32 (off), GA 1.34.
  ...change('podSpec', [['resourceClaims']], { what: 'dynamic resource allocation claims', alpha: 26, beta: 32, ga: 34, on: 34, gate: 'DynamicResourceAllocation', source: kep(4381) }),
  // KEP-3633 matchLabelKeys / mismatchLabelKeys in pod (anti-)affinity: alpha 1.29, beta (on) 1.31, GA 1.33.
  ...change('podSpec', [...affinityTermPaths('matchLabelKeys'), ...affinityTermPaths('mismatchLabelKeys')], { what: 'pod affinity matchLabelKeys/mismatchLabelKeys', alpha: 29, beta: 31, ga: 33, on: 31, gate: 'MatchLabelKeysInPodAffinity', source: kep(3633) }),
  // KEP-24 AppArmor as fields: GA in 1.30 (annotations before).
  ...change('podSpec', [['securityContext', 'appArmorProfile']], { what: 'the appArmorProfile field', ga: 30, on: 30, gate: 'AppArmorFields', source: kep(24) }),
  // KEP-3619 supplementalGroupsPolicy: alpha 1.31, beta (on) 1.33.
  ...change('podSpec', [['securityContext', 'supplementalGroupsPolicy']], { what: 'supplementalGroupsPolicy', alpha: 31, beta: 33, on: 33, gate: 'SupplementalGroupsPolicy', source: kep(3619) }),
  // KEP-4639 image volumes: alpha 1.31, beta 1.33 (off), on by default 1.35.
  ...change('podSpec', [['volumes', '*', 'image']], { what: 'image volumes', alpha: 31, beta: 33, on: 35, gate: 'ImageVolume', source: kep(4639) }),
  // KEP-2837 pod-level resources: alpha 1.32, beta (on) 1.34.
  ...change('podSpec', [['resources']], { what: 'pod-level resources', alpha: 32, beta: 34, on: 34, gate: 'PodLevelResources', source: kep(2837) }),
  // ---- containers
  // KEP-753 native sidecar containers: alpha 1.28, beta (on) 1.29, GA 1.33.
  ...change('initContainer', [['restartPolicy']], { what: 'native sidecar containers (restartPolicy on an init container)', alpha: 28, beta: 29, ga: 33, on: 29, gate: 'SidecarContainers', source: kep(753) }),
  // KEP-1287 in-place pod resize (resizePolicy): alpha 1.27, beta (on) 1.33, GA 1.35.
  ...change('container', [['resizePolicy']], { what: 'in-place resize policy', alpha: 27, beta: 33, ga: 35, on: 33, gate: 'InPlacePodVerticalScaling', source: kep(1287) }),
  // KEP-3960 sleep lifecycle action: alpha 1.29, beta (on) 1.30, GA 1.34.
  ...change('container', [['lifecycle', 'preStop', 'sleep'], ['lifecycle', 'postStart', 'sleep']], { what: 'the sleep lifecycle action', alpha: 29, beta: 30, ga: 34, on: 30, gate: 'PodLifecycleSleepAction', source: kep(3960) }),
  // KEP-24 AppArmor as fields: GA in 1.30.
  ...change('container', [['securityContext', 'appArmorProfile']], { what: 'the appArmorProfile field', ga: 30, on: 30, gate: 'AppArmorFields', source: kep(24) }),
  // KEP-4381 Dynamic Resource Allocation: container resources.claims, with the pod's resourceClaims.
  ...change('container', [['resources', 'claims']], { what: 'dynamic resource allocation claims', alpha: 26, beta: 32, ga: 34, on: 34, gate: 'DynamicResourceAllocation', source: kep(4381) }),
  // ---- Job
  // KEP-3329 pod failure policy: alpha 1.25, beta (on) 1.26, GA 1.31.
  ...change('jobSpec', [['podFailurePolicy']], { what: 'Job pod failure policy', alpha: 25, beta: 26, ga: 31, on: 26, gate: 'JobPodFailurePolicy', source: kep(3329) }),
  // KEP-3850 backoff limit per index (and the FailIndex action): alpha 1.28, beta (on) 1.29, GA 1.33.
  ...change('jobSpec', [['backoffLimitPerIndex'], ['maxFailedIndexes']], { what: 'Job backoff limit per index', alpha: 28, beta: 29, ga: 33, on: 29, gate: 'JobBackoffLimitPerIndex', source: kep(3850) }),
  ...change('jobSpec', [['podFailurePolicy', 'rules', '*', 'action']], { value: 'FailIndex', what: 'the FailIndex pod failure policy action', alpha: 28, beta: 29, ga: 33, on: 29, gate: 'JobBackoffLimitPerIndex', source: kep(3850) }),
  // KEP-3939 pod replacement policy: alpha 1.28, beta (on) 1.29, GA 1.34.
  ...change('jobSpec', [['podReplacementPolicy']], { what: 'Job pod replacement policy', alpha: 28, beta: 29, ga: 34, on: 29, gate: 'JobPodReplacementPolicy', source: kep(3939) }),
  // KEP-3998 Job success policy: alpha 1.30, beta (on) 1.31, GA 1.33.
  ...change('jobSpec', [['successPolicy']], { what: 'Job success policy', alpha: 30, beta: 31, ga: 33, on: 31, gate: 'JobSuccessPolicy', source: kep(3998) }),
  // KEP-4368 Job managedBy: alpha 1.30, beta (on) 1.32, GA 1.35.
  ...change('jobSpec', [['managedBy']], { what: 'Job managedBy', alpha: 30, beta: 32, ga: 35, on: 32, gate: 'JobManagedBy', source: kep(4368) }),
  // ---- workloads, Service, PDB, PVC
  // KEP-3140 CronJob time zones: alpha 1.24, beta (on) 1.25, GA 1.27.
  ...change({ kind: 'CronJob' }, [['spec', 'timeZone']], { what: 'CronJob timeZone', alpha: 24, beta: 25, ga: 27, on: 25, gate: 'CronJobTimeZone', source: kep(3140) }),
  // KEP-2599 StatefulSet minReadySeconds: alpha 1.22, beta (on) 1.23, GA 1.25 (on in every supported release).
  ...change({ kind: 'StatefulSet' }, [['spec', 'minReadySeconds']], { what: 'StatefulSet minReadySeconds', alpha: 22, beta: 23, ga: 25, on: 23, gate: 'StatefulSetMinReadySeconds', source: kep(2599) }),
  // KEP-1847 StatefulSet PVC retention: alpha 1.23, beta (on) 1.27, GA 1.32.
  ...change({ kind: 'StatefulSet' }, [['spec', 'persistentVolumeClaimRetentionPolicy']], { what: 'StatefulSet PVC retention policy', alpha: 23, beta: 27, ga: 32, on: 27, gate: 'StatefulSetAutoDeletePVC', source: kep(1847) }),
  // KEP-3335 StatefulSet start ordinal: alpha 1.26, beta (on) 1.27, GA 1.31.
  ...change({ kind: 'StatefulSet' }, [['spec', 'ordinals']], { what: 'StatefulSet start ordinal', alpha: 26, beta: 27, ga: 31, on: 27, gate: 'StatefulSetStartOrdinal', source: kep(3335) }),
  // KEP-4444 Service traffic distribution: alpha 1.30, beta (on) 1.31, GA 1.33.
  ...change({ kind: 'Service' }, [['spec', 'trafficDistribution']], { what: 'Service trafficDistribution', alpha: 30, beta: 31, ga: 33, on: 31, gate: 'ServiceTrafficDistribution', source: kep(4444) }),
  // KEP-3015 PreferSameZone / PreferSameNode: alpha 1.33, beta (on) 1.34, GA 1.35.
  ...['PreferSameZone', 'PreferSameNode'].flatMap((value) =>
    change({ kind: 'Service' }, [['spec', 'trafficDistribution']], { value, what: `trafficDistribution ${value}`, alpha: 33, beta: 34, ga: 35, on: 34, gate: 'PreferSameTrafficDistribution', source: kep(3015) }),
  ),
  // KEP-3017 PDB unhealthyPodEvictionPolicy: alpha 1.26, beta (on) 1.27, GA 1.31.
  ...change({ kind: 'PodDisruptionBudget' }, [['spec', 'unhealthyPodEvictionPolicy']], { what: 'PodDisruptionBudget unhealthyPodEvictionPolicy', alpha: 26, beta: 27, ga: 31, on: 27, gate: 'PDBUnhealthyPodEvictionPolicy', source: kep(3017) }),
  // KEP-3751 VolumeAttributesClass on a claim: alpha 1.29, beta 1.31 (off), GA 1.34.
  ...change({ kind: 'PersistentVolumeClaim' }, [['spec', 'volumeAttributesClassName']], { what: 'PersistentVolumeClaim volumeAttributesClassName', alpha: 29, beta: 31, ga: 34, on: 34, gate: 'VolumeAttributesClass', source: kep(3751) }),
];

export type Stage = 'alpha' | 'beta' | 'GA';

export function firstMinor(c: FieldChange): number {
  return Math.min(c.alpha ?? 99, c.beta ?? 99, c.ga ?? 99);
}

/** The stage of a change in a release where it exists. */
export function stageIn(c: FieldChange, minor: number): Stage {
  if (c.ga !== undefined && minor >= c.ga) return 'GA';
  if (c.beta !== undefined && minor >= c.beta) return 'beta';
  return 'alpha';
}

/** The release where it first exists, with its stage there: "1.28 (alpha)". */
export function introducedText(c: FieldChange): MessageRef {
  const first = firstMinor(c);
  const stage = stageIn(c, first);
  return c.on === first ? msg('field-version.introduced', { minor: String(first), stage }) : msg('field-version.introduced-off', { minor: String(first), stage, on: String(c.on) });
}
