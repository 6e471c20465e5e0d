import { DEFINITIONS, deref, lookupKind, refName, versionsOfKind, type JsonSchema, type KindEntry } from '../schema/registry';
import type { PathSegment, YamlDoc } from '../yaml/documents';

/** Schema facts the editor features share: the kind of a document, a field's type, its reference page. */

/** The kind entry of a document: its exact apiVersion, else the preferred version of its kind. */
export function kindEntryOf(doc: YamlDoc): KindEntry | undefined {
  const apiVersion = doc.apiVersion ?? topLevelScalar(doc, 'apiVersion');
  const kind = doc.kind ?? topLevelScalar(doc, 'kind');
  if (!kind) return undefined;
  return (apiVersion ? lookupKind(apiVersion, kind) : undefined) ?? versionsOfKind(kind)[0];
}

/** `kind:` / `apiVersion:` read from the raw text when the document does not parse. */
export function topLevelScalar(doc: YamlDoc, key: string): string | undefined {
  const m = new RegExp(`^${key}:[ \\t]*["']?([^"'\\s#,]+)`, 'm').exec(doc.text);
  if (m) return m[1];
  // A flow document (KYAML / JSON style): top-level keys sit one level inside the opening brace.
  if (/^(?:---[^\n]*\n)?\s*\{/.test(doc.text)) {
    const f = new RegExp(`^ {0,2}["']?${key}["']?:[ \\t]*["']?([^"'\\s#,]+)`, 'm').exec(doc.text);
    if (f) return f[1];
  }
  return undefined;
}

export interface FieldSchema {
  /** The field's own schema (not dereferenced). */
  schema: JsonSchema;
  /** Dereferenced. */
  resolved: JsonSchema;
  /** The object definition that declares the field (for the reference link). */
  parentDefinition?: string;
  required: boolean;
}

/** The schema at `path` plus the definition that declares its last segment. */
export function fieldAt(definition: string, path: readonly PathSegment[]): FieldSchema | undefined {
  let s: JsonSchema | undefined = DEFINITIONS[definition];
  let parentDefinition: string | undefined = definition;
  let required = false;
  let own: JsonSchema | undefined = s;
  for (const seg of path) {
    const name = refName(s);
    if (name) parentDefinition = name;
    s = deref(s);
    if (!s) return undefined;
    if (typeof seg === 'number' || (s.items && /^\d+$/.test(String(seg)))) {
      s = s.items;
      required = false;
    } else if (s.properties && seg in s.properties) {
      required = s.required?.includes(seg) ?? false;
      s = s.properties[seg];
    } else if (typeof s.additionalProperties === 'object') {
      s = s.additionalProperties;
      required = false;
    } else return undefined;
    own = s;
  }
  const resolved = deref(own);
  if (!own || !resolved) return undefined;
  return { schema: own, resolved, parentDefinition, required };
}

export function isIntOrString(s: JsonSchema | undefined): boolean {
  return deref(s)?.format === 'int-or-string';
}

export function isQuantity(s: JsonSchema | undefined): boolean {
  return deref(s)?.format === 'quantity';
}

export type Shape = 'object' | 'map' | 'array-object' | 'array-scalar' | 'scalar' | 'any';

export function shapeOf(schema: JsonSchema | undefined): Shape {
  const s = deref(schema);
  if (!s) return 'any';
  if (s.type === 'array') {
    const it = deref(s.items);
    return it && (it.type === 'object' || it.properties) ? 'array-object' : 'array-scalar';
  }
  if (s.properties) return 'object';
  if (s.type === 'object') return typeof s.additionalProperties === 'object' ? 'map' : 'any';
  return 'scalar';
}

/** Short human type: `string`, `integer`, `LabelSelector`, `[]Container`, `map[string]string`. */
export function typeLabel(schema: JsonSchema | undefined): string {
  const name = refName(schema);
  const s = deref(schema);
  if (!s) return 'any';
  if (s.format === 'int-or-string') return 'int-or-string';
  if (s.format === 'quantity') return 'quantity';
  if (name && s.properties) return shortName(name);
  if (name && name.endsWith('.Time')) return 'time (RFC 3339)';
  if (s.type === 'array') return `[]${typeLabel(s.items)}`;
  if (s.type === 'object' && typeof s.additionalProperties === 'object') return `map[string]${typeLabel(s.additionalProperties)}`;
  if (s.type === 'object') return 'object';
  if (Array.isArray(s.type)) return s.type.join(' or ');
  if (s.type === 'integer' && s.format) return `integer (${s.format})`;
  return s.type ?? (name ? shortName(name) : 'any');
}

export function shortName(definition: string): string {
  return definition.slice(definition.lastIndexOf('.') + 1);
}

/** Fields a person writes (server-populated ones are left out of completion). */
const SERVER_FIELDS = new Set(['status', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'managedFields', 'resourceVersion', 'selfLink', 'uid']);
const ROOT_FIRST = ['apiVersion', 'kind', 'metadata'];

/** Property names in completion order: required first, then schema order (root: apiVersion, kind, metadata first). */
export function orderedFields(s: JsonSchema, atRoot: boolean): { name: string; required: boolean }[] {
  const props = Object.keys(s.properties ?? {}).filter((p) => !SERVER_FIELDS.has(p));
  const req = new Set(s.required ?? []);
  const rank = (p: string) => (atRoot && ROOT_FIRST.includes(p) ? ROOT_FIRST.indexOf(p) - 10 : req.has(p) ? -1 : 0);
  return props
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => ({ name: p, required: req.has(p) || (atRoot && (p === 'apiVersion' || p === 'kind')) }));
}

