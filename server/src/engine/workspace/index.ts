import { documentBeforeEdit, type YamlDoc, type YamlFile } from '../yaml/documents';
import type { Selector } from '../rules/labels';
import { CONTROLLER_KINDS } from './podTemplate';
import { lookupKind } from '../schema/registry';
import { describeKustomization, describeObject, dirOf, indexKeysOf, rebaseObject, type IndexedObject, type IndexKeys, type KustomizeFacts } from './objectFacts';

/** Kinds whose objects are also filed by kind and namespace, for rules that list them (most are only counted). */
const FILED_BY_KIND: ReadonlySet<string> = new Set(['HorizontalPodAutoscaler', 'Service']);

export type { IndexedObject, PodTemplateFacts, ContainerFacts, PortFacts, Reference, ReferenceKind, KustomizeFacts } from './objectFacts';

/**
 * What the cross-file rules read from the index while one document is checked: the lookup keys
 * they asked about, the objects whose positions went into their findings, and whether they read
 * something no key describes (then the result is not reused). See check.ts, workspace findings.
 */
export interface IndexReads {
  keys: Set<string>;
  positions: Set<IndexedObject>;
  untracked: boolean;
}

let reads: IndexReads | undefined;

/** Runs `fn` and returns what it read from any index (lookups by key, positions of other objects). */
export function recordIndexReads<T>(fn: () => T): { result: T; reads: IndexReads } {
  const outer = reads;
  const mine: IndexReads = { keys: new Set(), positions: new Set(), untracked: false };
  reads = mine;
  try {
    return { result: fn(), reads: mine };
  } finally {
    reads = outer;
    if (outer) {
      for (const k of mine.keys) outer.keys.add(k);
      for (const o of mine.positions) outer.positions.add(o);
      if (mine.untracked) outer.untracked = true;
    }
  }
}

/** Counts `recorded` as read again (a result memoized elsewhere, reused by the rule being checked). */
export function replayIndexReads(recorded: IndexReads): void {
  if (!reads) return;
  for (const k of recorded.keys) reads.keys.add(k);
  for (const o of recorded.positions) reads.positions.add(o);
  if (recorded.untracked) reads.untracked = true;
}

/** A finding points into another object (a related location, its document number): its position matters. */
export function notePositionRead(o: IndexedObject): void {
  reads?.positions.add(o);
}

function noteRead(key: string): void {
  reads?.keys.add(key);
}

function noteUntracked(): void {
  if (reads) reads.untracked = true;
}

/** Changes whose keys are logged, and keys per change, for changedSince. */
const CHANGE_LOG_LENGTH = 128;
const CHANGE_LOG_KEYS = 256;

/**
 * Files other tools and this one read by their name (kustomizations, .kube-rehearsal.yaml): a
 * superset of what isKustomizationFile and isWorkspaceConfigFile accept, kept apart because they
 * are few and are looked for after every change.
 */
const READ_BY_NAME = /(?:kustomization\.ya?ml|Kustomization|\.kube-rehearsal\.ya?ml)$/;

function readByName(uri: string): boolean {
  if (READ_BY_NAME.test(uri)) return true;
  if (!uri.includes('%')) return false;
  try {
    return READ_BY_NAME.test(decodeURIComponent(uri));
  } catch {
    return false;
  }
}

/** Document order across the index: files in the order they were first indexed, then documents. */
const FILE_ORDER = 2 ** 24;

