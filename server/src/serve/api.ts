import { parse as parseYaml } from 'yaml';
import type { Simulation } from '../sim';
import { applyObject, refusal, toObject } from '../sim/apiserver/apply';
import { ApplyConflict, applyManagers, decodeEntries, encodeEntries, scaleManagers, updateManagers, type ManagedEntry } from '../sim/apiserver/fieldManager';
import { managedEntries, setManagedEntries } from '../sim/apiserver/managedFields';
import { duplicateKeys, shapeForKind, shapeForSchema, zeroObject, type Shape } from '../sim/apiserver/fieldSets';
import { authorize, impersonated, KUBECONFIG_USER } from '../sim/apiserver/rbac';
import { setDefaults } from '../sim/apiserver/defaults';
import { EvictionRefused, evictPod } from '../sim/apiserver/eviction';
import { validateForApiServer, validateUpdateForApiServer } from '../engine/apiServerValidation';
import { deleteObject, type Propagation } from '../sim/controllers/gc';
import { apiObject, fromApiTimes, rfc3339 } from '../sim/kubectl/apiObject';
import { aggregatedEvents, type AggregatedEvent } from '../sim/kubectl/events';
import { containerLogEntries, logTimestamp } from '../sim/kubectl/logs';
import { minikubeObject, withMinikube } from '../sim/kubectl/minikube';
import { jsonPatch, mergePatch, strategicMerge } from '../sim/kubectl/patch';
import { tableCells, tableColumns } from '../sim/kubectl/printers';
import { ApiError } from '../sim/store/store';
import { resourceForName, type ResourceInfo } from '../sim/store/resources';
import type { KObject } from '../sim/types';
import { deepCopy, fnv32a, humanDuration, fieldsMatch, matchesSelector, parseFieldSelector, parseSelectorString } from '../sim/util';
import { AGGREGATED_V2, EVENTS_V1, aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions, groupOf, hasScale, hasStatus, resourceAt, verbsOf, versionInfo, versionOf } from './discovery';
import { unknownFields } from './fieldValidation';
import { customOpenApiV3, openApiV2, openApiV3 } from './openapi';
import { encodeOpenApiV2 } from './openapiProto';

/** The protobuf media types of OpenAPI v2 (kube-openapi's handler: the current one, and the one client-go sends). */
const OPENAPI_V2_PROTO = 'com.github.proto-openapi.spec.v2.v1.0+protobuf';
const OPENAPI_V2_PROTO_DEPRECATED = 'com.github.proto-openapi.spec.v2@v1.0+protobuf';
import { decodeProtobuf } from './protobuf';
import { convertToStoredVersion, presentInVersion } from '../sim/apiserver/versionConversion';
import { HttpError, type StatusDetails } from './status';

/**
 * The Kubernetes REST API over the simulated cluster: a thin adapter from HTTP requests to the
 * simulator's API server (apiserver/apply.ts: validation, defaulting, admission; controllers/gc.ts:
 * deletion) and store. Nothing here decides whether an object is valid: the simulated API server
 * does, for the shell, the editor's dry run and `serve` alike.
 */

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  accept: string;
  contentType: string;
  body: string;
  /** The body's bytes (protobuf). */
  raw?: Uint8Array;
  /** The kubectl command that sent it (`kubectl scale`), when kubectl said. */
  command?: string;
  /** The User-Agent header: its first word names the field manager of a request that does not. */
  userAgent?: string;
  /** Impersonate-User / Impersonate-Group (`kubectl --as`): whom a SelfSubjectAccessReview asks about. */
  impersonate?: { user: string; groups: string[] };
}

export type ApiReply =
  | { type: 'json'; code: number; body: unknown; contentType?: string; warnings?: string[] }
  | { type: 'text'; code: number; body: string }
  | { type: 'bytes'; code: number; body: Uint8Array; contentType: string }
  | { type: 'watch'; spec: WatchSpec }
  | { type: 'follow'; spec: FollowSpec };

export interface WatchSpec {
  res: ResourceInfo;
  namespace?: string;
  matches: (o: Record<string, unknown>) => boolean;
  /** Resume after this resourceVersion; undefined: start with the current objects as ADDED. */
  resourceVersion?: number;
  table: boolean;
  includeObject: string;
  bookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
}

export interface FollowSpec {
  namespace: string;
  pod: string;
  container: string;
  /** Lines already sent. */
  sent: number;
  /** The log so far (after sinceSeconds and tailLines). */
  initial: string;
  timestamps: boolean;
  /** The presentation of virtual 0 when the stream began: one stream's times never jump. */
  epochMs: number;
}

interface Target {
  res: ResourceInfo;
  namespace?: string;
  name?: string;
  sub?: string;
  watch: boolean;
}

/** Virtual now presented as the wall clock's now (whole seconds): the epoch of a simulation served from now on. */
export function wallAnchoredEpoch(sim: Simulation, wallMs = Date.now()): number {
  return Math.floor((wallMs - sim.core.now) / 1000) * 1000;
}

const json = (body: unknown, code = 200, warnings?: string[]): ApiReply => ({ type: 'json', code, body, warnings });

export class KubernetesApi {
  /**
   * @param epochMs The wall-clock time virtual 0 is presented as, fixed for the simulation served
   * (default: the wall clock now minus the virtual now), so an object's times never move between
   * requests whatever the clock's speed.
   */
  constructor(readonly sim: Simulation, private readonly address: () => string, readonly epochMs = wallAnchoredEpoch(sim)) {}

  private get core() {
    return this.sim.core;
  }

  /** Lets what is due at this instant happen (controllers reacting to a write), as between two requests to a real cluster. */
  settle(): void {
    this.sim.runUntil(this.sim.time);
  }