// ---------------------------------------------------------------------------
// Links into the official API reference (kubernetes.io/docs/reference/kubernetes-api/)

const REFERENCE_ROOT = 'https://kubernetes.io/docs/reference/kubernetes-api/';

/** The reference's section per kind (its table of contents groups kinds this way). */
const SECTION: Record<string, string> = {};
const sections: [string, string[]][] = [
  ['workload-resources', ['Pod', 'Binding', 'PodTemplate', 'ReplicationController', 'ReplicaSet', 'Deployment', 'StatefulSet', 'ControllerRevision', 'DaemonSet', 'Job', 'CronJob', 'HorizontalPodAutoscaler', 'PriorityClass', 'PodSchedulingContext', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice', 'DeviceClass', 'Workload', 'PodGroup']],
  ['service-resources', ['Service', 'Endpoints', 'EndpointSlice', 'Ingress', 'IngressClass', 'ServiceCIDR', 'IPAddress']],
  ['config-and-storage-resources', ['ConfigMap', 'Secret', 'CSIDriver', 'CSINode', 'CSIStorageCapacity', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'StorageVersionMigration', 'VolumeAttachment', 'VolumeAttributesClass']],
  ['authentication-resources', ['ServiceAccount', 'TokenRequest', 'TokenReview', 'CertificateSigningRequest', 'ClusterTrustBundle', 'SelfSubjectReview', 'PodCertificateRequest']],
  ['authorization-resources', ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']],
  ['policy-resources', ['FlowSchema', 'LimitRange', 'ResourceQuota', 'NetworkPolicy', 'PodDisruptionBudget', 'PriorityLevelConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding']],
  ['extend-resources', ['CustomResourceDefinition', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']],
  ['cluster-resources', ['APIService', 'ComponentStatus', 'Event', 'Lease', 'LeaseCandidate', 'Namespace', 'Node', 'RuntimeClass']],
];
for (const [section, kinds] of sections) for (const k of kinds) SECTION[k] = section;

/** Types documented on their own page under common-definitions. */
const COMMON_DEFINITIONS = new Set(['DeleteOptions', 'LabelSelector', 'ListMeta', 'LocalObjectReference', 'NodeSelectorRequirement', 'ObjectFieldSelector', 'ObjectMeta', 'ObjectReference', 'Patch', 'Quantity', 'ResourceFieldSelector', 'Status', 'TypedLocalObjectReference']);

/** Types documented on another kind's page. */
const HOSTED_ON: Record<string, string> = {
  PodSpec: 'Pod', Container: 'Pod', EphemeralContainer: 'Pod', Probe: 'Pod', Lifecycle: 'Pod', LifecycleHandler: 'Pod',
  NodeAffinity: 'Pod', PodAffinity: 'Pod', PodAntiAffinity: 'Pod', PodStatus: 'Pod',
  PodTemplateSpec: 'PodTemplate', JobTemplateSpec: 'CronJob',
};

function kebab(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').toLowerCase();
}

function kindPage(kind: string, version: string): string | undefined {
  const section = SECTION[kind];
  return section ? `${REFERENCE_ROOT}${section}/${kebab(kind)}-${version}/` : undefined;
}

/**
 * The reference page (with the type's anchor where the page has one) for a field declared on
 * `parentDefinition` in a document of kind `entry`.
 */
export function referenceUrl(entry: KindEntry | undefined, parentDefinition: string | undefined): string {
  const type = parentDefinition ? shortName(parentDefinition) : undefined;
  const version = parentDefinition ? /\.(v\d+(?:(?:alpha|beta)\d+)?)\.[^.]+$/.exec(parentDefinition)?.[1] : undefined;
  if (type && COMMON_DEFINITIONS.has(type)) return `${REFERENCE_ROOT}common-definitions/${kebab(type)}/#${type}`;
  if (type === 'Volume' || (type && /VolumeSource$/.test(type) && type !== 'PersistentVolumeSource')) return `${REFERENCE_ROOT}config-and-storage-resources/volume/#${type === 'Volume' ? 'Volume' : type}`;
  if (type && HOSTED_ON[type] && version) {
    const page = kindPage(HOSTED_ON[type], HOSTED_ON[type] === 'CronJob' || HOSTED_ON[type] === 'PodTemplate' || HOSTED_ON[type] === 'Pod' ? 'v1' : version);
    if (page) return `${page}#${type}`;
  }
  if (type && version) {
    // `DeploymentSpec`, `ServiceSpec`, `Deployment`: the page of the kind the type is named after
    const owner = Object.keys(SECTION)
      .filter((k) => type === k || type === `${k}Spec` || type === `${k}Status`)
      .sort((a, b) => b.length - a.length)[0];
    if (owner) {
      const page = kindPage(owner, version);
      if (page) return `${page}#${type}`;
    }
  }
  if (entry) {
    const page = kindPage(entry.kind, entry.version);
    if (page) return page;
  }
  return REFERENCE_ROOT;
}

/** `spec.template.spec.containers[].image` */
export function fieldPathText(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += '[]';
    else out += (out ? '.' : '') + (/^[A-Za-z0-9_-]+$/.test(seg) ? seg : `"${seg}"`);
  }
  return out;
}
