import { key, objKey, type KObject } from '../types';
import { ResourceTable } from './resources';
import type { ManagedEntry } from '../apiserver/fieldManager';

/** An error the API server would return; `message` is what kubectl prints after `Error from server (<reason>): `. */
/**
 * Kinds whose registry strategy sets no metadata.generation (it stays 0, which the API omits):
 * those without a spec a controller observes (a Namespace, a Service, a ConfigMap, ...).
 */
const WITHOUT_GENERATION = new Set([
  'Namespace', 'Service', 'ConfigMap', 'Secret', 'Node', 'PersistentVolume', 'PersistentVolumeClaim', 'ServiceAccount', 'Endpoints', 'Event',
  'LimitRange', 'ResourceQuota', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PriorityClass',
]);

export class ApiError extends Error {
  constructor(readonly reason: string, message: string, readonly details?: { kind: string; name: string; causes: string[] }) {
    super(message);
  }
}

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type Watcher = (type: WatchType, obj: KObject) => void;
/** Admission: may mutate the object (defaults) or throw an ApiError to reject it. */
export type Admission = (obj: KObject, store: Store) => void;

export interface StoreHooks {
  now(): number;
  uid(): string;
  suffix(): string;
  /**
   * How many names a create with generateName may try before AlreadyExists: the API server retries
   * a taken name up to 7 times since 1.31 (RetryGenerateName, KEP-4420: beta 1.31, GA 1.32); 1 before.
   */
  generateNameAttempts?: number;
  /** Called before a create: throws when a bound is reached. */
  beforeCreate?(): void;
}

/**
 * The object store: what etcd + the API server are to a real cluster. Every write bumps
 * resourceVersion and notifies watchers synchronously; controllers only enqueue work from watches.
 * Indexes (by owner uid, by node) keep controllers away from scans over all pods.
 */
export class Store {
  private readonly objects = new Map<string, Map<string, KObject>>();
  private readonly byUid = new Map<string, KObject>();
  private readonly dependents = new Map<string, Set<KObject>>();
  private readonly indexedOwners = new Map<string, string[]>();
  private readonly podsOnNode = new Map<string, Set<KObject>>();
  private readonly indexedNode = new Map<string, string>();
  private readonly watchers = new Map<string, Watcher[]>();
  private readonly anyWatchers: Watcher[] = [];
  readonly admission: Admission[] = [];
  /** Validating admission: runs after the name is generated (its messages name the pod, as PodSecurity's do). */
  readonly validation: Admission[] = [];
  /** After validation, with the final name (the strategies' Canonicalize: a Namespace's name label). */
  readonly canonicalize: Admission[] = [];
  /** Admission on an update (apply of an existing object); warnings only here. */
  readonly updateAdmission: Admission[] = [];
  /** Each object's managedFields by uid (apiserver/managedFields.ts writes and reads them). */
  readonly managedFields = new Map<string, ManagedEntry[]>();
  /** The component that last wrote an object's status, by uid (its entry is worked out when read). */
  readonly statusWriters = new Map<string, { manager: string; time: number }>();
  /** Warnings admission returned for the request in progress (kubectl prints them as `Warning: ...`); the caller drains them. */
  readonly warnings: string[] = [];
  /** The resource types served: built-in plus the kinds of the CRDs stored (namespaced or not, names). */
  readonly resources = new ResourceTable();
  private rv = 1;
  count = 0;

  constructor(private readonly hooks: StoreHooks) {}

  /** Records a warning for the request in progress (bounded: controllers' own requests add some between clients' requests). */
  warn(message: string): void {
    if (this.warnings.length >= 100) this.warnings.shift();
    this.warnings.push(message);
  }

  /** The warnings of the last requests, emptied. */
  takeWarnings(): string[] {
    return this.warnings.splice(0, this.warnings.length);
  }

  watch(kind: string, w: Watcher): void {
    let list = this.watchers.get(kind);
    if (!list) this.watchers.set(kind, (list = []));
    list.push(w);
  }

  /** The last resourceVersion written (a list's resourceVersion: a watch from it misses nothing). */
  get resourceVersion(): number {
    return this.rv - 1;
  }

  watchAll(w: Watcher): void {
    this.anyWatchers.push(w);
  }

  get(kind: string, ns: string | undefined, name: string): KObject | undefined {
    return this.objects.get(kind)?.get(key(this.resources.isNamespaced(kind) ? ns : undefined, name));
  }

  getByUid(uid: string): KObject | undefined {
    return this.byUid.get(uid);
  }

  /** Objects of a kind, in creation order, optionally in one namespace. */
  list(kind: string, ns?: string): KObject[] {
    const m = this.objects.get(kind);
    if (!m) return [];
    const all = [...m.values()];
    return ns === undefined ? all : all.filter((o) => o.metadata.namespace === ns);
  }

  /** Objects whose ownerReferences name `uid` (any kind). */
  dependentsOf(uid: string): KObject[] {
    const s = this.dependents.get(uid);
    return s ? [...s] : [];
  }

  podsOn(node: string): KObject[] {
    const s = this.podsOnNode.get(node);
    return s ? [...s] : [];
  }

