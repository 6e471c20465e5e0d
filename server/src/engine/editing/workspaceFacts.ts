import type { Range } from '../findings';
import { msg, type MessageRef } from '../messages';
import { versionsOfKind } from '../schema/registry';
import { parseLabelSelector, selectorFromMap, selectorMatches, isEmptySelector, type Selector } from '../rules/labels';
import type { IndexedObject, WorkspaceIndex } from '../workspace/index';
import { asRecord, podTemplateLocation, stringMap, valueAt } from '../workspace/podTemplate';
import { keyRange, valueRange, type PathSegment, type YamlDoc, type YamlFile } from '../yaml/documents';
import { valueText } from '../valueText';

/** Workspace questions the editor asks: who carries which labels, who selects whom, where a name is defined. */

export interface SelectorSite {
  obj: IndexedObject;
  /** Path of the selector (the map for Services, the LabelSelector otherwise). */
  path: PathSegment[];
  selector: Selector;
  /** What it selects: pod templates (controllers, Services, policies). */
  targets: 'pods';
}

/** Where a kind keeps a selector over pods, and whether it is a plain map. */
export function selectorPathOf(kind: string): { path: PathSegment[]; isMap: boolean } | undefined {
  switch (kind) {
    case 'Service':
      return { path: ['spec', 'selector'], isMap: true };
    case 'ReplicationController':
      return { path: ['spec', 'selector'], isMap: true };
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'StatefulSet':
    case 'Job':
    case 'PodDisruptionBudget':
      return { path: ['spec', 'selector'], isMap: false };
    case 'NetworkPolicy':
      return { path: ['spec', 'podSelector'], isMap: false };
    default:
      return undefined;
  }
}

export function selectorOf(kind: string, value: unknown): { path: PathSegment[]; selector: Selector } | undefined {
  const at = selectorPathOf(kind);
  if (!at) return undefined;
  const v = valueAt(value, at.path);
  const selector = at.isMap ? selectorFromMap(v) : parseLabelSelector(v);
  return selector ? { path: at.path, selector } : undefined;
}

/** Path of the labels of a kind's pod template (`metadata.labels` for a bare Pod). */
export function templateLabelsPath(kind: string): PathSegment[] | undefined {
  const loc = podTemplateLocation(kind);
  if (!loc || kind === 'PodTemplate') return loc ? [...loc.path, 'metadata', 'labels'] : undefined;
  return [...loc.path, 'metadata', 'labels'];
}

export function templateLabelsOf(kind: string, value: unknown): Record<string, string> | undefined {
  const p = templateLabelsPath(kind);
  return p ? stringMap(valueAt(value, p)) : undefined;
}

function samePrefix(path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => path[i] === s);
}

/** Is `path` inside the kind's pod selector? */
export function inSelector(kind: string, path: readonly PathSegment[]): boolean {
  const at = selectorPathOf(kind);
  return !!at && samePrefix(path, at.path);
}

export function inTemplateLabels(kind: string, path: readonly PathSegment[]): boolean {
  const p = templateLabelsPath(kind);
  return !!p && samePrefix(path, p);
}

/** Pod templates (workloads and bare Pods) of the namespace whose labels the selector picks. */
export function templatesSelectedBy(index: WorkspaceIndex, namespace: string, selector: Selector, exclude?: { uri: string; doc: YamlDoc }): IndexedObject[] {
  if (isEmptySelector(selector)) return [];
  return index
    .podTemplatesIn(namespace)
    .filter((o) => !(exclude && isSameDoc(o, exclude.uri, exclude.doc)) && o.podTemplate && selectorMatches(selector, o.podTemplate.labels, o.podTemplate.labelsTemplated) === true);
}

/** Selectors in the namespace (Services, controllers, policies) that pick pods with `labels`. */
export function selectorsPicking(index: WorkspaceIndex, namespace: string, labels: Record<string, string>): SelectorSite[] {
  const out: SelectorSite[] = [];
  for (const obj of index.objects()) {
    if (obj.namespace !== namespace) continue;
    const sel = selectorOf(obj.kind, obj.doc.value);
    if (!sel || isEmptySelector(sel.selector)) continue;
    if (selectorMatches(sel.selector, labels) === true) out.push({ obj, path: sel.path, selector: sel.selector, targets: 'pods' });
  }
  return out;
}

