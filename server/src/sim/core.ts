import type { HttpRequest, PortAnswer } from './behaviour/httpServer';
import type { BehaviourModel, ExecResult } from './behaviour/types';
import { EventQueue } from './clock/eventQueue';
import { Store } from './store/store';
import { DEFAULT_LIMITS, ref, type Assumption, type ClusterShape, type KObject, type SimEvent, type SimLimits } from './types';
import { Prng } from './util';
import { DEFAULT_MINOR } from '../engine/version/kubernetesVersion';

/** `v1.30.0`: the version the simulated components of a release report. */
export function serverVersion(minor: number): string {
  return `v1.${minor}.0`;
}

/** Thrown inside the loop when a bound is reached; the run stops and says so. */
export class BoundReached extends Error {}

export interface TimelineEntry {
  at: number;
  object: string;
  namespace?: string;
  status: string;
}

export interface CoreOptions {
  behaviour: BehaviourModel;
  cluster: ClusterShape;
  seed: number;
  /** Virtual milliseconds: containers are computed up to here. */
  horizonMs: number;
  limits: SimLimits;
  /** Wall-clock time of virtual 0 (ms since the Unix epoch), for CronJob schedules and Job names. */
  epochMs: number;
  /** The Kubernetes minor release (1.x) the cluster runs: what its API server accepts, what it reports. */
  kubernetesMinor?: number;
}

type SyncFn = (key: string) => void;

/**
 * The shared context every controller, the scheduler and the kubelet work against: the store,
 * the virtual clock, the seeded PRNG, the event recorder and the per-controller work queues.
 */
export class Sim {
  readonly queue = new EventQueue();
  readonly prng: Prng;
  readonly store: Store;
  readonly behaviour: BehaviourModel;
  readonly cluster: ClusterShape;
  readonly limits: SimLimits;
  readonly epochMs: number;
  /** The Kubernetes minor release (1.x) the simulated cluster runs. */
  readonly kubernetesMinor: number;
  horizonMs: number;
  readonly events: SimEvent[] = [];
  droppedEvents = 0;
  readonly timeline: TimelineEntry[] = [];
  readonly assumptions: Assumption[] = [];
  /** Container logs, served by the kubelet that runs the pod (for `kubectl logs`). */
  logSource?: (pod: KObject, container: string, previous: boolean) => { lines?: string[]; entries?: { at: number; line: string }[]; error?: string };
  /** `kubectl exec`, answered by the kubelet that runs the pod. */
  execSource?: (pod: KObject, container: string, command: string[], stdin?: string) => ExecResult | { error: string };
  /**
   * `kubectl port-forward`: a connection to the pod's `port` (and the answer to `request` once
   * read), or the runtime's error when nothing listens there.
   */
  portForwardSource?: (pod: KObject, port: number, request?: HttpRequest) => Exclude<PortAnswer, { refused: true }> | { error: string };
  /** An attached client closed a container's stdin (stdinOnce): its shell exits with `exitCode`. */
  closeStdin?: (pod: KObject, container: string, exitCode: number) => boolean;
  /**
   * The field manager of the request the built-in kubectl is sending (`kubectl-create`, ...):
   * applyObject records its writes under it (apiserver/managedFields.ts). Unset otherwise.
   */
  clientManager?: string;
  private readonly assumptionKeys = new Set<string>();
  /** Set when a bound cut the run short. */
  stoppedBy?: string;
  steps = 0;
  private readonly syncs = new Map<string, SyncFn>();
  private readonly pending = new Map<string, number>();

  constructor(opts: CoreOptions) {
    this.prng = new Prng(opts.seed);
    this.behaviour = opts.behaviour;
    this.cluster = opts.cluster;
    this.limits = opts.limits ?? DEFAULT_LIMITS;
    this.horizonMs = opts.horizonMs;
    this.epochMs = opts.epochMs;
    this.kubernetesMinor = opts.kubernetesMinor ?? DEFAULT_MINOR;
    this.store = new Store({
      now: () => this.queue.now,
      uid: () => this.prng.uid(),
      suffix: () => this.prng.suffix(5),
      generateNameAttempts: this.kubernetesMinor >= 31 ? 8 : 1,
      beforeCreate: () => {
        if (this.store.count >= this.limits.maxObjects) {
          this.stop(`the object limit (${this.limits.maxObjects}) was reached`);
          throw new BoundReached(this.stoppedBy);
        }
      },
    });
  }

  get now(): number {
    return this.queue.now;
  }

  /** Runs `fn` at virtual time `at` (ms). */
  at(at: number, fn: () => void): void {
    this.queue.schedule(at, fn);
  }

  after(ms: number, fn: () => void): void {
    this.queue.schedule(this.queue.now + ms, fn);
  }

  registerController(name: string, sync: SyncFn): void {
    this.syncs.set(name, sync);
  }

  /** Work-queue add: one pending sync per (controller, key), at the earliest requested time. */
  enqueue(controller: string, key: string, delayMs = 0): void {
    const at = this.queue.now + Math.max(0, delayMs);
    const id = controller + '\u0000' + key;
    const existing = this.pending.get(id);
    if (existing !== undefined && existing <= at) return;
    this.pending.set(id, at);
    this.queue.schedule(at, () => {
      if (this.pending.get(id) !== at) return;
      this.pending.delete(id);
      this.syncs.get(controller)?.(key);
    });
  }

  emit(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, source: string): void {
    if (this.events.length >= this.limits.maxEvents) {
      this.droppedEvents++;
      return;
    }
    this.events.push({ at: this.queue.now, type, reason, object: ref(obj), namespace: obj.metadata.namespace, message, source });
  }

  assume(object: string, message: string): void {
    const k = object + '\u0000' + message;
    if (this.assumptionKeys.has(k)) return;
    this.assumptionKeys.add(k);
    this.assumptions.push({ object, message });
  }

  stop(reason: string): void {
    this.stoppedBy ??= reason;
  }

  /**
   * Processes events up to and including virtual time `untilMs`. With `deadline` (a wall-clock
   * `Date.now()` value) it may pause between two events once the deadline has passed, and returns
   * false: the clock stays at the last event run, and a later call carries on from the same queue,
   * so a run paused any number of times is the run that never paused.
   */
  runUntil(untilMs: number, deadline?: number): boolean {
    const limitMs = Math.min(untilMs, this.limits.maxSeconds * 1000);
    let ran = 0;
    while (!this.stoppedBy) {
      const t = this.queue.peekTime();
      if (t === undefined || t > limitMs) break;
      // Date.now() before every event but the first (tens of ns, against tens of µs or more for an
      // event): a slice ends within one event of its deadline, and every slice moves the run on.
      if (deadline !== undefined && ran++ > 0 && Date.now() >= deadline) return false;
      if (++this.steps > this.limits.maxSteps) {
        this.stop(`the event limit (${this.limits.maxSteps} processed events) was reached at ${(t / 1000).toFixed(1)}s`);
        break;
      }
      const ev = this.queue.pop()!;
      this.queue.now = ev.at;
      try {
        ev.run();
      } catch (e) {
        if (e instanceof BoundReached) break;
        throw e;
      }
    }
    if (!this.stoppedBy) this.queue.now = Math.max(this.queue.now, limitMs);
    if (untilMs > limitMs) this.stop(`the virtual time limit (${this.limits.maxSeconds}s) was reached`);
    return true;
  }
}
