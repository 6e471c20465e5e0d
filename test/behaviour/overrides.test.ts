import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBehaviourModel, type ContainerStartSpec, type ImageBehaviourOverride } from '../../server/src/sim/behaviour';
import { overrideMatches } from '../../server/src/sim/behaviour/model';
import { parseImageRef } from '../../server/src/sim/behaviour/imageRef';

const spec = (image: string, extra: Partial<ContainerStartSpec> = {}): ContainerStartSpec => ({ name: 'app', image, env: {}, ports: [], ...extra });

test('override patterns: bare name, name:*, registry prefix, tag globs', () => {
  const m = (p: string, i: string) => overrideMatches(p, i, parseImageRef(i));
  assert.ok(m('myapp', 'myapp:1.2'));
  assert.ok(m('myapp:*', 'myapp:1.2'));
  assert.ok(m('myapp:*', 'docker.io/library/myapp:1.2'));
  assert.ok(m('registry.example.com/team/*', 'registry.example.com/team/api:3'));
  assert.ok(m('myapp:1.*', 'myapp:1.4'));
  assert.ok(!m('myapp:1.*', 'myapp:2.0'));
  assert.ok(!m('myapp', 'myapp2:1'));
  assert.ok(!m('registry.example.com/team/*', 'registry.example.com/other/api:3'));
});

test('an override describes an unknown image: start-up, ports, HTTP codes over time, exit', () => {
  const overrides: ImageBehaviourOverride[] = [{
    image: 'myapp:*',
    startupSeconds: 5,
    ports: [{ port: 8080, protocol: 'HTTP' }],
    http: [{ path: '/healthz', status: 200, untilSeconds: 60 }, { path: '/healthz', status: 503, afterSeconds: 60 }],
    logs: ['listening on :8080'],
  }];
  const model = createBehaviourModel(overrides);
  assert.equal(model.pull('myapp:2').known, true);
  const run = model.start(spec('myapp:2'), 0, 3600);
  assert.equal(run.readyAt, 5);
  assert.deepEqual(run.assumptions, []);
  assert.equal(run.probe({ type: 'httpGet', port: 8080, path: '/healthz' }, 3).success, false);
  assert.equal(run.probe({ type: 'httpGet', port: 8080, path: '/healthz' }, 30).success, true);
  assert.deepEqual(run.probe({ type: 'httpGet', port: 8080, path: '/healthz' }, 61), { success: false, message: 'HTTP probe failed with statuscode: 503' });
  assert.equal(run.probe({ type: 'httpGet', port: 8080, path: '/' }, 30).success, true, 'other paths answer 200');
  assert.deepEqual(run.logs(10), ['listening on :8080']);
  assert.match(model.describeImage('myapp:2').summary, /Workspace override/);
});

test('exitAfterSeconds/exitCode, memoryMiB vs the limit, handlesSigterm', () => {
  const model = createBehaviourModel([
    { image: 'batch', exitAfterSeconds: 30, exitCode: 3 },
    { image: 'hog', memoryMiB: 600 },
    { image: 'stubborn', handlesSigterm: false },
    { image: 'polite', handlesSigterm: true },
  ]);
  assert.deepEqual(model.start(spec('batch:1'), 10, 3600).exit, { at: 40, exitCode: 3, reason: 'Error' });
  assert.equal(model.start(spec('hog'), 0, 3600, ).exit, undefined, 'no limit, no OOM');
  assert.equal(model.start(spec('hog', { memoryLimitBytes: 512 * 1024 * 1024 }), 0, 3600).exit?.reason, 'OOMKilled');
  assert.equal(model.start(spec('stubborn'), 0, 3600).terminate(5), undefined);
  assert.deepEqual(model.start(spec('polite'), 0, 3600).terminate(5), { exitAt: 5, exitCode: 0 });
});

test('without ports an override listens on the declared containerPorts', () => {
  const model = createBehaviourModel([{ image: 'web:*', startupSeconds: 2 }]);
  const run = model.start(spec('web:1', { ports: [{ containerPort: 3000 }] }), 0, 600);
  assert.equal(run.probe({ type: 'tcpSocket', port: 3000 }, 2).success, true);
  assert.equal(run.probe({ type: 'tcpSocket', port: 3000 }, 1).success, false);
});

test('tags and pullable control pulls', () => {
  const model = createBehaviourModel([{ image: 'myapp', tags: ['1.0', '2.*'] }, { image: 'private/*', pullable: false }]);
  assert.equal(model.pull('myapp:1.0').ok, true);
  assert.equal(model.pull('myapp:2.5').ok, true);
  assert.match(model.pull('myapp:3.0').error!, /manifest for myapp:3\.0 not found: manifest unknown/);
  assert.match(model.pull('private/thing:1').error!, /pull access denied for private\/thing/);
});

test('an override of a catalog image takes precedence but keeps what it does not change', () => {
  const model = createBehaviourModel([{ image: 'nginx:*', startupSeconds: 10 }]);
  const run = model.start(spec('nginx:1.25'), 0, 600);
  assert.equal(run.readyAt, 10);
  assert.equal(run.probe({ type: 'httpGet', port: 80, path: '/' }, 11).success, true);
  assert.equal(run.probe({ type: 'httpGet', port: 80, path: '/missing' }, 11).success, false, 'still 404 for unknown paths');
  assert.equal(model.pull('nginx:1.200').ok, false, 'catalog tags still apply');
  // A command still runs the interpreter.
  assert.deepEqual(model.start(spec('nginx:1.25', { command: ['sh', '-c', 'echo x'] }), 0, 600).logs(1), ['x']);
});
