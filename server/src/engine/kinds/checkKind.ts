import { isMap, type Node, type YAMLMap } from 'yaml';
import type { Finding, Fix, Range } from '../findings';
import { localizable, msg, fixTitle } from '../messages';
import { rangeForPath, valueRange, type PathSegment, type YamlDoc, type YamlFile } from '../yaml/documents';
import { KUBERNETES_VERSION, creatableKinds, groupOf, isBuiltInApiVersion, isBuiltInGroup, lookupKind, versionsOfKind, type KindEntry } from '../schema/registry';
import { suggest } from '../schema/didYouMean';
import { findRemovedApi, isRemovedGroupVersion } from '../version/featureTable';

/**
 * apiVersion + kind checks for one Kubernetes document: unknown kinds (with suggestions), kinds
 * under the wrong apiVersion, removed APIs, and the one note a custom resource gets.
 */

export const KIND_CODES = {
  unknownKind: 'unknown-kind',
  wrongApiVersion: 'wrong-api-version',
  removedApi: 'removed-api-version',
  customResource: 'custom-resource',
} as const;

export interface KindCheck {
  findings: Finding[];
  /** The schema to validate the document against (a suggested kind when the kind is misspelt). */
  validateAs?: KindEntry;
}

/** API groups of configuration files read by tools, never sent to a cluster: no note for them. */
const CONFIG_GROUPS = new Set([
  'kustomize.config.k8s.io',
  'kind.x-k8s.io',
  'kubeadm.k8s.io',
  'audit.k8s.io',
  'client.authentication.k8s.io',
  'imagepolicy.k8s.io',
  'eventratelimit.admission.k8s.io',
  'apiserver.k8s.io',
  'config.kubernetes.io',
  'kpt.dev',
  'fn.kpt.dev',
  'builtin',
  'skaffold',
  'ctlptl.dev',
  'k3d.io',
]);

/** Core-group kinds that are files, not API objects (`kind: Config` is a kubeconfig). */
const CORE_FILE_KINDS = new Set(['Config', 'List']);

export function isConfigApiVersion(apiVersion: string): boolean {
  // kustomize's built-in transformers and generators: `apiVersion: builtin`, no group at all.
  if (apiVersion === 'builtin' || apiVersion.startsWith('builtin/')) return true;
  const group = groupOf(apiVersion);
  return CONFIG_GROUPS.has(group) || group.endsWith('.config.k8s.io') || group.endsWith('.config.kubernetes.io');
}

/** The quick fix that sets apiVersion to `newText`. */
function replaceValueFix(file: YamlFile, doc: YamlDoc, path: PathSegment[], newText: string): Fix | undefined {
  const range = valueRange(file, doc, path);
  if (!range) return undefined;
  return { ...fixTitle(msg('fix.change-api-version', { apiVersion: newText })), edits: [{ range, newText }], preferred: true };
}

function preferred(kind: string): KindEntry | undefined {
  return versionsOfKind(kind)[0];
}

/** The object being checked: the document itself, or an item of a `kind: List` at `base`. */
export interface KindTarget {
  apiVersion: string;
  kind: string;
  base: PathSegment[];
}

