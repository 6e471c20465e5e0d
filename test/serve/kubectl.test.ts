import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeconfigText } from '../../server/src/cli/serve';
import { readManifestsFor, readPlainFile } from '../../server/src/cli/simulate';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS } from '../../server/src/sim/index';
import { defaultClusterShape } from '../../server/src/sim/behaviour/workspaceConfig';
import { startServer, type RunningServer } from '../../server/src/serve/server';
import { assertSamePrintouts as sharedAssertSamePrintouts } from './samePrintouts';

/**
 * The real kubectl against `serve`: each family of commands a learner types, checked on what
 * kubectl prints. kubectl runs as a child process; the server runs in this process (so every
 * kubectl call here is asynchronous). Without kubectl on the PATH these tests skip, and say so.
 */

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const SKIP = !hasKubectl && 'kubectl is not on the PATH: the tests of serve against the real kubectl are skipped';
if (SKIP) console.log(`# ${SKIP}`);

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports: [{containerPort: 80}]
`;

let server: RunningServer;
let dir: string;
let kubeconfig: string;
let token: string;

function kubectl(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile('kubectl', ['--kubeconfig', kubeconfig, ...args], { timeout: 60_000, env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache') } }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** The real kubectl against serve and the built-in shell print the same for each command line (samePrintouts.ts). */
function assertSamePrintouts(lines: string[]): Promise<void> {
  return sharedAssertSamePrintouts(server, kubectl, lines);
}

before(async () => {
  if (SKIP) return;
  dir = mkdtempSync(join(tmpdir(), 'kr-serve-'));
  const sim = createSimulation({
    objects: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }],
    // At 60x an hour of virtual time is a minute of the file's run: the horizon leaves room for a slow machine.
    seed: 1, horizon: 6 * 3600,
    behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }),
    io: { readManifests: readManifestsFor, readFile: readPlainFile },
  });
  token = 'test-token-0123456789';
  // 60 virtual seconds per real second: rollouts finish in well under a second. Times are
  // presented on the simulation's own epoch, so the shell and kubectl print the same dates.
  server = await startServer({ sim, token, port: 0, speed: 60, tickMs: 50, epochMs: (s) => s.core.epochMs });
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigText(server.url, token, server.ca));
});

after(async () => {
  if (SKIP) return;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('serve listens on 127.0.0.1 only, over TLS, and answers 401 without the token', { skip: SKIP }, async () => {
  assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const status = await new Promise<number>((done, fail) => {
    const req = request(`${server.url}/api`, { ca: server.ca }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', fail);
    req.end();
  });
  assert.equal(status, 401);
});

test('apply -f creates, then is unchanged, then configures; rollout status waits for the rollout', { skip: SKIP }, async () => {
  let r = await kubectl(['apply', '-f', '-'], WEB);
  assert.equal(r.stdout, 'deployment.apps/web created\n', r.stderr);
  r = await kubectl(['apply', '-f', '-'], WEB);
  assert.equal(r.stdout, 'deployment.apps/web unchanged\n', r.stderr);
  r = await kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /deployment "web" successfully rolled out\n$/);
  r = await kubectl(['get', 'deployment', 'web']);
  assert.deepEqual(r.stdout.split('\n')[0].split(/\s+/), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
  assert.match(r.stdout.split('\n')[1], /^web\s+2\/2\s+2\s+2\s+\S+$/);
});

test('get: server-side tables (-o wide), -o jsonpath, label selectors, NotFound as kubectl prints it', { skip: SKIP }, async () => {
  await kubectl(['apply', '-f', '-'], WEB);
  let r = await kubectl(['get', 'deploy', '-o', 'wide']);
  assert.match(r.stdout.split('\n')[0], /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/);
  assert.match(r.stdout, /\nweb\s.*\snginx\s+nginx:1\.25\s+app=web\n/);
  r = await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].status.phase}']);
  assert.match(r.stdout, /^Running( Running)*$/);
  r = await kubectl(['get', 'pods', '-l', 'app=nothing']);
  assert.equal(r.stderr, 'No resources found in default namespace.\n');
  r = await kubectl(['get', 'pod', 'nope']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'Error from server (NotFound): pods "nope" not found\n');
  r = await kubectl(['get', 'svc', 'web', '-o', 'json']);
  assert.equal(JSON.parse(r.stdout).spec.selector.app, 'web');
});

test('scale, then logs of the deployment; describe shows the events', { skip: SKIP }, async () => {
  await kubectl(['apply', '-f', '-'], WEB);
  let r = await kubectl(['scale', 'deployment', 'web', '--replicas=3']);
  assert.equal(r.stdout, 'deployment.apps/web scaled\n', r.stderr);
  r = await kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s']);
  assert.equal(r.code, 0, r.stderr);
  r = await kubectl(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas} {.status.readyReplicas}']);
  assert.equal(r.stdout, '3 3');
  r = await kubectl(['logs', 'deployment/web']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /nginx/);
  r = await kubectl(['describe', 'deployment', 'web']);
  assert.match(r.stdout, /^Name:\s+web$/m);
  assert.match(r.stdout, /Normal\s+ScalingReplicaSet\s+.*deployment-controller\s+Scaled up replica set web-\w+ from 2 to 3/);
});

test('get -w prints the rows of objects as they change', { skip: SKIP }, async () => {
  const child = spawn('kubectl', ['--kubeconfig', kubeconfig, 'get', 'pods', '-l', 'app=watched', '-w'], { env: { ...process.env, KUBECACHEDIR: join(dir, 'cache') } });
  let out = '';
  const seen = new Promise<void>((done) => child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (/watched\s+1\/1\s+Running/.test(out)) done();
  }));
  await new Promise((r) => setTimeout(r, 500));
  const r = await kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata: {name: watched, labels: {app: watched}}\nspec:\n  containers: [{name: c, image: nginx:1.25}]\n');
  assert.equal(r.stdout, 'pod/watched created\n', r.stderr);
  await Promise.race([seen, new Promise((_, fail) => setTimeout(() => fail(new Error(`no Running row in:\n${out}`)), 20_000))]);
  child.kill();
  assert.match(out, /watched\s+0\/1\s+(Pending|ContainerCreating)/);
});

test('explain and api-resources come from the bundled schemas and the served resources', { skip: SKIP }, async () => {
  let r = await kubectl(['explain', 'deployment.spec.replicas']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n\nFIELD: replicas <integer>/);
  r = await kubectl(['api-resources']);
  assert.match(r.stdout, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
});

test('OpenAPI v2: kubectl explain --output=plaintext-openapiv2 reads the protobuf document; JSON for clients that accept it, 406 for others', { skip: SKIP }, async () => {
  // kubectl 1.32 asks for application/com.github.proto-openapi.spec.v2@v1.0+protobuf only.
  let r = await kubectl(['explain', 'pod.spec', '--output=plaintext-openapiv2']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^KIND: +Pod\nVERSION: +v1\n\nRESOURCE: +spec <Object>\n/);
  assert.match(r.stdout, /\n   containers\t<\[\]Object> -required-\n/);
  r = await kubectl(['explain', 'deployment.spec.strategy.rollingUpdate.maxSurge', '--output=plaintext-openapiv2']);
  assert.match(r.stdout, /^KIND: +Deployment\nVERSION: +apps\/v1\n\nFIELD: +maxSurge <string>\n/, r.stderr);
  r = await kubectl(['explain', 'hpa.spec.scaleTargetRef', '--api-version=autoscaling/v2', '--output=plaintext-openapiv2']);
  assert.match(r.stdout, /^KIND: +HorizontalPodAutoscaler\nVERSION: +autoscaling\/v2\n[\s\S]*\n   name\t<string> -required-\n/, r.stderr);
  const get = (accept: string) => new Promise<{ status: number; type: string; body: string }>((done, fail) => {
    const req = request(`${server.url}/openapi/v2`, { ca: server.ca, headers: { Authorization: `Bearer ${token}`, Accept: accept } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', fail);
    req.end();
  });
  const doc = await get('application/json');
  assert.equal(doc.status, 200);
  const v2 = JSON.parse(doc.body);
  assert.equal(v2.swagger, '2.0');
  assert.deepEqual(v2.definitions['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind'], [{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
  assert.deepEqual(v2.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString'], { type: 'string', format: 'int-or-string' });
  assert.equal(v2.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].patch['x-kubernetes-group-version-kind'].kind, 'Scale');
  const html = await get('text/html');
  assert.equal(html.status, 406);
  assert.equal(JSON.parse(html.body).reason, 'NotAcceptable');
});

test('server-side errors: strict field validation, Invalid with its causes, AlreadyExists', { skip: SKIP }, async () => {
  let r = await kubectl(['apply', '-f', '-'], WEB.replace('replicas: 2', 'replica: 2').replace(/name: web\n/, 'name: typo\n'));
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n');
  r = await kubectl(['apply', '-f', '-'], WEB.replace(/name: web\n/, 'name: bad\n').replace('template:\n    metadata: {labels: {app: web}}', 'template:\n    metadata: {labels: {app: other}}'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^The Deployment "bad" is invalid: spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`\n$/);
  r = await kubectl(['create', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: once}\ndata: {a: b}\n');
  assert.equal(r.stdout, 'configmap/once created\n', r.stderr);
  r = await kubectl(['create', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: once}\ndata: {a: b}\n');
  assert.equal(r.stderr, 'Error from server (AlreadyExists): error when creating "STDIN": configmaps "once" already exists\n');
});

