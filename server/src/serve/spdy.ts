import { constants, createInflate, type Inflate } from 'node:zlib';

/**
 * The server side of SPDY/3.1 as Kubernetes' streaming protocols use it (port-forward; kubectl
 * reaches it over a WebSocket tunnel or an HTTP upgrade): the peer opens streams with SYN_STREAM,
 * this side answers SYN_REPLY, both send DATA and half-close with FLAG_FIN; RST_STREAM, PING,
 * SETTINGS, WINDOW_UPDATE and GOAWAY are understood. Frames are byte sequences in, byte sequences
 * out: the transport is the caller's.
 *
 * Header blocks are zlib streams (one per direction per connection) with SPDY/3's dictionary. The
 * peer's are inflated with it; this side's are written as stored (uncompressed) deflate blocks, a
 * valid zlib stream any inflater reads, so writing needs no compressor state.
 */

const VERSION = 3;
const SYN_STREAM = 1;
const SYN_REPLY = 2;
const RST_STREAM = 3;
const SETTINGS = 4;
const PING = 6;
const GOAWAY = 7;
const HEADERS = 8;
const WINDOW_UPDATE = 9;
const FLAG_FIN = 0x01;

export const RST_PROTOCOL_ERROR = 1;
export const RST_INVALID_STREAM = 2;
export const RST_REFUSED_STREAM = 3;
export const RST_CANCEL = 5;

/** A frame larger than this ends the connection (kubectl's DATA frames are at most 32 KiB). */
const MAX_FRAME = 1 << 20;
/** DATA this side sends is cut into frames of this size. */
const DATA_CHUNK = 16 * 1024;
/** The receive window is topped up once this much of it has been used. */
const WINDOW_REFILL = 32 * 1024;

const encoder = new TextEncoder();

/** Joins byte arrays (Uint8Array throughout: this project's Node types do not take Buffers as them). */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const readU32 = (b: Uint8Array, at: number): number => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
const readU16 = (b: Uint8Array, at: number): number => (b[at] << 8) | b[at + 1];
const text = (b: Uint8Array, from: number, to: number, encoding: 'latin1' | 'utf8'): string => Buffer.from(b.buffer, b.byteOffset + from, to - from).toString(encoding);

function u32(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

/**
 * The SPDY/3 header dictionary (draft 3, section 2.6.10.1): length-prefixed names, then a run of
 * common values without separators.
 */
const DICTIONARY_WORDS = [
  'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding', 'accept-language',
  'accept-ranges', 'age', 'allow', 'authorization', 'cache-control', 'connection', 'content-base', 'content-encoding',
  'content-language', 'content-length', 'content-location', 'content-md5', 'content-range', 'content-type', 'date', 'etag',
  'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since',
  'last-modified', 'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer',
  'retry-after', 'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via', 'warning',
  'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1', 'url', 'public', 'set-cookie', 'keep-alive', 'origin',
];
const DICTIONARY_TAIL = '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505'
  + '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized'
  + '403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable'
  + 'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT'
  + 'chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,text/javascript,'
  + 'publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';

export const HEADER_DICTIONARY: Uint8Array = concat([...DICTIONARY_WORDS.flatMap((w) => [u32(w.length), encoder.encode(w)]), encoder.encode(DICTIONARY_TAIL)]);

/** A name/value header block (SPDY/3: 32-bit counts and lengths; names are lower case). */
export function encodeHeaderBlock(headers: [string, string][]): Uint8Array {
  const parts: Uint8Array[] = [u32(headers.length)];
  for (const [name, value] of headers) {
    const n = encoder.encode(name.toLowerCase());
    const v = encoder.encode(value);
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return concat(parts);
}

export function decodeHeaderBlock(block: Uint8Array): Map<string, string> | undefined {
  const headers = new Map<string, string>();
  if (block.length < 4) return undefined;
  const count = readU32(block, 0);
  let at = 4;
  for (let i = 0; i < count; i++) {
    if (at + 4 > block.length) return undefined;
    const nl = readU32(block, at);
    if (at + 4 + nl + 4 > block.length) return undefined;
    const name = text(block, at + 4, at + 4 + nl, 'latin1');
    at += 4 + nl;
    const vl = readU32(block, at);
    if (at + 4 + vl > block.length) return undefined;
    // Several values of one name are NUL-separated: the first is the one the streams use.
    headers.set(name.toLowerCase(), text(block, at + 4, at + 4 + vl, 'utf8').split('\0')[0]);
    at += 4 + vl;
  }
  return headers;
}

function controlFrame(type: number, flags: number, data: Uint8Array): Uint8Array {
  return concat([new Uint8Array([0x80, VERSION, type >> 8, type & 0xff]), u32(((flags & 0xff) << 24) | data.length), data]);
}

function dataFrame(streamId: number, flags: number, data: Uint8Array): Uint8Array {
  return concat([u32(streamId & 0x7fffffff), u32(((flags & 0xff) << 24) | data.length), data]);
}

/** This side's header blocks: one zlib stream of stored deflate blocks (see the file comment). */
class HeaderWriter {
  private started = false;

  block(headers: [string, string][]): Uint8Array {
    const raw = encodeHeaderBlock(headers);
    const parts: Uint8Array[] = [];
    // zlib header: deflate with a 32 KiB window, no preset dictionary, check bits (0x7801 % 31 == 0).
    if (!this.started) parts.push(new Uint8Array([0x78, 0x01]));
    this.started = true;
    for (let at = 0; at < raw.length; at += 0xffff) {
      const piece = raw.subarray(at, at + 0xffff);
      const n = piece.length;
      // A stored block that is not the last: BFINAL 0, BTYPE 00, then LEN and its complement (little endian).
      parts.push(new Uint8Array([0, n & 0xff, n >> 8, ~n & 0xff, (~n >> 8) & 0xff]), piece);
    }
    // An empty stored block ends each header block, as a sync flush does: an inflater hands out
    // what it holds there, without reading past the frame for the next block's header.
    parts.push(new Uint8Array([0, 0, 0, 0xff, 0xff]));
    return concat(parts);
  }
}

/** The peer's header blocks: one inflate stream over the connection, flushed at each block. */
class HeaderReader {
  private readonly inflate: Inflate = createInflate({ dictionary: HEADER_DICTIONARY });
  private out: Uint8Array[] = [];
  private failed?: Error;
  /** Rejects the block being inflated (a stream in error calls no flush callback). */
  private reject?: (e: Error) => void;

  constructor() {
    this.inflate.on('data', (b: Buffer) => this.out.push(new Uint8Array(b.buffer, b.byteOffset, b.length)));
    this.inflate.on('error', (e: Error) => {
      this.failed = e;
      this.reject?.(e);
    });
  }

  block(bytes: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      this.reject = reject;
      this.inflate.write(bytes);
      this.inflate.flush(constants.Z_SYNC_FLUSH, () => {
        this.reject = undefined;
        if (this.failed) return reject(this.failed);
        const result = concat(this.out);
        this.out = [];
        resolve(result);
      });
    });
  }

  close(): void {
    this.inflate.close();
  }
}

