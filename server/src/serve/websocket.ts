import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The server side of RFC 6455 as the Kubernetes streaming protocols use it
 * (`v5.channel.k8s.io`, `v4.channel.k8s.io`): binary messages whose first byte is the channel
 * (0 stdin, 1 stdout, 2 stderr, 3 the final metav1.Status, 4 terminal size; v5 adds 255 = "the
 * client closed stream N"). Client frames are masked and may be fragmented; pings are answered.
 * port-forward's tunnel (`SPDY/3.1+portforward.k8s.io`) uses the same framing without channels.
 */

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** A client message larger than this ends the connection (stdin arrives in small pieces). */
const MAX_MESSAGE = 16 * 1024 * 1024;

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;
export const CLOSE = 255;

function frame(opcode: number, payload: Uint8Array): Uint8Array {
  const n = payload.length;
  const head = n < 126 ? new Uint8Array([0x80 | opcode, n]) : n < 65536 ? new Uint8Array([0x80 | opcode, 126, n >> 8, n & 0xff]) : (() => {
    const b = Buffer.alloc(10);
    b[0] = 0x80 | opcode;
    b[1] = 127;
    b.writeBigUInt64BE(BigInt(n), 2);
    return new Uint8Array(b);
  })();
  const out = new Uint8Array(head.length + n);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

export interface ChannelSocket {
  readonly protocol: string;
  /** Writes text on a channel (stdout, stderr, the error channel). */
  send(channel: number, data: string): void;
  /** Sends the close frame and ends the connection. */
  close(): void;
  readonly closed: boolean;
}

export interface ChannelHandlers {
  /** A message from the client: its channel and payload. */
  onMessage(channel: number, data: Uint8Array): void;
  /** The connection ended (close frame or the socket went away). */
  onClose(): void;
}

/** Writes the raw HTTP answer to an upgrade request that is refused. */
export function refuseUpgrade(socket: Duplex, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  const reason = ({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed' } as Record<number, string>)[code] ?? 'Error';
  socket.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}

/** The subprotocol to speak, from those the client offers (the first of `supported` it offers). */
export function chooseProtocol(req: IncomingMessage, supported: string[]): string | undefined {
  if (String(req.headers.upgrade ?? '').toLowerCase() !== 'websocket' || typeof req.headers['sec-websocket-key'] !== 'string') return undefined;
  const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
  return supported.find((p) => offered.includes(p));
}

/** Completes the handshake and frames what goes both ways (the channel protocols: a channel byte first). */
export function acceptUpgrade(req: IncomingMessage, socket: Duplex, protocol: string, handlers: ChannelHandlers): ChannelSocket {
  const ws = acceptBinaryUpgrade(req, socket, protocol, {
    onMessage: (data) => {
      if (data.length > 0) handlers.onMessage(data[0], data.subarray(1));
    },
    onClose: () => handlers.onClose(),
  });
  return {
    protocol,
    get closed() {
      return ws.closed;
    },
    send(channel, data) {
      const body = Buffer.from(data);
      const payload = new Uint8Array(body.length + 1);
      payload[0] = channel;
      payload.set(new Uint8Array(body), 1);
      ws.send(payload);
    },
    close: () => ws.close(),
  };
}

export interface BinarySocket {
  /** Sends one binary message. */
  send(payload: Uint8Array): void;
  /** Sends the close frame and ends the connection. */
  close(): void;
  readonly closed: boolean;
}

/**
 * Completes the handshake; each binary message is handed over whole (the SPDY tunnel of
 * port-forward: its bytes are a stream cut into messages anywhere).
 */
export function acceptBinaryUpgrade(req: IncomingMessage, socket: Duplex, protocol: string, handlers: { onMessage(data: Uint8Array): void; onClose(): void }): BinarySocket {
  const accept = createHash('sha1').update(String(req.headers['sec-websocket-key']) + GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`);
  let closed = false;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    closed = true;
    handlers.onClose();
  };
  let pending = new Uint8Array(0);
  let fragments: Uint8Array[] = [];
  let fragmentsSize = 0;
  const ws: BinarySocket = {
    get closed() {
      return closed;
    },
    send(payload) {
      if (!closed) socket.write(frame(0x2, payload));
    },
    close() {
      if (closed) return;
      closed = true;
      socket.end(frame(0x8, new Uint8Array([0x03, 0xe8])));
    },
  };
  const message = (data: Uint8Array) => handlers.onMessage(data);
  socket.on('data', (chunk: Buffer) => {
    const joined = new Uint8Array(pending.length + chunk.length);
    joined.set(pending);
    joined.set(new Uint8Array(chunk), pending.length);
    pending = joined;
    for (;;) {
      if (pending.length < 2) return;
      const fin = (pending[0] & 0x80) !== 0;
      const opcode = pending[0] & 0x0f;
      const masked = (pending[1] & 0x80) !== 0;
      let len = pending[1] & 0x7f;
      let at = 2;
      if (len === 126) {
        if (pending.length < 4) return;
        len = (pending[2] << 8) | pending[3];
        at = 4;
      } else if (len === 127) {
        if (pending.length < 10) return;
        const big = Buffer.from(pending.subarray(2, 10)).readBigUInt64BE(0);
        if (big > BigInt(MAX_MESSAGE)) return void socket.destroy();
        len = Number(big);
        at = 10;
      }
      const maskAt = at;
      if (masked) at += 4;
      if (pending.length < at + len) return;
      const payload = pending.slice(at, at + len);
      if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= pending[maskAt + (i % 4)];
      pending = pending.slice(at + len);
      if (opcode === 0x8) {
        // The client closes: answer with a close frame, as the protocol asks.
        if (!closed) {
          closed = true;
          socket.end(frame(0x8, new Uint8Array([0x03, 0xe8])));
        }
        end();
        return;
      }
      if (opcode === 0x9) {
        if (!closed) socket.write(frame(0xa, payload));
        continue;
      }
      if (opcode === 0xa) continue;
      if (opcode === 0x0 || opcode === 0x1 || opcode === 0x2) {
        fragmentsSize += payload.length;
        if (fragmentsSize > MAX_MESSAGE) return void socket.destroy();
        fragments.push(payload);
        if (!fin) continue;
        const whole = new Uint8Array(fragmentsSize);
        let o = 0;
        for (const f of fragments) {
          whole.set(f, o);
          o += f.length;
        }
        fragments = [];
        fragmentsSize = 0;
        message(whole);
        continue;
      }
      // An opcode the protocol does not define: the connection is not one we can follow.
      socket.destroy();
      return;
    }
  });
  socket.on('error', () => undefined);
  socket.on('close', end);
  return ws;
}