export interface LabelCandidate {
  key: string;
  value: string;
  /** Who carries or wants it, e.g. `Deployment web` (a message where it has words). */
  source: string | MessageRef;
  /** Lower sorts first. */
  rank: number;
}

export function objectTitle(o: { kind: string; name?: string }): string {
  return `${o.kind} ${o.name ?? '(unnamed)'}`;
}

/** Labels that pod templates of a namespace carry: the candidates for a selector. */
export function templateLabelCandidates(index: WorkspaceIndex | undefined, uri: string, doc: YamlDoc, namespace: string): LabelCandidate[] {
  const out: LabelCandidate[] = [];
  // The document's own template first: a controller's selector should pick its own pods.
  const own = doc.kind ? templateLabelsOf(doc.kind, doc.value) : undefined;
  for (const [k, v] of Object.entries(own ?? {})) out.push({ key: k, value: v, source: msg('completion.source.own-template', { kind: doc.kind ?? '' }), rank: 0 });
  for (const o of index?.podTemplatesIn(namespace) ?? []) {
    if (isSameDoc(o, uri, doc) || !o.podTemplate) continue;
    for (const [k, v] of Object.entries(o.podTemplate.labels)) out.push({ key: k, value: v, source: objectTitle(o), rank: 1 });
  }
  return out;
}

/** Labels a pod template should carry: its own selector's first, then what Services of the namespace select. */
export function selectorLabelCandidates(index: WorkspaceIndex | undefined, uri: string, doc: YamlDoc, namespace: string): LabelCandidate[] {
  const out: LabelCandidate[] = [];
  const own = doc.kind ? selectorOf(doc.kind, doc.value) : undefined;
  for (const r of own?.selector.requirements ?? []) {
    if (r.operator === 'In') for (const v of r.values) out.push({ key: r.key, value: v, source: msg('completion.source.own-selector', { kind: doc.kind ?? '' }), rank: 0 });
    else if (r.operator === 'Exists') out.push({ key: r.key, value: '', source: msg('completion.source.own-selector', { kind: doc.kind ?? '' }), rank: 0 });
  }
  for (const o of index?.objects() ?? []) {
    if (o.namespace !== namespace || isSameDoc(o, uri, doc)) continue;
    const sel = selectorOf(o.kind, o.doc.value);
    if (!sel) continue;
    for (const r of sel.selector.requirements) {
      if (r.operator === 'In') for (const v of r.values) out.push({ key: r.key, value: v, source: msg('completion.source.selects-it', { object: objectTitle(o) }), rank: o.kind === 'Service' ? 1 : 2 });
    }
  }
  for (const o of index?.podTemplatesIn(namespace) ?? []) {
    if (isSameDoc(o, uri, doc) || !o.podTemplate) continue;
    for (const [k, v] of Object.entries(o.podTemplate.labels)) out.push({ key: k, value: v, source: objectTitle(o), rank: 3 });
  }
  return out;
}

/** Range of an object's name (or its document head) for navigation targets. */
export function objectNameRange(file: YamlFile, doc: YamlDoc): Range {
  const r = valueRange(file, doc, ['metadata', 'name']);
  if (r) return r;
  const start = file.lines.positionAt(doc.start);
  return { start, end: start };
}

/** Range of the node at path (its key where it has one, the value otherwise). */
export function pathRange(file: YamlFile, doc: YamlDoc, path: readonly PathSegment[], prefer: 'key' | 'value' = 'key'): Range | undefined {
  return prefer === 'key' ? keyRange(file, doc, path) ?? valueRange(file, doc, path) : valueRange(file, doc, path);
}

export function namespaceOf(doc: YamlDoc): string {
  const raw = asRecord(asRecord(doc.value)?.metadata)?.namespace;
  return doc.namespace ?? (raw === undefined || raw === null ? 'default' : valueText(raw));
}

