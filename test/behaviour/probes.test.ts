import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBehaviourModel, DEFAULT_POD_IP, type ContainerStartSpec } from '../../server/src/sim/behaviour';

const model = createBehaviourModel();
const start = (image: string, extra: Partial<ContainerStartSpec> = {}) => model.start({ name: 'c', image, env: {}, ports: [], ...extra }, 0, 3600);

test('connection refused messages use the pod IP passed by the kubelet (or the spec, or a placeholder)', () => {
  const run = start('registry.k8s.io/e2e-test-images/agnhost:2.40', { args: ['liveness'] });
  assert.deepEqual(run.probe({ type: 'httpGet', port: 8081, path: '/healthz' }, 5, '10.1.0.5'), {
    success: false,
    message: 'Get "http://10.1.0.5:8081/healthz": dial tcp 10.1.0.5:8081: connect: connection refused',
  });
  assert.deepEqual(run.probe({ type: 'tcpSocket', port: 9999 }, 5, '10.1.0.5'), { success: false, message: 'dial tcp 10.1.0.5:9999: connect: connection refused' });
  const withSpecIP = start('nginx', { podIP: '10.244.1.7' });
  assert.match(withSpecIP.probe({ type: 'tcpSocket', port: 81 }, 5).message!, /10\.244\.1\.7:81/);
  assert.match(start('nginx').probe({ type: 'tcpSocket', port: 81 }, 5).message!, new RegExp(DEFAULT_POD_IP.replace(/\./g, '\\.')));
});

test('httpGet: 200-399 succeed, the host field and scheme appear in the URL, query strings are ignored for routing', () => {
  const run = start('registry.k8s.io/e2e-test-images/agnhost:2.40', { args: ['liveness'] });
  assert.deepEqual(run.probe({ type: 'httpGet', port: 8080, path: '/redirect?loc=/' }, 1), { success: true }, '302 counts as success');
  assert.deepEqual(run.probe({ type: 'httpGet', port: 8080, path: '/healthz?x=1' }, 1), { success: true });
  assert.equal(run.probe({ type: 'httpGet', port: 8085, path: 'healthz', host: 'example.local', scheme: 'HTTPS' }, 1).message, 'Get "https://example.local:8085/healthz": dial tcp example.local:8085: connect: connection refused');
});

test('httpGet on a port that does not speak HTTP fails, and the approximation is disclosed', () => {
  const run = start('redis');
  const r = run.probe({ type: 'httpGet', port: 6379, path: '/' }, 5, '10.1.0.9');
  assert.equal(r.success, false);
  assert.match(r.message!, /^Get "http:\/\/10\.1\.0\.9:6379\/": /);
  assert.match(run.assumptions.join('\n'), /does not speak HTTP/);
});

test('grpc: SERVING when the image declares gRPC health; otherwise the grpc prober messages', () => {
  const etcd = start('registry.k8s.io/etcd:3.5.1-0');
  assert.deepEqual(etcd.probe({ type: 'grpc', port: 2379 }, 2), { success: true });
  assert.deepEqual(etcd.probe({ type: 'grpc', port: 2381 }, 2, '10.1.0.5'), { success: false, message: 'timeout: failed to connect service "10.1.0.5:2381" within 1s: context deadline exceeded' });
  const nginx = start('nginx');
  assert.match(nginx.probe({ type: 'grpc', port: 80 }, 2).message!, /does not implement the grpc health protocol/);
});

test('tcpSocket: succeeds only while something listens (before start-up, after exit: refused)', () => {
  const run = model.start({ name: 'c', image: 'redis', env: {}, ports: [] }, 100, 3600);
  assert.equal(run.probe({ type: 'tcpSocket', port: 6379 }, 100.5).success, false);
  assert.equal(run.probe({ type: 'tcpSocket', port: 6379 }, 101).success, true);
  run.terminate(200);
  assert.equal(run.probe({ type: 'tcpSocket', port: 6379 }, 150).success, true);
  assert.equal(run.probe({ type: 'tcpSocket', port: 6379 }, 201).success, false);
});

test('exec probes: exit 0 is success; the output is the failure message; timeouts are reported', () => {
  const run = start('busybox', { command: ['sh', '-c', 'sleep 3600'] });
  assert.deepEqual(run.probe({ type: 'exec', command: ['true'] }, 5), { success: true });
  assert.deepEqual(run.probe({ type: 'exec', command: ['sh', '-c', 'echo not ready; exit 1'] }, 5), { success: false, message: 'not ready' });
  assert.deepEqual(run.probe({ type: 'exec', command: ['ls', '/nope'] }, 5), { success: false, message: 'ls: /nope: No such file or directory' });
  const slow = run.probe({ type: 'exec', command: ['sleep', '5'] }, 5, undefined, 1);
  assert.equal(slow.success, false);
  assert.match(slow.message!, /timed out/);
  assert.equal(run.probe({ type: 'exec', command: ['sleep', '5'] }, 5, undefined, 10).success, true);
});

test('exec probes do not change the container filesystem', () => {
  const run = start('busybox', { command: ['sh', '-c', 'sleep 3600'] });
  assert.equal(run.probe({ type: 'exec', command: ['touch', '/tmp/x'] }, 5).success, true);
  assert.equal(run.probe({ type: 'exec', command: ['cat', '/tmp/x'] }, 6).success, false);
});

test('an exec probe with an unknown command is assumed to succeed, with an assumption', () => {
  const run = start('busybox', { command: ['sh', '-c', 'sleep 3600'] });
  assert.deepEqual(run.probe({ type: 'exec', command: ['/app/healthcheck', '--quick'] }, 5), { success: true });
  assert.match(run.assumptions.join('\n'), /healthcheck/);
});