test('delete waits for the object to go; --cascade=orphan keeps the ReplicaSet', { skip: SKIP }, async () => {
  const other = WEB.replace(/web/g, 'gone');
  await kubectl(['apply', '-f', '-'], other);
  await kubectl(['rollout', 'status', 'deployment/gone', '--timeout=60s']);
  let r = await kubectl(['delete', 'deployment', 'gone', '--cascade=orphan']);
  assert.equal(r.stdout, 'deployment.apps "gone" deleted\n', r.stderr);
  r = await kubectl(['get', 'rs', '-l', 'app=gone', '-o', 'name']);
  assert.match(r.stdout, /^replicaset\.apps\/gone-\w+\n$/);
  r = await kubectl(['delete', 'rs', '-l', 'app=gone']);
  assert.match(r.stdout, /^replicaset\.apps "gone-\w+" deleted\n$/);
  r = await kubectl(['get', 'deployment', 'gone']);
  assert.equal(r.stderr, 'Error from server (NotFound): deployments.apps "gone" not found\n');
});

test('generators (sent as protobuf) create what their --dry-run=client -o json shows; run and expose (JSON); auth can-i', { skip: SKIP }, async () => {
  const gen = ['create', 'deployment', 'gen', '--image=nginx:1.25', '--replicas=2', '--port=80'];
  const dry = JSON.parse((await kubectl([...gen, '--dry-run=client', '-o', 'json'])).stdout);
  let r = await kubectl(gen);
  assert.equal(r.stdout, 'deployment.apps/gen created\n', r.stderr);
  const live = JSON.parse((await kubectl(['get', 'deployment', 'gen', '-o', 'json'])).stdout);
  assert.deepEqual(live.metadata.labels, dry.metadata.labels);
  assert.deepEqual([live.spec.replicas, live.spec.selector, live.spec.template.metadata.labels], [dry.spec.replicas, dry.spec.selector, dry.spec.template.metadata.labels]);
  const c = live.spec.template.spec.containers[0];
  assert.deepEqual([c.name, c.image, c.ports], [dry.spec.template.spec.containers[0].name, dry.spec.template.spec.containers[0].image, [{ containerPort: 80, protocol: 'TCP' }]]);
  r = await kubectl(['create', 'deployment', 'none', '--image=nginx', '--replicas=0']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await kubectl(['get', 'deployment', 'none', '-o', 'jsonpath={.spec.replicas}'])).stdout, '0');
  for (const [args, out] of [
    [['create', 'namespace', 'dev'], 'namespace/dev created'],
    [['create', 'configmap', 'cm', '--from-literal=a=b'], 'configmap/cm created'],
    [['create', 'secret', 'generic', 'sec', '--from-literal=a=b'], 'secret/sec created'],
    [['create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi'], 'job.batch/once created'],
    [['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/5 * * * *', '--', 'echo', 'hi'], 'cronjob.batch/cj created'],
    [['create', 'service', 'nodeport', 'np', '--tcp=80:http', '--node-port=30080'], 'service/np created'],
    [['create', 'serviceaccount', 'robot'], 'serviceaccount/robot created'],
    [['run', 'solo', '--image=nginx:1.25', '--port=80'], 'pod/solo created'],
    [['expose', 'deployment', 'gen', '--port=8080', '--target-port=80'], 'service/gen exposed'],
    [['auth', 'can-i', 'delete', 'pods'], 'yes'],
  ] as [string[], string][]) {
    r = await kubectl(args);
    assert.equal(r.stdout, out + '\n', `${args.join(' ')}: ${r.stderr}`);
  }
  assert.equal((await kubectl(['get', 'secret', 'sec', '-o', 'jsonpath={.data.a}'])).stdout, Buffer.from('b').toString('base64'));
  assert.equal((await kubectl(['get', 'cronjob', 'cj', '-o', 'jsonpath={.spec.schedule} {.spec.jobTemplate.spec.template.spec.containers[0].command}'])).stdout, '*/5 * * * * ["echo","hi"]');
  assert.equal((await kubectl(['get', 'service', 'np', '-o', 'jsonpath={.spec.ports[0].nodePort} {.spec.ports[0].targetPort}'])).stdout, '30080 http');
  r = await kubectl(['get', 'ns', 'dev']);
  assert.match(r.stdout, /^dev\s+Active\s+\S+$/m);
});