export interface SpdyStream {
  readonly id: number;
  /** The peer's SYN_STREAM headers (names lower case). */
  readonly headers: ReadonlyMap<string, string>;
  /** Data the peer sends. */
  onData?: (data: Uint8Array) => void;
  /** The peer half-closed the stream (FLAG_FIN) or reset it. */
  onEnd?: () => void;
  write(data: Uint8Array | string): void;
  /** Half-closes this side (DATA with FLAG_FIN). */
  end(): void;
  reset(status: number): void;
}

interface StreamState extends SpdyStream {
  localClosed: boolean;
  remoteClosed: boolean;
  received: number;
}

export interface SpdyHandlers {
  /** A stream the peer opened; SYN_REPLY is sent when this returns true, RST_STREAM otherwise. */
  onStream(stream: SpdyStream): boolean;
  /** The connection is over (GOAWAY, a protocol error, or the transport closed). */
  onClose(): void;
}

export interface SpdyTransport {
  write(bytes: Uint8Array): void;
  end(): void;
}

export class SpdyConnection {
  private pending: Uint8Array = new Uint8Array(0);
  private queue: Promise<void> = Promise.resolve();
  private readonly reader = new HeaderReader();
  private readonly writer = new HeaderWriter();
  private readonly streams = new Map<number, StreamState>();
  private lastPeerStream = 0;
  private closed = false;
  private receivedSinceUpdate = 0;

  constructor(private readonly transport: SpdyTransport, private readonly handlers: SpdyHandlers) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Bytes from the transport. */
  receive(chunk: Uint8Array): void {
    if (this.closed) return;
    this.pending = this.pending.length ? concat([this.pending, chunk]) : chunk.slice();
    while (this.pending.length >= 8) {
      const length = readU32(this.pending, 4) & 0xffffff;
      if (length > MAX_FRAME) return this.goAway(RST_PROTOCOL_ERROR);
      if (this.pending.length < 8 + length) return;
      const frame = this.pending.subarray(0, 8 + length);
      this.pending = this.pending.subarray(8 + length);
      // Header blocks inflate asynchronously: frames are handled strictly in order.
      this.queue = this.queue.then(() => this.frame(frame)).catch(() => this.goAway(RST_PROTOCOL_ERROR));
    }
  }

  /** The transport went away. */
  transportClosed(): void {
    this.shutdown();
  }

  /** Ends the connection: GOAWAY, then the transport. */
  close(): void {
    this.goAway(0);
  }

