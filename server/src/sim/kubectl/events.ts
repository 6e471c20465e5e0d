import type { Sim } from '../core';
import type { SimEvent } from '../types';
import { humanDuration } from '../util';

/**
 * Events as the API holds them: repeats of the same (object, type, reason, message, source) are one
 * event with a count and first/last times, the way the event recorder aggregates them.
 */
export interface AggregatedEvent {
  namespace?: string;
  object: string;
  type: SimEvent['type'];
  reason: string;
  message: string;
  source: string;
  first: number;
  last: number;
  count: number;
}

export function aggregatedEvents(sim: Sim, filter: (e: SimEvent) => boolean = () => true): AggregatedEvent[] {
  const byKey = new Map<string, AggregatedEvent>();
  for (const e of sim.events) {
    if (!filter(e)) continue;
    const k = [e.namespace ?? '', e.object, e.type, e.reason, e.message, e.source].join('\u0000');
    const a = byKey.get(k);
    if (a) {
      a.last = e.at;
      a.count++;
    } else byKey.set(k, { namespace: e.namespace, object: e.object, type: e.type, reason: e.reason, message: e.message, source: e.source, first: e.at, last: e.at, count: 1 });
  }
  return [...byKey.values()].sort((a, b) => a.last - b.last);
}

/** `12s`, or `5s (x4 over 2m)` for repeated events, as describe's Age column. */
export function eventAge(sim: Sim, e: AggregatedEvent): string {
  const last = humanDuration((sim.now - e.last) / 1000);
  return e.count > 1 ? `${last} (x${e.count} over ${humanDuration((sim.now - e.first) / 1000)})` : last;
}
