import { resolve } from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { Range } from '../findings';
import { documentHeadRange, firstLineOf, keyRange, nodeAtPath, rangeForPath, valueRange, type PathSegment, type YamlDoc, type YamlFile } from '../yaml/documents';
import { valueAt } from '../workspace/podTemplate';
import type { KustomizationInfo } from './discover';
import type { Origin } from './render';

/**
 * Where a finding on a rendered object belongs in the workspace: the same path in the object's
 * source document when that path is there with the same value, else the kustomization entry that
 * produced it (a patch file, an inline patch, `namespace:`, `namePrefix:`, `labels:`, `images:`,
 * a generator), else the root kustomization itself.
 */

export interface SourceFiles {
  /** The workspace file at an absolute path (the editor's copy, or read from disk), if readable. */
  get(path: string): YamlFile | undefined;
}

export interface Placement {
  path: string;
  range: Range;
}

/** The path of the node at `offset` (relative to the document), and whether it is a map key. */
export function pathAtOffset(doc: YamlDoc, offset: number): { path: PathSegment[]; onKey: boolean } {
  let node = doc.doc.contents as Node | null;
  const path: PathSegment[] = [];
  const within = (n: Node | null | undefined) => !!n?.range && n.range[0] <= offset && offset < Math.max(n.range[1], n.range[0] + 1);
  for (let depth = 0; depth < 200 && node; depth++) {
    if (isMap(node)) {
      let next: Node | null = null;
      for (const item of node.items as Pair<Node, Node | null>[]) {
        const key = isScalar(item.key) ? String(item.key.value) : undefined;
        if (key === undefined) continue;
        if (within(item.key)) return { path: [...path, key], onKey: true };
        if (within(item.value)) {
          path.push(key);
          next = item.value;
          break;
        }
      }
      if (!next) return { path, onKey: false };
      node = next;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((x) => within(x as Node));
      if (i < 0) return { path, onKey: false };
      path.push(i);
      node = node.items[i] as Node;
    } else return { path, onKey: false };
  }
  return { path, onKey: false };
}

function sameKind(doc: YamlDoc, kind: string): boolean {
  return doc.isKubernetes && doc.kind === kind;
}

/** The source document of a rendered object: same kind, and a name the rendered name contains (prefixes, suffixes, hashes). */
export function sourceDocument(file: YamlFile, rendered: YamlDoc): YamlDoc | undefined {
  const candidates = file.docs.filter((d) => sameKind(d, rendered.kind!));
  if (candidates.length <= 1) return candidates[0];
  const name = rendered.name ?? '';
  let best: YamlDoc | undefined;
  for (const d of candidates) if (d.name && name.includes(d.name) && (!best || d.name.length > best.name!.length)) best = d;
  return best ?? candidates[0];
}

/** Whether the source says what the build says at `path` (a name reference the build renamed still counts). */
function samePlace(source: YamlDoc, rendered: YamlDoc, path: PathSegment[], onKey: boolean): boolean {
  if (path.length === 0) return true;
  if (onKey) return valueAt(source.value, path) !== undefined || nodeAtPath(source.doc, path) !== undefined;
  const s = valueAt(source.value, path);
  if (s === undefined) return false;
  const r = valueAt(rendered.value, path);
  if (s === null || typeof s !== 'object') {
    if (s === r) return true;
    // A name kustomize rewrote (prefix, suffix, generator hash) is still written here.
    return typeof s === 'string' && typeof r === 'string' && s !== '' && r.includes(s);
  }
  return true;
}

function rangeAt(file: YamlFile, doc: YamlDoc, path: PathSegment[], onKey: boolean): Range {
  if (path.length === 0) return documentHeadRange(file, doc);
  if (onKey) return keyRange(file, doc, path) ?? rangeForPath(file, doc, path, 'key');
  const v = valueRange(file, doc, path);
  return v ? firstLineOf(file, v) : rangeForPath(file, doc, path, 'value');
}

