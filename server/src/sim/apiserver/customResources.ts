import { CRD_API_VERSION, crdProblems, readCrd, type CrdDefinition, type CrdVersion, type Path } from '../../api/crd/definition';
import { servedVersions, storageVersion, storedForm, validateCustomResource, type CustomResourceRegistry } from '../../api/crd/registry';
import { formatPath, shownValue, typeName, type CrIssue } from '../../api/crd/structural';
import { validateObject as validateAgainstSchema } from '../../engine/schema/validate';
import type { Sim } from '../core';
import { ApiError } from '../store/store';
import type { ResourceInfo } from '../store/resources';
import type { KObject } from '../types';
import { deepCopy, stableStringify } from '../util';
import { dns1123Subdomain } from '../../engine/rules/nameValidation';

/**
 * CustomResourceDefinitions and custom resources in the simulated API server.
 *
 * A CRD is validated as apiextensions validates it (the same `crdProblems` the checker reports),
 * stored, marked Established at once, and its kind served from then on (`store.resources`). A
 * custom resource is decoded strictly (unknown fields are a BadRequest, as with kubectl's default
 * `--validate=strict`), validated against its version's structural schema and CEL rules (the same
 * `validateCustomResource` the checker calls), pruned and defaulted, and stored. No controller acts
 * on it: that is said once per kind in the assumptions.
 *
 * CRDs that are in the workspace (or named with kubeRehearsal.crds / --crds) but not among the
 * applied objects are taken as installed in the cluster the first time a resource of theirs is
 * applied, as the checker takes them to be.
 */

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Per simulation: the CRDs the workspace supplies. */
const workspaceRegistries = new WeakMap<Sim, CustomResourceRegistry>();

export function installCustomResources(sim: Sim, workspace: CustomResourceRegistry | undefined): void {
  if (workspace && workspace.size > 0) workspaceRegistries.set(sim, workspace);
  // Deleting a CRD deletes its resources and stops serving its kind.
  sim.store.watch('CustomResourceDefinition', (type, crd) => {
    if (type !== 'DELETED') return;
    const kind = crd.spec?.names?.kind;
    const info = typeof kind === 'string' ? sim.store.resources.forKind(kind) : undefined;
    if (!info?.custom || info.custom.crdName !== crd.metadata.name) return;
    for (const o of sim.store.list(kind)) sim.store.remove(o);
    sim.store.resources.unregister(kind);
  });
}

/** ValidateObjectMeta for CRDs and custom resources: a name (or generateName) that is a DNS-1123 subdomain. */
function nameInvalid(obj: KObject): ApiError | undefined {
  const name = obj.metadata.name;
  if (!name && !obj.metadata.generateName) return invalid(obj.kind, name, ['metadata.name: Required value: name or generateName is required']);
  const errs = name ? dns1123Subdomain(name) : [];
  return errs.length ? invalid(obj.kind, name, [`metadata.name: Invalid value: ${JSON.stringify(name)}: ${errs.join(', ')}`]) : undefined;
}

