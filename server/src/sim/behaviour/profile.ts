/** The shape of image catalog entries: what each program in an image does when it runs. */

export type PortProtocol = 'TCP' | 'UDP' | 'HTTP' | 'GRPC';

/** An HTTP answer for a path, optionally only within a window of seconds since the container started. */
export interface HttpRoute {
  /** Exact path, or a prefix ending in `*`. */
  path: string;
  status: number;
  port?: number;
  /** Active from this many seconds after the container started (inclusive)... */
  afterSeconds?: number;
  /** ...until this many seconds (exclusive). */
  untilSeconds?: number;
  /** The status is the number after the prefix (httpbin's `/status/500`). */
  statusFromPath?: boolean;
}

export interface ServicePort {
  port: number;
  protocol: PortProtocol;
  /** The server answers grpc.health.v1.Health with SERVING. */
  grpcHealth?: boolean;
}

export interface SigtermBehaviour {
  /** The process exits on SIGTERM (or the image's stop signal) by itself. */
  handles: boolean;
  /** Seconds from the signal to the exit. */
  stopSeconds?: number;
  exitCode?: number;
}

/** A long-running server. */
export interface DaemonSpec {
  kind: 'daemon';
  startupSeconds: number;
  ports: ServicePort[];
  /** Listen on the container's declared containerPorts instead (HTTP, gRPC health assumed). */
  portsFromContainer?: boolean;
  /** Command-line flags that move a port, e.g. `--http-port=8081` or `--port 9000`. */
  portFlags?: { flag: string; portIndex: number }[];
  /** A positional argument (index in the program's arguments) that sets a port, e.g. `python -m http.server 9000`. */
  portArgIndex?: number;
  http?: HttpRoute[];
  /** Status for paths no route matches (default 404). */
  httpDefaultStatus?: number;
  /** A static file server: a 200 answers with the file under this directory (`/` is its index.html). */
  docRoot?: string;
  /** Lines printed when the server is ready. */
  logs?: string[];
  /** Lines printed at once on start, before the start-up time. */
  startLogs?: string[];
  memoryMiB?: number;
  sigterm: SigtermBehaviour;
  exitAfterSeconds?: number;
  exitCode?: number;
  /** The server refuses to start unless one of these environment variables is set. */
  requireEnv?: { anyOf: string[]; logs: string[]; exitCode: number };
}

/** A program that prints and exits. */
export interface OneShotSpec {
  kind: 'oneshot';
  logs: string[];
  exitCode: number;
  seconds?: number;
}

/** sh, bash, ash: the command interpreter. */
export interface ShellSpec { kind: 'shell' }

/** node, python, perl: an interactive REPL/debugger without arguments (exits at once without stdin/tty). */
export interface LanguageSpec { kind: 'language'; language: 'node' | 'python' | 'perl' }

/** docker-entrypoint.sh and friends: runs its arguments, prefixing the default program when they start with `-`. */
export interface WrapperSpec { kind: 'wrapper'; defaultProgram?: string }

/** A multi-call binary such as agnhost: the first argument selects the behaviour. */
export interface SubcommandSpec {
  kind: 'subcommands';
  commands: Record<string, ProgramSpec>;
  /** What runs without a subcommand. */
  none?: ProgramSpec;
}

/** A health-check client (redis-cli ping, pg_isready, mysqladmin ping): succeeds when a local port serves. */
export interface HealthToolSpec {
  kind: 'healthTool';
  port: number;
  okOutput: string;
  failOutput: string;
  failCode: number;
}

/** A program that allocates memory given on its command line (polinux/stress). */
export interface StressSpec { kind: 'stress' }

export type ProgramSpec = DaemonSpec | OneShotSpec | ShellSpec | LanguageSpec | WrapperSpec | SubcommandSpec | HealthToolSpec | StressSpec;

/**
 * Which tags exist. A tag is accepted when, after removing one of `suffixes`, it is in `exact` or is
 * a version `X.Y.Z` with `versions["X.Y"] >= Z` (also `X.Y` and, with `majorTags`, `X`).
 */
export interface TagSpec {
  exact: string[];
  versions?: Record<string, number>;
  /** Versions are written with a leading `v` (v2.12). */
  vPrefix?: boolean;
  majorTags?: boolean;
  minorTags?: boolean;
  suffixes?: string[];
  /** Any tag is accepted (the catalog cannot list them, e.g. date-stamped builds). */
  any?: boolean;
  /** Glob patterns of tags (`1.*`), from workspace overrides. */
  patterns?: string[];
  /** Two-part lines: `{ "16": 10 }` accepts `16` and `16.0`..`16.10` (postgres, debian). */
  lines?: Record<string, number>;
}

export interface ImageProfile {
  /** Canonical repository, e.g. `docker.io/library/nginx`. */
  repository: string;
  /** Other repositories with the same behaviour (mirrors, old registries). */
  aliases?: string[];
  summary: string;
  tags: TagSpec;
  sizeMB: number;
  entrypoint?: string[];
  cmd?: string[];
  /** The userland's utilities: busybox applets, GNU coreutils, or none (scratch/distroless: no shell). */
  userland: 'busybox' | 'gnu' | 'none';
  programs: Record<string, ProgramSpec>;
  /** Tags whose name matches (regex) use another userland, e.g. `alpine` variants use busybox. */
  userlandByTag?: { pattern: string; userland: 'busybox' | 'gnu' | 'none' }[];
  env?: Record<string, string>;
  files?: Record<string, string>;
  workingDir?: string;
  /** Sentences shown to the user about what the catalog does not know about this image. */
  notes?: string[];
}
