import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG, createBehaviourModel, parseImageRef, type ContainerStartSpec } from '../../server/src/sim/behaviour';
import { tagExists } from '../../server/src/sim/behaviour/tags';

const model = createBehaviourModel();
const start = (image: string, extra: Partial<ContainerStartSpec> = {}, at = 0, horizon = 3600) =>
  model.start({ name: 'c', image, env: {}, ports: [], ...extra }, at, horizon);
const http = (port: number, path = '/') => ({ type: 'httpGet' as const, port, path });

test('image references normalise like the container runtime', () => {
  assert.equal(parseImageRef('nginx')?.canonical, 'docker.io/library/nginx:latest');
  assert.equal(parseImageRef('prom/node-exporter:v1.8.2')?.repository, 'docker.io/prom/node-exporter');
  assert.equal(parseImageRef('registry.k8s.io/e2e-test-images/agnhost:2.40')?.tag, '2.40');
  assert.equal(parseImageRef('localhost:5000/app')?.registry, 'localhost:5000');
  assert.equal(parseImageRef('busybox@sha256:' + 'a'.repeat(64))?.tag, undefined);
  assert.equal(parseImageRef('Nginx'), undefined);
  assert.equal(parseImageRef('nginx:'), undefined);
});

test('nginx tags: real versions pull, nginx:1.200 is manifest unknown', () => {
  for (const tag of ['1.16.1', '1.14.2', 'latest', 'alpine', '1.29.3', '1.25', '1', '1.27.5-alpine', 'stable-alpine', '1.30.0']) {
    const r = model.pull(`nginx:${tag}`);
    assert.equal(r.ok, true, tag);
    assert.equal(r.known, true);
    assert.ok(r.seconds >= 1);
  }
  const bad = model.pull('nginx:1.200');
  assert.equal(bad.ok, false);
  assert.equal(bad.error, 'rpc error: code = Unknown desc = Error response from daemon: manifest for nginx:1.200 not found: manifest unknown: manifest unknown');
  for (const tag of ['1.16.2', '1.14.3', '2', '1.31.0', '1.16.01']) assert.equal(model.pull(`nginx:${tag}`).ok, false, tag);
  assert.match(model.pull('registry.k8s.io/pause:9.9').error!, /manifest for registry\.k8s\.io\/pause:9\.9 not found/);
  assert.equal(model.pull('nginx@sha256:' + 'b'.repeat(64)).ok, true);
});

test('other tag lines', () => {
  const ok = ['busybox:1.28', 'busybox:1.36.1', 'busybox:1.38.0', 'alpine:3.20.3', 'ubuntu:22.04', 'debian:12.5', 'debian:bookworm-slim', 'node:20-alpine', 'node:22.21.1', 'python:3.12-slim',
    'redis:7.2.4-alpine', 'mysql:8.0', 'mysql:5.7.44', 'postgres:16', 'postgres:16.4-alpine', 'mongo:7.0.12', 'prom/node-exporter:v1.8.2', 'registry.k8s.io/e2e-test-images/agnhost:2.40',
    'registry.k8s.io/goproxy:0.1', 'registry.k8s.io/pause:3.9', 'k8s.gcr.io/pause:3.1', 'registry.k8s.io/liveness', 'gcr.io/google-samples/hello-app:1.0', 'registry.k8s.io/etcd:3.5.1-0',
    'us-central1-docker.pkg.dev/online-boutique-ci/microservices-demo/frontend:v0.10.6', 'hello-world', 'httpd:2.4'];
  for (const image of ok) assert.equal(model.pull(image).ok, true, image);
  const bad = ['busybox:1.99', 'alpine:4.0', 'ubuntu:23.99', 'postgres:16.99', 'mysql:8.0.99', 'node:99', 'python:3.99', 'registry.k8s.io/goproxy:0.2', 'gcr.io/google-samples/hello-app:3.0'];
  for (const image of bad) assert.equal(model.pull(image).ok, false, image);
});

