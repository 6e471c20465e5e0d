import { canonicalKind, parseObjectRef, type SimSnapshot } from '../../../server/src/engine/dryrun/contract';
import { statusHealth, type Health } from '../../../server/src/engine/dryrun/podHealth';
import { snapshotIndex } from '../../../server/src/engine/dryrun/snapshotIndex';

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
  /** For a row that stands for a group of pods: their keys */
  pods?: string[];
  /** A group row the user opened: its pods' rows follow it */
  expanded?: boolean;
  /** A pod row (or the "more" row) shown under an opened group row: that row's key */
  parent?: string;
  /** A "more" row: how many pods of the opened group are not shown yet */
  more?: number;
}

export interface TimelineOptions {
  /** Group rows the user opened (aggregated timelines): group key -> how many of its pods to show. */
  expanded?: ReadonlyMap<string, number>;
}

/** Pods an opened group row shows at first, and how many more each "more" row adds. */
export const GROUP_PAGE = 100;

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
  /** One bar per pod, or per group of pods when there are too many (`aggregated`) */
  bars: PodBar[];
  deployments: DeploymentSeries[];
  /** Deployments without a chart (only the first MAX_SERIES are drawn, rollouts first) */
  omittedDeployments?: number;
  /** Pods in the snapshot's history */
  pods?: number;
  aggregated?: boolean;
}

const GONE = /^(Deleted|Gone|Removed)$/;

