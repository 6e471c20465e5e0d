import { rangeForPath, type PathSegment, type YamlDoc, type YamlFile } from '../yaml/documents';
import type { Range } from '../findings';
import { lookupKind } from '../schema/registry';
import { parseLabelSelector, selectorFromMap, type Selector } from '../rules/labels';
import { asArray, asRecord, CONTROLLER_KINDS, operatorPodLocation, podTemplateLocation, stringMap, valueAt, type PodTemplateLocation } from './podTemplate';
import { valueText } from '../valueText';
import type { Steps } from '../steps';

/** What the rules need to know about one object, extracted once per parsed document. */

export interface PortFacts {
  name?: string;
  containerPort?: number;
  protocol: string;
  /** Path of the port entry (containers[i].ports[j]) */
  path: PathSegment[];
}

export interface ContainerFacts {
  name: string;
  image?: string;
  ports: PortFacts[];
  init: boolean;
  path: PathSegment[];
  /** Port numbers the container is told to listen on in its command, arguments or environment (`--port 8080`, `--tcp=:9090`, `PORT=5317`). */
  announcedPorts: number[];
}

export interface PodTemplateFacts {
  location: PodTemplateLocation;
  labels: Record<string, string>;
  /** The document uses template syntax: its labels may come from a helper (`{{ include … }}`), so matching against them is unknown. */
  labelsTemplated: boolean;
  containers: ContainerFacts[];
}

export type ReferenceKind = 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount' | 'Service';

export interface Reference {
  kind: ReferenceKind;
  name: string;
  /** Path of the name value */
  path: PathSegment[];
  optional: boolean;
}

export interface IndexedObject {
  uri: string;
  file: YamlFile;
  doc: YamlDoc;
  apiVersion: string;
  kind: string;
  name?: string;
  /** metadata.namespace, or `default` when absent; `` for cluster-scoped kinds */
  namespace: string;
  labels: Record<string, string>;
  templated: boolean;
  podTemplate?: PodTemplateFacts;
  /** The selector of a pod controller (defaulted for a ReplicationController), or a Service's selector. */
  selector?: Selector;
  references: Reference[];
  /** Folder part of the uri, for kustomization lookups. */
  dir: string;
  /** The whole document in its file. */
  range: Range;
  /** The metadata.name value, when there is one. */
  nameRange?: Range;
}

export function dirOf(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i < 0 ? '' : uri.slice(0, i);
}

/** dirOf for the objects of one file after another: the same uri many times in a row. */
let lastUri: string | undefined;
let lastDir = '';
function dirOfObject(uri: string): string {
  if (uri !== lastUri) {
    lastDir = dirOf(uri);
    lastUri = uri;
  }
  return lastDir;
}

/** The workspace index's lookup keys of an object (made by the index: they depend on the value only). */
export interface IndexKeys {
  readonly kind: string;
  readonly name?: string;
  /** One per pod template label (objects with a pod template other than PodTemplate). */
  readonly templateLabels: readonly string[];
  /** A pod controller's selector pivot, when the controller has one. */
  readonly pivot?: string;
}

/** The facts read from a document's value alone, independent of where the document sits. */
interface ValueFacts {
  kind: string;
  templated: boolean;
  namespace: string;
  labels: Record<string, string>;
  podTemplate?: PodTemplateFacts;
  selector?: Selector;
  references: Reference[];
  indexKeys?: IndexKeys;
}

/**
 * Keyed by the parsed value: check.ts runs the document rules on a copy of each document (with
 * ranges relative to it) that shares the value, so the facts are extracted once, not twice.
 */
const valueFactsCache = new WeakMap<object, ValueFacts>();

/** An object's facts; its ranges are computed on first use (few rules report on a given object). */
class DescribedObject implements IndexedObject {
  readonly uri: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name?: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly templated: boolean;
  readonly podTemplate?: PodTemplateFacts;
  readonly selector?: Selector;
  readonly references: Reference[];
  readonly dir: string;
  private rangeMemo?: Range;
  private nameRangeMemo?: Range | null;

  constructor(
    public file: YamlFile,
    public doc: YamlDoc,
    /** Shared by every object described from the same parsed value. */
    readonly facts: ValueFacts,
  ) {
    this.uri = file.uri;
    this.apiVersion = doc.apiVersion!;
    this.kind = doc.kind!;
    this.name = doc.name;
    this.namespace = facts.namespace;
    this.labels = facts.labels;
    this.templated = doc.templated;
    this.podTemplate = facts.podTemplate;
    this.selector = facts.selector;
    this.references = facts.references;
    this.dir = dirOfObject(file.uri);
  }

