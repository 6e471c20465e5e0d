/**
 * The discrete-event queue on the virtual clock, ordered by (time, insertion order), so events at
 * the same virtual time run in the order they were scheduled (deterministic).
 *
 * Events are kept in one FIFO bucket per distinct time, with a binary heap over the distinct
 * times only: a cluster's events bunch on few instants (probe periods of pods started together,
 * controller syncs at `now`), e.g. 71 distinct times for 390k events in the 3,000-pod benchmark,
 * so scheduling and popping are mostly an array push and an index step.
 */
export interface QueuedEvent {
  at: number;
  seq: number;
  run: () => void;
}

interface Bucket {
  events: (QueuedEvent | undefined)[];
  head: number;
}

export class EventQueue {
  private readonly buckets = new Map<number, Bucket>();
  /** Min-heap of the times that have a non-empty bucket. */
  private readonly times: number[] = [];
  private count = 0;
  private seq = 0;
  now = 0;

  get size(): number {
    return this.count;
  }

  schedule(at: number, run: () => void): void {
    // A NaN time would never let the clock move on: the run would spin until the step bound.
    if (Number.isNaN(at)) throw new Error('simulator bug: an event was scheduled at an undefined (NaN) virtual time');
    const t = Math.max(at, this.now);
    let b = this.buckets.get(t);
    if (!b) {
      b = { events: [], head: 0 };
      this.buckets.set(t, b);
      pushTime(this.times, t);
    }
    // seq only grows, so appending keeps each bucket in scheduling order.
    b.events.push({ at: t, seq: this.seq++, run });
    this.count++;
  }

  peekTime(): number | undefined {
    return this.count === 0 ? undefined : this.times[0];
  }

  pop(): QueuedEvent | undefined {
    if (this.count === 0) return undefined;
    const t = this.times[0];
    const b = this.buckets.get(t)!;
    const ev = b.events[b.head]!;
    b.events[b.head++] = undefined;
    if (b.head === b.events.length) {
      this.buckets.delete(t);
      popTime(this.times);
    }
    this.count--;
    return ev;
  }
}

function pushTime(h: number[], t: number): void {
  h.push(t);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p] <= t) break;
    h[i] = h[p];
    i = p;
  }
  h[i] = t;
}

function popTime(h: number[]): void {
  const last = h.pop()!;
  const n = h.length;
  if (n === 0) return;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && h[r] < h[l] ? r : l;
    if (last <= h[c]) break;
    h[i] = h[c];
    i = c;
  }
  h[i] = last;
}
