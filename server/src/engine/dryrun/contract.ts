import type { SimulationSnapshot } from '../../sim/index';

/**
 * The simulator's JSON output contract (issue 4, docs/simulation.md), as the dry-run editor
 * features read it. Times are virtual seconds from the start of the simulation.
 *
 * Fields marked optional are read when present and tolerated when absent, so the editor keeps
 * working while the simulator's output grows.
 */

export interface SimNode {
  name: string;
  ready: boolean;
  allocatable: Record<string, string | number>;
  unschedulable?: boolean;
}

export interface SimCondition {
  type: string;
  status: string;
  reason?: string | null;
  message?: string | null;
}

export interface SimWorkload {
  kind: string;
  namespace: string;
  name: string;
  /** `x/y` as kubectl prints READY (or a number of ready replicas) */
  ready: string | number;
  upToDate?: number | null;
  available?: number | null;
  revision?: number | string | null;
  conditions?: SimCondition[];
  /** `Kind/name` of the owning object (ReplicaSets of a Deployment) */
  owner?: string;
  replicas?: number;
  desired?: number;
}

export interface SimProbe {
  kind: string;
  result: string;
  message?: string | null;
}

export interface SimContainer {
  name: string;
  image: string;
  state: string;
  reason?: string | null;
  exitCode?: number | null;
  restartCount: number;
  ready: boolean;
  probes?: SimProbe[];
}

export interface SimPod {
  namespace: string;
  name: string;
  /** `Kind/name` of the controller that owns the pod, if any */
  owner?: string | null;
  node?: string | null;
  phase: string;
  status: string;
  /** `x/y` */
  ready: string;
  restarts: number;
  labels?: Record<string, string>;
  containers: SimContainer[];
}

export interface SimEndpoint {
  pod: string;
  ready: boolean;
}

export interface SimService {
  namespace: string;
  name: string;
  type: string;
  ports: unknown[];
  endpoints: SimEndpoint[];
}

export interface SimJob {
  namespace: string;
  name: string;
  owner?: string | null;
  completions: string | number;
  status: string;
}

export interface SimEvent {
  time: number;
  type: string;
  reason: string;
  /** `kind/name` (optionally namespace-qualified) of the object the event is about */
  object: string;
  namespace?: string | null;
  message: string;
}

export interface SimTimelineEntry {
  time: number;
  object: string;
  namespace?: string | null;
  status: string;
}

export interface SimAssumption {
  object: string;
  message: string;
}

export interface SimCustomResource {
  apiVersion: string;
  kind: string;
  /** null for a cluster-scoped kind */
  namespace: string | null;
  name: string;
}

export interface SimSnapshot {
  time: number;
  nodes: SimNode[];
  workloads: SimWorkload[];
  pods: SimPod[];
  services: SimService[];
  jobs: SimJob[];
  /** Custom resources the simulated API server stored (absent in older outputs) */
  customResources?: SimCustomResource[];
  events: SimEvent[];
  timeline: SimTimelineEntry[];
  assumptions: SimAssumption[];
  /** Set when a bound (objects, steps, time) cut the run short */
  limits?: { reached: boolean; message: string | null; objects?: number; steps?: number; droppedEvents?: number };
}

/** `Kind/name`, `kind/name`, `namespace/Kind/name` or `Kind/namespace/name` -> parts. */
export function parseObjectRef(ref: string): { kind: string; namespace?: string; name: string } {
  const parts = ref.split('/');
  if (parts.length >= 3) {
    // Kind names start upper-case in the API, resources lower-case in kubectl; namespaces are DNS labels
    // (lower-case), so an upper-case first part is a kind.
    if (/^[A-Z]/.test(parts[0])) return { kind: parts[0], namespace: parts[1], name: parts.slice(2).join('/') };
    return { namespace: parts[0], kind: parts[1], name: parts.slice(2).join('/') };
  }
  if (parts.length === 2) return { kind: parts[0], name: parts[1] };
  return { kind: '', name: ref };
}

const KIND_ALIASES: Record<string, string> = {
  pod: 'Pod', pods: 'Pod', po: 'Pod',
  deployment: 'Deployment', deployments: 'Deployment', deploy: 'Deployment',
  replicaset: 'ReplicaSet', replicasets: 'ReplicaSet', rs: 'ReplicaSet',
  replicationcontroller: 'ReplicationController', rc: 'ReplicationController',
  statefulset: 'StatefulSet', sts: 'StatefulSet', daemonset: 'DaemonSet', ds: 'DaemonSet',
  job: 'Job', jobs: 'Job', cronjob: 'CronJob', cj: 'CronJob',
  service: 'Service', svc: 'Service', node: 'Node', no: 'Node', endpointslice: 'EndpointSlice',
};

/** Normalises `pod`, `pods`, `Pod` to the API kind `Pod`. */
export function canonicalKind(kind: string): string {
  return KIND_ALIASES[kind.toLowerCase()] ?? kind;
}

/** True when an event or timeline `object` string refers to the given object. */
export function refMatches(ref: string, kind: string, name: string, namespace?: string): boolean {
  const p = parseObjectRef(ref);
  if (p.name !== name) return false;
  if (canonicalKind(p.kind) !== canonicalKind(kind)) return false;
  return !namespace || !p.namespace || p.namespace === namespace;
}

/**
 * Compile-time guard: the simulator's own snapshot type (server/src/sim/snapshot.ts) must stay
 * readable as this contract; if the simulator's output changes shape, typecheck fails here.
 */
export const SIMULATOR_SNAPSHOT_IS_READABLE: SimulationSnapshot extends SimSnapshot ? true : never = true;
