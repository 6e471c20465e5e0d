import { statSync } from 'node:fs';
import { readRegularFile } from '../safeRead';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readCrd, type CrdDefinition, type StructuralSchema } from '../../api/crd/definition';
import { CustomResourceRegistry } from '../../api/crd/registry';
import { parseYamlFile, type YamlDoc, type YamlFile } from '../yaml/documents';
import type { WorkspaceIndex } from '../workspace/index';
import { walkManifestFiles, toPosix } from '../fileWalker';
import { compileGlob, globProblem } from '../glob';

/**
 * Where CRD schemas come from: every apiextensions.k8s.io/v1 CustomResourceDefinition in the
 * workspace, plus the extra sources the user names (`kubeRehearsal.crds`, `--crds`): CRD files,
 * folders, globs, and schema catalog folders in the `{group}/{kind}_{version}.json` layout.
 * Nothing is downloaded. Each CRD is read once per document text.
 */

const CRD_MARKER = /^[ \t]*["']?kind["']?[ \t]*:[ \t]*["']?CustomResourceDefinition\b/m;

/** CRD definitions by `uri \0 document index`, with the text they were read from. */
const readMemo = new Map<string, { text: string; def: CrdDefinition | undefined }>();
const READ_MEMO_LIMIT = 20000;

export function crdOfDocument(file: YamlFile, doc: YamlDoc): CrdDefinition | undefined {
  if (doc.kind !== 'CustomResourceDefinition' || doc.apiVersion !== 'apiextensions.k8s.io/v1') return undefined;
  const key = `${file.uri}\0${doc.index}`;
  const hit = readMemo.get(key);
  if (hit && hit.text === doc.text) return hit.def;
  const def = readCrd(doc.value, file.uri, doc.index);
  if (readMemo.size >= READ_MEMO_LIMIT) readMemo.clear();
  readMemo.set(key, { text: doc.text, def });
  return def;
}

/** The CRDs of one file. */
export function crdsOfFile(file: YamlFile): CrdDefinition[] {
  const out: CrdDefinition[] = [];
  if (!CRD_MARKER.test(file.text)) return out;
  for (const doc of file.docs) {
    const def = crdOfDocument(file, doc);
    if (def) out.push(def);
  }
  return out;
}

// ---------------------------------------------------------------------------
// The registry for a workspace, rebuilt only when the set of CRDs changes.

let lastWorkspace: { index: WorkspaceIndex; version: number; extra: readonly CrdDefinition[]; registry: CustomResourceRegistry } | undefined;

