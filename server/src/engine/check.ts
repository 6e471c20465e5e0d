import { localizable, msg } from './messages';
import { syntaxDetail } from './yaml/syntaxMessages';
import type { Finding, Range } from './findings';
import { severityRank } from './findings';
import { cloneFinding, hasDeferredFixes } from './deferredFixes';
import { documentBeforeEdit, documentHeadRange, documentIdentity, MAX_ALIAS_COUNT, MAX_FILE_CHARS, standaloneDoc, type FileEdit, type PathSegment, type YamlDoc, type YamlFile } from './yaml/documents';
import { checkIncompleteHeader, checkKind } from './kinds/checkKind';
import { validateObjectSteps } from './schema/validate';
import { issuesToFindingsSteps } from './schema/messages';
import { drain, ITEMS_PER_STEP, type Steps } from './steps';
import { DEFAULT_SETTINGS, profileIncludes, type Settings } from './config';
import { recordIndexReads, WorkspaceIndex, type IndexedObject } from './workspace/index';
import { RULES, type Rule } from './rules/index';
import { valueAt } from './workspace/podTemplate';
import { kustomizeConfigFiles, kustomizePatchFiles, normalizeUri } from './kustomizePatches';
import { PREDICTION_RULES } from './dryrun/predictionRules';
import { crdDocumentFindings, customResourceFindings } from './crds/customResources';
import { registryForWorkspace } from './crds/sources';
import type { CustomResourceRegistry } from '../api/crd/registry';
import { groupOf, isBuiltInGroup } from './schema/registry';
import { CRD_API_VERSION, type CrdDefinition } from '../api/crd/definition';

/**
 * Everything the CLI and the server report for a file: YAML syntax and duplicate keys, kind and
 * apiVersion checks, schema validation, then the semantic rules; then settings and suppressions.
 *
 * The per-document part (syntax, kind, schema) depends only on the document's text, so it is
 * cached by that text with ranges relative to the document: an edit re-validates one document.
 */

import { checkWorkspaceConfig, isWorkspaceConfigFile, workspaceRuleConfig } from './workspaceConfigCheck';
import { versionFindings } from './version/versionFindings';
import { DEFAULT_MINOR, effectiveKubernetesVersion, parseKubernetesVersion } from './version/kubernetesVersion';

export const SOURCE = 'kube-rehearsal';

export const CHECK_CODES = {
  syntax: 'yaml-syntax',
  duplicateKey: 'duplicate-key',
  internalError: 'internal-error',
  fileTooLarge: 'file-too-large',
  aliasLimit: 'yaml-alias-limit',
} as const;

/** One line per code this module and its checks emit (docs/rules.md has the long form). */
export const CODE_DESCRIPTIONS: Record<string, string> = {
  'yaml-syntax': 'The YAML cannot be parsed.',
  'duplicate-key': 'A key appears twice in the same map; kubectl keeps the later value and drops the earlier one.',
  'yaml-alias-limit': 'Aliases would expand the document beyond the bounds (nodes, depth, count): it is not read.',
  'unknown-kind': 'The kind is not a Kubernetes kind (with the closest kinds suggested).',
  'wrong-api-version': 'The kind exists, but not under this apiVersion.',
  'removed-api-version': 'The apiVersion of this kind was removed from Kubernetes.',
  'custom-resource': 'A custom resource whose CRD is not in the workspace: its fields are not checked.',
  'invalid-value': 'A value the schema constrains (pattern, format, bounds, length, anyOf/oneOf) is out of bounds.',
  'duplicate-list-item': 'An item repeats in a list the schema declares a set or a map by keys.',
  'validation-rule': 'A CEL rule (x-kubernetes-validations) of the CRD fails for this object.',
  'validation-rule-not-evaluated': 'A CEL rule uses a function this evaluator does not have: it is not evaluated.',
  'deprecated-api-version': 'The apiVersion is deprecated in the target Kubernetes version (a CRD marks it so, or a later release removes it).',
  'api-not-in-version': 'The apiVersion of this kind came in a later Kubernetes release than the target version.',
  'field-not-in-version': 'A field or enum value that came in a later Kubernetes release than the target version: the API server rejects it.',
  'field-disabled-in-version': 'A field behind a feature gate that is off by default in the target Kubernetes version: the API server drops it (or rejects the value).',
  'cluster-scoped-namespace': 'metadata.namespace on a cluster-scoped custom resource: the API server drops it.',
  'invalid-crd': 'The CustomResourceDefinition itself would be rejected by the API server.',
  'unknown-field': 'A field the schema of the kind does not have.',
  'missing-required-field': 'A field the API server requires is absent.',
  'wrong-type': 'A value of the wrong type (for example a string where an integer belongs).',
  'value-not-in-enum': 'A value outside the closed set the API server accepts.',
  'internal-error': 'A check failed unexpectedly; the other findings are still reported.',
  'file-too-large': 'The file is larger than 16 MB and is not validated (generated data, not a hand-written manifest).',
  'workspace-config': 'The workspace file .kube-rehearsal.yaml does not match its schema.',
  'kustomize-build': 'kustomize could not build a kustomization (its own message, on the entry it names).',
};

export function describeCode(code: string): string | undefined {
  return CODE_DESCRIPTIONS[code] ?? PREDICTION_RULES[code] ?? RULES.find((r) => r.id === code)?.description;
}

export interface CheckOptions {
  settings?: Settings;
  /** The workspace the cross-file rules look at (defaults to an index of the checked files). */
  index?: WorkspaceIndex;
  /** Normalized URIs of kustomize patch files (see kustomizePatchFiles). */
  patchFiles?: ReadonlySet<string>;
  /** Normalized URIs of kustomize's own configuration files (see kustomizeConfigFiles): read for syntax only. */
  configFiles?: ReadonlySet<string>;
  /** The CRDs custom resources are checked against (defaults to the CRDs in the index plus extraCrds). */
  crds?: CustomResourceRegistry;
  /** CRDs from outside the workspace (kubeRehearsal.crds, --crds); keep the same array between calls. */
  extraCrds?: readonly CrdDefinition[];
  /**
   * The Kubernetes minor release (of 1.x) to judge for. Without it: settings.kubernetesVersion, then
   * (checkFiles only) the files' .kube-rehearsal.yaml targetVersion, then the newest.
   */
  kubernetesMinor?: number;
  /** The documents are objects sent to the API server as they are: never read as patches (`$patch` is then a field). */
  asSent?: boolean;
}

/** The target minor of a check: the option, else a valid settings.kubernetesVersion, else the newest. */
export function targetMinorOf(options: CheckOptions): number {
  if (options.kubernetesMinor !== undefined) return options.kubernetesMinor;
  const raw = options.settings?.kubernetesVersion;
  if (raw) {
    const p = parseKubernetesVersion(raw);
    if ('minor' in p) return p.minor;
  }
  return DEFAULT_MINOR;
}

const CHART_OWN_FILE = /(?:^|[\\/])(?:Chart\.ya?ml|Chart\.lock|values\.schema\.json)$/;
const VALUES_FILE = /(?:^|[\\/])values(?:[-.][\w.-]+)?\.ya?ml$/;

