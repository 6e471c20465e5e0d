import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tabwrite } from '../../server/src/sim/kubectl/tabwriter';
import { newShell, rows } from './helpers';

const run = async (s: ReturnType<typeof newShell>, line: string) => (await s.session.execute(line)).output;

test('tabwriter: a column block is padded to its widest cell; a line without tabs ends the block', () => {
  const out = tabwrite('Name:\tweb\nService Account:\tdefault\nIPs:\n  IP:\t10.0.0.1\n', 2);
  assert.equal(out, 'Name:             web\nService Account:  default\nIPs:\n  IP:  10.0.0.1\n');
});

test('get: kubectl columns (max width + 3), AGE in kubectl units, kinds listed together, --show-labels', async () => {
  const s = newShell();
  await run(s, 'kubectl create deployment nginx --image=nginx --replicas=2');
  await run(s, 'sleep 150s');
  const pods = await run(s, 'kubectl get pods');
  const lines = pods.trimEnd().split('\n');
  assert.match(lines[0], /^NAME {21}READY   STATUS    RESTARTS   AGE$/);
  assert.equal(lines.length, 3);
  for (const r of rows(pods).slice(1)) assert.deepEqual(r.slice(1), ['1/1', 'Running', '0', '2m30s']);
  const both = await run(s, 'kubectl get deploy,pods --show-labels');
  assert.match(both, /^NAME {20}READY   UP-TO-DATE   AVAILABLE   AGE     LABELS\ndeployment\.apps\/nginx   2\/2     2            2           2m30s   app=nginx\n\nNAME /);
  assert.match(both, /pod\/nginx-[a-z0-9]+-[a-z0-9]{5} +1\/1 +Running +0 +2m30s +app=nginx,pod-template-hash=/);
  await run(s, 'sleep 3h');
  assert.equal(rows(await run(s, 'kubectl get deploy'))[1][4], '3h2m');
});

test('namespaces: create ns shows kubernetes.io/metadata.name in get ns --show-labels; the label cannot be removed', async () => {
  const s = newShell();
  assert.equal(await run(s, 'kubectl create ns team'), 'namespace/team created\n');
  assert.equal(await run(s, 'kubectl get ns team --show-labels'), 'NAME   STATUS   AGE   LABELS\nteam   Active   0s    kubernetes.io/metadata.name=team\n');
  await run(s, 'kubectl label ns team kubernetes.io/metadata.name-');
  assert.deepEqual(rows(await run(s, 'kubectl get ns --show-labels')).map((r) => [r[0], r[3]]), [
    ['NAME', 'LABELS'], ['default', 'kubernetes.io/metadata.name=default'], ['kube-node-lease', 'kubernetes.io/metadata.name=kube-node-lease'],
    ['kube-public', 'kubernetes.io/metadata.name=kube-public'], ['kube-system', 'kubernetes.io/metadata.name=kube-system'], ['team', 'kubernetes.io/metadata.name=team'],
  ]);
});

test('managedFields: kubectl edit records kubectl-edit, scale the scale subresource as kubectl; get -o yaml shows them with --show-managed-fields only', async () => {
  const s = newShell();
  await run(s, 'kubectl create deployment web --image=nginx:1.25');
  s.session.editor = async (_ref, text) => text.replace('image: nginx:1.25', 'image: nginx:1.26');
  assert.equal(await run(s, 'kubectl edit deployment web'), 'deployment.apps/web edited\n');
  await run(s, 'kubectl scale deployment web --replicas=2');
  const o = JSON.parse(await run(s, 'kubectl get deployment web -o json --show-managed-fields'));
  const byManager = Object.fromEntries(o.metadata.managedFields.filter((m: { subresource?: string }) => m.subresource !== 'status').map((m: { manager: string; subresource?: string; fieldsV1: unknown }) => [`${m.manager}${m.subresource ? '/' + m.subresource : ''}`, m.fieldsV1]));
  assert.deepEqual(Object.keys(byManager).sort(), ['kubectl-create', 'kubectl-edit', 'kubectl/scale']);
  assert.deepEqual(byManager['kubectl-edit'], { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { 'f:image': {} } } } } } });
  assert.deepEqual(byManager['kubectl/scale'], { 'f:spec': { 'f:replicas': {} } });
  assert.doesNotMatch(await run(s, 'kubectl get deployment web -o yaml'), /managedFields/);
});

