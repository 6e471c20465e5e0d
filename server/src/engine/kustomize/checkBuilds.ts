import { readRegularFile } from '../safeRead';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Finding, Range } from '../findings';
import { localizable, msg } from '../messages';
import { applySettings, checkFiles, effectiveSettings, SOURCE, type CheckOptions } from '../check';
import { effectiveKubernetesVersion } from '../version/kubernetesVersion';
import { DEFAULT_SETTINGS } from '../config';
import { WorkspaceIndex } from '../workspace/index';
import { registryForWorkspace } from '../crds/sources';
import { isKustomizationFile, kustomizePatchFiles, normalizeUri } from '../kustomizePatches';
import { parseYamlFile, rangeForPath, documentHeadRange, type YamlFile } from '../yaml/documents';
import { fileEntries, KustomizationGraph, type KustomizationInfo } from './discover';
import { pathAtOffset, placeFinding, type SourceFiles } from './placement';
import { RenderCache, type RenderedRoot } from './render';
import type { KustomizeTool } from './runner';

/**
 * Checking a workspace with kustomizations: each root is built by kustomize, its output checked
 * exactly as a file of manifests would be, and every finding placed on the source line that says
 * it (placement.ts), naming the root whose build it comes from. Files a build reads are checked
 * raw only for what they say themselves (syntax and the schema of what they spell out, leniently
 * as patches are); a root that fails to build gets kustomize's message on the line that names the
 * culprit. Without kustomize, or for a workspace without kustomizations, this is checkFiles.
 */

export const KUSTOMIZE_BUILD_CODE = 'kustomize-build';

export interface KustomizeCheckOptions extends CheckOptions {
  /** The kustomize to run; undefined checks the files raw (and the caller says why). */
  tool: KustomizeTool | undefined;
  cache?: RenderCache;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Root labels in messages are relative to this folder (the workspace folder, or the current directory). */
  baseDir: string;
}

export interface KustomizeCheckResult {
  /** Findings by file uri (the given files, plus files outside them that a build reads). */
  findings: Map<string, Finding[]>;
  /** The builds, successful or not. */
  builds: RenderedRoot[];
  /** Whether the workspace has kustomizations at all. */
  hasKustomizations: boolean;
}

function toPath(uri: string): string {
  if (/^file:/i.test(uri)) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  return resolve(uri);
}

/** The kustomization graph of a set of files (the editor's copies, or read from disk). */
export function graphOf(files: readonly YamlFile[]): KustomizationGraph {
  return new KustomizationGraph(files.filter((f) => isKustomizationFile(f.uri)).map((f) => ({ path: toPath(f.uri), value: f.docs.find((d) => !d.empty)?.value })));
}

export function rootLabel(baseDir: string, rootDir: string): string {
  const rel = relative(baseDir, rootDir).split(sep).join('/');
  return rel === '' ? '.' : rel;
}

/** Source files by absolute path: the checked files first, else the disk (a base outside them). */
class Sources implements SourceFiles {
  private readonly byPath = new Map<string, YamlFile | undefined>();
  constructor(private readonly files: readonly YamlFile[]) {
    for (const f of files) this.byPath.set(toPath(f.uri), f);
  }
  get(path: string): YamlFile | undefined {
    if (!this.byPath.has(path)) {
      const r = readRegularFile(path);
      const file: YamlFile | undefined = r.ok ? parseYamlFile(path, r.text) : undefined;
      this.byPath.set(path, file);
    }
    return this.byPath.get(path);
  }
  /** The uri of a file at `path` as the checked files spell it (a file URI, or a path in the CLI). */
  uriOf(path: string): string {
    for (const f of this.files) if (toPath(f.uri) === path) return f.uri;
    return /^file:/i.test(this.files[0]?.uri ?? '') ? pathToFileURL(path).toString() : path;
  }
}

interface Placed {
  path: string;
  finding: Finding;
  roots: string[];
}

