import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Simulation } from '../sim';
import type { KObject } from '../sim/types';
import { deepCopy } from '../sim/util';
import { ShellClock } from '../shell/clock';
import { selfSignedCertificate } from './certificate';
import { servePodStream } from './exec';
import { KubernetesApi, wallAnchoredEpoch, type ApiReply, type ApiRequest, type FollowSpec, type WatchSpec } from './api';
import { HttpError, statusBody, statusOf } from './status';

/**
 * The HTTP side of `kube-rehearsal serve`: Node's https server on 127.0.0.1 only (a self-signed
 * certificate made at start: kubectl sends a token only over TLS), a bearer token on every request, the virtual clock driven by wall time at the chosen speed, and the streams
 * (watches, followed logs) fed from the simulator's store as it changes.
 */

export const LOOPBACK = '127.0.0.1';
const MAX_BODY = 16 * 1024 * 1024;
/** Watch events kept for clients that resume from a resourceVersion (older ones get 410 Gone). */
const WATCH_LOG_SIZE = 20_000;
/** How long a request waits for a source's simulation that is busy (the editor's dry run running). */
const BUSY_WAIT_MS = 60_000;

export interface ServeOptions {
  /** The simulation served (the CLI's); or `source` for one that is owned elsewhere. */
  sim?: Simulation;
  source?: ServeSource;
  token: string;
  /** 0 picks a free port. */
  port: number;
  /** Virtual seconds per real second. */
  speed: number;
  tickMs?: number;
  /** Wall clock (tests replace it). */
  now?: () => number;
  /**
   * The wall-clock time virtual 0 of a simulation is presented as, asked once when it is bound
   * (default: its virtual now is the wall clock's now then). At a speed above 1x the virtual now
   * runs ahead of the wall clock; object times stay put.
   */
  epochMs?: (sim: Simulation) => number;
}

/**
 * A simulation owned by someone else (the editor's dry-run session): it may be replaced (going back
 * in time rebuilds it), be unusable for a while (a run in progress), and it decides how time passes.
 */
export interface ServeSource {
  /** The simulation to serve now; undefined while it cannot be used. */
  current(): Simulation | undefined;
  /** Resolves once current() may answer (requests wait for it). */
  ready(): Promise<void>;
  /** Lets `seconds` of virtual time pass (the clock's due time). */
  advance(seconds: number): void;
  /** A request changed the cluster (the store's resourceVersion moved): `api` serves the simulation it changed. */
  changed?(req: ApiRequest, api: KubernetesApi): void;
  /** Something in the store changed (a request, a controller, the clock). */
  stored?(): void;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The API over the simulation served now. */
  readonly api: KubernetesApi;
  clock: ShellClock;
  /** The server's certificate (PEM), the kubeconfig's certificate authority. */
  ca: string;
  close(): Promise<void>;
}

interface LogEntry {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  obj: KObject;
}

interface Stream {
  /** Called for every change in the store (watches of stored kinds). */
  onChange?(e: LogEntry): void;
  /** Called on every clock tick (followed logs, watches of events). */
  onTick?(): void;
  end(): void;
}

/** The kubectl command a request comes from (kubectl sends it in the `Kubectl-Command` header). */
function commandOf(req: IncomingMessage): string | undefined {
  const h = req.headers['kubectl-command'];
  const v = Array.isArray(h) ? h[0] : h;
  return v && /^kubectl( [a-z-]+){0,3}$/.test(v) ? v : undefined;
}