test('get -o yaml / json / name, -l, -A and events', async () => {
  const s = newShell();
  await run(s, 'kubectl run web --image=nginx --labels=app=web,tier=front');
  await run(s, 'kubectl run other --image=nginx');
  await run(s, 'sleep 20s');
  const yaml = await run(s, 'kubectl get pod web -o yaml');
  assert.match(yaml, /^apiVersion: v1\nkind: Pod\nmetadata:\n/);
  // Quoted, as go-yaml writes a string that would read back as a timestamp.
  assert.match(yaml, /creationTimestamp: "2026-01-01T00:00:00Z"/);
  assert.match(yaml, /  containers:\n  - image: nginx\n/);
  const json = JSON.parse(await run(s, 'kubectl get pods -o json'));
  assert.equal(json.kind, 'List');
  assert.equal(json.items.length, 2);
  assert.equal(await run(s, 'kubectl get pods -l tier=front -o name'), 'pod/web\n');
  const all = await run(s, 'kubectl get pods -A');
  assert.match(all.split('\n')[0], /^NAMESPACE +NAME +READY/);
  assert.match(all, /^kube-system +coredns-\S+ +1\/1 +Running/m, 'minikube\'s own pods are listed with -A');
  const events = await run(s, 'kubectl get events');
  assert.match(events.split('\n')[0], /^LAST SEEN   TYPE     REASON +OBJECT +MESSAGE$/);
  assert.match(events, /Normal +Scheduled +pod\/web +Successfully assigned default\/web to minikube/);
  assert.equal(await run(s, 'kubectl get pods -o jsonpath={.items[*].metadata.name}'), 'other web');
  assert.equal(await run(s, 'kubectl get pods --sort-by=.metadata.name -o name'), 'pod/other\npod/web\n');
  assert.match(await run(s, 'kubectl get pods -o xml'), /^error: unable to match a printer suitable for the output format "xml"/);
});

test('describe pod: kubectl layout with container state and an Events section', async () => {
  const s = newShell();
  await run(s, 'kubectl run web --image=nginx:1.200');
  await run(s, 'sleep 60s');
  const d = await run(s, 'kubectl describe pod web');
  assert.match(d, /^Name:             web\nNamespace:        default\nPriority:         0\nService Account:  default\nNode:             minikube\/192\.168\.49\.2\n/);
  assert.match(d, /\nContainers:\n  web:\n    Container ID:   \n    Image:          nginx:1\.200\n    Image ID:       \n/);
  assert.match(d, /    State:          Waiting\n      Reason:       ImagePullBackOff\n/);
  assert.match(d, /\nEvents:\n  Type     Reason +Age +From +Message\n  ----     ------ +---- +---- +-------\n/);
  assert.match(d, /  Warning  Failed +\d+s \(x\d+ over \d+s\) +kubelet +Failed to pull image "nginx:1\.200"/);
  assert.match(await run(s, 'kubectl describe pod nope'), /Error from server \(NotFound\): pods "nope" not found/);
});

test('logs: the container output, --previous after a restart, --tail, waiting containers', async () => {
  const s = newShell();
  await run(s, 'kubectl create deployment hello --image=hello-world');
  await run(s, 'kubectl run box --image=busybox --restart=Never -- /bin/sh -c "echo one; echo two; echo three"');
  await run(s, 'sleep 60s');
  const pod = (await run(s, 'kubectl get pods -l app=hello -o name')).trim().slice('pod/'.length);
  assert.match(await run(s, `kubectl get pod ${pod}`), /CrashLoopBackOff/);
  assert.match(await run(s, `kubectl logs ${pod}`), /Hello from the hello-world image!/);
  assert.match(await run(s, `kubectl logs ${pod} --previous`), /Hello from the hello-world image!/);
  assert.match(await run(s, 'kubectl logs deployment/hello'), /Hello from the hello-world image!/);
  assert.equal(await run(s, 'kubectl logs box'), 'one\ntwo\nthree\n');
  assert.equal(await run(s, 'kubectl logs box --tail=1'), 'three\n');
  assert.match(await run(s, 'kubectl logs box -p'), /previous terminated container "box" in pod "box" not found/);
  await run(s, 'kubectl run bad --image=nginx:1.200');
  await run(s, 'sleep 30s');
  assert.match(await run(s, 'kubectl logs bad'), /container "bad" in pod "bad" is waiting to start: trying and failing to pull image/);
});

test('explain: fields, types and required from the bundled schemas, no prose', async () => {
  const s = newShell();
  const e = await run(s, 'kubectl explain deployment.spec');
  assert.match(e, /^GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: spec <DeploymentSpec>\n/);
  assert.match(e, /  selector\t<LabelSelector> -required-\n/);
  assert.match(e, /  replicas\t<integer>\n/);
  const pod = await run(s, 'kubectl explain pods.spec.containers');
  assert.match(pod, /FIELD: containers <\[\]Container> -required-/);
  assert.match(pod, /  env\t<\[\]EnvVar>\n/);
  assert.match(pod, /  name\t<string> -required-\n/);
  assert.match(pod, /  imagePullPolicy\t<string>\n  enum: Always, Never, IfNotPresent\n/, 'enum values under the field');
  assert.match(await run(s, 'kubectl explain pod.spec.containers.imagePullPolicy'), /\nFIELD: imagePullPolicy <string>\nENUM:\n    Always\n    Never\n    IfNotPresent\n/);
  assert.match(await run(s, 'kubectl explain pods.spec.nope'), /field "nope" does not exist/);
  assert.match(await run(s, 'kubectl explain deploy --recursive'), /\n    template +\t<PodTemplateSpec> -required-\n/);
});

test('api-resources lists what the simulated API server serves', async () => {
  const s = newShell();
  const out = await run(s, 'kubectl api-resources');
  assert.match(out, /^NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND\n/);
  assert.match(out, /\ndeployments +deploy +apps\/v1 +true +Deployment\n/);
  assert.match(out, /\nnodes +no +v1 +false +Node\n/);
});
