import type { Simulation } from '../../sim/index';
import type { SimSnapshot } from './contract';
import { podHealth } from './podHealth';
import { giveWay } from '../giveWay';

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
  /**
   * Runs to virtual time `seconds`. With `deadline` (wall clock, `Date.now()`) it may stop short
   * once the deadline passed and return false; calling again continues the same run.
   */
  runUntil(seconds: number, deadline?: number): boolean | void;
  snapshot(): SimSnapshot;
  /** The same snapshot, made in slices (it pauses between them; the run must not move meanwhile). */
  snapshotSlices?(): Generator<void, SimSnapshot, void>;
  /** A kubectl command line (argv without `kubectl`), applied at the current time. */
  kubectl(argv: string[]): { ok: boolean; output: string };
  /** `kubectl apply` of plain manifest objects at the current time. */
  apply(objects: unknown[]): { ok: boolean; output: string };
  /** Manifests the API server refused at the start (not simulated), with its message. */
  rejected?(): { object: string; message: string }[];
  /** Why the run stopped early (a bound), if it did */
  readonly stoppedBy?: string;
  /** The simulation itself, with its manifests applied (what `serve` puts behind the Kubernetes API). */
  simulation?(): Simulation;
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
  /** How the views list it, when it is not `kubectl <argv>` (a request to the served API). */
  label?: string;
  /** Applies it again to a rebuilt simulation, when it is not a kubectl command line. */
  replay?: (sim: SimulationHandle) => void;
}

/** Virtual seconds between checks while looking for a steady state, and how long nothing may change. */
const STEADY_STEP = 10;
const STEADY_QUIET = 60;
/**
 * Wall milliseconds of simulation between two yields to the event loop: the language server
 * answers completion, hover and diagnostics in between (giveWay lets them go first, so a request
 * waits for the rest of one slice at most), and a cancellation stops the run within it.
 */
export const STEP_BUDGET_MS = 10;

export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

/** Told the virtual time reached, after each slice of a run. */
export type ProgressReport = (virtualSeconds: number) => void;

export class CancelledError extends Error {
  constructor() {
    super('dry run cancelled');
  }
}


/** Restarts that make a crash loop count as settled: by then its pattern is plain to see. */
const SETTLED_RESTARTS = 3;

/**
 * A fingerprint of what a person sees: pods, READY and health. A crash-looping pod keeps
 * restarting forever, so its restarts count only up to SETTLED_RESTARTS.
 */
