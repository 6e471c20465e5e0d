import type { SimEvent } from '../../../server/src/engine/dryrun/contract';
import { formatSeconds } from '../../../server/src/engine/dryrun/format';

/**
 * The event log in `kubectl get events` columns. Instead of LAST SEEN (an age), TIME is the
 * virtual time since the start of the dry run, which is what a learner compares with the timeline.
 */
export function formatEvents(events: SimEvent[], now: number): string {
  const rows = [...events].sort((a, b) => a.time - b.time).map((e) => [
    `+${formatSeconds(e.time)}`, e.type, e.reason, e.namespace && e.namespace !== 'default' ? `${e.namespace}/${e.object}` : e.object, e.message,
  ]);
  const header = ['TIME', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('   ').trimEnd();
  return [`# dry run at ${formatSeconds(now)}: ${events.length} events`, line(header), ...rows.map(line)].join('\n');
}