  /** `opts.uid`: a uid the caller made (controllers' own objects, which draw nothing from the seeded generator). */
  create(obj: KObject, opts: { uid?: string } = {}): KObject {
    const h = this.hooks;
    const meta = obj.metadata;
    const res = this.resources.forKind(obj.kind);
    if (res?.namespaced ?? true) {
      meta.namespace = meta.namespace || 'default';
      const ns = this.get('Namespace', undefined, meta.namespace);
      if (!ns && obj.kind !== 'Event') throw new ApiError('NotFound', `namespaces "${meta.namespace}" not found`);
      if (ns?.metadata.deletionTimestamp !== undefined)
        throw new ApiError('Forbidden', `${res?.qualified ?? obj.kind} "${meta.name || meta.generateName}" is forbidden: unable to create new content in namespace ${meta.namespace} because it is being terminated`);
    } else delete meta.namespace;
    if (!meta.name && !meta.generateName) throw new ApiError('Invalid', `${obj.kind} "" is invalid: metadata.name: Required value: name or generateName is required`);
    if (meta.name && this.get(obj.kind, meta.namespace, meta.name))
      throw new ApiError('AlreadyExists', `${res?.qualified ?? obj.kind} "${meta.name}" already exists`);
    // Admission sees the generateName prefix (its messages say `pods "web-7d4f-"`), as in the API server.
    for (const a of this.admission) a(obj, this);
    if (!meta.name) {
      // names.SimpleNameGenerator: base truncated to 58 characters, then 5 random characters.
      const attempts = Math.max(1, h.generateNameAttempts ?? 1);
      for (let i = 0; i < attempts; i++) {
        meta.name = meta.generateName!.slice(0, 58) + h.suffix();
        if (!this.get(obj.kind, meta.namespace, meta.name)) break;
        if (i === attempts - 1) throw new ApiError('AlreadyExists', `${res?.qualified ?? obj.kind} "${meta.name}" already exists`);
      }
    }
    for (const a of this.validation) a(obj, this);
    for (const a of this.canonicalize) a(obj, this);
    h.beforeCreate?.();
    meta.uid = opts.uid ?? h.uid();
    meta.resourceVersion = String(this.rv++);
    meta.generation = WITHOUT_GENERATION.has(obj.kind) ? 0 : 1;
    meta.creationTimestamp = h.now();
    meta.labels ??= {};
    meta.annotations ??= {};
    let m = this.objects.get(obj.kind);
    if (!m) this.objects.set(obj.kind, (m = new Map()));
    m.set(objKey(obj), obj);
    this.byUid.set(meta.uid, obj);
    this.count++;
    this.reindex(obj);
    this.notify('ADDED', obj);
    return obj;
  }

  /** Writes an object changed in place. `specChanged` bumps metadata.generation. */
  update(obj: KObject, specChanged = false): void {
    if (!this.byUid.has(obj.metadata.uid)) return;
    obj.metadata.resourceVersion = String(this.rv++);
    if (specChanged && obj.metadata.generation > 0) obj.metadata.generation++;
    this.reindex(obj);
    this.notify('MODIFIED', obj);
  }

  /** Removes an object for good (after graceful deletion, or at once for most kinds). */
  remove(obj: KObject): void {
    const m = this.objects.get(obj.kind);
    if (!m || m.get(objKey(obj)) !== obj) return;
    m.delete(objKey(obj));
    this.byUid.delete(obj.metadata.uid);
    this.managedFields.delete(obj.metadata.uid);
    this.statusWriters.delete(obj.metadata.uid);
    this.count--;
    for (const u of this.indexedOwners.get(obj.metadata.uid) ?? []) this.dependents.get(u)?.delete(obj);
    this.indexedOwners.delete(obj.metadata.uid);
    const node = this.indexedNode.get(obj.metadata.uid);
    if (node !== undefined) this.podsOnNode.get(node)?.delete(obj);
    this.indexedNode.delete(obj.metadata.uid);
    // A deletion is a write too: watchers resuming from an older version must see it.
    obj.metadata.resourceVersion = String(this.rv++);
    this.notify('DELETED', obj);
  }

  private reindex(obj: KObject): void {
    const uid = obj.metadata.uid;
    const owners = (obj.metadata.ownerReferences ?? []).map((r) => r.uid);
    const prev = this.indexedOwners.get(uid) ?? [];
    if (prev.length !== owners.length || prev.some((u, i) => u !== owners[i])) {
      for (const u of prev) this.dependents.get(u)?.delete(obj);
      for (const u of owners) {
        let s = this.dependents.get(u);
        if (!s) this.dependents.set(u, (s = new Set()));
        s.add(obj);
      }
      this.indexedOwners.set(uid, owners);
    }
    if (obj.kind === 'Pod') {
      const node: string | undefined = obj.spec?.nodeName || undefined;
      const prevNode = this.indexedNode.get(uid);
      if (node !== prevNode) {
        if (prevNode !== undefined) this.podsOnNode.get(prevNode)?.delete(obj);
        if (node !== undefined) {
          let s = this.podsOnNode.get(node);
          if (!s) this.podsOnNode.set(node, (s = new Set()));
          s.add(obj);
          this.indexedNode.set(uid, node);
        } else this.indexedNode.delete(uid);
      }
    }
  }

  private notify(type: WatchType, obj: KObject): void {
    for (const w of this.watchers.get(obj.kind) ?? []) w(type, obj);
    for (const w of this.anyWatchers) w(type, obj);
  }
}
