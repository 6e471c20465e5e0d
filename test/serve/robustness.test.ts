import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { join } from 'node:path';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS } from '../../server/src/sim/index';
import { startServer, type RunningServer } from '../../server/src/serve/server';
import { cliJs, ensureBuilt } from '../support/server';

/** Bad requests get a Status, never a crash; `serve` fails with one line and exit 2 when it cannot start. */

let server: RunningServer;
const token = 'robust-token';

before(async () => {
  await ensureBuilt();
  const box = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'box' }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } };
  const sim = createSimulation({ objects: [box], seed: 1, horizon: 600, behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }) });
  // The pod runs before the server starts: the exec sessions below reach a live container.
  sim.runUntil(60);
  server = await startServer({ sim, token, port: 0, speed: 1 });
});

after(() => server.close());

function call(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<{ code: number; body: Record<string, unknown> }> {
  return new Promise((done, fail) => {
    const req = request(`${server.url}${path}`, { method, ca: server.ca, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => done({ code: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

test('malformed and unsupported requests are answered with metav1.Status', async () => {
  const cases: [string, string, string | Buffer | undefined, Record<string, string>, number, string][] = [
    ['POST', '/api/v1/namespaces/default/pods', '{"kind":', {}, 400, 'BadRequest'],
    ['POST', '/api/v1/namespaces/default/pods', '[1,2]', {}, 400, 'BadRequest'],
    ['POST', '/api/v1/namespaces/default/pods', Buffer.from('k8s\0\x0a\x05garbage'), { 'content-type': 'application/vnd.kubernetes.protobuf' }, 400, 'BadRequest'],
    ['POST', '/api/v1/namespaces/default/pods', '{"apiVersion":"apps/v1","kind":"Pod","metadata":{"name":"x"}}', {}, 400, 'BadRequest'],
    ['GET', '/apis/nope.example.com/v1/things', undefined, {}, 404, 'NotFound'],
    ['GET', '/api/v1/namespaces/default/pods/none', undefined, {}, 404, 'NotFound'],
    ['DELETE', '/api/v1/namespaces/default/events', undefined, {}, 405, 'MethodNotAllowed'],
    ['PATCH', '/api/v1/namespaces/kube-system/serviceaccounts/coredns', '{}', { 'content-type': 'text/plain' }, 405, 'MethodNotAllowed'],
    ['PATCH', '/api/v1/namespaces/kube-public', '{}', { 'content-type': 'text/plain' }, 415, 'UnsupportedMediaType'],
    ['GET', '/api/v1/pods?watch=true&resourceVersion=abc', undefined, {}, 400, 'BadRequest'],
    ['GET', '/api/v1/pods?fieldSelector=%3D%3D', undefined, {}, 400, 'BadRequest'],
    ['POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Sometimes', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}', {}, 400, 'BadRequest'],
  ];
  for (const [method, path, body, headers, code, reason] of cases) {
    const r = await call(method, path, body, headers);
    assert.equal(r.code, code, `${method} ${path}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.kind, 'Status');
    assert.equal(r.body.reason, reason, `${method} ${path}: ${JSON.stringify(r.body)}`);
  }
  // Still serving.
  assert.equal((await call('GET', '/api/v1/namespaces/default')).code, 200);
});

/** An upgrade to pods/exec on a raw TLS socket; sends `frames` after the handshake; resolves with all bytes read until close. */
function upgrade(path: string, frames: Buffer[], protocol = 'v5.channel.k8s.io'): Promise<string> {
  return new Promise((done, fail) => {
    const url = new URL(server.url);
    const socket = connect({ host: url.hostname, port: Number(url.port), ca: server.ca, servername: 'localhost', checkServerIdentity: () => undefined }, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`);
      for (const f of frames) socket.write(new Uint8Array(f));
    });
    let got = '';
    socket.on('data', (d: Buffer) => (got += d.toString('latin1')));
    socket.on('error', () => done(got));
    socket.on('close', () => done(got));
    setTimeout(() => {
      socket.destroy();
      done(got);
    }, 5000);
    void fail;
  });
}

test('pods/exec and pods/portforward upgrades: unknown pods, missing protocols and malformed frames are answered, never crash the server', async () => {
  let got = await upgrade('/api/v1/namespaces/default/pods/none/exec?command=ls&stdout=true', []);
  assert.match(got, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
  assert.match(got, /pods \\"none\\" not found/);
  got = await upgrade('/api/v1/namespaces/default/pods/none/exec?command=ls', [], 'base64.channel.k8s.io');
  assert.match(got, /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*v5\.channel\.k8s\.io/);
  got = await upgrade('/api/v1/namespaces/default/pods/box/portforward?ports=80', []);
  assert.match(got, /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*portforward\.k8s\.io over a WebSocket tunnel/);
  got = await upgrade('/api/v1/namespaces/default/pods/none/portforward?ports=80', [], 'SPDY/3.1+portforward.k8s.io');
  assert.match(got, /^HTTP\/1\.1 404 Not Found\r\n[\s\S]*pods \\"none\\" not found/);
  // SPDY in the tunnel: a frame claiming 16 MiB, a control frame of another version, a SYN_STREAM
  // whose header block does not inflate: the server says GOAWAY (type 7) and ends the connection.
  const tunnel = '/api/v1/namespaces/default/pods/box/portforward?ports=80';
  const ws = (payload: number[]) => Buffer.from([0x82, 0x80 | payload.length, 0, 0, 0, 0, ...payload]);
  for (const spdy of [[0x80, 3, 0, 1, 0, 0xff, 0xff, 0xff], [0x80, 2, 0, 1, 0, 0, 0, 0], [0x80, 3, 0, 1, 0, 0, 0, 14, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]]) {
    got = await upgrade(tunnel, [ws(spdy)], 'SPDY/3.1+portforward.k8s.io');
    assert.match(got, /^HTTP\/1\.1 101 Switching Protocols\r\n[\s\S]*\x80\x03\x00\x07/, JSON.stringify(got));
  }
  // A live session (stdin open) fed a frame claiming 2^63 bytes, an undefined opcode, a truncated
  // header, an empty message: the connection ends or waits, the server stays.
  const session = '/api/v1/namespaces/default/pods/box/exec?command=sh&stdin=true&stdout=true';
  await upgrade(session, [Buffer.from([0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4])]);
  await upgrade(session, [Buffer.from([0x83, 0x80, 1, 2, 3, 4])]);
  await upgrade(session, [Buffer.from([0x82, 0x80, 1, 2, 3, 4]), Buffer.from([0x82])]);
  // A well-formed session still works: stdin `echo hi` (masked), then v5's close of stdin.
  const masked = (payload: number[]) => Buffer.from([0x82, 0x80 | payload.length, 0, 0, 0, 0, ...payload]);
  got = await upgrade(session, [masked([0, ...Buffer.from('echo hi\n')]), masked([255, 0])]);
  assert.match(got, /\x01hi\n/);
  assert.match(got, /"status":"Success"/);
  assert.equal((await call('GET', '/api/v1/namespaces/default')).code, 200);
});

function cli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cliJs, ...args], { cwd: join(__dirname, '..', '..') });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill(), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stderr });
    });
  });
}

test('serve exits 2 with one line when the port is taken or the kubeconfig cannot be written', async () => {
  const holder: Server = createServer();
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
  const port = (holder.address() as { port: number }).port;
  try {
    const r = await cli(['serve', '--port', String(port), '--kubeconfig', '/nonexistent/kc']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`^kube-rehearsal serve: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.*\\n$`));
  } finally {
    holder.close();
  }
  const r = await cli(['serve', '--kubeconfig', '/nonexistent/dir/kc']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^kube-rehearsal serve: .*nonexistent\/dir\/kc.*\n$/);
});
