/** Object shapes inside the simulator: Kubernetes JSON with times as virtual milliseconds. */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation: number;
  /** Virtual milliseconds since the start of the run. */
  creationTimestamp: number;
  deletionTimestamp?: number;
  deletionGracePeriodSeconds?: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ownerReferences?: OwnerReference[];
}

/** Any Kubernetes object. Spec and status stay loosely typed: they are the manifest's JSON. */
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  status?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

export interface SimEvent {
  /** Virtual milliseconds. */
  at: number;
  type: 'Normal' | 'Warning';
  reason: string;
  /** `kind/name` in kubectl's lower-case form, e.g. `pod/web-5d8f9-abcde`. */
  object: string;
  namespace?: string;
  message: string;
  source: string;
}

export interface Assumption {
  object: string;
  message: string;
}

export interface NodeShape {
  name: string;
  cpu: string;
  memory: string;
  pods: number;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  unschedulable?: boolean;
}

export interface ClusterShape {
  nodes: NodeShape[];
}

export interface SimLimits {
  /** Objects in the store (pods included). */
  maxObjects: number;
  /** Discrete events processed. */
  maxSteps: number;
  /** Virtual seconds. */
  maxSeconds: number;
  /** Kubernetes events recorded. */
  maxEvents: number;
}

/**
 * Each bound stops a run in seconds whatever the input. Processed events: a small app runs about
 * 500 a virtual minute, so two million are days of it, and 5,000 CronJobs every minute are stopped
 * in seconds instead of running for minutes.
 */
export const DEFAULT_LIMITS: SimLimits = { maxObjects: 20_000, maxSteps: 2_000_000, maxSeconds: 7 * 24 * 3600, maxEvents: 100_000 };

export function key(ns: string | undefined, name: string): string {
  return ns ? `${ns}/${name}` : name;
}

export function objKey(o: KObject): string {
  return key(o.metadata.namespace, o.metadata.name);
}

export function controllerOf(o: KObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller);
}

/** kubectl's short resource name for `kind/name` references. */
export function resourceName(kind: string): string {
  return kind.toLowerCase();
}

export function ref(o: KObject): string {
  return `${resourceName(o.kind)}/${o.metadata.name}`;
}
