import type { HttpRequest, PortAnswer } from '../behaviour/httpServer';
import type { ContainerRun, ExecResult } from '../behaviour/types';
import type { Sim } from '../core';
import type { KObject } from '../types';
import { fnv32a, goDuration } from '../util';
import { Backoff, CONTAINER_BACKOFF_INITIAL_MS, CONTAINER_BACKOFF_MAX_MS, PLEG_RELIST_MS, WORKER_BACKOFF_MS } from './backoff';
import { containerStartSpec, resolveEnv, missingVolume, volumeMountsOf } from './env';
import type { ImageCache } from './images';
import { initialResult, probeAction, PROBE_TITLE, type ProbeKind, type ProbeWorker } from './probes';
import { KUBELET, writeStatus } from '../apiserver/managedFields';

interface Terminated {
  exitCode: number;
  reason: string;
  startedAt: number;
  finishedAt: number;
  message?: string;
}

/** The kubelet's view of one container of the pod (the runtime + status manager state). */
interface ContainerState {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec: any;
  init: boolean;
  sidecar: boolean;
  instance: number;
  run?: ContainerRun;
  waiting?: { reason: string; message?: string };
  running?: { startedAt: number };
  terminated?: Terminated;
  last?: Terminated;
  restartCount: number;
  ready: boolean;
  started: boolean;
  probes: ProbeWorker[];
  stopping: boolean;
  pullingUntil?: number;
  /** The image was just pulled for the next start: do not pull again. */
  pulled?: boolean;
  /** Instance whose exit already passed the back-off check (the pull may follow). Not its finishedAt:
   * runs that exit the instant they start share one, and restarted with no back-off at all. */
  backoffPassedFor?: number;
  /** The run before the current one (`kubectl logs --previous`). */
  previousRun?: ContainerRun;
  /** The image the current instance runs (spec changes restart it). */
  runningImage?: string;
  /** Killed because its definition changed: restarted whatever the restart policy. */
  forceRestart?: boolean;
}

export interface KubeletShared {
  sim: Sim;
  images: ImageCache;
  podIp(node: string): string;
}

/**
 * One pod worker (pkg/kubelet/pod_workers.go + kuberuntime_manager.computePodActions): every sync
 * looks at the pod and its containers and takes the next step: pull, create, start, back off,
 * restart, kill, terminate. State changes reach the API as pod status writes.
 */
export class PodWorker {
  private readonly containers: ContainerState[];
  private readonly crashBackoff = new Backoff(CONTAINER_BACKOFF_INITIAL_MS, CONTAINER_BACKOFF_MAX_MS);
  private readonly pullBackoff = new Backoff(CONTAINER_BACKOFF_INITIAL_MS, CONTAINER_BACKOFF_MAX_MS);
  private readonly readyTransitions = new Map<string, { status: string; at: number }>();
  private syncAt?: number;
  private terminalPhase?: 'Succeeded' | 'Failed';
  private podIP?: string;
  private startTime?: number;
  private lastStatusJson = '';
  private lastSignature = '';
  private finished = false;
  private mountError?: string;
  private terminating = false;
  /** When the prober workers started: their ticks are aligned to it, not to the container start. */
  private workerStartedAt = 0;

