import type { Sim } from '../core';
import type { KObject } from '../types';

/**
 * Objects as the API server would return them: the simulator keeps times as virtual milliseconds,
 * kubectl shows RFC 3339 timestamps on the wall clock (virtual 0 = the simulation's epoch).
 */

const TIME_FIELDS = new Set([
  'creationTimestamp', 'deletionTimestamp', 'startTime', 'startedAt', 'finishedAt', 'lastTransitionTime', 'lastUpdateTime',
  'lastProbeTime', 'lastScheduleTime', 'lastScaleTime', 'lastSuccessfulTime', 'completionTime', 'lastHeartbeatTime', 'timeAdded', 'firstTimestamp', 'lastTimestamp',
]);

/** `epochMs` (default: the simulation's) is the wall-clock time of virtual 0 (`serve` presents times on the wall clock). */
export function rfc3339(sim: Sim, ms: number, epochMs = sim.epochMs): string {
  return new Date(epochMs + ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** `Thu, 01 Jan 2026 00:01:30 +0000`, the form `kubectl describe` prints. */
export function rfc1123z(sim: Sim, ms: number): string {
  const d = new Date(sim.epochMs + ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** A PodDisruptionBudget's status.disruptedPods: pod name -> the time of its eviction. */
const TIME_MAPS = new Set(['disruptedPods']);

function convert(sim: Sim, v: unknown, epochMs: number, key?: string): unknown {
  if (typeof v === 'number' && key !== undefined && TIME_FIELDS.has(key)) return rfc3339(sim, v, epochMs);
  if (v && typeof v === 'object' && key !== undefined && TIME_MAPS.has(key)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'number' ? rfc3339(sim, x, epochMs) : x]));
  if (Array.isArray(v)) return v.map((x) => convert(sim, x, epochMs));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = convert(sim, x, epochMs, k);
    return out;
  }
  return v;
}

/** A deep copy with API timestamps and without empty label/annotation maps (as the API omits them). */
export function apiObject(sim: Sim, o: KObject, epochMs = sim.epochMs): Record<string, unknown> {
  const copy = convert(sim, o, epochMs) as Record<string, unknown> & { metadata: Record<string, unknown> };
  for (const k of ['labels', 'annotations']) {
    const m = copy.metadata[k] as Record<string, string> | undefined;
    if (m && Object.keys(m).length === 0) delete copy.metadata[k];
  }
  if (copy.metadata.generation === 0) delete copy.metadata.generation;
  return copy;
}

/** The reverse of apiObject's times: RFC 3339 strings in time fields back to virtual milliseconds (a status written by a client). */
export function fromApiTimes(sim: Sim, v: unknown, epochMs = sim.epochMs, key?: string): unknown {
  if (typeof v === 'string' && key !== undefined && TIME_FIELDS.has(key)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? v : t - epochMs;
  }
  if (Array.isArray(v)) return v.map((x) => fromApiTimes(sim, x, epochMs));
  if (v && typeof v === 'object' && key !== undefined && TIME_MAPS.has(key)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromApiTimes(sim, x, epochMs, 'creationTimestamp')]));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromApiTimes(sim, x, epochMs, k)]));
  return v;
}
