/**
 * A CustomResourceDefinition read from a plain object: the kind it registers (group, names,
 * scope) and each version's flags and schema, plus the problems the API server would reject the
 * CRD itself for, in the API server's words.
 *
 * Pure data in, data out: no YAML, no ranges (callers map the `path` of a problem to a range).
 */

export type Path = (string | number)[];

/** The structural-schema subset of OpenAPI v3 a CRD uses (plus the Kubernetes extensions). */
export interface StructuralSchema {
  type?: string;
  format?: string;
  description?: string;
  nullable?: boolean;
  default?: unknown;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  uniqueItems?: boolean;
  required?: string[];
  properties?: Record<string, StructuralSchema>;
  additionalProperties?: boolean | StructuralSchema;
  items?: StructuralSchema;
  allOf?: StructuralSchema[];
  anyOf?: StructuralSchema[];
  oneOf?: StructuralSchema[];
  not?: StructuralSchema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: ValidationRule[];
}

export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  reason?: string;
  optionalOldSelf?: boolean;
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated: boolean;
  deprecationWarning?: string;
  schema?: StructuralSchema;
  /** additionalPrinterColumns: what `kubectl get` shows (the API server's default is one Age column). */
  printerColumns?: PrinterColumn[];
  /** Index in spec.versions (for locating its schema in the CRD document). */
  index: number;
}

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  priority: number;
}

export interface CrdNames {
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  listKind: string;
}

export interface CrdDefinition {
  /** metadata.name, `<plural>.<group>` */
  name: string;
  group: string;
  names: CrdNames;
  scope: 'Namespaced' | 'Cluster';
  versions: CrdVersion[];
  /** Where it came from (a file URI, or a catalog file), for go to definition and messages. */
  source: string;
  /** Position of the CRD in its file (document index), when it came from a manifest. */
  docIndex?: number;
  /** From a schema catalog (`{group}/{kind}_{version}.json`): no names beyond kind, scope unknown. */
  fromCatalog?: boolean;
}

export interface CrdProblem {
  /** Path in the CRD object. */
  path: Path;
  message: string;
}

export const CRD_API_VERSION = 'apiextensions.k8s.io/v1';

