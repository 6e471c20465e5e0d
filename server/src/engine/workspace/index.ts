import type { YamlDoc, YamlFile } from '../yaml/documents';
import type { Selector } from '../rules/labels';
import { CONTROLLER_KINDS } from './podTemplate';
import { lookupKind } from '../schema/registry';
import { describeKustomization, describeObject, dirOf, indexKeysOf, type IndexedObject, type IndexKeys, type KustomizeFacts } from './objectFacts';

export type { IndexedObject, PodTemplateFacts, ContainerFacts, PortFacts, Reference, ReferenceKind, KustomizeFacts } from './objectFacts';

/**
 * Every Kubernetes object in the workspace, across files, updated file by file.
 *
 * Facts are extracted once per file on update(); the lookup tables (by kind/namespace/name, pod
 * templates per namespace) are maintained incrementally, so an edit costs the size of the edited
 * file, and a rule's lookup costs the size of the answer, not of the workspace.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, YamlFile>();
  private readonly perFile = new Map<string, IndexedObject[]>();
  /** The object of each indexed document: objectFor answers with the very object the lookups hold. */
  private readonly byDoc = new Map<YamlDoc, IndexedObject>();
  private readonly byName = new Map<string, Set<IndexedObject>>();
  private readonly templatesByNamespace = new Map<string, Set<IndexedObject>>();
  private readonly kustomizations = new Map<string, KustomizeFacts>();
  /** How many objects of a kind each namespace holds: `kind \0 ns`. */
  private readonly kindCounts = new Map<string, number>();
  /** Pod templates by one of their labels: `ns \0 key \0 value`. */
  private readonly templatesByLabel = new Map<string, Set<IndexedObject>>();
  /** Templates whose labels are unknown (templated): candidates for every selector. */
  private readonly templatedTemplates = new Map<string, Set<IndexedObject>>();
  /** Pod controllers by the pivot (first single-value In requirement) of their selector. */
  private readonly controllersByPivot = new Map<string, Set<IndexedObject>>();
  /** Pod controllers whose selector has no pivot: candidates for every template. */
  private readonly controllersWithoutPivot = new Map<string, Set<IndexedObject>>();
  /** Objects that are items of a `List`, `ConfigMapList`, ... document, by name key, per file. */
  private readonly listItems = new Map<string, number>();
  private readonly listItemsPerFile = new Map<string, string[]>();
  /** `ConfigMap\0name` / `Secret\0name` of kustomize generators, per kustomization file. */
  private readonly generatedPerFile = new Map<string, string[]>();
  private objectsCache: IndexedObject[] | undefined;
  private changes = 0;
  private readonly kustomizeMemo = new Map<string, KustomizeFacts | undefined>();
  private kustomizeMemoVersion = -1;

  /** Changes with every update or removal: results derived from the index can be memoized by it. */
  get version(): number {
    return this.changes;
  }

  update(file: YamlFile): void {
    this.remove(file.uri);
    this.files.set(file.uri, file);
    const objs: IndexedObject[] = [];
    for (const doc of file.docs) {
      const o = describeObject(file, doc);
      if (!o) continue;
      objs.push(o);
      this.byDoc.set(doc, o);
      const keys = indexKeysOf(o, makeKeys);
      this.kindCounts.set(keys.kind, (this.kindCounts.get(keys.kind) ?? 0) + 1);
      if (keys.name !== undefined) addTo(this.byName, keys.name, o);
      if (o.podTemplate && o.kind !== 'PodTemplate') this.indexTemplate(o, keys, addTo);
    }
    this.perFile.set(file.uri, objs);
    const items = listItemKeys(file);
    if (items.length > 0) {
      this.listItemsPerFile.set(file.uri, items);
      for (const key of items) this.listItems.set(key, (this.listItems.get(key) ?? 0) + 1);
    }
    const k = describeKustomization(file);
    if (k) this.kustomizations.set(dirOf(file.uri), k);
    const generated = k ? generatedNames(file) : [];
    if (generated.length) this.generatedPerFile.set(file.uri, generated);
    this.objectsCache = undefined;
    this.changes++;
  }

  remove(uri: string): void {
    const old = this.perFile.get(uri);
    if (old) {
      for (const o of old) {
        this.byDoc.delete(o.doc);
        const keys = indexKeysOf(o, makeKeys);
        const n = (this.kindCounts.get(keys.kind) ?? 1) - 1;
        if (n > 0) this.kindCounts.set(keys.kind, n);
        else this.kindCounts.delete(keys.kind);
        if (keys.name !== undefined) removeFrom(this.byName, keys.name, o);
        if (o.podTemplate && o.kind !== 'PodTemplate') this.indexTemplate(o, keys, removeFrom);
      }
    }
    for (const key of this.listItemsPerFile.get(uri) ?? []) {
      const n = (this.listItems.get(key) ?? 1) - 1;
      if (n > 0) this.listItems.set(key, n);
      else this.listItems.delete(key);
    }
    this.listItemsPerFile.delete(uri);
    this.generatedPerFile.delete(uri);
    if (this.files.has(uri) && this.kustomizations.has(dirOf(uri))) {
      // Only drop the folder's kustomization if this file was it.
      if (describeKustomization(this.files.get(uri)!)) this.kustomizations.delete(dirOf(uri));
    }
    this.perFile.delete(uri);
    this.files.delete(uri);
    this.objectsCache = undefined;
    this.changes++;
  }

  file(uri: string): YamlFile | undefined {
    return this.files.get(uri);
  }

  allFiles(): YamlFile[] {
    return [...this.files.values()];
  }

  objects(): IndexedObject[] {
    if (!this.objectsCache) {
      const out: IndexedObject[] = [];
      for (const objs of this.perFile.values()) out.push(...objs);
      this.objectsCache = out;
    }
    return this.objectsCache;
  }

  /** The objects of one file (in document order). */
  objectsIn(uri: string): readonly IndexedObject[] {
    return this.perFile.get(uri) ?? [];
  }

  /** Facts of a document: from the index when it holds this very file, else computed on the spot. */
  objectFor(file: YamlFile, doc: YamlDoc): IndexedObject | undefined {
    const o = this.byDoc.get(doc);
    return o && o.file === file ? o : describeObject(file, doc);
  }

  /** Objects with this kind, namespace and name (more than one means a duplicate). */
  lookup(kind: string, namespace: string, name: string): IndexedObject[] {
    const s = this.byName.get(nameKey(kind, namespace, name));
    return s ? [...s] : [];
  }

  /** Objects with the kind, namespace and name of `o` (including `o` when indexed), without a copy. */
  sameName(o: IndexedObject): ReadonlySet<IndexedObject> {
    const key = indexKeysOf(o, makeKeys).name;
    return (key !== undefined && this.byName.get(key)) || NO_OBJECTS;
  }

  /** Whether any object with this kind and name exists in the namespace (kinds given as alternatives). */
  has(kinds: readonly string[], namespace: string, name: string): boolean {
    return kinds.some((k) => (this.byName.get(nameKey(k, namespace, name))?.size ?? 0) > 0 || this.listItems.has(nameKey(k, namespace, name)));
  }

  private indexTemplate(o: IndexedObject, keys: IndexKeys, op: (m: Map<string, Set<IndexedObject>>, k: string, v: IndexedObject) => void): void {
    const ns = o.namespace;
    op(this.templatesByNamespace, ns, o);
    if (o.podTemplate!.labelsTemplated) op(this.templatedTemplates, ns, o);
    for (let i = 0; i < keys.templateLabels.length; i++) op(this.templatesByLabel, keys.templateLabels[i], o);
    if (o.selector && CONTROLLER_KINDS.has(o.kind)) {
      if (keys.pivot !== undefined) op(this.controllersByPivot, keys.pivot, o);
      else op(this.controllersWithoutPivot, ns, o);
    }
  }

  /**
   * Pod templates that `selector` could match in a namespace: a superset of the matches (the
   * caller still evaluates the selector), narrowed by the selector's most selective label.
   */
  candidateTemplates(namespace: string, selector: Selector): readonly IndexedObject[] {
    let best: Set<IndexedObject> | undefined;
    for (let i = 0; i < selector.requirements.length; i++) {
      const r = selector.requirements[i];
      if (r.operator !== 'In' || r.values.length !== 1) continue;
      const s = this.templatesByLabel.get(labelKey(namespace, r.key, r.values[0]));
      if (!s) {
        best = new Set();
        break;
      }
      if (!best || s.size < best.size) best = s;
    }
    if (!best) return this.podTemplatesIn(namespace);
    const templated = this.templatedTemplates.get(namespace);
    return templated ? [...best, ...templated] : [...best];
  }

  /** Pod controllers whose selector could match pods with `labels` (a superset; evaluate to be sure). */
  candidateControllers(namespace: string, labels: Record<string, string>): IndexedObject[] {
    const out = new Set<IndexedObject>(this.controllersWithoutPivot.get(namespace) ?? []);
    for (const k in labels) {
      if (!Object.prototype.hasOwnProperty.call(labels, k)) continue;
      const pivoted = this.controllersByPivot.get(labelKey(namespace, k, labels[k]));
      if (pivoted) for (const o of pivoted) out.add(o);
    }
    return [...out];
  }

  /** How many objects of `kind` the workspace defines in `namespace`. */
  countOf(kind: string, namespace: string): number {
    return this.kindCounts.get(kindKey(kind, namespace)) ?? 0;
  }

  /** Whether the namespace holds any workload or Pod. */
  hasPodTemplatesIn(namespace: string): boolean {
    return (this.templatesByNamespace.get(namespace)?.size ?? 0) > 0;
  }

  /** Objects that carry a pod template (workloads and bare Pods) in a namespace. */
  podTemplatesIn(namespace: string): readonly IndexedObject[] {
    const s = this.templatesByNamespace.get(namespace);
    return s ? [...s] : [];
  }

  /**
   * What kustomizations in the object's folder or any parent folder (within the workspace)
   * change: names and labels there may differ from what the files say.
   */
  kustomizeFor(uri: string): KustomizeFacts | undefined {
    if (this.kustomizations.size === 0) return undefined;
    // Asked for every object of a file: the walk up the folders is done once per uri and version.
    if (this.kustomizeMemoVersion !== this.changes) {
      this.kustomizeMemo.clear();
      this.kustomizeMemoVersion = this.changes;
    }
    if (this.kustomizeMemo.has(uri)) return this.kustomizeMemo.get(uri);
    const merged = this.mergedKustomizations(uri);
    this.kustomizeMemo.set(uri, merged);
    return merged;
  }

  private mergedKustomizations(uri: string): KustomizeFacts | undefined {
    let merged: KustomizeFacts | undefined;
    for (let dir = dirOf(uri); ; dir = dirOf(dir)) {
      const k = this.kustomizations.get(dir);
      if (k) {
        merged = {
          setsLabels: k.setsLabels || !!merged?.setsLabels,
          setsSelectors: k.setsSelectors || !!merged?.setsSelectors,
          setsNames: k.setsNames || !!merged?.setsNames,
          setsNamespace: k.setsNamespace || !!merged?.setsNamespace,
        };
      }
      if (dir === '' || dirOf(dir) === dir) break;
    }
    return merged;
  }

  /**
   * Whether some kustomization generates a ConfigMap or Secret of this name (configMapGenerator,
   * secretGenerator): checked file by file, a reference to it is not missing.
   */
  generates(kind: string, name: string): boolean {
    if (this.generatedPerFile.size === 0) return false;
    const key = `${kind}\u0000${name}`;
    for (const names of this.generatedPerFile.values()) if (names.includes(key)) return true;
    return false;
  }

  /** Some kustomization governs this folder (objects there may be renamed or patched). */
  isKustomized(uri: string): boolean {
    return this.kustomizeFor(uri) !== undefined;
  }
}