export function startServer(opts: ServeOptions): Promise<RunningServer> {
  const { token } = opts;
  const fixed = opts.sim;
  const source: ServeSource = opts.source ?? {
    current: () => fixed,
    ready: () => Promise.resolve(),
    advance: (seconds) => void fixed!.runUntil(fixed!.time + seconds),
  };
  const clock = new ShellClock(opts.now ?? (() => Date.now()), opts.speed);
  let address = `${LOOPBACK}:${opts.port}`;
  const streams = new Set<Stream>();
  let log: LogEntry[] = [];
  // The simulation served, and what belongs to it: a replaced one ends every stream (clients
  // list and watch again, as after an API server restart: resourceVersions start over).
  let sim!: Simulation;
  let api!: KubernetesApi;
  // Versions before this are not in the log: a watch resuming from one cannot be served.
  let floor = 0;
  const bind = (next: Simulation) => {
    for (const s of streams) s.end();
    streams.clear();
    sim = next;
    api = new KubernetesApi(next, () => address, opts.epochMs?.(next) ?? wallAnchoredEpoch(next, (opts.now ?? Date.now)()));
    log = [];
    floor = next.core.store.resourceVersion;
    next.core.store.watchAll((type, obj) => {
      if (sim !== next) return;
      const e: LogEntry = { rv: Number(obj.metadata.resourceVersion), type, obj: deepCopy(obj) };
      log.push(e);
      if (log.length > WATCH_LOG_SIZE) floor = log.splice(0, log.length - WATCH_LOG_SIZE).pop()!.rv;
      for (const s of streams) s.onChange?.(e);
      source.stored?.();
    });
  };
  const first = source.current();
  if (!first) return Promise.reject(new Error('no simulation to serve'));
  bind(first);
  /** The simulation served now, bound; undefined while the source's cannot be used. */
  const usable = (): Simulation | undefined => {
    const now = source.current();
    if (now && now !== sim) bind(now);
    return now;
  };

  const advance = () => {
    const due = clock.due();
    if (!usable()) return false;
    if (due > 0) source.advance(due);
    // The clock may have stopped on the old simulation's side: follow a replacement at once.
    if (!usable()) return false;
    api.settle();
    return true;
  };

  const expected = Buffer.from(`Bearer ${token}`);
  const authorized = (req: IncomingMessage) => {
    const got = Buffer.from(req.headers.authorization ?? '');
    return got.length === expected.length && timingSafeEqual(new Uint8Array(got), new Uint8Array(expected));
  };

  const sendJson = (res: ServerResponse, code: number, body: unknown, contentType = 'application/json', warnings: string[] = []) => {
    const text = JSON.stringify(body);
    const headers: Record<string, string | string[]> = { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-cache, private' };
    if (warnings.length) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
    // As the API server's ErrorNegotiated: a Status asking for a delay says so in Retry-After too.
    const retry = (body as { details?: { retryAfterSeconds?: number } } | undefined)?.details?.retryAfterSeconds;
    if (code >= 400 && retry && retry > 0) headers['Retry-After'] = String(retry);
    res.writeHead(code, headers);
    res.end(text);
  };

  const serveWatch = (res: ServerResponse, spec: WatchSpec) => {
    const line = (type: string, o: Record<string, unknown>) => {
      const object = spec.table ? api.table(spec.res, [o], String((o.metadata as { resourceVersion?: string }).resourceVersion ?? ''), spec.includeObject) : { apiVersion: spec.res.apiVersion, kind: spec.res.kind, ...o };
      res.write(JSON.stringify({ type, object }) + '\n');
    };
    const visible = (o: KObject) => o.kind === spec.res.kind && (spec.namespace === undefined || o.metadata.namespace === spec.namespace);
    // A version ahead of the store was seen in a simulation since replaced (the editor's session
    // went back in time): as if compacted away, so the client lists again.
    const ahead = spec.resourceVersion !== undefined && spec.resourceVersion > sim.core.store.resourceVersion;
    if (spec.resourceVersion !== undefined && ((spec.resourceVersion < floor && spec.resourceVersion !== sim.core.store.resourceVersion) || ahead)) {
      // As the API server says it when the version has been compacted away: the client lists again.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ type: 'ERROR', object: statusBody('Expired', `too old resource version: ${spec.resourceVersion} (${floor})`).body }) + '\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    // The client waits for the headers before it reads events: send them now, not with the first event.
    res.flushHeaders();
    const bookmark = () => {
      if (!spec.bookmarks) return;
      res.write(JSON.stringify({ type: 'BOOKMARK', object: { kind: spec.res.kind, apiVersion: spec.res.apiVersion, metadata: { resourceVersion: String(sim.core.store.resourceVersion) } } }) + '\n');
    };
    const stream: Stream = { end: () => res.end() };
    if (spec.res.kind === 'Event') {
      // Events are the simulation's record, not stored objects: changes are found on each tick.
      const seen = new Map<string, number>();
      const scan = (initial: boolean) => {
        for (const e of api.events(spec.namespace, spec.res)) {
          if (!spec.matches(e)) continue;
          const name = (e.metadata as { name: string }).name;
          const count = (e.count ?? e.deprecatedCount) as number;
          const before = seen.get(name);
          if (before === count) continue;
          seen.set(name, count);
          if (initial && spec.resourceVersion !== undefined) continue;
          line(before === undefined ? 'ADDED' : 'MODIFIED', e);
        }
      };
      scan(true);
      stream.onTick = () => scan(false);
    } else {
      if (spec.resourceVersion === undefined || spec.sendInitialEvents) {
        for (const o of api.listObjects(spec.res.kind, spec.namespace)) {
          const a = api.toApi(o);
          if (spec.matches(a)) line('ADDED', a);
        }
        if (spec.sendInitialEvents)
          res.write(JSON.stringify({ type: 'BOOKMARK', object: { kind: spec.res.kind, apiVersion: spec.res.apiVersion, metadata: { resourceVersion: String(sim.core.store.resourceVersion), annotations: { 'k8s.io/initial-events-end': 'true' } } } }) + '\n');
      } else {
        for (const e of log) if (e.rv > spec.resourceVersion && visible(e.obj)) {
          const a = api.toApi(e.obj);
          if (spec.matches(a)) line(e.type, a);
        }
      }
      stream.onChange = (e) => {
        if (!visible(e.obj)) return;
        const a = api.toApi(e.obj);
        if (spec.matches(a)) line(e.type, a);
      };
    }
    let ticks = 0;
    const onTick = stream.onTick;
    stream.onTick = () => {
      onTick?.();
      if (++ticks % 50 === 0) bookmark();
    };
    streams.add(stream);
    const stop = () => {
      streams.delete(stream);
      clearTimeout(timer);
    };
    const timer = spec.timeoutSeconds !== undefined ? setTimeout(() => {
      stop();
      res.end();
    }, spec.timeoutSeconds * 1000) : undefined;
    res.on('close', stop);
  };

  const serveFollow = (res: ServerResponse, spec: FollowSpec) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    res.write(spec.initial);
    const status = () => {
      const pod = sim.core.store.get('Pod', spec.namespace, spec.pod);
      const st = [...(pod?.status?.initContainerStatuses ?? []), ...(pod?.status?.containerStatuses ?? [])].find((s: { name: string }) => s.name === spec.container);
      return { pod, st };
    };
    // The run being followed: the log ends when it ends, as `kubectl logs -f` does.
    const startedAt = status().st?.state?.running?.startedAt;
    const stream: Stream = { end: () => res.end() };
    const finish = () => {
      streams.delete(stream);
      res.end();
    };
    if (startedAt === undefined) return void finish();
    stream.onTick = () => {
      const { pod, st } = status();
      if (!pod) return finish();
      const same = st?.state?.running?.startedAt === startedAt;
      let lines: { at: number; line: string }[] = [];
      try {
        lines = api.logEntries(pod, spec.container, !same && st?.state?.running !== undefined);
      } catch {
        lines = [];
      }
      if (lines.length > spec.sent) res.write(lines.slice(spec.sent).map((e) => api.logLine(e, spec.timestamps, spec.epochMs)).join(''));
      spec.sent = Math.max(spec.sent, lines.length);
      if (!same) finish();
    };
    streams.add(stream);
    res.on('close', () => streams.delete(stream));
  };

  const reply = (res: ServerResponse, r: ApiReply) => {
    switch (r.type) {
      case 'json': return sendJson(res, r.code, r.body, r.contentType, r.warnings);
      case 'text':
        res.writeHead(r.code, { 'Content-Type': 'text/plain', 'Content-Length': String(Buffer.byteLength(r.body)) });
        return void res.end(r.body);
      case 'bytes':
        res.writeHead(r.code, { 'Content-Type': r.contentType, 'Content-Length': String(r.body.length) });
        return void res.end(r.body);
      case 'watch': return serveWatch(res, r.spec);
      case 'follow': return serveFollow(res, r.spec);
    }
  };

  const tls = selfSignedCertificate();
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    if (!authorized(req)) {
      const s = statusBody('Unauthorized', 'Unauthorized');
      return sendJson(res, s.code, s.body);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(new Uint8Array(c));
    });
    req.on('end', () => {
      if (size > MAX_BODY) {
        const s = statusBody('RequestEntityTooLarge', 'the request body is too large');
        return sendJson(res, 413, s.body);
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      const raw = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        raw.set(c, at);
        at += c.length;
      }
      const request: ApiRequest = {
        method: req.method ?? 'GET', path: url.pathname, query: url.searchParams,
        accept: String(req.headers.accept ?? ''), contentType: String(req.headers['content-type'] ?? 'application/json'),
        body: new TextDecoder().decode(raw), raw, command: commandOf(req), userAgent: String(req.headers['user-agent'] ?? ''),
        impersonate: impersonationOf(req),
      };
      const failed = (e: unknown) => {
        const s = statusOf(e);
        if (!res.headersSent) sendJson(res, s.code, s.body);
        else res.end();
      };
      whenUsable().then(() => {
        try {
          const before = sim.core.store.resourceVersion;
          const served = api;
          const r = api.handle(request);
          if (sim.core.store.resourceVersion !== before) source.changed?.(request, served);
          reply(res, r);
        } catch (e) {
          failed(e);
        }
      }, failed);
    });
  });

  /** Waits until the source's simulation can be used, then lets the time due pass. */
  const whenUsable = async () => {
    const deadline = Date.now() + BUSY_WAIT_MS;
    for (let i = 0; !advance(); i++) {
      if (Date.now() > deadline) throw new HttpError('ServiceUnavailable', 'the simulated cluster stayed busy (a dry run is in progress): try again');
      await source.ready();
      // ready() resolves between two runs; a run may start again before this continues.
      if (i > 0) await new Promise((r) => setTimeout(r, 20));
    }
  };

  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    // Bytes the client sent right behind the request are the protocol's first frames.
    if (head.length) socket.unshift(head);
    void whenUsable().then(() => {
      const stream = servePodStream(sim, req, socket, authorized(req));
      if (!stream) return;
      streams.add(stream);
      socket.on('close', () => streams.delete(stream));
    }).catch(() => socket.destroy());
  });

  const tick = setInterval(() => {
    try {
      if (!advance()) return;
    } catch {
      // A failing simulation step must not take the server down; the next request reports it.
    }
    for (const s of [...streams]) s.onTick?.();
  }, opts.tickMs ?? 100);

  return new Promise((resolve, reject) => {
    server.once('error', (e) => {
      clearInterval(tick);
      reject(e);
    });
    server.listen(opts.port, LOOPBACK, () => {
      const port = (server.address() as AddressInfo).port;
      address = `${LOOPBACK}:${port}`;
      resolve({
        url: `https://${LOOPBACK}:${port}`, port, clock, ca: tls.cert,
        get api() {
          return api;
        },
        close: () => new Promise<void>((done) => {
          clearInterval(tick);
          for (const s of streams) s.end();
          streams.clear();
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}

/** `kubectl --as USER [--as-group G]`: the Impersonate-User and Impersonate-Group headers. */
function impersonationOf(req: { headers: Record<string, string | string[] | undefined> }): { user: string; groups: string[] } | undefined {
  const user = req.headers['impersonate-user'];
  if (typeof user !== 'string' || !user) return undefined;
  const g = req.headers['impersonate-group'];
  const groups = (Array.isArray(g) ? g : g ? [g] : []).flatMap((x) => x.split(',').map((y) => y.trim())).filter(Boolean);
  return { user, groups };
}
