import type { Finding } from './findings';
import { checkFile } from './check';
import { KIND_CODES, checkKind } from './kinds/checkKind';
import { SCHEMA_CODES, formatPath } from './schema/messages';
import { DEFINITIONS, deref, lookupKind, refName, type JsonSchema } from './schema/registry';
import { validateObject, type SchemaIssue } from './schema/validate';
import { RULES } from './rules/index';
import { parseYamlFile, type PathSegment } from './yaml/documents';
import { VERSION_CODES } from './version/versionFindings';
import { applyVersionGates } from './version/fieldGates';
import { DEFAULT_MINOR } from './version/kubernetesVersion';
import { valueText } from './valueText';

/**
 * The one answer to "would the API server accept this object?", for `check` and for the simulated
 * API server alike. `check` reports every problem as a finding; the findings whose codes are in
 * API_SERVER_CODES are the ones the API server refuses the object for. `validateForApiServer`
 * runs that same check on the object and words its verdict as the API server does, so the two
 * cannot disagree (test/sim/apiServerAgreement.test.ts holds them to it over the fixtures).
 *
 * Order, as in the API server: the kind must be served (else kubectl's RESTMapper reports no
 * match), the body must decode (a wrong type, then unknown fields under strict field
 * validation: 400 BadRequest), then validation (422 Invalid with every field error).
 */

const KIND_REJECTIONS = new Set<string>([KIND_CODES.unknownKind, KIND_CODES.wrongApiVersion, KIND_CODES.removedApi, VERSION_CODES.apiNotInVersion]);
const DECODE_REJECTIONS = new Set<string>([SCHEMA_CODES.wrongType, SCHEMA_CODES.unknownField]);
/** What the target release does not know (featureTable.ts): worded by applyVersionGates, as the simulated API server applies them. */
const VERSION_REJECTIONS = new Set<string>([VERSION_CODES.fieldNotInVersion, VERSION_CODES.fieldDisabledInVersion]);

/** Every finding code for which the API server refuses the object. */
export const API_SERVER_CODES: ReadonlySet<string> = new Set([
  ...KIND_REJECTIONS,
  ...DECODE_REJECTIONS,
  ...VERSION_REJECTIONS,
  SCHEMA_CODES.missingField,
  SCHEMA_CODES.notInEnum,
  // Custom resources and CRDs (api/crd: structural schema, CEL rules, the CRD's own validation).
  'invalid-value',
  'duplicate-list-item',
  'validation-rule',
  'invalid-crd',
  ...RULES.filter((r) => r.rejectedByApiServer).map((r) => r.id),
]);

/**
 * Whether the API server would refuse an object for this finding of `check` (at its default
 * severity: a gated field is refused only as an enum value, an error; as a field it is dropped).
 */
export function isApiServerRejection(f: Pick<Finding, 'code' | 'severity'>): boolean {
  if (f.code === VERSION_CODES.fieldDisabledInVersion) return f.severity === 'error';
  return API_SERVER_CODES.has(f.code);
}

export interface ApiServerOptions {
  /** The Kubernetes minor release (1.x) the API server is; the newest bundled one without it. */
  kubernetesMinor?: number;
}

export interface ApiVerdict {
  /** NoMatch: kubectl cannot map the kind (it never reaches the server); BadRequest: 400; Invalid: 422. */
  reason: 'NoMatch' | 'BadRequest' | 'Invalid';
  /** The Status message, as kubectl prints it after `Error from server (<reason>): ` (NoMatch: after `error: `, without the file part). */
  message: string;
  kind: string;
  name: string;
  /** Invalid: the field errors (`spec.replicas: Invalid value: -1: must be ...`). */
  causes: string[];
  /** The check codes behind the verdict. */
  codes: string[];
}

/** `ReplicaSet.apps`, `Pod`: the qualified kind of the API server's Invalid messages. */
export function qualifiedKind(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  return slash > 0 ? `${kind}.${apiVersion.slice(0, slash)}` : kind;
}

