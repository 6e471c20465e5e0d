import { canonicalKind, parseObjectRef, type SimSnapshot } from '../../../server/src/engine/dryrun/contract';
import { statusHealth, type Health } from '../../../server/src/engine/dryrun/podHealth';

/**
 * The timeline as plain data: one bar per pod (status segments over time, restart marks, probe
 * failures) and, per Deployment, the pod count of each ReplicaSet over time. Pure: the webview
 * only draws it.
 */

export interface Segment {
  start: number;
  end: number;
  status: string;
  health: Health;
}

export interface PodBar {
  /** `namespace/name` */
  key: string;
  name: string;
  namespace: string;
  /** Deployment, set or Job the pod belongs to (for grouping), or '' for bare pods */
  group: string;
  replicaSet?: string;
  segments: Segment[];
  restarts: number[];
  probeFailures: { time: number; message: string }[];
  events: { time: number; type: string; reason: string; message: string }[];
  /** Still exists at the snapshot time */
  present: boolean;
}

export interface ReplicaSetSeries {
  name: string;
  revision?: string;
  /** Step function: count from `time` until the next point */
  points: { time: number; count: number }[];
}

export interface DeploymentSeries {
  deployment: string;
  namespace: string;
  replicaSets: ReplicaSetSeries[];
}

export interface TimelineModel {
  end: number;
  bars: PodBar[];
  deployments: DeploymentSeries[];
}

const GONE = /^(Deleted|Gone|Removed)$/;