export function checkKind(file: YamlFile, doc: YamlDoc, target: KindTarget = { apiVersion: doc.apiVersion!, kind: doc.kind!, base: [] }): KindCheck {
  const { apiVersion, kind, base } = target;
  const at = (key: string): PathSegment[] => [...base, key];
  const known = lookupKind(apiVersion, kind);
  if (known) return { findings: [], validateAs: known };

  if (apiVersion === 'v1' && CORE_FILE_KINDS.has(kind)) return { findings: [] };
  if (isConfigApiVersion(apiVersion)) return { findings: [] };

  // Every branch below reports: the ranges are found only now (config files above need none).
  const apiRange: Range = rangeForPath(file, doc, at('apiVersion'));
  const kindRange: Range = rangeForPath(file, doc, at('kind'));
  const group = groupOf(apiVersion);

  const removed = findRemovedApi(apiVersion, kind);
  if (removed) {
    const replacement = removed.replacement;
    const fix = replacement ? replaceValueFix(file, doc, at('apiVersion'), replacement) : undefined;
    const then = replacement ? msg('api-version.use', { apiVersion: replacement }) : '';
    const note = removed.note ? msg('api-version.note', { note: removed.note }) : '';
    return {
      findings: [
        {
          range: apiRange,
          severity: 'error',
          code: KIND_CODES.removedApi,
          ...localizable(msg('api-version.removed', { apiVersion, kind, removedIn: String(removed.removedIn), then, note })),
          fixes: fix ? [fix] : undefined,
        },
      ],
    };
  }

  const servedElsewhere = preferred(kind);
  // API groups of custom resources always contain a dot; a dot-less unknown group is a typo.
  const customGroup = group.includes('.') && !isBuiltInGroup(group) && !isRemovedGroupVersion(apiVersion);
  if (customGroup) {
    return {
      findings: [
        {
          range: apiRange,
          severity: 'information',
          code: KIND_CODES.customResource,
          ...localizable(msg('api-version.custom-resource', { apiVersion, kind, group })),
        },
      ],
    };
  }

  if (servedElsewhere && servedElsewhere.creatable) {
    const others = versionsOfKind(kind).map((k) => k.apiVersion);
    const fix = replaceValueFix(file, doc, at('apiVersion'), servedElsewhere.apiVersion);
    const where = isBuiltInApiVersion(apiVersion) ? msg('api-version.wrong.no-kind', { apiVersion, kind }) : msg('api-version.wrong.not-kubernetes', { apiVersion });
    return {
      findings: [
        {
          range: apiRange,
          severity: 'error',
          code: KIND_CODES.wrongApiVersion,
          ...localizable(msg('api-version.wrong', { where, kind, versions: others.join(', '), apiVersion: servedElsewhere.apiVersion })),
          fixes: fix ? [fix] : undefined,
        },
      ],
      validateAs: servedElsewhere,
    };
  }

  // Unknown kind: rank the kinds of this apiVersion first, then every creatable kind.
  const all = creatableKinds();
  const ranked = suggest(kind, all, 3);
  const best = ranked[0] ? preferred(ranked[0].value) : undefined;
  const scope = isBuiltInApiVersion(apiVersion) ? ` in ${apiVersion}` : '';
  if (!best) {
    return {
      findings: [
        {
          range: kindRange,
          severity: 'error',
          code: KIND_CODES.unknownKind,
          ...localizable(msg('unknown-kind.none', { kind, scope: scope ? msg('unknown-kind.scope', { apiVersion }) : '', version: KUBERNETES_VERSION })),
        },
      ],
    };
  }
  const servedHere = lookupKind(apiVersion, best.kind);
  const suggested = servedHere ?? best;
  const fixes: Fix[] = [];
  for (const s of ranked) {
    const entry = lookupKind(apiVersion, s.value) ?? preferred(s.value);
    if (!entry) continue;
    const kr = valueRange(file, doc, at('kind'));
    if (!kr) continue;
    const edits = [{ range: kr, newText: entry.kind }];
    const needsApi = entry.apiVersion !== apiVersion;
    if (needsApi) {
      const ar = valueRange(file, doc, at('apiVersion'));
      if (ar) edits.push({ range: ar, newText: entry.apiVersion });
    }
    fixes.push({
      ...fixTitle(needsApi ? msg('fix.change-kind-api', { kind: entry.kind, apiVersion: entry.apiVersion }) : msg('fix.change-kind', { kind: entry.kind })),
      edits,
      preferred: fixes.length === 0,
    });
  }
  const suggestion = suggested.apiVersion === apiVersion ? `"${suggested.kind}"` : msg('unknown-kind.suggestion-api', { kind: suggested.kind, apiVersion: suggested.apiVersion });
  const scoped = isBuiltInApiVersion(apiVersion) ? msg('unknown-kind.scope', { apiVersion }) : '';
  return {
    findings: [
      {
        range: kindRange,
        severity: 'error',
        code: KIND_CODES.unknownKind,
        ...localizable(msg('unknown-kind.did-you-mean', { kind, scope: scoped, suggestion })),
        fixes: fixes.length ? fixes : undefined,
      },
    ],
    // Close misspellings are checked as the kind they most likely mean, so field errors still show.
    validateAs: ranked[0].score <= 4 ? suggested : undefined,
  };
}

/**
 * A document that is clearly meant as a manifest (a built-in kind, or a built-in apiVersion, plus
 * metadata) but lacks apiVersion or kind: kubectl refuses it, so say which one is missing.
 */
export function checkIncompleteHeader(file: YamlFile, doc: YamlDoc): Finding[] {
  const v = doc.value;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
  const obj = v as Record<string, unknown>;
  const hasMetadata = !!obj.metadata && typeof obj.metadata === 'object';
  if (!hasMetadata) return [];
  if (typeof obj.kind === 'string' && obj.apiVersion === undefined) {
    const entry = preferred(obj.kind);
    if (!entry || !entry.creatable) return [];
    const root = doc.doc.contents as Node | null;
    const first = isMap(root) ? ((root as YAMLMap<Node, unknown>).items[0]?.key as Node | undefined) : undefined;
    const fixes: Fix[] = [];
    if (first?.range && !(root as YAMLMap).flow) {
      const pos = file.lines.positionAt(doc.start + first.range[0]);
      fixes.push({ ...fixTitle(msg('fix.add-api-version', { apiVersion: entry.apiVersion })), edits: [{ range: { start: pos, end: pos }, newText: `apiVersion: ${entry.apiVersion}\n${' '.repeat(pos.character)}` }], preferred: true });
    }
    return [
      {
        range: rangeForPath(file, doc, ['kind'], 'key'),
        severity: 'error',
        code: 'missing-required-field',
        ...localizable(msg('missing-required-field.api-version', { kind: obj.kind, apiVersion: entry.apiVersion })),
        fixes: fixes.length ? fixes : undefined,
      },
    ];
  }
  const noKind = obj.kind === undefined || obj.kind === null || obj.kind === '';
  if (typeof obj.apiVersion === 'string' && noKind && isBuiltInApiVersion(obj.apiVersion)) {
    return [
      {
        // `kind:` left empty is on its own line; an absent kind is reported on apiVersion.
        range: rangeForPath(file, doc, [obj.kind === undefined ? 'apiVersion' : 'kind'], 'key'),
        severity: 'error',
        code: 'missing-required-field',
        ...localizable(msg('missing-required-field.kind', { apiVersion: obj.apiVersion, kinds: versionsOfKindIn(obj.apiVersion) })),
      },
    ];
  }
  return [];
}

function versionsOfKindIn(apiVersion: string): string {
  const kinds = creatableKinds().filter((k) => lookupKind(apiVersion, k));
  return kinds.slice(0, 3).join(', ') || 'Pod';
}
