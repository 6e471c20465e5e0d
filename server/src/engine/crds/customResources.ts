import { fixTitle, localizable, msg, type MessageRef } from '../messages';
import type { Finding, Fix } from '../findings';
import { rangeForPath, valueRange, type PathSegment, type YamlDoc, type YamlFile } from '../yaml/documents';
import { groupOf, type JsonSchema } from '../schema/registry';
import { issuesToFindings } from '../schema/messages';
import { validateObject } from '../schema/validate';
import { suggest } from '../schema/didYouMean';
import { crdProblems, type CrdDefinition, type CrdVersion, type Path, type StructuralSchema } from '../../api/crd/definition';
import { servedVersions, validateCustomResource, type CustomResourceRegistry } from '../../api/crd/registry';
import type { CrIssue } from '../../api/crd/structural';

/**
 * Findings for custom resources whose group a CRD of the workspace (or an extra source)
 * registers: kind and version, scope, schema and CEL rules; and findings for invalid CRDs.
 */

export const CR_CODES = {
  invalidValue: 'invalid-value',
  duplicateListItem: 'duplicate-list-item',
  validationRule: 'validation-rule',
  ruleNotEvaluated: 'validation-rule-not-evaluated',
  deprecatedVersion: 'deprecated-api-version',
  clusterScopedNamespace: 'cluster-scoped-namespace',
  invalidCrd: 'invalid-crd',
} as const;

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Problems of a CRD document (the API server would reject the CRD), at the path they concern. */
export function crdDocumentFindings(file: YamlFile, doc: YamlDoc, value: unknown, base: PathSegment[]): Finding[] {
  return crdProblems(value).map((p) => ({
    range: rangeForPath(file, doc, [...base, ...p.path], 'key'),
    severity: 'error' as const,
    code: CR_CODES.invalidCrd,
    ...localizable(msg('crd.invalid', { error: p.message })),
  }));
}

/** ObjectMeta validation through the bundled schema (metadata of the root and of embedded objects). */
function metadataIssues(value: unknown, path: Path): CrIssue[] {
  return validateObject(OBJECT_META, value).map((i) => ({ ...i, path: [...path, ...i.path] }) as CrIssue);
}

/** The schema at a path below a version's root (for did-you-mean, hints and placeholders). */
function schemaAt(root: StructuralSchema | undefined, path: readonly PathSegment[]): JsonSchema | undefined {
  let s: StructuralSchema | undefined = root;
  for (const seg of path) {
    if (!s) return undefined;
    if (typeof seg === 'number') s = s.items;
    else if (s.properties && Object.prototype.hasOwnProperty.call(s.properties, seg)) s = s.properties[seg];
    else if (typeof s.additionalProperties === 'object') s = s.additionalProperties;
    else return undefined;
  }
  return s as JsonSchema | undefined;
}

function replaceValueFix(file: YamlFile, doc: YamlDoc, path: PathSegment[], newText: string, title: MessageRef, preferred: boolean): Fix | undefined {
  const range = valueRange(file, doc, path);
  return range ? { ...fixTitle(title), edits: [{ range, newText }], preferred } : undefined;
}

export interface CustomResourceTarget {
  apiVersion: string;
  kind: string;
  value: Record<string, unknown>;
  base: PathSegment[];
}

/**
 * Findings for one object of a group the registry knows, or undefined when it does not know the
 * group (the object then keeps the "not checked" note).
 */