/**
 * Every Kubernetes object in the workspace, across files, updated file by file.
 *
 * Facts are extracted once per parsed document. An update keeps the objects of the documents
 * whose text did not change (moved to the new parse, same identity and place in the tables) and
 * files only the new and removed ones, so an edit costs the documents it changed, and a rule's
 * lookup costs the size of the answer, not of the workspace.
 *
 * Answers list objects in document order (files in the order first indexed), whatever order the
 * updates came in: an index updated edit by edit answers exactly as one built from scratch.
 * Every change records the lookup keys it affects (`changedSince`), so results computed from
 * the index can tell whether they still hold.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, YamlFile>();
  private readonly filesByName = new Map<string, YamlFile>();
  private readonly perFile = new Map<string, IndexedObject[]>();
  /**
   * The object of each document of each indexed file, by document number (undefined for a
   * document that is not a Kubernetes object): objectFor answers with the very object the lookups
   * hold. An array per file rather than a map by document: an edit copies it with the edit's shift
   * instead of moving every later document's entry.
   */
  private readonly docSlots = new Map<string, (IndexedObject | undefined)[]>();
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
  /** HorizontalPodAutoscalers by `kind \0 ns` (what scales a workload). */
  private readonly byKind = new Map<string, Set<IndexedObject>>();
  /** CustomResourceDefinitions, for the CRD registry. */
  private readonly crds = new Set<IndexedObject>();
  /** Objects that are items of a `List`, `ConfigMapList`, ... document, by name key, per file. */
  private readonly listItems = new Map<string, number>();
  private readonly listItemsPerFile = new Map<string, string[]>();
  /** `ConfigMap\0name` / `Secret\0name` of kustomize generators, per kustomization file. */
  private readonly generatedPerFile = new Map<string, string[]>();
  private objectsCache: IndexedObject[] | undefined;
  private changes = 0;
  private readonly kustomizeMemo = new Map<string, KustomizeFacts | undefined>();
  private kustomizeMemoVersion = -1;
  /** The order of each file (first indexed first); kept while the file stays indexed. */
  private readonly fileSeq = new Map<string, number>();
  private nextSeq = 0;
  /** listed(): each set's array at the version it was made. */
  private readonly lists = new WeakMap<Set<IndexedObject>, { version: number; list: readonly IndexedObject[] }>();
  /** Sets an update appended to out of document order: sorted before their next answer. */
  private readonly unsorted = new WeakSet<Set<IndexedObject>>();
  /** The version at which each lookup key last changed. */
  private readonly keyChanged = new Map<string, number>();
  /** The last version at which a kept object of each file moved to another line or document number. */
  private readonly movedAt = new Map<string, number>();
  /** The file each uri's last update replaced (undefined for a new file). */
  private readonly replaced = new Map<string, YamlFile | undefined>();
  /** The last version at which a kept object of any file moved. */
  private lastMove = 0;
  /** The keys each of the last changes touched and the file it updated or removed (oldest first). */
  private readonly changeLog: { version: number; keys: string[]; uri?: string }[] = [];
  /** The log holds every change from this version on. */
  private logFrom = 1;

  /** Changes with every update or removal: results derived from the index can be memoized by it. */
  get version(): number {
    return this.changes;
  }

  /** Whether any of these lookup keys (see recordIndexReads) changed after `version`. */
  changedSince(keys: ReadonlySet<string>, version: number): boolean {
    if (version === this.changes) return false;
    // Usually few keys changed since (one edit): look those up rather than every key read.
    const log = this.changeLog;
    if (version + 1 >= this.logFrom) {
      for (let i = log.length - 1; i >= 0 && log[i].version > version; i--) {
        for (const k of log[i].keys) if (keys.has(k)) return true;
      }
      return false;
    }
    for (const k of keys) if ((this.keyChanged.get(k) ?? 0) > version) return true;
    return false;
  }

  /** Whether an object of this file kept from an earlier parse moved (line or document number) after `version`. */
  movedSince(uri: string, version: number): boolean {
    return (this.movedAt.get(uri) ?? 0) > version;
  }

  /** Whether a kept object of any file moved (line or document number) after `version`. */
  anyMovedSince(version: number): boolean {
    return this.lastMove > version;
  }

  /**
   * Every lookup key changed after `version`, when the log of changes still holds them all;
   * undefined when it does not (then ask changedSince for the keys of interest).
   */
  keysChangedSince(version: number): string[] | undefined {
    if (version === this.changes) return [];
    if (version + 1 < this.logFrom) return undefined;
    const out: string[] = [];
    const log = this.changeLog;
    for (let i = log.length - 1; i >= 0 && log[i].version > version; i--) for (const k of log[i].keys) out.push(k);
    return out;
  }

  /**
   * Every lookup key changed after `version` and every file updated or removed since, when the log
   * of changes still holds them all; undefined when it does not (a scan, many files at once).
   */
  changesSince(version: number): { keys: string[]; files: string[] } | undefined {
    if (version === this.changes) return { keys: [], files: [] };
    if (version + 1 < this.logFrom) return undefined;
    const keys: string[] = [];
    const files: string[] = [];
    const log = this.changeLog;
    for (let i = log.length - 1; i >= 0 && log[i].version > version; i--) {
      for (const k of log[i].keys) keys.push(k);
      if (log[i].uri !== undefined) files.push(log[i].uri!);
    }
    return { keys, files };
  }

  /** The parse of `uri` that the last update of it replaced (the file is then `file(uri)`). */
  replacedFile(uri: string): YamlFile | undefined {
    return this.replaced.get(uri);
  }

  /** This very object is in the index (not removed since, nor replaced by an edit of its text). */
  holds(o: IndexedObject): boolean {
    return this.docSlots.get(o.uri)?.[o.doc.index] === o;
  }

  /** The indexed object of a document of an indexed file, or undefined (objectFor describes others on the spot). */
  indexedObject(file: YamlFile, doc: YamlDoc): IndexedObject | undefined {
    if (this.files.get(file.uri) !== file) return undefined;
    const o = this.docSlots.get(file.uri)?.[doc.index];
    return o && o.doc === doc ? o : undefined;
  }

  private order(o: IndexedObject): number {
    return (this.fileSeq.get(o.uri) ?? 0) * FILE_ORDER + o.doc.index;
  }

  /**
   * A set's objects in document order as an array, the same array until the index changes: a
   * rule asks for the templates of a namespace once per Service (4,000 Services of a namespace of
   * 4,000 workloads made a copy of 4,000 for each). Callers must not modify it.
   */
  private listed(s: Set<IndexedObject>): readonly IndexedObject[] {
    // An empty set (a label nothing carries) is not remembered: it is made anew for each lookup.
    if (s.size === 0) return NO_LIST;
    const known = this.lists.get(s);
    if (known && known.version === this.changes) return known.list;
    const list = [...this.ordered(s)];
    this.lists.set(s, { version: this.changes, list });
    return list;
  }

  /** A set of objects in document order. */
  private ordered(s: Set<IndexedObject>): Set<IndexedObject> {
    if (this.unsorted.has(s)) {
      this.unsorted.delete(s);
      const sorted = [...s].sort((a, b) => this.order(a) - this.order(b));
      s.clear();
      for (const o of sorted) s.add(o);
    }
    return s;
  }

  /** The log's entry of the change under way (undefined once the log gave up on it). */
  private logEntry(): { version: number; keys: string[]; uri?: string } | undefined {
    if (this.changes < this.logFrom) return undefined;
    let last = this.changeLog[this.changeLog.length - 1];
    if (!last || last.version !== this.changes) {
      if (this.changeLog.length >= CHANGE_LOG_LENGTH) this.logFrom = this.changeLog.shift()!.version + 1;
      this.changeLog.push((last = { version: this.changes, keys: [] }));
    }
    return last;
  }

  /** A change begins: the version moves on and the log notes which file it is about. */
  private begin(uri: string): void {
    this.changes++;
    const entry = this.logEntry();
    if (entry) entry.uri = uri;
  }

  private touch(key: string): void {
    this.keyChanged.set(key, this.changes);
    const last = this.logEntry();
    if (!last) return;
    if (last.keys.length < CHANGE_LOG_KEYS) {
      last.keys.push(key);
      return;
    }
    // A scan touches many keys: past a point the per-key versions answer faster.
    this.changeLog.length = 0;
    this.logFrom = this.changes + 1;
  }

  /** The lookup keys an object answers under (what changes when it comes or goes). */
  private touchObject(o: IndexedObject, keys: IndexKeys): void {
    this.touch('K' + keys.kind);
    if (keys.name !== undefined) this.touch('N' + keys.name);
    if (o.podTemplate && o.kind !== 'PodTemplate') {
      this.touch('T' + o.namespace);
      if (o.podTemplate.labelsTemplated) this.touch('X' + o.namespace);
      for (const l of keys.templateLabels) this.touch('L' + l);
      if (o.selector && CONTROLLER_KINDS.has(o.kind)) this.touch(keys.pivot !== undefined ? 'P' + keys.pivot : 'C' + o.namespace);
    }
  }

  private addObject(o: IndexedObject, appendsInOrder: boolean): void {
    const keys = indexKeysOf(o, makeKeys);
    this.kindCounts.set(keys.kind, (this.kindCounts.get(keys.kind) ?? 0) + 1);
    if (FILED_BY_KIND.has(o.kind)) this.unsortedIf(!appendsInOrder, addTo(this.byKind, keys.kind, o));
    const add = appendsInOrder ? addTo : (m: Map<string, Set<IndexedObject>>, k: string, v: IndexedObject) => this.unsorted.add(addTo(m, k, v));
    if (keys.name !== undefined) add(this.byName, keys.name, o);
    if (o.podTemplate && o.kind !== 'PodTemplate') this.indexTemplate(o, keys, add);
    if (o.kind === 'CustomResourceDefinition') {
      this.crds.add(o);
      if (!appendsInOrder) this.unsorted.add(this.crds);
    }
    this.touchObject(o, keys);
  }

  /** Moves a kept object to its document in the new parse. */
  private keep(o: IndexedObject, file: YamlFile, doc: YamlDoc): boolean {
    return rebaseObject(o, file, doc);
  }

  private unsortedIf(condition: boolean, set: Set<IndexedObject>): void {
    if (condition) this.unsorted.add(set);
  }

  private removeObject(o: IndexedObject): void {
    const keys = indexKeysOf(o, makeKeys);
    const n = (this.kindCounts.get(keys.kind) ?? 1) - 1;
    if (n > 0) this.kindCounts.set(keys.kind, n);
    else this.kindCounts.delete(keys.kind);
    if (FILED_BY_KIND.has(o.kind)) removeFrom(this.byKind, keys.kind, o);
    if (keys.name !== undefined) removeFrom(this.byName, keys.name, o);
    if (o.podTemplate && o.kind !== 'PodTemplate') this.indexTemplate(o, keys, removeFrom);
    this.crds.delete(o);
    this.touchObject(o, keys);
  }

  update(file: YamlFile): void {
    const uri = file.uri;
    const previous = this.files.get(uri);
    if (previous === file) return;
    this.begin(uri);
    if (!this.fileSeq.has(uri)) this.fileSeq.set(uri, ++this.nextSeq);
    // A new file comes after every indexed one: its objects append in document order.
    const appendsInOrder = previous === undefined && this.fileSeq.get(uri) === this.nextSeq;
    const oldSlots = this.docSlots.get(uri) ?? [];
    // Filled, not `new Array(n)`: a holey array of a million documents is several times slower to write and read.
    const slots: (IndexedObject | undefined)[] = new Array<IndexedObject | undefined>(file.docs.length).fill(undefined);
    let pending = false;
    let moved = false;
    const edit = previous !== undefined && file.edit?.previous === previous ? file.edit : undefined;
    // Objects of the previous parse that may be kept by value (those of the documents an edit replaced).
    let candidatesOld: readonly (IndexedObject | undefined)[] = oldSlots;
    /** Documents outside an edit whose object could not be kept. */
    const editedAlso: number[] = [];
    if (edit) {
      // The next parse of the indexed one: the documents outside the edit are the same texts at
      // the same or shifted places; their objects move along without being looked up.
      const shift = edit.added - edit.removed;
      const lost: number[] = [];
      for (let i = 0; i < file.docs.length; i++) {
        if (i === edit.first) i += edit.added;
        if (i >= file.docs.length) break;
        const o = oldSlots[i < edit.first ? i : i - shift];
        if (!o) continue;
        if (this.keep(o, file, file.docs[i])) slots[i] = o;
        else lost.push(i);
      }
      if (shift !== 0 || edit.lineDelta !== 0) moved = edit.first + edit.added < file.docs.length;
      candidatesOld = oldSlots.slice(edit.first, edit.first + edit.removed);
      pending = edit.added > 0 || lost.length > 0;
      // (Only an object the index did not describe itself cannot move: described anew.)
      for (const i of lost) {
        (candidatesOld as (IndexedObject | undefined)[]).push(oldSlots[i - (i < edit.first ? 0 : shift)]);
        editedAlso.push(i);
      }
    } else {
      // A document whose text is unchanged keeps its object: found through the document itself (kept
      // by the parse) or the one it moved from; the rest by parsed value among the objects left.
      // A document the edit moved moved by the edit's lines and documents (parseYamlFile).
      const shifts = previous !== undefined && (previous.lines.lineCount !== file.lines.lineCount || previous.docs.length !== file.docs.length);
      for (let i = 0; i < file.docs.length; i++) {
        const doc = file.docs[i];
        if (!doc.isKubernetes) continue;
        let o = previous?.docs[i] === doc ? oldSlots[i] : undefined;
        let shifted = false;
        if (!o) {
          const before = documentBeforeEdit(doc);
          o = before && previous?.docs[before.index] === before ? oldSlots[before.index] : undefined;
          shifted = shifts;
        }
        if (o && o.uri === uri && o.file !== file && o.doc.value === doc.value && o.templated === doc.templated && this.keep(o, file, doc)) {
          slots[i] = o;
          if (shifted) moved = true;
        } else pending = true;
      }
    }
    if (pending) {
      const reusable = new Map<unknown, IndexedObject[]>();
      for (const o of candidatesOld) {
        if (!o || o.file === file) continue;
        const list = reusable.get(o.doc.value);
        if (list) list.push(o);
        else reusable.set(o.doc.value, [o]);
      }
      const from = edit ? edit.first : 0;
      const to = edit ? edit.first + edit.added : file.docs.length;
      const todo: number[] = [];
      for (let i = from; i < to; i++) todo.push(i);
      for (const i of editedAlso) todo.push(i);
      for (const i of todo) {
        const doc = file.docs[i];
        if (!doc.isKubernetes || slots[i]) continue;
        const candidates = reusable.get(doc.value);
        const at = candidates ? candidates.findIndex((o) => o.templated === doc.templated) : -1;
        const kept = at >= 0 ? candidates![at] : undefined;
        const line = kept ? kept.file.lines.positionAt(kept.doc.start).line : 0;
        const docIndex = kept ? kept.doc.index : 0;
        if (kept && this.keep(kept, file, doc)) {
          if (docIndex !== doc.index || line !== file.lines.positionAt(doc.start).line) moved = true;
          slots[i] = kept;
          candidates!.splice(at, 1);
          continue;
        }
        const o = describeObject(file, doc);
        if (!o) continue;
        slots[i] = o;
        this.addObject(o, appendsInOrder);
      }
    }
    this.docSlots.set(uri, slots);
    // Objects not kept still point at the previous parse.
    for (const o of candidatesOld) if (o && o.file !== file) this.removeObject(o);
    if (moved) {
      this.movedAt.set(uri, this.changes);
      this.lastMove = this.changes;
    }
    this.replaced.set(uri, previous);
    const objs: IndexedObject[] = [];
    for (const o of slots) if (o) objs.push(o);
    this.files.set(uri, file);
    if (readByName(uri)) this.filesByName.set(uri, file);
    this.perFile.set(uri, objs);
    this.updateListItems(uri, listItemKeys(file));
    const oldK = previous ? describeKustomization(previous) : undefined;
    const k = describeKustomization(file);
    if (oldK && !k) this.kustomizations.delete(dirOf(uri));
    if (k) this.kustomizations.set(dirOf(uri), k);
    if ((oldK || k) && JSON.stringify(oldK) !== JSON.stringify(k)) this.touch('*kustomize');
    const generated = k ? generatedNames(file) : [];
    const oldGenerated = this.generatedPerFile.get(uri) ?? [];
    if (generated.length) this.generatedPerFile.set(uri, generated);
    else this.generatedPerFile.delete(uri);
    if (generated.join('\n') !== oldGenerated.join('\n')) this.touch('*generated');
    this.objectsCache = undefined;
  }

  private updateListItems(uri: string, items: string[]): void {
    const old = this.listItemsPerFile.get(uri) ?? [];
    if (old.length === 0 && items.length === 0) return;
    for (const key of old) {
      const n = (this.listItems.get(key) ?? 1) - 1;
      if (n > 0) this.listItems.set(key, n);
      else this.listItems.delete(key);
      this.touch('N' + key);
    }
    for (const key of items) {
      this.listItems.set(key, (this.listItems.get(key) ?? 0) + 1);
      this.touch('N' + key);
    }
    if (items.length > 0) this.listItemsPerFile.set(uri, items);
    else this.listItemsPerFile.delete(uri);
  }

  remove(uri: string): void {
    const file = this.files.get(uri);
    this.begin(uri);
    for (const o of this.perFile.get(uri) ?? []) this.removeObject(o);
    this.updateListItems(uri, []);
    if (this.generatedPerFile.delete(uri)) this.touch('*generated');
    if (file && this.kustomizations.has(dirOf(uri))) {
      // Only drop the folder's kustomization if this file was it.
      if (describeKustomization(file)) {
        this.kustomizations.delete(dirOf(uri));
        this.touch('*kustomize');
      }
    }
    this.perFile.delete(uri);
    this.docSlots.delete(uri);
    this.files.delete(uri);
    this.filesByName.delete(uri);
    this.fileSeq.delete(uri);
    this.movedAt.delete(uri);
    this.replaced.delete(uri);
    this.objectsCache = undefined;
  }

  file(uri: string): YamlFile | undefined {
    noteUntracked();
    return this.files.get(uri);
  }

  allFiles(): YamlFile[] {
    noteUntracked();
    return [...this.files.values()];
  }

  /** The indexed kustomization and .kube-rehearsal.yaml files (and perhaps a few more): without a pass over every file. */
  filesReadByName(): YamlFile[] {
    noteUntracked();
    return [...this.filesByName.values()];
  }

  objects(): IndexedObject[] {
    noteUntracked();
    if (!this.objectsCache) {
      const out: IndexedObject[] = [];
      for (const objs of this.perFile.values()) out.push(...objs);
      this.objectsCache = out;
    }
    return this.objectsCache;
  }

  /** The objects of one file (in document order). */
  objectsIn(uri: string): readonly IndexedObject[] {
    noteUntracked();
    return this.perFile.get(uri) ?? [];
  }

  /** Facts of a document: from the index when it holds this very file, else computed on the spot. */
  objectFor(file: YamlFile, doc: YamlDoc): IndexedObject | undefined {
    return this.indexedObject(file, doc) ?? describeObject(file, doc);
  }

  /** Objects with this kind, namespace and name (more than one means a duplicate). */
  lookup(kind: string, namespace: string, name: string): IndexedObject[] {
    const key = nameKey(kind, namespace, name);
    noteRead('N' + key);
    const s = this.byName.get(key);
    return s ? [...this.ordered(s)] : [];
  }

  /** Objects with the kind, namespace and name of `o` (including `o` when indexed), in document order, without a copy. */
  sameName(o: IndexedObject): ReadonlySet<IndexedObject> {
    const key = indexKeysOf(o, makeKeys).name;
    if (key === undefined) return NO_OBJECTS;
    noteRead('N' + key);
    const s = this.byName.get(key);
    return s ? this.ordered(s) : NO_OBJECTS;
  }

  /** Whether any object with this kind and name exists in the namespace (kinds given as alternatives). */
  has(kinds: readonly string[], namespace: string, name: string): boolean {
    return kinds.some((k) => {
      const key = nameKey(k, namespace, name);
      noteRead('N' + key);
      return (this.byName.get(key)?.size ?? 0) > 0 || this.listItems.has(key);
    });
  }

  /** The CustomResourceDefinitions of the workspace, in document order. */
  customResourceDefinitions(): readonly IndexedObject[] {
    noteUntracked();
    return [...this.ordered(this.crds)];
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
    let bestKey = '';
    for (let i = 0; i < selector.requirements.length; i++) {
      const r = selector.requirements[i];
      if (r.operator !== 'In' || r.values.length !== 1) continue;
      const key = labelKey(namespace, r.key, r.values[0]);
      const s = this.templatesByLabel.get(key);
      if (!s) {
        best = new Set();
        bestKey = key;
        break;
      }
      if (!best || s.size < best.size) {
        best = s;
        bestKey = key;
      }
    }
    if (!best) return this.podTemplatesIn(namespace);
    // Every template the selector matches carries this label: only that bucket can change the answer.
    noteRead('L' + bestKey);
    noteRead('X' + namespace);
    const templated = this.templatedTemplates.get(namespace);
    return templated ? [...this.ordered(best), ...this.ordered(templated)] : this.listed(best);
  }

  /** Pod controllers whose selector could match pods with `labels` (a superset; evaluate to be sure). */
  candidateControllers(namespace: string, labels: Record<string, string>): IndexedObject[] {
    noteRead('C' + namespace);
    const without = this.controllersWithoutPivot.get(namespace);
    const out = new Set<IndexedObject>(without ? this.ordered(without) : []);
    for (const k in labels) {
      if (!Object.prototype.hasOwnProperty.call(labels, k)) continue;
      const key = labelKey(namespace, k, labels[k]);
      noteRead('P' + key);
      const pivoted = this.controllersByPivot.get(key);
      if (pivoted) for (const o of this.ordered(pivoted)) out.add(o);
    }
    return [...out];
  }

  /** The HorizontalPodAutoscalers of a namespace, in document order. */
  autoscalersIn(namespace: string): readonly IndexedObject[] {
    return this.ofKind('HorizontalPodAutoscaler', namespace);
  }

  /** The objects of a kind filed by kind (FILED_BY_KIND) in a namespace, in document order. */
  ofKind(kind: 'HorizontalPodAutoscaler' | 'Service', namespace: string): readonly IndexedObject[] {
    const key = kindKey(kind, namespace);
    noteRead('K' + key);
    const s = this.byKind.get(key);
    return s ? this.listed(s) : [];
  }

  /** How many objects of `kind` the workspace defines in `namespace`. */
  countOf(kind: string, namespace: string): number {
    noteRead('K' + kindKey(kind, namespace));
    return this.kindCounts.get(kindKey(kind, namespace)) ?? 0;
  }

  /** Whether the namespace holds any workload or Pod. */
  hasPodTemplatesIn(namespace: string): boolean {
    noteRead('T' + namespace);
    return (this.templatesByNamespace.get(namespace)?.size ?? 0) > 0;
  }

  /** Objects that carry a pod template (workloads and bare Pods) in a namespace. */
  podTemplatesIn(namespace: string): readonly IndexedObject[] {
    noteRead('T' + namespace);
    const s = this.templatesByNamespace.get(namespace);
    return s ? this.listed(s) : [];
  }

  /**
   * What kustomizations in the object's folder or any parent folder (within the workspace)
   * change: names and labels there may differ from what the files say.
   */
  kustomizeFor(uri: string): KustomizeFacts | undefined {
    noteRead('*kustomize');
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
    noteRead('*generated');
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
const NO_LIST: readonly IndexedObject[] = Object.freeze([]);

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

/** listItemKeys per parse. */
const listItemMemo = new WeakMap<YamlFile, string[]>();

/**
 * Name keys of the items of list documents (`kind: List`, `ConfigMapList`, `SecretList`, ...):
 * `kubectl apply` creates each item, so references to them resolve.
 */
function listItemKeys(file: YamlFile): string[] {
  const known = listItemMemo.get(file);
  if (known) return known;
  // The next parse of a file without list items: only a document the edit read anew can hold some
  // (every update of a file of a million documents went through all of them).
  const edit = file.edit;
  const narrowed = edit !== undefined && listItemMemo.get(edit.previous)?.length === 0;
  const from = narrowed ? edit.first : 0;
  const to = narrowed ? edit.first + edit.added : file.docs.length;
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    const doc = file.docs[i];
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
  listItemMemo.set(file, out);
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

function addTo<K, V>(m: Map<K, Set<V>>, k: K, v: V): Set<V> {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(v);
  return s;
}

function removeFrom<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(v);
  if (s.size === 0) m.delete(k);
}