/** kustomize's error on the line of the entry it names (a missing file, a remote base), else on the root. */
function buildErrorFinding(build: RenderedRoot, closure: readonly KustomizationInfo[], sources: Sources, label: string): Placed {
  const message = localizable(msg('kustomize.failed', { tool: build.tool, root: label, error: build.error! }));
  for (const k of closure) {
    const file = sources.get(k.file);
    const doc = file?.docs.find((d) => !d.empty);
    if (!file || !doc) continue;
    let best: { range: Range; length: number } | undefined;
    const v = k.value;
    for (const key of ['resources', 'bases', 'components', 'patchesStrategicMerge', 'transformers', 'generators', 'validators', 'configurations', 'crds']) {
      (Array.isArray(v[key]) ? (v[key] as unknown[]) : []).forEach((e, i) => {
        if (typeof e === 'string' && e.trim() && build.error!.includes(e.replace(/^\.\//, '')) && (!best || e.length > best.length)) best = { range: rangeForPath(file, doc, [key, i]), length: e.length };
      });
    }
    for (const key of ['patches', 'patchesJson6902']) {
      (Array.isArray(v[key]) ? (v[key] as unknown[]) : []).forEach((e, i) => {
        const p = (e as { path?: unknown } | null)?.path;
        if (typeof p === 'string' && build.error!.includes(p) && (!best || p.length > best.length)) best = { range: rangeForPath(file, doc, [key, i, 'path']), length: p.length };
      });
    }
    if (best) return { path: k.file, finding: { range: best.range, severity: 'error', code: KUSTOMIZE_BUILD_CODE, ...message, source: SOURCE }, roots: [label] };
  }
  const file = sources.get(closure[0].file);
  const doc = file?.docs.find((d) => !d.empty);
  const range = file && doc ? documentHeadRange(file, doc) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { path: closure[0].file, finding: { range, severity: 'error', code: KUSTOMIZE_BUILD_CODE, ...message, source: SOURCE }, roots: [label] };
}

/** Where a range of a build's output belongs in the workspace (placement.ts). */
function locateIn(build: RenderedRoot, closure: readonly KustomizationInfo[], sources: SourceFiles, range: Range) {
  const file = build.file!;
  const offset = file.lines.offsetAt(range.start);
  const doc = file.docs.find((d) => d.start <= offset && offset < Math.max(d.end, d.start + 1)) ?? file.docs[file.docs.length - 1];
  const at = pathAtOffset(doc, offset - doc.start);
  return placeFinding(doc, build.origins[doc.index], at.path, at.onKey, closure, sources);
}

/** A range of a build's output placed on a source line (for the dry run's locations and predictions). */
export function placeRenderedRange(build: RenderedRoot, closure: readonly KustomizationInfo[], files: readonly YamlFile[], range: Range): { path: string; range: Range } {
  return locateIn(build, closure, new Sources(files), range);
}

const builtFindings = new WeakMap<RenderedRoot, { settingsKey: string; findings: Finding[] }>();

/** The findings of one successful build, placed on source lines. */
function placeBuildFindings(build: RenderedRoot, closure: readonly KustomizationInfo[], sources: Sources, label: string, options: CheckOptions): Placed[] {
  const file = build.file!;
  const out: Placed[] = [];
  // A build is checked once per build (and settings); only the placement follows the sources.
  // The build is checked under the workspace's settings (rule levels, profile, Pod Security level):
  // it has no .kube-rehearsal.yaml of its own, and what it sends is what those settings judge.
  const s = options.settings ?? DEFAULT_SETTINGS;
  const settings = { ...DEFAULT_SETTINGS, rules: s.rules, profile: s.profile, podSecurity: s.podSecurity };
  const settingsKey = JSON.stringify([settings.rules, settings.profile, settings.podSecurity, options.kubernetesMinor]);
  let memo = builtFindings.get(build);
  if (!memo || memo.settingsKey !== settingsKey) {
    // The CRDs of the workspace and the settings describe the custom resources a build holds.
    memo = { settingsKey, findings: checkFiles([file], { settings, crds: options.crds, kubernetesMinor: options.kubernetesMinor }).get(file.uri) ?? [] };
    builtFindings.set(build, memo);
  }
  const rendered = memo.findings;
  for (const f of rendered) {
    const place = locateIn(build, closure, sources, f.range);
    const related = f.related?.flatMap((r) => {
      if (r.file !== file.uri) return [r];
      const p = locateIn(build, closure, sources, r.range);
      return [{ file: sources.uriOf(p.path), range: p.range, message: r.message, ...(r.l10n ? { l10n: r.l10n } : {}) }];
    });
    // Quick fixes edit the rendered text: they do not apply to the sources.
    out.push({ path: place.path, finding: { range: place.range, severity: f.severity, code: f.code, message: f.message, ...(f.l10n ? { l10n: f.l10n } : {}), source: SOURCE, related }, roots: [label] });
  }
  return out;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export interface KustomizeAnalysis {
  /** Build findings placed on source lines, by file uri (settings and suppressions applied). */
  findings: Map<string, Finding[]>;
  /** Normalized uris of files a successful build read: checked raw as patches are. */
  builtUris: Set<string>;
  builds: RenderedRoot[];
  /** Every root found (its build is in `builds` at the same index). */
  roots: KustomizationInfo[];
}

/** Builds every root kustomization among `files` and places the findings of each build on source lines. */
export async function analyzeKustomizations(files: readonly YamlFile[], options: KustomizeCheckOptions & { tool: KustomizeTool }): Promise<KustomizeAnalysis> {
  const graph = graphOf(files);
  const tool = options.tool;
  const cache = options.cache ?? new RenderCache();
  const index = new WorkspaceIndex();
  for (const f of files) index.update(f);
  // The user's settings with what the workspace's .kube-rehearsal.yaml asks for (its profile, its rule levels).
  options = { ...options, settings: effectiveSettings(options.settings ?? DEFAULT_SETTINGS, index) };
  if (!options.crds) options = { ...options, crds: registryForWorkspace(index, options.extraCrds) };
  const sources = new Sources(files);
  const roots = graph.roots();
  cache.retain(roots.map((r) => r.dir));
  const builds = await Promise.all(roots.map((r) => cache.render(tool, graph, r, { timeoutMs: options.timeoutMs, signal: options.signal })));

  const placed: Placed[] = [];
  const built = new Set<string>();
  builds.forEach((build, i) => {
    const closure = graph.closure(roots[i]);
    const label = rootLabel(options.baseDir, roots[i].dir);
    if (build.error) {
      placed.push(buildErrorFinding(build, closure, sources, label));
      return;
    }
    for (const o of build.origins) if (o?.path) built.add(o.path);
    for (const k of closure) for (const f of fileEntries(k)) built.add(f);
    placed.push(...placeBuildFindings(build, closure, sources, label, options));
  });

  // One finding per place, code and message, naming every root whose build has it.
  const merged = new Map<string, Placed>();
  for (const p of placed) {
    const r = p.finding.range;
    const key = `${p.path}\0${p.finding.code}\0${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}\0${p.finding.message}`;
    const m = merged.get(key);
    if (m) m.roots.push(...p.roots.filter((x) => !m.roots.includes(x)));
    else merged.set(key, { ...p, roots: [...p.roots] });
  }
  const byUri = new Map<string, Finding[]>();
  for (const m of merged.values()) {
    const uri = sources.uriOf(m.path);
    // The finding's own words (catalogued or Kubernetes') inside "(in the build of ...)".
    const own = m.finding.l10n ?? m.finding.message;
    const tagged = m.finding.code === KUSTOMIZE_BUILD_CODE ? undefined : m.roots.length === 1 ? msg('kustomize.in-build', { message: own, root: m.roots[0] }) : msg('kustomize.in-builds', { message: own, roots: m.roots.join(', ') });
    (byUri.get(uri) ?? byUri.set(uri, []).get(uri)!).push(tagged ? { ...m.finding, ...localizable(tagged) } : m.finding);
  }
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const findings = new Map<string, Finding[]>();
  for (const [uri, list] of byUri) {
    const file = sources.get(toPath(uri));
    findings.set(uri, file ? applySettings(file, list, settings) : list);
  }
  const builtUris = new Set<string>();
  for (const p of built) builtUris.add(normalizeUri(sources.uriOf(p)));
  return { findings, builtUris, builds, roots };
}

/** A file's raw findings with its build findings: where both say the same thing at the same place, the build's is kept. */
export function mergeFindings(raw: readonly Finding[], fromBuilds: readonly Finding[] | undefined): Finding[] {
  if (!fromBuilds || fromBuilds.length === 0) return [...raw];
  const own = raw.filter((f) => !fromBuilds.some((v) => v.code === f.code && sameRange(v.range, f.range)));
  return [...own, ...fromBuilds].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Checks files (with the kustomizations among them built by kustomize). */
export async function checkWithKustomize(files: readonly YamlFile[], given: KustomizeCheckOptions): Promise<KustomizeCheckResult> {
  // One target version for the files and their builds (a build has no .kube-rehearsal.yaml of its own).
  const options = { ...given, kubernetesMinor: given.kubernetesMinor ?? effectiveKubernetesVersion(given.settings?.kubernetesVersion, files).minor };
  const hasKustomizations = files.some((f) => isKustomizationFile(f.uri));
  if (!hasKustomizations || !options.tool) return { findings: checkFiles(files, options), builds: [], hasKustomizations };
  const analysis = await analyzeKustomizations(files, { ...options, tool: options.tool });
  // Files a build read are checked raw as patches are: what they say, not what the build decides.
  const patchFiles = new Set(options.patchFiles ?? kustomizePatchFiles(files));
  for (const u of analysis.builtUris) patchFiles.add(u);
  const raw = checkFiles(files, { ...options, patchFiles });
  const findings = new Map<string, Finding[]>();
  for (const [uri, fs] of raw) findings.set(uri, mergeFindings(fs, analysis.findings.get(uri)));
  for (const [uri, fs] of analysis.findings) if (!findings.has(uri)) findings.set(uri, fs);
  return { findings, builds: analysis.builds, hasKustomizations: true };
}
