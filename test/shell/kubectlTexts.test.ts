import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newShell } from './helpers';

/**
 * Usage and flag errors, generator output and printers, word for word as kubectl 1.32 prints them
 * (each expected text was taken from the real kubectl on this machine: `KUBECONFIG=/dev/null
 * kubectl ...`, which answers these before it needs a server). klog's prefix for a missing
 * required flag (`E1207 ... run.go:72] "command failed" err=...`) is printed as `error: ...`.
 */

const SEE = (cmd: string) => `See 'kubectl ${cmd} -h' for help and examples`;
const NO_RESOURCES = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

const CASES: [string, string][] = [
  ['kubectl gett pods', 'Error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n\n'],
  ['kubectl frobnicate', 'Error: unknown command "frobnicate" for "kubectl"\n'],
  ['kubectl rollout foo deployment/x', `error: unknown command "foo deployment/x"\n${SEE('rollout')}\n`],
  ['kubectl create service foo x', `error: unknown command "foo x"\n${SEE('create service')}\n`],
  ['kubectl create secret foo x', `error: unknown command "foo x"\n${SEE('create secret')}\n`],
  ['kubectl set foo', `error: unknown command "foo"\n${SEE('set')}\n`],
  ['kubectl top foo', `error: unknown command "foo"\n${SEE('top')}\n`],
  ['kubectl create', 'error: must specify one of -f and -k\n'],
  ['kubectl replace', 'error: must specify one of -f and -k\n'],
  ['kubectl create -x', "Error: unknown shorthand flag: 'x' in -x\nSee 'kubectl create --help' for usage.\n"],
  ['kubectl get pods --bogus', "Error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n"],
  ['kubectl get pods -n', "Error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n"],
  ['kubectl get pods --namespace', "Error: flag needs an argument: --namespace\nSee 'kubectl get --help' for usage.\n"],
  ['kubectl create deployment x --image=n -r abc', "Error: invalid argument \"abc\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'kubectl create deployment --help' for usage.\n"],
  ['kubectl create deployment x --image=nginx -o yaml --dry-run=client --port=abc', "Error: invalid argument \"abc\" for \"--port\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'kubectl create deployment --help' for usage.\n"],
  ['kubectl create deployment x --image=nginx --dry-run=client -o wide', 'error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n'],
  ['kubectl get', `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n${SEE('get')}\n`],
  ['kubectl describe', 'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n'],
  ['kubectl label', 'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n'],
  ['kubectl label pods x', 'error: at least one label update is required\n'],
  ['kubectl annotate', 'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n'],
  ['kubectl annotate pods x', 'error: at least one annotation update is required\n'],
  ['kubectl set env', 'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n'],
  ['kubectl expose', `${NO_RESOURCES}\n`],
  ['kubectl edit', `${NO_RESOURCES}\n`],
  ['kubectl autoscale', 'error: required flag(s) "max" not set\n'],
  ['kubectl autoscale deployment x', 'error: required flag(s) "max" not set\n'],
  ['kubectl patch deployment x', 'error: must specify --patch or --patch-file containing the contents of the patch\n'],
  ['kubectl cordon', `error: USAGE: cordon NODE [flags]\n${SEE('cordon')}\n`],
  ['kubectl drain', `error: USAGE: drain NODE [flags]\n${SEE('drain')}\n`],
  ['kubectl rollout status', 'error: required resource not specified\n'],
  ['kubectl logs', `error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\n${SEE('logs')}\n`],
  ['kubectl exec', 'error: pod, type/name or --filename must be specified\n'],
  ['kubectl run', 'error: required flag(s) "image" not set\n'],
  ['kubectl run x --image=n --port=abc --dry-run=client', 'error: strconv.Atoi: parsing "abc": invalid syntax\n'],
];

test('usage and flag errors are kubectl\'s, word for word', async () => {
  const { session } = newShell();
  for (const [line, expected] of CASES) assert.equal((await session.execute(line)).output, expected, line);
  const help = (await session.execute('kubectl rollout')).output;
  assert.match(help, /^Manage the rollout of one or many resources\.\n {8}\n Valid resource types include:\n\n {2}\* {2}deployments\n/);
  assert.match(help, /\nUse "kubectl options" for a list of global command-line options \(applies to all commands\)\.\n$/);
});

