import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cliJs, ensureBuilt } from '../support/server';

/** The classic tutorial sessions, run as `kube-rehearsal shell --script` through the built CLI. */

const root = join(__dirname, '..', '..');


before(ensureBuilt);

function transcript(name: string, ...extra: string[]): string {
  const r = spawnSync(process.execPath, [cliJs, 'shell', '--script', `test-fixtures/transcripts/${name}.txt`, ...extra], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** The output of the n-th occurrence of `$ command` in a transcript (up to the next prompt). */
function outputOf(text: string, command: string, nth = 1): string {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(`$ ${command}\n`, at + 1);
    assert.ok(at >= 0, `"${command}" #${nth} not in the transcript:\n${text}`);
  }
  const start = at + command.length + 3;
  const end = text.indexOf('\n$ ', start - 1);
  return text.slice(start, end < 0 ? undefined : end + 1);
}

test('hello-world with --restart=Never completes and its logs show the greeting', () => {
  const t = transcript('hello-world');
  assert.equal(outputOf(t, 'kubectl run hello --image=hello-world --restart=Never'), 'pod/hello created\n');
  assert.equal(outputOf(t, 'kubectl get pods', 2), 'NAME    READY   STATUS      RESTARTS   AGE\nhello   0/1     Completed   0          10s\n');
  assert.match(outputOf(t, 'kubectl logs hello'), /^\nHello from the hello-world image!\n/);
  assert.equal(outputOf(t, 'kubectl logs hello --previous'), 'Error from server (BadRequest): previous terminated container "hello" in pod "hello" not found\n');
  assert.equal(outputOf(t, 'kubectl delete pod hello'), 'pod "hello" deleted from default namespace\n');
});

test('nginx Deployment: delete all pods, the watch shows replacements come up', () => {
  const t = transcript('nginx-self-healing');
  const before = outputOf(t, 'kubectl get deploy,rs,pods');
  assert.match(before, /^NAME {20}READY   UP-TO-DATE   AVAILABLE   AGE\ndeployment\.apps\/nginx   3\/3     3            3           30s\n/);
  const old = [...before.matchAll(/pod\/(nginx-\S+)/g)].map((m) => m[1]);
  assert.equal(old.length, 3);
  const deleted = outputOf(t, 'kubectl delete pods --all');
  for (const p of old) assert.match(deleted, new RegExp(`pod "${p}" deleted`));
  const watch = outputOf(t, 'kubectl get pods -w');
  assert.match(watch, /^NAME +READY +STATUS +RESTARTS +AGE\n/);
  assert.match(watch, /0\/1 +ContainerCreating/);
  assert.match(watch, /1\/1 +Running/);
  assert.match(watch, /\^C\n$/);
  const after = outputOf(t, 'kubectl get pods');
  const now = [...after.matchAll(/^(nginx-\S+) +1\/1 +Running +0 +40s$/gm)].map((m) => m[1]);
  assert.equal(now.length, 3, after);
  for (const p of now) assert.ok(!old.includes(p), 'replacements have new names');
});

test('relabel a pod out of its ReplicaSet and back', () => {
  const t = transcript('relabel-replicaset');
  const out = outputOf(t, 'kubectl get pods --show-labels', 2);
  assert.match(out, /^frontend-2tcg9 +1\/1 +Running +0 +50s +tier=debug$/m);
  assert.equal([...out.matchAll(/tier=frontend$/gm)].length, 3, 'the ReplicaSet made a replacement');
  assert.match(outputOf(t, 'kubectl label pod frontend-2tcg9 tier=frontend --overwrite'), /^pod\/frontend-2tcg9 labeled\n$/);
  const back = outputOf(t, 'kubectl get pods --show-labels', 3);
  assert.equal([...back.matchAll(/tier=frontend$/gm)].length, 3, 'the ReplicaSet deleted one again');
  assert.match(outputOf(t, 'kubectl describe rs frontend'), /\nReplicas:     3 current \/ 3 desired\n[\s\S]*SuccessfulDelete +\d+s +replicaset-controller +Deleted pod: /);
});

test('rollout to a tag that does not exist stalls; undo brings it back; history shows the revisions', () => {
  const t = transcript('rollout-bad-tag');
  assert.match(outputOf(t, 'kubectl rollout status deployment/nginx'), /Waiting for deployment "nginx" rollout to finish: 1 out of 3 new replicas have been updated\.\.\.\n\^C\n$/);
  const pods = outputOf(t, 'kubectl get pods');
  assert.equal([...pods.matchAll(/1\/1 +Running/g)].length, 3, 'the old pods keep serving');
  assert.match(pods, /0\/1 +(ImagePullBackOff|ErrImagePull)/);
  assert.equal(outputOf(t, 'kubectl rollout history deployment/nginx'), 'deployment.apps/nginx \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
  assert.equal(outputOf(t, 'kubectl rollout undo deployment/nginx'), 'deployment.apps/nginx rolled back\n');
  assert.match(outputOf(t, 'kubectl rollout status deployment/nginx', 2), /deployment "nginx" successfully rolled out\n$/);
  assert.match(outputOf(t, 'kubectl get deploy nginx'), /\nnginx   3\/3     3            3           2m15s\n/);
  assert.equal(outputOf(t, 'kubectl rollout history deployment/nginx', 2), 'deployment.apps/nginx \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
});

test('scale a ReplicationController 3 -> 5 -> 3', () => {
  const t = transcript('scale-replication-controller');
  assert.equal(outputOf(t, 'kubectl get rc nginx'), 'NAME    DESIRED   CURRENT   READY   AGE\nnginx   3         3         3       30s\n');
  assert.equal(outputOf(t, 'kubectl scale rc nginx --replicas=5'), 'replicationcontroller/nginx scaled\n');
  assert.equal(outputOf(t, 'kubectl get rc nginx', 2), 'NAME    DESIRED   CURRENT   READY   AGE\nnginx   5         5         5       60s\n');
  assert.equal([...outputOf(t, 'kubectl get pods -l app=nginx').matchAll(/1\/1 +Running/g)].length, 5);
  const end = outputOf(t, 'kubectl get rc,pods');
  assert.match(end, /^replicationcontroller\/nginx   3         3         3       105s$/m);
  assert.equal([...end.matchAll(/^pod\/nginx-\S+ +1\/1 +Running/gm)].length, 3);
});

test('a CronJob every minute: the watch shows a Job each minute; its logs show the date and the greeting', () => {
  const t = transcript('cronjob-every-minute');
  const watch = outputOf(t, 'kubectl get jobs -w');
  assert.match(watch, /^No resources found in default namespace\.\nNAME +STATUS +COMPLETIONS +DURATION +AGE\n/);
  assert.match(watch, /^hello-29453761 +Running +0\/1/m);
  assert.match(watch, /^hello-29453761 +Complete +1\/1/m);
  assert.match(watch, /^hello-29453762 +/m);
  assert.match(watch, /^hello-29453763 +/m);
  assert.equal(outputOf(t, 'kubectl logs job/hello-29453761'), 'Thu Jan  1 00:01:01 UTC 2026\nHello from the Kubernetes cluster\n');
});

test('usage errors exit 2 with a readable message', () => {
  const r = spawnSync(process.execPath, [cliJs, 'shell', '--speed', 'fast'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--speed must be a positive number/);
  const piped = spawnSync(process.execPath, [cliJs, 'shell'], { cwd: root, encoding: 'utf8', input: 'kubectl get nodes\n' });
  assert.equal(piped.status, 0);
  assert.match(piped.stdout, /^\$ kubectl get nodes\nNAME       STATUS   ROLES           AGE   VERSION\nminikube   Ready    control-plane   0s    v1.36.0\n$/);
});
