import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixAndRecheck, expectOne, findingsFor } from './helpers';

const pod = (containers: string, kind = 'Pod') => `apiVersion: v1
kind: ${kind}
metadata:
  name: p
spec:
  containers:
${containers}`;

const dep = (podSpec: string, kind = 'Deployment', apiVersion = 'apps/v1') => `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: w
spec:
  selector:
    matchLabels:
      app: w
  template:
    metadata:
      labels:
        app: w
    spec:
${podSpec}`;

test('restart-policy: Never on a Deployment template, with a fix to Always', () => {
  const t = dep('      restartPolicy: Never\n      containers:\n      - name: w\n        image: nginx:1.27\n');
  const f = expectOne(findingsFor(t, 'restart-policy'), 'restart-policy', t, 'Never', 13);
  assert.equal(f.message, 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');
  applyFixAndRecheck(t, 'restart-policy', 'Set restartPolicy to Always');
  assert.equal(findingsFor(dep('      restartPolicy: Always\n      containers:\n      - name: w\n        image: nginx:1.27\n'), 'restart-policy').length, 0);
});

test('restart-policy: Job needs OnFailure or Never; missing means Always, which is rejected', () => {
  const job = (rp: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: j
spec:
  template:
    spec:
${rp}      containers:
      - name: j
        image: busybox:1.36
`;
  const missing = job('');
  const f = expectOne(findingsFor(missing, 'restart-policy'), 'restart-policy', missing, 'spec', 6);
  assert.match(f.message, /^spec\.template\.spec\.restartPolicy: Required value: valid values: "OnFailure", "Never"/);
  const always = job('      restartPolicy: Always\n');
  expectOne(findingsFor(always, 'restart-policy'), 'restart-policy', always, 'Always', 7);
  applyFixAndRecheck(always, 'restart-policy', 'Set restartPolicy to OnFailure');
  assert.equal(findingsFor(job('      restartPolicy: OnFailure\n'), 'restart-policy').length, 0);
  assert.equal(findingsFor(job('      restartPolicy: Never\n'), 'restart-policy').length, 0);
});

test('restart-policy: CronJob jobTemplate, bare Pods exempt', () => {
  const cj = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: c
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Always
          containers:
          - name: c
            image: busybox:1.36
`;
  const f = expectOne(findingsFor(cj, 'restart-policy'), 'restart-policy', cj, 'Always', 10);
  assert.match(f.message, /^spec\.jobTemplate\.spec\.template\.spec\.restartPolicy: Unsupported value: "Always"/);
  assert.equal(findingsFor(pod('  - name: a\n    image: nginx:1.27\n').replace('spec:\n', 'spec:\n  restartPolicy: Never\n'), 'restart-policy').length, 0);
});

test('duplicate-container-name across containers and initContainers', () => {
  const t = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
  - name: app
    image: busybox:1.36
  containers:
  - name: app
    image: nginx:1.27
`;
  const f = expectOne(findingsFor(t, 'duplicate-container-name'), 'duplicate-container-name', t, 'app', 9);
  assert.equal(f.message, 'spec.containers[0].name: Duplicate value: "app"');
  assert.equal(findingsFor(t.replace('  - name: app\n    image: nginx', '  - name: web\n    image: nginx'), 'duplicate-container-name').length, 0);
});

test('duplicate-env-name: later definition hides the first', () => {
  const t = pod(`  - name: a
    image: nginx:1.27
    env:
    - name: MODE
      value: a
    - name: MODE
      value: b
`);
  const f = expectOne(findingsFor(t, 'duplicate-env-name'), 'duplicate-env-name', t, 'MODE', 11);
  assert.match(f.message, /spec\.containers\[0\]\.env\[1\]: hides previous definition of "MODE"/);
  assert.equal(f.severity, 'warning');
  assert.equal(findingsFor(t.replace('- name: MODE\n      value: b', '- name: LEVEL\n      value: b'), 'duplicate-env-name').length, 0);
});

test('duplicate-port-name, duplicate-container-port, port-out-of-range', () => {
  const t = pod(`  - name: a
    image: nginx:1.27
    ports:
    - containerPort: 80
      name: http
    - containerPort: 80
  - name: b
    image: nginx:1.27
    ports:
    - containerPort: 70000
      name: http
`);
  const all = findingsFor(t);
  expectOne(all, 'duplicate-port-name', t, 'http', 16);
  expectOne(all, 'duplicate-container-port', t, '80', 11);
  const r = expectOne(all, 'port-out-of-range', t, '70000', 15);
  assert.equal(r.message, 'spec.containers[1].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive');
  const ok = pod(`  - name: a
    image: nginx:1.27
    ports:
    - containerPort: 80
      name: http
    - containerPort: 80
      protocol: UDP
      name: dns
`);
  const okAll = findingsFor(ok);
  for (const code of ['duplicate-port-name', 'duplicate-container-port', 'port-out-of-range']) assert.equal(okAll.filter((f) => f.code === code).length, 0, code);
});

const resources = (block: string) =>
  pod(`  - name: a
    image: nginx:1.27
    resources:
${block}`);

test('invalid-quantity: 1GB is rejected, with a fix to 1G; valid quantities pass', () => {
  const t = resources('      limits:\n        memory: 1GB\n');
  const f = expectOne(findingsFor(t, 'invalid-quantity'), 'invalid-quantity', t, '1GB', 10);
  assert.match(f.message, /^spec\.containers\[0\]\.resources\.limits\[memory\]: Invalid value: "1GB": quantities must match the regular expression/);
  applyFixAndRecheck(t, 'invalid-quantity', 'Change to 1G');
  const ok = resources('      limits:\n        memory: 1Gi\n        cpu: 0.5\n        ephemeral-storage: 2e9\n      requests:\n        cpu: 250m\n        memory: 128974848\n');
  assert.equal(findingsFor(ok, 'invalid-quantity').length, 0);
});

test('suspicious-quantity: cpu 500M and memory 512m are valid syntax but almost certainly wrong', () => {
  const t = resources('      requests:\n        cpu: 500M\n');
  const f = expectOne(findingsFor(t, 'suspicious-quantity'), 'suspicious-quantity', t, '500M', 10);
  assert.equal(f.severity, 'warning');
  applyFixAndRecheck(t, 'suspicious-quantity', 'Change to 500m');
  const mem = resources('      limits:\n        memory: 512m\n');
  expectOne(findingsFor(mem, 'suspicious-quantity'), 'suspicious-quantity', mem, '512m', 10);
  applyFixAndRecheck(mem, 'suspicious-quantity', 'Change to 512Mi');
  assert.equal(findingsFor(resources('      requests:\n        cpu: 500m\n        memory: 512Mi\n'), 'suspicious-quantity').length, 0);
});

test('requests-exceed-limits compares parsed quantities across units', () => {
  const t = resources('      requests:\n        memory: 2Gi\n        cpu: 500m\n      limits:\n        memory: 1500Mi\n        cpu: "1"\n');
  const f = expectOne(findingsFor(t, 'requests-exceed-limits'), 'requests-exceed-limits', t, '2Gi', 10);
  assert.equal(f.message, 'spec.containers[0].resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1500Mi');
  assert.equal(findingsFor(t.replace('2Gi', '1Gi'), 'requests-exceed-limits').length, 0);
});

test('image-latest-tag: no tag or :latest is information; tags and digests pass', () => {
  const t = pod('  - name: a\n    image: registry.example.com:5000/team/app\n');
  const f = expectOne(findingsFor(t, 'image-latest-tag'), 'image-latest-tag', t, 'registry.example.com:5000/team/app', 7);
  assert.equal(f.severity, 'information');
  assert.equal(findingsFor(pod('  - name: a\n    image: nginx:latest\n'), 'image-latest-tag').length, 1);
  assert.equal(findingsFor(pod('  - name: a\n    image: nginx:1.27\n'), 'image-latest-tag').length, 0);
  assert.equal(findingsFor(pod('  - name: a\n    image: nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n'), 'image-latest-tag').length, 0);
});

const probe = (probeBlock: string, ports = '    ports:\n    - containerPort: 8080\n      name: http\n') =>
  pod(`  - name: a
    image: nginx:1.27
${ports}${probeBlock}`);

test('probe-port-unknown: named port the container does not declare', () => {
  const t = probe('    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: htpp\n');
  const f = expectOne(findingsFor(t, 'probe-port-unknown'), 'probe-port-unknown', t, 'htpp', 14);
  assert.match(f.message, /uses port "htpp", which container "a" does not declare; the container's named ports are "http"/);
  assert.equal(findingsFor(probe('    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: http\n'), 'probe-port-unknown').length, 0);
});

test('probe-port-undeclared: numeric port not among declared ones (information); no ports declared is fine', () => {
  const t = probe('    readinessProbe:\n      tcpSocket:\n        port: 9090\n');
  expectOne(findingsFor(t, 'probe-port-undeclared'), 'probe-port-undeclared', t, '9090', 13);
  assert.equal(findingsFor(probe('    readinessProbe:\n      tcpSocket:\n        port: 8080\n'), 'probe-port-undeclared').length, 0);
  assert.equal(findingsFor(probe('    readinessProbe:\n      tcpSocket:\n        port: 9090\n', ''), 'probe-port-undeclared').length, 0);
});

test('probe-port-unknown: quick fixes point the probe at each declared port (by name, else by number)', () => {
  const ports = '    ports:\n    - containerPort: 8080\n      name: http\n    - containerPort: 9000\n';
  const t = probe('    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: htpp\n', ports);
  const [f] = findingsFor(t, 'probe-port-unknown');
  assert.deepEqual(f.fixes?.map((x) => x.title), ['Point the probe at port http', 'Point the probe at port 9000']);
  assert.match(applyFixAndRecheck(t, 'probe-port-unknown', 'Point the probe at port http'), /port: http\n/);
  assert.match(applyFixAndRecheck(t, 'probe-port-unknown', 'Point the probe at port 9000'), /path: \/healthz\n        port: 9000\n/);
});

test('probe-port-undeclared: quick fixes point the probe at a declared port or declare the port', () => {
  const t = probe('    readinessProbe:\n      tcpSocket:\n        port: 9090\n');
  const [f] = findingsFor(t, 'probe-port-undeclared');
  assert.deepEqual(f.fixes?.map((x) => x.title), ['Point the probe at port 8080', 'Declare port 9090 on the container']);
  assert.match(applyFixAndRecheck(t, 'probe-port-undeclared', 'Point the probe at port 8080'), /tcpSocket:\n        port: 8080\n/);
  const declared = applyFixAndRecheck(t, 'probe-port-undeclared', 'Declare port 9090');
  assert.match(declared, /    ports:\n    - containerPort: 8080\n      name: http\n    - containerPort: 9090\n    readinessProbe:/);
  // A flow list is left alone rather than rewritten.
  const flow = probe('    readinessProbe:\n      tcpSocket:\n        port: 9090\n', '    ports: [{containerPort: 8080}]\n');
  assert.deepEqual(findingsFor(flow, 'probe-port-undeclared')[0].fixes?.map((x) => x.title), ['Point the probe at port 8080']);
});

test('probe-http-path: httpGet without path probes "/"', () => {
  const t = probe('    readinessProbe:\n      httpGet:\n        port: http\n');
  const f = expectOne(findingsFor(t, 'probe-http-path'), 'probe-http-path', t, 'httpGet', 12);
  assert.equal(f.severity, 'information');
  assert.equal(findingsFor(probe('    readinessProbe:\n      httpGet:\n        path: /ready\n        port: http\n'), 'probe-http-path').length, 0);
});

test('probe-success-threshold: liveness must be 1, readiness may be more', () => {
  const t = probe('    livenessProbe:\n      exec:\n        command: [true]\n      successThreshold: 2\n');
  const f = expectOne(findingsFor(t, 'probe-success-threshold'), 'probe-success-threshold', t, '2', 14);
  assert.equal(f.message, 'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1');
  assert.equal(findingsFor(t.replace('livenessProbe', 'readinessProbe'), 'probe-success-threshold').length, 0);
});