/** The field errors of an Invalid Status, joined as apimachinery's aggregate does. */
export function invalidMessage(apiVersion: string, kind: string, name: string, causes: readonly string[]): string {
  return `${qualifiedKind(apiVersion, kind)} "${name}" is invalid: ${causes.length === 1 ? causes[0] : `[${causes.join(', ')}]`}`;
}

const PSEUDO_URI = 'apiserver:///object.json';

/**
 * The API server's verdict on creating (or updating to) `manifest`, or undefined when it accepts
 * it. Runs `check` on the object (rendered as JSON, which YAML reads as is) with default settings.
 */
export function validateForApiServer(manifest: Record<string, unknown>, opts: ApiServerOptions = {}): ApiVerdict | undefined {
  const kind = typeof manifest.kind === 'string' ? manifest.kind : '';
  const apiVersion = typeof manifest.apiVersion === 'string' ? manifest.apiVersion : '';
  const meta = manifest.metadata && typeof manifest.metadata === 'object' ? (manifest.metadata as Record<string, unknown>) : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  const base = { kind, name, causes: [] as string[] };
  // What kubectl itself refuses before any request (error validating data): no verdict of the server.
  if (!kind) return { ...base, reason: 'BadRequest', message: `Object 'Kind' is missing in '${JSON.stringify(manifest)}'`, codes: [SCHEMA_CODES.missingField] };
  if (!apiVersion) return { ...base, reason: 'BadRequest', message: `Object 'apiVersion' is missing in '${JSON.stringify(manifest)}'`, codes: [SCHEMA_CODES.missingField] };
  // A missing spec decodes to the zero spec, which the API server then validates (what it lacks).
  const text = JSON.stringify(SPEC_KINDS.has(kind) && (manifest.spec === undefined || manifest.spec === null) ? { ...manifest, spec: {} } : manifest, null, 1);
  // A dry run replays the same manifests on every re-run and seek back: the verdict is a function of the text.
  const key = `${opts.kubernetesMinor ?? DEFAULT_MINOR}|${text}`;
  const known = verdicts.get(key);
  if (known !== undefined) return known ?? undefined;
  const verdict = computeVerdict(manifest, text, opts, base);
  if (verdicts.size >= VERDICT_CACHE_LIMIT) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(key, verdict ?? null);
  return verdict;
}

const SPEC_KINDS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'ReplicationController', 'Job', 'CronJob']);
const verdicts = new Map<string, ApiVerdict | null>();
const VERDICT_CACHE_LIMIT = 2000;