  handle(req: ApiRequest): ApiReply {
    if (req.body && /cbor/.test(req.contentType))
      throw new HttpError('UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf');
    if (req.method === 'POST' && req.path.replace(/\/+$/, '') === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') return this.accessReview(req);
    const p = req.path.replace(/\/+$/, '') || '/';
    const aggregated = req.accept.includes('as=APIGroupDiscoveryList') && req.accept.includes('v=v2');
    switch (p) {
      case '/version': return json(versionInfo(this.sim.core.kubernetesMinor));
      case '/api': return aggregated ? { type: 'json', code: 200, body: aggregatedDiscovery(true, this.core.store.resources), contentType: AGGREGATED_V2 } : json(apiVersions(this.address()));
      case '/apis': return aggregated ? { type: 'json', code: 200, body: aggregatedDiscovery(false, this.core.store.resources), contentType: AGGREGATED_V2 } : json(apiGroupList(this.core.store.resources));
      case '/openapi/v3': {
        const custom = customOpenApiV3(this.core.store.resources);
        return json({ paths: { ...(openApiV3().root.paths as Record<string, unknown>), ...(custom.root.paths as Record<string, unknown>) } });
      }
      case '/healthz': case '/livez': case '/readyz': return { type: 'text', code: 200, body: 'ok' };
    }
    if (p.startsWith('/openapi/v3/')) {
      const gv = p.slice('/openapi/v3/'.length);
      const doc = openApiV3().documents.get(gv) ?? customOpenApiV3(this.core.store.resources).documents.get(gv);
      if (!doc) throw new HttpError('NotFound', 'the server could not find the requested resource');
      return json(doc);
    }
    if (p === '/openapi/v2') return this.openApiV2(req.accept);
    if (p.startsWith('/swagger')) throw new HttpError('NotFound', 'the server could not find the requested resource');
    const segs = p.split('/').slice(1).map(decodeURIComponent);
    let group: string;
    let version: string;
    let rest: string[];
    if (segs[0] === 'api') {
      if (segs.length === 2) return this.resourceList('', segs[1]);
      [group, version, rest] = ['', segs[1], segs.slice(2)];
    } else if (segs[0] === 'apis') {
      if (segs.length === 2) {
        const g = apiGroup(segs[1], this.core.store.resources);
        if (!g) throw new HttpError('NotFound', 'the server could not find the requested resource');
        return json(g);
      }
      if (segs.length === 3) return this.resourceList(segs[1], segs[2]);
      [group, version, rest] = [segs[1], segs[2], segs.slice(3)];
    } else throw new HttpError('NotFound', 'the server could not find the requested resource');
    if (version === undefined) throw new HttpError('NotFound', 'the server could not find the requested resource');
    const older = this.olderVersion(req, group, version, rest);
    if (older) return older;
    return this.resource(req, this.target(group, version, rest, req.query));
  }

  /**
   * `/openapi/v2`: JSON, or gnostic's protobuf Document when the Accept header asks for it (as
   * client-go does: `application/com.github.proto-openapi.spec.v2@v1.0+protobuf`); 406 when it
   * allows neither, as the API server answers.
   */
  private openApiV2(accept: string): ApiReply {
    const types = accept.split(',').map((t) => t.split(';')[0].trim().toLowerCase()).filter(Boolean);
    const proto = types.find((t) => t === `application/${OPENAPI_V2_PROTO}` || t === `application/${OPENAPI_V2_PROTO_DEPRECATED}`);
    const jsonOk = types.length === 0 || types.some((t) => t === 'application/json' || t === 'application/*' || t === '*/*');
    if (proto) return { type: 'bytes', code: 200, body: encodeOpenApiV2(openApiV2(this.core.store.resources)), contentType: `application/${OPENAPI_V2_PROTO}` };
    if (jsonOk) return json(openApiV2(this.core.store.resources));
    throw new HttpError('NotAcceptable', `only the following media types are accepted: application/json, application/${OPENAPI_V2_PROTO}, application/${OPENAPI_V2_PROTO_DEPRECATED}`);
  }

  private resourceList(group: string, version: string): ApiReply {
    const list = apiResourceList(group, version, this.core.store.resources);
    if (!list) throw new HttpError('NotFound', 'the server could not find the requested resource');
    return json(list);
  }

  /**
   * An older version of a stored kind with other fields (autoscaling/v1 HorizontalPodAutoscalers,
   * which kubectl 1.32's `autoscale` posts): create, get and list, converted to and from the stored
   * version (sim/apiserver/versionConversion.ts). Other verbs are served in the stored version only.
   */
  private olderVersion(req: ApiRequest, group: string, version: string, rest: string[]): ApiReply | undefined {
    if (group !== 'autoscaling' || version !== 'v1') return undefined;
    const stored = this.core.store.resources.forKind('HorizontalPodAutoscaler');
    const t = this.target(group, versionOf(stored!), rest, req.query);
    if (t.res.kind !== 'HorizontalPodAutoscaler' || t.sub !== undefined || t.watch || (req.method !== 'GET' && req.method !== 'POST')) {
      throw new HttpError('MethodNotAllowed', 'kube-rehearsal serve answers autoscaling/v1 HorizontalPodAutoscalers for create, get and list only: use autoscaling/v2');
    }
    const present = (reply: ApiReply): ApiReply => {
      if (reply.type !== 'json' || !reply.body || typeof reply.body !== 'object') return reply;
      const body = reply.body as Record<string, unknown>;
      if (Array.isArray(body.items)) return { ...reply, body: { ...body, apiVersion: 'autoscaling/v1', items: body.items.map((o) => presentInVersion({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', ...(o as Record<string, unknown>) }, 'autoscaling/v1')) } };
      return body.kind === 'HorizontalPodAutoscaler' ? { ...reply, body: presentInVersion(body, 'autoscaling/v1') } : reply;
    };
    if (req.method === 'GET') return present(t.name === undefined ? this.list(req, t) : this.getOne(req, t));
    if (t.name !== undefined) throw new HttpError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
    const body = this.parseBody(req);
    const sentVersion = body.apiVersion ?? 'autoscaling/v1';
    if (sentVersion !== 'autoscaling/v1' || (body.kind !== undefined && body.kind !== 'HorizontalPodAutoscaler')) throw new HttpError('BadRequest', `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (autoscaling/v1)`);
    const obj = { ...body, apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler' } as unknown as KObject;
    convertToStoredVersion(obj);
    return present(this.create(req, t, undefined, obj as unknown as Record<string, unknown>));
  }

  /** `[watch/] [namespaces/NS/] RESOURCE [/NAME [/SUBRESOURCE]]`; `namespaces/NAME[/status]` is the Namespace itself. */
  private target(group: string, version: string, rest: string[], query: URLSearchParams): Target {
    let watch = query.get('watch') === 'true' || query.get('watch') === '1';
    if (rest[0] === 'watch') {
      watch = true;
      rest = rest.slice(1);
    }
    let namespace: string | undefined;
    if (group === '' && rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
      namespace = rest[1];
      rest = rest.slice(2);
    } else if (group !== '' && rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, name, sub, ...extra] = rest;
    const res = plural ? resourceAt(group, version, plural, this.core.store.resources) : undefined;
    if (!res || extra.length) throw new HttpError('NotFound', 'the server could not find the requested resource');
    if (namespace !== undefined && !res.namespaced) throw new HttpError('NotFound', 'the server could not find the requested resource');
    return { res, namespace, name, sub, watch };
  }

  private details(t: Target, name = t.name): StatusDetails {
    return { name, group: groupOf(t.res) || undefined, kind: t.res.plural };
  }

  private resource(req: ApiRequest, t: Target): ApiReply {
    const m = req.method;
    if (t.name === undefined) {
      if (m === 'GET') return t.watch ? { type: 'watch', spec: this.watchSpec(req, t) } : this.list(req, t);
      if (m === 'POST') return this.create(req, t);
      if (m === 'DELETE') return this.removeCollection(req, t);
      throw new HttpError('MethodNotAllowed', `the server does not allow this method on the requested resource`);
    }
    if (t.sub === undefined) {
      if (m === 'GET') return t.watch ? { type: 'watch', spec: this.watchSpec(req, { ...t, name: undefined }, t.name) } : this.getOne(req, t);
      if (m === 'PUT') return this.update(req, t, this.parseBody(req));
      if (m === 'PATCH') return this.patch(req, t);
      if (m === 'DELETE') return this.remove(req, t);
      throw new HttpError('MethodNotAllowed', `the server does not allow this method on the requested resource`);
    }
    if (t.sub === 'log' && t.res.kind === 'Pod' && m === 'GET') return this.log(req, t);
    if (t.sub === 'eviction' && t.res.kind === 'Pod' && m === 'POST') return this.evict(req, t);
    if (t.sub === 'scale' && hasScale(t.res.kind)) return this.scale(req, t);
    if (t.sub === 'status' && hasStatus(t.res.kind)) return this.status(req, t);
    throw new HttpError('NotFound', 'the server could not find the requested resource');
  }

  // ---- reading -----------------------------------------------------------------------------------

  /**
   * The object a request names. minikube's own objects (kube-system's pods, CoreDNS, each
   * namespace's default ServiceAccount) are shown as the shell shows them and cannot be changed.
   */
  private existing(t: Target, write = true): KObject {
    const o = t.res.kind === 'Event' ? undefined : this.core.store.get(t.res.kind, t.namespace, t.name!);
    if (o) return o;
    const own = t.res.kind === 'Event' ? undefined : minikubeObject(this.core, t.res.kind, t.namespace, t.name!);
    if (own && write) throw new HttpError('MethodNotAllowed', `${t.res.qualified} "${t.name}" is one of minikube's own objects: the simulation shows them as a fresh minikube has them and does not change them`, this.details(t));
    if (own) return own;
    throw new HttpError('NotFound', `${t.res.qualified} "${t.name}" not found`, this.details(t));
  }

  /** The objects of a kind as clients list them: the store's and minikube's own. */
  listObjects(kind: string, namespace?: string): KObject[] {
    // In the order of their keys in etcd: namespace, then name.
    const key = (o: KObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    return withMinikube(this.core, kind, this.core.store.list(kind, namespace), namespace).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }

  /** The object as the API returns it: RFC 3339 times, apiVersion of the URL, its managedFields. */
  toApi(o: KObject): Record<string, unknown> {
    const a = apiObject(this.core, o, this.epochMs);
    const entries = this.entriesOf(o);
    if (entries?.length) (a.metadata as Record<string, unknown>).managedFields = this.encodeManaged(entries);
    return a;
  }

  // ---- field management ----------------------------------------------------------------------------

  /**
   * Each object's managedFields, kept in the store (sim/apiserver/managedFields.ts) with those of
   * the built-in shell's writes and the simulated components'; fieldManager.ts computes them.
   */
  private entriesOf(o: KObject): ManagedEntry[] {
    return managedEntries(this.core, o);
  }

  private encodeManaged(entries: ManagedEntry[]): Record<string, unknown>[] {
    return encodeEntries(entries, (ms) => rfc3339(this.core, ms, this.epochMs));
  }

  /** The request's field manager: `fieldManager`, else the first word of the User-Agent (prefixFromUserAgent). */
  private fieldManager(req: ApiRequest, required = false): string {
    const given = req.query.get('fieldManager');
    const options = req.method === 'POST' ? 'CreateOptions' : req.method === 'PUT' ? 'UpdateOptions' : 'PatchOptions';
    const invalid = (cause: string) => new HttpError('Invalid', `${options}.meta.k8s.io "" is invalid: fieldManager: ${cause}`, { group: 'meta.k8s.io', kind: options, causes: [{ reason: /^Required/.test(cause) ? 'FieldValueRequired' : 'FieldValueInvalid', message: cause, field: 'fieldManager' }] });
    if (given !== null) {
      if (given.length > 128) throw invalid(`Invalid value: "${given}": must be no more than 128 characters`);
      if ([...given].some((c) => c < ' ' || c > '~')) throw invalid(`Invalid value: "${given}": must only contain printable characters`);
      if (given !== '') return given;
    }
    if (required) throw invalid('Required value: is required for apply patch');
    return (req.userAgent ?? '').split('/')[0].slice(0, 128) || 'unknown';
  }

  /** How field management walks a resource's objects: the bundled schema, or a custom kind's structural schema. */
  private shape(res: ResourceInfo): Shape {
    const version = res.custom?.crd.versions.find((v) => v.name === versionOf(res));
    if (res.custom) return version?.schema ? shapeForSchema(version.schema) : shapeForKind(res.apiVersion, res.kind);
    return shapeForKind(res.apiVersion, res.kind);
  }

  /** The object as field management compares it: the API form without managedFields. */
  private bare(o: KObject): Record<string, unknown> {
    return apiObject(this.core, o, this.epochMs);
  }

  /**
   * The managedFields a write starts from: those the client sent when they differ from the live
   * ones (a client may rewrite them, as kubectl's client-side to server-side apply migration
   * does; `[{}]` clears them), else the live object's.
   */
  private baseEntries(sent: unknown, live: KObject | undefined): ManagedEntry[] {
    const current = live ? this.entriesOf(live) : [];
    // Sent back as read (times aside: at a speed above 1x the presented times move between reads).
    const timeless = (v: unknown) => JSON.stringify(Array.isArray(v) ? v.map((e) => (e && typeof e === 'object' ? { ...e, time: undefined } : e)) : v);
    if (sent === undefined || timeless(sent) === timeless(this.encodeManaged(current))) return current;
    return decodeEntries(sent, (text) => Date.parse(text) - this.epochMs) ?? current;
  }

  /** Records an object's managers; a write that changed only them is still a write (a new resourceVersion). */
  private record(obj: KObject, entries: ManagedEntry[], storeWrote: boolean): void {
    const before = JSON.stringify(this.encodeManaged(this.entriesOf(obj)));
    setManagedEntries(this.core, obj, entries);
    if (!storeWrote && JSON.stringify(this.encodeManaged(entries)) !== before) this.core.store.update(obj);
  }

  /** Fields the API server allocates after field management has run (a Service's cluster IPs): nobody owns them unless sent. */
  private unallocated(after: Record<string, unknown>, body: Record<string, unknown>): Record<string, unknown> {
    if (after.kind !== 'Service') return after;
    const spec = { ...(after.spec as Record<string, unknown>) };
    const sent = (body.spec ?? {}) as Record<string, unknown>;
    for (const f of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) if (!(f in sent)) delete spec[f];
    return { ...after, spec };
  }

  private objects(t: Target): Record<string, unknown>[] {
    if (t.res.kind === 'Event') return this.events(t.namespace, t.res);
    return this.listObjects(t.res.kind, t.namespace).map((o) => this.toApi(o));
  }

  private list(req: ApiRequest, t: Target): ApiReply {
    const matches = selectorFilter(req.query);
    const items = this.objects(t).filter(matches);
    const rv = String(this.core.store.resourceVersion);
    if (wantsTable(req.accept)) return json(this.table(t.res, items, rv, req.query.get('includeObject') ?? 'Metadata'));
    return json({ kind: `${t.res.kind}List`, apiVersion: t.res.apiVersion, metadata: { resourceVersion: rv }, items: items.map((o) => ({ apiVersion: t.res.apiVersion, kind: t.res.kind, ...o })) });
  }

  private getOne(req: ApiRequest, t: Target): ApiReply {
    const o = t.res.kind === 'Event' ? this.events(t.namespace, t.res).find((e) => (e.metadata as { name: string }).name === t.name) : this.toApi(this.existing(t, false));
    if (!o) throw new HttpError('NotFound', `${t.res.qualified} "${t.name}" not found`, this.details(t));
    if (wantsTable(req.accept)) return json(this.table(t.res, [o], String((o.metadata as { resourceVersion: string }).resourceVersion), req.query.get('includeObject') ?? 'Metadata'));
    return json(o);
  }

  /** A meta.k8s.io/v1 Table: kubectl's `get` prints what the server's printers say, wide columns at priority 1. */
  table(res: ResourceInfo, items: Record<string, unknown>[], rv: string, includeObject: string, withColumns = true): Record<string, unknown> {
    const { header, wideHeader } = res.kind === 'Event' ? { header: EVENT_COLUMNS, wideHeader: [] } : tableColumns(res.kind, this.core, res.apiVersion);
    const columnDefinitions = [...header.map((h) => ({ h, priority: 0 })), ...wideHeader.map((h) => ({ h, priority: 1 }))].map(({ h, priority }, i) => ({
      name: h === 'NAME' && i === 0 ? 'Name' : h, type: 'string', format: h === 'NAME' && i === 0 ? 'name' : '', description: '', priority,
    }));
    const rows = items.map((o) => {
      const meta = o.metadata as { name: string; namespace?: string };
      const live = res.kind === 'Event' ? undefined : this.core.store.get(res.kind, meta.namespace, meta.name) ?? minikubeObject(this.core, res.kind, meta.namespace, meta.name);
      const cells = res.kind === 'Event' ? this.eventCells(o) : live ? tableCells(this.core, live, this.epochMs) : tableCells(this.core, deletedCopy(this.core, o, this.epochMs), this.epochMs);
      const row: Record<string, unknown> = { cells };
      if (includeObject === 'Object') row.object = { apiVersion: res.apiVersion, kind: res.kind, ...o };
      else if (includeObject !== 'None') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
      return row;
    });
    const t: Record<string, unknown> = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: rv }, columnDefinitions: withColumns ? columnDefinitions : [], rows };
    return t;
  }

  // ---- events ------------------------------------------------------------------------------------

  /**
   * The simulation's event record as core/v1 Events (aggregated: count, first and last time), or
   * as events.k8s.io/v1 converts them when `res` is that resource.
   */
  events(namespace?: string, res?: ResourceInfo): Record<string, unknown>[] {
    const core = aggregatedEvents(this.core, (e) => namespace === undefined || e.namespace === namespace).map((e) => this.eventObject(e));
    return res?.apiVersion === EVENTS_V1.apiVersion ? core.map(eventsV1) : core;
  }

  private eventObject(e: AggregatedEvent): Record<string, unknown> {
    const [kindLower, ...nameParts] = e.object.split('/');
    const name = nameParts.join('/');
    const r = resourceForName(kindLower.split('.')[0]);
    const live = r ? this.core.store.get(r.kind, e.namespace, name) : undefined;
    const key = [e.namespace, e.object, e.type, e.reason, e.message, e.source].join('\u0000');
    const rv = String(this.core.store.resourceVersion);
    return {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name: `${name}.${fnv32a(key).toString(16).padStart(8, '0')}${fnv32a(key + '#').toString(16).padStart(8, '0')}`, namespace: e.namespace ?? 'default', uid: `ev-${fnv32a(key).toString(16)}`, resourceVersion: rv, creationTimestamp: rfc3339(this.core, e.first, this.epochMs) },
      involvedObject: { apiVersion: r?.apiVersion, kind: r?.kind ?? kindLower, name, namespace: r?.namespaced ? e.namespace : undefined, uid: live?.metadata.uid },
      reason: e.reason, message: e.message, source: { component: e.source },
      firstTimestamp: rfc3339(this.core, e.first, this.epochMs), lastTimestamp: rfc3339(this.core, e.last, this.epochMs), count: e.count, type: e.type,
      eventTime: null, reportingComponent: e.source, reportingInstance: '',
    };
  }

  private eventCells(event: Record<string, unknown>): string[] {
    const o = event.apiVersion === EVENTS_V1.apiVersion ? fromEventsV1(event) : event;
    const e = o as { lastTimestamp: string; type: string; reason: string; message: string; count: number; firstTimestamp: string; involvedObject: { kind: string; name: string } };
    const last = (Date.parse(e.lastTimestamp) - this.epochMs) / 1000;
    const first = (Date.parse(e.firstTimestamp) - this.epochMs) / 1000;
    const ago = humanDuration(this.sim.time - last);
    const seen = e.count > 1 ? `${ago} (x${e.count} over ${humanDuration(this.sim.time - first)})` : ago;
    return [seen, e.type, e.reason, `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`, e.message];
  }

  // ---- writing -----------------------------------------------------------------------------------

  /**
   * `kubectl auth can-i`: the RBAC authorizer (sim/apiserver/rbac.ts, the shell's too) on the
   * stored roles and bindings, for the kubeconfig's user (cluster-admin) or whom `--as` names.
   */
  private accessReview(req: ApiRequest): ApiReply {
    const review = this.parseBody(req);
    if (review.kind !== 'SelfSubjectAccessReview') throw new HttpError('BadRequest', `expected a SelfSubjectAccessReview, not ${String(review.kind)}`);
    const spec = (review.spec ?? {}) as { resourceAttributes?: Record<string, string>; nonResourceAttributes?: Record<string, string> };
    const user = req.impersonate ? impersonated(req.impersonate.user, req.impersonate.groups) : KUBECONFIG_USER;
    const r = spec.resourceAttributes;
    const n = spec.nonResourceAttributes;
    const decision = r
      ? authorize(this.core.store, user, { verb: r.verb ?? '', group: r.group ?? '', resource: r.resource ?? '', subresource: r.subresource || undefined, name: r.name || undefined, namespace: r.namespace ?? '' })
      : authorize(this.core.store, user, { verb: n?.verb ?? '', path: n?.path ?? '' });
    return json({ ...review, apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) } }, 201);
  }

  private parseBody(req: ApiRequest): Record<string, unknown> {
    if (req.contentType.includes('protobuf')) return decodeProtobuf(req.raw ?? new TextEncoder().encode(req.body));
    let v: unknown;
    try {
      v = req.contentType.includes('yaml') ? parseYaml(req.body) : JSON.parse(req.body);
    } catch (e) {
      throw new HttpError('BadRequest', `the body of the request was in an unknown format: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new HttpError('BadRequest', 'the body of the request must be an object');
    return v as Record<string, unknown>;
  }

  /** fieldValidation: Strict rejects unknown fields (kubectl's default), Warn returns them as warnings. */
  private checkFields(req: ApiRequest, t: Target, body: Record<string, unknown>): string[] {
    const mode = req.query.get('fieldValidation') ?? 'Warn';
    if (mode === 'Ignore') return [];
    if (mode !== 'Strict' && mode !== 'Warn') throw new HttpError('BadRequest', `fieldValidation must be one of Ignore, Warn, or Strict, not "${mode}"`);
    const unknown = unknownFields(t.res.apiVersion, t.res.kind, body).map((f) => `unknown field "${f}"`);
    if (unknown.length === 0) return [];
    if (mode === 'Strict') throw new HttpError('BadRequest', `${t.res.kind} in version "${versionOf(t.res)}" cannot be handled as a ${t.res.kind}: strict decoding error: ${unknown.join(', ')}`);
    return unknown;
  }

  private checkIdentity(t: Target, body: Record<string, unknown>): void {
    if (body.apiVersion !== t.res.apiVersion || body.kind !== t.res.kind) {
      if (body.kind !== undefined && body.kind !== t.res.kind) throw new HttpError('BadRequest', `${String(body.kind)} in version "${String(body.apiVersion ?? '')}" cannot be handled as a ${t.res.kind}: no kind "${String(body.kind)}" is registered for version "${t.res.apiVersion}"`);
      if (body.apiVersion !== undefined && body.apiVersion !== t.res.apiVersion) throw new HttpError('BadRequest', `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${t.res.apiVersion})`);
      body.apiVersion = t.res.apiVersion;
      body.kind = t.res.kind;
    }
    const meta = (body.metadata ??= {}) as Record<string, unknown>;
    if (t.res.namespaced) {
      if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== t.namespace)
        throw new HttpError('BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
      meta.namespace = t.namespace;
    }
    if (t.name !== undefined && meta.name !== undefined && meta.name !== t.name)
      throw new HttpError('BadRequest', `the name of the object (${String(meta.name)}) does not match the name on the URL (${t.name})`);
    if (t.name !== undefined) meta.name = t.name;
  }

  private dryRun(req: ApiRequest): boolean {
    const v = req.query.getAll('dryRun');
    if (v.some((x) => x !== 'All')) throw new HttpError('BadRequest', `dryRun: Unsupported value: "${v.find((x) => x !== 'All')}": supported values: "All"`);
    return v.length > 0;
  }

  /** What a dry run would store: the object validated and defaulted, never written. */
  private dryRunObject(body: Record<string, unknown>, existing?: KObject, managers?: (after: Record<string, unknown>) => ManagedEntry[]): Record<string, unknown> {
    const o = toObject(body);
    if (existing) {
      Object.assign(o.metadata, { uid: existing.metadata.uid, resourceVersion: existing.metadata.resourceVersion, creationTimestamp: existing.metadata.creationTimestamp, generation: existing.metadata.generation });
      // An update through the main resource keeps the status (what `kubectl diff` compares).
      if (existing.status !== undefined) o.status = deepCopy(existing.status);
    }
    // The same verdict as a real write (engine/apiServerValidation.ts), nothing stored.
    const verdict = validateForApiServer(body, { kubernetesMinor: this.core.kubernetesMinor });
    if (verdict) throw refusal(verdict);
    setDefaults(o);
    const immutable = existing ? validateUpdateForApiServer(existing, o) : undefined;
    if (immutable) throw refusal(immutable);
    // The managers the write would leave (nothing is recorded).
    const a = apiObject(this.core, o, this.epochMs);
    const entries = managers?.(a);
    if (entries?.length) (a.metadata as Record<string, unknown>).managedFields = this.encodeManaged(entries);
    return a;
  }

  private create(req: ApiRequest, t: Target, applied?: { entries: ManagedEntry[]; body: Record<string, unknown> }, converted?: Record<string, unknown>): ApiReply {
    if (t.res.kind === 'Event') throw new HttpError('MethodNotAllowed', 'events are recorded by the simulated components; clients cannot create them here');
    const body = applied?.body ?? converted ?? this.parseBody(req);
    this.checkIdentity(t, body);
    const warnings = this.checkFields(req, t, body);
    const manager = applied ? undefined : this.fieldManager(req);
    const sent = (body.metadata as Record<string, unknown>).managedFields;
    delete (body.metadata as Record<string, unknown>).managedFields;
    const name = String((body.metadata as { name?: unknown }).name ?? '');
    if (name && this.core.store.get(t.res.kind, t.namespace, name)) throw new HttpError('AlreadyExists', `${t.res.qualified} "${name}" already exists`, this.details(t, name));
    if (this.dryRun(req)) {
      const shape = this.shape(t.res);
      return json(this.dryRunObject(body, undefined, (after) => applied?.entries ?? updateManagers(this.baseEntries(sent, undefined), t.res.custom ? {} : zeroObject(after, shape), after, { shape, manager: manager!, apiVersion: t.res.apiVersion, now: this.core.now })), 201, warnings);
    }
    this.core.store.takeWarnings();
    const { obj } = applyObject(this.core, body, t.namespace ?? 'default');
    // Admission's warnings (PodSecurity `warn`) go back as Warning headers, which kubectl prints.
    warnings.push(...this.core.store.takeWarnings());
    const shape = this.shape(t.res);
    const after = this.unallocated(this.bare(obj), body);
    const base = this.baseEntries(sent, undefined);
    // A create is compared with the kind's empty object (an empty map for an unstructured custom kind).
    this.record(obj, applied?.entries ?? updateManagers(base, t.res.custom ? {} : zeroObject(after, shape), after, { shape, manager: manager!, apiVersion: t.res.apiVersion, now: this.core.now }), true);
    this.settle();
    return json(this.toApi(obj), 201, warnings);
  }

  private update(req: ApiRequest, t: Target, body: Record<string, unknown>, applied?: ManagedEntry[]): ApiReply {
    this.checkIdentity(t, body);
    const existing = this.existing(t);
    const warnings = this.checkFields(req, t, body);
    const manager = applied ? undefined : this.fieldManager(req);
    const sent = (body.metadata as Record<string, unknown>).managedFields;
    delete (body.metadata as Record<string, unknown>).managedFields;
    const rv = (body.metadata as { resourceVersion?: unknown }).resourceVersion;
    if (rv !== undefined && rv !== '' && String(rv) !== existing.metadata.resourceVersion)
      throw new HttpError('Conflict', `Operation cannot be fulfilled on ${t.res.qualified} "${t.name}": the object has been modified; please apply your changes to the latest version and try again`, this.details(t));
    if (this.dryRun(req)) {
      const shape = this.shape(t.res);
      return json(this.dryRunObject(body, existing, (after) => applied ?? updateManagers(this.baseEntries(sent, existing), this.bare(existing), after, { shape, manager: manager!, apiVersion: t.res.apiVersion, now: this.core.now })), 200, warnings);
    }
    const before = this.bare(existing);
    const base = this.baseEntries(sent, existing);
    this.core.store.takeWarnings();
    const { obj, result } = applyObject(this.core, body, t.namespace ?? 'default');
    warnings.push(...this.core.store.takeWarnings());
    const shape = this.shape(t.res);
    this.record(obj, applied ?? updateManagers(base, before, this.bare(obj), { shape, manager: manager!, apiVersion: t.res.apiVersion, now: this.core.now }), result !== 'unchanged');
    this.settle();
    return json(this.toApi(obj), 200, warnings);
  }

  private patched(req: ApiRequest, current: Record<string, unknown>): Record<string, unknown> {
    const type = req.contentType.split(';')[0].trim();
    let body: unknown;
    try {
      body = type === 'application/apply-patch+yaml' ? parseYaml(req.body) : JSON.parse(req.body);
    } catch (e) {
      throw new HttpError('BadRequest', `error decoding patch: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
    switch (type) {
      case 'application/json-patch+json':
        try {
          return jsonPatch(current, body);
        } catch (e) {
          // As the API server reports a JSON patch that does not apply: Invalid, on the field `patch`.
          if (!(e instanceof ApiError) || e.reason !== 'UnprocessableEntity') throw e;
          const cause = `Invalid value: ${JSON.stringify(req.body)}: ${e.message}`;
          throw new HttpError('Invalid', ` "" is invalid: patch: ${cause}`, { causes: [{ reason: 'FieldValueInvalid', message: cause, field: 'patch' }] });
        }
      case 'application/merge-patch+json': return mergePatch(current, body);
      case 'application/strategic-merge-patch+json': return strategicMerge(current, body);
      // Subresources (scale, status) take an apply configuration as a merge of what it sets.
      case 'application/apply-patch+yaml': return strategicMerge(current, body);
      default:
        throw new HttpError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
    }
  }

  private patch(req: ApiRequest, t: Target): ApiReply {
    const live = t.res.kind === 'Event' ? undefined : this.core.store.get(t.res.kind, t.namespace, t.name!);
    const apply = req.contentType.startsWith('application/apply-patch+yaml');
    const force = req.query.get('force');
    if (force !== null && !apply) throw new HttpError('Invalid', `PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch`, { causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: may not be specified for non-apply patch', field: 'force' }] });
    // minikube's own objects are not applied over (existing() refuses the write).
    if (apply && !live && t.res.kind !== 'Event' && minikubeObject(this.core, t.res.kind, t.namespace, t.name!)) this.existing(t);
    if (apply) return this.serverSideApply(req, t, live, force === 'true');
    if (!live) this.existing(t);
    const result = this.patched(req, this.toApi(live!));
    if (!result || typeof result !== 'object' || Array.isArray(result)) throw new HttpError('BadRequest', 'the patch did not result in an object');
    const meta = (result.metadata ?? {}) as Record<string, unknown>;
    // A patch that does not name a resourceVersion is not a precondition.
    if (meta.resourceVersion === live!.metadata.resourceVersion) delete meta.resourceVersion;
    return this.update(req, t, result);
  }

  /**
   * Server-side apply (application/apply-patch+yaml): the configuration is merged into the live
   * object by the schema's list types and merge keys, with field management deciding what is
   * removed and what conflicts (sim/apiserver/fieldManager.ts); what does not exist is created.
   */
  private serverSideApply(req: ApiRequest, t: Target, live: KObject | undefined, force: boolean): ApiReply {
    const manager = this.fieldManager(req, true);
    let config: unknown;
    try {
      config = parseYaml(req.body);
    } catch (e) {
      throw new HttpError('BadRequest', `error decoding YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
    if (!config || typeof config !== 'object' || Array.isArray(config)) throw new HttpError('BadRequest', 'the body of the request must be an object');
    const body = config as Record<string, unknown>;
    if ((body.metadata as { managedFields?: unknown } | undefined)?.managedFields !== undefined)
      throw new HttpError('BadRequest', 'metadata.managedFields must be nil');
    this.checkIdentity(t, body);
    const shape = this.shape(t.res);
    // A configuration that does not type (duplicate keys) fails as the API server fails it: a 500 with no reason.
    const duplicates = duplicateKeys(body, shape);
    if (duplicates.length) {
      const meta = body.metadata as { name?: string; namespace?: string };
      const detail = duplicates.length === 1 ? duplicates[0] : ['errors:', ...duplicates.map((d) => '  ' + d)].join('\n');
      throw new HttpError('Unknown', `failed to create typed patch object (${meta.namespace ?? ''}/${meta.name ?? ''}; ${groupOf(t.res)}/${versionOf(t.res)}, Kind=${t.res.kind}): ${detail}`);
    }
    const ctx = { shape, manager, apiVersion: t.res.apiVersion, now: this.core.now, force };
    const entries = live ? this.entriesOf(live) : [];
    let outcome;
    try {
      outcome = applyManagers(entries, live ? this.bare(live) : undefined, body, ctx);
    } catch (e) {
      if (e instanceof ApplyConflict) throw new HttpError('Conflict', e.message, { causes: e.causes });
      throw e;
    }
    if (!live) {
      const r = this.create({ ...req, contentType: 'application/json' }, { ...t, name: undefined }, { entries: outcome.entries, body: outcome.object });
      return r.type === 'json' ? { ...r, code: 201 } : r;
    }
    const merged = outcome.object as Record<string, unknown>;
    const meta = (merged.metadata ?? {}) as Record<string, unknown>;
    // The configuration's own resourceVersion is a precondition; the live one is not.
    if ((body.metadata as Record<string, unknown>).resourceVersion === undefined) delete meta.resourceVersion;
    return this.update(req, t, merged, outcome.entries);
  }

  /**
   * deletecollection: every object the selectors match, each deleted as a single DELETE would
   * (minikube's own objects are not in the store and are left alone); the list of what was deleted.
   */
  private removeCollection(req: ApiRequest, t: Target): ApiReply {
    if (t.res.kind === 'Event' || !verbsOf(t.res).includes('deletecollection')) throw new HttpError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
    const matches = selectorFilter(req.query);
    const items: Record<string, unknown>[] = [];
    for (const o of this.core.store.list(t.res.kind, t.namespace)) {
      const a = this.toApi(o);
      if (!matches(a)) continue;
      const one = this.remove(req, { ...t, namespace: o.metadata.namespace, name: o.metadata.name });
      if (one.type === 'json') items.push({ apiVersion: t.res.apiVersion, kind: t.res.kind, ...(one.body as Record<string, unknown>) });
    }
    return json({ kind: `${t.res.kind}List`, apiVersion: t.res.apiVersion, metadata: { resourceVersion: String(this.core.store.resourceVersion) }, items });
  }

  /**
   * pods/eviction (`kubectl drain`): the simulated API server's eviction (apiserver/eviction.ts,
   * the one the shell's drain uses): deleted gracefully when the pod's PodDisruptionBudget allows
   * it, else 429 TooManyRequests with the budget as the cause, so kubectl retries.
   */
  private evict(req: ApiRequest, t: Target): ApiReply {
    const body = this.parseBody(req);
    if (body.kind !== 'Eviction' || !/^policy\/v1(beta1)?$/.test(String(body.apiVersion ?? '')))
      throw new HttpError('BadRequest', `the body of the request must be a policy/v1 Eviction, not ${String(body.apiVersion ?? '')} ${String(body.kind ?? '')}`.trimEnd());
    const meta = (body.metadata ?? {}) as { name?: string; namespace?: string };
    if (meta.name !== undefined && meta.name !== t.name) throw new HttpError('BadRequest', `name in URL does not match name in Eviction object`);
    const live = this.existing(t, false);
    if (minikubeObject(this.core, 'Pod', t.namespace, t.name!) && !this.core.store.get('Pod', t.namespace, t.name!))
      throw new HttpError('MethodNotAllowed', `pods "${t.name}" is one of minikube's own objects: the simulation shows them as a fresh minikube has them and does not evict them`, this.details(t));
    const opts = (body.deleteOptions ?? {}) as Record<string, unknown>;
    const done = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
    // A pod already terminating is evicted as far as it will be.
    if (live.metadata.deletionTimestamp !== undefined) return json({ ...done, code: 200 }, 200);
    const pre = opts.preconditions as { uid?: string; resourceVersion?: string } | undefined;
    if (pre?.uid && pre.uid !== live.metadata.uid)
      throw new HttpError('Conflict', `Operation cannot be fulfilled on pods "${t.name}": Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${live.metadata.uid}`, this.details(t));
    const graceRaw = opts.gracePeriodSeconds;
    const grace = typeof graceRaw === 'number' && Number.isFinite(graceRaw) ? graceRaw : undefined;
    const dryRun = this.dryRun(req) || (Array.isArray(opts.dryRun) && opts.dryRun.includes('All'));
    try {
      evictPod(this.core, live, { graceSeconds: grace, dryRun });
    } catch (e) {
      if (e instanceof EvictionRefused)
        throw new HttpError('TooManyRequests', e.message, { causes: [{ reason: 'DisruptionBudget', message: e.statusCause }], ...(e.retryAfterSeconds ? { retryAfterSeconds: e.retryAfterSeconds } : {}) });
      // More than one budget: a failure Status without a reason, as the eviction REST returns it.
      if (e instanceof ApiError && e.reason === 'InternalError') throw new HttpError('', e.message);
      throw e;
    }
    this.settle();
    return json(done, 201);
  }

  private remove(req: ApiRequest, t: Target): ApiReply {
    const live = this.existing(t);
    let opts: Record<string, unknown> = {};
    if (req.body.trim()) opts = this.parseBody({ ...req, contentType: 'application/json' });
    const propagation = String(opts.propagationPolicy ?? req.query.get('propagationPolicy') ?? 'Background');
    if (!['Background', 'Foreground', 'Orphan'].includes(propagation)) throw new HttpError('Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${propagation}": supported values: "Foreground", "Background", "Orphan"`);
    const graceRaw = opts.gracePeriodSeconds ?? req.query.get('gracePeriodSeconds') ?? undefined;
    const grace = graceRaw === undefined || graceRaw === null ? undefined : Number(graceRaw);
    const pre = opts.preconditions as { uid?: string; resourceVersion?: string } | undefined;
    if (pre?.uid && pre.uid !== live.metadata.uid)
      throw new HttpError('Conflict', `Operation cannot be fulfilled on ${t.res.qualified} "${t.name}": Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${live.metadata.uid}`, this.details(t));
    if (pre?.resourceVersion && pre.resourceVersion !== live.metadata.resourceVersion)
      throw new HttpError('Conflict', `Operation cannot be fulfilled on ${t.res.qualified} "${t.name}": Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${live.metadata.resourceVersion}`, this.details(t));
    const dry = this.dryRun(req) || (Array.isArray(opts.dryRun) && opts.dryRun.includes('All'));
    if (dry) return json(this.toApi(live));
    // The object as deleted keeps its managers (the store forgets them with the object).
    const entries = this.entriesOf(live);
    deleteObject(this.core, live, propagation as Propagation, grace !== undefined && Number.isFinite(grace) ? grace : undefined);
    this.settle();
    const gone = this.toApi(live);
    if (entries.length) (gone.metadata as Record<string, unknown>).managedFields = this.encodeManaged(entries);
    return json(gone);
  }

  // ---- subresources ------------------------------------------------------------------------------

  private scaleObject(o: KObject): Record<string, unknown> {
    const sel = o.kind === 'ReplicationController' ? Object.entries(o.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') : selectorString(o.spec?.selector);
    return {
      kind: 'Scale', apiVersion: 'autoscaling/v1',
      metadata: { name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion, creationTimestamp: rfc3339(this.core, o.metadata.creationTimestamp, this.epochMs) },
      spec: { replicas: o.spec?.replicas ?? 1 },
      status: { replicas: o.status?.replicas ?? 0, selector: sel },
    };
  }

  private scale(req: ApiRequest, t: Target): ApiReply {
    const live = this.existing(t);
    if (req.method === 'GET') return json(this.scaleObject(live));
    if (req.method !== 'PUT' && req.method !== 'PATCH') throw new HttpError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
    const current = this.scaleObject(live);
    const next = req.method === 'PUT' ? this.parseBody(req) : this.patched(req, current);
    const rv = (next.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
    if (req.method === 'PUT' && rv && rv !== live.metadata.resourceVersion)
      throw new HttpError('Conflict', `Operation cannot be fulfilled on ${t.res.qualified} "${t.name}": the object has been modified; please apply your changes to the latest version and try again`, this.details(t));
    const replicas = (next.spec as { replicas?: unknown } | undefined)?.replicas ?? 0;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
      throw new HttpError('Invalid', `Scale.autoscaling "${t.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, { name: t.name, group: 'autoscaling', kind: 'Scale' });
    if (this.dryRun(req)) return json({ ...current, spec: { replicas } });
    const manager = this.fieldManager(req);
    if (live.spec.replicas !== replicas) {
      live.spec.replicas = replicas;
      this.core.store.update(live, true);
      // The writer of the scale subresource owns the parent's .spec.replicas (subresource "scale").
      this.record(live, scaleManagers(this.entriesOf(live), true, { manager, apiVersion: t.res.apiVersion, now: this.core.now }), true);
      this.settle();
    }
    return json(this.scaleObject(live));
  }

  private status(req: ApiRequest, t: Target): ApiReply {
    const live = this.existing(t);
    if (req.method === 'GET') return json(this.toApi(live));
    if (req.method !== 'PUT' && req.method !== 'PATCH') throw new HttpError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
    const next = req.method === 'PUT' ? this.parseBody(req) : this.patched(req, this.toApi(live));
    this.checkIdentity(t, next);
    const rv = (next.metadata as { resourceVersion?: string }).resourceVersion;
    if (req.method === 'PUT' && rv && rv !== live.metadata.resourceVersion)
      throw new HttpError('Conflict', `Operation cannot be fulfilled on ${t.res.qualified} "${t.name}": the object has been modified; please apply your changes to the latest version and try again`, this.details(t));
    if (this.dryRun(req)) return json({ ...this.toApi(live), status: next.status });
    const manager = this.fieldManager(req);
    const before = this.bare(live);
    const base = this.entriesOf(live);
    // Only the status is written through this subresource, as in Kubernetes.
    live.status = fromApiTimes(this.core, deepCopy(next.status ?? {}), this.epochMs) as KObject['status'];
    this.core.store.update(live);
    const shape = this.shape(t.res);
    this.record(live, updateManagers(base, before, this.bare(live), { shape, manager, apiVersion: t.res.apiVersion, subresource: 'status', now: this.core.now }), true);
    this.settle();
    return json(this.toApi(live));
  }

  /** The container whose log a request asks for (kubectl names it; a pod with one container needs no name). */
  logContainer(pod: KObject, asked: string | null): string {
    const names = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c: { name: string }) => c.name);
    if (asked) {
      if (!names.includes(asked)) throw new HttpError('BadRequest', `container ${asked} is not valid for pod ${pod.metadata.name}`);
      return asked;
    }
    const containers = (pod.spec?.containers ?? []).map((c: { name: string }) => c.name);
    if (containers.length === 1) return containers[0];
    throw new HttpError('BadRequest', `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${containers.join(' ')}]`);
  }

  /** The log lines of a container as of now, with their virtual seconds (throws the API server's BadRequest while it waits to start). */
  logEntries(pod: KObject, container: string, previous: boolean): { at: number; line: string }[] {
    return containerLogEntries(this.core, { pod, container, previous });
  }

  /** A log line as the API returns it: with `timestamps`, the time it was written first (RFC 3339, as the kubelet writes it). */
  logLine(e: { at: number; line: string }, timestamps: boolean, epochMs = this.epochMs): string {
    if (!timestamps) return e.line + '\n';
    return `${logTimestamp(epochMs, e.at)} ${e.line}\n`;
  }

  private log(req: ApiRequest, t: Target): ApiReply {
    const q = req.query;
    const pod = this.existing(t, false);
    const container = this.logContainer(pod, q.get('container'));
    const previous = q.get('previous') === 'true';
    const timestamps = q.get('timestamps') === 'true';
    const all = this.logEntries(pod, container, previous);
    let entries = all;
    const sinceSeconds = q.get('sinceSeconds');
    const sinceTime = q.get('sinceTime');
    if (sinceSeconds !== null && sinceTime !== null) throw new HttpError('BadRequest', 'at most one of sinceTime or sinceSeconds may be specified');
    if (sinceSeconds !== null) {
      const n = Number(sinceSeconds);
      if (!Number.isInteger(n) || n < 1) throw new HttpError('BadRequest', `sinceSeconds: Invalid value: ${JSON.stringify(sinceSeconds)}: must be greater than 0`);
      const from = this.core.now / 1000 - n;
      entries = entries.filter((e) => e.at >= from);
    } else if (sinceTime !== null) {
      const ms = Date.parse(sinceTime);
      if (Number.isNaN(ms)) throw new HttpError('BadRequest', `sinceTime: Invalid value: ${JSON.stringify(sinceTime)}: must be an RFC 3339 time`);
      const from = (ms - this.epochMs) / 1000;
      entries = entries.filter((e) => e.at >= from);
    }
    const tail = q.get('tailLines');
    if (tail !== null && Number(tail) >= 0) entries = Number(tail) === 0 ? [] : entries.slice(-Number(tail));
    let text = entries.map((e) => this.logLine(e, timestamps)).join('');
    const limit = q.get('limitBytes');
    if (limit !== null) {
      const n = Number(limit);
      if (!Number.isInteger(n) || n < 1) throw new HttpError('BadRequest', `limitBytes: Invalid value: ${JSON.stringify(limit)}: must be greater than 0`);
      const bytes = Buffer.from(text);
      if (bytes.length > n) text = new TextDecoder().decode(new Uint8Array(bytes.subarray(0, n)));
    }
    if (q.get('follow') === 'true' && !previous) return { type: 'follow', spec: { namespace: t.namespace!, pod: t.name!, container, sent: all.length, initial: text, timestamps, epochMs: this.epochMs } };
    return { type: 'text', code: 200, body: text };
  }

  // ---- watch -------------------------------------------------------------------------------------

  private watchSpec(req: ApiRequest, t: Target, name?: string): WatchSpec {
    const q = req.query;
    const byName = name !== undefined ? (o: Record<string, unknown>) => (o.metadata as { name: string }).name === name : () => true;
    const selected = selectorFilter(q);
    const rvText = q.get('resourceVersion');
    const rv = rvText && rvText !== '0' ? Number(rvText) : undefined;
    if (rvText && rvText !== '0' && !Number.isInteger(rv)) throw new HttpError('BadRequest', `invalid resource version: ${rvText}`);
    const timeout = q.get('timeoutSeconds');
    return {
      res: t.res, namespace: t.namespace, matches: (o) => byName(o) && selected(o), resourceVersion: rv,
      table: wantsTable(req.accept), includeObject: q.get('includeObject') ?? 'Metadata',
      bookmarks: q.get('allowWatchBookmarks') === 'true', sendInitialEvents: q.get('sendInitialEvents') === 'true',
      timeoutSeconds: timeout !== null && Number(timeout) > 0 ? Number(timeout) : undefined,
    };
  }
}

const EVENT_COLUMNS = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];

/** A core Event as events.k8s.io/v1 serves it (the API server's conversion of a legacy event). */
function eventsV1(e: Record<string, unknown>): Record<string, unknown> {
  const { involvedObject, message, source, firstTimestamp, lastTimestamp, count, reportingComponent, reportingInstance, ...rest } = e;
  return {
    ...rest, apiVersion: EVENTS_V1.apiVersion, regarding: involvedObject, note: message, reportingController: reportingComponent, reportingInstance,
    deprecatedSource: source, deprecatedFirstTimestamp: firstTimestamp, deprecatedLastTimestamp: lastTimestamp, deprecatedCount: count,
  };
}

function fromEventsV1(e: Record<string, unknown>): Record<string, unknown> {
  return { ...e, involvedObject: e.regarding, message: e.note, firstTimestamp: e.deprecatedFirstTimestamp, lastTimestamp: e.deprecatedLastTimestamp, count: e.deprecatedCount };
}

function wantsTable(accept: string): boolean {
  return /as=Table/.test(accept);
}

function selectorString(sel: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): string {
  const parts = Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) parts.push(e.operator === 'Exists' ? e.key : e.operator === 'DoesNotExist' ? `!${e.key}` : `${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`);
  return parts.join(',');
}

/** A deleted object's last state, for a watch's final Table row. */
function deletedCopy(sim: Simulation['core'], o: Record<string, unknown>, epochMs: number): KObject {
  return fromApiTimes(sim, o, epochMs) as KObject;
}

/** labelSelector and fieldSelector (`a=b`, `a==b`, `a!=b`, comma-separated; fields by their JSON path). */
export function selectorFilter(q: URLSearchParams): (o: Record<string, unknown>) => boolean {
  const labels = q.get('labelSelector');
  const fields = q.get('fieldSelector');
  const sel = labels ? parseSelectorString(labels) : undefined;
  const parsed = parseFieldSelector(fields ?? '');
  if ('bad' in parsed) throw new HttpError('BadRequest', `invalid selector: '${fields}'; can't understand '${parsed.bad}'`);
  return (o) => (!sel || matchesSelector(sel, (o.metadata as { labels?: Record<string, string> }).labels ?? {})) && fieldsMatch(parsed.reqs, o);
}