  private async frame(frame: Uint8Array): Promise<void> {
    if (this.closed) return;
    const flags = frame[4];
    const data = frame.subarray(8);
    if ((frame[0] & 0x80) === 0) return this.dataFrame(readU32(frame, 0) & 0x7fffffff, flags, data);
    const version = readU16(frame, 0) & 0x7fff;
    const type = readU16(frame, 2);
    if (version !== VERSION) return this.goAway(RST_PROTOCOL_ERROR);
    switch (type) {
      case SYN_STREAM: {
        if (data.length < 10) return this.goAway(RST_PROTOCOL_ERROR);
        const id = readU32(data, 0) & 0x7fffffff;
        const headers = decodeHeaderBlock(await this.reader.block(data.subarray(10)));
        if (this.closed) return;
        if (!headers) return this.goAway(RST_PROTOCOL_ERROR);
        // Peer streams are odd and increasing.
        if (id % 2 === 0 || id <= this.lastPeerStream) return this.resetStream(id, RST_PROTOCOL_ERROR);
        this.lastPeerStream = id;
        const stream = this.newStream(id, headers);
        this.streams.set(id, stream);
        if (!this.handlers.onStream(stream)) {
          this.streams.delete(id);
          return this.resetStream(id, RST_REFUSED_STREAM);
        }
        this.send(controlFrame(SYN_REPLY, 0, concat([u32(id), this.writer.block([])])));
        if (flags & FLAG_FIN) this.remoteEnd(stream);
        return;
      }
      case HEADERS:
        // Headers after the first carry nothing the streams use, but the inflater must see them.
        if (data.length >= 4) await this.reader.block(data.subarray(4));
        return;
      case RST_STREAM: {
        if (data.length < 8) return this.goAway(RST_PROTOCOL_ERROR);
        const s = this.streams.get(readU32(data, 0) & 0x7fffffff);
        if (!s) return;
        s.localClosed = true;
        this.remoteEnd(s);
        return;
      }
      case PING:
        // The peer's pings (odd ids) come back unchanged.
        if (data.length === 4 && readU32(data, 0) % 2 === 1) this.send(controlFrame(PING, 0, data.slice()));
        return;
      case GOAWAY:
        return this.shutdown();
      case SETTINGS:
      case WINDOW_UPDATE:
        // What this side sends fits the initial windows of the client's streams (kubectl's
        // spdystream does not enforce them); nothing to adjust.
        return;
      default:
        // Unknown control frames are ignored, as the protocol asks.
        return;
    }
  }

  private dataFrame(id: number, flags: number, data: Uint8Array): void {
    const s = this.streams.get(id);
    if (!s || s.remoteClosed) return this.resetStream(id, RST_INVALID_STREAM);
    if (data.length) {
      s.received += data.length;
      this.receivedSinceUpdate += data.length;
      // Give the window back as the data is taken, per stream and for the connection (3.1).
      if (s.received >= WINDOW_REFILL) {
        this.send(controlFrame(WINDOW_UPDATE, 0, concat([u32(id), u32(s.received)])));
        s.received = 0;
      }
      if (this.receivedSinceUpdate >= WINDOW_REFILL) {
        this.send(controlFrame(WINDOW_UPDATE, 0, concat([u32(0), u32(this.receivedSinceUpdate)])));
        this.receivedSinceUpdate = 0;
      }
      s.onData?.(data);
    }
    if (flags & FLAG_FIN) this.remoteEnd(s);
  }

  private newStream(id: number, headers: Map<string, string>): StreamState {
    const stream: StreamState = {
      id, headers, localClosed: false, remoteClosed: false, received: 0,
      write: (data) => {
        if (stream.localClosed || this.closed) return;
        const bytes = typeof data === 'string' ? encoder.encode(data) : data;
        for (let at = 0; at < bytes.length; at += DATA_CHUNK) this.send(dataFrame(id, 0, bytes.subarray(at, at + DATA_CHUNK)));
      },
      end: () => {
        if (stream.localClosed || this.closed) return;
        stream.localClosed = true;
        this.send(dataFrame(id, FLAG_FIN, new Uint8Array(0)));
        this.forget(stream);
      },
      reset: (status) => {
        if (this.closed) return;
        const wasOpen = !stream.localClosed || !stream.remoteClosed;
        stream.localClosed = true;
        stream.remoteClosed = true;
        this.streams.delete(id);
        if (wasOpen) this.resetStream(id, status);
      },
    };
    return stream;
  }

  private remoteEnd(s: StreamState): void {
    if (s.remoteClosed) return;
    s.remoteClosed = true;
    s.onEnd?.();
    this.forget(s);
  }

  private forget(s: StreamState): void {
    if (s.localClosed && s.remoteClosed) this.streams.delete(s.id);
  }

  private resetStream(id: number, status: number): void {
    this.send(controlFrame(RST_STREAM, 0, concat([u32(id), u32(status)])));
  }

  private send(bytes: Uint8Array): void {
    if (!this.closed) this.transport.write(bytes);
  }

  private goAway(status: number): void {
    if (this.closed) return;
    this.send(controlFrame(GOAWAY, 0, concat([u32(this.lastPeerStream), u32(status)])));
    this.shutdown();
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of [...this.streams.values()]) {
      s.localClosed = true;
      this.remoteEnd(s);
    }
    this.streams.clear();
    this.reader.close();
    this.transport.end();
    this.handlers.onClose();
  }
}
