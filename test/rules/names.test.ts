import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixAndRecheck, expectOne, findingsFor } from './helpers';
import { portName, qualifiedName, toDns1123Label } from '../../server/src/engine/rules/nameValidation';

const meta = (kind: string, name: string, apiVersion = 'v1', extra = '') => `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: ${name}
${extra}`;

test('invalid-object-name: DNS-1123 subdomain for ConfigMaps, DNS-1035 label for Services', () => {
  const cm = meta('ConfigMap', 'My_Config');
  const f = expectOne(findingsFor(cm, 'invalid-object-name'), 'invalid-object-name', cm, 'My_Config', 3);
  assert.match(f.message, /^metadata\.name: Invalid value: "My_Config": a lowercase RFC 1123 subdomain must consist of/);
  assert.equal(findingsFor(meta('ConfigMap', 'app.config-1'), 'invalid-object-name').length, 0);
  const svc = meta('Service', '1web');
  const s = expectOne(findingsFor(svc, 'invalid-object-name'), 'invalid-object-name', svc, '1web', 3);
  assert.match(s.message, /a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character/);
  assert.equal(findingsFor(meta('Service', 'web-1'), 'invalid-object-name').length, 0);
  assert.equal(findingsFor(meta('Service', 'web.svc'), 'invalid-object-name').length, 1);
  // Kinds with other name rules (RBAC path segments) and custom resources are not checked.
  assert.equal(findingsFor(meta('ClusterRole', 'system:viewer', 'rbac.authorization.k8s.io/v1'), 'invalid-object-name').length, 0);
  assert.equal(findingsFor(meta('Widget', 'Any_Name', 'example.com/v1'), 'invalid-object-name').length, 0);
});

test('invalid-object-name: CronJob names longer than 52 characters', () => {
  const long = 'a'.repeat(53);
  const t = meta('CronJob', long, 'batch/v1');
  const f = expectOne(findingsFor(t, 'invalid-object-name'), 'invalid-object-name', t, long, 3);
  assert.match(f.message, /must be no more than 52 characters/);
  assert.equal(findingsFor(meta('CronJob', 'a'.repeat(52), 'batch/v1'), 'invalid-object-name').length, 0);
});

test('invalid-container-name: uppercase is rejected, the fix lowercases it', () => {
  const t = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: Hello
    image: nginx:1.27
`;
  const f = expectOne(findingsFor(t, 'invalid-container-name'), 'invalid-container-name', t, 'Hello', 6);
  assert.match(f.message, /^spec\.containers\[0\]\.name: Invalid value: "Hello": a lowercase RFC 1123 label must consist of/);
  const fixed = applyFixAndRecheck(t, 'invalid-container-name', 'Rename the container to "hello"');
  assert.match(fixed, /- name: hello\n/);
  assert.equal(toDns1123Label('My_App'), 'my-app');
});

test('invalid-port-name: IANA service name rules for container ports, DNS label for Service ports', () => {
  const t = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: a
    image: nginx:1.27
    ports:
    - containerPort: 8080
      name: http-metrics-port
`;
  const f = expectOne(findingsFor(t, 'invalid-port-name'), 'invalid-port-name', t, 'http-metrics-port', 10);
  assert.equal(f.message, 'spec.containers[0].ports[0].name: Invalid value: "http-metrics-port": must be no more than 15 characters');
  assert.equal(findingsFor(t.replace('http-metrics-port', 'metrics'), 'invalid-port-name').length, 0);
  assert.deepEqual(portName('8080'), ['must contain at least one letter (a-z)']);
  assert.deepEqual(portName('a--b'), ['must contain consecutive hyphens'.replace('must', 'must not')]);
  const svc = `apiVersion: v1
kind: Service
metadata:
  name: s
spec:
  ports:
  - name: Web
    port: 80
`;
  expectOne(findingsFor(svc, 'invalid-port-name'), 'invalid-port-name', svc, 'Web', 6);
});

test('invalid-label: key syntax, prefix rules, value length', () => {
  const t = meta('ConfigMap', 'c', 'v1', `  labels:
    app: ok
    "bad key": x
    Example.com/name: y
    tier: "${'v'.repeat(64)}"
`);
  const all = findingsFor(t, 'invalid-label');
  assert.equal(all.length, 3);
  const key = all.find((f) => f.message.includes('"bad key"'))!;
  assert.equal(key.range.start.line, 6);
  assert.match(key.message, /name part must consist of alphanumeric characters/);
  const prefix = all.find((f) => f.message.includes('Example.com/name'))!;
  assert.match(prefix.message, /prefix part a lowercase RFC 1123 subdomain/);
  const long = all.find((f) => f.message.includes('must be no more than 63 characters'))!;
  assert.equal(long.range.start.line, 8);
  assert.deepEqual(qualifiedName('app.kubernetes.io/name'), []);
  assert.equal(findingsFor(meta('ConfigMap', 'c', 'v1', '  labels:\n    app.kubernetes.io/name: web\n    empty: ""\n'), 'invalid-label').length, 0);
});

test('invalid-annotations: total size over 256 KiB, bad keys', () => {
  const big = meta('ConfigMap', 'c', 'v1', `  annotations:\n    a: "${'x'.repeat(140000)}"\n    b: "${'y'.repeat(140000)}"\n`);
  const f = expectOne(findingsFor(big, 'invalid-annotations'), 'invalid-annotations', big, 'annotations', 4);
  assert.match(f.message, /^metadata\.annotations: Too long: must have at most 262144 bytes/);
  const bad = meta('ConfigMap', 'c', 'v1', '  annotations:\n    "a b": x\n');
  expectOne(findingsFor(bad, 'invalid-annotations'), 'invalid-annotations', bad, '"a b"', 5);
  assert.equal(findingsFor(meta('ConfigMap', 'c', 'v1', '  annotations:\n    Example.com/Thing: x\n'), 'invalid-annotations').length, 0);
});

test('invalid-label: selector keys and values are checked like labels', () => {
  const svc = `apiVersion: v1
kind: Service
metadata:
  name: s
spec:
  selector:
    app: "web server"
`;
  const f = expectOne(findingsFor(svc, 'invalid-label'), 'invalid-label', svc, '"web server"', 6);
  assert.match(f.message, /^spec\.selector\.app: Invalid value: "web server": a valid label must be an empty string/);
});