test('every catalog entry is well formed: a default command resolving to a program, tags that include its own samples', () => {
  for (const p of CATALOG) {
    assert.ok(parseImageRef(p.repository)?.repository === p.repository, p.repository);
    for (const a of p.aliases ?? []) assert.equal(parseImageRef(a)?.repository, a);
    assert.ok(p.summary.length > 10);
    for (const t of model.describeImage(p.repository).tags ?? []) assert.ok(tagExists(p.tags, t), `${p.repository}:${t}`);
  }
});

test('unknown images are assumed to pull, start in 1 s, listen on declared ports with HTTP 200, and say so', () => {
  const pull = model.pull('myorg/myapp:1.0');
  assert.deepEqual({ ok: pull.ok, known: pull.known }, { ok: true, known: false });
  const run = start('myorg/myapp:1.0', { ports: [{ containerPort: 8080 }] });
  assert.equal(run.readyAt, 1);
  assert.equal(run.exit, undefined);
  assert.equal(run.probe(http(8080, '/anything'), 0.5).success, false);
  assert.equal(run.probe(http(8080, '/anything'), 1).success, true);
  assert.equal(run.probe({ type: 'tcpSocket', port: 8080 }, 2).success, true);
  assert.equal(run.probe({ type: 'grpc', port: 8080 }, 2).success, true);
  assert.equal(run.probe({ type: 'tcpSocket', port: 9090 }, 2).success, false);
  assert.equal(run.assumptions.length, 1);
  assert.match(run.assumptions[0], /not in the simulator's catalog/);
  assert.equal(model.describeImage('myorg/myapp:1.0').known, false);
});

test('hello-world prints its greeting and exits 0 at once', () => {
  const run = start('hello-world', {}, 7);
  assert.deepEqual(run.exit, { at: 7, exitCode: 0, reason: 'Completed' });
  assert.ok(run.logs(8).some((l) => l.includes('Hello from the hello-world image')));
  assert.equal(run.readyAt, 7);
});

test('nginx and httpd: / is 200, unknown paths 404, SIGTERM stops them quickly with exit 0', () => {
  for (const image of ['nginx:1.14.2', 'httpd:2.4']) {
    const run = start(image, { ports: [{ containerPort: 80 }] });
    assert.equal(run.exit, undefined);
    assert.equal(run.readyAt, 1);
    assert.equal(run.probe(http(80), 0).success, false, 'not listening before start-up');
    assert.deepEqual(run.probe(http(80), 2), { success: true });
    assert.deepEqual(run.probe(http(80, '/nope'), 2), { success: false, message: 'HTTP probe failed with statuscode: 404' });
    const stop = run.terminate(100);
    assert.ok(stop && stop.exitAt - 100 <= 1 && stop.exitCode === 0, image);
    assert.equal(run.probe(http(80), 200).success, false, 'stopped');
  }
  assert.ok(start('nginx').logs(5).some((l) => l.includes('Configuration complete')));
});

test('nginx with a shell command runs the command instead of the server', () => {
  const run = start('nginx', { command: ['sh', '-c', 'echo custom; sleep 10'] });
  assert.deepEqual(run.logs(20), ['custom']);
  assert.equal(run.exit?.at, 10);
  assert.equal(run.probe({ type: 'tcpSocket', port: 80 }, 5).success, false);
});

test('node and python REPLs exit 0 without a TTY; python -m http.server serves', () => {
  assert.deepEqual(start('node:20').exit, { at: 0, exitCode: 0, reason: 'Completed' });
  assert.deepEqual(start('python:3.12').exit, { at: 0, exitCode: 0, reason: 'Completed' });
  assert.equal(start('python:3.12', { stdin: true, tty: true }).exit, undefined);
  const server = start('python:3.12', { command: ['python', '-m', 'http.server', '9000'] });
  assert.equal(server.probe(http(9000), 2).success, true);
  const app = start('node:20', { args: ['node', 'server.js'], ports: [{ containerPort: 3000 }] });
  assert.equal(app.exit, undefined);
  assert.equal(app.probe(http(3000), 2).success, true);
  assert.match(app.assumptions.join('\n'), /cannot interpret `node server\.js`/);
});

test('redis listens on 6379; redis-cli ping works as an exec probe once it is up', () => {
  const run = start('redis:7');
  assert.equal(run.probe({ type: 'tcpSocket', port: 6379 }, 0.5).success, false);
  assert.equal(run.probe({ type: 'tcpSocket', port: 6379 }, 2).success, true);
  assert.deepEqual(run.probe({ type: 'exec', command: ['redis-cli', 'ping'] }, 2), { success: true });
  assert.equal(run.probe({ type: 'exec', command: ['redis-cli', 'ping'] }, 0.5).success, false);
  assert.deepEqual(run.terminate(60), { exitAt: 60, exitCode: 0 });
});

test('mysql and postgres exit 1 without their password variables, and listen after start-up with them', () => {
  const mysqlBad = start('mysql:8.0');
  assert.deepEqual(mysqlBad.exit, { at: 0, exitCode: 1, reason: 'Error' });
  assert.equal(mysqlBad.readyAt, undefined);
  assert.match(mysqlBad.logs(1)[0], /password option is not specified/);
  for (const env of [{ MYSQL_ROOT_PASSWORD: 'x' }, { MYSQL_ALLOW_EMPTY_PASSWORD: 'yes' }, { MYSQL_RANDOM_ROOT_PASSWORD: '1' }] as Record<string, string>[]) {
    const ok = start('mysql:8.0', { env });
    assert.equal(ok.exit, undefined);
    assert.equal(ok.readyAt, 20);
    assert.equal(ok.probe({ type: 'tcpSocket', port: 3306 }, 10).success, false);
    assert.equal(ok.probe({ type: 'tcpSocket', port: 3306 }, 25).success, true);
    assert.equal(ok.probe({ type: 'exec', command: ['mysqladmin', 'ping', '-h', 'localhost'] }, 25).success, true);
  }
  assert.equal(start('postgres:16').exit?.exitCode, 1);
  for (const env of [{ POSTGRES_PASSWORD: 'pw' }, { POSTGRES_HOST_AUTH_METHOD: 'trust' }] as Record<string, string>[]) {
    const pg = start('postgres:16', { env });
    assert.equal(pg.readyAt, 5);
    assert.equal(pg.probe({ type: 'tcpSocket', port: 5432 }, 6).success, true);
    assert.deepEqual(pg.probe({ type: 'exec', command: ['pg_isready', '-U', 'postgres'] }, 2), { success: false, message: '/var/run/postgresql:5432 - no response' });
  }
});

test('mongo, node-exporter, goproxy, pause, hello-app, whoami, httpbin', () => {
  assert.equal(start('mongo:7').probe({ type: 'tcpSocket', port: 27017 }, 3).success, true);
  const ne = start('prom/node-exporter:v1.8.2');
  assert.equal(ne.probe(http(9100, '/metrics'), 0).success, true);
  assert.equal(ne.probe(http(9100, '/nope'), 0).success, false);
  assert.equal(start('registry.k8s.io/goproxy:0.1').probe({ type: 'tcpSocket', port: 8080 }, 0).success, true);
  const pause = start('registry.k8s.io/pause:3.9');
  assert.equal(pause.exit, undefined);
  assert.deepEqual(pause.terminate(5), { exitAt: 5, exitCode: 0 });
  assert.equal(start('gcr.io/google-samples/hello-app:1.0').probe(http(8080, '/any'), 1).success, true);
  assert.equal(start('traefik/whoami').probe(http(80, '/api'), 1).success, true);
  const bin = start('kennethreitz/httpbin');
  assert.deepEqual(bin.probe(http(80, '/status/503'), 3), { success: false, message: 'HTTP probe failed with statuscode: 503' });
  assert.equal(bin.probe(http(80, '/status/204'), 3).success, true);
  assert.equal(bin.probe(http(80, '/get'), 1).success, false, 'still starting');
});

test('agnhost: liveness (200 for 10 s then 500), netexec with --http-port, pause', () => {
  const live = start('registry.k8s.io/e2e-test-images/agnhost:2.40', { args: ['liveness'] }, 100);
  assert.deepEqual(live.probe(http(8080, '/healthz'), 103), { success: true });
  assert.deepEqual(live.probe(http(8080, '/healthz'), 109.9), { success: true });
  assert.deepEqual(live.probe(http(8080, '/healthz'), 112), { success: false, message: 'HTTP probe failed with statuscode: 500' });
  const old = start('registry.k8s.io/liveness', { args: ['/server'] });
  assert.equal(old.probe(http(8080, '/healthz'), 11).success, false);
  const net = start('registry.k8s.io/e2e-test-images/agnhost:2.40', { args: ['netexec', '--http-port=8081', '--udp-port=8082'] });
  assert.equal(net.probe(http(8081, '/hostname'), 0).success, true);
  assert.equal(net.probe(http(8080), 0).success, false);
  const p = start('registry.k8s.io/e2e-test-images/agnhost:2.40', { args: ['pause'] });
  assert.equal(p.exit, undefined);
  const other = start('registry.k8s.io/e2e-test-images/agnhost:2.40', { args: ['mounttest', '--fs_type=/x'] });
  assert.equal(other.exit, undefined);
  assert.match(other.assumptions.join('\n'), /mounttest/);
});

test('memory above the limit is OOMKilled (exit 137)', () => {
  const stress = start('polinux/stress', { command: ['stress'], args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'], memoryLimitBytes: 100 * 1024 * 1024 });
  assert.deepEqual(stress.exit, { at: 1, exitCode: 137, reason: 'OOMKilled' });
  const fits = start('polinux/stress', { command: ['stress'], args: ['--vm', '1', '--vm-bytes', '150M', '--vm-hang', '1'], memoryLimitBytes: 200 * 1024 * 1024 });
  assert.equal(fits.exit, undefined);
  assert.equal(start('mysql:8.4', { env: { MYSQL_ROOT_PASSWORD: 'x' }, memoryLimitBytes: 128 * 1024 * 1024 }).exit?.reason, 'OOMKilled');
});

test('scratch images cannot run a shell: StartError, exit 128', () => {
  const run = start('registry.k8s.io/pause:3.9', { command: ['sh', '-c', 'echo hi'] });
  assert.equal(run.exit?.exitCode, 128);
  assert.equal(run.exit?.startError, 'exec: "sh": executable file not found in $PATH');
  assert.equal(run.readyAt, undefined);
  const exec = start('registry.k8s.io/goproxy:0.1').probe({ type: 'exec', command: ['cat', '/tmp/x'] }, 1);
  assert.equal(exec.success, false);
  assert.match(exec.message!, /executable file not found/);
});

test('Online Boutique services answer gRPC health on their ports', () => {
  const cart = start('us-central1-docker.pkg.dev/google-samples/microservices-demo/cartservice:v0.10.6');
  assert.equal(cart.probe({ type: 'grpc', port: 7070 }, 2).success, false, 'starting');
  assert.equal(cart.probe({ type: 'grpc', port: 7070 }, 6).success, true);
  const fe = start('gcr.io/google-samples/microservices-demo/frontend:v0.10.6');
  assert.equal(fe.probe(http(8080, '/_healthz'), 3).success, true);
  assert.deepEqual(start('registry.k8s.io/etcd:3.5.1-0').probe({ type: 'grpc', port: 2379 }, 2), { success: true });
});

test('describeImage summarises known and unknown images, and flags a missing tag', () => {
  const d = model.describeImage('nginx:1.200');
  assert.equal(d.known, true);
  assert.match(d.summary, /manifest unknown/);
  assert.ok(d.tags!.includes('latest'));
  assert.ok(d.tags!.includes('1.30.0'));
});

test('docs/image-catalog.md lists every catalog entry', () => {
  const doc = readFileSync(join(__dirname, '../../docs/image-catalog.md'), 'utf8');
  for (const p of CATALOG) {
    const name = p.repository.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
    assert.ok(doc.includes(`| \`${name}\` |`), name);
  }
});
