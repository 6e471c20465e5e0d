import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Simulation } from '../sim';
import type { KObject } from '../sim/types';
import { reasonPhrase, type HttpRequest } from '../sim/behaviour/httpServer';
import { concat, SpdyConnection, type SpdyStream } from './spdy';
import { acceptBinaryUpgrade, refuseUpgrade } from './websocket';

/**
 * `pods/portforward`: kubectl's `port-forward` protocol (`portforward.k8s.io`) over SPDY/3.1,
 * reached either through a WebSocket tunnel (`SPDY/3.1+portforward.k8s.io`, kubectl 1.31+) or an
 * HTTP upgrade to SPDY/3.1 (earlier kubectl, or KUBECTL_PORT_FORWARD_WEBSOCKETS=false). For each
 * local connection kubectl opens an "error" and a "data" stream with the same requestID and the
 * pod's port. Nothing is dialled: the bytes kubectl sends are read as HTTP requests and answered
 * by the behaviour model (`portForwardSource`, the kubelet's runtime); a port no container listens
 * on gets the runtime's error on the error stream, which kubectl prints.
 */

const PROTOCOL = 'portforward.k8s.io';
const TUNNEL = `SPDY/3.1+${PROTOCOL}`;
/** A request head larger than this is not read further (the connection is closed). */
const MAX_HEAD = 64 * 1024;

type Status = Record<string, unknown>;
const failure = (code: number, reason: string, message: string): Status => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

/** Which of the two upgrades the client asks for, if either. */
function upgradeKind(req: IncomingMessage): 'websocket' | 'spdy' | undefined {
  const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
  if (upgrade === 'websocket' && typeof req.headers['sec-websocket-key'] === 'string') {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    return offered.includes(TUNNEL) ? 'websocket' : undefined;
  }
  if (upgrade === 'spdy/3.1') {
    const versions = ([] as string[]).concat(req.headers['x-stream-protocol-version'] ?? []).flatMap((v) => v.split(',')).map((s) => s.trim());
    return versions.includes(PROTOCOL) ? 'spdy' : undefined;
  }
  return undefined;
}