function computeVerdict(manifest: Record<string, unknown>, text: string, opts: ApiServerOptions, base: { kind: string; name: string; causes: string[] }): ApiVerdict | undefined {
  const { kind, name } = base;
  const apiVersion = String(manifest.apiVersion);
  const file = parseYamlFile(PSEUDO_URI, text);
  const doc = file.docs[0];
  manifest = doc?.value && typeof doc.value === 'object' ? (doc.value as Record<string, unknown>) : manifest;
  const findings = checkFile(file, { asSent: true, kubernetesMinor: opts.kubernetesMinor }).filter(isApiServerRejection);
  if (findings.length === 0 || !doc) return undefined;
  const codes = [...new Set(findings.map((f) => f.code))];
  if (findings.some((f) => KIND_REJECTIONS.has(f.code)))
    return { ...base, reason: 'NoMatch', message: `no matches for kind "${kind}" in version "${apiVersion}"`, codes };
  const entry = lookupKind(apiVersion, kind) ?? checkKind(file, doc).validateAs;
  const issues = entry ? validateObject(entry.definition, manifest) : [];
  const decodeFailure = decodeError(entry?.definition, issues);
  if (decodeFailure && findings.some((f) => DECODE_REJECTIONS.has(f.code)))
    return { ...base, reason: 'BadRequest', message: `${kind} in version "${apiVersion.split('/').pop()}" cannot be handled as a ${kind}: ${decodeFailure}`, codes };
  // Fields the target release does not have: strict decoding errors, then unsupported values.
  const gates = findings.some((f) => VERSION_REJECTIONS.has(f.code)) ? applyVersionGates(structuredClone(manifest), opts.kubernetesMinor ?? DEFAULT_MINOR).errors : [];
  const strict = gates.filter((e) => e.startsWith('strict decoding error'));
  if (strict.length)
    return { ...base, reason: 'BadRequest', message: `${kind} in version "${apiVersion.split('/').pop()}" cannot be handled as a ${kind}: ${strict[0]}`, codes };
  const causes: string[] = gates.filter((e) => !e.startsWith('strict decoding error'));
  for (const i of issues) {
    if (i.type === 'missing-field') causes.push(`${formatPath([...i.path, i.field])}: Required value`);
    else if (i.type === 'not-in-enum') causes.push(`${formatPath(i.path)}: Unsupported value: ${JSON.stringify(i.found)}: supported values: ${i.allowed.filter((a) => a !== '').map((a) => JSON.stringify(a)).join(', ')}`);
  }
  for (const f of findings) if (!SCHEMA_FINDING.has(f.code) && !VERSION_REJECTIONS.has(f.code)) causes.push(apiFieldError(f.message));
  // A schema finding whose issue was not recognised above still refuses the object, in check's words.
  if (causes.length === 0) causes.push(...findings.map((f) => f.message));
  const unique = [...new Set(causes)];
  return { ...base, causes: unique, reason: 'Invalid', message: invalidMessage(apiVersion, kind, name, unique), codes };
}

const SCHEMA_FINDING = new Set<string>([SCHEMA_CODES.missingField, SCHEMA_CODES.notInEnum, SCHEMA_CODES.wrongType, SCHEMA_CODES.unknownField]);

/**
 * Our explanation after an API field error (`(did you mean ...?)`, why a selector fails) is left
 * out of the API server's words; the API server's own parentheses (`(e.g. 'my-name', regex used
 * for validation is ...)`) stay.
 */
export function apiFieldError(text: string): string {
  const message = text.replace(/^invalid CustomResourceDefinition: /, '');
  const m = /^(.*?)(?: \(([^()]*(?:\([^()]*\)[^()]*)*)\))$/s.exec(message);
  if (m && !/^e\.g\.|regex used for validation/.test(m[2])) return m[1];
  return message.replace(/; did you mean [^;]*\?$/, '');
}

/**
 * The decoder's error for a body that does not decode: the first wrong type as encoding/json
 * words it, else every unknown field as strict field validation lists them.
 */
function decodeError(definition: string | undefined, issues: SchemaIssue[]): string | undefined {
  const wrong = issues.find((i) => i.type === 'wrong-type');
  if (wrong && definition) return `json: cannot unmarshal ${jsonKind(wrong.found)} into Go ${goField(definition, wrong.path)}`;
  const unknown = issues.filter((i) => i.type === 'unknown-field');
  if (unknown.length) return `strict decoding error: ${unknown.map((i) => `unknown field "${formatPath(i.path)}"`).join(', ')}`;
  return undefined;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'number' : `number ${v}`;
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : 'string';
}

/** `struct field DeploymentSpec.spec.replicas of type int32` (indices are not part of Go's field path). */
function goField(definition: string, path: readonly PathSegment[]): string {
  let s: JsonSchema | undefined = DEFINITIONS[definition];
  let struct = shortName(definition);
  let target: JsonSchema | undefined = s;
  for (let i = 0; i < path.length; i++) {
    const named = refName(target);
    if (named) struct = shortName(named);
    s = deref(target);
    if (!s) break;
    const seg = path[i];
    if (typeof seg === 'number') target = s.items;
    else if (s.properties && seg in s.properties) target = s.properties[seg];
    else if (typeof s.additionalProperties === 'object') target = s.additionalProperties;
    else break;
  }
  const fields = path.filter((p): p is string => typeof p === 'string');
  if (fields.length === 0) return `value of type ${goType(target)}`;
  return `struct field ${struct}.${fields.join('.')} of type ${goType(target)}`;
}

