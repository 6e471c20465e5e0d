import type { KObject } from '../../types';
import { deepCopy, fnv32a, safeEncode, scaledValue, stableStringify } from '../../util';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const HASH_LABEL = 'pod-template-hash';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const NOT_COPIED = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, 'deprecated.deployment.rollback.to', 'deployment.kubernetes.io/error']);

export function revisionOf(o: KObject | undefined): number {
  return Number(o?.metadata.annotations?.[REVISION] ?? 0) || 0;
}

export function maxRevision(rss: KObject[]): number {
  return Math.max(0, ...rss.map(revisionOf));
}

/** ResolveFenceposts: surge rounds up, unavailable rounds down; both zero makes unavailable 1. */
export function resolveFenceposts(d: KObject): { surge: number; unavailable: number } {
  const ru = d.spec.strategy?.rollingUpdate ?? {};
  const replicas = d.spec.replicas ?? 1;
  const surge = scaledValue(ru.maxSurge, replicas, true);
  let unavailable = scaledValue(ru.maxUnavailable, replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxUnavailable(d: KObject): number {
  if (d.spec.strategy?.type !== 'RollingUpdate' || (d.spec.replicas ?? 1) === 0) return 0;
  return Math.min(resolveFenceposts(d).unavailable, d.spec.replicas ?? 1);
}

export function maxSurge(d: KObject): number {
  return d.spec.strategy?.type === 'RollingUpdate' ? resolveFenceposts(d).surge : 0;
}

function withoutHash(template: unknown): string {
  const t = deepCopy(template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (t.metadata?.labels) delete t.metadata.labels[HASH_LABEL];
  return stableStringify(t);
}

const templateKeys = new WeakMap<object, string>();

/**
 * The object's template without the hash label, as a stable string, cached per template object.
 * Code that edits a template in place (kubectl set image, rollout restart) replaces the object.
 */
export function templateKeyOf(o: KObject): string {
  return keyOfTemplate(o.spec?.template);
}

function keyOfTemplate(t: unknown): string {
  if (!t || typeof t !== 'object') return withoutHash(t);
  let key = templateKeys.get(t);
  if (key === undefined) templateKeys.set(t, (key = withoutHash(t)));
  return key;
}

/** EqualIgnoreHash: templates equal apart from the pod-template-hash label. */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return withoutHash(a) === withoutHash(b);
}

/**
 * Stand-in for ComputeHash: FNV-32a over a stable JSON of the template (+ collisionCount), then
 * SafeEncodeString of the decimal value, giving the real alphabet and length. Not the real value.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  const text = keyOfTemplate(template) + (collisionCount ? `#${collisionCount}` : '');
  return safeEncode(String(fnv32a(text)));
}

export function specReplicas(rss: KObject[]): number {
  return rss.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
}

export function statusReplicas(rss: KObject[]): number {
  return rss.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
}

export function availableReplicas(rss: KObject[]): number {
  return rss.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
}

export function readyReplicas(rss: KObject[]): number {
  return rss.reduce((n, rs) => n + (rs.status?.readyReplicas ?? 0), 0);
}

/** NewRSNewReplicas. */
export function newRSNewReplicas(d: KObject, all: KObject[], newRS: KObject): number {
  const replicas = d.spec.replicas ?? 1;
  if (d.spec.strategy?.type !== 'RollingUpdate') return replicas;
  const maxTotal = replicas + maxSurge(d);
  const current = specReplicas(all);
  if (current >= maxTotal) return newRS.spec.replicas ?? 0;
  const up = Math.min(maxTotal - current, replicas - (newRS.spec.replicas ?? 0));
  return (newRS.spec.replicas ?? 0) + up;
}

/** Deployment annotations copied to its ReplicaSets. */
export function copiedAnnotations(d: KObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!NOT_COPIED.has(k)) out[k] = v;
  return out;
}

export function isSkippedAnnotation(k: string): boolean {
  return NOT_COPIED.has(k);
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: number;
  lastTransitionTime?: number;
}

export function getCondition(status: { conditions?: Condition[] } | undefined, type: string): Condition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** SetDeploymentCondition: keeps lastTransitionTime when the status does not change. */
export function setCondition(status: { conditions?: Condition[] }, cond: Condition): void {
  const list = status.conditions ?? [];
  const cur = list.find((c) => c.type === cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  if (cur && cur.status === cond.status) cond.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...list.filter((c) => c.type !== cond.type), cond];
}

export function removeCondition(status: { conditions?: Condition[] }, type: string): void {
  status.conditions = (status.conditions ?? []).filter((c) => c.type !== type);
}
