import type { PathSegment } from '../yaml/documents';
import { FIELD_CHANGES, firstMinor, type FieldChange, type FieldScope } from './featureTable';

/**
 * Which fields of an object a Kubernetes release does not have (absent: the API server rejects
 * them as unknown fields or unsupported values) or has behind a feature gate that is off by
 * default (disabled: the API server drops the field, or rejects the value). One truth for the
 * checker's findings and the simulated API server.
 */

export type GateState = 'absent' | 'disabled';

export interface GatedField {
  /** Path from the object root. */
  path: PathSegment[];
  change: FieldChange;
  state: GateState;
}

type Obj = Record<string, unknown>;

function asObj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

const TEMPLATE_KINDS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'ReplicationController', 'Job']);

/** Paths of the pod specs an object carries. */
function podSpecPaths(kind: string): PathSegment[][] {
  if (kind === 'Pod') return [['spec']];
  if (TEMPLATE_KINDS.has(kind)) return [['spec', 'template', 'spec']];
  if (kind === 'CronJob') return [['spec', 'jobTemplate', 'spec', 'template', 'spec']];
  if (kind === 'PodTemplate') return [['template', 'spec']];
  return [];
}

function jobSpecPaths(kind: string): PathSegment[][] {
  if (kind === 'Job') return [['spec']];
  if (kind === 'CronJob') return [['spec', 'jobTemplate', 'spec']];
  return [];
}

function get(root: unknown, path: readonly PathSegment[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/** The roots a scope has in this object (containers expanded to each item). */
function scopeRoots(obj: Obj, kind: string, scope: FieldScope): PathSegment[][] {
  if (scope === 'podSpec') return podSpecPaths(kind);
  if (scope === 'jobSpec') return jobSpecPaths(kind);
  if (scope === 'container' || scope === 'initContainer') {
    const lists = scope === 'container' ? ['containers', 'initContainers', 'ephemeralContainers'] : ['initContainers'];
    const out: PathSegment[][] = [];
    for (const p of podSpecPaths(kind)) {
      for (const l of lists) {
        const items = get(obj, [...p, l]);
        if (Array.isArray(items)) items.forEach((_, i) => out.push([...p, l, i]));
      }
    }
    return out;
  }
  return scope.kind === kind ? [[]] : [];
}

/** Expands `*` over list items; calls back with each path where the last key is present. */
function visit(value: unknown, rest: readonly string[], at: PathSegment[], found: (path: PathSegment[], v: unknown) => void): void {
  if (rest.length === 0) return;
  const [head, ...tail] = rest;
  if (head === '*') {
    if (Array.isArray(value)) value.forEach((item, i) => visit(item, tail, [...at, i], found));
    return;
  }
  const o = asObj(value);
  if (!o || !Object.prototype.hasOwnProperty.call(o, head)) return;
  const v = o[head];
  if (tail.length === 0) {
    // An explicit null is the same as leaving the field out.
    if (v !== null && v !== undefined) found([...at, head], v);
    return;
  }
  visit(v, tail, [...at, head], found);
}

/** The API group of each kind the table speaks of: a custom resource of the same kind name (Knative's Service) is not it. */
const GROUP_OF_KIND: Record<string, string> = {
  Pod: '', Service: '', PersistentVolumeClaim: '', PodTemplate: '', ReplicationController: '',
  Deployment: 'apps', ReplicaSet: 'apps', DaemonSet: 'apps', StatefulSet: 'apps',
  Job: 'batch', CronJob: 'batch', PodDisruptionBudget: 'policy',
};

/** The fields of `obj` (a manifest as plain data) that Kubernetes 1.`minor` does not have or has off. */
export function gatedFields(obj: unknown, minor: number): GatedField[] {
  const root = asObj(obj);
  const kind = typeof root?.kind === 'string' ? root.kind : undefined;
  const apiVersion = typeof root?.apiVersion === 'string' ? root.apiVersion : '';
  if (!root || !kind) return [];
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (GROUP_OF_KIND[kind] === undefined || GROUP_OF_KIND[kind] !== group) return [];
  const out: GatedField[] = [];
  for (const c of FIELD_CHANGES) {
    if (minor >= c.on) continue;
    const state: GateState = minor < firstMinor(c) ? 'absent' : 'disabled';
    for (const base of scopeRoots(root, kind, c.scope)) {
      visit(get(root, base), c.path, base, (path, v) => {
        if (c.value !== undefined && v !== c.value) return;
        out.push({ path, change: c, state });
      });
    }
  }
  // What is inside a field already reported (or a value of it) is said once, by that field.
  const fields = out.filter((g) => g.change.value === undefined).map((g) => g.path);
  const within = (g: GatedField, f: PathSegment[]) => f !== g.path && f.length <= g.path.length && f.every((p, i) => p === g.path[i]);
  return out.filter((g) => !fields.some((f) => within(g, f)));
}

/** `spec.template.spec.initContainers[0].restartPolicy`: a path as the API server prints it. */
export function apiPath(path: readonly PathSegment[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

/**
 * What the API server of 1.`minor` does with an object: strict decoding errors for unknown fields,
 * Unsupported value for enum values it does not accept, and the object with fields behind
 * disabled gates dropped. The object is changed in place.
 */
export function applyVersionGates(obj: Obj, minor: number): { errors: string[]; dropped: string[] } {
  const errors: string[] = [];
  const dropped: string[] = [];
  const unknown: string[] = [];
  for (const g of gatedFields(obj, minor)) {
    if (g.change.value !== undefined) {
      errors.push(`${apiPath(g.path)}: Unsupported value: "${g.change.value}"`);
      continue;
    }
    if (g.state === 'absent') {
      unknown.push(apiPath(g.path));
      continue;
    }
    const parent = get(obj, g.path.slice(0, -1));
    if (parent && typeof parent === 'object') delete (parent as Obj)[g.path[g.path.length - 1] as string];
    dropped.push(apiPath(g.path));
  }
  if (unknown.length) errors.unshift(`strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(', ')}`);
  return { errors, dropped };
}