function shortName(definition: string): string {
  return definition.split('.').pop() ?? definition;
}

function goType(s: JsonSchema | undefined): string {
  const named = refName(s);
  if (named) {
    const parts = named.split('.');
    const pkg = parts[parts.length - 2] ?? '';
    if (named.endsWith('IntOrString')) return 'intstr.IntOrString';
    if (named.endsWith('Quantity')) return 'resource.Quantity';
    return `${pkg}.${parts[parts.length - 1]}`;
  }
  const d = deref(s);
  if (!d) return 'interface {}';
  switch (d.type) {
    case 'integer': return d.format === 'int64' ? 'int64' : 'int32';
    case 'number': return 'float64';
    case 'boolean': return 'bool';
    case 'string': return 'string';
    case 'array': return `[]${goType(d.items)}`;
    case 'object': return typeof d.additionalProperties === 'object' ? `map[string]${goType(d.additionalProperties)}` : 'map[string]interface {}';
    default: return 'interface {}';
  }
}

// ---------------------------------------------------------------------------
// Updates: what ValidateXUpdate adds to the validation of the new object (immutable fields).

const IMMUTABLE_SELECTOR = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet']);
/** StatefulSet spec fields an update may change (ValidateStatefulSetUpdate). */
const STATEFULSET_MUTABLE = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);

type Obj = Record<string, unknown>;
const rec = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/**
 * What an update adds to validateForApiServer (which the new object passes first): the fields it
 * may not change. `old` is the stored object, `updated` the new one after defaulting (a PUT, or
 * the result of a patch, scale, edit or apply). Undefined when the update is accepted.
 */
