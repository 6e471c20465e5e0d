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

  /** Indexes `s` at once; without it the index is empty until `filling` has run. */
  constructor(s?: SimSnapshot) {
    if (!s) return;
    const steps = this.filling(s);
    while (!steps.next().done) { /* at once */ }
  }

  /** Fills the index, pausing (yielding) every ENTRIES_PER_SLICE entries. */
  *filling(s: SimSnapshot): Generator<void, void, void> {
    let n = 0;
    const tick = () => ++n % ENTRIES_PER_SLICE === 0;
    for (const e of s.events) {
      push(this.events, refKey(e.object), e);
      if (tick()) yield;
    }
    for (const e of s.timeline) {
      push(this.timeline, refKey(e.object), e);
      if (tick()) yield;
    }
    for (const p of s.pods) {
      this.pods.set(`${p.namespace}/${p.name}`, p);
      if (p.owner) push(this.podsByOwner, `${p.namespace}/${refKey(p.owner)}`, p);
      if (tick()) yield;
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

/**
 * Entries indexed between two pauses of `indexingSnapshot`: 9,000 pods come with about 100,000
 * events and timeline entries, a few hundred milliseconds to index in one go.
 */
const ENTRIES_PER_SLICE = 3000;

const indexes = new WeakMap<SimSnapshot, SnapshotIndex>();

/**
 * Builds the index of a snapshot a slice at a time (the generator pauses between slices so the
 * language server can answer requests meanwhile); `snapshotIndex` then returns it at once.
 */
export function* indexingSnapshot(s: SimSnapshot): Generator<void, SnapshotIndex, void> {
  const known = indexes.get(s);
  if (known) return known;
  const i = new SnapshotIndex();
  yield* i.filling(s);
  indexes.set(s, i);
  return i;
}

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
