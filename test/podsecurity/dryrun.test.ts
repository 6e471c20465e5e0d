import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS } from '../../server/src/sim/index';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { runWorkspace } from '../../server/src/engine/dryrun/workspaceRun';
import { cliJs, ensureBuilt } from '../support/server';

/** The dry run's API server admits pods as the PodSecurity admission plugin does. */

const ns = (labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels } });
const container = (sc?: Record<string, unknown>) => ({ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], ...(sc ? { securityContext: sc } : {}) });
const RESTRICTED_SC = { allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: 101, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };
const deployment = (sc?: Record<string, unknown>) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'prod' },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container(sc)] } } },
});
const RESTRICTED_DETAIL = 'allowPrivilegeEscalation != false (container "web" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "web" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "web" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "web" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';

function sim(objects: Record<string, unknown>[], podSecurity?: 'baseline' | 'restricted') {
  return createSimulation({ objects, seed: 1, horizon: 600, behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }), podSecurity });
}

before(ensureBuilt);

test('a bare Pod in an enforce=restricted namespace is refused with the admission message', () => {
  const s = sim([ns({ 'pod-security.kubernetes.io/enforce': 'restricted' }), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'prod' }, spec: { containers: [container()] } }]);
  assert.deepEqual(s.applied[1], { ref: 'pod/web', error: `pods "web" is forbidden: violates PodSecurity "restricted:latest": ${RESTRICTED_DETAIL}` });
  assert.equal(s.list('Pod', 'prod').length, 0);
});

test('a Deployment is admitted with a warning; its ReplicaSet reports FailedCreate and never becomes ready; the fix runs', () => {
  const s = sim([ns({ 'pod-security.kubernetes.io/enforce': 'restricted' }), deployment()]);
  assert.deepEqual(s.applied[1].warnings, [`would violate PodSecurity "restricted:latest": ${RESTRICTED_DETAIL}`]);
  s.runUntil(120);
  const snap = s.snapshot();
  const failed = snap.events.filter((e) => e.reason === 'FailedCreate');
  assert.ok(failed.length > 0);
  assert.match(failed[0].object, /^replicaset\/web-[a-z0-9]+$/);
  assert.match(failed[0].message, new RegExp(`^Error creating: pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: violates PodSecurity "restricted:latest": ${RESTRICTED_DETAIL.replace(/[()[\]".=]/g, '\\$&')}$`));
  assert.equal(s.list('Pod', 'prod').length, 0);
  assert.ok(snap.assumptions.some((a) => a.object === 'deployment/web' && a.message.startsWith('Warning: would violate PodSecurity "restricted:latest"')));
  const fixed = sim([ns({ 'pod-security.kubernetes.io/enforce': 'restricted' }), deployment(RESTRICTED_SC)]);
  assert.equal(fixed.applied[1].warnings, undefined);
  fixed.runUntil(120);
  assert.equal(fixed.list('Pod', 'prod').length, 2);
  assert.ok(!fixed.snapshot().events.some((e) => e.reason === 'FailedCreate'));
});

test('warn only: pods run, kubectl apply in the shell prints the Warning line before the result', () => {
  const s = createSimulation({
    objects: [ns({ 'pod-security.kubernetes.io/warn': 'baseline' })], seed: 1, horizon: 600,
    behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }),
    io: { readManifests: () => ({ objects: [deployment({ privileged: true })] }) },
  });
  const r = s.runKubectl(['apply', '-f', 'web.yaml']);
  assert.equal(r.exitCode, 0);
  assert.equal(r.stdout, 'Warning: would violate PodSecurity "baseline:latest": privileged (container "web" must not set securityContext.privileged=true)\ndeployment.apps/web created\n');
  s.runUntil(60);
  assert.equal(s.list('Pod', 'prod').length, 2, 'warn never refuses');
  assert.equal(s.runKubectl(['get', 'pods', '-n', 'prod']).stdout.includes('Warning'), false, 'the controller\'s warnings are not the user\'s');
});

test('the setting applies a level to unlabelled namespaces in the dry run; a privileged label overrides it', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { hostNetwork: true, containers: [container()] } };
  assert.match(sim([pod], 'baseline').applied[0].error ?? '', /^pods "p" is forbidden: violates PodSecurity "baseline:latest": host namespaces \(hostNetwork=true\)/);
  assert.equal(sim([pod]).applied[0].error, undefined);
  const labelled = { ...pod, metadata: { name: 'p', namespace: 'prod' } };
  assert.equal(sim([ns({ 'pod-security.kubernetes.io/enforce': 'privileged' }), labelled], 'restricted').applied[1].error, undefined);
});

const FILES = `apiVersion: v1
kind: Namespace
metadata:
  name: prod
  labels:
    pod-security.kubernetes.io/enforce: baseline
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      hostPID: true
      containers:
        - name: web
          image: nginx:1.27
`;

test('the prediction dry-run-create-failed sits on the template line', async () => {
  const run = await runWorkspace([parseYamlFile('file:///ws/app.yaml', FILES)], { duration: 60 });
  const p = run.predictions.filter((x) => x.finding.code === 'dry-run-create-failed');
  assert.equal(p.length, 1);
  assert.equal(p[0].finding.range.start.line, 17, 'the `template:` line');
  assert.match(p[0].finding.message, /^Deployment web cannot create its pods: pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: violates PodSecurity "baseline:latest": host namespaces \(hostPID=true\) \(at 0s\)$/);
});

test('CLI: check reports the violation and --pod-security applies a level; simulate --pod-security refuses the pod', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kr-psa-'));
  try {
    writeFileSync(join(dir, 'app.yaml'), FILES);
    const check = spawnSync(process.execPath, [cliJs, 'check', join(dir, 'app.yaml')], { encoding: 'utf8' });
    assert.equal(check.status, 1);
    assert.match(check.stdout, /app\.yaml:23:16 error pod-security violates PodSecurity "baseline:latest": host namespaces \(hostPID=true\): namespace "prod" enforces baseline/);
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      command: ["sleep", "3600"]\n';
    writeFileSync(join(dir, 'pod.yaml'), pod);
    const plain = spawnSync(process.execPath, [cliJs, 'check', join(dir, 'pod.yaml')], { encoding: 'utf8' });
    assert.doesNotMatch(plain.stdout, /pod-security/);
    const strict = spawnSync(process.execPath, [cliJs, 'check', join(dir, 'pod.yaml'), '--pod-security', 'restricted'], { encoding: 'utf8' });
    assert.match(strict.stdout, /pod\.yaml:7:7 error pod-security violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
    const bad = spawnSync(process.execPath, [cliJs, 'check', join(dir, 'pod.yaml'), '--pod-security', 'strict'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, 'kube-rehearsal: --pod-security must be off, baseline or restricted, not "strict"\n');
    const simulate = spawnSync(process.execPath, [cliJs, 'simulate', join(dir, 'pod.yaml'), '--pod-security', 'restricted', '--duration', '30s', '--format', 'json'], { encoding: 'utf8' });
    assert.match(simulate.stdout, /pods \\"p\\" is forbidden: violates PodSecurity \\"restricted:latest\\"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