export function validateUpdateForApiServer(old: Obj, updated: Obj): ApiVerdict | undefined {
  const kind = valueText(updated.kind);
  const apiVersion = valueText(updated.apiVersion);
  const name = valueText(rec(updated.metadata).name);
  const was = rec(old.spec);
  const now = rec(updated.spec);
  const causes: string[] = [];
  if (IMMUTABLE_SELECTOR.has(kind) && apiVersion === 'apps/v1' && !same(was.selector, now.selector))
    causes.push(`spec.selector: Invalid value: ${goLabelSelector(now.selector)}: field is immutable`);
  if (kind === 'StatefulSet') {
    const keys = new Set([...Object.keys(was), ...Object.keys(now)].filter((k) => k !== 'selector' && !STATEFULSET_MUTABLE.has(k)));
    if ([...keys].some((k) => !same(was[k], now[k])))
      causes.push("spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
  }
  if (kind === 'Job') {
    if (was.selector !== undefined && !same(was.selector, now.selector)) causes.push(`spec.selector: Invalid value: ${goLabelSelector(now.selector)}: field is immutable`);
    // The API server prints the whole core.PodTemplateSpec here; its Go dump is shortened to `{...}`.
    if (!same(withoutLabels(was.template), withoutLabels(now.template))) causes.push('spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable');
    if (was.completions !== undefined && now.completions !== was.completions && now.completionMode !== 'Indexed') causes.push(`spec.completions: Invalid value: ${JSON.stringify(now.completions ?? null)}: field is immutable`);
  }
  if (kind === 'Service') {
    const oldIPs = Array.isArray(was.clusterIPs) ? was.clusterIPs : was.clusterIP ? [was.clusterIP] : [];
    const newIP = now.clusterIP ?? (Array.isArray(now.clusterIPs) ? now.clusterIPs[0] : undefined);
    const external = was.type === 'ExternalName' || now.type === 'ExternalName';
    if (!external && oldIPs.length && oldIPs[0] !== 'None' && newIP !== undefined && newIP !== '' && newIP !== oldIPs[0])
      causes.push(`spec.clusterIPs[0]: Invalid value: []string{${JSON.stringify(String(newIP))}}: may not change once set`);
    if (!external && oldIPs[0] === 'None' && newIP !== undefined && newIP !== 'None')
      causes.push(`spec.clusterIPs[0]: Invalid value: []string{${JSON.stringify(String(newIP))}}: may not change once set`);
  }
  if ((kind === 'ConfigMap' || kind === 'Secret') && old.immutable === true) {
    if (updated.immutable !== true) causes.push('immutable: Forbidden: field is immutable when `immutable` is set');
    for (const f of ['data', 'binaryData', ...(kind === 'Secret' ? ['stringData'] : [])])
      if (!same(old[f], updated[f]) && !(f === 'stringData' && updated[f] === undefined)) causes.push(`${f}: Forbidden: field is immutable when \`immutable\` is set`);
  }
  if ((kind === 'RoleBinding' || kind === 'ClusterRoleBinding') && !same(old.roleRef, updated.roleRef)) {
    const r = rec(updated.roleRef);
    causes.push(`roleRef: Invalid value: rbac.RoleRef{APIGroup:${JSON.stringify(valueText(r.apiGroup))}, Kind:${JSON.stringify(valueText(r.kind))}, Name:${JSON.stringify(valueText(r.name))}}: cannot change roleRef`);
  }
  if (kind === 'StorageClass') {
    for (const f of ['parameters', 'provisioner', 'reclaimPolicy'])
      if (!same(old[f], updated[f]) && !(f === 'reclaimPolicy' && updated[f] === undefined)) causes.push(`${f}: Forbidden: updates to ${f} are forbidden.`);
    if (updated.volumeBindingMode !== undefined && !same(old.volumeBindingMode, updated.volumeBindingMode)) causes.push(`volumeBindingMode: Invalid value: ${JSON.stringify(valueText(updated.volumeBindingMode))}: field is immutable`);
  }
  if (kind === 'PriorityClass' && !same(old.value, updated.value)) causes.push('value: Forbidden: may not be changed in an update.');
  if (causes.length === 0) return undefined;
  return { kind, name, causes, reason: 'Invalid', message: invalidMessage(apiVersion, kind, name, causes), codes: ['immutable-field'] };
}

/** The Job controller adds its own labels to the template: a change of the user's part only counts. */
function withoutLabels(template: unknown): unknown {
  const t = rec(template);
  const labels = { ...rec(rec(t.metadata).labels) };
  for (const k of ['controller-uid', 'batch.kubernetes.io/controller-uid', 'job-name', 'batch.kubernetes.io/job-name']) delete labels[k];
  return { ...t, metadata: { ...rec(t.metadata), labels } };
}

function same(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  return `{${Object.keys(v).filter((k) => (v as Obj)[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Obj)[k])}`).join(',')}}`;
}

function goStringMap(v: unknown): string {
  if (!v || typeof v !== 'object') return 'map[string]string(nil)';
  const entries = Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(valueText((v as Obj)[k]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/** A LabelSelector as Go's %#v prints it in the API server's field errors. */
export function goLabelSelector(v: unknown): string {
  if (!v || typeof v !== 'object') return '(*v1.LabelSelector)(nil)';
  const s = v as { matchLabels?: unknown; matchExpressions?: unknown };
  const exprs = Array.isArray(s.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${s.matchExpressions.map((e) => {
      const r = rec(e);
      const values = Array.isArray(r.values) ? `[]string{${r.values.map((x) => JSON.stringify(valueText(x))).join(', ')}}` : '[]string(nil)';
      return `v1.LabelSelectorRequirement{Key:${JSON.stringify(valueText(r.key))}, Operator:${JSON.stringify(valueText(r.operator))}, Values:${values}}`;
    }).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels)}, MatchExpressions:${exprs}}`;
}