/** The value of a kustomization entry, as a range in its file. */
function entryRange(file: YamlFile, path: PathSegment[]): Range | undefined {
  const doc = file.docs.find((d) => !d.empty);
  if (!doc) return undefined;
  if (valueAt(doc.value, path) === undefined) return undefined;
  return rangeForPath(file, doc, path, path.length === 1 ? 'key' : 'value');
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Whether a patch entry's target (or, for a patch file, its document) names this object. */
function targets(entry: unknown, rendered: YamlDoc): boolean {
  const t = (entry as { target?: { kind?: unknown; name?: unknown } } | undefined)?.target;
  if (!t) return false;
  if (typeof t.kind === 'string' && t.kind !== rendered.kind) return false;
  if (typeof t.name === 'string' && !(rendered.name ?? '').includes(t.name) && !/[*^$[\]|()]/.test(t.name)) return false;
  return true;
}

/** Path segments that a kustomization field decides, and the field. */
function fieldFor(path: PathSegment[]): string[] {
  const p = path.join('.');
  if (p === 'metadata.namespace') return ['namespace'];
  if (p === 'metadata.name') return ['namePrefix', 'nameSuffix'];
  if (/(?:^|\.)(?:labels|selector|matchLabels)(?:\.|$)/.test(p)) return ['labels', 'commonLabels'];
  if (/(?:^|\.)annotations(?:\.|$)/.test(p)) return ['commonAnnotations'];
  if (/\.image$/.test(p)) return ['images'];
  if (p === 'spec.replicas') return ['replicas'];
  return [];
}

/**
 * Places a finding at `path` of a rendered document (`onKey`: on a map key) in the workspace.
 * `closure` lists the kustomizations of the build, root first.
 */
export function placeFinding(
  rendered: YamlDoc,
  origin: Origin | undefined,
  path: PathSegment[],
  onKey: boolean,
  closure: readonly KustomizationInfo[],
  sources: SourceFiles,
): Placement {
  const root = closure[0];
  // 1. The object's own source document, where it says this.
  if (origin?.path) {
    const file = sources.get(origin.path);
    const doc = file && sourceDocument(file, rendered);
    if (file && doc && samePlace(doc, rendered, path, onKey)) return { path: origin.path, range: rangeAt(file, doc, path, onKey) };
  }
  // 2. A patch file of the build that sets it for this object.
  for (const k of closure) {
    for (const key of ['patches', 'patchesStrategicMerge']) {
      for (const entry of asArray(k.value[key])) {
        const rel = typeof entry === 'string' ? entry : (entry as { path?: unknown } | null)?.path;
        if (typeof rel !== 'string' || rel.includes('\n')) continue;
        const file = sources.get(resolve(k.dir, rel));
        if (!file) continue;
        const doc = sourceDocument(file, rendered);
        if (doc && path.length > 0 && samePlace(doc, rendered, path, onKey)) return { path: resolve(k.dir, rel), range: rangeAt(file, doc, path, onKey) };
      }
    }
  }
  // 3. The kustomization field that decides this path, nearest the root first.
  const fields = fieldFor(path);
  for (const k of closure) {
    const file = sources.get(k.file);
    if (!file) continue;
    for (const f of fields) {
      const r = entryRange(file, [f]);
      if (r) return { path: k.file, range: r };
    }
  }
  // 4. A patch entry (inline or JSON 6902) aimed at this object, preferring one that mentions the field.
  const last = [...path].reverse().find((s): s is string => typeof s === 'string');
  let mentioning: Placement | undefined;
  let aimed: Placement | undefined;
  for (const k of closure) {
    const file = sources.get(k.file);
    if (!file) continue;
    for (const key of ['patches', 'patchesJson6902']) {
      asArray(k.value[key]).forEach((entry, i) => {
        if (!targets(entry, rendered)) return;
        const r = entryRange(file, [key, i]);
        if (!r) return;
        aimed ??= { path: k.file, range: r };
        if (last && !mentioning && JSON.stringify(entry).includes(last)) mentioning = { path: k.file, range: r };
      });
    }
  }
  if (mentioning ?? aimed) return (mentioning ?? aimed)!;
  // 5. A generated object: the generator entry that made it.
  const by = origin?.configuredBy?.kind;
  if (origin?.configuredIn && (by === 'ConfigMapGenerator' || by === 'SecretGenerator')) {
    const file = sources.get(origin.configuredIn);
    if (file) {
      const key = by === 'ConfigMapGenerator' ? 'configMapGenerator' : 'secretGenerator';
      const k = closure.find((c) => c.file === origin.configuredIn);
      const entries = asArray(k?.value[key] ?? (file.docs[0]?.value as Record<string, unknown> | undefined)?.[key]);
      let best = -1;
      entries.forEach((e, i) => {
        const n = (e as { name?: unknown } | null)?.name;
        if (typeof n === 'string' && (rendered.name ?? '').includes(n) && (best < 0 || n.length > String((entries[best] as { name: string }).name).length)) best = i;
      });
      const r = best >= 0 ? entryRange(file, [key, best, 'name']) ?? entryRange(file, [key, best]) : entryRange(file, [key]);
      if (r) return { path: origin.configuredIn, range: r };
    }
  }
  // 6. The kustomization that configured it, else the root.
  const fallback = origin?.configuredIn && sources.get(origin.configuredIn) ? origin.configuredIn : root.file;
  const file = sources.get(fallback);
  const doc = file?.docs.find((d) => !d.empty);
  return { path: fallback, range: file && doc ? documentHeadRange(file, doc) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