export function buildTimeline(s: SimSnapshot, options: TimelineOptions = {}): TimelineModel {
  const bars = new Map<string, PodBar>();
  const rsOfDeployment = new Map<string, string>();
  for (const w of s.workloads) {
    if (w.kind === 'ReplicaSet' && w.owner) rsOfDeployment.set(`${w.namespace}/${w.name}`, parseObjectRef(w.owner).name);
  }
  const deployments = s.workloads.filter((w) => w.kind === 'Deployment');
  const deploymentNames = new Set(deployments.map((d) => `${d.namespace}/${d.name}`));
  // Per ReplicaSet name, computed once: a scan of every Deployment per pod is quadratic.
  const rsCache = new Map<string, string | undefined>();
  const deploymentForRs = (ns: string, rs: string): string | undefined => {
    const k = `${ns}/${rs}`;
    if (rsCache.has(k)) return rsCache.get(k);
    const direct = /^(.+)-[a-z0-9]+$/.exec(rs)?.[1];
    const found = rsOfDeployment.get(k)
      ?? (direct && deploymentNames.has(`${ns}/${direct}`) ? direct : undefined)
      ?? deployments.filter((d) => d.namespace === ns && rs.startsWith(`${d.name}-`)).sort((a, b) => b.name.length - a.name.length)[0]?.name;
    rsCache.set(k, found);
    return found;
  };

  const bar = (namespace: string, name: string): PodBar => {
    const key = `${namespace}/${name}`;
    let b = bars.get(key);
    if (!b) {
      const pod = snapshotIndex(s).pod(namespace, name);
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

  // Pod bars by ReplicaSet and ReplicaSets by Deployment, in one pass each (per-Deployment scans are quadratic).
  const barsByRs = new Map<string, PodBar[]>();
  for (const b of ordered) if (b.replicaSet) push(barsByRs, `${b.namespace}/${b.replicaSet}`, b);
  const rsByDeployment = new Map<string, Set<string>>();
  const revisions = new Map<string, string | number | undefined>();
  for (const w of s.workloads) {
    if (w.kind !== 'ReplicaSet') continue;
    revisions.set(`${w.namespace}/${w.name}`, w.revision ?? undefined);
    const d = deploymentForRs(w.namespace, w.name);
    if (d) addTo(rsByDeployment, `${w.namespace}/${d}`, w.name);
  }
  for (const b of ordered) if (b.replicaSet && b.group) addTo(rsByDeployment, `${b.namespace}/${b.group}`, b.replicaSet);
  // Charts of rollouts (two ReplicaSets or more) first; a few thousand Deployments get a chart each only up to a bound.
  const charted = [...deployments].sort((a, b) => (rsByDeployment.get(`${b.namespace}/${b.name}`)?.size ?? 0) - (rsByDeployment.get(`${a.namespace}/${a.name}`)?.size ?? 0)).slice(0, MAX_SERIES);
  const series: DeploymentSeries[] = charted.map((d) => {
    const rsNames = rsByDeployment.get(`${d.namespace}/${d.name}`) ?? new Set<string>();
    const replicaSets = [...rsNames].map((rs): ReplicaSetSeries => {
      const pods = barsByRs.get(`${d.namespace}/${rs}`) ?? [];
      const times = [...new Set([0, ...pods.flatMap((b) => b.segments.flatMap((g) => [g.start, g.end]))])].filter((t) => t === 0 || t < s.time).sort((a, b) => a - b);
      const points: { time: number; count: number }[] = [];
      for (const t of times) {
        const count = pods.filter((b) => b.segments.some((g) => g.start <= t && t < g.end && !g.status.startsWith('Terminating'))).length;
        if (points.length === 0 || points[points.length - 1].count !== count) points.push({ time: t, count });
      }
      const revision = revisions.get(`${d.namespace}/${rs}`);
      return { name: rs, revision: revision === undefined ? undefined : String(revision), points };
    }).sort((a, b) => Number(a.revision ?? 0) - Number(b.revision ?? 0));
    return { deployment: d.name, namespace: d.namespace, replicaSets };
  }).sort((a, b) => deployments.findIndex((d) => d.name === a.deployment && d.namespace === a.namespace) - deployments.findIndex((d) => d.name === b.deployment && d.namespace === b.namespace));

  const aggregated = ordered.length > MAX_POD_BARS;
  return { end: s.time, bars: aggregated ? expandGroups(aggregateBars(ordered, s.time), ordered, options.expanded) : ordered, deployments: series, omittedDeployments: deployments.length - series.length, pods: ordered.length, aggregated };
}

/** More pod rows than a person reads: one row per group (Deployment, set, Job) with the pods' worst health over time. */
const MAX_POD_BARS = 300;
/** ReplicaSet charts drawn at most */
const MAX_SERIES = 20;

const HEALTH_RANK: Record<Health, number> = { failing: 0, progressing: 1, ok: 2, completed: 3 };

/**
 * One bar per group: at each moment, the worst health among its pods, labelled with how many pods
 * are in each state (`3 pods: 2 running and ready, 1 failing`), with the restarts, probe failures
 * and events its hovers show (the pods' own rows, when opened, have all of theirs).
 */
export function aggregateBars(bars: readonly PodBar[], end: number): PodBar[] {
  const groups = new Map<string, PodBar[]>();
  for (const b of bars) push(groups, `${b.namespace}/${b.group || b.name}`, b);
  const out: PodBar[] = [];
  for (const [key, members] of groups) {
    const times = [...new Set(members.flatMap((b) => b.segments.flatMap((g) => [g.start, g.end])))].filter((t) => t < end).sort((a, b) => a - b);
    const segments: Segment[] = [];
    for (let i = 0; i < times.length; i++) {
      const t = times[i];
      const next = times[i + 1] ?? end;
      const counts = new Map<Health, number>();
      for (const b of members) {
        const g = b.segments.find((x) => x.start <= t && t < x.end);
        if (g) counts.set(g.health, (counts.get(g.health) ?? 0) + 1);
      }
      if (counts.size === 0) continue;
      const health = [...counts.keys()].sort((a, b) => HEALTH_RANK[a] - HEALTH_RANK[b])[0];
      const n = [...counts.values()].reduce((a, b) => a + b, 0);
      const status = `${n} ${n === 1 ? 'pod' : 'pods'}: ${[...counts.entries()].sort((a, b) => HEALTH_RANK[a[0]] - HEALTH_RANK[b[0]]).map(([h, c]) => `${c} ${h}`).join(', ')}`;
      const last = segments[segments.length - 1];
      if (last && last.status === status && last.end === t) last.end = next;
      else segments.push({ start: t, end: next, status, health });
    }
    const first = members[0];
    out.push({
      key, name: `${first.group || first.name} (${members.length} ${members.length === 1 ? 'pod' : 'pods'})`, namespace: first.namespace, group: '',
      segments,
      // What the row draws, once: a restart or probe-failure mark at the same moment is one mark,
      // and only the events a segment's hover lists (9,000 pods' events were megabytes posted to
      // the webview for rows that show a few of them).
      restarts: [...new Set(members.flatMap((b) => b.restarts))].sort((a, b) => a - b),
      probeFailures: uniqueBy(members.flatMap((b) => b.probeFailures), (p) => `${p.time}\u0000${p.message}`),
      events: hoverEvents(members.flatMap((b) => b.events).sort((a, b) => a.time - b.time), segments), present: members.some((b) => b.present), pods: members.map((b) => b.key),
    });
  }
  return out;
}

/**
 * The opened group rows followed by their pods' own rows (the first `expanded.get(key)` of them, in
 * the timeline's order) and, when some are left, a row saying how many more there are.
 */
export function expandGroups(groups: readonly PodBar[], podBars: readonly PodBar[], expanded: ReadonlyMap<string, number> | undefined): PodBar[] {
  if (!expanded?.size) return [...groups];
  const byKey = new Map(podBars.map((b) => [b.key, b]));
  const out: PodBar[] = [];
  for (const g of groups) {
    const shown = expanded.get(g.key);
    if (shown === undefined || !g.pods) {
      out.push(g);
      continue;
    }
    out.push({ ...g, expanded: true });
    const members = g.pods.slice(0, Math.max(0, shown));
    for (const k of members) {
      const b = byKey.get(k);
      if (b) out.push({ ...b, parent: g.key });
    }
    const left = g.pods.length - members.length;
    if (left > 0) out.push({ key: `${g.key}\u0000more`, name: `${g.key}: ${left} more`, namespace: g.namespace, group: '', segments: [], restarts: [], probeFailures: [], events: [], present: true, parent: g.key, more: left });
  }
  return out;
}

/** Events a segment's hover lists at most: its last ones (timelineHtml.ts). */
export const HOVER_EVENTS = 6;

/** Of events in time order, those some segment's hover lists: the last HOVER_EVENTS within each segment (ends included). */
export function hoverEvents<E extends { time: number }>(events: readonly E[], segments: readonly Segment[]): E[] {
  const keep = new Set<E>();
  for (const s of segments) {
    let taken = 0;
    for (let i = events.length - 1; i >= 0 && taken < HOVER_EVENTS; i--) {
      const e = events[i];
      if (e.time > s.end) continue;
      if (e.time < s.start) break;
      keep.add(e);
      taken++;
    }
  }
  return events.filter((e) => keep.has(e));
}

function uniqueBy<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function addTo(m: Map<string, Set<string>>, k: string, v: string): void {
  const set = m.get(k);
  if (set) set.add(v);
  else m.set(k, new Set([v]));
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
    // The snapshot may leave a ReplicaSet's or Job's owner out: then `<deployment>-<hash>`, `<cronjob>-<n>`, as the tree reads them.
    for (const w of s.workloads) {
      if (w.namespace !== ns) continue;
      if (w.owner ? owners.has(ownerKey(w.owner)) : w.kind === 'ReplicaSet' && o.kind === 'Deployment' && new RegExp(`^${escape(o.name)}-[a-z0-9]+$`).test(w.name)) owners.add(`${w.kind}/${w.name}`);
    }
    for (const j of s.jobs) {
      if (j.namespace !== ns) continue;
      if (j.owner ? owners.has(ownerKey(j.owner)) : o.kind === 'CronJob' && new RegExp(`^${escape(o.name)}-\\d+$`).test(j.name)) owners.add(`Job/${j.name}`);
    }
  }
  return s.pods.filter((p) => p.namespace === ns && ((o.kind === 'Pod' && p.name === o.name) || (p.owner && owners.has(ownerKey(p.owner))))).map((p) => `${p.namespace}/${p.name}`);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function ownerKey(ref: string): string {
  const p = parseObjectRef(ref);
  return `${canonicalKind(p.kind)}/${p.name}`;
}
