import { DEFINITIONS, lookupKind, type JsonSchema } from '../engine/schema/registry';
import { RESOURCES, type ResourceInfo, type ResourceTable } from '../sim/store/resources';
import { fnv32a } from '../sim/util';
import { groupOf, hasScale, hasStatus, versionOf } from './discovery';

/**
 * OpenAPI v3 from the bundled 1.36 schemas (schemas/_definitions.json): one document per group
 * version, with the served resources' paths and the schemas they reach (and, per simulation, the
 * CRDs' kinds from their schemas: customOpenApiV3). kubectl reads it for
 * `explain`, for the merge keys of a client-side apply and to learn that the server validates
 * fields itself (the `fieldValidation` parameter on PATCH), so it sends `fieldValidation=Strict`
 * instead of validating against OpenAPI v2 (served too: openApiV2).
 */

type Schema = Record<string, unknown>;

const REF = '#/definitions/';

/**
 * A definition as the API server publishes it: one `type` (int-or-string as OpenAPI v3's
 * extension, or v2's `format: int-or-string`), patch strategies spelled out, refs into
 * `refPrefix` (v3: `#/components/schemas/`, v2: `#/definitions/`).
 */
function publishedSchema(s: JsonSchema, refPrefix: string, v2: boolean): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref') out.$ref = String(v).replace(REF, refPrefix);
    else if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Record<string, JsonSchema>).map(([n, p]) => [n, publishedSchema(p, refPrefix, v2)]));
    else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) out[k] = publishedSchema(v as JsonSchema, refPrefix, v2);
    else if (k === 'type' && Array.isArray(v)) {
      // The bundled schemas say int-or-string as ["integer", "string"]; OpenAPI says it with an extension (v3) or a format (v2).
      if (s.format === 'int-or-string') {
        out.type = 'string';
        if (!v2) out['x-kubernetes-int-or-string'] = true;
      } else out.type = v.find((t) => t !== 'null') ?? 'string';
    } else if (k === 'additionalProperties' && v === false) continue;
    else out[k] = v;
  }
  // Lists with a merge key merge by it in a strategic merge patch (the Go types' patchStrategy:"merge").
  if (s['x-kubernetes-patch-merge-key'] && !('x-kubernetes-patch-strategy' in out)) out['x-kubernetes-patch-strategy'] = 'merge';
  return out;
}

const v3Schema = (s: JsonSchema): Schema => publishedSchema(s, '#/components/schemas/', false);

function refsOf(s: unknown, into: Set<string>): void {
  if (Array.isArray(s)) for (const x of s) refsOf(x, into);
  else if (s && typeof s === 'object') {
    for (const [k, v] of Object.entries(s)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(REF)) {
        const name = v.slice(REF.length);
        if (!into.has(name)) {
          into.add(name);
          refsOf(DEFINITIONS[name], into);
        }
      } else refsOf(v, into);
    }
  }
}

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const PARAM = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });

const SCALE = 'io.k8s.api.autoscaling.v1.Scale';

/**
 * The definitions documents for these resources need: each kind's, what it refers to, and Scale
 * for kinds with a scale subresource. `each` is called for every kind that has a definition.
 */
function neededDefinitions(resources: Iterable<ResourceInfo>, each: (r: ResourceInfo, gvk: Schema, definition: string) => void): Set<string> {
  const names = new Set<string>();
  for (const r of resources) {
    const entry = lookupKind(r.apiVersion, r.kind);
    if (!entry) continue;
    names.add(entry.definition);
    refsOf(DEFINITIONS[entry.definition], names);
    each(r, { group: groupOf(r), version: versionOf(r), kind: r.kind }, entry.definition);
    if (hasScale(r.kind)) {
      names.add(SCALE);
      refsOf(DEFINITIONS[SCALE], names);
    }
  }
  return names;
}