export function isCrdObject(value: unknown): value is Record<string, unknown> {
  const v = value as Record<string, unknown> | null;
  return !!v && typeof v === 'object' && v.apiVersion === CRD_API_VERSION && v.kind === 'CustomResourceDefinition';
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

/**
 * The kind a CRD registers, or undefined when it does not say enough to register one (no group
 * or kind): such a CRD only gets problems.
 */
export function readCrd(value: unknown, source: string, docIndex?: number): CrdDefinition | undefined {
  if (!isCrdObject(value)) return undefined;
  const spec = record(value.spec);
  const names = record(spec?.names);
  const group = str(spec?.group);
  const kind = str(names?.kind);
  if (!spec || !names || !group || !kind) return undefined;
  const plural = str(names.plural) || kind.toLowerCase();
  const versions: CrdVersion[] = [];
  const list = Array.isArray(spec.versions) ? spec.versions : [];
  list.forEach((raw, index) => {
    const v = record(raw);
    const name = str(v?.name);
    if (!v || !name) return;
    const schema = record(record(v.schema)?.openAPIV3Schema) as StructuralSchema | undefined;
    versions.push({
      name,
      served: v.served === true,
      storage: v.storage === true,
      deprecated: v.deprecated === true,
      deprecationWarning: typeof v.deprecationWarning === 'string' ? v.deprecationWarning : undefined,
      schema,
      printerColumns: Array.isArray(v.additionalPrinterColumns) ? printerColumns(v.additionalPrinterColumns) : undefined,
      index,
    });
  });
  return {
    name: str(record(value.metadata)?.name),
    group,
    names: {
      kind,
      plural,
      singular: str(names.singular) || kind.toLowerCase(),
      shortNames: strings(names.shortNames),
      categories: strings(names.categories),
      listKind: str(names.listKind) || `${kind}List`,
    },
    scope: spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced',
    versions,
    source,
    docIndex,
  };
}

function printerColumns(list: unknown[]): PrinterColumn[] {
  const out: PrinterColumn[] = [];
  for (const raw of list) {
    const c = record(raw);
    if (!c || !str(c.name) || !str(c.jsonPath)) continue;
    out.push({ name: str(c.name), type: str(c.type) || 'string', jsonPath: str(c.jsonPath), priority: typeof c.priority === 'number' ? c.priority : 0 });
  }
  return out;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const KIND_NAME = /^[A-Za-z]([-A-Za-z0-9]*[A-Za-z0-9])?$/;

/**
 * What the API server rejects a CRD for (apiextensions validation), in its words. Only the rules
 * that decide whether the CRD can register its kind and whether its schemas can validate anything:
 * names, versions and storage, and structural schemas.
 */
export function crdProblems(value: unknown): CrdProblem[] {
  if (!isCrdObject(value)) return [];
  const out: CrdProblem[] = [];
  const spec = record(value.spec);
  if (!spec) return out; // the bundled CRD schema already reports a missing spec
  const group = str(spec.group);
  const names = record(spec.names);
  const plural = str(names?.plural);
  const name = str(record(value.metadata)?.name);
  if (group && plural && name && name !== `${plural}.${group}`) {
    out.push({ path: ['metadata', 'name'], message: `metadata.name: Invalid value: ${JSON.stringify(name)}: must be spec.names.plural+"."+spec.group` });
  }
  if (group && !group.includes('.')) {
    out.push({ path: ['spec', 'group'], message: `spec.group: Invalid value: ${JSON.stringify(group)}: should be a domain with at least one dot` });
  }
  if (names) {
    for (const field of ['plural', 'singular'] as const) {
      const v = names[field];
      if (typeof v === 'string' && v !== '' && !DNS_LABEL.test(v)) out.push({ path: ['spec', 'names', field], message: `spec.names.${field}: Invalid value: ${JSON.stringify(v)}: ${DNS_LABEL_MESSAGE}` });
    }
    strings(names.shortNames).forEach((v, i) => {
      if (!DNS_LABEL.test(v)) out.push({ path: ['spec', 'names', 'shortNames', i], message: `spec.names.shortNames[${i}]: Invalid value: ${JSON.stringify(v)}: ${DNS_LABEL_MESSAGE}` });
    });
    for (const field of ['kind', 'listKind'] as const) {
      const v = names[field];
      if (typeof v === 'string' && v !== '' && !KIND_NAME.test(v)) out.push({ path: ['spec', 'names', field], message: `spec.names.${field}: Invalid value: ${JSON.stringify(v)}: may have mixed case, but should otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?` });
    }
    if (typeof names.kind === 'string' && names.kind !== '' && names.kind === names.listKind) {
      out.push({ path: ['spec', 'names', 'listKind'], message: 'spec.names.listKind: Invalid value: ' + JSON.stringify(names.listKind) + ': kind and listKind may not be the same' });
    }
  }

  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  const topSchema = record(record(spec.validation)?.openAPIV3Schema);
  let storage = 0;
  const seen = new Set<string>();
  versions.forEach((raw, i) => {
    const v = record(raw);
    if (!v) return;
    const vname = str(v.name);
    if (vname && seen.has(vname)) out.push({ path: ['spec', 'versions', i, 'name'], message: `spec.versions[${i}].name: Duplicate value: ${JSON.stringify(vname)}` });
    seen.add(vname);
    if (v.storage === true) storage++;
    const schema = record(record(v.schema)?.openAPIV3Schema);
    if (!schema && !topSchema) {
      out.push({ path: ['spec', 'versions', i, 'name'], message: `spec.versions[${i}].schema.openAPIV3Schema: Required value: schemas are required` });
      return;
    }
    if (schema) structuralProblems(schema as StructuralSchema, ['spec', 'versions', i, 'schema', 'openAPIV3Schema'], `spec.versions[${i}].schema.openAPIV3Schema`, out);
  });
  if (versions.length > 0 && storage !== 1) {
    const list = versions.map((v) => str(record(v)?.name)).filter(Boolean);
    out.push({ path: ['spec', 'versions'], message: `spec.versions: Invalid value: ${JSON.stringify(list)}: must have exactly one version marked as storage version` });
  }
  return out;
}

/** Walks a schema for the structural rules (https://kubernetes.io/docs "Specifying a structural schema"). */
function structuralProblems(root: StructuralSchema, at: Path, label: string, out: CrdProblem[]): void {
  if (out.length > 50) return;
  const walk = (s: StructuralSchema, path: Path, where: string, role: 'root' | 'field' | 'items' | 'additional'): void => {
    if (!s || typeof s !== 'object' || out.length > 50) return;
    const intOrString = s['x-kubernetes-int-or-string'] === true;
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    if (!s.type && !intOrString && !preserve) {
      const what = role === 'root' ? 'at the root' : role === 'items' ? 'for specified array items' : role === 'additional' ? 'for specified additionalProperties' : 'for specified object fields';
      out.push({ path: role === 'root' ? at : path, message: `${where}.type: Required value: must not be empty ${what}` });
    }
    if (role === 'root' && s.type && s.type !== 'object') out.push({ path: [...at, 'type'], message: `${where}.type: Invalid value: ${JSON.stringify(s.type)}: must be object at the root` });
    if (s['x-kubernetes-preserve-unknown-fields'] === false) out.push({ path: [...path, 'x-kubernetes-preserve-unknown-fields'], message: `${where}.x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined` });
    if (s['x-kubernetes-embedded-resource'] === true && s.type !== 'object') out.push({ path: [...path, 'type'], message: `${where}.type: Invalid value: ${JSON.stringify(s.type ?? '')}: must be object if x-kubernetes-embedded-resource is true` });
    if (intOrString && s.type) out.push({ path: [...path, 'type'], message: `${where}.type: Invalid value: ${JSON.stringify(s.type)}: must be empty to be structural` });
    if (s.properties && typeof s.additionalProperties === 'object') out.push({ path: [...path, 'additionalProperties'], message: `${where}.additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive` });
    if (s.uniqueItems === true) out.push({ path: [...path, 'uniqueItems'], message: `${where}.uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic` });
    if (role === 'root' && s.properties?.metadata) {
      const meta = s.properties.metadata;
      const extra = Object.keys(meta).filter((k) => k !== 'type' && k !== 'properties' && k !== 'description');
      const metaProps = Object.keys(meta.properties ?? {}).filter((k) => k !== 'name' && k !== 'generateName');
      if (extra.length > 0 || metaProps.length > 0) {
        out.push({ path: [...at, 'properties', 'metadata'], message: `${where}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified` });
      }
    }
    for (const [k, child] of Object.entries(s.properties ?? {})) {
      if (role === 'root' && k === 'metadata') continue;
      walk(child, [...path, 'properties', k], `${where}.properties[${k}]`, 'field');
    }
    if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) walk(s.items, [...path, 'items'], `${where}.items`, 'items');
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, [...path, 'additionalProperties'], `${where}.additionalProperties`, 'additional');
  };
  walk(root, at, label, 'root');
}
