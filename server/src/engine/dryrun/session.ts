import type { SimSnapshot } from './contract';
import { podHealth } from './podHealth';

/**
 * A dry-run session held by the language server: the manifests, the what-ifs applied on top of
 * them (each at a virtual time), and a simulation positioned at the chosen time. Going back in
 * time rebuilds the simulation and replays the what-ifs: the simulator is deterministic, so the
 * result is the same as if it had been kept.
 */

/** What the session needs from the simulator (server/src/sim), so this file stays testable. */
export interface SimulationHandle {
  /** Current virtual time in seconds */
  readonly time: number;
  runUntil(seconds: number): void;
  snapshot(): SimSnapshot;
  /** A kubectl command line (argv without `kubectl`), applied at the current time. */
  kubectl(argv: string[]): { ok: boolean; output: string };
  /** `kubectl apply` of plain manifest objects at the current time. */
  apply(objects: unknown[]): { ok: boolean; output: string };
  /** Manifests the API server refused at the start (not simulated), with its message. */
  rejected?(): { object: string; message: string }[];
  /** Why the run stopped early (a bound), if it did */
  readonly stoppedBy?: string;
}

export interface SimulationInput {
  /** Plain manifest objects (as parsed from YAML) */
  objects: unknown[];
  seed: number;
  /** Virtual seconds the simulation is computed for */
  horizon: number;
}

export type SimulationFactory = (input: SimulationInput) => SimulationHandle;

export interface WhatIf {
  time: number;
  argv: string[];
  output: string;
  ok: boolean;
}

/** Virtual seconds between checks while looking for a steady state, and how long nothing may change. */
const STEADY_STEP = 10;
const STEADY_QUIET = 60;
/** Scheduled work is yielded between chunks of this many virtual seconds, so requests stay cancellable. */
export const CHUNK_SECONDS = 30;
/** Wall milliseconds a step aims at, and the smallest virtual step. */
const STEP_BUDGET_MS = 40;
const MIN_STEP_SECONDS = 0.5;

export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