function operations(r: ResourceInfo, gvk: Schema, ref: string): Record<string, Schema> {
  const base = `/${gvPath(groupOf(r), versionOf(r))}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
  const body = { content: { 'application/json': { schema: { $ref: ref } } } };
  const op = (action: string, params: string[]) => ({ 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk, parameters: params.map(PARAM), responses: { '200': body } });
  const paths: Record<string, Schema> = {
    [base]: { get: op('list', ['labelSelector', 'fieldSelector', 'resourceVersion', 'watch', 'limit']), post: op('post', ['dryRun', 'fieldManager', 'fieldValidation']) },
    [`${base}/{name}`]: {
      get: op('get', []), put: op('put', ['dryRun', 'fieldManager', 'fieldValidation']),
      patch: op('patch', ['dryRun', 'fieldManager', 'fieldValidation', 'force']), delete: op('delete', ['dryRun', 'gracePeriodSeconds', 'propagationPolicy']),
    },
  };
  if (hasStatus(r.kind)) paths[`${base}/{name}/status`] = { get: op('get', []), patch: op('patch', ['dryRun', 'fieldManager', 'fieldValidation', 'force']) };
  if (hasScale(r.kind)) {
    const scale = { 'x-kubernetes-group-version-kind': { group: 'autoscaling', version: 'v1', kind: 'Scale' }, parameters: [], responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/io.k8s.api.autoscaling.v1.Scale' } } } } } };
    paths[`${base}/{name}/scale`] = { get: scale, patch: { ...scale, parameters: ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map(PARAM) } };
  }
  return paths;
}

export interface OpenApiV3 {
  /** `/openapi/v3`: the group versions and where their documents are. */
  root: Record<string, unknown>;
  /** `api/v1`, `apis/apps/v1` -> the document. */
  documents: Map<string, Record<string, unknown>>;
}

let cached: OpenApiV3 | undefined;

export function openApiV3(): OpenApiV3 {
  if (cached) return cached;
  const byGv = new Map<string, ResourceInfo[]>();
  for (const r of RESOURCES) byGv.set(gvPath(groupOf(r), versionOf(r)), [...(byGv.get(gvPath(groupOf(r), versionOf(r))) ?? []), r]);
  const documents = new Map<string, Record<string, unknown>>();
  const paths: Record<string, unknown> = {};
  for (const [gv, rs] of byGv) {
    const gvPaths: Record<string, Schema> = {};
    const kindSchemas = new Map<string, Schema>();
    const names = neededDefinitions(rs, (r, gvk, definition) => {
      kindSchemas.set(definition, gvk);
      Object.assign(gvPaths, operations(r, gvk, `#/components/schemas/${definition}`));
    });
    const schemas: Record<string, Schema> = {};
    for (const n of [...names].sort()) {
      if (!DEFINITIONS[n]) continue;
      const s = v3Schema(DEFINITIONS[n]);
      const gvk = kindSchemas.get(n);
      if (gvk) s['x-kubernetes-group-version-kind'] = [gvk];
      schemas[n] = s;
    }
    const doc = { openapi: '3.0.0', info: { title: 'Kubernetes (kube-rehearsal, simulated)', version: 'v1.36.0' }, paths: gvPaths, components: { schemas } };
    documents.set(gv, doc);
    paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${fnv32a(JSON.stringify(doc)).toString(16).toUpperCase()}` };
  }
  cached = { root: { paths }, documents };
  return cached;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/**
 * The documents of the group versions the simulation's CRDs serve (their kinds at their stored
 * version), built from each version's schema as the API server publishes it: apiVersion, kind and
 * metadata added, named `<reversed group>.<version>.<Kind>`. Returns the root entries and documents.
 */
export function customOpenApiV3(table: ResourceTable): OpenApiV3 {
  const byGv = new Map<string, ResourceInfo[]>();
  for (const r of table.customResources()) {
    const gv = gvPath(groupOf(r), versionOf(r));
    byGv.set(gv, [...(byGv.get(gv) ?? []), r]);
  }
  const documents = new Map<string, Record<string, unknown>>();
  const paths: Record<string, unknown> = {};
  for (const [gv, rs] of byGv) {
    const names = new Set<string>([OBJECT_META]);
    refsOf(DEFINITIONS[OBJECT_META], names);
    const schemas: Record<string, Schema> = {};
    const gvPaths: Record<string, Schema> = {};
    for (const r of rs) {
      const crd = r.custom!.crd;
      const version = crd.versions.find((v) => v.name === versionOf(r));
      const gvk = { group: crd.group, version: versionOf(r), kind: r.kind };
      const name = `${crd.group.split('.').reverse().join('.')}.${versionOf(r)}.${r.kind}`;
      const own = (version?.schema ?? { type: 'object' }) as Schema;
      const properties = { ...((own.properties as Schema | undefined) ?? {}) };
      properties.apiVersion = { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' };
      properties.kind = { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' };
      properties.metadata = { allOf: [{ $ref: `#/components/schemas/${OBJECT_META}` }], description: "Standard object's metadata." };
      schemas[name] = { ...own, type: 'object', properties, 'x-kubernetes-group-version-kind': [gvk] };
      Object.assign(gvPaths, operations(r, gvk, `#/components/schemas/${name}`));
    }
    for (const n of [...names].sort()) if (DEFINITIONS[n]) schemas[n] = v3Schema(DEFINITIONS[n]);
    const doc = { openapi: '3.0.0', info: { title: 'Kubernetes CRD Swagger (kube-rehearsal, simulated)', version: 'v0.1.0' }, paths: gvPaths, components: { schemas } };
    documents.set(gv, doc);
    paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${fnv32a(JSON.stringify(doc)).toString(16).toUpperCase()}` };
  }
  return { root: { paths }, documents };
}

const V2_PARAM = (name: string) => ({ name, in: 'query', type: 'string', uniqueItems: true });
const V2_PATH_PARAM = (name: string) => ({ name, in: 'path', required: true, type: 'string', uniqueItems: true });
const PRODUCES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

/** A resource's paths in Swagger 2.0 form (operations with their GVK, parameters and response schema). */
function v2Operations(r: ResourceInfo, gvk: Schema, ref: string): Record<string, Schema> {
  const base = `/${gvPath(groupOf(r), versionOf(r))}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
  const id = (verb: string, suffix = '') => `${verb}${r.namespaced ? 'Namespaced' : ''}${r.kind}${suffix}`;
  const op = (action: string, operationId: string, params: string[] = [], schemaRef = ref, kind = gvk) => ({
    consumes: ['*/*'], produces: PRODUCES, schemes: ['https'], tags: [gvPath(groupOf(r), versionOf(r)).replace(/\//g, '_')], operationId,
    parameters: params.map(V2_PARAM), responses: { '200': { description: 'OK', schema: { $ref: schemaRef } }, '401': { description: 'Unauthorized' } },
    'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': kind,
  });
  const pathParams = (name: boolean) => [...(name ? [V2_PATH_PARAM('name')] : []), ...(r.namespaced ? [V2_PATH_PARAM('namespace')] : [])];
  const paths: Record<string, Schema> = {
    [base]: { get: op('list', id('list'), ['labelSelector', 'fieldSelector', 'resourceVersion', 'watch', 'limit']), post: op('post', id('create'), ['dryRun', 'fieldManager', 'fieldValidation']), parameters: pathParams(false) },
    [`${base}/{name}`]: {
      get: op('get', id('read')), put: op('put', id('replace'), ['dryRun', 'fieldManager', 'fieldValidation']),
      patch: op('patch', id('patch'), ['dryRun', 'fieldManager', 'fieldValidation', 'force']), delete: op('delete', id('delete'), ['dryRun', 'gracePeriodSeconds', 'propagationPolicy']),
      parameters: pathParams(true),
    },
  };
  if (hasStatus(r.kind)) paths[`${base}/{name}/status`] = { get: op('get', id('read', 'Status')), patch: op('patch', id('patch', 'Status'), ['dryRun', 'fieldManager', 'fieldValidation', 'force']), parameters: pathParams(true) };
  if (hasScale(r.kind)) {
    const scaleRef = '#/definitions/io.k8s.api.autoscaling.v1.Scale';
    const scaleGvk = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
    paths[`${base}/{name}/scale`] = { get: op('get', id('read', 'Scale'), [], scaleRef, scaleGvk), patch: op('patch', id('patch', 'Scale'), ['dryRun', 'fieldManager', 'fieldValidation', 'force'], scaleRef, scaleGvk), parameters: pathParams(true) };
  }
  return paths;
}

let cachedV2: { paths: Record<string, Schema>; definitions: Record<string, Schema> } | undefined;

/**
 * `/openapi/v2`: one Swagger 2.0 document for everything served, from the same bundled schemas
 * as v3 (definitions with `x-kubernetes-group-version-kind`, patch merge keys and strategies,
 * int-or-string as `format: int-or-string`), plus the simulation's CRDs' kinds. kubectl asks for
 * it (in protobuf: openapiProto.ts) for `explain --output=plaintext-openapiv2`.
 */
export function openApiV2(table: ResourceTable): Record<string, unknown> {
  if (!cachedV2) {
    const kinds = new Map<string, Schema[]>();
    const paths: Record<string, Schema> = {};
    const names = neededDefinitions(RESOURCES, (r, gvk, definition) => {
      kinds.set(definition, [...(kinds.get(definition) ?? []), gvk]);
      Object.assign(paths, v2Operations(r, gvk, `#/definitions/${definition}`));
    });
    const definitions: Record<string, Schema> = {};
    for (const n of [...names].sort()) {
      if (!DEFINITIONS[n]) continue;
      const d = publishedSchema(DEFINITIONS[n], REF, true);
      if (kinds.has(n)) d['x-kubernetes-group-version-kind'] = kinds.get(n);
      definitions[n] = d;
    }
    cachedV2 = { paths, definitions };
  }
  const paths = { ...cachedV2.paths };
  const definitions = { ...cachedV2.definitions };
  for (const r of table.customResources()) {
    const crd = r.custom!.crd;
    const version = crd.versions.find((v) => v.name === versionOf(r));
    const gvk = { group: crd.group, version: versionOf(r), kind: r.kind };
    const name = `${crd.group.split('.').reverse().join('.')}.${versionOf(r)}.${r.kind}`;
    const own = (version?.schema ?? { type: 'object' }) as Schema;
    const properties = { ...((own.properties as Schema | undefined) ?? {}) };
    properties.apiVersion = { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' };
    properties.kind = { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' };
    properties.metadata = { $ref: `${REF}${OBJECT_META}`, description: "Standard object's metadata." };
    definitions[name] = { ...own, type: 'object', properties, 'x-kubernetes-group-version-kind': [gvk] };
    Object.assign(paths, v2Operations(r, gvk, `#/definitions/${name}`));
  }
  return {
    swagger: '2.0', info: { title: 'Kubernetes (kube-rehearsal, simulated)', version: 'v1.36.0' },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    definitions,
    securityDefinitions: { BearerToken: { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer Token authentication' } },
    security: [{ BearerToken: [] }],
  };
}
