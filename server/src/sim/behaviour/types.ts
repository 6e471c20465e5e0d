/**
 * The contract between the kubelet (server/src/sim/kubelet/**) and the behaviour model
 * (server/src/sim/behaviour/**): what a container would do, decided without running anything.
 *
 * Times are virtual seconds since the start of the simulation. Everything is deterministic:
 * the same inputs give the same answers.
 */

import type { HttpRequest, PortAnswer } from './httpServer';

export interface ContainerPortSpec {
  containerPort: number;
  name?: string;
  protocol?: string;
}

/** A probe's action, as written in the manifest (named ports already resolved by the kubelet). */
export type ProbeAction =
  | { type: 'httpGet'; port: number; path: string; scheme?: string; host?: string }
  | { type: 'tcpSocket'; port: number; host?: string }
  | { type: 'grpc'; port: number; service?: string }
  | { type: 'exec'; command: string[] };

export interface ProbeResult {
  success: boolean;
  /** On failure, the text kubelet puts after `Liveness probe failed: ` (e.g. `HTTP probe failed with statuscode: 500`). */
  message?: string;
}

/** What the kubelet passes when it starts a container. */
export interface ContainerStartSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  /** Resolved environment (valueFrom already resolved where it could be). */
  env: Record<string, string>;
  ports: ContainerPortSpec[];
  /** Memory limit in bytes, if set. */
  memoryLimitBytes?: number;
  workingDir?: string;
  /** stdin/tty as in the spec: shells and REPLs exit at once without them. */
  stdin?: boolean;
  tty?: boolean;
  /** The pod's name: the container's hostname and $HOSTNAME (appended by the behaviour model). */
  podName?: string;
  /** The pod's IP, used in probe messages when probe() is not given one (appended). */
  podIP?: string;
  /**
   * Mounted volumes (appended): each mountPath exists as a directory, with the given files (names
   * relative to the mount, e.g. ConfigMap/Secret keys). Without them scripts see no mounted paths.
   */
  volumeMounts?: { mountPath: string; files?: Record<string, string> }[];
}

export interface ImagePullResult {
  /** The pull succeeds. */
  ok: boolean;
  /** Seconds the pull takes (success or failure). */
  seconds: number;
  /** On failure, the error text after `Failed to pull image "x": ` (e.g. `... manifest unknown`). */
  error?: string;
  /** The image is in the catalog (else the unknown-image assumption applies). */
  known: boolean;
  /** Image size for the `Pulled` event's `Image size: <n> bytes.` (appended). */
  sizeBytes?: number;
}

export interface ContainerExit {
  /** Virtual time of the exit. */
  at: number;
  exitCode: number;
  /** Kubelet's terminated reason: Completed (0), Error (non-zero), OOMKilled (137 on memory). */
  reason: 'Completed' | 'Error' | 'OOMKilled';
  /**
   * Set when the process could not start at all (exit code 128, e.g. `exec: "sh": executable file
   * not found in $PATH` on a scratch image): the kubelet shows reason StartError (appended).
   */
  startError?: string;
}

/** One run of a container: from start until it exits or is killed. A restart is a new run. */
export interface ContainerRun {
  /** When the process becomes able to serve (ports open, HTTP paths answer); undefined if never. */
  readonly readyAt?: number;
  /** When and how the process exits on its own, if it does before the horizon given to start(). */
  readonly exit?: ContainerExit;
  /**
   * Evaluate a probe at virtual time `at` (the run's state at that time: files, serving ports, HTTP codes).
   * `podIP` appears in failure messages; `timeoutSeconds` (default 1) bounds exec probes (both appended).
   */
  probe(action: ProbeAction, at: number, podIP?: string, timeoutSeconds?: number): ProbeResult;
  /**
   * SIGTERM at `at`: the time the process exits by itself, or undefined when it ignores SIGTERM
   * (the kubelet then sends SIGKILL after the grace period).
   */
  terminate(at: number): { exitAt: number; exitCode: number } | undefined;
  /** stdout/stderr lines written up to virtual time `at`, oldest first (bounded; the oldest lines drop). */
  logs(at: number): string[];
  /** Things the model assumed rather than knew, each a sentence for the user. */
  readonly assumptions: string[];
  /** logs() with the virtual time each line was written (appended). */
  logEntries?(at: number): { at: number; line: string }[];
  /**
   * `kubectl exec`: runs `command` inside the container at `at` (its files and servers as they are
   * then), for at most `timeoutSeconds`, reading `stdin` when given (`kubectl exec -i`); what it
   * printed and its exit code (appended). Interpreted, never executed.
   */
  exec?(command: string[], at: number, timeoutSeconds?: number, stdin?: string): ExecResult;
  /**
   * A connection to `port` at `at` (`kubectl port-forward`): refused, open to a server that does
   * not speak HTTP, or, given the request read from it, the HTTP response (appended).
   */
  connect?(port: number, at: number, request?: HttpRequest): PortAnswer;
}

export interface ExecResult {
  output: string;
  /** undefined: still running when the time ran out. */
  exitCode?: number;
  /** The program does not exist in the image: the exec fails to start. */
  notFound?: boolean;
  /** Then the runtime's reason (`exec: "x": executable file not found in $PATH`). */
  startError?: string;
}

export interface BehaviourModel {
  /** Pulling `image` (the first pull per node; cached images are the kubelet's business). */
  pull(image: string): ImagePullResult;
  /**
   * Start a run at virtual time `startedAt`. The run is computed up to `horizon` (the end of the
   * simulation): an infinite loop simply has no exit before it.
   */
  start(spec: ContainerStartSpec, startedAt: number, horizon: number): ContainerRun;
  /** What the simulator assumes about an image, for hovers and `assumptions` (known or not). */
  describeImage(image: string): { known: boolean; summary: string; tags?: string[] };
}

/** Per-workspace overrides from `.kube-rehearsal.yaml` (schema in schemas/kube-rehearsal-config.json). */
export interface ImageBehaviourOverride {
  /** Image pattern: `myapp`, `myapp:*`, `registry.example.com/team/*` */
  image: string;
  startupSeconds?: number;
  ports?: { port: number; protocol?: 'TCP' | 'UDP' | 'HTTP' | 'GRPC' }[];
  http?: { path: string; port?: number; status: number; afterSeconds?: number; untilSeconds?: number }[];
  exitAfterSeconds?: number;
  exitCode?: number;
  memoryMiB?: number;
  handlesSigterm?: boolean;
  logs?: string[];
  tags?: string[];
  pullable?: boolean;
}
