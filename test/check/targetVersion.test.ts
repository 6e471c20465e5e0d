import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { checkText } from './helpers';
import { DEFAULT_SETTINGS } from '../../server/src/engine/config';
import type { Finding } from '../../server/src/engine/findings';
import { parseKubernetesVersion, workspaceTargetVersion } from '../../server/src/engine/version/kubernetesVersion';
import { FIELD_CHANGES, REMOVED_APIS, API_INTRODUCTIONS } from '../../server/src/engine/version/featureTable';
import { gatedFields } from '../../server/src/engine/version/fieldGates';
import { lookupKind } from '../../server/src/engine/schema/registry';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { checkFiles } from '../../server/src/engine/check';
import { walkManifestFiles } from '../../server/src/engine/fileWalker';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS, type Simulation } from '../../server/src/sim/index';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { cliJs, ensureBuilt, spawnServer, stopServer } from '../support/server';
import { KubernetesApi } from '../../server/src/serve/api';

/** The target Kubernetes version: verdicts at the oldest (1.24), middle releases and the newest (1.36). */

const VERSION_CODES = new Set(['removed-api-version', 'deprecated-api-version', 'api-not-in-version', 'field-not-in-version', 'field-disabled-in-version']);
const at = (text: string, v: string): Finding[] => checkText(text, 'inline.yaml', { settings: { ...defaults(), kubernetesVersion: v } }).filter((f) => VERSION_CODES.has(f.code));
const codesAt = (text: string, v: string): string[] => at(text, v).map((f) => `${f.range.start.line + 1} ${f.code} ${f.severity}`);

function defaults() {
  return DEFAULT_SETTINGS;
}

const CRONJOB_BETA = `apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: job
            image: busybox:1.36
`;
const PDB_BETA = 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n';
const FLOW = (apiVersion: string) => `apiVersion: ${apiVersion}\nkind: FlowSchema\nmetadata:\n  name: f\nspec:\n  priorityLevelConfiguration:\n    name: global-default\n`;
const SIDECAR_POD = `apiVersion: v1
kind: Pod
metadata:
  name: side
spec:
  initContainers:
  - name: proxy
    image: nginx:1.27
    restartPolicy: Always
  containers:
  - name: app
    image: nginx:1.27
`;

test('versions are read as written: 1.28, v1.28, 1.28.3, and the YAML float 1.3 as 1.30', () => {
  for (const v of ['1.28', 'v1.28', '1.28.3', ' v1.28.10 ']) assert.deepEqual(parseKubernetesVersion(v), { minor: 28 });
  assert.deepEqual(parseKubernetesVersion(1.3), { minor: 30 });
  assert.deepEqual(parseKubernetesVersion(1.28), { minor: 28 });
  assert.deepEqual(parseKubernetesVersion(parseYaml('targetVersion: 1.30').targetVersion), { minor: 30 });
  assert.match((parseKubernetesVersion('1.23') as { problem: string }).problem, /^Kubernetes 1\.23 is not supported: choose a version from 1\.24 to 1\.36$/);
  assert.match((parseKubernetesVersion('1.37') as { problem: string }).problem, /not supported/);
  assert.match((parseKubernetesVersion('latest') as { problem: string }).problem, /^"latest" is not a Kubernetes version: write the minor release, like "1\.30"$/);
  assert.match((parseKubernetesVersion(true) as { problem: string }).problem, /must be written like "1\.30"/);
  const cfg = parseYamlFile('/ws/.kube-rehearsal.yaml', 'targetVersion: 1.26\n');
  assert.deepEqual(workspaceTargetVersion([parseYamlFile('/ws/a.yaml', 'a: 1\n'), cfg]), { minor: 26 });
  assert.equal(workspaceTargetVersion([parseYamlFile('/ws/.kube-rehearsal.yaml', 'images: []\n')]), undefined);
});