function invalid(kind: string, name: string, errs: string[]): ApiError {
  return new ApiError('Invalid', `The ${kind} "${name}" is invalid: ${errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`}`);
}

/** `kubectl apply` of a CustomResourceDefinition. */
export function applyCrd(sim: Sim, manifest: Record<string, unknown>, obj: KObject): { result: 'created' | 'configured' | 'unchanged'; obj: KObject } {
  const name = obj.metadata.name;
  const problems = crdProblems(manifest).map((p) => p.message);
  const def = readCrd(manifest, 'simulation');
  if (!def) {
    const spec = (manifest.spec ?? {}) as Record<string, unknown>;
    if (!spec.group) problems.push('spec.group: Required value');
    if (!(spec.names as Record<string, unknown> | undefined)?.kind) problems.push('spec.names.kind: Required value');
  }
  const badName = nameInvalid(obj);
  if (badName) throw badName;
  if (problems.length || !def) throw invalid('CustomResourceDefinition', name, problems.length ? problems : ['spec: Required value']);
  const existing = sim.store.get('CustomResourceDefinition', undefined, name);
  if (existing) {
    const specChanged = stableStringify(existing.spec) !== stableStringify(obj.spec);
    const metaChanged = stableStringify([existing.metadata.labels, existing.metadata.annotations]) !== stableStringify([obj.metadata.labels, obj.metadata.annotations]);
    if (!specChanged && !metaChanged) return { result: 'unchanged', obj: existing };
    existing.metadata.labels = obj.metadata.labels;
    existing.metadata.annotations = obj.metadata.annotations;
    existing.spec = obj.spec;
    existing.status = crdStatus(def);
    serve(sim, def, name);
    sim.store.update(existing, specChanged);
    return { result: 'configured', obj: existing };
  }
  obj.status = crdStatus(def);
  const stored = sim.store.create(obj);
  serve(sim, def, name);
  return { result: 'created', obj: stored };
}

/** The status the API server's controllers give a CRD whose names are free: Established at once. */
function crdStatus(def: CrdDefinition): Record<string, unknown> {
  const storage = storageVersion(def);
  return {
    acceptedNames: { kind: def.names.kind, listKind: def.names.listKind, plural: def.names.plural, singular: def.names.singular, ...(def.names.shortNames.length ? { shortNames: def.names.shortNames } : {}), ...(def.names.categories.length ? { categories: def.names.categories } : {}) },
    conditions: [
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
      { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
    ],
    storedVersions: storage ? [storage.name] : [],
  };
}

function serve(sim: Sim, def: CrdDefinition, crdName: string): void {
  const info = sim.store.resources.register(def, crdName);
  if (!info) {
    const taken = sim.store.resources.forKind(def.names.kind);
    sim.assume(`customresourcedefinition/${crdName}`, `its kind ${def.names.kind} has the name of ${taken?.custom ? `the kind of ${taken.custom.crdName}` : `the built-in ${taken?.apiVersion} ${def.names.kind}`}: the simulator keeps objects by kind name, so resources of ${crdName} are not simulated`);
  }
}

/** A CRD object as the workspace states it, for one that is installed without being applied. */
function crdObjectOf(def: CrdDefinition): Record<string, unknown> {
  return {
    apiVersion: CRD_API_VERSION,
    kind: 'CustomResourceDefinition',
    metadata: { name: def.name || `${def.names.plural}.${def.group}` },
    spec: {
      group: def.group,
      names: { kind: def.names.kind, listKind: def.names.listKind, plural: def.names.plural, singular: def.names.singular, ...(def.names.shortNames.length ? { shortNames: def.names.shortNames } : {}), ...(def.names.categories.length ? { categories: def.names.categories } : {}) },
      scope: def.scope,
      versions: def.versions.map((v) => ({
        name: v.name, served: v.served, storage: v.storage,
        ...(v.deprecated ? { deprecated: true } : {}), ...(v.deprecationWarning ? { deprecationWarning: v.deprecationWarning } : {}),
        ...(v.schema ? { schema: { openAPIV3Schema: v.schema } } : {}),
        ...(v.printerColumns?.length ? { additionalPrinterColumns: v.printerColumns.map((c) => ({ name: c.name, type: c.type, jsonPath: c.jsonPath, ...(c.priority ? { priority: c.priority } : {}) })) } : {}),
      })),
    },
  };
}

function groupOf(apiVersion: unknown): string | undefined {
  // A manifest without apiVersion (or with a non-string one) reaches here before validation.
  if (typeof apiVersion !== 'string') return undefined;
  const i = apiVersion.indexOf('/');
  return i > 0 ? apiVersion.slice(0, i) : undefined;
}

function noMatch(obj: KObject): ApiError {
  return new ApiError('NoMatch', `resource mapping not found for name: "${obj.metadata.name}" namespace: "${obj.metadata.namespace ?? ''}" from "manifest": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`);
}

/**
 * The served kind of a custom resource: from a CRD already stored, else from a workspace CRD
 * (installed now). Undefined when no CRD knows the group at all (the kind stays "not modelled");
 * a NoMatch error when the group is known but not this kind.
 */
export function customKindOf(sim: Sim, obj: KObject): ResourceInfo | undefined {
  const group = groupOf(obj.apiVersion);
  if (!group) return undefined;
  const served = sim.store.resources.forKind(obj.kind);
  if (served?.custom && served.custom.crd.group === group) return served;
  const workspace = workspaceRegistries.get(sim);
  const def = workspace?.find(group, obj.kind);
  if (def && !def.fromCatalog && def.names.kind === obj.kind) {
    const crdName = def.name || `${def.names.plural}.${def.group}`;
    if (!sim.store.get('CustomResourceDefinition', undefined, crdName)) {
      const manifest = crdObjectOf(def);
      const crd: KObject = { ...(deepCopy(manifest) as KObject), metadata: { name: crdName, uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0, labels: {}, annotations: {} } };
      try {
        applyCrd(sim, manifest, crd);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        throw new ApiError('NoMatch', `${noMatch(obj).message} (the CustomResourceDefinition ${crdName} in the workspace is invalid)`);
      }
      sim.assume(`customresourcedefinition/${crdName}`, 'taken as installed in the cluster: it is in the workspace (or named by kubeRehearsal.crds / --crds), not among the applied objects');
    }
    const now = sim.store.resources.forKind(obj.kind);
    if (now?.custom && now.custom.crd.group === group) return now;
    throw new ApiError('NotSupported', `the simulator does not model kind "${obj.kind}" (${obj.apiVersion}): another kind of that name is already served`);
  }
  const known = sim.store.resources.customResources().some((r) => r.custom!.crd.group === group) || workspace?.knowsGroup(group);
  if (known) throw noMatch(obj);
  return undefined;
}

/** The API server's words for a structural-schema issue (`spec.x: Unsupported value: ...`). */
function issueText(i: CrIssue): string | undefined {
  const at = formatPath(i.path);
  switch (i.type) {
    case 'unknown-field':
      return undefined;
    case 'missing-field':
      return `${formatPath([...i.path, i.field])}: Required value`;
    case 'wrong-type':
      return `${at}: Invalid value: "${typeName(i.found)}": ${at} in body must be of type ${i.expected.join(',')}: "${typeName(i.found)}"`;
    case 'not-in-enum':
      return `${at}: Unsupported value: ${shownValue(i.found)}: supported values: ${i.allowed.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid':
      return i.message;
  }
}