test('patch of every type, label, set image, rollout history and undo, replace, edit with EDITOR, apply --server-side', { skip: SKIP }, async () => {
  const app = WEB.replace(/web/g, 'edit');
  await kubectl(['apply', '-f', '-'], app);
  let r = await kubectl(['patch', 'deployment', 'edit', '-p', '{"spec":{"replicas":3}}']);
  assert.equal(r.stdout, 'deployment.apps/edit patched\n', r.stderr);
  r = await kubectl(['patch', 'deployment', 'edit', '--type=merge', '-p', '{"metadata":{"annotations":{"team":"a"}}}']);
  assert.equal(r.stdout, 'deployment.apps/edit patched\n', r.stderr);
  r = await kubectl(['patch', 'deployment', 'edit', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":1}]']);
  assert.equal(r.stdout, 'deployment.apps/edit patched\n', r.stderr);
  r = await kubectl(['patch', 'deployment', 'edit', '--type=json', '-p', '[{"op":"remove","path":"/spec/nothing"}]']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'The request is invalid: patch: Invalid value: "[{\\"op\\":\\"remove\\",\\"path\\":\\"/spec/nothing\\"}]": remove operation does not apply: doc is missing path: "/spec/nothing": missing value\n');
  r = await kubectl(['label', 'deployment', 'edit', 'tier=web']);
  assert.equal(r.stdout, 'deployment.apps/edit labeled\n', r.stderr);
  r = await kubectl(['get', 'deployment', 'edit', '-o', 'jsonpath={.spec.replicas} {.metadata.annotations.team} {.metadata.labels.tier}']);
  assert.equal(r.stdout, '1 a web');
  r = await kubectl(['set', 'image', 'deployment/edit', 'nginx=nginx:1.26']);
  assert.equal(r.stdout, 'deployment.apps/edit image updated\n', r.stderr);
  assert.equal((await kubectl(['rollout', 'status', 'deployment/edit', '--timeout=60s'])).code, 0);
  r = await kubectl(['rollout', 'history', 'deployment/edit']);
  assert.match(r.stdout, /^deployment\.apps\/edit \nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);
  r = await kubectl(['rollout', 'undo', 'deployment/edit']);
  assert.equal(r.stdout, 'deployment.apps/edit rolled back\n', r.stderr);
  assert.equal((await kubectl(['get', 'deployment', 'edit', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).stdout, 'nginx:1.25');
  // kubectl edit writes the object to a file, runs $EDITOR on it and sends what changed.
  const editor = join(dir, 'editor.sh');
  writeFileSync(editor, '#!/bin/sh\nsed -i "s/replicas: 1/replicas: 2/" "$1"\n', { mode: 0o755 });
  const edited = await new Promise<string>((done) => execFile('kubectl', ['--kubeconfig', kubeconfig, 'edit', 'deployment', 'edit'], { env: { ...process.env, EDITOR: editor, KUBECACHEDIR: join(dir, 'cache') } }, (_e, out, err) => done(out + err)));
  assert.equal(edited, 'deployment.apps/edit edited\n');
  const yaml = (await kubectl(['get', 'deployment', 'edit', '-o', 'yaml'])).stdout;
  assert.match(yaml, /^  replicas: 2$/m);
  r = await kubectl(['replace', '-f', '-'], yaml.replace(/^  replicas: 2$/m, '  replicas: 4'));
  assert.equal(r.stdout, 'deployment.apps/edit replaced\n', r.stderr);
  r = await kubectl(['replace', '-f', '-'], yaml);
  assert.match(r.stderr, /^Error from server \(Conflict\): error when replacing "STDIN": Operation cannot be fulfilled on deployments\.apps "edit": the object has been modified/);
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: "1"}\n';
  r = await kubectl(['apply', '--server-side', '-f', '-'], cm);
  assert.equal(r.stdout, 'configmap/ssa serverside-applied\n', r.stderr);
  r = await kubectl(['apply', '--server-side', '-f', '-'], cm.replace('"1"', '"2"'));
  assert.equal(r.stdout, 'configmap/ssa serverside-applied\n', r.stderr);
  assert.equal((await kubectl(['get', 'cm', 'ssa', '-o', 'custom-columns=NAME:.metadata.name,A:.data.a'])).stdout, 'NAME   A\nssa    2\n');
});

/**
 * The managedFields of an object as kubectl shows them with --show-managed-fields, but for the
 * controllers' status entries (test/sim/managedFields.test.ts checks those).
 */
async function managers(kind: string, name: string): Promise<{ manager: string; operation: string; apiVersion: string; subresource?: string; time: string; fieldsType: string; fieldsV1: Record<string, unknown> }[]> {
  const r = await kubectl(['get', kind, name, '-o', 'json', '--show-managed-fields']);
  assert.equal(r.code, 0, r.stderr);
  const all: { subresource?: string }[] = JSON.parse(r.stdout).metadata.managedFields ?? [];
  return all.filter((e) => e.subresource !== 'status') as Awaited<ReturnType<typeof managers>>;
}

test('server-side apply: managedFields, a second apply with a change, a conflict after scale, --force-conflicts, a removed field goes', { skip: SKIP }, async () => {
  const app = WEB.replace(/web/g, 'ssa').replace('labels: {app: ssa}\n', 'labels: {app: ssa, tier: front}\n').replace('        ports:', '        env: [{name: MODE, value: fast}, {name: LEVEL, value: "1"}]\n        ports:');
  let r = await kubectl(['apply', '--server-side', '-f', '-'], app);
  assert.equal(r.stdout, 'deployment.apps/ssa serverside-applied\n', r.stderr);
  // The Apply owns exactly what the configuration sets, in the FieldsV1 encoding (list items by their keys; ports by containerPort and the defaulted protocol).
  let m = await managers('deployment', 'ssa');
  assert.deepEqual(m.map((e) => [e.manager, e.operation, e.apiVersion, e.fieldsType]), [['kubectl', 'Apply', 'apps/v1', 'FieldsV1']]);
  assert.match(m[0].time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual(m[0].fieldsV1, {
    'f:metadata': { 'f:labels': { 'f:app': {}, 'f:tier': {} } },
    'f:spec': {
      'f:replicas': {}, 'f:selector': {},
      'f:template': {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': {
          '.': {}, 'f:image': {}, 'f:name': {},
          'f:env': { 'k:{"name":"LEVEL"}': { '.': {}, 'f:name': {}, 'f:value': {} }, 'k:{"name":"MODE"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
          'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
        } } },
      },
    },
  });
  // kubectl strips managedFields itself unless asked.
  assert.doesNotMatch((await kubectl(['get', 'deployment', 'ssa', '-o', 'yaml'])).stdout, /managedFields/);
  r = await kubectl(['apply', '--server-side', '-f', '-'], app.replace('nginx:1.25', 'nginx:1.26'));
  assert.equal(r.stdout, 'deployment.apps/ssa serverside-applied\n', r.stderr);
  assert.equal((await kubectl(['get', 'deployment', 'ssa', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).stdout, 'nginx:1.26');
  assert.equal((await managers('deployment', 'ssa')).length, 1);
  // kubectl scale writes through the scale subresource with no field manager: the User-Agent's "kubectl" owns .spec.replicas.
  r = await kubectl(['scale', 'deployment', 'ssa', '--replicas=5']);
  assert.equal(r.stdout, 'deployment.apps/ssa scaled\n', r.stderr);
  m = await managers('deployment', 'ssa');
  assert.deepEqual(m.map((e) => [e.manager, e.operation, e.subresource]), [['kubectl', 'Apply', undefined], ['kubectl', 'Update', 'scale']]);
  assert.deepEqual(m[1].fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  assert.equal(JSON.stringify(m[0].fieldsV1).includes('f:replicas'), false);
  r = await kubectl(['apply', '--server-side', '-f', '-'], app.replace('nginx:1.25', 'nginx:1.26'));
  assert.equal(r.code, 1);
  assert.equal(r.stderr.split('\n')[0], 'error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
  assert.match(r.stderr, /re-run the apply\n  command with the `--force-conflicts` flag/);
  assert.equal((await kubectl(['get', 'deployment', 'ssa', '-o', 'jsonpath={.spec.replicas}'])).stdout, '5');
  // Applying the live value co-owns the field: no conflict.
  r = await kubectl(['apply', '--server-side', '-f', '-'], app.replace('nginx:1.25', 'nginx:1.26').replace('replicas: 2', 'replicas: 5'));
  assert.equal(r.stdout, 'deployment.apps/ssa serverside-applied\n', r.stderr);
  assert.deepEqual((await managers('deployment', 'ssa')).map((e) => e.subresource), [undefined, 'scale']);
  // --force-conflicts takes the field: the scale entry, left with nothing, goes.
  r = await kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], app.replace('nginx:1.25', 'nginx:1.26'));
  assert.equal(r.stdout, 'deployment.apps/ssa serverside-applied\n', r.stderr);
  assert.equal((await kubectl(['get', 'deployment', 'ssa', '-o', 'jsonpath={.spec.replicas}'])).stdout, '2');
  assert.deepEqual((await managers('deployment', 'ssa')).map((e) => [e.manager, e.operation]), [['kubectl', 'Apply']]);
  // diff --server-side is a dry-run apply: it shows only what the apply would change (the status stays) and changes nothing.
  r = await kubectl(['diff', '--server-side', '-f', '-'], app.replace('nginx:1.25', 'nginx:1.27'));
  assert.equal(r.code, 1, r.stderr);
  // (Times are presented on the wall clock per request: at 60x, the live read and the dry run a tick apart may present them a second apart.)
  assert.deepEqual(r.stdout.split('\n').filter((l) => /^[-+] /.test(l) && !/(Timestamp|Time): /.test(l)), ['-        image: nginx:1.26', '+        image: nginx:1.27']);
  assert.equal((await kubectl(['get', 'deployment', 'ssa', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).stdout, 'nginx:1.26');
  // Two items with one key do not type: the API server's 500 with structured-merge-diff's words, and nothing changes.
  r = await kubectl(['apply', '--server-side', '-f', '-'], app.replace('{name: LEVEL, value: "1"}', '{name: MODE, value: slow}'));
  assert.equal(r.stderr, 'Error from server: failed to create typed patch object (default/ssa; apps/v1, Kind=Deployment): .spec.template.spec.containers[name="nginx"].env: duplicate entries for key [name="MODE"]\n');
  // An apply must name its manager.
  r = await kubectl(['apply', '--server-side', '--field-manager=', '-f', '-'], app);
  assert.equal(r.stderr, 'The PatchOptions "" is invalid: fieldManager: Required value: is required for apply patch\n');
  // A label another manager set stays when the applier drops its own; what only the applier owned goes.
  r = await kubectl(['label', 'deployment', 'ssa', 'owner=ops']);
  assert.equal(r.code, 0, r.stderr);
  const fewer = app.replace('nginx:1.25', 'nginx:1.26').replace(', tier: front', '').replace(', {name: LEVEL, value: "1"}', '');
  r = await kubectl(['apply', '--server-side', '-f', '-'], fewer);
  assert.equal(r.stdout, 'deployment.apps/ssa serverside-applied\n', r.stderr);
  r = await kubectl(['get', 'deployment', 'ssa', '-o', 'jsonpath={.metadata.labels} {.spec.template.spec.containers[0].env}']);
  assert.equal(r.stdout, '{"app":"ssa","owner":"ops"} [{"name":"MODE","value":"fast"}]');
  m = await managers('deployment', 'ssa');
  assert.deepEqual(m.map((e) => [e.manager, e.operation]), [['kubectl', 'Apply'], ['kubectl-label', 'Update']]);
  assert.deepEqual(m[1].fieldsV1, { 'f:metadata': { 'f:labels': { 'f:owner': {} } } });
  // minikube's own objects are refused to an apply as to every write (no copy is created beside them).
  const own = (await kubectl(['get', 'pods', '-n', 'kube-system', '-o', 'name'])).stdout.split('\n')[0];
  r = await kubectl(['apply', '--server-side', '-f', '-'], (await kubectl(['get', '-n', 'kube-system', own, '-o', 'yaml'])).stdout);
  assert.match(r.stderr, /^Error from server \(MethodNotAllowed\): pods "[^"]+" is one of minikube's own objects/);
});

test('server-side apply of replicas after the HPA scaled the Deployment conflicts with kube-controller-manager (subresource scale), as on a cluster', { skip: SKIP }, async () => {
  const deploy = WEB.replace('name: web\n', 'name: scaled\n').replace(/app: web/g, 'app: scaled').replace('replicas: 2', 'replicas: 1');
  let r = await kubectl(['apply', '--server-side', '-f', '-'], deploy);
  assert.equal(r.stdout, 'deployment.apps/scaled serverside-applied\n', r.stderr);
  // kubectl 1.32's `autoscale` posts an autoscaling/v1 HPA (protobuf); serve stores it as autoscaling/v2.
  r = await kubectl(['autoscale', 'deployment', 'scaled', '--min=3', '--max=5', '--cpu-percent=70']);
  assert.equal(r.stdout, 'horizontalpodautoscaler.autoscaling/scaled autoscaled\n', r.stderr);
  r = await kubectl(['get', 'hpa', 'scaled', '-o', 'jsonpath={.apiVersion} {.spec.metrics[0].resource.target.averageUtilization} {.spec.minReplicas}-{.spec.maxReplicas}']);
  assert.equal(r.stdout, 'autoscaling/v2 70 3-5', r.stderr);
  // The controller's first sync is 15 virtual seconds later (a quarter of a second at 60x).
  let replicas = '';
  for (let i = 0; i < 40 && replicas !== '3'; i++) {
    await new Promise((done) => setTimeout(done, 250));
    replicas = (await kubectl(['get', 'deploy', 'scaled', '-o', 'jsonpath={.spec.replicas}'])).stdout;
  }
  assert.equal(replicas, '3');
  r = await kubectl(['get', 'deploy', 'scaled', '-o', 'jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation}/{.subresource}{"\\n"}{end}']);
  assert.deepEqual(r.stdout.split('\n').filter((l) => l && !l.endsWith('/status')), ['kubectl/Apply/', 'kube-controller-manager/Update/scale']);
  // kubectl's describe of the HPA and the built-in shell's print the same.
  await assertSamePrintouts(['describe hpa scaled']);
  r = await kubectl(['describe', 'hpa', 'scaled']);
  assert.match(r.stdout, /\nConditions:\n  Type +Status +Reason +Message\n  -+ +-+ +-+ +-+\n  AbleToScale +True +SucceededRescale +the HPA controller was able to update the target scale to 3\n/, r.stderr);
  assert.match(r.stdout, /Normal +SuccessfulRescale +\S+ +horizontal-pod-autoscaler +New size: 3; reason: Current number of replicas below Spec.MinReplicas/, r.stderr);
  // The same configuration again: replicas 1 is now a change of the controller's field.
  r = await kubectl(['apply', '--server-side', '-f', '-'], deploy);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: Apply failed with 1 conflict: conflict with "kube-controller-manager" with subresource "scale" using apps\/v1: \.spec\.replicas\nPlease review the fields above--they currently have other managers/, r.stderr);
  // Leaving replicas out of the configuration lets the HPA keep them; --force-conflicts takes them back.
  r = await kubectl(['apply', '--server-side', '-f', '-'], deploy.replace('  replicas: 1\n', ''));
  assert.equal(r.stdout, 'deployment.apps/scaled serverside-applied\n', r.stderr);
  assert.equal((await kubectl(['get', 'deploy', 'scaled', '-o', 'jsonpath={.spec.replicas}'])).stdout, '3');
  await kubectl(['delete', 'hpa', 'scaled']);
  r = await kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], deploy);
  assert.equal(r.stdout, 'deployment.apps/scaled serverside-applied\n', r.stderr);
  assert.equal((await kubectl(['get', 'deploy', 'scaled', '-o', 'jsonpath={.spec.replicas}'])).stdout, '1');
  await kubectl(['delete', 'deploy', 'scaled', '--wait=false']);
});

test('server-side apply after client-side apply: kubectl takes over what its annotation applied; another manager conflicts with kubectl-client-side-apply', { skip: SKIP }, async () => {
  const app = WEB.replace(/web/g, 'csa');
  let r = await kubectl(['apply', '-f', '-'], app);
  assert.equal(r.stdout, 'deployment.apps/csa created\n', r.stderr);
  // A client-side apply is an Update: its manager owns what the write set, defaults included; new maps, lists and items are owned themselves (`.`).
  let m = await managers('deployment', 'csa');
  assert.deepEqual(m.map((e) => [e.manager, e.operation, e.apiVersion]), [['kubectl-client-side-apply', 'Update', 'apps/v1']]);
  const fields = m[0].fieldsV1 as { 'f:metadata': unknown; 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': Record<string, Record<string, unknown>> } } } };
  assert.deepEqual(fields['f:metadata'], { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} }, 'f:labels': { '.': {}, 'f:app': {} } });
  const container = fields['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}'];
  assert.deepEqual(Object.keys(container), ['.', 'f:image', 'f:imagePullPolicy', 'f:name', 'f:ports', 'f:terminationMessagePath', 'f:terminationMessagePolicy']);
  // Another manager changing a field the client-side apply owns conflicts, with the API server's message.
  r = await kubectl(['apply', '--server-side', '--field-manager=ci', '-f', '-'], app.replace('replicas: 2', 'replicas: 3'));
  assert.equal(r.code, 1);
  assert.equal(r.stderr.split('\n')[0], 'error: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
  // kubectl's own server-side apply may take what the last-applied annotation says it applied, and then migrates the client-side manager's fields.
  r = await kubectl(['apply', '--server-side', '-f', '-'], app.replace('replicas: 2', 'replicas: 3'));
  assert.equal(r.stdout, 'deployment.apps/csa serverside-applied\n', r.stderr);
  assert.equal((await kubectl(['get', 'deployment', 'csa', '-o', 'jsonpath={.spec.replicas}'])).stdout, '3');
  m = await managers('deployment', 'csa');
  assert.deepEqual(m.map((e) => [e.manager, e.operation]).sort(), [['kubectl', 'Apply'], ['kubectl-last-applied', 'Apply']]);
  assert.match((await kubectl(['get', 'deployment', 'csa', '-o', 'jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}'])).stdout, /"replicas":3/);
});

test('logs -f follows a container until its run ends; logs --previous shows the run before a restart', { skip: SKIP }, async () => {
  const crash = 'apiVersion: v1\nkind: Pod\nmetadata: {name: crash}\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: ["sh", "-c", "echo starting; sleep 5; echo bye; exit 1"]\n';
  await kubectl(['apply', '-f', '-'], crash);
  await new Promise((r) => setTimeout(r, 300));
  const r = await kubectl(['logs', '-f', 'crash']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'starting\nbye\n');
  let prev = await kubectl(['logs', 'crash', '--previous']);
  for (let i = 0; i < 20 && prev.code !== 0; i++) {
    await new Promise((res) => setTimeout(res, 250));
    prev = await kubectl(['logs', 'crash', '--previous']);
  }
  assert.equal(prev.stdout, 'starting\nbye\n', prev.stderr);
  const desc = await kubectl(['describe', 'pod', 'crash']);
  assert.match(desc.stdout, /Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+1/);
  const events = await kubectl(['get', 'events', '--field-selector', 'involvedObject.name=crash']);
  assert.match(events.stdout, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n/);
  assert.match(events.stdout, /Normal\s+Started\s+pod\/crash\s+Started container c/);
});

test('logs --timestamps, --since-time, --since, --tail, --limit-bytes', { skip: SKIP }, async () => {
  await kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata: {name: ticker}\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 10; done"]\n');
  let r = await kubectl(['logs', 'ticker', '--timestamps']);
  for (let i = 0; i < 40 && r.stdout.split('\n').length < 6; i++) {
    await new Promise((res) => setTimeout(res, 250));
    r = await kubectl(['logs', 'ticker', '--timestamps']);
  }
  const lines = r.stdout.trimEnd().split('\n');
  assert.ok(lines.length >= 5, r.stdout + r.stderr);
  for (const [i, l] of lines.entries()) assert.match(l, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z tick ${i + 1}$`));
  // One line every 10 virtual seconds, stamped when it was written.
  const at = lines.map((l) => Date.parse(l.split(' ')[0]));
  assert.equal(at[2] - at[1], 10_000);
  server.clock.pause();
  try {
    const all = (await kubectl(['logs', 'ticker'])).stdout.trimEnd().split('\n');
    const stamped = (await kubectl(['logs', 'ticker', '--timestamps'])).stdout.trimEnd().split('\n');
    const third = stamped[stamped.length - 3].split(' ')[0];
    assert.deepEqual((await kubectl(['logs', 'ticker', `--since-time=${third}`])).stdout.trimEnd().split('\n'), all.slice(-3));
    const recent = (await kubectl(['logs', 'ticker', '--since=25s'])).stdout.trimEnd().split('\n');
    assert.ok(recent.length >= 2 && recent.length <= 3, recent.join('|'));
    assert.deepEqual(recent, all.slice(-recent.length));
    // The built-in shell's logs take the same flags and print the same lines.
    assert.deepEqual(server.api.sim.runKubectl(['logs', 'ticker', '--since=25s']).stdout.trimEnd().split('\n'), recent);
    assert.equal(server.api.sim.runKubectl(['logs', 'ticker', '--tail=2', '--timestamps']).stdout.replace(/^\S+ /gm, ''), all.slice(-2).join('\n') + '\n');
    r = await kubectl(['logs', 'ticker', '--tail=2', '--timestamps']);
    assert.deepEqual(r.stdout.trimEnd().split('\n').map((l) => l.replace(/^\S+ /, '')), all.slice(-2));
    assert.equal((await kubectl(['logs', 'ticker', '--limit-bytes=10'])).stdout, 'tick 1\ntic');
  } finally {
    server.clock.resume();
  }
});

test('exec over WebSocket: output, exit codes, and what the simulated shell answers for the same command', { skip: SKIP }, async () => {
  await kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata: {name: box}\nspec:\n  containers: [{name: c, image: nginx:1.25}]\n');
  let r = await kubectl(['wait', '--for=condition=Ready', 'pod/box', '--timeout=60s']);
  assert.equal(r.stdout, 'pod/box condition met\n', r.stderr);
  r = await kubectl(['exec', 'box', '--', 'ls', '/']);
  assert.equal(r.code, 0, r.stderr);
  const inShell = server.api.sim.runKubectl(['exec', 'box', '--', 'ls', '/']);
  assert.equal(r.stdout, inShell.stdout);
  assert.match(r.stdout, /^bin\n.*\netc\n/s);
  r = await kubectl(['exec', 'box', '--', 'sh', '-c', 'echo out; exit 3']);
  assert.equal(r.code, 3);
  assert.equal(r.stdout, 'out\n');
  assert.equal(r.stderr, 'command terminated with exit code 3\n');
});

test('exec of a program the image does not have: containerd\'s error through the kubelet, exit 1, the same text as the simulated shell', { skip: SKIP }, async () => {
  await kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata: {name: nobin}\nspec:\n  containers: [{name: c, image: busybox:1.36, command: [sleep, "3600"]}]\n');
  assert.equal((await kubectl(['wait', '--for=condition=Ready', 'pod/nobin', '--timeout=60s'])).code, 0);
  const id = /failed to start exec "[0-9a-f]{64}"/g;
  for (const [command, reason] of [[['nosuch'], 'exec: "nosuch": executable file not found in $PATH'], [['/bin/nosuch', '-x'], 'exec: "/bin/nosuch": stat /bin/nosuch: no such file or directory'], [['bash'], 'exec: "bash": executable file not found in $PATH']] as const) {
    server.clock.pause();
    try {
      const r = await kubectl(['exec', 'nobin', '--', ...command]);
      assert.equal(r.code, 1, command.join(' '));
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.replace(id, 'failed to start exec "ID"'), `error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "ID": OCI runtime exec failed: exec failed: unable to start container process: ${reason}: unknown\n`);
      const inShell = server.api.sim.runKubectl(['exec', 'nobin', '--', ...command]);
      assert.equal(inShell.exitCode, 1);
      assert.equal(inShell.stderr, r.stderr, 'one implementation: the same text, the same exec id at the same instant');
    } finally {
      server.clock.resume();
    }
  }
  // Missing inside a shell it is the shell's own error and exit code 127.
  const r = await kubectl(['exec', 'nobin', '--', 'sh', '-c', 'nosuch']);
  assert.equal(r.code, 127);
  assert.equal(r.stdout, 'nosuch: not found\n');
  assert.equal(r.stderr, 'command terminated with exit code 127\n');
  await kubectl(['delete', 'pod', 'nobin', '--wait=false']);
});

test('exec -i reads the piped input: sh runs it as its script, cat prints it; the exit code comes back', { skip: SKIP }, async () => {
  await kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata: {name: piped}\nspec:\n  containers: [{name: c, image: busybox, command: [sleep, "3600"]}]\n');
  assert.equal((await kubectl(['wait', '--for=condition=Ready', 'pod/piped', '--timeout=60s'])).code, 0);
  let r = await kubectl(['exec', '-i', 'piped', '--', 'sh'], 'cd /tmp\necho one > f\nfor i in 1 2; do echo n$i; done\ncat f; pwd\nexit 5\necho never\n');
  assert.equal(r.stdout, 'n1\nn2\none\n/tmp\n');
  assert.equal(r.code, 5);
  assert.equal(r.stderr, 'command terminated with exit code 5\n');
  r = await kubectl(['exec', '-i', 'piped', '--', 'cat'], 'line 1\nline 2\n');
  assert.equal(r.stdout, 'line 1\nline 2\n', r.stderr);
  r = await kubectl(['exec', '-i', 'piped', '--', 'wc', '-l'], 'a\nb\nc\n');
  assert.match(r.stdout, /^\s*3\n$/);
  // -t without a terminal: kubectl says so and runs as -i.
  r = await kubectl(['exec', '-it', 'piped', '--', 'sh'], 'echo plain\n');
  assert.equal(r.stdout, 'plain\n');
  assert.match(r.stderr, /Unable to use a TTY/);
});

test('run -i --rm attaches to the container: piped input runs in its shell, the pod completes with its exit code and is deleted', { skip: SKIP }, async () => {
  let r = await kubectl(['run', '-i', '--rm', 'once', '--image=busybox', '--restart=Never', '--', 'sh'], 'echo hi from $(hostname)\nexit 3\n');
  assert.equal(r.stdout, 'hi from once\npod "once" deleted\n');
  assert.equal(r.code, 3);
  assert.match(r.stderr, /pod default\/once terminated \(Error\)\n$/);
  r = await kubectl(['run', '-i', '--rm', 'fine', '--image=busybox', '--restart=Never', '--', 'sh'], 'echo ok\n');
  assert.equal(r.stdout, 'ok\npod "fine" deleted\n', r.stderr);
  assert.equal(r.code, 0);
  // A container that does not read a terminal: its output as it is written, until it exits.
  r = await kubectl(['run', '-i', '--rm', 'counter', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'for i in 1 2 3; do echo $i; sleep 2; done'], '');
  assert.equal(r.stdout, '1\n2\n3\npod "counter" deleted\n', r.stderr);
  assert.equal((await kubectl(['get', 'pods', 'once', 'fine', 'counter', '--ignore-not-found'])).stdout, '');
});

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const NO_PTY = SKIP || (!hasScript && 'script (util-linux) is not on the PATH: kubectl -it needs a terminal, which the test makes with it; skipped');
if (!SKIP && NO_PTY) console.log(`# ${NO_PTY}`);

/** kubectl in a pseudo-terminal (script), with keys typed one chunk at a time. */
function inTerminal(args: string[], keys: string[]): Promise<string> {
  return new Promise((done) => {
    const cmd = ['kubectl', '--kubeconfig', kubeconfig, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ') + '; echo "rc=$?"';
    const child = spawn('script', ['-qfc', cmd, '/dev/null'], { env: { ...process.env, KUBECACHEDIR: join(dir, 'cache') } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    let i = 0;
    const next = () => {
      if (i < keys.length) child.stdin.write(keys[i++]);
      else return;
      setTimeout(next, 700);
    };
    setTimeout(next, 2500);
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('close', () => {
      clearTimeout(timer);
      done(out);
    });
  });
}

test('exec -it and run -it --rm in a terminal: prompt, echo, state across lines, exit code', { skip: NO_PTY }, async () => {
  await kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata: {name: term}\nspec:\n  containers: [{name: c, image: busybox, command: [sleep, "3600"]}]\n');
  assert.equal((await kubectl(['wait', '--for=condition=Ready', 'pod/term', '--timeout=60s'])).code, 0);
  let out = await inTerminal(['exec', '-it', 'term', '--', 'sh'], ['cd /tmp\r', 'echo x > f; pwd\r', 'ca', 't f\r', 'exit 2\r']);
  // What the terminal shows: each line as its redraws (CR, erase to the end of the line) leave it.
  const shown = (s: string) => s.split('\n').map((line) => {
    let text = '';
    let col = 0;
    for (const part of line.split(/(\r|\x1b\[K)/)) {
      if (part === '\r') col = 0;
      else if (part === '\x1b[K') text = text.slice(0, col);
      else {
        text = text.slice(0, col) + part + text.slice(col + part.length);
        col += part.length;
      }
    }
    return text;
  }).join('\n');
  assert.match(shown(out), /\/ # cd \/tmp\n\/tmp # echo x > f; pwd\n\/tmp\n\/tmp # cat f\nx\n\/tmp # exit 2\ncommand terminated with exit code 2\nrc=2\n$/, out);
  out = shown(await inTerminal(['run', '-it', '--rm', 'tty', '--image=busybox', '--restart=Never', '--', 'sh'], ['hostname\r', 'exit\r']));
  assert.match(out, /^If you don't see a command prompt, try pressing enter\.\n\/ # hostname\ntty\n\/ # exit\npod "tty" deleted\nrc=0\n$/, out);
});

test('the built-in shell and the real kubectl against serve print the same tables for the same cluster', { skip: SKIP }, async () => {
  const sim = server.api.sim;
  sim.runKubectl(['apply', '-f', 'test-fixtures/transcripts/course/app', '-R']);
  sim.runKubectl(['apply', '-f', 'test-fixtures/transcripts/course/pod.yaml']);
  server.api.settle();
  await assertSamePrintouts(['get pods', 'get deploy -o wide', 'get svc', 'get all -A', 'get pods -o wide', 'get nodes', 'get ns', 'get rs', 'get cm', 'get sa -A', 'get pods --show-labels', 'get pods -n kube-system -o wide', 'get deploy nginx-deploy -o name']);
});

test('kubectl events, cluster-info, version, get --raw and a watch that sees a deletion', { skip: SKIP }, async () => {
  let r = await kubectl(['events']);
  assert.match(r.stdout, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n/);
  assert.match(r.stdout, /Normal\s+ScalingReplicaSet\s+Deployment\/web\s+Scaled up replica set web-\w+ from 0 to 2/);
  // events.k8s.io/v1: the same record in the newer form.
  r = await kubectl(['get', 'events.events.k8s.io']);
  assert.match(r.stdout, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n/);
  assert.match(r.stdout, /Normal\s+ScalingReplicaSet\s+deployment\/web\s+Scaled up replica set web-\w+ from 0 to 2/);
  const v1 = JSON.parse((await kubectl(['get', '--raw', '/apis/events.k8s.io/v1/namespaces/default/events'])).stdout);
  const scaled = v1.items.find((e: { reason: string }) => e.reason === 'ScalingReplicaSet');
  assert.equal(v1.apiVersion, 'events.k8s.io/v1');
  assert.deepEqual([scaled.regarding.kind, scaled.regarding.name, scaled.reportingController, typeof scaled.deprecatedCount], ['Deployment', 'web', 'deployment-controller', 'number']);
  assert.match(scaled.note, /^Scaled up replica set web-\w+ from 0 to 2$/);
  r = await kubectl(['cluster-info']);
  assert.match(r.stdout, new RegExp(`^Kubernetes control plane is running at ${server.url.replace(/\./g, '\\.')}\n`));
  r = await kubectl(['version', '-o', 'json']);
  assert.equal(JSON.parse(r.stdout).serverVersion.gitVersion, 'v1.36.0');
  assert.equal((await kubectl(['get', '--raw', '/readyz'])).stdout, 'ok');
  await kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: short-lived}\n');
  const child = spawn('kubectl', ['--kubeconfig', kubeconfig, 'get', 'cm', 'short-lived', '-w', '--output-watch-events'], { env: { ...process.env, KUBECACHEDIR: join(dir, 'cache') } });
  let out = '';
  const deleted = new Promise<void>((done) => child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (/DELETED\s+short-lived/.test(out)) done();
  }));
  await new Promise((res) => setTimeout(res, 800));
  r = await kubectl(['delete', 'cm', 'short-lived']);
  assert.equal(r.stdout, 'configmap "short-lived" deleted\n', r.stderr);
  await Promise.race([deleted, new Promise((_, fail) => setTimeout(() => fail(new Error(`no DELETED row in:\n${out}`)), 20_000))]);
  child.kill();
  assert.match(out, /^EVENT\s+NAME\s+DATA\s+AGE\nADDED\s+short-lived\s+0\s+\S+\n/);
});

test('drain evicts through pods/eviction on a second node; deletecollection deletes what the selector matches', { skip: SKIP }, async () => {
  // A cluster of two nodes in its own server: the test drains the node without minikube's own pods.
  const sim = createSimulation({
    objects: [], seed: 2, horizon: 3600, cluster: defaultClusterShape(2),
    behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }),
    io: { readManifests: readManifestsFor, readFile: readPlainFile },
  });
  const two = await startServer({ sim, token, port: 0, speed: 60, tickMs: 50 });
  const config = join(dir, 'kubeconfig-two');
  writeFileSync(config, kubeconfigText(two.url, token, two.ca));
  const run = (args: string[], input?: string) => new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    const child = execFile('kubectl', ['--kubeconfig', config, ...args], { timeout: 60_000, env: { ...process.env, KUBECACHEDIR: join(dir, 'cache') } }, (err, stdout, stderr) => done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
    if (input !== undefined) child.stdin!.end(input);
  });
  try {
    await run(['apply', '-f', '-'], WEB.replace('replicas: 2', 'replicas: 4'));
    assert.equal((await run(['rollout', 'status', 'deployment/web', '--timeout=60s'])).code, 0);
    const before = (await run(['get', 'pods', '-l', 'app=web', '--field-selector', 'spec.nodeName=minikube-m02', '-o', 'name'])).stdout.trim().split('\n').filter(Boolean);
    assert.ok(before.length > 0, 'the scheduler spreads the pods over both nodes');
    let r = await run(['drain', 'minikube-m02', '--ignore-daemonsets']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^node\/minikube-m02 cordoned\n/);
    for (const p of before) assert.match(r.stdout, new RegExp(`^evicting pod default/${p.slice('pod/'.length)}$`, 'm'));
    assert.match(r.stdout, /node\/minikube-m02 drained\n$/);
    assert.match(r.stderr, /^Warning: ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-\w+\n$/);
    assert.equal((await run(['rollout', 'status', 'deployment/web', '--timeout=60s'])).code, 0);
    r = await run(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.nodeName}']);
    assert.deepEqual([...new Set(r.stdout.split(' '))], ['minikube']);
    assert.match((await run(['get', 'node', 'minikube-m02'])).stdout, /minikube-m02\s+Ready,SchedulingDisabled/);
    // deletecollection, as client libraries send it (kubectl deletes one by one).
    await run(['create', 'cm', 'one']);
    await run(['create', 'cm', 'two']);
    await run(['label', 'cm', 'one', 'drop=yes']);
    const body = await new Promise<string>((done, fail) => {
      const req = request(`${two.url}/api/v1/namespaces/default/configmaps?labelSelector=drop%3Dyes`, { method: 'DELETE', ca: two.ca, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => done(text));
      });
      req.on('error', fail);
      req.end();
    });
    assert.deepEqual(JSON.parse(body).items.map((i: { metadata: { name: string } }) => i.metadata.name), ['one']);
    assert.deepEqual((await run(['get', 'cm', '-o', 'name'])).stdout.split('\n').filter((l) => /one|two/.test(l)), ['configmap/two']);
  } finally {
    await two.close();
  }
});

test('create ns: the namespace carries kubernetes.io/metadata.name, which kubectl label cannot remove or change', { skip: SKIP }, async () => {
  let r = await kubectl(['create', 'ns', 'labelled']);
  assert.equal(r.stdout, 'namespace/labelled created\n', r.stderr);
  r = await kubectl(['get', 'ns', 'labelled', '--show-labels']);
  assert.match(r.stdout, /^NAME +STATUS +AGE +LABELS\nlabelled +Active +\S+ +kubernetes\.io\/metadata\.name=labelled\n$/, r.stderr);
  r = await kubectl(['label', 'ns', 'labelled', 'kubernetes.io/metadata.name-']);
  assert.equal(r.code, 0, r.stderr);
  r = await kubectl(['label', 'ns', 'labelled', 'kubernetes.io/metadata.name=other', '--overwrite']);
  assert.equal(r.code, 0, r.stderr);
  r = await kubectl(['get', 'ns', 'labelled', '-o', 'json', '--show-managed-fields']);
  const ns = JSON.parse(r.stdout);
  assert.deepEqual(ns.metadata.labels, { 'kubernetes.io/metadata.name': 'labelled' });
  assert.deepEqual([ns.spec, ns.status], [{ finalizers: ['kubernetes'] }, { phase: 'Active' }]);
  // The creator owns the label, as on a cluster (defaulting runs before field management).
  const created = ns.metadata.managedFields.find((m: { manager: string }) => m.manager === 'kubectl-create');
  assert.deepEqual(created.fieldsV1['f:metadata'], { 'f:labels': { '.': {}, 'f:kubernetes.io/metadata.name': {} } });
  await kubectl(['delete', 'ns', 'labelled', '--wait=false']);
});

test('each namespace\'s default ServiceAccount and kube-root-ca.crt are stored objects: listed, read, created again when deleted', { skip: SKIP }, async () => {
  let r = await kubectl(['create', 'namespace', 'ca-check']);
  assert.equal(r.stdout, 'namespace/ca-check created\n', r.stderr);
  r = await kubectl(['get', 'sa,cm', '-n', 'ca-check']);
  assert.match(r.stdout, /^NAME\s+SECRETS\s+AGE\nserviceaccount\/default\s+0\s+\S+\n\nNAME\s+DATA\s+AGE\nconfigmap\/kube-root-ca\.crt\s+1\s+\S+\n$/, r.stderr);
  r = await kubectl(['get', 'cm', 'kube-root-ca.crt', '-n', 'ca-check', '-o', 'jsonpath={.data.ca\\.crt}']);
  assert.match(r.stdout, /^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
  r = await kubectl(['get', 'cm', 'kube-root-ca.crt', '-n', 'ca-check', '-o', 'jsonpath={.metadata.annotations.kubernetes\\.io/description}']);
  assert.equal(r.stdout, 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.');
  const uid = (await kubectl(['get', 'sa', 'default', '-n', 'ca-check', '-o', 'jsonpath={.metadata.uid}'])).stdout;
  r = await kubectl(['delete', 'sa', 'default', '-n', 'ca-check']);
  assert.equal(r.stdout, 'serviceaccount "default" deleted\n', r.stderr);
  r = await kubectl(['delete', 'cm', 'kube-root-ca.crt', '-n', 'ca-check']);
  assert.equal(r.stdout, 'configmap "kube-root-ca.crt" deleted\n', r.stderr);
  // The controllers put them back at once: new objects (kubectl's wait for the deletion saw the old uid go).
  const again = (await kubectl(['get', 'sa', 'default', '-n', 'ca-check', '-o', 'jsonpath={.metadata.uid}'])).stdout;
  assert.ok(again && again !== uid, again);
  assert.equal((await kubectl(['get', 'cm', '-n', 'ca-check', '-o', 'name'])).stdout, 'configmap/kube-root-ca.crt\n');
  await kubectl(['delete', 'namespace', 'ca-check', '--wait=false']);
});

test('PodDisruptionBudgets: kubectl get pdb prints the printer\'s columns, an eviction the budget forbids is a 429 that kubectl drain retries until --timeout', { skip: SKIP }, async () => {
  const sim = createSimulation({
    objects: [], seed: 2, horizon: 3600, cluster: defaultClusterShape(2),
    behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }),
    io: { readManifests: readManifestsFor, readFile: readPlainFile },
  });
  const two = await startServer({ sim, token, port: 0, speed: 60, tickMs: 50 });
  const config = join(dir, 'kubeconfig-pdb');
  writeFileSync(config, kubeconfigText(two.url, token, two.ca));
  const run = (args: string[], input?: string) => new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    const child = execFile('kubectl', ['--kubeconfig', config, ...args], { timeout: 60_000, env: { ...process.env, KUBECACHEDIR: join(dir, 'cache') } }, (err, stdout, stderr) => done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
    if (input !== undefined) child.stdin!.end(input);
  });
  try {
    await run(['apply', '-f', '-'], WEB.replace('replicas: 2', 'replicas: 3'));
    let r = await run(['apply', '-f', '-'], 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvailable: 3\n  selector: {matchLabels: {app: web}}\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: half}\nspec:\n  maxUnavailable: 50%\n  selector: {matchLabels: {app: web-canary}}\n');
    assert.equal(r.stdout, 'poddisruptionbudget.policy/web created\npoddisruptionbudget.policy/half created\n', r.stderr);
    assert.equal((await run(['rollout', 'status', 'deployment/web', '--timeout=60s'])).code, 0);
    await new Promise((res) => setTimeout(res, 200));
    r = await run(['get', 'pdb']);
    assert.match(r.stdout, /^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\nhalf\s+N\/A\s+50%\s+0\s+\S+\nweb\s+3\s+N\/A\s+0\s+\S+\n$/, r.stderr);
    const st = JSON.parse((await run(['get', 'pdb', 'web', '-o', 'json'])).stdout).status;
    assert.deepEqual({ ...st, conditions: st.conditions.map((c: Record<string, unknown>) => ({ ...c, lastTransitionTime: typeof c.lastTransitionTime })) }, {
      currentHealthy: 3, desiredHealthy: 3, expectedPods: 3, disruptionsAllowed: 0, observedGeneration: 1,
      conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: 1, lastTransitionTime: 'string' }],
    });
    const pod = (await run(['get', 'pods', '-l', 'app=web', '--field-selector', 'spec.nodeName=minikube-m02', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout;
    assert.ok(pod, 'a pod of web runs on the second node');
    // The eviction itself: 429 TooManyRequests with the budget as the cause.
    const evicted = await new Promise<{ status: number; body: string }>((done, fail) => {
      const req = request(`${two.url}/api/v1/namespaces/default/pods/${pod}/eviction`, { method: 'POST', ca: two.ca, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', fail);
      req.end(JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace: 'default' } }));
    });
    assert.equal(evicted.status, 429);
    assert.deepEqual(JSON.parse(evicted.body), {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: "Cannot evict pod as it would violate the pod's disruption budget.", reason: 'TooManyRequests', code: 429,
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 3 healthy pods and has 3 currently' }] },
    });
    // kubectl drain retries every 5 s (real seconds) and gives up at its --timeout.
    r = await run(['drain', 'minikube-m02', '--ignore-daemonsets', '--pod-selector=app=web', '--timeout=3s']);
    assert.equal(r.code, 1);
    const refused = `error when evicting pods/"${pod}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`;
    const timeout = `error when evicting pods/"${pod}" -n "default": global timeout reached: 3s`;
    assert.equal(r.stdout, `node/minikube-m02 cordoned\nevicting pod default/${pod}\nevicting pod default/${pod}\n`);
    assert.equal(r.stderr, `${refused}\nThere are pending pods in node "minikube-m02" when an error occurred: ${timeout}\npod/${pod}\nerror: unable to drain node "minikube-m02" due to error: ${timeout}, continuing command...\nThere are pending nodes to be drained:\n minikube-m02\n${timeout}\n`);
    assert.equal((await run(['get', 'pod', pod, '-o', 'jsonpath={.metadata.deletionTimestamp}'])).stdout, '');
    // A budget that allows one disruption lets the drain through.
    assert.equal((await run(['patch', 'pdb', 'web', '--type=merge', '-p', '{"spec":{"minAvailable":2}}'])).code, 0);
    await new Promise((res) => setTimeout(res, 200));
    assert.match((await run(['get', 'pdb', 'web'])).stdout, /\nweb\s+2\s+N\/A\s+1\s+/);
    r = await run(['drain', 'minikube-m02', '--ignore-daemonsets', '--pod-selector=app=web', '--timeout=30s']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`pod/${pod} evicted\\nnode/minikube-m02 drained\\n$`));
  } finally {
    await two.close();
  }
});

test('custom kinds: a CRD applied through serve is in discovery and OpenAPI at once; its objects are created, listed with the CRD\'s printer columns, explained, patched and deleted', { skip: SKIP }, async () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: crontabs.stable.example.com}
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct]}
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - {name: Spec, type: string, jsonPath: .spec.cronSpec}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              cronSpec: {type: string}
              replicas: {type: integer}
`;
  let r = await kubectl(['apply', '-f', '-'], crd);
  assert.equal(r.stdout, 'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n', r.stderr);
  const tab = (name: string, replicas: number) => `apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata: {name: ${name}}\nspec: {cronSpec: "*/5 * * * *", replicas: ${replicas}}\n`;
  r = await kubectl(['apply', '-f', '-'], tab('every5', 1));
  assert.equal(r.stdout, 'crontab.stable.example.com/every5 created\n', r.stderr);
  r = await kubectl(['apply', '-f', '-'], tab('every5', 2));
  assert.equal(r.stdout, 'crontab.stable.example.com/every5 configured\n', r.stderr);
  r = await kubectl(['get', 'ct']);
  assert.match(r.stdout, /^NAME\s+SPEC\s+REPLICAS\s+AGE\nevery5\s+\*\/5 \* \* \* \*\s+2\s+\S+\n$/, r.stderr);
  r = await kubectl(['api-resources', '--api-group=stable.example.com']);
  assert.match(r.stdout, /^crontabs\s+ct\s+stable\.example\.com\/v1\s+true\s+CronTab$/m, r.stderr);
  r = await kubectl(['explain', 'crontab.spec']);
  assert.match(r.stdout, /^GROUP:\s+stable\.example\.com\nKIND:\s+CronTab\nVERSION:\s+v1\n\nFIELD: spec <Object>/, r.stderr);
  assert.match(r.stdout, /^ {2}cronSpec\t<string>$/m);
  r = await kubectl(['patch', 'crontab', 'every5', '--type=merge', '-p', '{"spec":{"replicas":5}}']);
  assert.equal(r.stdout, 'crontab.stable.example.com/every5 patched\n', r.stderr);
  assert.equal((await kubectl(['get', 'crontabs.stable.example.com', 'every5', '-o', 'jsonpath={.spec.replicas}'])).stdout, '5');
  // Field management covers custom kinds: the patch took .spec.replicas from the client-side apply, so a server-side apply by another manager conflicts there.
  r = await kubectl(['apply', '--server-side', '--field-manager=ci', '-f', '-'], tab('every5', 3));
  assert.equal(r.stderr.split('\n')[0], 'error: Apply failed with 1 conflict: conflict with "kubectl-patch" using stable.example.com/v1: .spec.replicas');
  r = await kubectl(['apply', '--server-side', '--field-manager=ci', '--force-conflicts', '-f', '-'], tab('every5', 3));
  assert.equal(r.stdout, 'crontab.stable.example.com/every5 serverside-applied\n', r.stderr);
  // kubectl then migrates the client-side apply's fields to its manager (they own the last-applied annotation) and applies again,
  // which prunes what ci does not apply: the annotation goes, as on a cluster.
  assert.deepEqual((await managers('crontab', 'every5')).map((e) => [e.manager, e.operation]), [['ci', 'Apply']]);
  assert.equal((await kubectl(['get', 'ct', 'every5', '-o', 'jsonpath={.metadata.annotations}{.spec.replicas}'])).stdout, '3');
  r = await kubectl(['get', 'ct', 'none']);
  assert.equal(r.stderr, 'Error from server (NotFound): crontabs.stable.example.com "none" not found\n');
  r = await kubectl(['delete', 'ct', 'every5']);
  assert.equal(r.stdout, 'crontab.stable.example.com "every5" deleted\n', r.stderr);
});

test('RBAC, Ingress, NetworkPolicy, PersistentVolume, StorageClass, PriorityClass: applied by kubectl, printed by the server\'s tables and kubectl\'s describers as the built-in shell prints them', { skip: SKIP }, async () => {
  const r = await kubectl(['apply', '-f', 'test-fixtures/cluster-kinds/kinds.yaml']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^role\.rbac\.authorization\.k8s\.io\/pod-reader created$/m);
  assert.match(r.stdout, /^persistentvolume\/task-pv-volume created$/m);
  assert.match(r.stdout, /^priorityclass\.scheduling\.k8s\.io\/high-priority created$/m);
  server.api.settle();
  await assertSamePrintouts(['get rolebindings -o wide', 'get clusterrolebindings -o wide', 'get ingress', 'get ing -o wide', 'get ingressclass', 'get netpol', 'get sc', 'get pc', 'describe role pod-reader', 'describe clusterrole metrics-reader', 'describe rolebinding read-pods', 'describe ingress tls-ingress', 'describe ingressclass nginx', 'describe sc fast', 'describe pc high-priority', 'describe pv task-pv-volume', 'get pv task-pv-volume -o wide']);
  // The roles' table prints the creation time itself, on the server's wall clock (as the object carries it).
  const created = (await kubectl(['get', 'role', 'pod-reader', '-o', 'jsonpath={.metadata.creationTimestamp}'])).stdout;
  assert.match((await kubectl(['get', 'roles'])).stdout, new RegExp(`^NAME {9}CREATED AT\npod-reader {3}${created.slice(0, 10)}T\\d\\d:\\d\\d:\\d\\dZ\n$`));
});

/** `kubectl port-forward ARGS` with local port 0: the local port kubectl chose, and the running child. */
async function portForward(args: string[], env: Record<string, string> = {}) {
  const child = spawn('kubectl', ['--kubeconfig', kubeconfig, 'port-forward', ...args], { env: { ...process.env, ...env, KUBECACHEDIR: join(dir, 'cache') } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no Forwarding line: ${stdout} ${stderr}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        done(Number(m[1]));
      }
    });
    child.on('exit', () => fail(new Error(`kubectl port-forward exited: ${stderr}`)));
  });
  return { child, port, exited, out: () => stdout, err: () => stderr };
}

function httpGet(port: number, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((done, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

test('port-forward (WebSocket tunnel, SPDY, a Service): HTTP through it gets what the behaviour model serves; a closed port gets the runtime\'s refusal', { skip: SKIP }, async () => {
  await kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata: {name: pf, labels: {app: pf}}\nspec:\n  containers: [{name: web, image: nginx:1.25, ports: [{containerPort: 80}]}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: pf}\nspec:\n  selector: {app: pf}\n  ports: [{port: 8088, targetPort: 80}]\n');
  let r = await kubectl(['wait', '--for=condition=Ready', 'pod/pf', '--timeout=60s']);
  assert.equal(r.stdout, 'pod/pf condition met\n', r.stderr);
  // What the simulated shell's `kubectl exec pf -- curl -s localhost` prints: the page the container holds.
  const page = server.api.sim.runKubectl(['exec', 'pf', '--', 'curl', '-s', 'localhost']).stdout;
  assert.equal(page, server.api.sim.runKubectl(['exec', 'pf', '--', 'cat', '/usr/share/nginx/html/index.html']).stdout);
  assert.match(page, /Welcome to nginx!/);

  // kubectl 1.32 tunnels SPDY through a WebSocket by default.
  const pf = await portForward(['pod/pf', '0:80']);
  try {
    assert.match(pf.out(), /^Forwarding from 127\.0\.0\.1:\d+ -> 80\nForwarding from \[::1\]:\d+ -> 80\n/);
    let res = await httpGet(pf.port, '/');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/html');
    assert.equal(res.body, page);
    res = await httpGet(pf.port, '/nosuch');
    assert.equal(res.status, 404);
    res = await httpGet(pf.port, '/index.html', 'HEAD');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-length'], String(Buffer.byteLength(page)));
    assert.equal(res.body, '');
    assert.match(pf.out(), /Handling connection for \d+\n/);
  } finally {
    pf.child.kill();
  }

  // The HTTP upgrade to SPDY/3.1 (kubectl before 1.31, or the WebSocket tunnel turned off), through a Service.
  const svc = await portForward(['svc/pf', '0:8088'], { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' });
  try {
    assert.match(svc.out(), /-> 80\n/, 'kubectl resolves the service port to the pod\'s target port');
    const res = await httpGet(svc.port, '/');
    assert.equal(res.body, page);
  } finally {
    svc.child.kill();
  }

  // Nothing listens on 81: the runtime's error reaches kubectl on the error stream; kubectl drops the connection and exits.
  const closed = await portForward(['pod/pf', '0:81']);
  await assert.rejects(httpGet(closed.port, '/'));
  assert.equal(await Promise.race([closed.exited, new Promise((r) => setTimeout(() => r('still running'), 20_000))]), 1);
  assert.match(closed.err(), new RegExp(`"Unhandled Error" err="an error occurred forwarding ${closed.port} -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\\\"/var/run/netns/cni-[0-9a-f-]{36}\\\\": failed to connect to localhost:81 inside namespace \\\\"[0-9a-f]{64}\\\\", IPv4: dial tcp4 127.0.0.1:81: connect: connection refused IPv6 dial tcp6 \\[::1\\]:81: connect: connection refused "`));
  assert.match(closed.err(), /error: lost connection to pod\n$/);
});

