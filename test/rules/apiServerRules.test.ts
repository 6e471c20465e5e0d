import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile } from '../../server/src/engine/check';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { expectOne, findingsFor, textAt } from './helpers';

/** The API server's own pod-spec and count checks (rules marked rejectedByApiServer), at exact ranges. */

const pod = (body: string, meta = '  name: p\n') => `apiVersion: v1
kind: Pod
metadata:
${meta}spec:
${body}`;

test('invalid-object-name: neither name nor generateName, on the metadata key; generateName is enough', () => {
  const t = pod('  containers:\n    - name: c\n      image: nginx:1.27\n', '  labels:\n    app: a\n');
  const f = expectOne(findingsFor(t, 'invalid-object-name'), 'invalid-object-name', t, 'metadata', 2);
  assert.equal(f.message, 'metadata.name: Required value: name or generateName is required');
  assert.deepEqual(findingsFor(pod('  containers:\n    - name: c\n      image: nginx:1.27\n', '  generateName: p-\n'), 'invalid-object-name'), []);
  // A List carries no name of its own; custom resources are not checked.
  assert.deepEqual(findingsFor('apiVersion: v1\nkind: List\nitems: []\n', 'invalid-object-name'), []);
});

test('container-image-required: on the container name', () => {
  const t = pod('  containers:\n    - name: app\n');
  const f = expectOne(findingsFor(t, 'container-image-required'), 'container-image-required', t, 'app', 6);
  assert.equal(f.message, 'spec.containers[0].image: Required value');
});

test('containers-required: an empty list (on containers), a template without spec (on the template key), a Pod without spec', () => {
  const ds = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: { app: a }\n  template:\n    metadata:\n      labels: { app: a }\n    spec:\n      containers: []\n';
  const f = expectOne(findingsFor(ds, 'containers-required'), 'containers-required', ds, 'containers', 11);
  assert.equal(f.message, 'spec.template.spec.containers: Required value');
  const noSpec = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels: { app: a }\n  template:\n    metadata:\n      labels: { app: a }\n';
  const g = expectOne(findingsFor(noSpec, 'containers-required'), 'containers-required', noSpec, 'template', 7);
  assert.equal(g.message, 'spec.template.spec.containers: Required value');
  assert.equal(findingsFor('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n', 'containers-required')[0]?.message, 'spec.containers: Required value');
  // A missing template is the schema's finding; a kustomize patch leaves the containers to its base.
  assert.deepEqual(findingsFor('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels: { app: a }\n', 'containers-required'), []);
  assert.deepEqual(findingsFor(pod('  containers:\n    - name: c\n      image: nginx:1.27\n'), 'containers-required'), []);
});

test('port-out-of-range: containerPort 0 is missing (Required value), as validateContainerPorts says', () => {
  const t = pod('  containers:\n    - name: c\n      image: nginx:1.27\n      ports:\n        - containerPort: 0\n');
  assert.deepEqual(findingsFor(t, 'port-out-of-range').map((f) => f.message), ['spec.containers[0].ports[0].containerPort: Required value']);
});

test('probe-handler: a probe with no handler, one with two; a misspelt handler is left to unknown-field', () => {
  const none = pod('  containers:\n    - name: c\n      image: nginx:1.27\n      livenessProbe:\n        periodSeconds: 5\n');
  const f = expectOne(findingsFor(none, 'probe-handler'), 'probe-handler', none, 'livenessProbe', 8);
  assert.equal(f.message, 'spec.containers[0].livenessProbe: Required value: must specify a handler type');
  const two = pod('  containers:\n    - name: c\n      image: nginx:1.27\n      readinessProbe:\n        tcpSocket: { port: 80 }\n        exec: { command: [true] }\n');
  const g = expectOne(findingsFor(two, 'probe-handler'), 'probe-handler', two, 'tcpSocket', 9);
  assert.equal(g.message, 'spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type');
  assert.deepEqual(findingsFor(pod('  containers:\n    - name: c\n      image: nginx:1.27\n      livenessProbe:\n        gRPC: { port: 9000 }\n'), 'probe-handler'), []);
});

test('invalid-security-context: seccomp Localhost without a profile (on the type), a profile with another type, procMount', () => {
  const t = pod('  securityContext:\n    seccompProfile:\n      type: Localhost\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        procMount: Masked\n        seccompProfile:\n          type: RuntimeDefault\n          localhostProfile: x.json\n');
  const found = findingsFor(t, 'invalid-security-context');
  assert.deepEqual(found.map((f) => [f.range.start.line, f.message]), [
    [7, 'spec.securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost'],
    [15, 'spec.containers[0].securityContext.seccompProfile.localhostProfile: Invalid value: "x.json": can only be set when seccomp type is Localhost'],
    [12, 'spec.containers[0].securityContext.procMount: Unsupported value: "Masked": supported values: "Default", "Unmasked"'],
  ]);
  assert.deepEqual(findingsFor(pod('  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        procMount: Unmasked\n        seccompProfile: { type: Localhost, localhostProfile: a.json }\n'), 'invalid-security-context'), []);
});

test('topology-spread-constraint: maxSkew 0, minDomains 0, minDomains with ScheduleAnyway', () => {
  const t = pod('  containers:\n    - name: c\n      image: nginx:1.27\n  topologySpreadConstraints:\n    - maxSkew: 0\n      minDomains: 0\n      topologyKey: zone\n      whenUnsatisfiable: DoNotSchedule\n    - maxSkew: 1\n      minDomains: 2\n      topologyKey: zone\n      whenUnsatisfiable: ScheduleAnyway\n');
  assert.deepEqual(findingsFor(t, 'topology-spread-constraint').map((f) => [f.range.start.line, f.message]), [
    [9, 'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero'],
    [10, 'spec.topologySpreadConstraints[0].minDomains: Invalid value: 0: must be greater than zero'],
    [14, 'spec.topologySpreadConstraints[1].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway'],
  ]);
});

test('negative-value: replicas, Job counts, probe timings; 0 is fine', () => {
  const d = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: -1\n  selector:\n    matchLabels: { app: d }\n  template:\n    metadata:\n      labels: { app: d }\n    spec:\n      containers:\n        - name: c\n          image: nginx:1.27\n          readinessProbe:\n            tcpSocket: { port: 80 }\n            timeoutSeconds: -2\n';
  assert.deepEqual(findingsFor(d, 'negative-value').map((f) => [f.range.start.line, f.message]), [
    [5, 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    [17, 'spec.template.spec.containers[0].readinessProbe.timeoutSeconds: Invalid value: -2: must be greater than or equal to 0'],
  ]);
  const j = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  backoffLimit: -1\n  completions: 0\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: c\n          image: busybox:1.36\n';
  const f = expectOne(findingsFor(j, 'negative-value'), 'negative-value', j, '-1', 5);
  assert.equal(f.message, 'spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0');
});

test('an empty kind: missing-required-field on the kind key (kubectl: kind not set)', () => {
  const text = 'apiVersion: v1\nkind:\nmetadata:\n  name: x\n';
  const found = checkFile(parseYamlFile('file:///ws/k.yaml', text)).filter((f) => f.code === 'missing-required-field');
  assert.equal(found.length, 1);
  assert.equal(textAt(text, found[0].range), 'kind');
  assert.match(found[0].message, /^missing required field "kind"/);
});
