import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, deflateSync, inflateSync } from 'node:zlib';
import { HEADER_DICTIONARY, SpdyConnection, type SpdyStream } from '../../server/src/serve/spdy';
import { parseRequest } from '../../server/src/serve/portForward';

/** SPDY/3.1 as serve speaks it for port-forward, without kubectl (the kubectl tests run the real client). */

function adler32(b: Uint8Array): number {
  let a = 1;
  let s = 0;
  for (const x of b) {
    a = (a + x) % 65521;
    s = (s + a) % 65521;
  }
  return ((s << 16) | a) >>> 0;
}

test('the header dictionary is SPDY/3\'s: its Adler-32 is the dictionary id kubectl 1.32 sends (0xe3c6a7c2)', () => {
  assert.equal(HEADER_DICTIONARY.length, 1423);
  assert.equal(adler32(HEADER_DICTIONARY).toString(16), 'e3c6a7c2');
});

const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
function headerBlock(headers: [string, string][]): number[] {
  const out = [...u32(headers.length)];
  for (const [k, v] of headers) out.push(...u32(k.length), ...Buffer.from(k), ...u32(v.length), ...Buffer.from(v));
  return out;
}

test('a client\'s streams: SYN_REPLY with a header block any inflater reads, DATA both ways, FIN, PING echoed, garbage ends with GOAWAY', async () => {
  const written: Uint8Array[] = [];
  let ended = false;
  const streams: SpdyStream[] = [];
  const conn = new SpdyConnection({ write: (b) => written.push(b), end: () => (ended = true) }, {
    onStream: (s) => {
      streams.push(s);
      s.onData = (d) => s.write(Buffer.from(d).toString().toUpperCase());
      s.onEnd = () => s.end();
      return s.headers.get('streamtype') === 'data';
    },
    onClose: () => undefined,
  });
  // The client compresses with the dictionary (as Go's framer does), one stream, flushed per block.
  const block = deflateSync(new Uint8Array(headerBlock([['streamType', 'data'], ['port', '80'], ['requestID', '0']])), { dictionary: HEADER_DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH });
  const syn = [0x80, 3, 0, 1, 0, ...u32(10 + block.length).slice(1), ...u32(1), ...u32(0), 0, 0, ...block];
  conn.receive(new Uint8Array(syn));
  conn.receive(new Uint8Array([...u32(1), 0, 0, 0, 5, ...Buffer.from('hello')]));
  conn.receive(new Uint8Array([...u32(1), 1, 0, 0, 0]));
  conn.receive(new Uint8Array([0x80, 3, 0, 6, 0, 0, 0, 4, ...u32(7)]));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(streams[0].headers.get('port'), '80');
  const bytes = Buffer.concat(written);
  // SYN_REPLY for stream 1: its header block (zlib, stored blocks) holds zero headers.
  assert.deepEqual([...bytes.subarray(0, 4)], [0x80, 3, 0, 2]);
  const replyLen = bytes.readUInt32BE(4) & 0xffffff;
  assert.deepEqual([...inflateSync(new Uint8Array(bytes.subarray(12, 8 + replyLen)), { finishFlush: constants.Z_SYNC_FLUSH })], [0, 0, 0, 0]);
  let at = 8 + replyLen;
  assert.equal(bytes.readUInt32BE(at), 1);
  assert.equal(bytes.subarray(at + 8, at + 13).toString(), 'HELLO');
  at += 13;
  assert.deepEqual([...bytes.subarray(at, at + 8)], [0, 0, 0, 1, 1, 0, 0, 0], 'FIN on stream 1');
  at += 8;
  assert.deepEqual([...bytes.subarray(at)], [0x80, 3, 0, 6, 0, 0, 0, 4, 0, 0, 0, 7], 'the PING comes back');
  // A control frame of SPDY/2: GOAWAY, and the transport ends.
  conn.receive(new Uint8Array([0x80, 2, 0, 1, 0, 0, 0, 0]));
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual([...written[written.length - 1].subarray(0, 4)], [0x80, 3, 0, 7]);
  assert.ok(ended);
});

test('HTTP requests read from the data stream: incomplete, with a body, chunked, keep-alive rules, not HTTP', () => {
  const req = (s: string) => parseRequest(new Uint8Array(Buffer.from(s)));
  assert.equal(req('GET / HTTP/1.1\r\nHost: x\r\n'), 'incomplete');
  assert.deepEqual(req('GET /a?b HTTP/1.1\r\nHost: x\r\n\r\nGET /next'), { method: 'GET', target: '/a?b', keepAlive: true, length: 'GET /a?b HTTP/1.1\r\nHost: x\r\n\r\n'.length });
  assert.equal(req('POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab'), 'incomplete');
  assert.deepEqual(req('POST / HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab'), { method: 'POST', target: '/', keepAlive: false, length: 'POST / HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab'.length });
  assert.equal((req('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\nGET') as { length: number }).length, 59, 'up to the last chunk, not the next request');
  assert.equal((req('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n\r\n0\r\n\r\nxxxxxxxxxx\r\n0\r\n\r\n') as { length: number }).length, 75, 'data that looks like the last chunk is data');
  assert.equal(req('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc'), 'incomplete');
  assert.equal((req('GET / HTTP/1.0\r\n\r\n') as { keepAlive: boolean }).keepAlive, false);
  assert.equal(req('*1\r\n$4\r\nPING\r\n\r\n'), 'invalid');
});