/** A Helm chart's own files (Chart.yaml, values.schema.json, and values*.yaml next to a Chart.yaml): never manifests. */
export function isChartMetadataFile(uri: string, index?: WorkspaceIndex): boolean {
  if (CHART_OWN_FILE.test(uri)) return true;
  if (!VALUES_FILE.test(uri) || !index) return false;
  const dir = uri.slice(0, Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\')) + 1);
  return !!index.file(`${dir}Chart.yaml`) || !!index.file(`${dir}Chart.yml`);
}

const PATCH_DIRECTIVE = /\$(?:patch|setElementOrder|retainKeys|deleteFromPrimitiveList)\b/;
const KEY_TOKEN = /^(?:"[^"\n]*"|'[^'\n]*'|[^\n:#]+?)(?=[ \t]*:)/;
const LOOKS_KUBERNETES = /^[ \t]*["']?(?:apiVersion|kind)["']?[ \t]*:/m;

// ---------------------------------------------------------------------------
// Per-document findings, cached by text

/** Keyed by the document text itself (a key built from it would copy every document on every check). */
const docCache = new Map<string, DocumentVariants>();
/**
 * The same entries by parsed text (documentIdentity): a file's unchanged documents keep their
 * parse from edit to edit, so they are found without hashing their text again.
 */
const docCacheByParse = new WeakMap<object, DocumentVariants>();
const DOC_CACHE_LIMIT = 20000;
/** Keys hold the document text: bounded by size too, since every keystroke adds one. */
const DOC_CACHE_CHARS = 8 * 1024 * 1024;
let docCacheChars = 0;

/** A document's cached findings, by how it was checked: patch or resource, with or without the document rules. */
type Variant = 'Pr' | 'P-' | 'Rr' | 'R-';
/** The best-practice document rules' findings, as patch or resource (kept apart: most checks run without them). */
type PracticeVariant = 'Pp' | 'Rp';
type DocumentVariants = Partial<Record<Variant | PracticeVariant, Finding[]>> & {
  /** The findings last placed in a file (the same objects while the document stays on its line). */
  placed?: { variant: Variant; practice: boolean; line: number; uri: string; findings: Finding[] };
  /** What the entry holds, in characters: its text and its findings (counted in DOC_CACHE_CHARS). */
  weight?: number;
};
/**
 * About what one cached finding holds (message, ranges, fixes), counted twice: as computed and as
 * placed in its file. Without it a cache of documents with many findings outgrew its bound.
 */
const FINDING_CHARS = 2 * 400;

function localFile(file: YamlFile, doc: YamlDoc): { file: YamlFile; doc: YamlDoc } {
  const localDoc = standaloneDoc(doc);
  return { file: { uri: file.uri, text: doc.text, lines: file.lines.slice(doc.start, doc.end), docs: [localDoc], templated: doc.templated }, doc: localDoc };
}

function shiftRange(r: Range, lines: number): Range {
  return { start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } };
}

/**
 * `{ ...f, source, range }` (the same keys in the same order) by a loop over the keys: V8's spread
 * of a finding followed by a new key was most of the cost of placing 60,000 findings of one document.
 */
function copyWith(f: Finding, source: string, range?: Range): Finding {
  const out: Record<string, unknown> = {};
  for (const k in f) out[k] = (f as unknown as Record<string, unknown>)[k];
  out.source = source;
  if (range) out.range = range;
  return out as unknown as Finding;
}

/**
 * A finding placed `lines` further down in file `uri`. The copy carries its `source` from the
 * start: added afterwards to tens of thousands of spread copies, the property cost seconds.
 */
function shiftFinding(f: Finding, lines: number, uri: string): Finding {
  const source = f.source ?? SOURCE;
  if (hasDeferredFixes(f)) {
    // Deferred fixes are moved when they are computed.
    const out = cloneFinding(f, lines === 0 ? { source } : { source, range: shiftRange(f.range, lines) }, lines);
    if (f.related) out.related = f.related.map((r) => ({ ...r, file: r.file || uri, range: r.file && r.file !== uri ? r.range : shiftRange(r.range, lines) }));
    return out;
  }
  if (lines === 0 && !f.related) return copyWith(f, source);
  const out: Finding = copyWith(f, source, shiftRange(f.range, lines));
  if (f.fixes) out.fixes = f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ range: shiftRange(e.range, lines), newText: e.newText })) }));
  // Related locations in the same document were computed relative to it, like the finding.
  if (f.related) out.related = f.related.map((r) => ({ ...r, file: r.file || uri, range: r.file && r.file !== uri ? r.range : shiftRange(r.range, lines) }));
  return out;
}

/**
 * Where a quoted scalar that never closes opens: reads the text as YAML quotes it (a quote opens a
 * scalar only where one starts: after `: `, `- `, `[`, `{`, `,` or indentation; a backslash escapes
 * in double quotes, `''` in single ones; comments skipped) and returns the offset of the `quote`
 * left open at the end, or undefined when every one closes (then the parser's position stands).
 */