  /**
   * The same document in a newer parse of its file (same text, perhaps another position): the
   * workspace index keeps the object, its identity and its place in the lookup tables.
   */
  rebase(file: YamlFile, doc: YamlDoc): void {
    this.file = file;
    this.doc = doc;
    this.rangeMemo = undefined;
    this.nameRangeMemo = undefined;
  }

  get range(): Range {
    return (this.rangeMemo ??= this.file.lines.range(this.doc.start, this.doc.end));
  }

  get nameRange(): Range | undefined {
    if (this.nameRangeMemo === undefined) this.nameRangeMemo = this.name !== undefined ? rangeForPath(this.file, this.doc, ['metadata', 'name']) : null;
    return this.nameRangeMemo ?? undefined;
  }
}

/**
 * The index keys of an object, made by `make` once per parsed value: re-indexing an edited file
 * files its unchanged documents under keys already built.
 */
/** Moves an indexed object to a newer parse of the same document text (see DescribedObject.rebase); false when it cannot. */
export function rebaseObject(o: IndexedObject, file: YamlFile, doc: YamlDoc): boolean {
  if (!(o instanceof DescribedObject)) return false;
  o.rebase(file, doc);
  return true;
}

export function indexKeysOf(o: IndexedObject, make: (o: IndexedObject) => IndexKeys): IndexKeys {
  return o instanceof DescribedObject ? (o.facts.indexKeys ??= make(o)) : make(o);
}

/** The last answer: every rule asks for the facts of the document being checked, one after the other. */
let last: IndexedObject | undefined;

/**
 * Facts of one Kubernetes document. The workspace index keeps the objects of the files it holds
 * (WorkspaceIndex.objectFor answers with those); other documents, like the standalone copies the
 * per-document checks use, get a new object, the same one for consecutive asks.
 */
export function describeObject(file: YamlFile, doc: YamlDoc): IndexedObject | undefined {
  if (!doc.isKubernetes) return undefined;
  if (last && last.doc === doc && last.file === file) return last;
  return (last = new DescribedObject(file, doc, valueFacts(doc)));
}

/** Objects described between two yields of describeObjectsSteps (a few milliseconds). */
const OBJECTS_PER_STEP = 32;

/**
 * The facts of the objects a parse read anew, a few per step: they are kept by value, so the
 * index update of the file (one step: the index is never seen half updated) files its objects
 * without describing them. A file of 8,000 documents took one step of about half a second.
 */
export function* describeObjectsSteps(file: YamlFile): Steps<void> {
  const from = file.edit ? file.edit.first : 0;
  const to = file.edit ? file.edit.first + file.edit.added : file.docs.length;
  let n = 0;
  for (let i = from; i < to; i++) {
    const doc = file.docs[i];
    if (!doc.isKubernetes) continue;
    valueFacts(doc);
    if (++n % OBJECTS_PER_STEP === 0) yield;
  }
}