export function customResourceFindings(file: YamlFile, doc: YamlDoc, target: CustomResourceTarget, registry: CustomResourceRegistry): Finding[] | undefined {
  const { apiVersion, kind, value, base } = target;
  const group = groupOf(apiVersion);
  if (!group || !registry.knowsGroup(group)) return undefined;
  const version = apiVersion.slice(group.length + 1);
  const at = (...p: PathSegment[]): PathSegment[] => [...base, ...p];
  const out: Finding[] = [];
  let crd = registry.find(group, kind);
  if (!crd) {
    const kinds = [...new Set(registry.kindsInGroup(group).map((d) => d.names.kind))];
    const ranked = suggest(kind, kinds, 3);
    const fixes: Fix[] = [];
    for (const s of ranked) {
      const f = replaceValueFix(file, doc, at('kind'), s.value, msg('fix.change-kind', { kind: s.value }), fixes.length === 0);
      if (f) fixes.push(f);
    }
    const hint = ranked.length > 0 ? msg('crd.unknown-kind.did-you-mean', { kind: ranked[0].value }) : msg('crd.unknown-kind.defined', { group, kinds: kinds.sort().join(', ') });
    out.push({
      range: rangeForPath(file, doc, at('kind')),
      severity: 'error',
      code: 'unknown-kind',
      ...localizable(msg('crd.unknown-kind', { kind, apiVersion, hint })),
      fixes: fixes.length ? fixes : undefined,
    });
    // A close misspelling is checked as the kind it most likely means, so field errors still show.
    if (ranked.length === 0 || ranked[0].score > 4) return out;
    crd = registry.find(group, ranked[0].value);
    if (!crd) return out;
  }
  const found = crd.versions.find((v) => v.name === version);
  let checkAs: CrdVersion | undefined = found;
  if (!found || !found.served) {
    const served = servedVersions(crd);
    const names = served.map((v) => `${group}/${v.name}`);
    const fixes: Fix[] = [];
    for (const v of served) {
      const f = replaceValueFix(file, doc, at('apiVersion'), `${group}/${v.name}`, msg('fix.change-api-version', { apiVersion: `${group}/${v.name}` }), fixes.length === 0);
      if (f) fixes.push(f);
    }
    const why = msg(found ? 'crd.version-not-served' : 'crd.no-such-version', { version, kind: crd.names.kind });
    out.push({
      range: rangeForPath(file, doc, at('apiVersion')),
      severity: 'error',
      code: 'wrong-api-version',
      ...localizable(msg('crd.wrong-version', { kind, apiVersion, why, served: names.length ? names.join(', ') : msg('crd.served-none') })),
      fixes: fixes.length ? fixes : undefined,
    });
    // Field errors are still worth showing when only one version could be meant.
    checkAs = served.length === 1 ? served[0] : undefined;
  } else if (found.deprecated) {
    out.push({
      range: rangeForPath(file, doc, at('apiVersion')),
      severity: 'warning',
      code: CR_CODES.deprecatedVersion,
      message: found.deprecationWarning || `${apiVersion} ${crd.names.kind} is deprecated`,
    });
  }

  const metadata = value.metadata;
  if (crd.scope === 'Cluster' && !crd.fromCatalog && metadata && typeof metadata === 'object' && typeof (metadata as Record<string, unknown>).namespace === 'string' && (metadata as Record<string, unknown>).namespace !== '') {
    out.push({
      range: rangeForPath(file, doc, at('metadata', 'namespace'), 'key'),
      severity: 'warning',
      code: CR_CODES.clusterScopedNamespace,
      ...localizable(msg('cluster-scoped-namespace', { kind: crd.names.kind })),
      fixes: namespaceRemovalFix(file, doc, at('metadata', 'namespace')),
    });
  }

  if (!checkAs || !checkAs.schema) return out;
  out.push(...schemaFindings(file, doc, crd.fromCatalog ? kind : crd.names.kind, crd, checkAs, value, base));
  return out;
}

function namespaceRemovalFix(file: YamlFile, doc: YamlDoc, path: PathSegment[]): Fix[] | undefined {
  const key = rangeForPath(file, doc, path, 'key');
  if (key.start.line !== rangeForPath(file, doc, path, 'value').end.line) return undefined;
  return [{ ...fixTitle(msg('fix.remove-namespace')), edits: [{ range: { start: { line: key.start.line, character: 0 }, end: { line: key.start.line + 1, character: 0 } }, newText: '' }], preferred: true }];
}

function schemaFindings(file: YamlFile, doc: YamlDoc, kindName: string, crd: CrdDefinition, version: CrdVersion, value: Record<string, unknown>, base: PathSegment[]): Finding[] {
  const out: Finding[] = [];
  const verdict = validateCustomResource(version, value, { validateMetadata: metadataIssues });
  const issues = verdict.issues.slice();
  if (value.metadata && typeof value.metadata === 'object') issues.push(...metadataIssues(value.metadata, ['metadata']));
  const root = version.schema;
  const label = `${crd.group}/${version.name} ${kindName}`;
  const standard = issues.filter((i) => i.type !== 'invalid');
  out.push(
    ...issuesToFindings(standard, {
      file,
      doc,
      base,
      definition: '',
      label,
      schemaAt: (p) => (p[0] === 'metadata' ? undefined : schemaAt(root, p)),
    }),
  );
  for (const i of issues) {
    if (i.type !== 'invalid') continue;
    out.push({ range: rangeForPath(file, doc, [...base, ...i.path], 'value'), severity: 'error', code: i.code, message: i.message });
  }
  const ruleRange = (path: Path) => (path.length === 0 ? rangeForPath(file, doc, [...base, 'kind']) : rangeForPath(file, doc, [...base, ...path], 'key'));
  const notEvaluated = new Set<string>();
  for (const r of verdict.rules) {
    if (r.type === 'failed') {
      out.push({ range: ruleRange(r.path), severity: 'error', code: CR_CODES.validationRule, message: r.message });
    } else if (!notEvaluated.has(r.rule)) {
      notEvaluated.add(r.rule);
      out.push({
        range: ruleRange(r.path),
        severity: 'information',
        code: CR_CODES.ruleNotEvaluated,
        ...localizable(msg('crd.rule-not-evaluated', { reason: r.returned ? msg('crd.rule-not-boolean', { type: r.returned }) : r.reason, rule: r.rule.length > 120 ? r.rule.slice(0, 117) + '...' : r.rule })),
      });
    }
  }
  return out;
}
