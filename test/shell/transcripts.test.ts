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

test('refusals: the API server refuses what check reports, in kubectl words; updates keep the stored object and a Service its ClusterIP', () => {
  const t = transcript('refusals');
  const dir = 'test-fixtures/transcripts/refusals';
  assert.equal(outputOf(t, `kubectl create -f ${dir}/myweb-rs.yaml`), `error: resource mapping not found for name: "myweb-rs" namespace: "" from "${dir}/myweb-rs.yaml": no matches for kind "RelicaSets" in version "apps/v1"\nensure CRDs are installed first\n`);
  assert.equal(outputOf(t, `kubectl create -f ${dir}/selector-typo.yaml`), `Error from server (BadRequest): error when creating "${dir}/selector-typo.yaml": ReplicaSet in version "v1" cannot be handled as a ReplicaSet: strict decoding error: unknown field "spec.selecotr"\n`);
  assert.equal(outputOf(t, `kubectl create -f ${dir}/replicas-two.yaml`), `Error from server (BadRequest): error when creating "${dir}/replicas-two.yaml": ReplicaSet in version "v1" cannot be handled as a ReplicaSet: json: cannot unmarshal string into Go struct field ReplicaSetSpec.spec.replicas of type int32\n`);
  assert.equal(
    outputOf(t, `kubectl create -f ${dir}/labels-mismatch.yaml`),
    `Error from server (Invalid): error when creating "${dir}/labels-mismatch.yaml": ReplicaSet.apps "myweb-rs" is invalid: [spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: \`selector\` does not match template \`labels\`, spec.template.spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero]\n`,
  );
  assert.equal(
    outputOf(t, `kubectl create -f ${dir}/nameless-pod.yaml`),
    `Error from server (Invalid): error when creating "${dir}/nameless-pod.yaml": Pod "" is invalid: [metadata.name: Required value: name or generateName is required, spec.containers[0].livenessProbe: Required value: must specify a handler type, spec.containers[0].securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost]\n`,
  );
  assert.match(outputOf(t, `kubectl apply -f ${dir}/nameless-pod.yaml`), /^error: error when retrieving current configuration of:\nResource: "\/v1, Resource=pods", GroupVersionKind: "\/v1, Kind=Pod"\nName: "", Namespace: "default"\nfrom server for: ".*nameless-pod\.yaml": resource name may not be empty\n$/);
  assert.equal(outputOf(t, 'kubectl get rs'), 'No resources found in default namespace.\n');
  assert.equal(
    outputOf(t, `kubectl patch rs myweb-rs -p '{"spec":{"selector":{"matchLabels":{"app":"other"}},"template":{"metadata":{"labels":{"app":"other"}}}}}'`),
    'The ReplicaSet "myweb-rs" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable\n',
  );
  assert.match(outputOf(t, `kubectl patch rs myweb-rs -p '{"spec":{"replicas":"two"}}'`), /^Error from server \(BadRequest\): .*json: cannot unmarshal string into Go struct field ReplicaSetSpec\.spec\.replicas of type int32\n$/);
  assert.equal(outputOf(t, `kubectl patch rs myweb-rs --type=json -p '[{"op":"replace","path":"/spec/replicas","value":-1}]'`), 'The ReplicaSet "myweb-rs" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n');
  // Nothing of the refused updates reached the store; the scale did.
  assert.match(outputOf(t, 'kubectl get rs myweb-rs -o jsonpath={.spec.selector.matchLabels.app}/{.spec.replicas}'), /^myweb\/3/);
  const ip = outputOf(t, 'kubectl get svc web -o jsonpath={.spec.clusterIP}').match(/^10\.96\.\d+\.\d+/)?.[0];
  assert.ok(ip);
  assert.ok(outputOf(t, 'kubectl get svc web -o jsonpath={.spec.clusterIP}/{.spec.ports[0].port}').startsWith(`${ip}/8080`));
  assert.equal(outputOf(t, `kubectl patch svc web -p '{"spec":{"clusterIP":"10.96.200.200"}}'`), 'The Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.200.200"}: may not change once set\n');
  assert.ok(outputOf(t, 'kubectl get svc web -o jsonpath={.spec.clusterIP}/{.spec.ports[0].port}', 2).startsWith(`${ip}/80`));
});
