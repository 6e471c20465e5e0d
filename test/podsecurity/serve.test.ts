import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeconfigText } from '../../server/src/cli/serve';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS } from '../../server/src/sim/index';
import { startServer, type RunningServer } from '../../server/src/serve/server';

/** The real kubectl against `serve` in a namespace that enforces restricted: its own error and warning lines. */

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const SKIP = !hasKubectl && 'kubectl is not on the PATH: the Pod Security tests against the real kubectl are skipped';
if (SKIP) console.log(`# ${SKIP}`);

let server: RunningServer;
let dir: string;
let kubeconfig: string;

function kubectl(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile('kubectl', ['--kubeconfig', kubeconfig, ...args], { timeout: 60_000, env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache') } }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

before(async () => {
  if (SKIP) return;
  dir = mkdtempSync(join(tmpdir(), 'kr-psa-serve-'));
  const sim = createSimulation({
    objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } }],
    seed: 1, horizon: 3600, behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }),
  });
  server = await startServer({ sim, token: 'test-token-0123456789', port: 0, speed: 60, tickMs: 50 });
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigText(server.url, 'test-token-0123456789', server.ca));
});

after(async () => {
  if (SKIP) return;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const DETAIL = 'allowPrivilegeEscalation != false (container "web" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "web" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "web" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "web" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';

test('kubectl apply of a Pod prints the Forbidden error; of a Deployment, the PodSecurity Warning line', { skip: SKIP }, async () => {
  const pod = await kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n');
  assert.equal(pod.code, 1);
  assert.equal(pod.stderr, `Error from server (Forbidden): error when creating "STDIN": pods "web" is forbidden: violates PodSecurity "restricted:latest": ${DETAIL}\n`);
  const dep = await kubectl(['apply', '-f', '-'], 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n');
  assert.equal(dep.code, 0, dep.stderr);
  assert.equal(dep.stderr, `Warning: would violate PodSecurity "restricted:latest": ${DETAIL}\n`);
  assert.equal(dep.stdout, 'deployment.apps/web created\n');
});