test('RBAC, Ingress and PriorityClass generators (protobuf) create what their dry run shows; auth can-i --as answers from the stored RBAC rules; claims bind to provisioned volumes', { skip: SKIP }, async () => {
  const spec = async (args: string[], pick: (o: Record<string, any>) => unknown) => {
    const dry = JSON.parse((await kubectl([...args, '--dry-run=client', '-o', 'json'])).stdout);
    const r = await kubectl(args);
    assert.equal(r.code, 0, r.stderr);
    const live = JSON.parse((await kubectl(['get', `${dry.kind.toLowerCase()}.${dry.apiVersion.split('/')[0]}`, dry.metadata.name, '-o', 'json'])).stdout);
    assert.deepEqual(pick(live), pick(dry), args.join(' '));
    return r.stdout;
  };
  assert.equal(await spec(['create', 'role', 'r9', '--verb=get,list', '--resource=pods,deployments.apps', '--resource-name=x'], (o) => o.rules), 'role.rbac.authorization.k8s.io/r9 created\n');
  await spec(['create', 'clusterrole', 'cr9', '--verb=get', '--resource=nodes', '--non-resource-url=/logs'], (o) => o.rules);
  await spec(['create', 'rolebinding', 'rb9', '--role=r9', '--user=kim', '--serviceaccount=default:robot9'], (o) => [o.roleRef, o.subjects]);
  await spec(['create', 'clusterrolebinding', 'crb9', '--clusterrole=cr9', '--group=ops'], (o) => [o.roleRef, o.subjects]);
  await spec(['create', 'ingress', 'ing9', '--rule=foo.com/bar=svc1:8080,tls=my-cert', '--rule=foo.com/api*=api:http', '--class=nginx'], (o) => o.spec);
  await spec(['create', 'priorityclass', 'pc9', '--value=0', '--description=zero'], (o) => [o.value, o.description, o.preemptionPolicy]);
  for (const [args, out, code] of [
    [['auth', 'can-i', 'get', 'pods/x', '--as', 'kim'], 'yes\n', 0],
    [['auth', 'can-i', 'get', 'pods/y', '--as', 'kim'], 'no\n', 1],
    [['auth', 'can-i', 'list', 'deployments.apps/x', '--as', 'system:serviceaccount:default:robot9'], 'yes\n', 0],
    [['auth', 'can-i', 'get', 'nodes', '--as', 'bob', '--as-group', 'ops'], 'yes\n', 0],
    [['auth', 'can-i', 'delete', 'nodes', '--as', 'bob', '--as-group', 'ops'], 'no\n', 1],
    [['auth', 'can-i', 'delete', 'nodes'], 'yes\n', 0],
  ] as [string[], string, number][]) {
    const r = await kubectl(args);
    assert.deepEqual([r.stdout, r.code], [out, code], args.join(' '));
    const shell = server.api.sim.runKubectl(args);
    assert.deepEqual([shell.stdout + shell.stderr, shell.exitCode], [r.stderr + r.stdout, code], `shell: ${args.join(' ')}`);
  }
  // minikube's storage: the default class, a provisioned volume for a claim, a pod held back by a claim that cannot bind.
  let r = await kubectl(['apply', '-f', 'test-fixtures/storage/claims.yaml']);
  assert.equal(r.code, 0, r.stderr);
  for (let i = 0; i < 100 && !/^data\s+Bound/m.test((await kubectl(['get', 'pvc', 'data'])).stdout); i++) await new Promise((done) => setTimeout(done, 100));
  server.api.settle();
  await assertSamePrintouts(['get pvc', 'get pvc -o wide', 'get pv', 'get sc', 'describe pvc data', 'describe pvc fast-claim', 'describe sc standard', 'get pc']);
  r = await kubectl(['get', 'events', '--field-selector', 'involvedObject.name=waiting', '-o', 'jsonpath={.items[0].message}']);
  assert.equal(r.stdout, '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
});
