import { canonicalKind, parseObjectRef, type SimEvent, type SimJob, type SimPod, type SimSnapshot, type SimTimelineEntry, type SimWorkload } from './contract';

/**
 * Lookups over one snapshot, built once per snapshot: events and timeline entries by object, pods
 * and workloads by name, pods by owner. Predictions, manifest locations, the tree and the CodeLens
 * ask these per pod; scanning the whole snapshot for each of 9,000 pods took minutes.
 */
export class SnapshotIndex {
  private readonly events = new Map<string, SimEvent[]>();
  private readonly timeline = new Map<string, SimTimelineEntry[]>();
  private readonly pods = new Map<string, SimPod>();
  private readonly podsByOwner = new Map<string, SimPod[]>();
  private readonly workloads = new Map<string, SimWorkload>();
  private readonly jobs = new Map<string, SimJob>();

  constructor(s: SimSnapshot) {
    for (const e of s.events) push(this.events, refKey(e.object), e);
    for (const e of s.timeline) push(this.timeline, refKey(e.object), e);
    for (const p of s.pods) {
      this.pods.set(`${p.namespace}/${p.name}`, p);
      if (p.owner) push(this.podsByOwner, `${p.namespace}/${refKey(p.owner)}`, p);
    }
    for (const w of s.workloads) this.workloads.set(`${w.kind}/${w.namespace}/${w.name}`, w);
    for (const j of s.jobs) this.jobs.set(`${j.namespace}/${j.name}`, j);
  }

  /** Events about an object, in order; `namespace` filters as refMatches does (an unqualified ref matches any). */
  eventsOf(kind: string, name: string, namespace?: string): SimEvent[] {
    const all = this.events.get(`${canonicalKind(kind)}/${name}`) ?? [];
    if (!namespace) return all;
    return all.filter((e) => {
      const ns = parseObjectRef(e.object).namespace;
      return (!ns || ns === namespace) && (!e.namespace || e.namespace === namespace);
    });
  }

  timelineOf(kind: string, name: string, namespace?: string): SimTimelineEntry[] {
    const all = this.timeline.get(`${canonicalKind(kind)}/${name}`) ?? [];
    return namespace ? all.filter((e) => { const ns = parseObjectRef(e.object).namespace; return !ns || ns === namespace; }) : all;
  }

  pod(namespace: string, name: string): SimPod | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  /** Pods whose controller is `kind/name` in `namespace` */
  podsOwnedBy(kind: string, name: string, namespace: string): SimPod[] {
    return this.podsByOwner.get(`${namespace}/${canonicalKind(kind)}/${name}`) ?? [];
  }

  workload(kind: string, namespace: string, name: string): SimWorkload | undefined {
    return this.workloads.get(`${kind}/${namespace}/${name}`);
  }

  job(namespace: string, name: string): SimJob | undefined {
    return this.jobs.get(`${namespace}/${name}`);
  }
}

const indexes = new WeakMap<SimSnapshot, SnapshotIndex>();

/** The index of a snapshot (built on first use, kept as long as the snapshot). */
export function snapshotIndex(s: SimSnapshot): SnapshotIndex {
  let i = indexes.get(s);
  if (!i) {
    i = new SnapshotIndex(s);
    indexes.set(s, i);
  }
  return i;
}

function refKey(ref: string): string {
  const p = parseObjectRef(ref);
  return `${canonicalKind(p.kind)}/${p.name}`;
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
