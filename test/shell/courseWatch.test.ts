import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cliJs, ensureBuilt } from '../support/server';

/**
 * More of a kubectl course through `kube-rehearsal shell --script`: minikube's own objects, what a
 * watch shows (a crash loop's every state, a scale-down's Terminating pods), delete waiting,
 * output formats, generators, label/annotate, set, rollout, expose, autoscale and kubectl's
 * answers about the cluster.
 */

const root = join(__dirname, '..', '..');

before(ensureBuilt);

const cache = new Map<string, string>();
function transcript(name: string): string {
  const known = cache.get(name);
  if (known) return known;
  const r = spawnSync(process.execPath, [cliJs, 'shell', '--script', `test-fixtures/transcripts/${name}.txt`], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  cache.set(name, r.stdout);
  return r.stdout;
}

function outputOf(text: string, command: string, nth = 1): string {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(`$ ${command}\n`, at + 1);
    assert.ok(at >= 0, `"${command}" #${nth} not in the transcript:\n${text}`);
  }
  const start = at + command.length + 3;
  const end = text.indexOf('\n$ ', start - 1);
  return text.slice(start, end < 0 ? undefined : end + 1).replace(/\n#[^\n]*\n?$/, '\n');
}

test('minikube: its namespaces, kube-system ReplicaSet, Deployments, DaemonSet, static pods and the default ServiceAccount', () => {
  const t = transcript('watch-and-outputs');
  assert.equal(outputOf(t, 'kubectl get ns'), 'NAME              STATUS   AGE\ndefault           Active   0s\nkube-node-lease   Active   0s\nkube-public       Active   0s\nkube-system       Active   0s\n');
  assert.match(outputOf(t, 'kubectl get -n kube-system rs'), /^NAME +DESIRED +CURRENT +READY +AGE\ncoredns-[a-z0-9]+ +1 +1 +1 +0s\n$/);
  const all = outputOf(t, 'kubectl get all -A');
  for (const pod of ['coredns-\\S+', 'etcd-minikube', 'kube-apiserver-minikube', 'kube-controller-manager-minikube', 'kube-proxy-\\S+', 'kube-scheduler-minikube', 'storage-provisioner']) {
    assert.match(all, new RegExp(`^kube-system +pod/${pod} +1/1 +Running +0 `, 'm'), pod);
  }
  assert.match(all, /^default +service\/kubernetes +ClusterIP +10\.96\.0\.1 /m);
  assert.match(all, /^kube-system +service\/kube-dns +ClusterIP +10\.96\.0\.10 +<none> +53\/UDP,53\/TCP,9153\/TCP /m);
  assert.match(all, /^kube-system +daemonset\.apps\/kube-proxy +1 +1 +1 +1 +1 +kubernetes\.io\/os=linux /m);
  assert.match(all, /^kube-system +deployment\.apps\/coredns +1\/1 +1 +1 /m);
  // kubectl's ServiceAccount printer has a SECRETS column (0: no token Secrets since 1.24).
  assert.equal(outputOf(t, 'kubectl get sa'), 'NAME      SECRETS   AGE\ndefault   0         0s\n');
});

test('get -w: a crashing container shows Error, the restart and CrashLoopBackOff, each as a watch row', () => {
  const t = transcript('watch-and-outputs');
  const w = outputOf(t, 'kubectl get pods -w');
  const states = [...w.matchAll(/^crash +\S+ +(\S+)/gm)].map((m) => m[1]);
  const firstError = states.indexOf('Error');
  assert.ok(firstError > 0 && states.indexOf('Running') < firstError, states.join(' '));
  assert.ok(states.indexOf('CrashLoopBackOff') > firstError, states.join(' '));
  assert.ok(states.filter((s) => s === 'Error').length >= 2, states.join(' '));
  assert.match(w, /^crash +0\/1 +CrashLoopBackOff +1 \(0s ago\) +5s$/m);
  assert.match(w, /\^C\n$/);
});

test('delete waits for graceful termination; a scale-down\'s pods show Terminating until they are gone', () => {
  const t = transcript('watch-and-outputs');
  assert.equal(outputOf(t, 'kubectl delete pod sleeper'), 'pod "sleeper" deleted from default namespace\n');
  // 26 s of watching and deleting before, 10 s sleep, then the 30 s grace period of a shell that ignores SIGTERM.
  assert.match(outputOf(t, 'clock'), /^virtual time 1m\d+s, clock paused\n$/);
  assert.equal(outputOf(t, 'kubectl scale deployment web --replicas=1 --current-replicas=2'), 'error: Expected replicas to be 2, was 3\n');
  const w = outputOf(t, 'kubectl get pods -w', 2);
  assert.equal([...w.matchAll(/^web-\S+ +0\/1 +Terminating +0 +10s$/gm)].length, 2, w);
  assert.equal([...w.matchAll(/^web-\S+ +0\/1 +Terminating +0 +40s$/gm)].length, 2, 'the DELETED events print the last state');
});

test('output formats: jsonpath with range, custom-columns, go-template, -L with --sort-by; kubectl\'s error for an unknown format', () => {
  const t = transcript('watch-and-outputs');
  assert.match(outputOf(t, `kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}'`), /^(web-\S+\tRunning\n)+$/);
  assert.equal(outputOf(t, `kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].image}{"\\n"}'`), 'busybox\n');
  assert.match(outputOf(t, 'kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName --no-headers'), /^(web-\S+ +minikube\n)+$/);
  assert.equal(outputOf(t, `kubectl get deploy web -o go-template='{{.metadata.name}}: {{.spec.replicas}}{{"\\n"}}'`), 'web: 1\n');
  assert.match(outputOf(t, 'kubectl get pods -L app --sort-by=.metadata.name'), /^NAME +READY +STATUS +RESTARTS +AGE +APP\n(web-\S+ .* web\n)+$/);
  assert.match(outputOf(t, 'kubectl get pods -o table'), /^error: unable to match a printer suitable for the output format "table", allowed formats are: /);
});

test('generators, labels, set, rollout, expose, autoscale and the cluster answers of a second course day', () => {
  const t = transcript('course-day2');
  assert.equal(outputOf(t, 'kubectl create configmap app-config --from-literal=mode=demo --from-literal=level=2 -n dev'), 'configmap/app-config created\n');
  assert.equal(outputOf(t, 'kubectl create secret generic db --from-literal=password=s3cret -n dev', 2), 'error: failed to create secret secrets "db" already exists\n');
  assert.match(outputOf(t, 'kubectl create service clusterip api --tcp=80:8080 -n dev --dry-run=client -o yaml'), /^apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: api\n  name: api\n  namespace: dev\nspec:\n  ports:\n  - name: 80-8080\n    port: 80\n    protocol: TCP\n    targetPort: 8080\n/);
  assert.equal(outputOf(t, 'kubectl create job once --image=busybox -n dev -- echo done'), 'job.batch/once created\n');
  assert.equal(outputOf(t, "kubectl create cronjob tick --image=busybox --schedule='*/5 * * * *' -n dev -- date"), 'cronjob.batch/tick created\n');
  assert.equal(outputOf(t, 'kubectl create deployment'), "error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples\n");
  assert.equal(outputOf(t, 'kubectl label deployment web tier=backend'), "error: 'tier' already has a value (frontend), and --overwrite is false\n");
  assert.equal(outputOf(t, 'kubectl label deployment web tier=backend --overwrite'), 'deployment.apps/web labeled\n');
  assert.match(outputOf(t, 'kubectl label pods -l app=web env=dev'), /^pod\/web-\S+ labeled\npod\/web-\S+ labeled\n$/);
  assert.equal(outputOf(t, 'kubectl label deployment web tier-'), 'deployment.apps/web unlabeled\n');
  assert.equal(outputOf(t, 'kubectl annotate deployment web owner=team-a'), 'deployment.apps/web annotated\n');
  assert.equal(outputOf(t, 'kubectl set env deployment/web MODE=debug'), 'deployment.apps/web env updated\n');
  assert.equal(outputOf(t, 'kubectl set resources deployment/web --limits=cpu=200m,memory=128Mi'), 'deployment.apps/web resource requirements updated\n');
  assert.match(outputOf(t, 'kubectl rollout history deployment/web'), /^deployment\.apps\/web \nREVISION  CHANGE-CAUSE\n1 +<none>\n2 +<none>\n3 +<none>\n4 +<none>\n/);
  assert.match(outputOf(t, 'kubectl rollout history deployment/web --revision=2'), /^deployment\.apps\/web with revision #2\nPod Template:\n[\s\S]*Image:\tnginx:1\.26\n/);
  assert.equal(outputOf(t, 'kubectl rollout undo deployment/web --to-revision=1'), 'deployment.apps/web rolled back\n');
  assert.equal(outputOf(t, 'kubectl rollout pause deployment/web', 2), 'error: deployments.apps "web" is already paused\n');
  assert.equal(outputOf(t, 'kubectl rollout restart deployment/web'), 'deployment.apps/web restarted\n');
  assert.equal(outputOf(t, 'kubectl expose deployment web --port=80 --type=NodePort'), 'service/web exposed\n');
  assert.equal(outputOf(t, `kubectl get svc web -o jsonpath='{.spec.ports[0].port} {.spec.selector.app}{"\\n"}'`), '80 web\n');
  assert.equal(outputOf(t, 'kubectl autoscale deployment web --min=2 --max=5 --cpu-percent=80'), 'horizontalpodautoscaler.autoscaling/web autoscaled\n');
  assert.match(outputOf(t, 'kubectl get hpa'), /^NAME +REFERENCE +TARGETS +MINPODS +MAXPODS +REPLICAS +AGE\nweb +Deployment\/web +cpu: <unknown>\/80% +2 +5 +0 +\d+s\n$/);
  assert.match(outputOf(t, 'kubectl cluster-info'), /^Kubernetes control plane is running at https:\/\/192\.168\.49\.2:8443\nCoreDNS is running at https:\/\/192\.168\.49\.2:8443\/api\/v1\/namespaces\/kube-system\/services\/kube-dns:dns\/proxy\n/);
  assert.equal(outputOf(t, 'kubectl config current-context'), 'minikube\n');
  assert.equal(outputOf(t, 'kubectl top pods'), 'error: Metrics API not available\n');
  assert.equal(outputOf(t, 'kubectl edit deployment web'), 'error: unable to launch the editor "vi"\n');
  assert.equal(outputOf(t, 'kubectl port-forward deployment/web 8080:80'), 'Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n^C\n');
  assert.match(outputOf(t, 'kubectl frobnicate'), /^Error: unknown command "frobnicate" for "kubectl"\n/);
});