test('.kube-rehearsal.yaml: targetVersion is checked as it is read (a bad value on its line, the float 1.30 accepted)', () => {
  const bad = checkText('targetVersion: "1.99"\n', '/ws/.kube-rehearsal.yaml');
  assert.deepEqual(bad.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.message}`), ['1:16 workspace-config targetVersion: Kubernetes 1.99 is not supported: choose a version from 1.24 to 1.36']);
  assert.deepEqual(checkText('targetVersion: 1.30\n', '/ws/.kube-rehearsal.yaml'), []);
  assert.deepEqual(checkText('targetVersion: v1.28.4\nimages: []\n', '/ws/.kube-rehearsal.yaml'), []);
});

test('batch/v1beta1 CronJob: deprecated (a warning naming 1.25) at 1.24, removed at 1.30 and 1.36', () => {
  const old = at(CRONJOB_BETA, '1.24');
  assert.deepEqual(old.map((f) => `${f.code} ${f.severity}`), ['deprecated-api-version warning']);
  assert.equal(old[0].message, 'batch/v1beta1 CronJob is deprecated in Kubernetes 1.24 and removed in 1.25; use batch/v1');
  assert.equal(old[0].fixes?.[0].title, 'Change apiVersion to batch/v1');
  assert.equal(old[0].fixes?.[0].edits[0].newText, 'batch/v1');
  assert.deepEqual(codesAt(CRONJOB_BETA, '1.30'), ['1 removed-api-version error']);
  assert.deepEqual(codesAt(CRONJOB_BETA, '1.36'), ['1 removed-api-version error']);
  assert.match(at(CRONJOB_BETA, '1.36')[0].message, /was removed in Kubernetes 1\.25; use batch\/v1$/);
});

test('policy/v1beta1 PodDisruptionBudget: deprecated at 1.24 with its migration note, removed later', () => {
  const old = at(PDB_BETA, '1.24');
  assert.deepEqual(old.map((f) => f.code), ['deprecated-api-version']);
  assert.match(old[0].message, /^policy\/v1beta1 PodDisruptionBudget is deprecated in Kubernetes 1\.24 and removed in 1\.25; use policy\/v1 \(an empty spec\.selector selects every pod/);
  assert.deepEqual(codesAt(PDB_BETA, '1.28'), ['1 removed-api-version error']);
  assert.deepEqual(codesAt(PDB_BETA, '1.36'), ['1 removed-api-version error']);
});

test('flowcontrol: not yet served, fine, deprecated and removed, with the fix to what the release serves', () => {
  // v1beta3 came in 1.26, was deprecated by v1 in 1.29 and removed in 1.32.
  const early = at(FLOW('flowcontrol.apiserver.k8s.io/v1beta3'), '1.24');
  assert.deepEqual(early.map((f) => f.code), ['api-not-in-version']);
  assert.match(early[0].message, /is served from Kubernetes 1\.26: the API server of 1\.24 does not know it .*; use flowcontrol\.apiserver\.k8s\.io\/v1beta2$/);
  assert.deepEqual(at(FLOW('flowcontrol.apiserver.k8s.io/v1beta3'), '1.27'), [], 'served and not deprecated: silent');
  const mid = at(FLOW('flowcontrol.apiserver.k8s.io/v1beta3'), '1.30');
  assert.deepEqual(mid.map((f) => `${f.code} ${f.severity}`), ['deprecated-api-version warning']);
  assert.match(mid[0].message, /deprecated in Kubernetes 1\.30 and removed in 1\.32; use flowcontrol\.apiserver\.k8s\.io\/v1$/);
  assert.deepEqual(codesAt(FLOW('flowcontrol.apiserver.k8s.io/v1beta3'), '1.36'), ['1 removed-api-version error']);
  // v1 came in 1.29: at 1.28 the fix goes to v1beta3.
  const v1 = at(FLOW('flowcontrol.apiserver.k8s.io/v1'), '1.28');
  assert.deepEqual(v1.map((f) => f.code), ['api-not-in-version']);
  assert.equal(v1[0].fixes?.[0].edits[0].newText, 'flowcontrol.apiserver.k8s.io/v1beta3');
  assert.deepEqual(at(FLOW('flowcontrol.apiserver.k8s.io/v1'), '1.29'), []);
  // v1beta1 was removed in 1.26; at 1.27 its table successor (v1) is not served yet.
  const gone = at(FLOW('flowcontrol.apiserver.k8s.io/v1beta1'), '1.27');
  assert.match(gone[0].message, /was removed in Kubernetes 1\.26; in 1\.27 use flowcontrol\.apiserver\.k8s\.io\/v1beta3$/);
});

test('ValidatingAdmissionPolicy (admissionregistration v1) needs 1.30', () => {
  const vap = 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: p\nspec:\n  validations:\n  - expression: "true"\n';
  assert.deepEqual(codesAt(vap, '1.24'), ['1 api-not-in-version error']);
  assert.deepEqual(codesAt(vap, '1.29'), ['1 api-not-in-version error']);
  assert.deepEqual(codesAt(vap, '1.30'), []);
});

test('native sidecar: unknown at 1.24, off by default at 1.28, fine from 1.29', () => {
  const oldest = at(SIDECAR_POD, '1.24');
  assert.deepEqual(oldest.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.severity}`), ['9:5 field-not-in-version error']);
  assert.equal(oldest[0].message, 'spec.initContainers[0].restartPolicy is not in Kubernetes 1.24: native sidecar containers (restartPolicy on an init container) came in 1.28 (alpha, off by default; on by default from 1.29); 1.24 does not know the field, so kubectl apply refuses the object (unknown field "spec.initContainers[0].restartPolicy")');
  const alpha = at(SIDECAR_POD, '1.28');
  assert.deepEqual(alpha.map((f) => `${f.code} ${f.severity}`), ['field-disabled-in-version warning']);
  assert.match(alpha[0].message, /is alpha in Kubernetes 1\.28, behind the feature gate SidecarContainers \(off by default\): the API server drops spec\.initContainers\[0\]\.restartPolicy/);
  assert.deepEqual(at(SIDECAR_POD, '1.29'), []);
  assert.deepEqual(at(SIDECAR_POD, '1.36'), []);
});