function unclosedQuote(text: string, quote: string): number | undefined {
  let open: { at: number; q: string } | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (open) {
      if (open.q === '"' && c === '\\') i++;
      else if (c === open.q) {
        if (open.q === "'" && text[i + 1] === "'") i++;
        else open = undefined;
      }
      continue;
    }
    const prev = i === 0 ? '\n' : text[i - 1];
    if (c === '#' && /\s/.test(prev)) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if ((c === '"' || c === "'") && /[\s\[{,]/.test(prev)) open = { at: i, q: c };
  }
  return open && open.q === quote ? open.at : undefined;
}

function syntaxFindings(file: YamlFile, doc: YamlDoc): { findings: Finding[]; fatal: boolean } {
  const findings: Finding[] = [];
  let fatal = false;
  for (const err of doc.syntaxErrors) {
    const [s, e] = err.pos;
    const duplicate = err.code === 'DUPLICATE_KEY';
    let end = e > s ? e : Math.min(s + 1, doc.text.length);
    if (duplicate) {
      // The parser points at the key's first character; cover the whole key.
      const key = KEY_TOKEN.exec(doc.text.slice(s, s + 512));
      if (key) end = s + key[0].length;
    }
    let range = file.lines.range(doc.start + s, doc.start + end);
    // An unclosed quote is found by the parser at the end of the text it swallowed: the problem
    // starts at the opening quote (from there to the end of its line).
    const quote = /^Missing closing (["'])quote/.exec(err.message)?.[1];
    const opened = quote !== undefined ? unclosedQuote(doc.text, quote) : undefined;
    if (opened !== undefined) range = { start: file.lines.positionAt(doc.start + opened), end: file.lines.positionAt(file.lines.lineEnd(file.lines.positionAt(doc.start + opened).line)) };
    if (range.end.line > range.start.line) range = { start: range.start, end: file.lines.positionAt(file.lines.lineEnd(range.start.line)) };
    if (!duplicate) fatal = true;
    // kubectl reads a duplicate key (YAML to JSON keeps the later value) and the API server never
    // sees it: a warning that the earlier value is dropped, not an error, and the document is
    // checked and simulated with the later value, as kubectl sends it.
    findings.push({
      range,
      severity: duplicate ? 'warning' : 'error',
      code: duplicate ? CHECK_CODES.duplicateKey : CHECK_CODES.syntax,
      ...(duplicate && /^Map keys must be unique/.test(err.message) ? localizable(msg('duplicate-key')) : duplicate ? { message: `duplicate key: ${firstLine(err.message)}` } : localizable(msg('yaml.syntax', { detail: syntaxDetail(readable(firstLine(err.message)), err.code) }))),
    });
  }
  if (doc.aliasProblem) {
    fatal = true;
    const [s, e] = doc.aliasProblem.pos;
    findings.push({ range: file.lines.range(doc.start + s, doc.start + Math.max(e, s + 1)), severity: 'error', code: CHECK_CODES.aliasLimit, message: doc.aliasProblem.message, l10n: doc.aliasProblem.l10n });
  }
  if (doc.valueError) {
    fatal = true;
    // The parser's own alias count bound ("billion laughs") is the same limit in other words.
    const aliases = /alias count/i.test(doc.valueError);
    findings.push({
      range: documentHeadRange(file, doc),
      severity: 'error',
      code: aliases ? CHECK_CODES.aliasLimit : CHECK_CODES.syntax,
      ...localizable(aliases ? msg('yaml.alias-count', { count: String(MAX_ALIAS_COUNT) }) : msg('yaml.unreadable', { detail: syntaxDetail(readable(doc.valueError)) })),
    });
  }
  return { findings, fatal };
}

/** The parser's stack overflow on absurd nesting, said in the user's terms. */
function readable(message: string): string {
  return /Maximum call stack size exceeded/i.test(message) ? 'the document is nested too deeply to be read (thousands of levels)' : message;
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
}

function* objectFindings(file: YamlFile, doc: YamlDoc, value: Record<string, unknown>, base: PathSegment[], patch: boolean): Steps<Finding[]> {
  const apiVersion = value.apiVersion;
  const kind = value.kind;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return [];
  const kc = checkKind(file, doc, { apiVersion, kind, base });
  const out = [...kc.findings];
  if (apiVersion === CRD_API_VERSION && kind === 'CustomResourceDefinition') out.push(...crdDocumentFindings(file, doc, value, base));
  if (kc.validateAs) {
    const issues = yield* validateObjectSteps(kc.validateAs.definition, value, { patch });
    const found = yield* issuesToFindingsSteps(issues, { file, doc, base, definition: kc.validateAs.definition, label: `${kc.validateAs.apiVersion} ${kc.validateAs.kind}` });
    for (const f of found) out.push(f);
  }
  return out;
}

/** Syntax, kind and schema findings of one document, with ranges relative to the document. */
function* computeDocumentFindings(file: YamlFile, doc: YamlDoc, patch: boolean): Steps<Finding[]> {
  if (doc.empty || doc.templated) return [];
  if (!doc.isKubernetes && !LOOKS_KUBERNETES.test(doc.text)) return [];
  const syntax = syntaxFindings(file, doc);
  if (syntax.fatal) return syntax.findings;
  if (!doc.isKubernetes) return [...syntax.findings, ...checkIncompleteHeader(file, doc)];
  const out = syntax.findings;
  const value = doc.value as Record<string, unknown>;
  if (doc.apiVersion === 'v1' && doc.kind === 'List' && Array.isArray(value.items)) {
    for (let i = 0; i < value.items.length; i++) {
      const item: unknown = value.items[i];
      if (item && typeof item === 'object' && !Array.isArray(item)) for (const f of yield* objectFindings(file, doc, item as Record<string, unknown>, ['items', i], patch)) out.push(f);
    }
    return out;
  }
  for (const f of yield* objectFindings(file, doc, value, [], patch)) out.push(f);
  return out;
}

/**
 * Rules whose findings can depend on other documents (they look objects up in the workspace
 * index). Every other rule is a function of its document's text alone, so its findings are cached
 * with the per-document ones and an edit re-runs only these for the untouched documents. A rule
 * missing from both lists is treated as a workspace rule: new rules are never cached by mistake.
 */
const WORKSPACE_RULE_IDS = new Set([
  'service-selects-nothing',
  // Looks up the containers the Service selects in other documents.
  'service-target-port',
  'pdb-selects-nothing',
  'network-policy-selects-nothing',
  'missing-reference',
  'ingress-backend',
  'hpa-target',
  'selector-overlap',
  'selector-overlap-across-files',
  'duplicate-object',
  'duplicate-object-across-files',
  // Reads the labels of the Namespace object and the podSecurity setting.
  'pod-security',
  // Look for a LimitRange / HorizontalPodAutoscaler in the namespace.
  'resources-missing',
  'single-replica',
]);
/** Checked by reading each rule's module: they use the index only through objectFor(file, doc). */
const DOCUMENT_RULE_IDS = new Set([
  'selector-mismatch', 'selector-empty', 'selector-immutable', 'restart-policy', 'deployment-strategy', 'pdb-budget',
  'invalid-object-name', 'invalid-container-name', 'invalid-port-name', 'invalid-label', 'invalid-annotations',
  'duplicate-container-name', 'duplicate-env-name', 'duplicate-port-name', 'duplicate-container-port', 'port-out-of-range',
  'invalid-quantity', 'suspicious-quantity', 'requests-exceed-limits', 'image-latest-tag',
  'probe-port-unknown', 'probe-port-undeclared', 'probe-http-path', 'probe-success-threshold', 'probe-never-succeeds',
  'service-node-port', 'service-duplicate-port', 'cronjob-schedule', 'cronjob-time-zone', 'hpa-min-above-max',
  // Best-practice rules: functions of the document (containersOf/podTemplateOf read it through objectFor).
  'probes-missing', 'privileged-container', 'dangerous-capabilities', 'run-as-root', 'host-namespaces', 'host-path-volume',
  'host-port', 'secret-in-env', 'secret-in-configmap', 'rbac-wildcard', 'cluster-admin-binding', 'pdb-no-eviction', 'hpa-single-min-replica',
  'naked-pod', 'privilege-escalation-allowed', 'capabilities-not-dropped', 'run-as-non-root-missing', 'writable-root-filesystem',
  'default-service-account', 'service-account-token-automount', 'rbac-sensitive-access', 'service-type-nodeport', 'replicas-without-spread',
  'cronjob-starting-deadline', 'cronjob-concurrency-policy', 'ingress-no-tls',
  'container-image-required', 'containers-required', 'probe-handler', 'invalid-security-context', 'topology-spread-constraint', 'negative-value',
  'service-ports-required',
]);

interface RulePartition {
  /** Correctness rules that read one document (cached with its per-document findings). */
  documentRules: Rule[];
  /** Best-practice rules that read one document (cached beside them, run only when settings keep their findings). */
  documentPracticeRules: Rule[];
  /** Cross-file rules: correctness only, and with the best-practice ones. */
  workspaceRules: Rule[];
  workspaceRulesWithPractice: Rule[];
}
let partition: RulePartition | undefined;
function rulePartition(): RulePartition {
  if (!partition) {
    const isDocument = (r: Rule) => DOCUMENT_RULE_IDS.has(r.id) && !WORKSPACE_RULE_IDS.has(r.id);
    partition = {
      documentRules: RULES.filter((r) => isDocument(r) && !r.profile),
      documentPracticeRules: RULES.filter((r) => isDocument(r) && r.profile),
      workspaceRules: RULES.filter((r) => !isDocument(r) && !r.profile),
      workspaceRulesWithPractice: RULES.filter((r) => !isDocument(r)),
    };
  }
  return partition;
}

const practiceBySettings = new WeakMap<Settings, boolean>();
/**
 * Whether applySettings keeps any best-practice finding under these settings: a profile that runs
 * them, or a level set for one of their rules. Otherwise those rules are not run at all (in the
 * default learner profile their quick fixes alone cost more than the rest of the check).
 */
function practiceWanted(settings: Settings): boolean {
  let wanted = practiceBySettings.get(settings);
  if (wanted === undefined) {
    const profile = settings.profile ?? 'learner';
    wanted = RULES.some((r) => r.profile && (settings.rules[r.id] ? settings.rules[r.id] !== 'off' : profileIncludes(profile, r.profile)));
    practiceBySettings.set(settings, wanted);
  }
  return wanted;
}

/** The rules' findings for one Kubernetes document; a rule that throws is reported, never fatal. */
function runRuleSet(rules: readonly Rule[], file: YamlFile, doc: YamlDoc, index: WorkspaceIndex, settings?: Settings): Finding[] {
  return drain(runRuleSetSteps(rules, file, doc, index, settings));
}

/** A document this long (characters) runs its rules one per step: each may take a while on it. */
const LARGE_DOCUMENT = 64 * 1024;

/** runRuleSet in steps (steps.ts): on a large document, one rule per step. */
function* runRuleSetSteps(rules: readonly Rule[], file: YamlFile, doc: YamlDoc, index: WorkspaceIndex, settings?: Settings): Steps<Finding[]> {
  const out: Finding[] = [];
  if (!doc.isKubernetes || doc.value === undefined) return out;
  const ctx = { file, doc, index, settings };
  const large = doc.text.length >= LARGE_DOCUMENT;
  for (let r = 0; r < rules.length; r++) {
    if (large) yield;
    const rule = rules[r];
    try {
      const found = rule.check(ctx);
      for (let i = 0; i < found.length; i++) out.push(found[i]);
    } catch (e) {
      out.push({ range: documentHeadRange(file, doc), severity: 'information', code: 'internal-error', message: `rule ${rule.id} failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Workspace findings, reused while what they read is unchanged

/**
 * The cross-file rules' findings of an indexed object, with what they read: the index's lookup
 * keys (reused while none changed) and the objects their findings point into (reused while those
 * keep their place relative to this one, or in their own file). Ranges are relative to the
 * object's document, as the per-document cache has them, so lines inserted above move them.
 */
interface WorkspaceEntry {
  index: WorkspaceIndex;
  /** Rules may read settings (pod-security's level). */
  settings: Settings;
  version: number;
  keys: ReadonlySet<string>;
  /** What its object is filed under among the readers: `keys`, and a moved key for each other file it points into. */
  readerKeys: ReadonlySet<string>;
  line: number;
  targets: { o: IndexedObject; line: number; docIndex: number }[];
  findings: Finding[];
  /** The findings placed at the document's line last asked for (the same objects while it stays there). */
  shifted?: { line: number; findings: Finding[] };
}

const workspaceCache = new WeakMap<IndexedObject, WorkspaceEntry>();

/**
 * The indexed objects whose cached cross-file findings read each lookup key: what an edit's
 * changed keys make stale is found from the keys (editPlan), not by asking every document.
 * Objects no longer indexed are dropped when their key is next looked at or when their entry is
 * replaced.
 */
const keyReaders = new WeakMap<WorkspaceIndex, Map<string, Set<IndexedObject>>>();

/**
 * The readers' key of "an object of this file moved" (an index key starts with a letter or `*`):
 * the objects whose findings point into that file are found when it is updated.
 */
function movedKey(uri: string): string {
  return '\u0001' + uri;
}

function readersOf(index: WorkspaceIndex): Map<string, Set<IndexedObject>> {
  let m = keyReaders.get(index);
  if (!m) keyReaders.set(index, (m = new Map()));
  return m;
}

/**
 * Readers noted since the last sweep, and how many the sweep left. A key that no edit touches again
 * (a label value typed once) would keep its stale readers, and with them their files' old parses:
 * once as many readers were noted as the last sweep kept, the objects no longer indexed are dropped
 * from every key (amortized: each sweep costs what was noted since the one before).
 */
const readerSweeps = new WeakMap<WorkspaceIndex, { noted: number; kept: number }>();
const MIN_READERS_BEFORE_SWEEP = 4096;

function noteReader(index: WorkspaceIndex, o: IndexedObject, keys: ReadonlySet<string>): void {
  const m = readersOf(index);
  for (const k of keys) {
    let set = m.get(k);
    if (!set) m.set(k, (set = new Set()));
    set.add(o);
  }
  let sweep = readerSweeps.get(index);
  if (!sweep) readerSweeps.set(index, (sweep = { noted: 0, kept: 0 }));
  sweep.noted += keys.size;
  if (sweep.noted < Math.max(MIN_READERS_BEFORE_SWEEP, sweep.kept)) return;
  let kept = 0;
  for (const [k, set] of m) {
    for (const r of set) if (!index.holds(r)) set.delete(r);
    if (set.size === 0) m.delete(k);
    else kept += set.size;
  }
  sweep.noted = 0;
  sweep.kept = kept;
}

function forgetReader(index: WorkspaceIndex, o: IndexedObject, keys: ReadonlySet<string>): void {
  const m = keyReaders.get(index);
  if (!m) return;
  for (const k of keys) {
    const set = m.get(k);
    if (!set) continue;
    set.delete(o);
    if (set.size === 0) m.delete(k);
  }
}

function startLineOf(o: IndexedObject): number {
  return o.file.lines.positionAt(o.doc.start).line;
}

function entryHolds(e: WorkspaceEntry, self: IndexedObject, index: WorkspaceIndex, line: number): boolean {
  if (e.index !== index || index.changedSince(e.keys, e.version)) return false;
  for (const t of e.targets) {
    // A removed or replaced target changed a key this entry read (it was found by a lookup); a
    // kept one is where it was unless its file moved objects since.
    if (!index.movedSince(t.o.uri, e.version) && !index.movedSince(self.uri, e.version)) continue;
    if (!index.holds(t.o) || t.o.doc.index !== t.docIndex) return false;
    const now = startLineOf(t.o);
    if (t.o.uri === self.uri ? now - line !== t.line - e.line : now !== t.line) return false;
  }
  return true;
}

function workspaceFindings(rules: readonly Rule[], file: YamlFile, doc: YamlDoc, index: WorkspaceIndex, settings: Settings): { findings: Finding[]; self?: IndexedObject; entry?: WorkspaceEntry } {
  const self = index.indexedObject(file, doc);
  if (!self) return { findings: runRuleSet(rules, file, doc, index, settings) };
  const line = file.lines.positionAt(doc.start).line;
  const cached = workspaceCache.get(self);
  if (cached && cached.settings === settings && entryHolds(cached, self, index, line)) {
    // Nothing it read changed up to now: later checks need only look at later changes.
    cached.version = index.version;
    if (cached.shifted?.line !== line) cached.shifted = { line, findings: cached.findings.map((f) => shiftFinding(f, line, file.uri)) };
    return { findings: cached.shifted.findings.slice(), self, entry: cached };
  }
  const { result, reads } = recordIndexReads(() => runRuleSet(rules, file, doc, index, settings));
  if (cached && cached.index === index) forgetReader(index, self, cached.readerKeys);
  if (reads.untracked) {
    workspaceCache.delete(self);
    return { findings: result, self };
  }
  const targets = [...reads.positions].filter((o) => o !== self).map((o) => ({ o, line: startLineOf(o), docIndex: o.doc.index }));
  let readerKeys: Set<string> = reads.keys;
  for (const t of targets) {
    if (t.o.uri === self.uri) continue;
    if (readerKeys === reads.keys) readerKeys = new Set(reads.keys);
    readerKeys.add(movedKey(t.o.uri));
  }
  const entry: WorkspaceEntry = {
    index,
    settings,
    version: index.version,
    keys: reads.keys,
    readerKeys,
    line,
    targets,
    findings: result.map((f) => shiftFinding(f, -line, file.uri)),
  };
  workspaceCache.set(self, entry);
  noteReader(index, self, entry.readerKeys);
  return { findings: result, self, entry };
}

// ---------------------------------------------------------------------------
// The last check of each file: an unchanged document keeps its findings as they were placed

/** What a check of a file depends on besides its documents and the index. */
interface FileContext {
  crds: CustomResourceRegistry;
  minor: number;
  settings: Settings;
  patchFile: boolean;
  selectorsFromKustomize: boolean;
}

/** One document's findings in the last check of its file (before settings and suppressions). */
interface DocumentSlot {
  /** The line the document starts on: the findings are placed for it. */
  line: number;
  findings: Finding[];
  /** Its cross-file findings came from this entry of this indexed object. */
  self?: IndexedObject;
  entry?: WorkspaceEntry;
  /** False when something it read is not tracked (then it is computed again). */
  reusable: boolean;
  /** The findings with these settings applied (no suppression comments in the file), sorted. */
  settled?: { settings: Settings; findings: Finding[] };
}

/**
 * The slot of every empty document (only comments, whitespace or markers): it has no findings
 * (computeDocumentFindings reports nothing for one, and no rule reads it), so a file of a million
 * `---` lines shares this one instead of a million slots. Its line is never read (nothing to move).
 */
const EMPTY_SLOT: DocumentSlot = Object.freeze({ line: 0, findings: Object.freeze([]) as unknown as Finding[], self: undefined, entry: undefined, reusable: true, settled: undefined }) as DocumentSlot;

/** The last check of a file: its slots are those of `file.docs`, valid at index `version`. */
interface FileCheck extends FileContext {
  file: YamlFile;
  version: number;
  slots: DocumentSlot[];
  /** Slots computed again on every check (something they read is not tracked). */
  volatile: number[];
  /** Slots whose cross-file findings point into other objects (their places matter). */
  targeted: number[];
}

const lastChecks = new WeakMap<WorkspaceIndex, Map<string, FileCheck>>();

function previousCheck(index: WorkspaceIndex, uri: string, context: FileContext): FileCheck | undefined {
  const m = lastChecks.get(index)?.get(uri);
  if (!m || m.crds !== context.crds || m.minor !== context.minor || m.settings !== context.settings || m.patchFile !== context.patchFile || m.selectorsFromKustomize !== context.selectorsFromKustomize) return undefined;
  return m;
}

/** The files whose last check has volatile slots: their check may differ after any change. */
const volatileChecks = new WeakMap<WorkspaceIndex, Set<string>>();

function rememberCheck(index: WorkspaceIndex, uri: string, memo: FileCheck): void {
  let m = lastChecks.get(index);
  if (!m) lastChecks.set(index, (m = new Map()));
  m.set(uri, memo);
  let volatile = volatileChecks.get(index);
  if (memo.volatile.length > 0) {
    if (!volatile) volatileChecks.set(index, (volatile = new Set()));
    volatile.add(uri);
  } else volatile?.delete(uri);
}

/**
 * The findings of a file without suppression comments, from its slots: each slot keeps its
 * findings with the settings applied and sorted (the same objects from check to check while the
 * slot is reused), and the file's list is their concatenation, which is the sorted list whenever
 * each slot's findings come after the previous slot's (they lie on its document's lines); when
 * one does not, the whole list is sorted, as a check of all findings at once would. Identical to
 * applySettings then sort over all findings (the sort is stable).
 */
function* settledFindings(slots: readonly DocumentSlot[], settings: Settings): Steps<Finding[]> {
  const out: Finding[] = [];
  let last: Finding | undefined;
  let ordered = true;
  for (let k = 0; k < slots.length; k++) {
    // A million empty documents are a million slots: a pause now and then.
    if (k % SLOTS_PER_STEP === SLOTS_PER_STEP - 1) yield;
    const slot = slots[k];
    if (slot.findings.length === 0) continue;
    if (slot.settled?.settings !== settings) {
      const kept = slot.findings.length === 0 ? [] : (yield* applySettingsSteps(undefined, slot.findings, settings)).sort(byPosition);
      slot.settled = { settings, findings: kept };
    }
    const fs = slot.settled.findings;
    if (fs.length === 0) continue;
    if (last && byPosition(last, fs[0]) > 0) ordered = false;
    for (let i = 0; i < fs.length; i++) out.push(fs[i]);
    last = fs[fs.length - 1];
  }
  yield;
  return ordered ? out : out.sort(byPosition);
}

/**
 * The slot of the same document (kept by the parse, or moved by an edit above it) in the last
 * check, when its findings still hold: its text decides the per-document part; the cross-file
 * part holds while its workspace entry does. Moved by lines, its findings are moved along.
 */
function reuseSlot(memo: FileCheck, file: YamlFile, doc: YamlDoc, line: number, index: WorkspaceIndex): DocumentSlot | undefined {
  let s: DocumentSlot | undefined;
  if (memo.file.docs[doc.index] === doc) s = memo.slots[doc.index];
  else {
    const before = documentBeforeEdit(doc);
    if (before && memo.file.docs[before.index] === before) s = memo.slots[before.index];
  }
  if (!s || !s.reusable) return undefined;
  if (s.self) {
    const e = s.entry!;
    if (s.self.file !== file || s.self.doc !== doc) return undefined;
    if (e.version !== index.version && !entryHolds(e, s.self, index, line)) return undefined;
    e.version = index.version;
  }
  return moveSlot(s, line, file.uri);
}

function moveSlot(s: DocumentSlot, line: number, uri: string): DocumentSlot {
  // Without findings or an object there is nothing placed by its line (the empty documents' shared slot).
  if (line === s.line || (s.findings.length === 0 && s.self === undefined)) return s;
  const delta = line - s.line;
  return { ...s, line, findings: s.findings.map((f) => shiftFinding(f, delta, uri)), settled: undefined };
}

/**
 * The check of a file edited since its last check, without visiting every document: when the
 * file is the very next parse of the one last checked (file.edit) and the index logged every key
 * changed since, the slots are those of the last check, except for the documents the edit read
 * anew, those whose cross-file rules looked up a changed key (found through the readers of each
 * key, not by asking every document), the volatile ones, and, when objects moved anywhere, those
 * pointing into other objects whose places no longer hold. Undefined: check document by document.
 */
const planCounts = { planned: 0, checked: 0, full: 0 };
/** How many checks used an edit plan (and how many documents they checked) or went document by document (tests). */
export function incrementalCheckCounts(): Readonly<typeof planCounts> {
  return { ...planCounts };
}

interface EditPlan {
  slots: DocumentSlot[];
  /** The documents to check (in order). */
  todo: number[];
  /** The volatile and targeted slots of the last check that the plan keeps, at their new places. */
  volatile: number[];
  targeted: number[];
}

function editPlan(memo: FileCheck, file: YamlFile, index: WorkspaceIndex): EditPlan | undefined {
  if (index.file(file.uri) !== file) return undefined;
  // The same parse checked again (another file changed), or the next parse of the one checked.
  const edit: FileEdit | undefined = memo.file === file ? { previous: file, first: file.docs.length, removed: 0, added: 0, lineDelta: 0 } : file.edit;
  if (!edit || edit.previous !== memo.file || (memo.file !== file && index.replacedFile(file.uri) !== memo.file)) return undefined;
  const changed = index.keysChangedSince(memo.version);
  if (!changed) return undefined;
  const n = file.docs.length;
  const shift = edit.added - edit.removed;
  const windowEnd = edit.first + edit.added;
  const at = (j: number): number => (j < edit.first ? j : j >= edit.first + edit.removed ? j + shift : -1);
  const slots: DocumentSlot[] = memo.slots.slice(0, edit.first);
  slots.length = n;
  const dirty = new Uint8Array(n);
  for (let i = edit.first; i < windowEnd; i++) dirty[i] = 1;
  for (let i = windowEnd; i < n; i++) {
    const s = memo.slots[i - shift];
    // Lines inserted or removed above move the findings along (a copy of each, as reuseSlot makes).
    slots[i] = edit.lineDelta === 0 ? s : moveSlot(s, s.line + edit.lineDelta, file.uri);
  }
  // The objects of the documents the edit replaced no longer read anything.
  for (let j = edit.first; j < edit.first + edit.removed; j++) {
    const s = memo.slots[j];
    if (s?.self && s.entry && !index.holds(s.self)) forgetReader(index, s.self, s.entry.readerKeys);
  }
  for (const j of memo.volatile) {
    const i = at(j);
    if (i >= 0) dirty[i] = 1;
  }
  const readers = readersOf(index);
  for (const key of changed) {
    const set = readers.get(key);
    if (!set) continue;
    for (const o of set) {
      if (!index.holds(o)) {
        set.delete(o);
        continue;
      }
      if (o.uri !== file.uri) continue;
      const i = o.doc.index;
      if (file.docs[i] === o.doc) dirty[i] = 1;
    }
    if (set.size === 0) readers.delete(key);
  }
  if (index.anyMovedSince(memo.version)) {
    for (const j of memo.targeted) {
      const i = at(j);
      if (i < 0 || dirty[i]) continue;
      const s = slots[i];
      if (!s.self || !s.entry || s.self.file !== file || s.self.doc !== file.docs[i] || !entryHolds(s.entry, s.self, index, s.line)) dirty[i] = 1;
    }
  }
  const todo: number[] = [];
  for (let i = 0; i < n; i++) if (dirty[i]) todo.push(i);
  planCounts.planned++;
  planCounts.checked += todo.length;
  const kept = (list: readonly number[]): number[] => {
    const out: number[] = [];
    for (const j of list) {
      const i = at(j);
      if (i >= 0 && !dirty[i]) out.push(i);
    }
    return out;
  };
  return { slots, todo, volatile: kept(memo.volatile), targeted: kept(memo.targeted) };
}

/** The volatile and targeted slots of a check (carried over from the plan for the slots it kept). */
/** Slots gone through between two yields where each costs next to nothing (reused or empty). */
const SLOTS_PER_STEP = 16384;

function* slotListsSteps(slots: readonly DocumentSlot[], plan: EditPlan | undefined): Steps<{ volatile: number[]; targeted: number[] }> {
  const volatile: number[] = plan ? plan.volatile : [];
  const targeted: number[] = plan ? plan.targeted : [];
  const note = (i: number): void => {
    const s = slots[i];
    if (!s.reusable) volatile.push(i);
    else if (s.entry && s.entry.targets.length > 0) targeted.push(i);
  };
  if (plan) for (const i of plan.todo) note(i);
  else
    for (let i = 0; i < slots.length; i++) {
      if (i % SLOTS_PER_STEP === SLOTS_PER_STEP - 1) yield;
      note(i);
    }
  return { volatile, targeted };
}
/**
 * Everything about one document that depends on its text alone: syntax, kind, schema and the
 * document rules (`withRules`; the best-practice ones too with `practice`), cached by text with
 * ranges relative to the document.
 */
function* cachedDocumentFindings(file: YamlFile, doc: YamlDoc, patch: boolean, withRules: boolean, index: WorkspaceIndex | undefined, practice = false): Steps<Finding[]> {
  // A template (a chart's templates/ whatever its text) is not checked; its text alone does not say so.
  if (doc.templated) return [];
  const variant: Variant = patch ? (withRules ? 'Pr' : 'P-') : withRules ? 'Rr' : 'R-';
  const withPractice = withRules && practice && index !== undefined;
  const startLine = file.lines.positionAt(doc.start).line;
  const identity = documentIdentity(doc);
  let entry = identity ? docCacheByParse.get(identity) : undefined;
  const byParse = entry !== undefined;
  entry ??= docCache.get(doc.text);
  if (entry && identity && !byParse) docCacheByParse.set(identity, entry);
  let local = entry?.[variant];
  const practiceVariant: PracticeVariant = patch ? 'Pp' : 'Rp';
  let practiceLocal = withPractice ? entry?.[practiceVariant] : undefined;
  if (!local || (withPractice && !practiceLocal)) {
    const l = localFile(file, doc);
    let added = 0;
    if (!local) {
      try {
        local = yield* computeDocumentFindings(l.file, l.doc, patch);
      } catch (e) {
        local = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'information', code: CHECK_CODES.internalError, ...localizable(msg('internal-error.document', { error: e instanceof Error ? e.message : String(e) })) }];
      }
      if (withRules && index) local = local.concat(yield* runRuleSetSteps(rulePartition().documentRules, l.file, l.doc, index));
      added += local.length;
    }
    if (withPractice && !practiceLocal) {
      practiceLocal = yield* runRuleSetSteps(rulePartition().documentPracticeRules, l.file, l.doc, index);
      added += practiceLocal.length;
    }
    if (!entry) {
      entry = { weight: doc.text.length };
      if (identity) docCacheByParse.set(identity, entry);
      docCache.set(doc.text, entry);
      docCacheChars += doc.text.length;
    }
    entry[variant] = local;
    if (withPractice) entry[practiceVariant] = practiceLocal;
    entry.weight = (entry.weight ?? 0) + added * FINDING_CHARS;
    docCacheChars += added * FINDING_CHARS;
    while (docCache.size > 1 && (docCache.size > DOC_CACHE_LIMIT || docCacheChars > DOC_CACHE_CHARS)) {
      const [oldest, evicted] = docCache.entries().next().value as [string, DocumentVariants];
      docCache.delete(oldest);
      docCacheChars -= evicted.weight ?? oldest.length;
    }
  } else if (!byParse) {
    docCache.delete(doc.text);
    docCache.set(doc.text, entry!);
  }
  const placed = entry!.placed;
  if (placed && placed.variant === variant && placed.practice === withPractice && placed.line === startLine && placed.uri === file.uri) return placed.findings.slice();
  const all = withPractice && practiceLocal!.length ? local.concat(practiceLocal!) : local;
  const shifted: Finding[] = new Array(all.length);
  for (let i = 0; i < all.length; i++) {
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    shifted[i] = shiftFinding(all[i], startLine, file.uri);
  }
  entry!.placed = { variant, practice: withPractice, line: startLine, uri: file.uri, findings: shifted };
  return shifted.slice();
}

/** `$patch` and friends in a document's text, remembered per document (the text is scanned once). */
const patchDirectives = new WeakMap<object, boolean>();
function hasPatchDirective(doc: YamlDoc): boolean {
  const key = documentIdentity(doc) ?? doc;
  let has = patchDirectives.get(key);
  if (has === undefined) {
    has = doc.text.includes('$') && PATCH_DIRECTIVE.test(doc.text);
    patchDirectives.set(key, has);
  }
  return has;
}

export function documentFindings(file: YamlFile, doc: YamlDoc, patchFile = false): Finding[] {
  const patch = patchFile || hasPatchDirective(doc);
  return drain(cachedDocumentFindings(file, doc, patch, false, undefined));
}

// ---------------------------------------------------------------------------
// Suppressions and settings

const SUPPRESS = /#\s*kube-rehearsal-disable-next-line\b([^\n\r]*)/g;

/** Line (0-based) -> codes suppressed on it (`*` for all), from `# kube-rehearsal-disable-next-line a, b`. */
export function suppressions(file: YamlFile): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  if (!hasSuppressionComment(file)) return out;
  for (const m of file.text.matchAll(SUPPRESS)) {
    const line = file.lines.positionAt(m.index ?? 0).line + 1;
    const codes = m[1]
      .replace(/\s--.*$/, '')
      .split(/[,\s]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const set = out.get(line) ?? new Set<string>();
    if (codes.length === 0) set.add('*');
    for (const c of codes) set.add(c);
    out.set(line, set);
  }
  return out;
}

const SUPPRESSION_MARKER = 'kube-rehearsal-disable-next-line';
const suppressionMemo = new WeakMap<YamlFile, boolean>();

/**
 * Whether the file has a suppression comment, remembered per parse: the next parse of a file
 * without one looks only at the documents the edit read anew (a comment sits on one line, inside
 * one document), not at the whole text.
 */
function hasSuppressionComment(file: YamlFile): boolean {
  let has = suppressionMemo.get(file);
  if (has !== undefined) return has;
  const edit = file.edit;
  if (edit && suppressionMemo.get(edit.previous) === false && file.docs.length > 0) {
    has = false;
    for (let i = edit.first; i < edit.first + edit.added && !has; i++) has = file.docs[i].text.includes(SUPPRESSION_MARKER);
  } else has = file.text.includes(SUPPRESSION_MARKER);
  suppressionMemo.set(file, has);
  return has;
}

let ruleProfiles: Map<string, 'production' | 'strict'> | undefined;
/** The profile each best-practice rule belongs to. */
export function profileOfRule(code: string): 'production' | 'strict' | undefined {
  ruleProfiles ??= new Map(RULES.filter((r) => r.profile).map((r) => [r.id, r.profile!]));
  return ruleProfiles.get(code);
}

/**
 * Suppressions, per-rule levels and the profile: a best-practice finding is kept only when the
 * profile runs its rule (or a level is set for it), and the strict profile reports them all as
 * warnings.
 */
/** `file` undefined: no suppression comments to read (findings placed on a file that is not indexed). */
export function applySettings(file: YamlFile | undefined, findings: Finding[], settings: Settings): Finding[] {
  return drain(applySettingsSteps(file, findings, settings));
}

/** applySettings in steps (steps.ts), ITEMS_PER_STEP findings at a time. */
function* applySettingsSteps(file: YamlFile | undefined, findings: Finding[], settings: Settings): Steps<Finding[]> {
  const sup = file ? suppressions(file) : new Map<number, Set<string>>();
  const profile = settings.profile ?? 'learner';
  const out: Finding[] = [];
  for (let i = 0; i < findings.length; i++) {
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    const f = findings[i];
    const s = sup.get(f.range.start.line);
    if (s && (s.has('*') || s.has(f.code))) continue;
    const level = settings.rules[f.code];
    if (level === 'off') continue;
    if (level) {
      out.push(cloneFinding(f, { severity: level }));
      continue;
    }
    const ruleProfile = profileOfRule(f.code);
    if (!profileIncludes(profile, ruleProfile)) continue;
    out.push(ruleProfile && profile === 'strict' && f.severity !== 'warning' ? cloneFinding(f, { severity: 'warning' }) : f);
  }
  return out;
}

/** Settings with what the workspace's .kube-rehearsal.yaml asks for: its profile unless one is chosen, its rule levels under the user's. */
export function effectiveSettings(settings: Settings, index: WorkspaceIndex): Settings {
  if (memoSettings?.settings === settings && memoSettings.index === index && memoSettings.version === index.version) return memoSettings.result;
  const ws = workspaceRuleConfig(index.filesReadByName());
  const key = JSON.stringify(ws);
  // The same object while the file says the same: caches keyed by the settings object stay valid.
  const result: Settings =
    memoSettings?.settings === settings && memoSettings.key === key
      ? memoSettings.result
      : ws.profile || Object.keys(ws.rules).length
        ? { ...settings, profile: settings.profile ?? ws.profile, rules: { ...ws.rules, ...settings.rules } }
        : settings;
  memoSettings = { settings, index, version: index.version, key, result };
  return result;
}
let memoSettings: { settings: Settings; index: WorkspaceIndex; version: number; key: string; result: Settings } | undefined;

function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || severityRank(a.severity) - severityRank(b.severity) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

// ---------------------------------------------------------------------------

export function checkFile(file: YamlFile, options: CheckOptions = {}): Finding[] {
  const steps = checkFileSteps(file, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The check of checkFile, one document per step (the result is the generator's return value), so
 * the language server can pause a large file's check between documents and answer other requests.
 * Abandoning it part way leaves nothing behind but cached per-document findings; the last check
 * of the file is remembered only when it completes.
 */
export function* checkFileSteps(file: YamlFile, options: CheckOptions = {}): Generator<void, Finding[], void> {
  let settings = options.settings ?? DEFAULT_SETTINGS;
  if (!settings.enable) return [];
  if (file.tooLarge) {
    const mb = ((file.sizeBytes ?? file.text.length) / (1024 * 1024)).toFixed(1);
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return applySettings(file, [{ range, severity: 'information', code: CHECK_CODES.fileTooLarge, source: SOURCE, ...localizable(msg('file-too-large', { size: String(mb), limit: String(MAX_FILE_CHARS / (1024 * 1024)) })) }], settings);
  }
  let index = options.index;
  if (!index) {
    index = new WorkspaceIndex();
    index.update(file);
  }
  settings = effectiveSettings(settings, index);
  const normalized = normalizeUri(file.uri);
  const patchFile = options.patchFiles?.has(normalized) ?? false;
  const findings: Finding[] = [];
  if (options.configFiles?.has(normalized) || isChartMetadataFile(file.uri, index)) {
    // Read by kustomize or Helm themselves, never sent to a cluster: only the YAML must be sound.
    for (const doc of file.docs) if (!doc.templated) findings.push(...syntaxFindings(file, doc).findings);
    for (const f of findings) f.source ??= SOURCE;
    return applySettings(file, findings, settings).sort(byPosition);
  }
  // Labels a kustomization puts into selectors (commonLabels, labels with includeSelectors) make
  // spec.selector and the template labels: the file alone may leave them out, as a patch does.
  const selectorsFromKustomize = index.kustomizeFor(file.uri)?.setsSelectors === true;
  if (isWorkspaceConfigFile(file.uri)) {
    for (const doc of file.docs) findings.push(...syntaxFindings(file, doc).findings);
    findings.push(...checkWorkspaceConfig(file));
    for (const f of findings) f.source ??= SOURCE;
    return applySettings(file, findings, settings).sort(byPosition);
  }
  const practice = practiceWanted(settings);
  const workspaceRules = practice ? rulePartition().workspaceRulesWithPractice : rulePartition().workspaceRules;
  const crds = options.crds ?? registryForWorkspace(index, options.extraCrds);
  const minor = targetMinorOf(options);
  const context: FileContext = { crds, minor, settings, patchFile, selectorsFromKustomize };
  const memo = options.index ? previousCheck(options.index, file.uri, context) : undefined;
  const version = index.version;
  function* computeSlot(doc: YamlDoc, line: number): Steps<DocumentSlot> {
    if (doc.empty) return EMPTY_SLOT;
    // Every field set from the start: slots of one shape keep the pass over them fast.
    const slot: DocumentSlot = { line, findings: [], self: undefined, entry: undefined, reusable: true, settled: undefined };
    const out = slot.findings;
    const patch = !options.asSent && (patchFile || hasPatchDirective(doc) || (selectorsFromKustomize && doc.isKubernetes && valueAt(doc.value, ['spec', 'selector']) === undefined));
    const withRules = doc.isKubernetes && !doc.templated && !patch;
    let cached = yield* cachedDocumentFindings(file, doc, patch, withRules, index!, practice);
    // An older target changes what is removed, deprecated or unknown (not cached: the text alone does not decide it).
    if (minor !== DEFAULT_MINOR) cached = versionFindings(file, doc, cached, minor);
    if (crds.size > 0 && doc.isKubernetes && !doc.templated && mayBeCustom(doc)) out.push(...withCustomResources(file, doc, cached, patch, crds));
    else out.push(...cached);
    if (withRules) {
      const w = workspaceFindings(workspaceRules, file, doc, index!, settings);
      for (const f of w.findings) out.push(f);
      slot.self = w.self;
      slot.entry = w.entry;
      if (!w.entry) slot.reusable = false;
    }
    for (const f of out) f.source ??= SOURCE;
    return slot;
  }
  const plan = memo ? editPlan(memo, file, index) : undefined;
  let slots: DocumentSlot[];
  if (plan) {
    // Only the documents the edit replaced and those whose cross-file reads changed are visited.
    slots = plan.slots;
    let quiet = 0;
    for (const i of plan.todo) {
      const doc = file.docs[i];
      if (doc.empty) {
        slots[i] = EMPTY_SLOT;
        if (++quiet % SLOTS_PER_STEP === 0) yield;
        continue;
      }
      slots[i] = yield* computeSlot(doc, file.lines.positionAt(doc.start).line);
      yield;
    }
  } else {
    if (memo) planCounts.full++;
    // Appended in document order (not `new Array(n)`: a holey array of a million is slow to write and read).
    slots = [];
    // Empty documents cost next to nothing: a pause after many of them rather than after each.
    let quiet = 0;
    for (const doc of file.docs) {
      if (doc.empty) {
        slots.push(EMPTY_SLOT);
        if (++quiet % SLOTS_PER_STEP === 0) yield;
        continue;
      }
      const line = file.lines.positionAt(doc.start).line;
      slots.push((memo ? reuseSlot(memo, file, doc, line, index) : undefined) ?? (yield* computeSlot(doc, line)));
      yield;
    }
  }
  if (options.index) {
    const lists = yield* slotListsSteps(slots, plan);
    rememberCheck(options.index, file.uri, { ...context, file, version, slots, ...lists });
  }
  if (!hasSuppressionComment(file)) return yield* settledFindings(slots, settings);
  for (const slot of slots) for (const f of slot.findings) findings.push(f);
  const kept = yield* applySettingsSteps(file, findings, settings);
  yield;
  return kept.sort(byPosition);
}

// ---------------------------------------------------------------------------
// Custom resources: their findings depend on the CRDs too, so they are memoized on the registry
// (which is replaced whenever a CRD changes) rather than in the per-text cache.

function mayBeCustom(doc: YamlDoc): boolean {
  if (doc.apiVersion === 'v1' && doc.kind === 'List') return true;
  const group = groupOf(doc.apiVersion ?? '');
  return group.includes('.') && !isBuiltInGroup(group);
}

const CR_MEMO_LIMIT = 20000;

function withCustomResources(file: YamlFile, doc: YamlDoc, cached: Finding[], patch: boolean, crds: CustomResourceRegistry): Finding[] {
  const key = `${patch ? 'P' : 'R'}${doc.text}`;
  let local = crds.memo.get(key) as { handled: string[]; findings: Finding[] } | undefined;
  if (!local) {
    const l = localFile(file, doc);
    local = { handled: [], findings: [] };
    const value = l.doc.value as Record<string, unknown>;
    const targets: { value: Record<string, unknown>; base: PathSegment[] }[] = [];
    if (doc.apiVersion === 'v1' && doc.kind === 'List' && Array.isArray(value.items)) {
      value.items.forEach((item, i) => {
        if (item && typeof item === 'object' && !Array.isArray(item)) targets.push({ value: item as Record<string, unknown>, base: ['items', i] });
      });
    } else targets.push({ value, base: [] });
    for (const t of targets) {
      const apiVersion = t.value.apiVersion;
      const kind = t.value.kind;
      if (typeof apiVersion !== 'string' || typeof kind !== 'string') continue;
      try {
        const found = customResourceFindings(l.file, l.doc, { apiVersion, kind, value: t.value, base: t.base }, crds);
        if (!found) continue;
        local.handled.push(`${apiVersion} ${kind} `);
        // A patch leaves out what the object it patches already has.
        local.findings.push(...(patch ? found.filter((f) => f.code !== 'missing-required-field') : found));
      } catch (e) {
        local.findings.push({ range: documentHeadRange(l.file, l.doc), severity: 'information', code: CHECK_CODES.internalError, ...localizable(msg('internal-error.custom-resource', { error: e instanceof Error ? e.message : String(e) })) });
      }
    }
    if (crds.memo.size >= CR_MEMO_LIMIT) crds.memo.clear();
    crds.memo.set(key, local);
  }
  const handled = local.handled;
  const out = handled.length === 0 ? cached : cached.filter((f) => f.code !== 'custom-resource' || !handled.some((h) => f.message.startsWith(h)));
  if (local.findings.length === 0) return out;
  const startLine = file.lines.positionAt(doc.start).line;
  for (const f of local.findings) out.push(shiftFinding(f, startLine, file.uri));
  return out;
}

/** Checks files together: one index across them, so cross-file rules see every object. */
export function checkFiles(files: readonly YamlFile[], options: CheckOptions = {}): Map<string, Finding[]> {
  const index = options.index ?? new WorkspaceIndex();
  if (!options.index) for (const f of files) index.update(f);
  const patchFiles = options.patchFiles ?? kustomizePatchFiles(index.filesReadByName());
  const configFiles = options.configFiles ?? kustomizeConfigFiles(index.filesReadByName());
  const kubernetesMinor = options.kubernetesMinor ?? effectiveKubernetesVersion(options.settings?.kubernetesVersion, index.filesReadByName()).minor;
  const out = new Map<string, Finding[]>();
  for (const f of files) out.set(f.uri, checkFile(f, { ...options, index, patchFiles, configFiles, kubernetesMinor }));
  return out;
}

/**
 * Whether checking this indexed file again could give other findings than its last check did,
 * answered without checking it. False only when its last check against this index is remembered
 * for this very parse of every document, under the same CRDs and target version, and each
 * document's cross-file findings still hold (nothing they read from the index changed since, no
 * object they point into moved). Settings and kustomizations are the caller's to watch (patch
 * files and what a kustomization puts into selectors are not compared here): the language server
 * checks every file again when either changes.
 */
export function lastCheckMayDiffer(file: YamlFile, options: { index: WorkspaceIndex; crds: CustomResourceRegistry; kubernetesMinor?: number }): boolean {
  const index = options.index;
  const memo = lastChecks.get(index)?.get(file.uri);
  if (!memo || memo.file !== file) return true;
  if (memo.crds !== options.crds || memo.minor !== targetMinorOf(options)) return true;
  if (memo.volatile.length > 0) return true;
  if (memo.version === index.version) return false;
  for (const slot of memo.slots) {
    if (!slot.reusable) return true;
    if (slot.self) {
      const entry = slot.entry!;
      if (slot.self.file !== file || !index.holds(slot.self)) return true;
      if (entry.version !== index.version && !entryHolds(entry, slot.self, index, slot.line)) return true;
    }
  }
  // Everything held up to now: the next look needs only the changes after this one (as a reuse does).
  for (const slot of memo.slots) if (slot.entry) slot.entry.version = index.version;
  return false;
}

/**
 * The files whose last check may no longer hold after the index's changes since version `since`,
 * found from what changed instead of by asking every file: the readers of each lookup key changed
 * since (noted as workspace findings are computed), the files whose findings point into a file
 * updated since (its objects may have moved), the files updated or removed since, and those whose
 * checks read something no key describes. Complete for every file whose last check held at
 * `since` (lastCheckMayDiffer was false then, or the check ran against the index as it was then
 * or later): a file not listed still holds. A listed file may still hold, or no longer be indexed:
 * ask lastCheckMayDiffer. CRDs and the target version are not compared (look at every file when
 * they change). Undefined when the index's log of changes no longer reaches back to `since` (a
 * scan, many files changed at once): then ask lastCheckMayDiffer of every file.
 */
export function checksAffectedSince(index: WorkspaceIndex, since: number): Set<string> | undefined {
  const changes = index.changesSince(since);
  if (!changes) return undefined;
  const out = new Set<string>(volatileChecks.get(index));
  const readers = keyReaders.get(index);
  const add = (key: string): void => {
    const set = readers?.get(key);
    // (An object no longer held is in a file updated since, listed below.)
    if (set) for (const o of set) if (index.holds(o)) out.add(o.uri);
  };
  for (const key of changes.keys) add(key);
  for (const uri of changes.files) {
    out.add(uri);
    add(movedKey(uri));
  }
  return out;
}

/** Whether a check of this file against this index completed and is remembered (see lastCheckMayDiffer). */
export function wasChecked(index: WorkspaceIndex, uri: string): boolean {
  return lastChecks.get(index)?.has(uri) ?? false;
}