test('generators: a port without target is named after itself; Go YAML quoting; -o jsonpath on a created object', async () => {
  const { session } = newShell();
  const lb = (await session.execute('kubectl create service loadbalancer lb --tcp=80 --dry-run=client -o yaml')).output;
  assert.match(lb, /\n {2}ports:\n {2}- name: "80"\n {4}port: 80\n {4}protocol: TCP\n {4}targetPort: 80\n/);
  assert.match((await session.execute('kubectl create service clusterip api --tcp=80:8080 --dry-run=client -o yaml')).output, /- name: 80-8080\n/);
  // yaml.v2: a string that reads as another type in double quotes, one that only cannot be plain in single quotes.
  const cj = (await session.execute("kubectl create cronjob tick --image=busybox --schedule='*/5 * * * *' --dry-run=client -o yaml -- date")).output;
  assert.match(cj, /\n {2}schedule: '\*\/5 \* \* \* \*'\n/);
  assert.match((await session.execute('kubectl create configmap cfg --from-literal=a=1 --dry-run=client -o yaml')).output, /\n {2}a: "1"\n/);
  assert.equal((await session.execute("kubectl run x --image=nginx --dry-run=client -o jsonpath='{.metadata.name}'")).output, 'x');
  // kubectl does not range-check --port: the API server refuses it.
  assert.match((await session.execute('kubectl run big --image=nginx --port=99999')).output, /The Pod "big" is invalid: spec\.containers\[0\]\.ports\[0\]\.containerPort: Invalid value: 99999: must be between 1 and 65535, inclusive/);
});

