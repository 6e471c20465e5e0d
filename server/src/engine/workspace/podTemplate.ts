import type { PathSegment } from '../yaml/documents';
import { valueText } from '../valueText';

/**
 * Where the pod template of a workload lives, per kind. A bare Pod is its own template.
 * Paths are from the document root.
 */
export type WorkloadOwner = 'pod' | 'long-running' | 'job';

export interface PodTemplateLocation {
  /** Path of the template object (metadata + spec); [] for a bare Pod. */
  path: PathSegment[];
  /** Which restartPolicy family the template belongs to. */
  owner: WorkloadOwner;
  /** Path of the controller's selector, when the kind has one. */
  selectorPath?: PathSegment[];
  /** ReplicationController uses a plain map selector, the others a LabelSelector. */
  selectorIsMap?: boolean;
  /** Where the pods' labels are, when not at `path` + metadata.labels (custom resources an operator turns into pods). */
  labelsPath?: PathSegment[];
  /** The pods are made by an operator from a custom resource: their containers are not spelt out. */
  operator?: boolean;
}

/** The path of the labels the template's pods get. */
export function templateLabelsPath(loc: PodTemplateLocation): PathSegment[] {
  return loc.labelsPath ?? [...loc.path, 'metadata', 'labels'];
}

/**
 * Custom resources an operator turns into pods, by API group and kind, with where the pods'
 * labels are set. Services, PodDisruptionBudgets and NetworkPolicies select those pods; without
 * this table they would seem to select nothing. Extend it as operators become known.
 */
const OPERATOR_POD_KINDS: ReadonlyMap<string, PodTemplateLocation> = new Map([
  // The Prometheus operator: spec.podMetadata.labels are copied onto the StatefulSet's pods.
  ['monitoring.coreos.com/Prometheus', operatorLocation(['spec', 'podMetadata', 'labels'])],
  ['monitoring.coreos.com/Alertmanager', operatorLocation(['spec', 'podMetadata', 'labels'])],
  ['monitoring.coreos.com/PrometheusAgent', operatorLocation(['spec', 'podMetadata', 'labels'])],
  ['monitoring.coreos.com/ThanosRuler', operatorLocation(['spec', 'podMetadata', 'labels'])],
]);

function operatorLocation(labelsPath: PathSegment[]): PodTemplateLocation {
  return Object.freeze({ path: Object.freeze(['spec']) as PathSegment[], owner: 'long-running' as const, labelsPath: Object.freeze(labelsPath) as PathSegment[], operator: true });
}

/** Where an operator-managed custom resource sets its pods' labels, if its kind is known. */
export function operatorPodLocation(apiVersion: string, kind: string): PodTemplateLocation | undefined {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return undefined;
  return OPERATOR_POD_KINDS.get(`${apiVersion.slice(0, slash)}/${kind}`);
}

export const CONTROLLER_KINDS = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'DaemonSet', 'StatefulSet']);

function location(path: PathSegment[], owner: WorkloadOwner, selectorPath?: PathSegment[], selectorIsMap?: boolean): PodTemplateLocation {
  const loc: PodTemplateLocation = { path: Object.freeze(path) as PathSegment[], owner };
  if (selectorPath) loc.selectorPath = Object.freeze(selectorPath) as PathSegment[];
  if (selectorIsMap) loc.selectorIsMap = true;
  return Object.freeze(loc);
}

/** One shared, frozen location per kind: every object with a pod template points at one. */
const LOCATIONS: ReadonlyMap<string, PodTemplateLocation> = new Map([
  ['Pod', location([], 'pod')],
  ['Deployment', location(['spec', 'template'], 'long-running', ['spec', 'selector'])],
  ['ReplicaSet', location(['spec', 'template'], 'long-running', ['spec', 'selector'])],
  ['DaemonSet', location(['spec', 'template'], 'long-running', ['spec', 'selector'])],
  ['StatefulSet', location(['spec', 'template'], 'long-running', ['spec', 'selector'])],
  ['ReplicationController', location(['spec', 'template'], 'long-running', ['spec', 'selector'], true)],
  ['Job', location(['spec', 'template'], 'job', ['spec', 'selector'])],
  ['CronJob', location(['spec', 'jobTemplate', 'spec', 'template'], 'job')],
  ['PodTemplate', location(['template'], 'pod')],
]);

export function podTemplateLocation(kind: string): PodTemplateLocation | undefined {
  return LOCATIONS.get(kind);
}

/** Reads a nested value of a plain object by path; undefined when any step is missing. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = root;
  // An index loop: called for every rule and document, often before the optimizing compiler has
  // seen it, where for..of allocates an iterator result per step.
  for (let i = 0; i < path.length; i++) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[path[i]];
  }
  return v;
}

export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Label maps as strings (YAML may give numbers or booleans; kubectl would reject those, schema reports it). */
export function stringMap(v: unknown): Record<string, string> | undefined {
  const r = asRecord(v);
  if (!r) return undefined;
  const out: Record<string, string> = {};
  for (const k in r) {
    if (!Object.prototype.hasOwnProperty.call(r, k)) continue;
    const val = r[k];
    out[k] = valueText(val);
  }
  return out;
}