function sameList(a: readonly CrdDefinition[], b: readonly CrdDefinition[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The registry of the CRDs in an index plus extra definitions. An edit that leaves every CRD as it
 * was returns the same registry (so results memoized on it stay valid).
 */
export function registryForWorkspace(index: WorkspaceIndex, extra: readonly CrdDefinition[] = []): CustomResourceRegistry {
  const last = lastWorkspace;
  if (last && last.index === index && last.version === index.version && last.extra === extra) return last.registry;
  const defs: CrdDefinition[] = [];
  for (const o of index.customResourceDefinitions()) {
    const def = crdOfDocument(o.file, o.doc);
    if (def) defs.push(def);
  }
  defs.push(...extra);
  const registry = last && sameList(last.registry.definitions, defs) ? last.registry : new CustomResourceRegistry(defs);
  lastWorkspace = { index, version: index.version, extra, registry };
  return registry;
}

// ---------------------------------------------------------------------------
// Extra sources named by the user

export interface LoadedCrds {
  definitions: CrdDefinition[];
  /** Sources that could not be read, said in one line each. */
  problems: string[];
  /** The files read (for the server to watch and for messages). */
  files: string[];
}

const CATALOG_FILE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+)\/([A-Za-z0-9-]+)_(v[0-9]+(?:(?:alpha|beta)[0-9]+)?)\.json$/;
const MAX_SOURCE_FILES = 20000;

function hasGlob(p: string): boolean {
  return /[*?[{]/.test(p);
}

/**
 * Reads CRD sources: files (YAML or JSON CRDs), folders (every *.yaml, *.yml, *.json below,
 * catalog files recognized by their `{group}/{kind}_{version}.json` path), and globs. Relative
 * paths are resolved against `baseDir`.
 */
export function loadCrdSources(paths: readonly string[], baseDir: string): LoadedCrds {
  const out: LoadedCrds = { definitions: [], problems: [], files: [] };
  for (const raw of paths) {
    if (!raw.trim()) continue;
    const p = raw.startsWith('~/') && process.env.HOME ? join(process.env.HOME, raw.slice(2)) : raw;
    if (hasGlob(p)) {
      const abs = isAbsolute(p) ? p : resolve(baseDir, p);
      const root = globRoot(abs);
      const pattern = toPosix(relative(root, abs));
      const invalid = globProblem(pattern);
      if (invalid) {
        out.problems.push(`CRD source "${raw}": invalid glob: ${invalid}`);
        continue;
      }
      const re = compileGlob(pattern);
      const files = walkManifestFiles(root, { include: ['**/*'], limit: MAX_SOURCE_FILES }).filter((f) => re.test(toPosix(relative(root, f))));
      if (files.length === 0) out.problems.push(`CRD source "${raw}": no file matches`);
      for (const f of files) readSource(f, root, out);
      continue;
    }
    const abs = isAbsolute(p) ? p : resolve(baseDir, p);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      out.problems.push(`CRD source "${raw}": no such file or directory`);
      continue;
    }
    if (isDir) {
      for (const f of walkManifestFiles(abs, { include: ['**/*.yaml', '**/*.yml', '**/*.json'], limit: MAX_SOURCE_FILES })) readSource(f, abs, out);
    } else {
      readSource(abs, dirname(dirname(abs)), out);
    }
  }
  return out;
}

/** The folder part of a glob before its first wildcard segment. */
function globRoot(abs: string): string {
  const parts = toPosix(abs).split('/');
  const i = parts.findIndex(hasGlob);
  const root = parts.slice(0, i < 0 ? parts.length - 1 : i).join('/');
  return root || '/';
}

function readSource(path: string, root: string, out: LoadedCrds): void {
  const r = readRegularFile(path);
  if (!r.ok) {
    out.problems.push(`CRD source "${path}": ${r.reason === 'denied' ? 'permission denied' : r.reason === 'missing' || r.reason === 'io' ? 'cannot be read' : r.message}`);
    return;
  }
  const text = r.text;
  out.files.push(path);
  const uri = pathToFileURL(path).href;
  const catalog = CATALOG_FILE.exec(toPosix(relative(root, path)));
  if (catalog && !CRD_MARKER.test(text)) {
    const def = catalogDefinition(text, catalog[1], catalog[5], catalog[6], uri);
    if (def) out.definitions.push(def);
    else out.problems.push(`CRD source "${path}": not a JSON schema`);
    return;
  }
  if (!CRD_MARKER.test(text)) return;
  out.definitions.push(...crdsOfFile(parseYamlFile(uri, text)));
}

/** A catalog schema (`{group}/{kind}_{version}.json`, a version's openAPIV3Schema as JSON) as a one-version definition. */
function catalogDefinition(text: string, group: string, kind: string, version: string, source: string): CrdDefinition | undefined {
  let schema: StructuralSchema;
  try {
    schema = JSON.parse(text) as StructuralSchema;
  } catch {
    return undefined;
  }
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  return {
    name: `${kind.toLowerCase()}.${group}`,
    group,
    names: { kind, plural: kind.toLowerCase(), singular: kind.toLowerCase(), shortNames: [], categories: [], listKind: `${kind}List` },
    scope: 'Namespaced',
    versions: [{ name: version, served: true, storage: true, deprecated: false, schema, index: 0 }],
    source,
    fromCatalog: true,
  };
}

