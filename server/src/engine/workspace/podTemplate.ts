import type { PathSegment } from '../yaml/documents';

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
}

export const CONTROLLER_KINDS = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'DaemonSet', 'StatefulSet']);

export function podTemplateLocation(kind: string): PodTemplateLocation | undefined {
  switch (kind) {
    case 'Pod':
      return { path: [], owner: 'pod' };
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'StatefulSet':
      return { path: ['spec', 'template'], owner: 'long-running', selectorPath: ['spec', 'selector'] };
    case 'ReplicationController':
      return { path: ['spec', 'template'], owner: 'long-running', selectorPath: ['spec', 'selector'], selectorIsMap: true };
    case 'Job':
      return { path: ['spec', 'template'], owner: 'job', selectorPath: ['spec', 'selector'] };
    case 'CronJob':
      return { path: ['spec', 'jobTemplate', 'spec', 'template'], owner: 'job' };
    case 'PodTemplate':
      return { path: ['template'], owner: 'pod' };
    default:
      return undefined;
  }
}

/** Reads a nested value of a plain object by path; undefined when any step is missing. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
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
  for (const [k, val] of Object.entries(r)) out[k] = val === null || val === undefined ? '' : String(val);
  return out;
}