export function steadyFingerprint(s: SimSnapshot): string {
  const steps = fingerprinting(s);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Pods or workloads described between two pauses of `fingerprinting`. */
const FINGERPRINT_SLICE = 1000;

/** The same, a slice at a time: the generator pauses (yields) so a run can hand the event loop back. */
export function* fingerprinting(s: SimSnapshot): Generator<void, string, void> {
  const pods: string[] = [];
  for (const p of s.pods) {
    if (pods.length % FINGERPRINT_SLICE === FINGERPRINT_SLICE - 1) yield;
    pods.push(`${p.namespace}/${p.name}:${p.ready}:${podHealth(p, !p.node)}:${Math.min(p.restarts, SETTLED_RESTARTS)}`);
  }
  const wl: string[] = [];
  for (const w of s.workloads) {
    if (wl.length % FINGERPRINT_SLICE === FINGERPRINT_SLICE - 1) yield;
    wl.push(`${w.kind}/${w.name}:${w.ready}:${w.upToDate ?? ''}:${w.available ?? ''}`);
  }
  pods.sort();
  yield;
  wl.sort();
  const jobs = s.jobs.map((j) => `${j.name}:${j.status}`).sort();
  const eps = s.services.map((v) => `${v.name}:${v.endpoints.filter((e) => e.ready).length}`).sort();
  return [...pods, '|', ...wl, '|', ...jobs, '|', ...eps].join('\n');
}

export class DryRunSession {
  private sim: SimulationHandle;
  /**
   * After runToSteady: the moment the cluster settled and what it looked like then, while the
   * simulation itself stands a quiet minute later. Going back to that moment would mean running
   * the whole simulation again, so it is done only when something needs the cluster at that time
   * (a what-if, kubectl, an earlier time); looking at it and moving forward never need it.
   */
  private settled?: { time: number; snapshot: SimSnapshot };
  private objects: unknown[];
  readonly whatIfs: WhatIf[] = [];
  /** How many what-ifs the current simulation has already had applied (they are in time order). */
  private applied = 0;
  /** Runs in progress (seek, run to steady, snapshots in slices): the simulation is between two slices. */
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  /** The latest time the controls may go to: the horizon, or further once a running clock passed it. */
  private maxTime: number;
  private moves = 0;

  constructor(private readonly factory: SimulationFactory, objects: unknown[], readonly seed = 1, readonly horizon = 3600) {
    this.objects = objects;
    this.maxTime = horizon;
    this.sim = factory({ objects, seed, horizon });
  }

  /**
   * Counts everything that may move or change the simulation (runs, seeks, ticks, what-ifs, served
   * writes, applies, resets): while it stands still, the session is where its last run left it
   * (the language server reuses such a session for a run of the same inputs, runInputs.ts).
   */
  get changes(): number {
    return this.moves;
  }

  /** A run is in progress: the simulation must not be moved or changed by anyone else until it ends. */
  get busy(): boolean {
    return this.running > 0;
  }

  /** Resolves once no run is in progress. */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.moves++;
    this.running++;
    try {
      return await fn();
    } finally {
      if (--this.running === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /** The session shows a settled moment while its simulation stands a minute later (see materialize). */
  get standsAhead(): boolean {
    return !!this.settled;
  }

  /**
   * The simulation at the time shown, for serving it over the Kubernetes API; undefined while the
   * session shows a settled moment it stands ahead of (materialize first) or while a run is in progress.
   */
  live(): Simulation | undefined {
    if (this.settled || this.busy) return undefined;
    // Whoever holds the simulation may change it.
    this.moves++;
    return this.sim.simulation?.();
  }

  /**
   * Lets `seconds` of virtual time pass at once, as a running clock does (serve's ticks: a second
   * or so each). The time controls may then go past the horizon.
   */
  tick(seconds: number): void {
    if (seconds <= 0 || this.settled || this.busy || this.sim.stoppedBy) return;
    this.moves++;
    this.sim.runUntil(this.sim.time + seconds);
    this.maxTime = Math.max(this.maxTime, this.sim.time + this.horizon);
  }

  /**
   * Records a change already made to the simulation at its current time (a request to the served
   * API), so that going back in time and forward again replays it like a kubectl what-if.
   */
  record(label: string, replay: (sim: SimulationHandle) => void): void {
    if (this.settled) throw new Error('the session is not at the time shown: materialize it first');
    this.moves++;
    this.whatIfs.length = this.applied;
    this.whatIfs.push({ time: this.sim.time, argv: [], output: '', ok: true, label, replay });
    this.applied = this.whatIfs.length;
  }

  get time(): number {
    return this.settled?.time ?? this.sim.time;
  }

  get stoppedBy(): string | undefined {
    return this.sim.stoppedBy;
  }

  /** The cluster differs from the files once a what-if has been applied. */
  get diverged(): boolean {
    return this.applied > 0;
  }

  snapshot(): SimSnapshot {
    return this.settled?.snapshot ?? this.sim.snapshot();
  }

  /** The same, made in slices that hand the event loop back (thousands of pods take a while). */
  async snapshotInSlices(token?: Cancellation): Promise<SimSnapshot> {
    if (this.settled) return this.settled.snapshot;
    return this.exclusive(() => this.snapshotSteps(token));
  }

  private async snapshotSteps(token?: Cancellation): Promise<SimSnapshot> {
    const steps = this.sim.snapshotSlices?.();
    if (!steps) return this.sim.snapshot();
    return this.drain(steps, token);
  }

  /** Runs a generator of work slices to its end, handing the event loop back between slices. */
  private async drain<T>(steps: Generator<void, T, void>, token?: Cancellation): Promise<T> {
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      await giveWay();
      if (token?.isCancellationRequested) throw new CancelledError();
    }
  }

  /** Manifests that were not simulated because the API server would reject them. */
  rejected(): { object: string; message: string }[] {
    return this.sim.rejected?.() ?? [];
  }

  /** Moves to virtual time `t` (rebuilding and replaying when `t` is in the past). */
  seek(t: number, token?: Cancellation, progress?: ProgressReport): Promise<void> {
    return this.exclusive(() => this.seekSteps(t, token, progress));
  }

  private async seekSteps(t: number, token?: Cancellation, progress?: ProgressReport): Promise<void> {
    const target = Math.max(0, Math.min(t, this.maxTime));
    // From a settled moment, a time the simulation has not passed is simply ahead of it.
    this.settled = undefined;
    if (target < this.sim.time) this.rebuild();
    // Replay the what-ifs this simulation has not seen yet, each at its time.
    while (this.applied < this.whatIfs.length && this.whatIfs[this.applied].time <= target) {
      const w = this.whatIfs[this.applied];
      await this.advance(w.time, token, progress);
      this.replay(w);
      this.applied++;
    }
    await this.advance(target, token, progress);
  }

  /**
   * Puts the simulation itself at the time shown (after runToSteady it stands a minute later),
   * in slices like any run; what-ifs, kubectl and apply need it there.
   */
  async materialize(token?: Cancellation, progress?: ProgressReport): Promise<void> {
    if (this.settled) await this.seek(this.settled.time, token, progress);
  }

  /** The same, at once (for callers that cannot wait). */
  private materializeNow(): void {
    this.moves++;
    if (!this.settled) return;
    const t = this.settled.time;
    this.settled = undefined;
    this.rebuild();
    while (this.applied < this.whatIfs.length && this.whatIfs[this.applied].time <= t) {
      const w = this.whatIfs[this.applied];
      this.sim.runUntil(w.time);
      this.replay(w);
      this.applied++;
    }
    this.sim.runUntil(t);
  }

  /** Runs forward until what a person sees stops changing for a minute, bounded by `limit` seconds from now. */
  runToSteady(limit = 900, token?: Cancellation, progress?: ProgressReport): Promise<void> {
    return this.exclusive(() => this.steadySteps(limit, token, progress));
  }

  private async steadySteps(limit: number, token?: Cancellation, progress?: ProgressReport): Promise<void> {
    // Already settled: a quiet minute has been seen after the moment shown.
    if (this.settled) return;
    const end = Math.min(this.maxTime, this.sim.time + limit);
    // A new run applies its manifests in its first slices: done before the first look.
    await this.advance(this.sim.time, token, progress);
    let seen = await this.snapshotInSlices(token);
    let last = await this.drain(fingerprinting(seen), token);
    let quietSince = this.sim.time;
    while (this.sim.time < end && !this.sim.stoppedBy) {
      await this.advance(Math.min(end, this.sim.time + STEADY_STEP), token, progress);
      const snap = await this.snapshotInSlices(token);
      const fp = await this.drain(fingerprinting(snap), token);
      if (fp !== last) {
        last = fp;
        seen = snap;
        quietSince = this.sim.time;
      } else if (this.sim.time - quietSince >= STEADY_QUIET) {
        // Report the moment things settled, not the end of the quiet minute (its snapshot was
        // taken on the way; the simulation goes back there only when something needs it).
        if (quietSince < this.sim.time) this.settled = { time: quietSince, snapshot: seen };
        return;
      }
      await giveWay();
    }
  }

  /** Applies a what-if (kubectl argv) at the current virtual time. Failed commands are not recorded. */
  whatIf(argv: string[]): WhatIf {
    this.materializeNow();
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
    this.materializeNow();
    return this.sim.kubectl(argv);
  }

  /** Applies manifests at the current time (the rollout preview's working tree). Not a what-if: it is the files. */
  apply(objects: unknown[]): { ok: boolean; output: string } {
    this.materializeNow();
    return this.sim.apply(objects);
  }

  private replay(w: WhatIf): void {
    if (w.replay) w.replay(this.sim);
    else this.sim.kubectl(w.argv);
  }

  /** Back to the files: no what-ifs, time 0 (optionally with new manifests). */
  reset(objects?: unknown[]): void {
    this.moves++;
    if (objects) this.objects = objects;
    this.whatIfs.length = 0;
    this.rebuild();
  }

  private rebuild(): void {
    this.settled = undefined;
    this.applied = 0;
    this.sim = this.factory({ objects: this.objects, seed: this.seed, horizon: this.horizon });
  }

  /**
   * Runs to `target` in slices of about STEP_BUDGET_MS of wall time (the simulator pauses between
   * two events), yielding between them: a cancellation stops the run within a slice, and the
   * language server answers other requests meanwhile.
   */
  private async advance(target: number, token?: Cancellation, progress?: ProgressReport): Promise<void> {
    for (;;) {
      if (token?.isCancellationRequested) throw new CancelledError();
      if (this.sim.stoppedBy) return;
      const reached = this.sim.runUntil(target, Date.now() + STEP_BUDGET_MS) !== false;
      progress?.(this.sim.time);
      await giveWay();
      if (reached) return;
    }
  }
}
