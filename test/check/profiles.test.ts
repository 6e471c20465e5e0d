import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFiles } from '../../server/src/engine/check';
import { normalizeSettings } from '../../server/src/engine/config';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { ruleMetadata } from '../../server/src/engine/ruleMetadata';
import { cliJs, ensureBuilt } from '../support/server';

/** Profiles: learner (correctness only), production (adds best practices), strict (all, as warnings). */

before(ensureBuilt);

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostNetwork: true
  containers:
    - name: web
      image: nginx:1.27
`;

function codes(settings: Record<string, unknown>, extra: Record<string, string> = {}): string[] {
  const files = [parseYamlFile('file:///ws/pod.yaml', POD), ...Object.entries(extra).map(([u, t]) => parseYamlFile(u, t))];
  return (checkFiles(files, { settings: normalizeSettings(settings) }).get('file:///ws/pod.yaml') ?? []).map((f) => `${f.code}:${f.severity}`);
}

test('learner (the default) reports no best-practice finding; production adds its rules; strict all, as warnings', () => {
  assert.deepEqual(codes({}), []);
  assert.deepEqual(codes({ profile: 'learner' }), []);
  const production = codes({ profile: 'production' });
  assert.deepEqual(production.sort(), ['host-namespaces:warning', 'naked-pod:information', 'resources-missing:warning'].sort());
  const strict = codes({ profile: 'strict' });
  assert.ok(strict.includes('naked-pod:warning'), 'strict reports information rules as warnings');
  assert.ok(strict.includes('run-as-non-root-missing:warning'));
  assert.ok(strict.every((c) => c.endsWith(':warning')), strict.join(' '));
});

test('a rule level set by the user runs the rule in any profile; off silences it in strict', () => {
  assert.deepEqual(codes({ rules: { 'host-namespaces': 'error' } }), ['host-namespaces:error']);
  assert.ok(!codes({ profile: 'strict', rules: { 'naked-pod': 'off' } }).some((c) => c.startsWith('naked-pod')));
});

test('.kube-rehearsal.yaml sets the profile and rule levels for the repository; the user setting raises it', () => {
  const ws = { 'file:///ws/.kube-rehearsal.yaml': 'profile: production\nrules:\n  naked-pod: off\n' };
  assert.deepEqual(codes({}, ws).sort(), ['host-namespaces:warning', 'resources-missing:warning']);
  assert.ok(codes({ profile: 'strict' }, ws).includes('capabilities-not-dropped:warning'));
  assert.ok(!codes({ profile: 'strict' }, ws).some((c) => c.startsWith('naked-pod')), 'its rule levels still apply');
  const bad = checkFiles([parseYamlFile('file:///ws/.kube-rehearsal.yaml', 'profile: paranoid\n')]).get('file:///ws/.kube-rehearsal.yaml')!;
  assert.equal(bad.length, 1);
  assert.equal(bad[0].code, 'workspace-config');
});

test('rule metadata: best-practice tags and profile for SARIF', () => {
  assert.deepEqual(ruleMetadata('privileged-container').tags, ['kubernetes', 'best-practice', 'profile:production', 'security']);
  assert.deepEqual(ruleMetadata('replicas-without-spread').tags, ['kubernetes', 'best-practice', 'profile:strict', 'reliability']);
  assert.deepEqual(ruleMetadata('selector-mismatch').tags.slice(0, 2), ['kubernetes', 'correctness']);
});

test('CLI --profile: production findings, SARIF rule metadata, usage error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kr-profile-'));
  try {
    writeFileSync(join(dir, 'pod.yaml'), POD);
    const learner = spawnSync(process.execPath, [cliJs, 'check', dir], { encoding: 'utf8' });
    assert.equal(learner.status, 0);
    assert.equal(learner.stdout, '');
    const prod = spawnSync(process.execPath, [cliJs, 'check', dir, '--profile', 'production'], { encoding: 'utf8' });
    assert.match(prod.stdout, /pod\.yaml:6:16 warning host-namespaces hostNetwork: true: the pod sees and binds every interface of the node/);
    const sarif = JSON.parse(spawnSync(process.execPath, [cliJs, 'check', dir, '--profile', 'strict', '--format', 'sarif'], { encoding: 'utf8' }).stdout);
    const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'host-namespaces');
    assert.ok(rule.properties.tags.includes('security'));
    assert.match(rule.helpUri, /rules\.md#host-namespaces$/);
    const bad = spawnSync(process.execPath, [cliJs, 'check', dir, '--profile', 'paranoid'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, 'kube-rehearsal: --profile must be learner, production or strict, not "paranoid"\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
