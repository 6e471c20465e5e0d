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
