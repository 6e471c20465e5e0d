import type { CrdDefinition, CrdVersion, Path, StructuralSchema } from './definition';
import { compileSchema, validateStructural, pruneAndDefault, type CompiledNode, type CrIssue } from './structural';
import { evaluateRules, type RuleOutcome } from './cel';
import { versionRank } from '../../engine/schema/registry';

/**
 * The custom kinds the user's CRDs register: looked up by group and kind (documents), by resource
 * name, short name or category (kubectl), and validated with the served version's schema.
 *
 * This is the piece a shared validation calls for kinds that are not built in: `lookup` says
 * whether a group/version/kind is known, `validate` returns the API server's verdict.
 */
export class CustomResourceRegistry {
  private readonly byGroup = new Map<string, CrdDefinition[]>();
  private readonly byResource = new Map<string, CrdDefinition[]>();
  private readonly byCategory = new Map<string, CrdDefinition[]>();
  /** Per-registry memo of results keyed by document text (owned by callers through `memo`). */
  readonly memo = new Map<string, unknown>();

  constructor(readonly definitions: readonly CrdDefinition[]) {
    for (const d of definitions) {
      push(this.byGroup, d.group, d);
      if (d.fromCatalog) continue;
      for (const n of new Set([d.names.plural, d.names.singular, d.names.kind.toLowerCase(), ...d.names.shortNames])) if (n) push(this.byResource, n, d);
      push(this.byResource, `${d.names.plural}.${d.group}`, d);
      for (const c of d.names.categories) push(this.byCategory, c, d);
    }
  }

  get size(): number {
    return this.definitions.length;
  }

  knowsGroup(group: string): boolean {
    return this.byGroup.has(group);
  }

  kindsInGroup(group: string): readonly CrdDefinition[] {
    return this.byGroup.get(group) ?? [];
  }

  /** The CRD of a kind in a group (a catalog entry matches the kind case-insensitively: its file names are lower case). */
  find(group: string, kind: string): CrdDefinition | undefined {
    const list = this.byGroup.get(group);
    if (!list) return undefined;
    const exact = list.filter((d) => d.names.kind === kind);
    if (exact.length > 0) return exact.find((d) => !d.fromCatalog) ?? exact[0];
    const lower = kind.toLowerCase();
    return list.find((d) => d.fromCatalog && d.names.kind.toLowerCase() === lower);
  }

  /** A CRD with its version, when both exist; `served` is checked by the caller. */
  lookup(apiVersion: string, kind: string): { crd: CrdDefinition; version?: CrdVersion } | undefined {
    const i = apiVersion.indexOf('/');
    if (i < 0) return undefined;
    const group = apiVersion.slice(0, i);
    const version = apiVersion.slice(i + 1);
    const crd = this.find(group, kind);
    if (!crd) return undefined;
    const fromCatalog = crd.fromCatalog ? this.kindsInGroup(group).find((d) => d.fromCatalog && d.names.kind.toLowerCase() === kind.toLowerCase() && d.versions.some((v) => v.name === version)) : undefined;
    const def = fromCatalog ?? crd;
    return { crd: def, version: def.versions.find((v) => v.name === version) };
  }

  /** Kinds a kubectl resource word names: plural, singular, short name, `plural.group`, or a category. */
  resolveResource(word: string): CrdDefinition[] {
    const w = word.toLowerCase();
    return this.byResource.get(w) ?? this.byCategory.get(w) ?? [];
  }

  categories(): string[] {
    return [...this.byCategory.keys()];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Versions a client may use, the preferred first (as kubectl's discovery orders them: by version priority). */
export function servedVersions(crd: CrdDefinition): CrdVersion[] {
  return crd.versions.filter((v) => v.served).sort((a, b) => versionRank(b.name) - versionRank(a.name));
}

export function storageVersion(crd: CrdDefinition): CrdVersion | undefined {
  return crd.versions.find((v) => v.storage) ?? servedVersions(crd)[0];
}

// ---------------------------------------------------------------------------
// Compiled schemas, once per schema object (schemas come from CRD definitions that callers keep
// per CRD text, so this is once per CRD content).

const compiled = new WeakMap<StructuralSchema, CompiledNode>();

export function compiledSchema(version: CrdVersion): CompiledNode | undefined {
  const s = version.schema;
  if (!s || typeof s !== 'object') return undefined;
  let c = compiled.get(s);
  if (!c) {
    c = compileSchema(s);
    compiled.set(s, c);
  }
  return c;
}

export interface CustomResourceVerdict {
  issues: CrIssue[];
  rules: RuleOutcome[];
}

export interface ValidateCustomResourceOptions {
  /** ObjectMeta validation for embedded resources' metadata (the built-in schema lives above this layer). */
  validateMetadata?: (value: unknown, path: Path) => CrIssue[];
  /** The stored object an update replaces: transition rules (`oldSelf`) run only with it. */
  oldValue?: unknown;
}

/** The API server's verdict on a custom resource of this version (schema, then CEL rules). */
export function validateCustomResource(version: CrdVersion, value: unknown, options: ValidateCustomResourceOptions = {}): CustomResourceVerdict {
  const root = compiledSchema(version);
  if (!root) return { issues: [], rules: [] };
  const { issues, ruleSites } = validateStructural(root, value, options);
  let sites = ruleSites;
  // The API server defaults before it validates: CEL rules see defaulted fields.
  if (sites.length > 0) {
    const oldValue = options.oldValue === undefined ? undefined : pruneAndDefault(root, options.oldValue);
    sites = validateStructural(root, pruneAndDefault(root, value), { ...options, oldValue }).ruleSites;
  }
  const rules = sites.length > 0 ? evaluateRules(sites) : [];
  return { issues, rules };
}

/** The object as the API server stores it: unknown fields pruned, schema defaults applied. */
export function storedForm(version: CrdVersion, value: unknown): unknown {
  const root = compiledSchema(version);
  return root ? pruneAndDefault(root, value) : value;
}
