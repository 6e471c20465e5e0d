/**
 * client-go flowcontrol.Backoff, per key: the container-restart and image-pull back-off.
 * Times in virtual ms. Entries expire when not updated for more than 2*max.
 */
export class Backoff {
  private readonly entries = new Map<string, { backoff: number; lastUpdate: number }>();
  constructor(private readonly initialMs: number, private readonly maxMs: number) {}

  private expired(e: { lastUpdate: number }, eventTime: number): boolean {
    return eventTime - e.lastUpdate > 2 * this.maxMs;
  }

  /** Next(id, eventTime): starts at initial, else doubles up to max; lastUpdate = now. */
  next(id: string, eventTime: number, now: number): number {
    const e = this.entries.get(id);
    const backoff = !e || this.expired(e, eventTime) ? this.initialMs : Math.min(2 * e.backoff, this.maxMs);
    this.entries.set(id, { backoff, lastUpdate: now });
    return backoff;
  }

  /** IsInBackOffSince(id, eventTime): now - eventTime < backoff (container restarts). */
  inBackOffSince(id: string, eventTime: number, now: number): boolean {
    const e = this.entries.get(id);
    if (!e || this.expired(e, eventTime)) return false;
    return now - eventTime < e.backoff;
  }

  /** IsInBackOffSinceUpdate(id, eventTime): eventTime - lastUpdate < backoff (image pulls). */
  inBackOffSinceUpdate(id: string, eventTime: number): boolean {
    const e = this.entries.get(id);
    if (!e || this.expired(e, eventTime)) return false;
    return eventTime - e.lastUpdate < e.backoff;
  }

  get(id: string): { backoff: number; lastUpdate: number } | undefined {
    return this.entries.get(id);
  }
}

export const CONTAINER_BACKOFF_INITIAL_MS = 10_000;
export const CONTAINER_BACKOFF_MAX_MS = 300_000;
/** Pod-worker requeue after a failed sync (jitter of up to 50% pinned to 0). */
export const WORKER_BACKOFF_MS = 10_000;
/** PLEG relist period: how soon a container state change reaches the pod worker. */
export const PLEG_RELIST_MS = 1_000;
