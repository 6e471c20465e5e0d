import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTree, findPath, groupAssumptions, pageOf, PAGE_SIZE, shownFor, summarize, type DryRunTreeNode } from '../../client/src/dryrun/treeModel';
import type { SimSnapshot } from '../../server/src/engine/dryrun/contract';

const fixture = (name: string): SimSnapshot =>
  JSON.parse(readFileSync(join(__dirname, '../../test-fixtures/dryrun', name), 'utf8')) as SimSnapshot;

function byId(roots: DryRunTreeNode[], id: string): DryRunTreeNode {
  const path = findPath(roots, (n) => n.id === id);
  assert.ok(path, `no node ${id}`);
  return path[path.length - 1];
}

test('recorded tutorial snapshot: groups, Deployment -> ReplicaSet by revision -> Pods', () => {
  const tree = buildTree(fixture('tutorial-120s.json'));
  assert.deepEqual(tree.map((g) => g.label), ['Nodes', 'Workloads', 'Pods', 'Services', 'Assumptions']);
  const hello = byId(tree, 'Deployment/default/hello-world');
  assert.equal(hello.icon, 'error');
  assert.equal(hello.color, 'testing.iconFailed');
  assert.equal(hello.children.length, 1);
  assert.equal(hello.children[0].label, 'revision 1: hello-world-5f7c8d9b6');
  const pod = hello.children[0].children[0];
  assert.equal(pod.label, 'hello-world-5f7c8d9b6-x7k2p');
  assert.equal(pod.description, 'CrashLoopBackOff · 0/1 · 3 restarts · minikube');
  assert.equal(pod.contextValue, 'pod.failing');
  assert.match(pod.tooltip ?? '', /BackOff/);
  const container = pod.children[0];
  assert.equal(container.description, 'waiting: CrashLoopBackOff · exit code 0 · 3 restarts');
  assert.equal(container.icon, 'error');

  const nginx = byId(tree, 'Deployment/default/nginx');
  assert.equal(nginx.icon, 'pass-filled');
  assert.equal(nginx.color, 'testing.iconPassed');
  assert.equal(nginx.description, '2/2 ready · 2 up-to-date · 2 available · revision 1');
  assert.equal(nginx.children[0].children.length, 2);

  const bare = tree.find((g) => g.label === 'Pods')!;
  assert.deepEqual(bare.children.map((p) => p.label), ['web-liveness']);
  const liveness = bare.children[0].children[0].children[0];
  assert.equal(liveness.label, 'liveness: failure');
  assert.equal(liveness.color, 'testing.iconFailed');
  assert.match(liveness.description ?? '', /connection refused/);

  const svc = byId(tree, 'Service/default/nginx');
  assert.equal(svc.description, 'ClusterIP 80/TCP · 2/2 endpoints ready');
  assert.deepEqual(svc.children.map((e) => [e.label, e.description, e.icon]), [
    ['nginx-66b6c48dd5-b2c4d', 'ready', 'pass-filled'],
    ['nginx-66b6c48dd5-q9z8w', 'ready', 'pass-filled'],
  ]);
  assert.deepEqual(summarize(fixture('tutorial-120s.json')), { ready: 3, failing: 1, progressing: 0, completed: 0 });
});

test('colours: progressing yellow, completed grey, unschedulable Pending red, service without endpoints red', () => {
  const snap = fixture('tutorial-120s.json');
  snap.pods = [
    { namespace: 'default', name: 'starting', owner: null, node: 'minikube', phase: 'Pending', status: 'ContainerCreating', ready: '0/1', restarts: 0, containers: [] },
    { namespace: 'default', name: 'done', owner: null, node: 'minikube', phase: 'Succeeded', status: 'Completed', ready: '0/1', restarts: 0, containers: [] },
    { namespace: 'default', name: 'big', owner: null, node: null, phase: 'Pending', status: 'Pending', ready: '0/1', restarts: 0, containers: [] },
  ];
  snap.events = [{ time: 0, type: 'Warning', reason: 'FailedScheduling', object: 'pod/big', message: '0/1 nodes are available: 1 Insufficient cpu.' }];
  snap.services = [{ namespace: 'default', name: 'web', type: 'ClusterIP', ports: [{ port: 80 }], endpoints: [] }];
  const tree = buildTree(snap);
  assert.equal(byId(tree, 'pod/default/starting').color, 'charts.yellow');
  assert.equal(byId(tree, 'pod/default/done').color, 'disabledForeground');
  const big = byId(tree, 'pod/default/big');
  assert.equal(big.color, 'testing.iconFailed');
  assert.equal(big.description, 'Pending · 0/1 · 0 restarts · unscheduled');
  assert.equal(byId(tree, 'Service/default/web').icon, 'error');
});

