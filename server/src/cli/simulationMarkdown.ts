import type { SimulationSnapshot } from '../sim/index';
import { formatSeconds } from '../engine/dryrun/format';

/**
 * `simulate --format markdown`: the end state as a pull-request comment can carry it: workloads,
 * pods that are not healthy, Services without ready endpoints, and the warning events as a short
 * timeline. Everything that comes from a manifest is escaped for Markdown tables.
 */

const MAX_ROWS = 50;

function cell(text: string): string {
  // Control characters from manifests never reach the comment; pipes would split the table.
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\|/g, '\\|');
}

function limited<T>(rows: T[], render: (r: T) => string, what: string): string {
  let out = rows.slice(0, MAX_ROWS).map(render).join('');
  if (rows.length > MAX_ROWS) out += `\n_${rows.length - MAX_ROWS} more ${what} not shown._\n`;
  return out;
}

export function markdownSimulation(snap: SimulationSnapshot, rejected: { object: string; message: string }[]): string {
  let out = `### Kube Rehearsal dry run: the cluster after ${formatSeconds(snap.time)}\n\n`;
  if (rejected.length) {
    out += `**Not simulated** (${rejected.length}):\n\n`;
    out += limited(rejected, (r) => `- \`${cell(r.object)}\`: ${cell(r.message)}\n`, 'documents');
    out += '\n';
  }
  const workloads = snap.workloads.filter((w) => w.kind !== 'ReplicaSet');
  if (workloads.length) {
    out += '| Workload | Ready | Up to date | Available |\n|---|---|---|---|\n';
    out += limited(workloads, (w) => `| ${w.kind} \`${cell(w.namespace)}/${cell(w.name)}\` | ${w.ready} | ${w.upToDate ?? '-'} | ${w.available ?? '-'} |\n`, 'workloads');
    out += '\n';
  }
  const unhealthy = snap.pods.filter((p) => !(p.status === 'Running' && /^(\d+)\/\1$/.test(p.ready)) && p.status !== 'Completed');
  out += unhealthy.length ? `**Pods that are not ready** (${unhealthy.length} of ${snap.pods.length}):\n\n| Pod | Status | Ready | Restarts |\n|---|---|---|---|\n` : `All ${snap.pods.length} pods are ready or completed.\n`;
  out += limited(unhealthy, (p) => `| \`${cell(p.namespace)}/${cell(p.name)}\` | ${cell(p.status)} | ${p.ready} | ${p.restarts} |\n`, 'pods');
  const dark = snap.services.filter((s) => s.type !== 'ExternalName' && !s.endpoints.some((e) => e.ready) && !(s.name === 'kubernetes' && s.namespace === 'default'));
  if (dark.length) out += `\n**Services without ready endpoints:** ${dark.map((s) => `\`${cell(s.namespace)}/${cell(s.name)}\``).join(', ')}\n`;
  // Repeated events are counted, as the API server's event series and `kubectl get events` show them.
  const warnings = new Map<string, { first: number; last: number; count: number; object: string; reason: string; message: string }>();
  for (const e of snap.events) {
    if (e.type !== 'Warning') continue;
    const k = `${e.object}\u0000${e.reason}\u0000${e.message}`;
    const w = warnings.get(k);
    if (w) {
      w.count++;
      w.last = e.time;
    } else warnings.set(k, { first: e.time, last: e.time, count: 1, object: e.object, reason: e.reason, message: e.message });
  }
  if (warnings.size) {
    out += `\n<details><summary>Warning events (${warnings.size})</summary>\n\n| First seen | Count | Object | Reason | Message |\n|---|---|---|---|---|\n`;
    out += limited([...warnings.values()], (e) => `| ${formatSeconds(e.first)} | ${e.count} | ${cell(e.object)} | ${cell(e.reason)} | ${cell(e.message)} |\n`, 'events');
    out += '</details>\n';
  }
  return out;
}