const NO_OBJECTS: ReadonlySet<IndexedObject> = new Set();

function generatedNames(file: YamlFile): string[] {
  const out: string[] = [];
  for (const doc of file.docs) {
    const v = doc.value as Record<string, unknown> | undefined;
    if (!v || typeof v !== 'object') continue;
    for (const [field, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
      const list = v[field];
      if (Array.isArray(list)) for (const g of list) if (g && typeof (g as { name?: unknown }).name === 'string') out.push(`${kind}\u0000${(g as { name: string }).name}`);
    }
  }
  return out;
}

/**
 * Name keys of the items of list documents (`kind: List`, `ConfigMapList`, `SecretList`, ...):
 * `kubectl apply` creates each item, so references to them resolve.
 */
function listItemKeys(file: YamlFile): string[] {
  const out: string[] = [];
  for (const doc of file.docs) {
    if (!doc.isKubernetes || !doc.kind!.endsWith('List') || doc.templated) continue;
    const items = (doc.value as { items?: unknown }).items;
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      const r = item as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
      if (!r || typeof r !== 'object' || typeof r.kind !== 'string' || typeof r.metadata?.name !== 'string') continue;
      const apiVersion = typeof r.apiVersion === 'string' ? r.apiVersion : '';
      const namespaced = lookupKind(apiVersion, r.kind)?.namespaced !== false;
      const ns = namespaced ? (typeof r.metadata.namespace === 'string' ? r.metadata.namespace : doc.namespace ?? 'default') : '';
      out.push(nameKey(r.kind, ns, r.metadata.name));
    }
  }
  return out;
}

