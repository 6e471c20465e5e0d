import type { Sim } from '../core';
import type { SimEvent } from '../types';
import { humanDuration } from '../util';
import { resourceForName } from '../store/resources';
import { boolFlag, flag, parseArgs, UsageError } from './args';
import { table } from './printers';

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
  // An event's timestamps are whole seconds (metav1.Time): its age is counted from them, as kubectl does.
  const since = (t: number) => humanDuration((sim.now - Math.floor(t / 1000) * 1000) / 1000);
  return e.count > 1 ? `${since(e.last)} (x${e.count} over ${since(e.first)})` : since(e.last);
}

/**
 * `kubectl events [-n NS | -A] [--for TYPE/NAME] [--types Warning,Normal] [--no-headers]`: the
 * events in time order (last seen), OBJECT as Kind/name, as kubectl's events printer writes them.
 */
export function eventsCommand(sim: Sim, argv: string[]): string {
  const p = parseArgs(argv, { values: { namespace: 'n', for: undefined, types: undefined, output: 'o' }, bools: { 'all-namespaces': 'A', 'no-headers': undefined, watch: 'w' } }, 'events');
  if (boolFlag(p, 'watch') || flag(p, 'output')) throw new UsageError('error: "kubectl events -w|-o" is not simulated by kube-rehearsal (use "kubectl get events -w")');
  const all = boolFlag(p, 'all-namespaces');
  const namespace = flag(p, 'namespace') || 'default';
  const types = flag(p, 'types')?.split(',').map((t) => t.trim().toLowerCase());
  let forRef: string | undefined;
  const target = flag(p, 'for');
  if (target) {
    const slash = target.indexOf('/');
    const r = slash > 0 ? resourceForName(target.slice(0, slash).toLowerCase()) : undefined;
    if (!r) throw new UsageError(`error: the server doesn't have a resource type "${slash > 0 ? target.slice(0, slash) : target}"`);
    forRef = `${r.kind.toLowerCase()}/${target.slice(slash + 1)}`;
  }
  const events = aggregatedEvents(sim, (e) => (all || e.namespace === namespace) && (!forRef || e.object === forRef) && (!types || types.includes(e.type.toLowerCase())));
  if (events.length === 0) return all ? 'No events found.\n' : `No events found in ${namespace} namespace.\n`;
  const rows = events.map((e) => {
    const [kindLower, ...rest] = e.object.split('/');
    const kind = resourceForName(kindLower.split('.')[0])?.kind ?? kindLower;
    const r = [eventAge(sim, e), e.type, e.reason, `${kind}/${rest.join('/')}`, e.message.trim()];
    return all ? [e.namespace ?? '', ...r] : r;
  });
  const header = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  const text = table(all ? ['NAMESPACE', ...header] : header, rows);
  return boolFlag(p, 'no-headers') ? text.split('\n').slice(1).join('\n') : text;
}
