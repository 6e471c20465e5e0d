import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOne, findingsFor } from './helpers';

const mysql = (probe: string, image = 'mysql:8.0') => `apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
  - name: mysql
    image: ${image}
    env:
    - name: MYSQL_ROOT_PASSWORD
      value: secret
    ports:
    - containerPort: 3306
      name: mysql
${probe}`;

test('probe-never-succeeds: a startup probe that gives up before the image starts serving', () => {
  const t = mysql('    startupProbe:\n      tcpSocket:\n        port: mysql\n      periodSeconds: 5\n      failureThreshold: 3\n');
  const f = expectOne(findingsFor(t, 'probe-never-succeeds'), 'probe-never-succeeds', t, '3', 18);
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /^startupProbe can never succeed: mysql:8\.0 starts serving after about \d+s, but the probe gives up first/);
});

test('probe-never-succeeds: enough budget, unknown images and readiness probes are not reported', () => {
  assert.equal(findingsFor(mysql('    startupProbe:\n      tcpSocket:\n        port: mysql\n      periodSeconds: 10\n      failureThreshold: 30\n'), 'probe-never-succeeds').length, 0);
  assert.equal(findingsFor(mysql('    livenessProbe:\n      tcpSocket:\n        port: 3306\n      initialDelaySeconds: 30\n'), 'probe-never-succeeds').length, 0);
  assert.equal(findingsFor(mysql('    livenessProbe:\n      tcpSocket:\n        port: 3306\n      periodSeconds: 2\n      failureThreshold: 1\n', 'example.com/private/db:1.0'), 'probe-never-succeeds').length, 0);
  assert.equal(findingsFor(mysql('    readinessProbe:\n      tcpSocket:\n        port: 3306\n      periodSeconds: 2\n      failureThreshold: 1\n'), 'probe-never-succeeds').length, 0);
});

test('probe-never-succeeds: with a startup probe the liveness probe is not the gate', () => {
  const t = mysql('    startupProbe:\n      tcpSocket:\n        port: 3306\n      failureThreshold: 30\n    livenessProbe:\n      tcpSocket:\n        port: 3306\n      periodSeconds: 1\n      failureThreshold: 1\n');
  assert.equal(findingsFor(t, 'probe-never-succeeds').length, 0);
});