test('get nodes -o wide has the node columns kubectl prints', async () => {
  const { session } = newShell();
  const out = (await session.execute('kubectl get nodes -o wide')).output;
  const [header, row] = out.trim().split('\n').map((l) => l.split(/\s{2,}/));
  assert.deepEqual(header, ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
  assert.equal(row[0], 'minikube');
  assert.equal(row[5], '192.168.49.2');
  assert.equal(row[6], '<none>');
});

test('scale, label, annotate and rollout take -f FILE: the objects the file names', async () => {
  const { session } = newShell();
  const f = 'test-fixtures/transcripts/course/app/deployment.yaml';
  assert.equal((await session.execute(`kubectl scale --replicas=3 -f ${f}`)).output, 'Error from server (NotFound): deployments.apps "nginx-deploy" not found\n');
  assert.equal((await session.execute(`kubectl apply -f ${f}`)).output, 'deployment.apps/nginx-deploy created\n');
  assert.equal((await session.execute(`kubectl scale --replicas=3 -f ${f}`)).output, 'deployment.apps/nginx-deploy scaled\n');
  assert.equal((await session.execute(`kubectl label -f ${f} env=dev`)).output, 'deployment.apps/nginx-deploy labeled\n');
  assert.equal((await session.execute(`kubectl annotate -f ${f} note=x`)).output, 'deployment.apps/nginx-deploy annotated\n');
  assert.match((await session.execute('kubectl get deploy nginx-deploy --show-labels')).output, /nginx-deploy\s+0\/3\s+3\s+0\s+\S+\s+app=nginx,env=dev\n/);
  assert.equal((await session.execute('kubectl scale --replicas=2 -f nope.yaml')).output, 'error: the path "nope.yaml" does not exist\n');
});

test('describe node: lease, conditions, system info, every pod on the node (minikube\'s too) with its requests, allocated resources', async () => {
  const { session } = newShell();
  await session.execute('kubectl create deployment web --image=nginx --replicas=2');
  await session.execute('kubectl set resources deployment web --requests=cpu=100m,memory=64Mi --limits=memory=128Mi');
  await session.execute('sleep 30s');
  const out = (await session.execute('kubectl describe node minikube')).output;
  const sections = out.split('\n').filter((l) => /^\S/.test(l)).map((l) => l.split(':')[0]);
  assert.deepEqual(sections, ['Name', 'Roles', 'Labels', 'Annotations', 'CreationTimestamp', 'Taints', 'Unschedulable', 'Lease', 'Conditions', 'Addresses', 'Capacity', 'Allocatable', 'System Info', 'Non-terminated Pods', 'Allocated resources', 'Events']);
  assert.match(out, /\n {2}Ready +True +\w{3}, \d\d \w{3} \d{4} [\d:]+ \+0000 +\w{3}, .* +KubeletReady +kubelet is posting ready status\n/);
  assert.match(out, /\n {2}Kubelet Version: +v1\.36\.0\n/);
  // Capacity sorted by resource name, as kubectl lists it.
  assert.match(out, /\nCapacity:\n {2}cpu: +2\n {2}ephemeral-storage: +\S+\n {2}memory: +\S+\n {2}pods: +110\n/);
  assert.match(out, /\nNon-terminated Pods: +\(9 in total\)\n {2}Namespace +Name +CPU Requests +CPU Limits +Memory Requests +Memory Limits +Age\n/);
  assert.match(out, /\n {2}default +web-\S+ +100m \(5%\) +0 \(0%\) +64Mi \(1%\) +128Mi \(3%\) +\S+\n/);
  assert.match(out, /\n {2}kube-system +kube-apiserver-minikube +250m \(12%\) +0 \(0%\) +0 \(0%\) +0 \(0%\) +\S+\n/);
  assert.match(out, /\nAllocated resources:\n {2}\(Total limits may be over 100 percent, i\.e\., overcommitted\.\)\n {2}Resource +Requests +Limits\n {2}-+ +-+ +-+\n {2}cpu +950m \(47%\) +0 \(0%\)\n {2}memory +298Mi \(7%\) +256Mi \(6%\)\n/);
});

test('create quota as kubectl generates it; get and describe quota show what the namespace uses', async () => {
  const { session } = newShell();
  assert.equal((await session.execute('kubectl create quota q --hard=cpu=1,memory=1Gi,pods=2 --scopes=BestEffort --dry-run=client -o yaml')).output,
    'apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\nspec:\n  hard:\n    cpu: "1"\n    memory: 1Gi\n    pods: "2"\n  scopes:\n  - BestEffort\nstatus: {}\n');
  assert.equal((await session.execute('kubectl create quota q --hard=pods --dry-run=client -o yaml')).output, 'error: Invalid argument syntax pods, expected <resource>=<value>\n');
  assert.equal((await session.execute('kubectl create quota limits --hard=pods=2,limits.memory=1Gi,services=3')).output, 'resourcequota/limits created\n');
  // The quota requires memory limits: the Deployment's pods are refused until its template sets them.
  await session.execute('kubectl create deployment a --image=nginx');
  await session.execute('kubectl set resources deployment a --limits=memory=256Mi');
  await session.execute('sleep 10s');
  const got = (await session.execute('kubectl get quota')).output;
  assert.match(got, /^NAME +AGE +REQUEST +LIMIT\nlimits +\S+ +pods: 1\/2, services: 1\/3 +limits\.memory: 256Mi\/1Gi\n$/);
  assert.equal((await session.execute('kubectl describe quota limits')).output,
    'Name:          limits\nNamespace:     default\nResource       Used   Hard\n--------       ----   ----\nlimits.memory  256Mi  1Gi\npods           1      2\nservices       1      3\n');
  assert.equal((await session.execute('kubectl create role r --verb=get --resource=pods')).output, 'role.rbac.authorization.k8s.io/r created\n');
  assert.match((await session.execute('kubectl create token default')).output, /^error: "kubectl create token" is not simulated/);
});

test('a JSON patch that is not a list: encoding/json names the type it found', async () => {
  const { session } = newShell();
  await session.execute('kubectl create deployment web --image=nginx');
  assert.equal((await session.execute("kubectl patch deployment web --type json -p 'not json'")).output, 'Error from server (BadRequest): json: cannot unmarshal string into Go value of type jsonpatch.Patch\n');
  assert.equal((await session.execute('kubectl patch deployment web --type json -p \'{"a":1}\'')).output, 'Error from server (BadRequest): json: cannot unmarshal object into Go value of type jsonpatch.Patch\n');
});