function valueFacts(doc: YamlDoc): ValueFacts {
  const v = doc.value as object;
  const cached = valueFactsCache.get(v);
  if (cached && cached.kind === doc.kind && cached.templated === doc.templated) return cached;
  const kind = doc.kind!;
  const facts: ValueFacts = {
    kind,
    templated: doc.templated,
    // Built-in cluster-scoped kinds (StorageClass, ClusterRole, ...) have no namespace; unknown kinds are assumed namespaced.
    namespace: lookupKind(doc.apiVersion!, kind)?.namespaced === false ? '' : doc.namespace ?? 'default',
    labels: stringMap(valueAt(v, ['metadata', 'labels'])) ?? {},
    references: [],
  };
  const loc = podTemplateLocation(kind);
  const template = loc ? asRecord(valueAt(v, loc.path)) : undefined;
  if (loc && template) {
    const tLabels = stringMap(valueAt(template, ['metadata', 'labels'])) ?? {};
    const spec = asRecord(template.spec) ?? {};
    const containers: ContainerFacts[] = [];
    for (const [field, init] of [['containers', false], ['initContainers', true]] as const) {
      asArray(spec[field]).forEach((c, i) => {
        const cr = asRecord(c);
        if (!cr) return;
        const cPath = [...loc.path, 'spec', field, i];
        const ports: PortFacts[] = [];
        asArray(cr.ports).forEach((p, j) => {
          const pr = asRecord(p);
          if (!pr) return;
          ports.push({
            name: typeof pr.name === 'string' ? pr.name : undefined,
            containerPort: typeof pr.containerPort === 'number' ? pr.containerPort : undefined,
            protocol: typeof pr.protocol === 'string' ? pr.protocol : 'TCP',
            path: [...cPath, 'ports', j],
          });
        });
        containers.push({ name: valueText(cr.name), image: typeof cr.image === 'string' ? cr.image : undefined, ports, init, path: cPath, announcedPorts: announcedPorts(cr) });
      });
    }
    // A label value with `{{` (a placeholder some tool fills in) is unknown, not a mismatch.
    const labelsTemplated = doc.templated || Object.values(tLabels).some((x) => x.includes('{{'));
    facts.podTemplate = { location: loc, labels: tLabels, labelsTemplated, containers };
    facts.references = podReferences(spec, [...loc.path, 'spec']);
    // A StatefulSet's governing Service gives its pods their DNS names.
    const serviceName = valueAt(v, ['spec', 'serviceName']);
    if (kind === 'StatefulSet' && typeof serviceName === 'string' && serviceName !== '' && !serviceName.includes('{{')) {
      facts.references.unshift({ kind: 'Service', name: serviceName, path: ['spec', 'serviceName'], optional: false });
    }
  }
  const operator = loc ? undefined : operatorPodLocation(doc.apiVersion!, kind);
  const operatorLabels = operator ? stringMap(valueAt(v, operator.labelsPath!)) : undefined;
  if (operator && operatorLabels && Object.keys(operatorLabels).length > 0) {
    facts.podTemplate = { location: operator, labels: operatorLabels, labelsTemplated: doc.templated, containers: [] };
  }
  facts.selector = selectorOf(kind, v, facts.podTemplate);
  valueFactsCache.set(v, facts);
  return facts;
}

/** A port number at the end of an argument: `8080`, `--port=8080`, `--tcp=:8080`, `0.0.0.0:8080`. */
const ARG_PORT = /(?:^|[=:])(\d{1,5})$/;
/** An environment value that is a port or an address with one: `5317`, `:8080`, `0.0.0.0:8080`. */
const ENV_PORT = /^(?:[\w.-]*:)?(\d{1,5})$/;

function announcedPorts(container: Record<string, unknown>): number[] {
  const out: number[] = [];
  const add = (digits: string | undefined) => {
    const n = Number(digits);
    if (digits && n >= 1 && n <= 65535) out.push(n);
  };
  for (const field of ['command', 'args']) {
    for (const a of asArray(container[field])) {
      // A shell line (`sh -c "server --port 8080"`) holds several arguments in one string.
      if (typeof a === 'string') for (const word of a.split(/\s+/)) add(ARG_PORT.exec(word)?.[1]);
      else if (typeof a === 'number') add(String(a));
    }
  }
  for (const e of asArray(container.env)) {
    const er = asRecord(e);
    if (!er || typeof er.name !== 'string' || !/PORT|ADDR|LISTEN|BIND/i.test(er.name)) continue;
    if (typeof er.value === 'string') add(ENV_PORT.exec(er.value.trim())?.[1]);
    else if (typeof er.value === 'number') add(String(er.value));
  }
  return out;
}

function selectorOf(kind: string, value: unknown, podTemplate: PodTemplateFacts | undefined): Selector | undefined {
  const raw = valueAt(value, ['spec', 'selector']);
  if (kind === 'Service') {
    const spec = asRecord(valueAt(value, ['spec']));
    return spec?.type === 'ExternalName' ? undefined : selectorFromMap(raw);
  }
  if (kind === 'ReplicationController') {
    const s = selectorFromMap(raw);
    // An omitted or empty selector defaults to the template labels.
    return s && s.requirements.length > 0 ? s : podTemplate ? selectorFromMap(podTemplate.labels) : undefined;
  }
  if (CONTROLLER_KINDS.has(kind)) return parseLabelSelector(raw);
  if (kind === 'Job' && valueAt(value, ['spec', 'manualSelector']) === true) return parseLabelSelector(raw);
  return undefined;
}