  constructor(private readonly pod: KObject, private readonly node: string, private readonly k: KubeletShared) {
    const spec = pod.spec;
    this.containers = [
      ...(spec.initContainers ?? []).map((c: unknown) => this.newState(c, true)),
      ...(spec.containers ?? []).map((c: unknown) => this.newState(c, false)),
    ];
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private newState(spec: any, init: boolean): ContainerState {
    return { spec, init, sidecar: init && spec.restartPolicy === 'Always', instance: 0, restartCount: 0, ready: false, started: false, probes: [], stopping: false };
  }

  private get sim(): Sim {
    return this.k.sim;
  }

  private get now(): number {
    return this.k.sim.now;
  }

  private podRef(): string {
    return `${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.pod.metadata.uid})`;
  }

  /** Asks for a sync at `at` (ms); keeps the earliest pending one. */
  requestSync(at = this.now): void {
    if (this.finished) return;
    if (this.syncAt !== undefined && this.syncAt <= at && this.syncAt >= this.now) return;
    this.syncAt = at;
    this.sim.at(at, () => {
      if (this.syncAt !== at) return;
      this.syncAt = undefined;
      this.sync();
    });
  }

  /** `kubectl logs`: the current (or previous) instance's output up to now. */
  logs(container: string, previous: boolean): { lines?: string[]; entries?: { at: number; line: string }[]; error?: string } {
    const c = this.containers.find((x) => x.spec.name === container);
    if (!c) return { error: `container ${container} is not valid for pod ${this.pod.metadata.name}` };
    const run = previous ? c.previousRun : c.run;
    if (previous && !run) return { error: `previous terminated container "${container}" in pod "${this.pod.metadata.name}" not found` };
    if (!run) return { error: `container "${container}" in pod "${this.pod.metadata.name}" is waiting to start: ${c.waiting?.reason ?? 'ContainerCreating'}` };
    const until = previous ? (c.last?.finishedAt ?? this.now) : c.terminated && !c.running ? c.terminated.finishedAt : this.now;
    // With the time of each line when the model keeps it (`kubectl logs --timestamps`, `--since`).
    const entries = run.logEntries?.(until / 1000);
    return entries ? { lines: entries.map((e) => e.line), entries } : { lines: run.logs(until / 1000) };
  }

  /** `kubectl exec` in a running container. */
  exec(container: string, command: string[], stdin?: string): ExecResult | { error: string } {
    const c = this.containers.find((x) => x.spec.name === container);
    if (!c) return { error: `container ${container} is not valid for pod ${this.pod.metadata.name}` };
    if (!c.run || !c.running) return { error: `unable to upgrade connection: container not found ("${container}")` };
    if (!c.run.exec) return { error: 'exec is not supported by this behaviour model' };
    return c.run.exec(command, this.now / 1000, undefined, stdin);
  }

  /**
   * `kubectl port-forward`: a connection to `port` in the pod's network namespace, which its running
   * containers share (the first that listens answers), and the answer to `request` once read.
   */
  connect(port: number, request?: HttpRequest): PortAnswer {
    for (const c of this.containers) {
      if (!c.run?.connect || !c.running) continue;
      const answer = c.run.connect(port, this.now / 1000, request);
      if (!('refused' in answer)) return answer;
    }
    return { refused: true };
  }

  /**
   * An attached client closed the stdin of a container started with `stdin` and `stdinOnce`
   * (`kubectl run -i`, `attach`): its shell reads end-of-input and exits with `exitCode` (the
   * status of the last command it ran, or `exit N`). Returns whether the container was running.
   */
  stdinClosed(container: string, exitCode: number): boolean {
    const c = this.containers.find((x) => x.spec.name === container);
    if (!c?.running || c.stopping || !c.spec.stdin || !c.spec.stdinOnce) return false;
    this.exited(c, exitCode, exitCode === 0 ? 'Completed' : 'Error');
    return true;
  }

  /** The pod's spec changed (only images may): containers whose image changed are restarted. */
  specChanged(): void {
    if (this.finished || this.terminalPhase) return;
    const specs = [...(this.pod.spec.initContainers ?? []), ...(this.pod.spec.containers ?? [])];
    for (const c of this.containers) {
      const next = specs.find((x: { name: string }) => x.name === c.spec.name);
      if (!next) continue;
      c.spec = next;
      if (c.running && c.runningImage !== undefined && c.runningImage !== next.image)
        (c.forceRestart = true), this.kill(c, `Container ${next.name} definition changed, will be restarted`, this.pod.spec.terminationGracePeriodSeconds ?? 30);
    }
  }

  start(): void {
    this.podIP = this.k.podIp(this.node);
    this.startTime = this.now;
    this.workerStartedAt = this.now;
    this.requestSync();
  }

  sync(): void {
    if (this.finished) return;
    if (this.sim.store.getByUid(this.pod.metadata.uid) !== this.pod) {
      this.finished = true;
      return;
    }
    if (this.pod.metadata.deletionTimestamp !== undefined) {
      this.terminate();
      return;
    }
    if (this.terminalPhase) return;
    const mountError = missingVolume(this.pod, this.sim.store);
    if (mountError) {
      if (this.mountError !== mountError) this.sim.emit(this.pod, 'Warning', 'FailedMount', mountError, 'kubelet');
      this.mountError = mountError;
      this.writeStatus();
      this.requestSync(this.now + 60_000);
      return;
    }
    this.mountError = undefined;
    const policy: string = this.pod.spec.restartPolicy ?? 'Always';
    // Init containers, one at a time, in order; sidecars stay running once started.
    for (const c of this.containers.filter((x) => x.init)) {
      if (c.sidecar) {
        // A sidecar lets the next container start once it has started (its startup probe passed).
        if (c.running && c.started) continue;
        if (c.running || c.stopping || c.pullingUntil !== undefined) {
          this.writeStatus();
          return;
        }
        this.startOrBackOff(c);
        // Started at once (no startup probe): the pod worker goes on to the next container now.
        if (c.running && c.started) this.requestSync();
        this.writeStatus();
        return;
      }
      if (c.terminated?.exitCode === 0 && !c.running) continue;
      if (c.running || c.stopping || c.pullingUntil !== undefined) {
        this.writeStatus();
        return;
      }
      if (c.terminated && policy === 'Never') {
        this.terminalPhase = 'Failed';
        this.killAll('init container failed');
        this.writeStatus();
        return;
      }
      this.startOrBackOff(c);
      this.writeStatus();
      return;
    }
    for (const c of this.containers.filter((x) => !x.init)) {
      if (c.running || c.stopping || c.pullingUntil !== undefined) continue;
      if (c.terminated) {
        const restart = policy === 'Always' || (policy === 'OnFailure' && c.terminated.exitCode !== 0) || c.forceRestart;
        if (!restart) continue;
      }
      this.startOrBackOff(c);
    }
    // All regular containers done and none restarts: the pod is finished.
    const regular = this.containers.filter((x) => !x.init);
    if (regular.every((c) => c.terminated && !c.running && !c.stopping)) {
      const restarts = regular.some((c) => policy === 'Always' || (policy === 'OnFailure' && c.terminated!.exitCode !== 0));
      if (!restarts) {
        this.terminalPhase = regular.every((c) => c.terminated!.exitCode === 0) ? 'Succeeded' : 'Failed';
        for (const c of this.containers.filter((x) => x.sidecar && x.running)) this.kill(c, 'Stopping container ' + c.spec.name, this.pod.spec.terminationGracePeriodSeconds ?? 30);
      }
    }
    this.writeStatus();
  }

  // ---- starting containers ----------------------------------------------------------------------

  private startOrBackOff(c: ContainerState): void {
    const name: string = c.spec.name;
    if (c.terminated && c.backoffPassedFor !== c.instance) {
      const eventTime = c.terminated.finishedAt;
      if (this.crashBackoff.inBackOffSince(name, eventTime, this.now)) {
        const b = this.crashBackoff.get(name)!;
        c.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(b.backoff / 1000)} restarting failed container=${name} pod=${this.podRef()}` };
        this.sim.emit(this.pod, 'Warning', 'BackOff', `Back-off restarting failed container ${name} in pod ${this.podRef()}`, 'kubelet');
        this.requestSync(eventTime + b.backoff);
        return;
      }
      this.crashBackoff.next(name, eventTime, this.now);
      c.backoffPassedFor = c.instance;
    }
    const { env, error } = resolveEnv(this.pod, c.spec, this.sim.store);
    if (error) {
      c.waiting = { reason: 'CreateContainerConfigError', message: error };
      this.sim.emit(this.pod, 'Warning', 'Failed', `Error: ${error}`, 'kubelet');
      this.requestSync(this.now + WORKER_BACKOFF_MS);
      return;
    }
    if (!this.ensureImage(c)) return;
    this.startContainer(c, env);
  }

  /** EnsureImageExists: true when the image is on the node and the container can start now. */
  private ensureImage(c: ContainerState): boolean {
    const image: string = c.spec.image;
    const policy: string = c.spec.imagePullPolicy ?? 'IfNotPresent';
    const present = this.k.images.has(this.node, image);
    if (c.pulled && present) {
      c.pulled = false;
      return true;
    }
    if (policy === 'Never') {
      if (present) {
        this.sim.emit(this.pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, 'kubelet');
        return true;
      }
      const msg = `Container image "${image}" is not present with pull policy of Never`;
      c.waiting = { reason: 'ErrImageNeverPull', message: msg };
      this.sim.emit(this.pod, 'Warning', 'ErrImageNeverPull', msg, 'kubelet');
      this.sim.emit(this.pod, 'Warning', 'Failed', 'Error: ErrImageNeverPull', 'kubelet');
      this.requestSync(this.now + WORKER_BACKOFF_MS);
      return false;
    }
    if (present && policy !== 'Always') {
      this.sim.emit(this.pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, 'kubelet');
      return true;
    }
    const key = image;
    if (this.pullBackoff.inBackOffSinceUpdate(key, this.now)) {
      const b = this.pullBackoff.get(key)!;
      c.waiting = { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` };
      this.sim.emit(this.pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, 'kubelet');
      this.sim.emit(this.pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', 'kubelet');
      this.requestSync(b.lastUpdate + b.backoff);
      return false;
    }
    this.sim.emit(this.pod, 'Normal', 'Pulling', `Pulling image "${image}"`, 'kubelet');
    const res = this.sim.behaviour.pull(image);
    if (!res.known) this.sim.assume(`image/${image}`, `image "${image}" is not in the catalog: assumed to pull, start in 1s and run until stopped`);
    // A re-pull of a cached image (policy Always) only checks the manifest.
    const seconds = present ? Math.min(res.seconds, 0.5) : res.seconds;
    const doneAt = this.now + Math.round(seconds * 1000);
    c.pullingUntil = doneAt;
    if (!c.waiting || (c.waiting.reason !== 'ImagePullBackOff' && c.waiting.reason !== 'ErrImagePull')) c.waiting = { reason: this.hasInit() && !c.init ? 'PodInitializing' : 'ContainerCreating' };
    const instanceAtPull = c.instance;
    this.sim.at(doneAt, () => {
      if (this.finished || c.instance !== instanceAtPull || c.pullingUntil !== doneAt) return;
      c.pullingUntil = undefined;
      if (this.pod.metadata.deletionTimestamp !== undefined) {
        this.requestSync();
        return;
      }
      if (res.ok) {
        this.k.images.add(this.node, image);
        c.pulled = true;
        const d = formatPullSeconds(seconds);
        const size = res.sizeBytes !== undefined ? ` Image size: ${res.sizeBytes} bytes.` : '';
        this.sim.emit(this.pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${d} (${d} including waiting).${size}`, 'kubelet');
        this.requestSync();
      } else {
        this.pullBackoff.next(key, this.now, this.now);
        const err = res.error ?? 'pull failed';
        c.waiting = { reason: 'ErrImagePull', message: err };
        this.sim.emit(this.pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${err}`, 'kubelet');
        this.sim.emit(this.pod, 'Warning', 'Failed', 'Error: ErrImagePull', 'kubelet');
        this.writeStatus();
        // The next pod-worker pass (PLEG relist) finds the pull in back-off: ImagePullBackOff.
        this.requestSync(this.now + PLEG_RELIST_MS);
      }
    });
    return false;
  }

  private hasInit(): boolean {
    return this.containers.some((c) => c.init);
  }

  private startContainer(c: ContainerState, env: Record<string, string>): void {
    const s = c.spec;
    if (c.instance > 0) c.restartCount++;
    c.instance++;
    if (c.terminated) c.last = c.terminated;
    c.terminated = undefined;
    c.waiting = undefined;
    this.sim.emit(this.pod, 'Normal', 'Created', `Created container: ${s.name}`, 'kubelet');
    const spec = containerStartSpec(s, env, this.pod.metadata.name, this.podIP, volumeMountsOf(this.pod, s, this.sim.store));
    const run = this.sim.behaviour.start(spec, this.now / 1000, this.sim.horizonMs / 1000);
    if (c.run) c.previousRun = c.run;
    for (const a of run.assumptions) this.sim.assume(`pod/${this.pod.metadata.name}`, `container ${s.name}: ${a}`);
    if (run.exit?.startError) {
      // The runtime could not start the process: StartError, exit 128, then the restart policy.
      const msg = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${run.exit.startError}: unknown`;
      this.sim.emit(this.pod, 'Warning', 'Failed', `Error: ${msg}`, 'kubelet');
      c.run = run;
      c.running = { startedAt: this.now };
      this.exited(c, 128, 'StartError', msg);
      return;
    }
    c.run = run;
    c.running = { startedAt: this.now };
    c.runningImage = s.image;
    c.forceRestart = false;
    c.started = !s.startupProbe;
    c.ready = !s.readinessProbe && c.started;
    c.stopping = false;
    this.sim.emit(this.pod, 'Normal', 'Started', `Started container ${s.name}`, 'kubelet');
    const instance = c.instance;
    if (s.lifecycle?.postStart) {
      const res = this.runHook(c, s.lifecycle.postStart);
      if (res) {
        this.sim.emit(this.pod, 'Warning', 'FailedPostStartHook', `PostStartHook failed`, 'kubelet');
        this.kill(c, `FailedPostStartHook`, this.pod.spec.terminationGracePeriodSeconds ?? 30);
        return;
      }
    }
    if (run.exit) {
      const exit = run.exit;
      this.sim.at(Math.max(this.now, Math.round(exit.at * 1000)), () => {
        if (c.instance !== instance || !c.running || c.stopping) return;
        this.exited(c, exit.exitCode, exit.reason);
      });
    }
    for (const kind of ['startup', 'liveness', 'readiness'] as ProbeKind[]) {
      const p = s[kind + 'Probe'];
      if (!p) continue;
      const w: ProbeWorker = { kind, spec: p, instance, result: initialResult(kind), successRun: 0, failRun: 0, onHold: false, stopped: false };
      c.probes.push(w);
      const period = (p.periodSeconds ?? 10) * 1000;
      const firstTick = this.workerStartedAt + Math.ceil((this.now - this.workerStartedAt) / period) * period;
      w.tick = () => this.probeTick(c, w);
      this.sim.at(firstTick, w.tick);
    }
  }

  /** Runs a lifecycle hook against the running process; returns an error text on failure. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private runHook(c: ContainerState, hook: any): string | undefined {
    if (!c.run) return undefined;
    const action = probeAction(hook, c.spec);
    if ('error' in action) return hook.sleep ? undefined : action.error;
    const r = c.run.probe(action, this.now / 1000, this.podIP);
    return r.success ? undefined : r.message ?? 'hook failed';
  }

  // ---- probes -----------------------------------------------------------------------------------

  private probeTick(c: ContainerState, w: ProbeWorker): void {
    if (this.finished || w.stopped || c.instance !== w.instance || !c.running) return;
    const nextAt = this.now + (w.spec.periodSeconds ?? 10) * 1000;
    if (w.kind === 'startup' && c.started) return;
    if (w.onHold && w.kind !== 'readiness') return;
    // Until the container has started (startup probe), only the startup probe runs; and nothing runs before initialDelaySeconds.
    if ((w.kind !== 'startup' && !c.started) || Math.floor((this.now - c.running.startedAt) / 1000) < (w.spec.initialDelaySeconds ?? 0)) {
      this.sim.at(nextAt, w.tick!);
      return;
    }
    const action = (w.action ??= probeAction(w.spec, c.spec));
    const res = 'error' in action ? { success: false, message: action.error } : c.run!.probe(action, this.now / 1000, this.podIP, w.spec.timeoutSeconds ?? 1);
    if (res.success) {
      w.failRun = 0;
      w.successRun++;
      if (w.result !== 'Success' && w.successRun >= (w.spec.successThreshold ?? 1)) {
        w.result = 'Success';
        this.probeChanged(c, w);
      }
    } else {
      w.successRun = 0;
      w.failRun++;
      w.lastMessage = res.message;
      this.sim.emit(this.pod, 'Warning', 'Unhealthy', `${PROBE_TITLE[w.kind]} probe failed: ${res.message ?? ''}`.trimEnd(), 'kubelet');
      if (w.result !== 'Failure' && w.failRun >= (w.spec.failureThreshold ?? 3)) {
        w.result = 'Failure';
        this.probeChanged(c, w);
      }
    }
    if (!w.onHold && c.instance === w.instance && c.running) this.sim.at(nextAt, w.tick!);
  }


  private probeChanged(c: ContainerState, w: ProbeWorker): void {
    if (w.kind === 'readiness') {
      c.ready = w.result === 'Success' && c.started;
      this.writeStatus();
      return;
    }
    if (w.kind === 'startup' && w.result === 'Success') {
      c.started = true;
      c.ready = !c.spec.readinessProbe;
      this.writeStatus();
      // A sidecar that has started unblocks the containers after it.
      if (c.sidecar) this.requestSync();
      return;
    }
    if (w.result === 'Failure') {
      w.onHold = true;
      const policy = this.pod.spec.restartPolicy ?? 'Always';
      const restarts = policy !== 'Never';
      const grace = w.spec.terminationGracePeriodSeconds ?? this.pod.spec.terminationGracePeriodSeconds ?? 30;
      this.kill(c, `Container ${c.spec.name} failed ${w.kind} probe${restarts ? ', will be restarted' : ''}`, grace);
    }
  }

  // ---- stopping ---------------------------------------------------------------------------------

  /** killContainer: Killing event, preStop, SIGTERM, SIGKILL at the end of the grace period. */
  private kill(c: ContainerState, message: string, graceSeconds: number): void {
    if (!c.running || c.stopping) return;
    c.stopping = true;
    c.ready = false;
    for (const w of c.probes) if (w.kind !== 'readiness') w.stopped = true;
    this.sim.emit(this.pod, 'Normal', 'Killing', message, 'kubelet');
    let grace = graceSeconds * 1000;
    let t = this.now;
    const preStop = c.spec.lifecycle?.preStop;
    if (preStop && grace > 0) {
      const dur = Math.min(grace, hookSeconds(preStop) * 1000);
      const err = this.runHook(c, preStop);
      if (err) this.sim.emit(this.pod, 'Warning', 'FailedPreStopHook', 'PreStopHook failed', 'kubelet');
      t += dur;
      grace = Math.max(grace - dur, 2000);
    }
    const instance = c.instance;
    const term = grace > 0 ? c.run?.terminate(t / 1000) : undefined;
    let exitAt = t + grace;
    let code = 137;
    if (term && Math.round(term.exitAt * 1000) <= exitAt) {
      exitAt = Math.max(t, Math.round(term.exitAt * 1000));
      code = term.exitCode;
    }
    // The process may exit on its own before the signal lands.
    const selfExit = c.run?.exit;
    if (selfExit && Math.round(selfExit.at * 1000) < exitAt && Math.round(selfExit.at * 1000) >= this.now) {
      exitAt = Math.round(selfExit.at * 1000);
      code = selfExit.exitCode;
    }
    this.writeStatus();
    this.sim.at(exitAt, () => {
      if (c.instance !== instance || !c.running) return;
      this.exited(c, code, code === 0 ? 'Completed' : selfExit?.reason === 'OOMKilled' && selfExit.exitCode === code ? 'OOMKilled' : 'Error');
    });
  }

  private exited(c: ContainerState, exitCode: number, reason: string, message?: string): void {
    const startedAt = c.running?.startedAt ?? this.now;
    c.running = undefined;
    c.stopping = false;
    c.ready = false;
    for (const w of c.probes) w.stopped = true;
    c.probes = [];
    c.terminated = { exitCode, reason, startedAt, finishedAt: this.now, ...(message ? { message } : {}) };
    c.waiting = undefined;
    this.writeStatus();
    this.requestSync(this.now);
  }

  private killAll(why: string): void {
    for (const c of this.containers) if (c.running) this.kill(c, `Stopping container ${c.spec.name}`, this.pod.spec.terminationGracePeriodSeconds ?? 30);
    void why;
  }

  /** Graceful deletion: stop everything, then the kubelet removes the pod object. */
  private terminate(): void {
    const grace = this.pod.metadata.deletionGracePeriodSeconds ?? this.pod.spec.terminationGracePeriodSeconds ?? 30;
    if (!this.terminating) {
      this.terminating = true;
      // Regular containers first; sidecars after them.
      for (const c of this.containers.filter((x) => !x.sidecar)) {
        c.pullingUntil = undefined;
        if (c.running) this.kill(c, `Stopping container ${c.spec.name}`, grace);
      }
    }
    if (this.containers.some((c) => !c.sidecar && c.running)) {
      this.writeStatus();
      return;
    }
    const sidecars = this.containers.filter((x) => x.sidecar && x.running);
    if (sidecars.length) {
      for (const c of sidecars) this.kill(c, `Stopping container ${c.spec.name}`, grace);
      this.writeStatus();
      return;
    }
    this.finished = true;
    this.sim.store.remove(this.pod);
  }

  // ---- status -----------------------------------------------------------------------------------

  private containerStatus(c: ContainerState): Record<string, unknown> {
    const state: Record<string, unknown> = {};
    if (c.running) state.running = { startedAt: c.running.startedAt };
    else if (c.waiting) state.waiting = { ...c.waiting };
    else if (c.terminated) state.terminated = { ...c.terminated };
    else state.waiting = { reason: this.hasInit() && !c.init ? 'PodInitializing' : 'ContainerCreating' };
    // The runtime's ids (minikube's docker): the container of the latest run, the image once pulled.
    const created = !!(c.running || c.terminated || c.last);
    const runId = (run: number) => `docker://${hex64(`${this.pod.metadata.uid}/${c.spec.name}/${run}`)}`;
    const latest = runId(c.restartCount);
    if (state.terminated) state.terminated = { ...(state.terminated as object), containerID: latest };
    const last = c.waiting && c.terminated ? { terminated: { ...c.terminated, containerID: latest } } : c.last ? { terminated: { ...c.last, containerID: c.running ? runId(c.restartCount - 1) : latest } } : {};
    const st: Record<string, unknown> = {
      name: c.spec.name,
      image: c.spec.image,
      imageID: created ? imageId(String(c.spec.image ?? '')) : '',
      ready: c.ready && !!c.running,
      started: c.started && !!c.running,
      restartCount: c.restartCount,
      state,
      lastState: last,
    };
    if (created) st.containerID = latest;
    if (c.probes.length) st.probes = c.probes.map((w) => ({ kind: w.kind, result: w.result, message: w.result === 'Failure' ? w.lastMessage : undefined }));
    return st;
  }

  private phase(): string {
    if (this.terminalPhase) return this.terminalPhase;
    const policy = this.pod.spec.restartPolicy ?? 'Always';
    const inits = this.containers.filter((c) => c.init && !c.sidecar);
    const regular = this.containers.filter((c) => !c.init);
    const initPending = inits.some((c) => !(c.terminated?.exitCode === 0 && !c.running));
    let running = 0, stopped = 0, succeeded = 0, waiting = 0;
    for (const c of regular) {
      if (c.running) running++;
      else if (c.terminated || (c.waiting && c.last)) {
        stopped++;
        if ((c.terminated ?? c.last)!.exitCode === 0 && c.terminated) succeeded++;
      } else waiting++;
    }
    if (initPending && running === 0 && stopped === 0) return 'Pending';
    if (waiting > 0) return 'Pending';
    if (running > 0) return 'Running';
    if (stopped > 0) {
      if (policy === 'Always') return 'Running';
      if (stopped === succeeded) return 'Succeeded';
      if (policy === 'Never') return 'Failed';
      return 'Running';
    }
    return 'Pending';
  }

  private condition(type: string, ok: boolean, reason?: string, message?: string): Record<string, unknown> {
    const status = ok ? 'True' : 'False';
    const prev = this.readyTransitions.get(type);
    let at = this.now;
    if (prev && prev.status === status) at = prev.at;
    else this.readyTransitions.set(type, { status, at });
    const c: Record<string, unknown> = { type, status, lastTransitionTime: at };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    return c;
  }

  /** A compact fingerprint of everything the status is built from: unchanged means no write. */
  private signature(phase: string): string {
    let sig = phase + '|' + (this.mountError ?? '');
    for (const c of this.containers) {
      sig += `|${c.instance},${c.restartCount},${c.ready ? 1 : 0},${c.started ? 1 : 0},${c.running ? 'R' : ''}`;
      if (c.waiting) sig += `,w:${c.waiting.reason}:${c.waiting.message ?? ''}`;
      if (c.terminated) sig += `,t:${c.terminated.exitCode}:${c.terminated.finishedAt}`;
      if (c.last) sig += `,l:${c.last.finishedAt}`;
      for (const w of c.probes) sig += `,${w.kind[0]}${w.result[0]}`;
    }
    return sig;
  }

  writeStatus(): void {
    if (this.finished) return;
    const phase = this.phase();
    const sig = this.signature(phase);
    if (sig === this.lastSignature) return;
    this.lastSignature = sig;
    const regular = this.containers.filter((c) => !c.init);
    const inits = this.containers.filter((c) => c.init);
    const initialized = inits.filter((c) => !c.sidecar).every((c) => c.terminated?.exitCode === 0 || (c.last && c.running === undefined && c.terminated?.exitCode === 0)) && inits.filter((c) => c.sidecar).every((c) => c.started);
    const unready = regular.filter((c) => !(c.ready && c.running)).map((c) => c.spec.name);
    const done = phase === 'Succeeded';
    const prev = this.pod.status ?? {};
    const conditions = [
      this.condition('PodReadyToStartContainers', true),
      this.condition('Initialized', initialized || phase !== 'Pending', initialized ? undefined : 'ContainersNotInitialized', initialized ? undefined : `containers with incomplete status: [${inits.filter((c) => !(c.terminated?.exitCode === 0)).map((c) => c.spec.name).join(' ')}]`),
      this.condition('Ready', unready.length === 0 && !done, done ? 'PodCompleted' : unready.length ? 'ContainersNotReady' : undefined, !done && unready.length ? `containers with unready status: [${unready.join(' ')}]` : undefined),
      this.condition('ContainersReady', unready.length === 0 && !done, done ? 'PodCompleted' : unready.length ? 'ContainersNotReady' : undefined, !done && unready.length ? `containers with unready status: [${unready.join(' ')}]` : undefined),
      ...(prev.conditions ?? []).filter((c: { type: string }) => c.type === 'PodScheduled'),
    ];
    if (this.mountError) for (const c of regular) if (!c.running && !c.terminated) c.waiting = { reason: 'ContainerCreating' };
    const status = {
      phase,
      conditions,
      hostIP: prev.hostIP,
      hostIPs: prev.hostIP ? [{ ip: prev.hostIP }] : undefined,
      podIP: this.podIP,
      podIPs: this.podIP ? [{ ip: this.podIP }] : undefined,
      qosClass: prev.qosClass,
      startTime: this.startTime,
      initContainerStatuses: inits.length ? inits.map((c) => this.containerStatus(c)) : undefined,
      containerStatuses: regular.map((c) => this.containerStatus(c)),
    };
    const json = JSON.stringify(status);
    if (json === this.lastStatusJson) return;
    this.lastStatusJson = json;
    this.pod.status = status;
    writeStatus(this.sim, this.pod, KUBELET);
  }
}

/** 64 hex digits derived from `seed` (a container's or an image's id: the form only). */
function hex64(seed: string): string {
  let out = '';
  for (let i = 0; i < 8; i++) out += fnv32a(`${i}:${seed}`).toString(16).padStart(8, '0');
  return out;
}

/** The image id docker reports: the repository (no tag) with the manifest's digest. */
function imageId(image: string): string {
  if (image.includes('@')) return `docker-pullable://${image}`;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const repo = colon > slash ? image.slice(0, colon) : image;
  return `docker-pullable://${repo}@sha256:${hex64(image)}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function hookSeconds(hook: any): number {
  if (hook.sleep?.seconds !== undefined) return Number(hook.sleep.seconds) || 0;
  const cmd: string[] = hook.exec?.command ?? [];
  const text = cmd.join(' ');
  const m = /(?:^|[;&\s])sleep\s+(\d+(?:\.\d+)?)/.exec(text);
  return m ? Number(m[1]) : 0;
}

function formatPullSeconds(s: number): string {
  if (s < 1) return `${Math.round(s * 1000)}ms`;
  return `${Number(s.toFixed(3))}s`;
}