test('manifests the API server rejects are listed first, not silently dropped', () => {
  const tree = buildTree(fixture('tutorial-120s.json'), undefined, [{ object: 'deployment/web', message: 'The Deployment "web" is invalid: spec.selector: Required value' }]);
  assert.equal(tree[0].label, 'Not simulated (rejected by the API server)');
  assert.equal(tree[0].icon, 'error');
  assert.equal(tree[0].expanded, true, 'shown open: a manifest that never ran must not look like one that ran fine');
  assert.deepEqual(tree[0].children.map((c) => [c.label, c.description]), [['deployment/web', 'The Deployment "web" is invalid: spec.selector: Required value']]);
});

test('a rejected manifest row names its file and line and takes the editor there', () => {
  const range = { start: { line: 6, character: 12 }, end: { line: 6, character: 17 } };
  const tree = buildTree(fixture('tutorial-120s.json'), undefined, [
    { object: 'Pod/web', message: 'Pod "web" is invalid: spec.containers[0].name: Invalid value: "Hello"', uri: 'file:///w/pods/pod.yaml', range, code: 'invalid-container-name' },
  ], (uri) => uri.replace('file:///w/', ''));
  const row = tree[0].children[0];
  assert.equal(row.label, 'Pod/web');
  assert.equal(row.description, 'pods/pod.yaml:7 · Pod "web" is invalid: spec.containers[0].name: Invalid value: "Hello"');
  assert.deepEqual(row.location, { uri: 'file:///w/pods/pod.yaml', range });
  assert.match(row.tooltip ?? '', /pods\/pod\.yaml:7/);
});

test('thousands of Deployments: the Workloads group shows pages of 100 with a "Show 100 more" row', () => {
  const base = fixture('tutorial-120s.json');
  const workloads = Array.from({ length: 250 }, (_, i) => ({ kind: 'Deployment', namespace: 'default', name: `app-${String(i).padStart(3, '0')}`, ready: i === 240 ? '0/1' : '1/1', upToDate: 1, available: i === 240 ? 0 : 1, revision: 1, conditions: i === 240 ? [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'stalled' }] : [] }));
  const tree = buildTree({ ...base, workloads, pods: [], services: [], jobs: [], assumptions: [] } as SimSnapshot);
  const group = tree.find((g) => g.id === 'group/workloads')!;
  assert.equal(group.children.length, 250, 'the model keeps every workload; the view pages them');
  const first = pageOf(group.id, group.children, PAGE_SIZE);
  assert.equal(first.length, PAGE_SIZE + 1);
  const more = first[PAGE_SIZE];
  assert.deepEqual([more.type, more.label, more.description, more.moreOf], ['more', 'Show 100 more', '100 of 250 shown · 1 failing below', 'group/workloads']);
  const last = pageOf(group.id, group.children, 200);
  assert.equal(last[200].label, 'Show 50 more', 'the last page says how many are left');
  assert.equal(pageOf(group.id, group.children, 300).length, 250, 'all shown: no more row');
  assert.equal(pageOf('x', group.children.slice(0, 100), PAGE_SIZE).length, 100, 'a list of exactly one page has no more row');
  // Revealing the 241st workload needs three pages.
  assert.equal(shownFor(240), 300);
  assert.equal(shownFor(0), 100);
  assert.equal(shownFor(99), 100);
  assert.equal(shownFor(100), 200);
});

test('assumptions: one entry per thing assumed, with the objects it was made for', () => {
  const base = fixture('tutorial-120s.json');
  const assumptions = [
    ...Array.from({ length: 3000 }, (_, i) => ({ object: `pod/app-${i}`, message: 'container web: The simulator cannot interpret `serve` in image acme/app:1; it assumes the process keeps running.' })),
    { object: 'image/acme/app:1', message: 'image "acme/app:1" is not in the catalog: assumed to pull, start in 1s and run until stopped' },
    { object: 'pod/app-0', message: 'container web: The simulator cannot interpret `serve` in image acme/app:1; it assumes the process keeps running.' },
  ];
  assert.deepEqual(groupAssumptions(assumptions).map((a) => [a.objects.length, a.message.slice(0, 20)]), [[3000, 'container web: The s'], [1, 'image "acme/app:1" i']]);
  const tree = buildTree({ ...base, assumptions } as SimSnapshot);
  const group = tree.find((g) => g.id === 'group/assumptions')!;
  assert.equal(group.description, '2');
  assert.equal(group.children.length, 2);
  assert.equal(group.children[0].description, '3000 objects: pod/app-0, pod/app-1, pod/app-2 and 2997 more');
  assert.equal(group.children[1].description, 'image/acme/app:1');
});
