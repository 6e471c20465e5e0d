import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { defaultClusterShape, parseCpuMillis, parseMemoryBytes, parseWorkspaceConfig } from '../../server/src/sim/behaviour';

const schema = JSON.parse(readFileSync(join(__dirname, '../../schemas/kube-rehearsal-config.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

test('default cluster: one node named minikube, 2 CPUs, 4 GiB, 110 pods', () => {
  const [node] = defaultClusterShape().nodes;
  assert.equal(defaultClusterShape().nodes.length, 1);
  assert.equal(node.name, 'minikube');
  assert.equal(node.cpuMillis, 2000);
  assert.equal(node.memoryBytes, 4 * 1024 ** 3);
  assert.equal(node.pods, 110);
  assert.equal(node.labels['kubernetes.io/hostname'], 'minikube');
  assert.equal(node.labels['node-role.kubernetes.io/control-plane'], '');
  assert.deepEqual(node.taints, []);
  assert.deepEqual(defaultClusterShape(3).nodes.map((n) => n.name), ['minikube', 'minikube-m02', 'minikube-m03']);
});

test('quantities', () => {
  assert.equal(parseCpuMillis('500m'), 500);
  assert.equal(parseCpuMillis(1.5), 1500);
  assert.equal(parseCpuMillis('two'), undefined);
  assert.equal(parseMemoryBytes('4096Mi'), 4 * 1024 ** 3);
  assert.equal(parseMemoryBytes('1G'), 1e9);
  assert.equal(parseMemoryBytes('lots'), undefined);
});

const SAMPLE = `
images:
  - image: myapp:*
    startupSeconds: 5
    ports:
      - port: 8080
        protocol: HTTP
    http:
      - path: /healthz
        status: 200
        untilSeconds: 60
      - path: /healthz
        status: 500
        afterSeconds: 60
    memoryMiB: 300
    handlesSigterm: false
    tags: ["1.0", "2.*"]
  - image: batch-job
    exitAfterSeconds: 20
    exitCode: 1
cluster:
  nodes:
    count: 3
    names: [control-plane, worker-1, worker-2]
    cpu: 4
    memory: 8Gi
    pods: 50
    labels:
      disk: ssd
    taints:
      - dedicated=gpu:NoSchedule
`;

test('a full workspace file parses, and the JSON Schema accepts it', () => {
  const value = parse(SAMPLE);
  assert.equal(validate(value), true, JSON.stringify(validate.errors));
  const { images, cluster, errors } = parseWorkspaceConfig(value);
  assert.deepEqual(errors, []);
  assert.equal(images.length, 2);
  assert.deepEqual(images[0].http![1], { path: '/healthz', status: 500, afterSeconds: 60 });
  assert.equal(images[1].exitCode, 1);
  assert.deepEqual(cluster!.nodes.map((n) => n.name), ['control-plane', 'worker-1', 'worker-2']);
  assert.equal(cluster!.nodes[2].cpuMillis, 4000);
  assert.equal(cluster!.nodes[2].memoryBytes, 8 * 1024 ** 3);
  assert.equal(cluster!.nodes[1].labels.disk, 'ssd');
  assert.deepEqual(cluster!.nodes[0].taints, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
});

test('nodes as a list: names default like minikube, taints as mappings, unschedulable', () => {
  const value = parse(`
cluster:
  nodes:
    - cpu: 500m
      taints:
        - key: node-role.kubernetes.io/control-plane
          effect: NoSchedule
    - name: big
      memory: 16Gi
      unschedulable: true
`);
  assert.equal(validate(value), true, JSON.stringify(validate.errors));
  const { cluster, errors } = parseWorkspaceConfig(value);
  assert.deepEqual(errors, []);
  assert.deepEqual(cluster!.nodes.map((n) => [n.name, n.cpuMillis, n.unschedulable]), [['minikube', 500, false], ['big', 2000, true]]);
  assert.equal(cluster!.nodes[0].taints[0].effect, 'NoSchedule');
});

test('invalid input is reported with paths and skipped; the schema rejects the same input', () => {
  const bad = {
    images: [{ image: 'a', startupSeconds: -1, exitCode: 300, ports: [{ port: 70000 }], http: [{ path: 'x', status: 200 }], colour: 'red' }, { startupSeconds: 1 }],
    cluster: { nodes: { count: 0 } },
    extra: true,
  };
  assert.equal(validate(bad), false);
  const { images, cluster, errors } = parseWorkspaceConfig(bad);
  assert.equal(images.length, 1);
  assert.equal(cluster, undefined);
  for (const expected of ['images[0].startupSeconds', 'images[0].exitCode', 'images[0].ports[0].port', 'images[0].http[0].path', 'images[0].colour', 'images[1].image', 'cluster.nodes.count', 'extra']) {
    assert.ok(errors.some((e) => e.startsWith(expected)), `${expected} in ${errors.join(' | ')}`);
  }
  assert.deepEqual(parseWorkspaceConfig(null), { images: [], errors: [] });
  assert.deepEqual(parseWorkspaceConfig('text').errors, ['(root): must be a mapping with images, cluster and/or targetVersion']);
  assert.match(parseWorkspaceConfig({ cluster: { nodes: [{ name: 'a' }, { name: 'a' }] } }).errors[0], /duplicate node name "a"/);
});