/** The keys an object is filed under (see indexTemplate for which tables use which). */
function makeKeys(o: IndexedObject): IndexKeys {
  const ns = o.namespace;
  const templateLabels: string[] = [];
  let pivot: string | undefined;
  if (o.podTemplate && o.kind !== 'PodTemplate') {
    const labels = o.podTemplate.labels;
    for (const k in labels) if (Object.prototype.hasOwnProperty.call(labels, k)) templateLabels.push(labelKey(ns, k, labels[k]));
    if (o.selector && CONTROLLER_KINDS.has(o.kind)) {
      const p = pivotOf(o.selector);
      if (p) pivot = labelKey(ns, p[0], p[1]);
    }
  }
  return { kind: kindKey(o.kind, ns), name: o.name !== undefined ? nameKey(o.kind, ns, o.name) : undefined, templateLabels, pivot };
}

function kindKey(kind: string, namespace: string): string {
  return `${kind}\u0000${namespace}`;
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}\u0000${value}`;
}

function pivotOf(sel: Selector): [string, string] | undefined {
  if (sel.templated || sel.invalid) return undefined;
  const r = sel.requirements.find((x) => x.operator === 'In' && x.values.length === 1);
  return r ? [r.key, r.values[0]] : undefined;
}

function nameKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

function addTo<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(v);
}

function removeFrom<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(v);
  if (s.size === 0) m.delete(k);
}
