import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cliJs, ensureBuilt } from '../support/server';
import { findKustomize } from '../../server/src/engine/kustomize/runner';
import { annotateSources } from '../../client/src/dryrun/sources';
import type { DryRunTreeNode } from '../../client/src/dryrun/treeModel';

/** `kube-rehearsal check` and `simulate` on kustomizations, as a person runs them, and the dry-run tree's source files. */

const fixtures = join(__dirname, '..', '..', 'test-fixtures', 'kustomize');
const tool = findKustomize();
const NO_TOOL = 'neither kustomize nor kubectl is on PATH: kustomize in the CLI not tested';

function cli(args: string[], env?: NodeJS.ProcessEnv) {
  ensureBuilt();
  return spawnSync(process.execPath, [cliJs, ...args], { cwd: fixtures, encoding: 'utf8', env: env ? { ...process.env, ...env } : process.env });
}

test('check builds each overlay and reports on source lines, naming the build', { skip: !tool && NO_TOOL }, () => {
  const r = cli(['check', '.']);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => l.replace(/^(\S+:\d+:\d+ \S+ \S+).*?(\(in the build of [^)]+\))$/, '$1 $2'));
  assert.deepEqual(lines, [
    'base/service.yaml:10:19 warning service-target-port (in the build of overlays/dev)',
    'base/service.yaml:10:19 warning service-target-port (in the build of overlays/prod)',
    'overlays/prod/kustomization.yaml:17:5 error value-not-in-enum (in the build of overlays/prod)',
    'overlays/prod/replicas.yaml:16:23 error requests-exceed-limits (in the build of overlays/prod)',
  ]);
});

test('check without kustomize: one notice, and the files checked one by one, leniently', () => {
  const r = cli(['check', '.', '--format', 'json'], { PATH: '/nonexistent' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /neither kustomize nor kubectl was found on PATH/);
  assert.equal(r.stderr.match(/kustomize/g)!.length >= 1 && r.stderr.split('\n').filter((l) => /kustomize/.test(l)).length, 1, 'one notice');
  const codes = (JSON.parse(r.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
  assert.deepEqual(codes, ['service-target-port'], 'no missing selector, generator names or patch fields reported');
});

test('--kustomize-command that does not exist is a usage error', () => {
  const r = cli(['check', '.', '--kustomize-command', '/no/such/kustomize']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--kustomize-command: "\/no\/such\/kustomize" was not found/);
});

test('simulate runs what kustomize builds from an overlay', { skip: !tool && NO_TOOL }, () => {
  const r = cli(['simulate', 'overlays/dev', '--duration', '2m', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const snap = JSON.parse(r.stdout) as { pods: { namespace: string; name: string; status: string }[]; workloads: { name: string }[] };
  // The Deployment (with the overlay's name suffix) and its ReplicaSet; nothing of the base alone.
  assert.equal(snap.workloads.length, 2);
  assert.equal(snap.workloads[0].name, 'shop-dev');
  assert.match(snap.workloads[1].name, /^shop-dev-[a-z0-9]+$/);
  assert.deepEqual(snap.pods.map((p) => [p.namespace, p.status]), [['shop-dev', 'Running']]);
  // The prod overlay's Deployment is rejected by the API server, as kubectl apply -k would be.
  const prod = cli(['simulate', 'overlays/prod/kustomization.yaml', '--duration', '30s']);
  assert.equal(prod.status, 0, prod.stderr);
  assert.match(prod.stdout, /deployment\/prod-shop: not simulated: Deployment.apps "prod-shop" is invalid: \[spec\.template\.spec\.containers\[0\]\.imagePullPolicy: Unsupported value: "Sometimes": .*, spec\.template\.spec\.containers\[0\]\.resources\.requests/);
});

test('simulate of a kustomization without kustomize says so and exits 2', () => {
  const r = cli(['simulate', 'overlays/dev'], { PATH: '/nonexistent' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /overlays\/dev holds a kustomization, and neither kustomize nor kubectl was found/);
});

test('the dry-run tree of a kustomization names each object\'s source file', () => {
  const node = (id: string, ref: DryRunTreeNode['ref'], type: DryRunTreeNode['type'], children: DryRunTreeNode[] = []): DryRunTreeNode => ({ id, type, label: id, description: 'Ready', icon: 'x', contextValue: type, ref, children });
  const pod = node('pod', { kind: 'Pod', namespace: 'shop-dev', name: 'shop-dev-abc-12345' }, 'pod');
  const roots = [node('deploy', { kind: 'Deployment', namespace: 'shop-dev', name: 'shop-dev' }, 'deployment', [pod])];
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } };
  annotateSources(roots, {
    'Deployment/shop-dev/shop-dev': { uri: 'file:///ws/base/deployment.yaml', range },
    'Pod/shop-dev/shop-dev-abc-12345': { uri: 'file:///ws/base/deployment.yaml', range },
  }, (uri) => uri.replace('file:///ws/', ''));
  assert.equal(roots[0].description, 'deployment.yaml · Ready');
  assert.match(roots[0].tooltip!, /Source: `base\/deployment\.yaml`, line 1/);
  assert.equal(pod.description, 'Ready', 'pods keep their status columns');
});