test('fields introduced across the range, at the oldest, a middle release and 1.36', () => {
  const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: j
spec:
  completionMode: Indexed
  completions: 3
  parallelism: 3
  successPolicy:
    rules:
    - succeededIndexes: "0"
  podFailurePolicy:
    rules:
    - action: FailIndex
      onExitCodes: {operator: In, values: [42]}
  backoffLimitPerIndex: 1
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: w
        image: busybox:1.36
        lifecycle:
          preStop:
            sleep: {seconds: 5}
`;
  assert.deepEqual(codesAt(job, '1.24'), ['9 field-not-in-version error', '12 field-not-in-version error', '16 field-not-in-version error', '25 field-not-in-version error']);
  assert.deepEqual(codesAt(job, '1.29'), ['9 field-not-in-version error', '25 field-disabled-in-version warning']);
  assert.deepEqual(codesAt(job, '1.30'), ['9 field-disabled-in-version warning']);
  assert.deepEqual(codesAt(job, '1.31'), []);
  assert.deepEqual(codesAt(job, '1.36'), []);

  const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector: {app: a}\n  trafficDistribution: PreferSameNode\n  ports:\n  - port: 80\n';
  assert.deepEqual(codesAt(svc, '1.24'), ['7 field-not-in-version error'], 'the value of an unknown field is said once, by the field');
  assert.deepEqual(codesAt(svc, '1.30'), ['7 field-disabled-in-version warning']);
  assert.deepEqual(codesAt(svc, '1.32'), ['7 field-not-in-version error']);
  assert.match(at(svc, '1.32')[0].message, /^"PreferSameNode" is not a value of spec\.trafficDistribution in Kubernetes 1\.32: trafficDistribution PreferSameNode came in 1\.33/);
  assert.deepEqual(codesAt(svc, '1.33').map((s) => s.split(' ').slice(1).join(' ')), ['field-disabled-in-version error']);
  assert.deepEqual(codesAt(svc, '1.36'), []);

  const podRes = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels: {app: d}\n  template:\n    metadata:\n      labels: {app: d}\n    spec:\n      resources:\n        limits: {cpu: "1"}\n      volumes:\n      - name: model\n        image: {reference: "example.com/model:1"}\n      containers:\n      - name: c\n        image: nginx:1.27\n';
  assert.deepEqual(codesAt(podRes, '1.30'), ['12 field-not-in-version error', '16 field-not-in-version error']);
  assert.deepEqual(codesAt(podRes, '1.33'), ['12 field-disabled-in-version warning', '16 field-disabled-in-version warning']);
  assert.deepEqual(codesAt(podRes, '1.34'), ['16 field-disabled-in-version warning']);
  assert.deepEqual(codesAt(podRes, '1.36'), []);

  const cron = CRONJOB_BETA.replace('batch/v1beta1', 'batch/v1').replace('  schedule:', '  timeZone: Etc/UTC\n  schedule:');
  assert.deepEqual(codesAt(cron, '1.24'), ['6 field-disabled-in-version warning'], 'CronJob timeZone was alpha in 1.24');
  assert.deepEqual(codesAt(cron, '1.25'), []);
});

test('the table: every entry has a source, paths of the 1.36 schemas, and sensible stages', () => {
  assert.ok(FIELD_CHANGES.length >= 30, `${FIELD_CHANGES.length} field changes`);
  for (const c of FIELD_CHANGES) {
    assert.match(c.source, /^https:\/\/kep\.k8s\.io\/\d+$/, c.what);
    const first = Math.min(c.alpha ?? 99, c.beta ?? 99, c.ga ?? 99);
    assert.ok(first <= c.on && c.on <= 36, c.what);
    if (c.beta !== undefined && c.ga !== undefined) assert.ok(c.beta < c.ga, c.what);
  }
  for (const i of API_INTRODUCTIONS) for (const k of i.kinds) assert.ok(lookupKind(i.apiVersion, k), `${i.apiVersion} ${k} is in the 1.36 schemas`);
  for (const r of REMOVED_APIS) if (r.deprecatedIn !== undefined) assert.ok(r.deprecatedIn < r.removedIn, `${r.apiVersion} ${r.kind}`);
  // Each gated path is found in a manifest that has it (the path syntax and scopes work).
  const pod = parseYaml(SIDECAR_POD);
  assert.deepEqual(gatedFields(pod, 27).map((g) => g.path.join('.')), ['spec.initContainers.0.restartPolicy']);
  assert.deepEqual(gatedFields({ ...pod, spec: { ...pod.spec, containers: [{ name: 'a', image: 'b', restartPolicy: 'Always' }], initContainers: [] } }, 24), [], 'restartPolicy of a regular container is not the sidecar field');
  assert.deepEqual(gatedFields({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', spec: { trafficDistribution: 'x' } }, 24), [], 'a custom resource named Service is not a core Service');
});

// ---- the simulated cluster

function sim(yaml: string, minor: number): Simulation {
  const objects = parseAllDocuments(yaml).map((d) => d.toJS() as Record<string, unknown>).filter((o) => o && typeof o === 'object');
  return createSimulation({ objects, seed: 1, horizon: 600, behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }), kubernetesMinor: minor });
}

test('simulator: a native sidecar is refused at 1.27, dropped at 1.28 (the pod never leaves Init), run from 1.29', () => {
  const s27 = sim(SIDECAR_POD, 27);
  assert.equal(s27.applied[0].error, 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.initContainers[0].restartPolicy"');
  const s28 = sim(SIDECAR_POD, 28);
  assert.equal(s28.applied[0].error, undefined);
  s28.runUntil(120);
  const p28 = s28.snapshot().pods.find((p) => p.name === 'side')!;
  assert.equal(p28.status, 'Init:0/1');
  assert.ok(s28.snapshot().assumptions.some((a) => /Kubernetes 1\.28 has spec\.initContainers\[0\]\.restartPolicy behind a feature gate that is off by default/.test(a.message)));
  for (const minor of [29, 36]) {
    const s = sim(SIDECAR_POD, minor);
    s.runUntil(120);
    const p = s.snapshot().pods.find((x) => x.name === 'side')!;
    assert.equal(`${p.status} ${p.ready}`, 'Running 2/2', `1.${minor}: the main container starts once the sidecar has started`);
  }
});

test('simulator: a sidecar with a startup probe holds the main container until the probe passes', () => {
  const probed = SIDECAR_POD.replace('    restartPolicy: Always\n', '    restartPolicy: Always\n    startupProbe:\n      tcpSocket: {port: 80}\n      periodSeconds: 5\n');
  const s = sim(probed, 36);
  s.runUntil(300);
  const p = s.snapshot().pods.find((x) => x.name === 'side')!;
  assert.equal(`${p.status} ${p.ready}`, 'Running 2/2');
  const started = s.snapshot().events.filter((e) => e.reason === 'Started').map((e) => e.message);
  assert.deepEqual(started, ['Started container proxy', 'Started container app']);
});

test('simulator: the release decides what is served, what is refused, and what kubectl version and nodes report', () => {
  const s24 = sim(CRONJOB_BETA, 24);
  assert.equal(s24.applied[0].error, undefined, 'batch/v1beta1 CronJob is still served by 1.24');
  assert.equal(s24.get('CronJob', 'default', 'nightly')?.apiVersion, 'batch/v1', 'stored as batch/v1');
  assert.match(sim(CRONJOB_BETA, 25).applied[0].error ?? '', /no matches for kind "CronJob" in version "batch\/v1beta1"/);
  const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  trafficDistribution: PreferSameNode\n  ports:\n  - port: 80\n';
  assert.match(sim(svc, 29).applied[0].error ?? '', /strict decoding error: unknown field "spec\.trafficDistribution"/);
  assert.equal(sim(svc, 32).applied[0].error, 'Service "s" is invalid: spec.trafficDistribution: Unsupported value: "PreferSameNode"');
  assert.equal(sim(svc, 36).applied[0].error, undefined);
  const s = sim('', 28);
  const v = s.runKubectl(['version']);
  assert.equal(v.stdout, 'Client Version: v1.36.0\nKustomize Version: v5.7.1\nServer Version: v1.28.0\nWARNING: version difference between client (1.36) and server (1.28) exceeds the supported minor version skew of +/-1\n');
  assert.equal(sim('', 35).runKubectl(['version']).stdout, 'Client Version: v1.36.0\nKustomize Version: v5.7.1\nServer Version: v1.35.0\n');
  assert.match(s.runKubectl(['get', 'nodes']).stdout, /minikube\s+Ready\s+control-plane\s+\S+\s+v1\.28\.0/);
});

test('serve: /version (what kubectl version asks) reports the release the cluster runs', () => {
  const api = new KubernetesApi(sim('', 30), () => 'https://127.0.0.1:6443');
  const reply = api.handle({ method: 'GET', path: '/version', query: new URLSearchParams(), accept: 'application/json', contentType: '', body: '' });
  assert.equal(reply.type, 'json');
  const body = (reply as { body: { major: string; minor: string; gitVersion: string } }).body;
  assert.deepEqual([body.major, body.minor, body.gitVersion], ['1', '30', 'v1.30.0']);
});

// ---- the CLI

before(ensureBuilt);

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cliJs, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('CLI: --kubernetes-version on check and simulate, .kube-rehearsal.yaml targetVersion, bad values exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kr-target-'));
  try {
    writeFileSync(join(dir, 'cron.yaml'), CRONJOB_BETA);
    writeFileSync(join(dir, 'side.yaml'), SIDECAR_POD);
    const at36 = cli(['check', 'cron.yaml'], dir);
    assert.equal(at36.code, 1);
    assert.match(at36.stdout, /cron\.yaml:1:13 error removed-api-version /);
    const at24 = cli(['check', 'cron.yaml', '--kubernetes-version', 'v1.24'], dir);
    assert.equal(at24.code, 0, at24.stdout + at24.stderr);
    assert.match(at24.stdout, /cron\.yaml:1:13 warning deprecated-api-version batch\/v1beta1 CronJob is deprecated in Kubernetes 1\.24 and removed in 1\.25; use batch\/v1/);
    const bad = cli(['check', 'cron.yaml', '--kubernetes-version', '1.20'], dir);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'kube-rehearsal: --kubernetes-version: Kubernetes 1.20 is not supported: choose a version from 1.24 to 1.36\n');
    // The workspace file applies without the flag; the flag wins over it.
    writeFileSync(join(dir, '.kube-rehearsal.yaml'), 'targetVersion: 1.24\n');
    assert.match(cli(['check', 'cron.yaml'], dir).stdout, /deprecated-api-version/);
    assert.match(cli(['check', 'cron.yaml', '--kubernetes-version=1.36'], dir).stdout, /removed-api-version/);
    assert.match(cli(['check', 'side.yaml'], dir).stdout, /side\.yaml:9:5 error field-not-in-version spec\.initContainers\[0\]\.restartPolicy is not in Kubernetes 1\.24/);
    const sim28 = cli(['simulate', 'side.yaml', '--kubernetes-version', '1.28', '--duration', '1m'], dir);
    assert.equal(sim28.code, 0, sim28.stderr);
    assert.match(sim28.stdout, /pod\/side\s+0\/1\s+Init:0\/1/);
    const sim29 = cli(['simulate', 'side.yaml', '--kubernetes-version', '1.29', '--duration', '1m'], dir);
    assert.match(sim29.stdout, /pod\/side\s+2\/2\s+Running/);
    writeFileSync(join(dir, '.kube-rehearsal.yaml'), 'targetVersion: "1.99"\n');
    const badFile = cli(['check', 'cron.yaml'], dir);
    assert.equal(badFile.code, 2);
    assert.equal(badFile.stderr, 'kube-rehearsal: .kube-rehearsal.yaml targetVersion: Kubernetes 1.99 is not supported: choose a version from 1.24 to 1.36\n');
    const shell = spawnSync(process.execPath, [cliJs, 'shell', '--kubernetes-version', '1.30', '--script', '-'], { cwd: dir, encoding: 'utf8', input: 'kubectl version\n' });
    assert.match(shell.stdout, /Server Version: v1\.30\.0/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---- the language server: setting > .kube-rehearsal.yaml > 1.36

test('language server: the effective version comes from the setting, else .kube-rehearsal.yaml, and is announced', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kr-target-lsp-'));
  writeFileSync(join(dir, 'cron.yaml'), CRONJOB_BETA);
  writeFileSync(join(dir, '.kube-rehearsal.yaml'), 'targetVersion: 1.24\n');
  const { process: server, conn } = spawnServer();
  let setting: string | null = null;
  const published: PublishDiagnosticsParams[] = [];
  const targets: { version: string; source: string }[] = [];
  try {
    conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'kubeRehearsal' && setting ? { kubernetesVersion: setting } : null)));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => published.push(p));
    conn.onNotification('kubeRehearsal/kubernetesVersion', (t: { version: string; source: string }) => targets.push(t));
    const folder = pathToFileURL(dir).href;
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'ws' }], capabilities: { workspace: { configuration: true } } });
    await conn.sendNotification('initialized', {});
    const uri = pathToFileURL(join(dir, 'cron.yaml')).href;
    const codesFor = async (want: string) => {
      for (let i = 0; i < 200; i++) {
        const last = [...published].reverse().find((p) => p.uri === uri);
        const codes = (last?.diagnostics ?? []).map((d) => String(d.code)).filter((c) => VERSION_CODES.has(c)).join(',');
        if (codes === want) return codes;
        await new Promise((r) => setTimeout(r, 50));
      }
      return [...published].reverse().find((p) => p.uri === uri)?.diagnostics.map((d) => d.code).join(',');
    };
    assert.equal(await codesFor('deprecated-api-version'), 'deprecated-api-version', 'targetVersion 1.24 from .kube-rehearsal.yaml');
    assert.deepEqual(targets.at(-1), { version: '1.24', source: 'workspace' });
    setting = '1.30';
    await conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.equal(await codesFor('removed-api-version'), 'removed-api-version', 'the setting wins over the workspace file');
    for (let i = 0; i < 100 && targets.at(-1)?.version !== '1.30'; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(targets.at(-1), { version: '1.30', source: 'setting' });
  } finally {
    await stopServer(conn, server, dir);
  }
});

// ---- the corpus at older targets

const corpora = join(__dirname, '..', '..', '..', 'shared', 'corpora');

test('corpus at 1.24 and 1.30: removed-API errors disappear where the API was still served; fields are reported only where they are newer', (t) => {
  if (!existsSync(corpora)) {
    t.skip('corpus at older targets: ../shared not present');
    return;
  }
  const files = walkManifestFiles(corpora).map((p) => parseYamlFile(p, readFileSync(p, 'utf8')));
  const byVersion = new Map<number, Map<string, Finding[]>>();
  for (const minor of [24, 30, 36]) byVersion.set(minor, checkFiles(files, { kubernetesMinor: minor }));
  const lines = (minor: number, codes: string[]) => {
    const out: string[] = [];
    for (const [uri, fs] of byVersion.get(minor)!) for (const f of fs) if (codes.includes(f.code)) out.push(`${uri.slice(corpora.length + 1)}:${f.range.start.line + 1} ${f.code} ${f.message}`);
    return out.sort();
  };
  const version = ['removed-api-version', 'deprecated-api-version', 'api-not-in-version', 'field-not-in-version', 'field-disabled-in-version'];
  for (const minor of [24, 30]) for (const l of lines(minor, version)) t.diagnostic(`1.${minor}: ${l}`);
  // Every removed-API finding at 1.24 is for an API that 1.24 no longer serves.
  for (const l of lines(24, ['removed-api-version'])) {
    const m = /^\S+ (removed-api-version) (\S+) (\S+) was removed in Kubernetes 1\.(\d+)/.exec(l)!;
    assert.ok(Number(m[4]) <= 24, l);
  }
  const deprecated24 = lines(24, ['deprecated-api-version']);
  assert.ok(deprecated24.some((l) => l.startsWith('k8s-website/content/en/examples/application/job/cronjob.yaml:1 ')), 'the batch/v1beta1 CronJob page is a deprecation at 1.24');
  assert.ok(deprecated24.some((l) => l.includes('policy/v1beta1 PodDisruptionBudget')), 'the archived policy/v1beta1 PDB is a deprecation at 1.24');
  assert.deepEqual(lines(36, version.slice(1)), [], 'nothing version-specific at 1.36');
  // The docs' examples of newer features are what 1.24 lacks.
  const newer24 = lines(24, ['field-not-in-version']).map((l) => l.split(':')[0]);
  assert.ok(newer24.includes('k8s-website/content/en/examples/application/deployment-sidecar.yaml'));
  assert.ok(newer24.includes('k8s-website/content/en/examples/controllers/job-pod-failure-policy-example.yaml'));
});