function podReferences(spec: Record<string, unknown>, base: PathSegment[]): Reference[] {
  const refs: Reference[] = [];
  const add = (kind: ReferenceKind, name: unknown, path: PathSegment[], optional: unknown) => {
    if (typeof name === 'string' && name !== '' && !name.includes('{{')) refs.push({ kind, name, path, optional: optional === true });
  };
  const sa = spec.serviceAccountName ?? spec.serviceAccount;
  add('ServiceAccount', sa, [...base, spec.serviceAccountName !== undefined ? 'serviceAccountName' : 'serviceAccount'], false);
  asArray(spec.imagePullSecrets).forEach((s, i) => add('Secret', asRecord(s)?.name, [...base, 'imagePullSecrets', i, 'name'], false));
  asArray(spec.volumes).forEach((vol, i) => {
    const vr = asRecord(vol);
    if (!vr) return;
    const vp = [...base, 'volumes', i];
    const cm = asRecord(vr.configMap);
    if (cm) add('ConfigMap', cm.name, [...vp, 'configMap', 'name'], cm.optional);
    const sec = asRecord(vr.secret);
    if (sec) add('Secret', sec.secretName, [...vp, 'secret', 'secretName'], sec.optional);
    const pvc = asRecord(vr.persistentVolumeClaim);
    if (pvc) add('PersistentVolumeClaim', pvc.claimName, [...vp, 'persistentVolumeClaim', 'claimName'], false);
    asArray(asRecord(vr.projected)?.sources).forEach((src, j) => {
      const sr = asRecord(src);
      const pcm = asRecord(sr?.configMap);
      if (pcm) add('ConfigMap', pcm.name, [...vp, 'projected', 'sources', j, 'configMap', 'name'], pcm.optional);
      const psec = asRecord(sr?.secret);
      if (psec) add('Secret', psec.name, [...vp, 'projected', 'sources', j, 'secret', 'name'], psec.optional);
    });
  });
  for (const field of ['containers', 'initContainers']) {
    asArray(spec[field]).forEach((c, i) => {
      const cr = asRecord(c);
      if (!cr) return;
      const cp = [...base, field, i];
      asArray(cr.env).forEach((e, j) => {
        const vf = asRecord(asRecord(e)?.valueFrom);
        const cmk = asRecord(vf?.configMapKeyRef);
        if (cmk) add('ConfigMap', cmk.name, [...cp, 'env', j, 'valueFrom', 'configMapKeyRef', 'name'], cmk.optional);
        const sk = asRecord(vf?.secretKeyRef);
        if (sk) add('Secret', sk.name, [...cp, 'env', j, 'valueFrom', 'secretKeyRef', 'name'], sk.optional);
      });
      asArray(cr.envFrom).forEach((e, j) => {
        const er = asRecord(e);
        const cmr = asRecord(er?.configMapRef);
        if (cmr) add('ConfigMap', cmr.name, [...cp, 'envFrom', j, 'configMapRef', 'name'], cmr.optional);
        const sr = asRecord(er?.secretRef);
        if (sr) add('Secret', sr.name, [...cp, 'envFrom', j, 'secretRef', 'name'], sr.optional);
      });
    });
  }
  return refs;
}

/** What a kustomization in a folder changes about the objects it includes. */
export interface KustomizeFacts {
  setsLabels: boolean;
  /** Labels also go into selectors and template labels (commonLabels, labels with includeSelectors). */
  setsSelectors: boolean;
  setsNames: boolean;
  setsNamespace: boolean;
}

/** The answer of describeKustomization per parse (null: none), so an edit of a large file asks only its replaced documents. */
const kustomizationMemo = new WeakMap<YamlFile, KustomizeFacts | null>();

export function describeKustomization(file: YamlFile): KustomizeFacts | undefined {
  const known = kustomizationMemo.get(file);
  if (known !== undefined) return known ?? undefined;
  const base = file.uri.slice(file.uri.lastIndexOf('/') + 1);
  const named = /^(kustomization\.ya?ml|Kustomization)$/.test(base);
  // The next parse of a file without one: only a document the edit read anew can be the first.
  const edit = file.edit;
  const narrowed = !named && edit !== undefined && kustomizationMemo.get(edit.previous) === null;
  const from = narrowed ? edit.first : 0;
  const to = narrowed ? edit.first + edit.added : file.docs.length;
  let found: KustomizeFacts | undefined;
  for (let i = from; i < to && !found; i++) {
    const r = asRecord(file.docs[i].value);
    if (!r) continue;
    if (!named && r.kind !== 'Kustomization' && r.kind !== 'Component') continue;
    const labels = asArray(r.labels);
    found = {
      setsLabels: asRecord(r.commonLabels) !== undefined || labels.length > 0,
      setsSelectors: asRecord(r.commonLabels) !== undefined || labels.some((l) => asRecord(l)?.includeSelectors === true),
      setsNames: typeof r.namePrefix === 'string' || typeof r.nameSuffix === 'string',
      setsNamespace: typeof r.namespace === 'string',
    };
  }
  kustomizationMemo.set(file, found ?? null);
  return found;
}
