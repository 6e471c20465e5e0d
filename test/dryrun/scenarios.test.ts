import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlFile, type YamlFile } from '../../server/src/engine/yaml/documents';
import { createSimulationFactory } from '../../server/src/engine/dryrun/simulator';
import { DryRunSession } from '../../server/src/engine/dryrun/session';
import { indexedObjects, manifestValues } from '../../server/src/engine/dryrun/rollout';
import { predict } from '../../server/src/engine/dryrun/predict';
import { buildTree, findPath, summarize, type DryRunTreeNode } from '../../client/src/dryrun/treeModel';
import type { SimSnapshot } from '../../server/src/engine/dryrun/contract';

/** The tree model over real simulator runs of the simulation issue's scenarios. */

async function run(yaml: string, seconds: number, config?: string): Promise<{ snapshot: SimSnapshot; tree: DryRunTreeNode[]; files: YamlFile[] }> {
  const files = [parseYamlFile('file:///w/m.yaml', yaml)];
  const all = config ? [...files, parseYamlFile('file:///w/.kube-rehearsal.yaml', config)] : files;
  const session = new DryRunSession(createSimulationFactory(() => all), manifestValues(indexedObjects(files)), 1);
  await session.seek(seconds);
  const snapshot = session.snapshot();
  return { snapshot, tree: buildTree(snapshot), files };
}

const find = (tree: DryRunTreeNode[], pred: (n: DryRunTreeNode) => boolean): DryRunTreeNode => {
  const path = findPath(tree, pred);
  assert.ok(path, 'node not found');
  return path[path.length - 1];
};
const group = (tree: DryRunTreeNode[], label: string) => tree.find((g) => g.label === label)!;

test('hello-world as a bare Pod with restartPolicy Never: Completed, grey', async () => {
  const { tree } = await run(`apiVersion: v1
kind: Pod
metadata: { name: hello }
spec:
  restartPolicy: Never
  containers: [{ name: hello, image: hello-world }]
`, 60);
  const pod = find(tree, (n) => n.label === 'hello');
  assert.equal(pod.description, 'Completed · 0/1 · 0 restarts · minikube');
  assert.equal(pod.icon, 'pass');
  assert.equal(pod.color, 'disabledForeground');
  assert.match(pod.children[0].description ?? '', /^terminated: Completed · exit code 0/);
});

test('hello-world as a Job: Complete under Jobs and CronJobs, its pod Completed', async () => {
  const { tree } = await run(`apiVersion: batch/v1
kind: Job
metadata: { name: hello }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: hello, image: hello-world }]
`, 60);
  const jobs = group(tree, 'Jobs and CronJobs');
  assert.equal(jobs.children[0].label, 'hello');
  assert.equal(jobs.children[0].description, 'Complete · 1/1 completions');
  assert.equal(jobs.children[0].color, 'disabledForeground');
  assert.match(jobs.children[0].children[0].label, /^hello-[a-z0-9]{5}$/);
  assert.match(jobs.children[0].children[0].description ?? '', /^Completed · 0\/1 · 0 restarts/);
  assert.equal(group(tree, 'Pods'), undefined, 'job pods are not listed as standalone pods');
});

test('a CronJob every minute: its Jobs and their pods under it', async () => {
  const { tree } = await run(`apiVersion: batch/v1
kind: CronJob
metadata: { name: hello }
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: hello
              image: busybox:1.28
              command: ["/bin/sh", "-c", "date; echo Hello from the Kubernetes cluster"]
`, 200);
  const cj = find(tree, (n) => n.type === 'cronjob');
  assert.equal(cj.label, 'hello');
  assert.ok(cj.children.length >= 3, `${cj.children.length} jobs`);
  for (const j of cj.children) {
    assert.match(j.label, /^hello-\d+$/);
    assert.equal(j.type, 'job');
  }
  assert.match(cj.children[0].description ?? '', /^Complete/);
});

test('a DaemonSet on three nodes with a tainted control plane', async () => {
  const { tree } = await run(`apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec:
      containers: [{ name: agent, image: prom/node-exporter }]
`, 60, `cluster:
  nodes:
    - name: control-plane
      taints: [{ key: node-role.kubernetes.io/control-plane, effect: NoSchedule }]
    - name: worker-a
    - name: worker-b
`);
  assert.deepEqual(group(tree, 'Nodes').children.map((n) => n.label), ['control-plane', 'worker-a', 'worker-b']);
  const ds = find(tree, (n) => n.type === 'daemonset');
  assert.equal(ds.description, '2/2 ready · 2 up-to-date · 2 available');
  assert.deepEqual(ds.children.map((p) => p.description?.split(' · ').pop()).sort(), ['worker-a', 'worker-b']);
  assert.equal(ds.icon, 'pass-filled');
});

test('a StatefulSet: ordered pod names under it', async () => {
  const { tree } = await run(`apiVersion: apps/v1
kind: StatefulSet
metadata: { name: web }
spec:
  serviceName: web
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: nginx, image: nginx:1.16.1 }]
`, 120);
  const sts = find(tree, (n) => n.type === 'statefulset');
  assert.deepEqual(sts.children.map((p) => p.label), ['web-0', 'web-1', 'web-2']);
  assert.ok(sts.children.every((p) => p.icon === 'pass-filled'));
});

test('a Pending pod for insufficient CPU: red in the tree, the scheduler message on the cpu request', async () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: big }
spec:
  containers:
    - name: app
      image: nginx:1.16.1
      resources:
        requests:
          cpu: "3"
`;
  const { tree, snapshot, files } = await run(yaml, 30);
  const pod = find(tree, (n) => n.label === 'big');
  assert.equal(pod.description, 'Pending · 0/1 · 0 restarts · unscheduled');
  assert.equal(pod.color, 'testing.iconFailed');
  const preds = predict(snapshot, indexedObjects(files));
  assert.deepEqual(preds.map((p) => [p.finding.range.start.line, p.finding.message]), [
    [9, 'Pending: 0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod. (at 0s)'],
  ]);
  assert.deepEqual(summarize(snapshot), { ready: 0, failing: 1, progressing: 0, completed: 0 });
});

test('nginx scaled to a tag that does not exist: old pods serve, the new one is red', async () => {
  const { tree } = await run(`apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: nginx, image: nginx:1.200 }]
`, 60);
  const d = find(tree, (n) => n.type === 'deployment');
  assert.equal(d.icon, 'error');
  const pods = d.children[0].children;
  assert.equal(pods.length, 2);
  assert.ok(pods.every((p) => /^(ErrImagePull|ImagePullBackOff) · 0\/1/.test(p.description ?? '')), pods.map((p) => p.description).join());
});
