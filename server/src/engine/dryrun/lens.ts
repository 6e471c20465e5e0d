import type { ManifestObject } from './locate';
import { canonicalKind, parseObjectRef, type SimSnapshot } from './contract';
import { podHealth } from './podHealth';

/**
 * The CodeLens title above a workload after a dry run: `Dry run: 3/3 Ready` when all is well,
 * else the worst pod status (`Dry run: CrashLoopBackOff`).
 */
export function workloadLensTitle(snapshot: SimSnapshot, o: ManifestObject): string | undefined {
  const pods = snapshot.pods.filter((p) => p.namespace === o.namespace && ownedBy(snapshot, p.owner, p.name, o));
  if (o.kind === 'Pod') {
    const pod = snapshot.pods.find((p) => p.name === o.name && p.namespace === o.namespace);
    return pod ? `Dry run: ${pod.status} ${pod.ready}${pod.restarts ? `, ${pod.restarts} restarts` : ''}` : undefined;
  }
  if (o.kind === 'CronJob' || o.kind === 'Job') {
    const jobs = snapshot.jobs.filter((j) => j.namespace === o.namespace && (j.name === o.name || (j.owner && parseObjectRef(j.owner).name === o.name)));
    if (jobs.length === 0) return o.kind === 'CronJob' ? 'Dry run: no Job yet' : undefined;
    const last = jobs[jobs.length - 1];
    return `Dry run: ${o.kind === 'CronJob' ? `${jobs.length} jobs, last ` : ''}${last.status} ${last.completions}`;
  }
  const wl = snapshot.workloads.find((w) => w.kind === o.kind && w.name === o.name && w.namespace === o.namespace);
  if (!wl) return undefined;
  const failing = pods.filter((p) => podHealth(p, !p.node) === 'failing');
  if (failing.length) {
    const counts = new Map<string, number>();
    for (const p of failing) counts.set(p.status, (counts.get(p.status) ?? 0) + 1);
    const worst = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    return `Dry run: ${worst}${typeof wl.ready === 'string' ? ` (${wl.ready} ready)` : ''}`;
  }
  return `Dry run: ${wl.ready} Ready`;
}

function ownedBy(snapshot: SimSnapshot, owner: string | null | undefined, podName: string, o: ManifestObject): boolean {
  if (!owner) return false;
  const ref = parseObjectRef(owner);
  const kind = canonicalKind(ref.kind);
  if (kind === o.kind) return ref.name === o.name;
  if (kind === 'ReplicaSet' && o.kind === 'Deployment') {
    const rs = snapshot.workloads.find((w) => w.kind === 'ReplicaSet' && w.name === ref.name);
    return rs?.owner ? parseObjectRef(rs.owner).name === o.name : ref.name.startsWith(`${o.name}-`) && !ref.name.slice(o.name!.length + 1).includes('-');
  }
  void podName;
  return false;
}
