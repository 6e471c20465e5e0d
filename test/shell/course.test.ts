import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cliJs, ensureBuilt } from '../support/server';

/**
 * A kubectl course's commands through `kube-rehearsal shell --script`: what kubectl 1.36 prints
 * against minikube for -f forms, resource names, run, patch and exec (success and error paths).
 */

const root = join(__dirname, '..', '..');

before(ensureBuilt);

function transcript(name: string): string {
  const r = spawnSync(process.execPath, [cliJs, 'shell', '--script', `test-fixtures/transcripts/${name}.txt`], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** The output of the n-th `<prompt>command` line (up to the next prompt of any kind). */
function outputOf(text: string, command: string, nth = 1): string {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(` ${command}\n`, at + 1);
    assert.ok(at >= 0, `"${command}" #${nth} not in the transcript:\n${text}`);
  }
  const start = at + command.length + 2;
  const next = text.slice(start).search(/^(\$|\/\S* #|root@\S+#) /m);
  return text.slice(start, next < 0 ? undefined : start + next);
}

const F = 'test-fixtures/transcripts/course';

test('-f: a file, a directory (subdirectories with -R), several -f, a missing path, a YAML error, replace of a missing object', () => {
  const t = transcript('files-and-names');
  assert.equal(outputOf(t, `kubectl create -f ${F}/pod.yaml`), 'pod/myweb created\n');
  assert.equal(outputOf(t, `kubectl create -f ${F}/pod.yaml`, 2), `Error from server (AlreadyExists): error when creating "${F}/pod.yaml": pods "myweb" already exists\n`);
  assert.equal(outputOf(t, `kubectl apply -f ${F}/app`), 'deployment.apps/nginx-deploy created\nservice/nginx-svc created\n');
  assert.match(outputOf(t, `kubectl apply -f ${F}/app -R`), /^deployment\.apps\/nginx-deploy unchanged\nconfigmap\/app-config created\n/);
  assert.equal(outputOf(t, `kubectl delete -f ${F}/app/service.yaml -f ${F}/app/extra/configmap.yaml`), 'service "nginx-svc" deleted from default namespace\nconfigmap "app-config" deleted from default namespace\n');
  assert.equal(outputOf(t, `kubectl apply -f ${F}/nope.yaml`), `error: the path "${F}/nope.yaml" does not exist\n`);
  assert.match(outputOf(t, `kubectl apply -f ${F}/broken.yaml`), new RegExp(`^error: error parsing ${F}/broken\\.yaml: error converting YAML to JSON: yaml: line \\d+: `));
  assert.equal(outputOf(t, `kubectl replace -f ${F}/app/service.yaml`), `Error from server (NotFound): error when replacing "${F}/app/service.yaml": services "nginx-svc" not found\n`);
});

test('resource names: kind.version.group, plural.group, Kind, type/name lists, several types; errors as kubectl words them', () => {
  const t = transcript('files-and-names');
  const table = 'NAME           READY   UP-TO-DATE   AVAILABLE   AGE\nnginx-deploy   2/2     2            2           30s\n';
  assert.equal(outputOf(t, 'kubectl get deployment.v1.apps/nginx-deploy'), table);
  assert.equal(outputOf(t, 'kubectl get deployments.apps nginx-deploy'), table);
  assert.equal(outputOf(t, 'kubectl get Deployment nginx-deploy'), table);
  assert.match(outputOf(t, 'kubectl get deploy/nginx-deploy pod/myweb'), /^NAME +READY +UP-TO-DATE +AVAILABLE +AGE\ndeployment\.apps\/nginx-deploy +2\/2 .*\n\nNAME +READY +STATUS +RESTARTS +AGE\npod\/myweb +1\/1 +Running/);
  assert.equal([...outputOf(t, 'kubectl get deploy,po').matchAll(/^pod\/nginx-deploy-\S+ +1\/1 +Running/gm)].length, 2);
  assert.match(outputOf(t, 'kubectl get deploy deploy/nginx-deploy'), /^error: there is no need to specify a resource type as a separate argument when passing arguments in resource\/name form/);
  assert.equal(outputOf(t, 'kubectl get widgets'), 'error: the server doesn\'t have a resource type "widgets"\n');
  assert.equal(outputOf(t, 'kubectl get pods,svc -w'), 'error: you may only specify a single resource type\n');
});

test('run: client dry run as kubectl builds the Pod; --rm needs an attached container; attached runs print and clean up', () => {
  const t = transcript('run-and-patch');
  assert.equal(outputOf(t, 'kubectl run web --image=nginx --port=80 --labels=app=web,tier=front --env=MODE=demo --dry-run=client -o yaml'),
    'apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    app: web\n    tier: front\n  name: web\nspec:\n  containers:\n  - env:\n    - name: MODE\n      value: demo\n    image: nginx\n    name: web\n    ports:\n    - containerPort: 80\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n');
  assert.equal(outputOf(t, 'kubectl run oops --rm --image=nginx'), "error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples\n");
  assert.match(outputOf(t, 'kubectl run oops -it --image=busybox --dry-run=client'), /^error: --dry-run=\[server\|client\] can't be used with attached containers options/);
  assert.equal(outputOf(t, 'kubectl run hello --rm -i --restart=Never --image=busybox -- echo hello from the pod'), 'hello from the pod\npod "hello" deleted from default namespace\n');
  assert.equal(outputOf(t, 'kubectl run -it --rm shell --image=busybox --restart=Never -- sh'), "If you don't see a command prompt, try pressing enter.\n");
  assert.match(t, /\n\/ # echo I am \$HOSTNAME\nI am shell\n\/ # cd \/tmp\n\/tmp # echo saved > note\.txt\n\/tmp # cat note\.txt\nsaved\n\/tmp # exit\npod "shell" deleted from default namespace\n\$ kubectl get pods\n/);
  assert.doesNotMatch(outputOf(t, 'kubectl get pods'), /shell|hello/);
});

test('patch: strategic merges containers by name, merge patch, JSON patch; kubectl\'s errors', () => {
  const t = transcript('run-and-patch');
  assert.equal(outputOf(t, 'kubectl patch deployment api -p \'{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}}\''), 'deployment.apps/api patched\n');
  assert.equal(outputOf(t, 'kubectl patch deployment api --type json -p \'[{"op":"replace","path":"/spec/replicas","value":3}]\''), 'deployment.apps/api patched\n');
  assert.equal(outputOf(t, 'kubectl patch deployment api -p \'{"spec":{"replicas":3}}\''), 'deployment.apps/api patched (no change)\n');
  assert.match(outputOf(t, 'kubectl patch deployment api --type json -p \'[{"op":"remove","path":"/spec/paused"}]\''), /^Error from server \(UnprocessableEntity\): .*"\/spec\/paused"/);
  assert.equal(outputOf(t, 'kubectl patch deployment api --type=xml -p \'{}\''), 'error: --type must be one of [json merge strategic], not "xml"\n');
  assert.match(outputOf(t, 'kubectl get deploy api -o wide --show-labels'), /\napi +3\/3 +3 +3 +50s +nginx +nginx:1\.26 +app=api +app=api,team=blue\n/);
});

test('exec: a command in the container (interpreted), kubectl\'s error for the old form', () => {
  const t = transcript('run-and-patch');
  assert.equal(outputOf(t, 'kubectl exec web -- cat /etc/hostname'), 'web\n');
  assert.equal(outputOf(t, 'kubectl exec web -- sh -c \'echo $((6*7))\''), '42\n');
  assert.match(outputOf(t, 'kubectl exec web -- env'), /^HOSTNAME=web$/m);
  assert.match(outputOf(t, 'kubectl exec web ls'), /^error: exec \[POD\] \[COMMAND\] is not supported anymore\. Use exec \[POD\] -- \[COMMAND\] instead\n/);
  assert.equal(outputOf(t, 'kubectl delete pod web'), 'pod "web" deleted from default namespace\n');
});