function metadataIssues(value: unknown, path: Path): CrIssue[] {
  return validateAgainstSchema(OBJECT_META, value).map((i) => ({ ...i, path: [...path, ...i.path] }) as CrIssue);
}

/** `kubectl apply` of a custom resource whose kind is served: decode, validate, default, store. */
export function applyCustomResource(sim: Sim, info: ResourceInfo, manifest: Record<string, unknown>, obj: KObject, defaultNamespace: string): { result: 'created' | 'configured' | 'unchanged'; obj: KObject } {
  const crd = info.custom!.crd;
  const versionName = obj.apiVersion.slice(crd.group.length + 1);
  const version: CrdVersion | undefined = crd.versions.find((v) => v.name === versionName);
  if (!version || !version.served) throw noMatch(obj);
  if (info.namespaced) obj.metadata.namespace ||= defaultNamespace;
  else delete obj.metadata.namespace;
  const existing = sim.store.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
  const verdict = validateCustomResource(version, manifest, { validateMetadata: metadataIssues, oldValue: existing ? deepCopy(existing) : undefined });
  const issues = verdict.issues.slice();
  if (manifest.metadata && typeof manifest.metadata === 'object') issues.push(...metadataIssues(manifest.metadata, ['metadata']));
  // Strict decoding fails before validation, as with kubectl's default --validate=strict.
  const unknown = issues.filter((i) => i.type === 'unknown-field');
  if (unknown.length) {
    throw new ApiError('BadRequest', `${crd.names.kind} in version "${version.name}" cannot be handled as a ${crd.names.kind}: strict decoding error: ${unknown.map((i) => `unknown field "${formatPath(i.path)}"`).join(', ')}`);
  }
  const errs = issues.map(issueText).filter((t): t is string => !!t);
  for (const r of verdict.rules) {
    if (r.type === 'failed') errs.push(r.message);
    else sim.assume(`${info.qualified}`, `validation rule not evaluated (${r.reason}): ${r.rule.length > 120 ? r.rule.slice(0, 117) + '...' : r.rule}; the simulation admits the object`);
  }
  const badName = nameInvalid(obj);
  if (badName) throw badName;
  if (errs.length) throw invalid(crd.names.kind, obj.metadata.name, errs);
  // A deprecated version is served with a warning (the CRD's text, else the API server's default).
  if (version.deprecated) sim.store.warnings.push(version.deprecationWarning || `${crd.group}/${version.name} ${crd.names.kind} is deprecated`);
  sim.assume(info.qualified, `${crd.names.kind} resources are validated, defaulted and stored; their controller (the operator that acts on them) is not simulated, so nothing it would create or change appears`);

  // What is stored: unknown fields pruned, schema defaults applied; metadata and status as the API server keeps them.
  const stored = storedForm(version, manifest) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(stored)) if (k !== 'apiVersion' && k !== 'kind' && k !== 'metadata' && k !== 'status') body[k] = v;
  // Read back in the preferred version, as kubectl asks for it (no conversion webhooks: the same fields).
  obj.apiVersion = info.apiVersion;
  if (!existing) {
    Object.assign(obj, body);
    return { result: 'created', obj: sim.store.create(obj) };
  }
  const before = stableStringify([bodyOf(existing), existing.metadata.labels, existing.metadata.annotations]);
  const bodyBefore = stableStringify(bodyOf(existing));
  for (const k of Object.keys(bodyOf(existing))) delete existing[k];
  Object.assign(existing, body);
  existing.apiVersion = obj.apiVersion;
  existing.metadata.labels = obj.metadata.labels;
  existing.metadata.annotations = obj.metadata.annotations;
  if (stableStringify([bodyOf(existing), existing.metadata.labels, existing.metadata.annotations]) === before) return { result: 'unchanged', obj: existing };
  sim.store.update(existing, stableStringify(bodyOf(existing)) !== bodyBefore);
  return { result: 'configured', obj: existing };
}

function bodyOf(o: KObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (k !== 'apiVersion' && k !== 'kind' && k !== 'metadata' && k !== 'status') out[k] = v;
  return out;
}

/** The served versions of a custom kind, preferred first (for explain and api-resources). */
export function servedVersionNames(info: ResourceInfo): string[] {
  return info.custom ? servedVersions(info.custom.crd).map((v) => v.name) : [];
}