/**
 * The indexed object is the document being edited. The index may hold an older parse of the
 * same file, so compare the file and the document's position and kind, not object identity.
 */
export function isSameDoc(o: IndexedObject, uri: string, doc: YamlDoc): boolean {
  if (o.doc === doc) return true;
  return o.uri === uri && o.doc.index === doc.index && o.doc.start === doc.start && o.kind === doc.kind && o.name === doc.name;
}

/** Where a pod spec names another object: which kind the name refers to. */
export function referencedKindAt(path: readonly PathSegment[]): 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount' | undefined {
  const n = path.length;
  const last = path[n - 1];
  const parent = path[n - 2];
  if (last === 'serviceAccountName' || (last === 'serviceAccount' && path[n - 2] === 'spec')) return 'ServiceAccount';
  if (last === 'claimName' && parent === 'persistentVolumeClaim') return 'PersistentVolumeClaim';
  if (last === 'name' && (parent === 'configMapKeyRef' || parent === 'configMapRef' || parent === 'configMap')) return 'ConfigMap';
  if (last === 'name' && (parent === 'secretKeyRef' || parent === 'secretRef' || (parent === 'secret' && path[n - 3] !== 'volumes'))) return 'Secret';
  if (last === 'secretName' && parent === 'secret') return 'Secret';
  if (last === 'name' && path[n - 3] === 'imagePullSecrets') return 'Secret';
  return undefined;
}

/** The kind a name at `path` refers to, beyond pod-spec references. */
/** Fields that name a cluster-scoped class object. */
const CLASS_FIELDS: Record<string, string> = {
  storageClassName: 'StorageClass',
  priorityClassName: 'PriorityClass',
  ingressClassName: 'IngressClass',
  runtimeClassName: 'RuntimeClass',
  volumeAttributesClassName: 'VolumeAttributesClass',
};

/** Objects of `kind` named `name` that a document in `namespace` can refer to (cluster-scoped kinds ignore the namespace). */
export function findReferenced(index: WorkspaceIndex, kind: string, namespace: string, name: string): IndexedObject[] {
  if (isNamespaced(kind)) return index.lookup(kind, namespace, name);
  return index.objects().filter((o) => o.kind === kind && o.name === name);
}

/** Names of the objects of `kind` a document in `namespace` can refer to. */
export function referableNames(index: WorkspaceIndex, kind: string, namespace: string): string[] {
  const namespaced = isNamespaced(kind);
  const names = index.objects().filter((o) => o.kind === kind && o.name && (!namespaced || o.namespace === namespace)).map((o) => o.name!);
  if (kind === 'Namespace') for (const o of index.objects()) if (o.doc.namespace) names.push(o.doc.namespace);
  return [...new Set(names)].sort();
}

export function isNamespaced(kind: string): boolean {
  return versionsOfKind(kind)[0]?.namespaced ?? true;
}

export function referenceTarget(value: unknown, kind: string, path: PathSegment[]): string | undefined {
  const pod = referencedKindAt(path);
  if (pod) return pod;
  const n = path.length;
  if (path[n - 1] === 'name' && path[n - 2] === 'service' && (path.includes('backend') || path.includes('defaultBackend'))) return 'Service';
  if (path[n - 1] === 'name' && path[n - 2] === 'scaleTargetRef') {
    const k = asRecord(valueAt(value, path.slice(0, -1)))?.kind;
    return typeof k === 'string' ? k : undefined;
  }
  if (kind === 'StatefulSet' && path.length === 2 && path[0] === 'spec' && path[1] === 'serviceName') return 'Service';
  const last = path[n - 1];
  if (typeof last === 'string' && CLASS_FIELDS[last]) return CLASS_FIELDS[last];
  if (path.length === 2 && path[0] === 'metadata' && path[1] === 'namespace') return 'Namespace';
  if ((kind === 'RoleBinding' || kind === 'ClusterRoleBinding') && path[0] === 'roleRef' && path[1] === 'name') {
    const k = asRecord(valueAt(value, ['roleRef']))?.kind;
    return typeof k === 'string' ? k : undefined;
  }
  return undefined;
}