export class CancelledError extends Error {
  constructor() {
    super('dry run cancelled');
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Restarts that make a crash loop count as settled: by then its pattern is plain to see. */
const SETTLED_RESTARTS = 3;

/**
 * A fingerprint of what a person sees: pods, READY and health. A crash-looping pod keeps
 * restarting forever, so its restarts count only up to SETTLED_RESTARTS.
 */
export function steadyFingerprint(s: SimSnapshot): string {
  const pods = s.pods.map((p) => `${p.namespace}/${p.name}:${p.ready}:${podHealth(p, !p.node)}:${Math.min(p.restarts, SETTLED_RESTARTS)}`).sort();
  const wl = s.workloads.map((w) => `${w.kind}/${w.name}:${w.ready}:${w.upToDate ?? ''}:${w.available ?? ''}`).sort();
  const jobs = s.jobs.map((j) => `${j.name}:${j.status}`).sort();
  const eps = s.services.map((v) => `${v.name}:${v.endpoints.filter((e) => e.ready).length}`).sort();
  return [...pods, '|', ...wl, '|', ...jobs, '|', ...eps].join('\n');
}

export class DryRunSession {
  private sim: SimulationHandle;
  /** Virtual seconds per step of `advance`, adapted to the wall time a step takes */
  private step = CHUNK_SECONDS;
  private objects: unknown[];
  readonly whatIfs: WhatIf[] = [];
  /** How many what-ifs the current simulation has already had applied (they are in time order). */
  private applied = 0;

  constructor(private readonly factory: SimulationFactory, objects: unknown[], readonly seed = 1, readonly horizon = 3600) {
    this.objects = objects;
    this.sim = factory({ objects, seed, horizon });
  }

  get time(): number {
    return this.sim.time;
  }

  get stoppedBy(): string | undefined {
    return this.sim.stoppedBy;
  }

  /** The cluster differs from the files once a what-if has been applied. */
  get diverged(): boolean {
    return this.applied > 0;
  }

  snapshot(): SimSnapshot {
    return this.sim.snapshot();
  }

  /** Manifests that were not simulated because the API server would reject them. */
  rejected(): { object: string; message: string }[] {
    return this.sim.rejected?.() ?? [];
  }

  /** Moves to virtual time `t` (rebuilding and replaying when `t` is in the past). */
  async seek(t: number, token?: Cancellation): Promise<void> {
    const target = Math.max(0, Math.min(t, this.horizon));
    if (target < this.sim.time) this.rebuild();
    // Replay the what-ifs this simulation has not seen yet, each at its time.
    while (this.applied < this.whatIfs.length && this.whatIfs[this.applied].time <= target) {
      const w = this.whatIfs[this.applied];
      await this.advance(w.time, token);
      this.sim.kubectl(w.argv);
      this.applied++;
    }
    await this.advance(target, token);
  }

  /** Runs forward until what a person sees stops changing for a minute, bounded by `limit` seconds from now. */
  async runToSteady(limit = 900, token?: Cancellation): Promise<void> {
    const end = Math.min(this.horizon, this.sim.time + limit);
    let last = steadyFingerprint(this.sim.snapshot());
    let quietSince = this.sim.time;
    while (this.sim.time < end && !this.sim.stoppedBy) {
      await this.advance(Math.min(end, this.sim.time + STEADY_STEP), token);
      const fp = steadyFingerprint(this.sim.snapshot());
      if (fp !== last) {
        last = fp;
        quietSince = this.sim.time;
      } else if (this.sim.time - quietSince >= STEADY_QUIET) {
        // Report the moment things settled, not the end of the quiet minute.
        await this.seek(quietSince, token);
        return;
      }
    }
  }

  /** Applies a what-if (kubectl argv) at the current virtual time. Failed commands are not recorded. */
  whatIf(argv: string[]): WhatIf {
    // A what-if in the past starts a new history: later ones no longer apply.
    this.whatIfs.length = this.applied;
    const r = this.sim.kubectl(argv);
    const w: WhatIf = { time: this.sim.time, argv, output: r.output, ok: r.ok };
    if (r.ok) {
      this.whatIfs.push(w);
      this.applied = this.whatIfs.length;
    }
    return w;
  }

  /** Runs a kubectl command that only looks (get, describe, logs): nothing is recorded. */
  inspect(argv: string[]): { ok: boolean; output: string } {
    return this.sim.kubectl(argv);
  }

  /** Applies manifests at the current time (the rollout preview's working tree). Not a what-if: it is the files. */
  apply(objects: unknown[]): { ok: boolean; output: string } {
    return this.sim.apply(objects);
  }

  /** Back to the files: no what-ifs, time 0 (optionally with new manifests). */
  reset(objects?: unknown[]): void {
    if (objects) this.objects = objects;
    this.whatIfs.length = 0;
    this.rebuild();
  }

  private rebuild(): void {
    this.applied = 0;
    this.sim = this.factory({ objects: this.objects, seed: this.seed, horizon: this.horizon });
  }

  /**
   * Runs to `target` in steps that each take about STEP_BUDGET_MS of wall time (a large cluster
   * gets smaller virtual steps), yielding between them: a cancellation stops the run within a step,
   * and the language server answers other requests meanwhile.
   */
  private async advance(target: number, token?: Cancellation): Promise<void> {
    while (this.sim.time < target && !this.sim.stoppedBy) {
      if (token?.isCancellationRequested) throw new CancelledError();
      const started = Date.now();
      this.sim.runUntil(Math.min(target, this.sim.time + this.step));
      const took = Date.now() - started;
      if (took > STEP_BUDGET_MS) this.step = Math.max(MIN_STEP_SECONDS, this.step / 2);
      else if (took < STEP_BUDGET_MS / 4) this.step = Math.min(CHUNK_SECONDS, this.step * 2);
      await yieldToEventLoop();
    }
  }
}