export function servePortForward(sim: Simulation, req: IncomingMessage, socket: Duplex, namespace: string, name: string): void {
  const kind = upgradeKind(req);
  if (!kind) return refuseUpgrade(socket, 400, failure(400, 'BadRequest', `kube-rehearsal serve speaks ${PROTOCOL} over a WebSocket tunnel (${TUNNEL}) or an upgrade to SPDY/3.1 for pods/portforward`));
  if (!sim.core.store.get('Pod', namespace, name)) return refuseUpgrade(socket, 404, failure(404, 'NotFound', `pods "${name}" not found`));
  let spdy: SpdyConnection;
  const forwarder = new Forwarder(sim, namespace, name);
  const handlers = { onStream: (s: SpdyStream) => forwarder.stream(s), onClose: () => forwarder.closed() };
  if (kind === 'websocket') {
    const ws = acceptBinaryUpgrade(req, socket, TUNNEL, {
      onMessage: (data) => spdy.receive(data),
      onClose: () => spdy.transportClosed(),
    });
    spdy = new SpdyConnection({ write: (b) => ws.send(b), end: () => ws.close() }, handlers);
    return;
  }
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PROTOCOL}\r\n\r\n`);
  spdy = new SpdyConnection({ write: (b) => socket.write(b), end: () => socket.end() }, handlers);
  socket.on('data', (chunk: Buffer) => spdy.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
  socket.on('error', () => undefined);
  socket.on('close', () => spdy.transportClosed());
}

interface Pair {
  data?: SpdyStream;
  error?: SpdyStream;
  connection?: Connection;
}

/** The streams of one port-forward session, paired by requestID. */
class Forwarder {
  private readonly pairs = new Map<string, Pair>();

  constructor(private readonly sim: Simulation, private readonly namespace: string, private readonly name: string) {}

  stream(s: SpdyStream): boolean {
    const type = s.headers.get('streamtype');
    const port = Number(s.headers.get('port'));
    const id = s.headers.get('requestid') ?? '';
    if ((type !== 'data' && type !== 'error') || !Number.isInteger(port) || port < 1 || port > 65535) return false;
    const pair = this.pairs.get(id) ?? {};
    if (pair[type]) return false;
    pair[type] = s;
    this.pairs.set(id, pair);
    if (pair.data && pair.error) {
      // Both streams are there: the runtime dials the port now (queued, after their replies).
      const { data, error } = pair;
      queueMicrotask(() => {
        pair.connection = new Connection(this.sim, this.namespace, this.name, port, data, error, () => this.pairs.delete(id));
      });
    }
    return true;
  }

  closed(): void {
    for (const p of this.pairs.values()) p.connection?.close();
    this.pairs.clear();
  }
}

/** One forwarded connection: HTTP requests read from the data stream, the model's answers written back. */
class Connection {
  private buffer: Uint8Array = new Uint8Array(0);
  private done = false;
  private http = false;

  constructor(
    private readonly sim: Simulation,
    private readonly namespace: string,
    private readonly name: string,
    private readonly port: number,
    private readonly data: SpdyStream,
    private readonly error: SpdyStream,
    private readonly forget: () => void,
  ) {
    const answer = this.connect();
    if (!answer) return;
    if ('error' in answer) {
      this.fail(answer.error);
      return;
    }
    this.http = answer.protocol === 'HTTP';
    data.onData = (bytes) => this.received(bytes);
    // kubectl half-closes its data stream when the local client is done sending.
    data.onEnd = () => this.close();
  }

  private pod(): KObject | undefined {
    return this.sim.core.store.get('Pod', this.namespace, this.name);
  }

  private connect(request?: HttpRequest) {
    this.sim.runUntil(this.sim.time);
    const pod = this.pod();
    if (!pod) {
      this.fail(`pod ${this.name} not found`);
      return undefined;
    }
    return this.sim.core.portForwardSource?.(pod, this.port, request) ?? { error: `error forwarding port ${this.port}: the simulation has no kubelet` };
  }

  private received(bytes: Uint8Array): void {
    if (this.done) return;
    if (!this.http) {
      // A server that does not speak HTTP: the model cannot answer its protocol; the connection ends.
      return this.close();
    }
    this.buffer = concat([this.buffer, bytes]);
    for (;;) {
      const parsed = parseRequest(this.buffer);
      if (parsed === 'incomplete') {
        if (this.buffer.length > MAX_HEAD) this.close();
        return;
      }
      if (parsed === 'invalid') {
        this.data.write('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return this.close();
      }
      this.buffer = this.buffer.subarray(parsed.length);
      const answer = this.connect({ method: parsed.method, target: parsed.target });
      if (!answer) return;
      if ('error' in answer) return this.fail(answer.error);
      const response = answer.response;
      if (!response) return this.close();
      const keepAlive = parsed.keepAlive;
      const head = [`HTTP/1.1 ${response.status} ${reasonPhrase(response.status)}`, ...response.headers.map(([k, v]) => `${k}: ${v}`), `Connection: ${keepAlive ? 'keep-alive' : 'close'}`];
      this.data.write(head.join('\r\n') + '\r\n\r\n' + response.body);
      if (!keepAlive) return this.close();
    }
  }

  /** Nothing listens (or the pod went away): the runtime's error, then both streams end. */
  private fail(message: string): void {
    if (this.done) return;
    this.error.write(message);
    this.close();
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.data.end();
    this.error.end();
    this.forget();
  }
}

interface ParsedRequest {
  method: string;
  target: string;
  keepAlive: boolean;
  /** Bytes the request takes, body included. */
  length: number;
}

/** One HTTP/1.x request from the start of `buf`: its line, whether the connection stays, its length. */
export function parseRequest(bytes: Uint8Array): ParsedRequest | 'incomplete' | 'invalid' {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return 'incomplete';
  const lines = buf.toString('latin1', 0, end).split('\r\n');
  const m = /^([A-Z]+) (\S+) HTTP\/(1\.[01])$/.exec(lines[0]);
  if (!m) return 'invalid';
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  let length = end + 4;
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
    // Chunk by chunk: a size line, the data, CRLF; size 0 ends (trailers are not read).
    for (;;) {
      const eol = buf.indexOf('\r\n', length);
      if (eol < 0) return 'incomplete';
      const size = parseInt(buf.toString('latin1', length, eol).split(';')[0], 16);
      if (!Number.isInteger(size) || size < 0) return 'invalid';
      if (size === 0) {
        if (buf.length < eol + 4) return 'incomplete';
        length = eol + 4;
        break;
      }
      length = eol + 2 + size + 2;
      if (buf.length < length) return 'incomplete';
    }
  } else if (headers.has('content-length')) {
    const n = Number(headers.get('content-length'));
    if (!Number.isInteger(n) || n < 0) return 'invalid';
    if (buf.length < length + n) return 'incomplete';
    length += n;
  }
  const connection = (headers.get('connection') ?? '').toLowerCase();
  const keepAlive = m[3] === '1.1' ? connection !== 'close' : connection === 'keep-alive';
  return { method: m[1], target: m[2], keepAlive, length };
}