export function buildTimeline(s: SimSnapshot): TimelineModel {
  const bars = new Map<string, PodBar>();
  const rsOfDeployment = new Map<string, string>();
  for (const w of s.workloads) {
    if (w.kind === 'ReplicaSet' && w.owner) rsOfDeployment.set(`${w.namespace}/${w.name}`, parseObjectRef(w.owner).name);
  }
  const deployments = s.workloads.filter((w) => w.kind === 'Deployment');
  const deploymentForRs = (ns: string, rs: string): string | undefined =>
    rsOfDeployment.get(`${ns}/${rs}`) ?? deployments.filter((d) => d.namespace === ns && rs.startsWith(`${d.name}-`)).sort((a, b) => b.name.length - a.name.length)[0]?.name;

  const bar = (namespace: string, name: string): PodBar => {
    const key = `${namespace}/${name}`;
    let b = bars.get(key);
    if (!b) {
      const pod = s.pods.find((p) => p.namespace === namespace && p.name === name);
      let owner = pod?.owner ? parseObjectRef(pod.owner) : undefined;
      if (!owner) {
        // A pod that is gone: `<replicaset>-<5 chars>` names tell the ReplicaSet.
        const m = /^(.*)-[bcdfghjklmnpqrstvwxz2456789]{5}$/.exec(name);
        if (m && deploymentForRs(namespace, m[1])) owner = { kind: 'ReplicaSet', name: m[1] };
      }
      const ownerKind = owner ? canonicalKind(owner.kind) : '';
      const replicaSet = ownerKind === 'ReplicaSet' ? owner!.name : undefined;
      const group = replicaSet ? (deploymentForRs(namespace, replicaSet) ?? replicaSet) : owner?.name ?? '';
      b = { key, name, namespace, group, replicaSet, segments: [], restarts: [], probeFailures: [], events: [], present: !!pod };
      bars.set(key, b);
    }
    return b;
  };

  const entries = [...s.timeline].filter((e) => canonicalKind(parseObjectRef(e.object).kind) === 'Pod').sort((a, b) => a.time - b.time);
  for (const e of entries) {
    const ref = parseObjectRef(e.object);
    const b = bar(e.namespace ?? ref.namespace ?? 'default', ref.name);
    const last = b.segments[b.segments.length - 1];
    if (last) last.end = e.time;
    if (GONE.test(e.status)) continue;
    // The simulator records what `kubectl get pods -w` prints: `Running 1/1`, `CrashLoopBackOff 0/1`.
    const m = /^(.*\S)\s+(\d+\/\d+)$/.exec(e.status);
    const status = m ? m[1] : e.status;
    const ready = m ? m[2] : undefined;
    const label = ready ? `${status} ${ready}` : status;
    if (last && last.status === label && last.end === e.time) {
      last.end = s.time;
      continue;
    }
    b.segments.push({ start: e.time, end: s.time, status: label, health: statusHealth(status, ready) });
  }
  for (const p of s.pods) {
    const b = bar(p.namespace, p.name);
    const last = b.segments[b.segments.length - 1];
    if (!last) b.segments.push({ start: 0, end: s.time, status: p.status, health: statusHealth(p.status, p.ready) });
    else if (last.status === 'Running') last.health = statusHealth('Running', p.ready);
    else if (!last.status.includes(' ') && last.status === p.status) last.health = statusHealth(p.status, p.ready);
  }

  for (const e of s.events) {
    const ref = parseObjectRef(e.object);
    if (canonicalKind(ref.kind) !== 'Pod') continue;
    const b = bars.get(`${e.namespace ?? ref.namespace ?? 'default'}/${ref.name}`) ?? bar(e.namespace ?? ref.namespace ?? 'default', ref.name);
    b.events.push({ time: e.time, type: e.type, reason: e.reason, message: e.message });
    if (e.reason === 'Unhealthy') b.probeFailures.push({ time: e.time, message: e.message });
  }
  for (const b of bars.values()) {
    // Every `Started` after the first one of a container is a restart.
    const seen = new Set<string>();
    for (const e of b.events) {
      if (e.reason !== 'Started') continue;
      const c = /container (\S+)/.exec(e.message)?.[1] ?? '';
      if (seen.has(c)) b.restarts.push(e.time);
      seen.add(c);
    }
    // A bar of a pod that is gone ends with its last sign of life.
    if (!b.present && b.segments.length) {
      const last = b.segments[b.segments.length - 1];
      const lastSign = Math.max(last.start, ...b.events.map((e) => e.time));
      if (last.end === s.time) last.end = Math.min(s.time, lastSign === last.start ? last.start + 1 : lastSign);
    }
  }

  const ordered = [...bars.values()].sort((a, b) => a.group.localeCompare(b.group) || (a.segments[0]?.start ?? 0) - (b.segments[0]?.start ?? 0) || a.name.localeCompare(b.name));

  const series: DeploymentSeries[] = deployments.map((d) => {
    const rsNames = new Set<string>();
    for (const w of s.workloads) if (w.kind === 'ReplicaSet' && w.namespace === d.namespace && deploymentForRs(d.namespace, w.name) === d.name) rsNames.add(w.name);
    for (const b of ordered) if (b.namespace === d.namespace && b.group === d.name && b.replicaSet) rsNames.add(b.replicaSet);
    const replicaSets = [...rsNames].map((rs): ReplicaSetSeries => {
      const pods = ordered.filter((b) => b.replicaSet === rs && b.namespace === d.namespace);
      const times = [...new Set([0, ...pods.flatMap((b) => b.segments.flatMap((g) => [g.start, g.end]))])].filter((t) => t === 0 || t < s.time).sort((a, b) => a - b);
      const points: { time: number; count: number }[] = [];
      for (const t of times) {
        const count = pods.filter((b) => b.segments.some((g) => g.start <= t && t < g.end && !g.status.startsWith('Terminating'))).length;
        if (points.length === 0 || points[points.length - 1].count !== count) points.push({ time: t, count });
      }
      const revision = s.workloads.find((w) => w.kind === 'ReplicaSet' && w.name === rs)?.revision;
      return { name: rs, revision: revision === undefined ? undefined : String(revision), points };
    }).sort((a, b) => Number(a.revision ?? 0) - Number(b.revision ?? 0));
    return { deployment: d.name, namespace: d.namespace, replicaSets };
  });

  return { end: s.time, bars: ordered, deployments: series };
}

/**
 * `namespace/name` of the pods an object made (a Deployment's through its ReplicaSets, a CronJob's
 * through its Jobs), or of the pod itself: the timeline rows a CodeLens reveals.
 */
export function podsOf(s: SimSnapshot, o: { kind: string; namespace: string; name: string }): string[] {
  const ns = o.namespace || 'default';
  const owners = new Set<string>([`${o.kind}/${o.name}`]);
  // Owners two levels down at most: Deployment -> ReplicaSet, CronJob -> Job.
  for (let depth = 0; depth < 2; depth++) {
    for (const w of s.workloads) if (w.namespace === ns && w.owner && owners.has(ownerKey(w.owner))) owners.add(`${w.kind}/${w.name}`);
    for (const j of s.jobs) if (j.namespace === ns && j.owner && owners.has(ownerKey(j.owner))) owners.add(`Job/${j.name}`);
  }
  return s.pods.filter((p) => p.namespace === ns && ((o.kind === 'Pod' && p.name === o.name) || (p.owner && owners.has(ownerKey(p.owner))))).map((p) => `${p.namespace}/${p.name}`);
}

function ownerKey(ref: string): string {
  const p = parseObjectRef(ref);
  return `${canonicalKind(p.kind)}/${p.name}`;
}
