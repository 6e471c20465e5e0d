import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBehaviourModel, type ContainerStartSpec } from '../../server/src/sim/behaviour';

/** What a container's servers answer a connection (kubectl port-forward through serve). */

const model = createBehaviourModel();
const start = (image: string, extra: Partial<ContainerStartSpec> = {}) => model.start({ name: 'c', image, env: {}, ports: [], ...extra }, 0, 3600);

test('nginx: refused before it listens; then its index.html for /, the status its routes give (the probes\' status), HEAD without a body', () => {
  const run = start('nginx:1.25');
  assert.deepEqual(run.connect!(80, 0.5), { refused: true }, 'nginx listens after its start-up second');
  assert.deepEqual(run.connect!(81, 5), { refused: true });
  assert.deepEqual(run.connect!(80, 5), { protocol: 'HTTP' }, 'open, no request read yet');
  const ok = run.connect!(80, 5, { method: 'GET', target: '/?x=1' });
  assert.ok('response' in ok && ok.response);
  assert.equal(ok.response.status, 200);
  assert.match(ok.response.body, /<title>Welcome to nginx!<\/title>/);
  assert.deepEqual(ok.response.headers, [['Date', 'Thu, 01 Jan 2026 00:00:05 GMT'], ['Content-Type', 'text/html'], ['Content-Length', String(ok.response.body.length)]]);
  const missing = run.connect!(80, 5, { method: 'GET', target: '/nosuch' });
  assert.ok('response' in missing && missing.response?.status === 404 && missing.response.body === '');
  const head = run.connect!(80, 5, { method: 'HEAD', target: '/index.html' });
  assert.ok('response' in head && head.response?.status === 200 && head.response.body === '');
  assert.equal(run.probe({ type: 'httpGet', port: 80, path: '/nosuch' }, 5).message, 'HTTP probe failed with statuscode: 404');
  // `..` cannot leave the document root.
  const escape = run.connect!(80, 5, { method: 'GET', target: '/../../../etc/nginx/nginx.conf' });
  assert.ok('response' in escape && !escape.response?.body.includes('worker_processes'));
});

test('a ConfigMap mounted over the document root is what nginx serves; an exec does not stop the container\'s servers', () => {
  const run = start('nginx:1.25', { volumeMounts: [{ mountPath: '/usr/share/nginx/html', files: { 'index.html': '<h1>from the ConfigMap</h1>\n' } }] });
  assert.equal(run.exec!(['cat', '/etc/hostname'], 5).exitCode, 0);
  const r = run.connect!(80, 6, { method: 'GET', target: '/' });
  assert.ok('response' in r);
  assert.equal(r.response?.body, '<h1>from the ConfigMap</h1>\n');
});

test('a server that does not speak HTTP is open but answers no request', () => {
  const run = start('redis:7');
  assert.deepEqual(run.connect!(6379, 5, { method: 'GET', target: '/' }), { protocol: 'TCP' });
});

test('curl and wget inside the pod to its own servers get what port-forward gets; other hosts stay an assumption', () => {
  const run = start('nginx:1.25', { podName: 'web', podIP: '10.244.0.9' });
  const served = run.connect!(80, 5, { method: 'GET', target: '/' });
  assert.ok('response' in served && served.response);
  const page = served.response.body;
  assert.deepEqual(run.exec!(['curl', '-s', 'localhost'], 5), { output: page, exitCode: 0 });
  assert.deepEqual(run.exec!(['curl', '-s', 'http://10.244.0.9:80/index.html'], 5), { output: page, exitCode: 0 });
  assert.deepEqual(run.exec!(['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}\\n', 'localhost/nosuch'], 5), { output: '404\n', exitCode: 0 });
  assert.deepEqual(run.exec!(['curl', '-sSf', 'localhost/nosuch'], 5), { output: 'curl: (22) The requested URL returned error: 404\n', exitCode: 22 });
  assert.deepEqual(run.exec!(['curl', 'localhost:81'], 5), { output: 'curl: (7) Failed to connect to localhost port 81 after 0 ms: Couldn\'t connect to server\n', exitCode: 7 });
  assert.deepEqual(run.exec!(['sh', '-c', 'curl -sI localhost | head -1'], 5), { output: 'HTTP/1.1 200 OK\r\n', exitCode: 0 });
  // Another pod: not simulated, assumed to answer 200 without a body (and said so).
  assert.deepEqual(run.exec!(['curl', '-s', 'http://other-svc/'], 5), { output: '', exitCode: 0 });
  assert.match(run.assumptions.join('\n'), /`curl` contacts the network/);
  const box = start('busybox', { command: ['sh', '-c', 'httpd -f -p 8080 -h /www & sleep 3600'], podName: 'box' });
  assert.deepEqual(box.exec!(['wget', '-qO-', 'localhost:8081'], 5), { output: 'wget: can\'t connect to remote host (127.0.0.1): Connection refused\n', exitCode: 1 });
  assert.deepEqual(box.exec!(['wget', '-O-', 'localhost:8081'], 5), { output: 'Connecting to localhost:8081 (127.0.0.1:8081)\nwget: can\'t connect to remote host (127.0.0.1): Connection refused\n', exitCode: 1 });
  const alpineNginx = start('nginx:1.25-alpine');
  assert.deepEqual(alpineNginx.exec!(['wget', '-q', '-O', '-', 'http://127.0.0.1/'], 5), { output: page, exitCode: 0 });
});
