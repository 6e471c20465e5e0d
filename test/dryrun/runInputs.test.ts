import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlFile, type YamlFile } from '../../server/src/engine/yaml/documents';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { checkFile } from '../../server/src/engine/check';
import { admit } from '../../server/src/engine/dryrun/admission';
import { dryRunObjects, STEADY_LIMIT_SECONDS } from '../../server/src/engine/dryrun/workspaceRun';
import { manifestValues } from '../../server/src/engine/dryrun/rollout';
import { DryRunSession } from '../../server/src/engine/dryrun/session';
import { createSimulationFactory, readWorkspaceConfig } from '../../server/src/engine/dryrun/simulator';
import { runFingerprint, runFingerprintSteps, type RunInputs } from '../../server/src/engine/dryrun/runInputs';

/**
 * The language server reuses its last simulation when a new run's inputs have the same
 * fingerprint (runInputs.ts). That is exact only if the fingerprint covers everything the
 * simulation reads: random edit sequences over a small workspace, each state simulated from
 * scratch, and every two states with one fingerprint must give the same snapshot, byte for byte.
 * The edits that leave the simulated input as it was (comments, spacing, files and documents not
 * simulated) must keep the fingerprint, and those that change a simulated value must change it.
 */

const deployment = (name: string, replicas: number, image: string, probe: boolean): string =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  replicas: ${replicas}`,
    '  selector:',
    '    matchLabels:',
    `      app: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${name}`,
    '    spec:',
    '      containers:',
    '      - name: main',
    `        image: ${image}`,
    '        ports:',
    '        - containerPort: 80',
    ...(probe ? ['        readinessProbe:', '          httpGet:', '            path: /', '            port: 80'] : []),
  ].join('\n');

const service = (name: string): string => ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, 'spec:', '  selector:', `    app: ${name}`, '  ports:', '  - port: 80', '    targetPort: 80'].join('\n');

const START: Record<string, string> = {
  'app.yaml': [deployment('web', 2, 'nginx:1.27', true), service('web'), deployment('api', 1, 'nginx:1.27', false), service('api')].join('\n---\n') + '\n',
  'job.yaml': ['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: once', 'spec:', '  template:', '    spec:', '      restartPolicy: Never', '      containers:', '      - name: c', '        image: busybox:1.36', '        command: ["sh", "-c", "date"]'].join('\n') + '\n',
  // Refused by the check (replicas is not an integer): never simulated, before or after its edits.
  'bad.yaml': deployment('bad', 1, 'nginx:1.27', false).replace('replicas: 1', 'replicas: one') + '\n',
  // Not Kubernetes: not part of the run.
  'notes.yaml': 'owner: team-a\nlinks:\n  - https://example.com/runbook\n',
};

/** What the language server's SIMULATE request gathers for a workspace run (simulate.ts), fingerprinted. */
function inputsOf(texts: Record<string, string>): { inputs: RunInputs; files: YamlFile[] } {
  const files = Object.keys(texts).sort().map((name) => parseYamlFile(`file:///ws/${name}`, texts[name]));
  const index = new WorkspaceIndex();
  for (const f of files) index.update(f);
  const { admitted } = admit(dryRunObjects(index.objects()), (f) => checkFile(f, { index }));
  const config = readWorkspaceConfig(files);
  return { files, inputs: { manifests: manifestValues(admitted), seed: 1, horizon: 3600, duration: undefined, steadyLimit: STEADY_LIMIT_SECONDS, config, podSecurity: undefined, kubernetesMinor: 36, customResources: undefined } };
}

async function simulate(files: YamlFile[], inputs: RunInputs): Promise<string> {
  const session = new DryRunSession(createSimulationFactory(() => files, undefined, () => undefined, () => inputs.kubernetesMinor), [...inputs.manifests], inputs.seed, inputs.horizon);
  await session.runToSteady(inputs.steadyLimit);
  return JSON.stringify({ time: session.time, snapshot: session.snapshot(), rejected: session.rejected() });
}

/** A small deterministic generator (mulberry32), so a failing sequence can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Edit = { kind: 'same' | 'changed' | 'either'; name: string; apply: (texts: Record<string, string>) => Record<string, string> | undefined };

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

function edits(r: () => number): Edit[] {
  const inFile = (file: string, fn: (lines: string[]) => boolean) => (texts: Record<string, string>) => {
    const lines = texts[file].split('\n');
    return fn(lines) ? { ...texts, [file]: lines.join('\n') } : undefined;
  };
  const simulated = ['app.yaml', 'job.yaml'];
  return [
    // A full-line comment anywhere (no block scalars here, so every line start is outside a value).
    { kind: 'same', name: 'comment', apply: (t) => { const f = pick(r, Object.keys(t)); return inFile(f, (l) => (l.splice(Math.floor(r() * l.length), 0, `# note ${Math.floor(r() * 1000)}`), true))(t); } },
    // More spaces after a key's colon: the same value.
    { kind: 'same', name: 'spacing', apply: (t) => inFile(pick(r, simulated), (l) => { const at = l.map((x, i) => (/^\s*[\w-]+: \S/.test(x) ? i : -1)).filter((i) => i >= 0); if (!at.length) return false; const i = pick(r, at); l[i] = l[i].replace(': ', ':   '); return true; })(t) },
    // A trailing comment after a value.
    { kind: 'same', name: 'trailing comment', apply: (t) => inFile(pick(r, simulated), (l) => { const at = l.map((x, i) => (/^\s*[\w-]+: [^"'#\s][^#]*$/.test(x) ? i : -1)).filter((i) => i >= 0); if (!at.length) return false; const i = pick(r, at); l[i] = `${l[i]}  # why`; return true; })(t) },
    // The refused document edited, still refused; the file outside the run edited.
    { kind: 'same', name: 'refused document', apply: (t) => inFile('bad.yaml', (l) => { const i = l.findIndex((x) => /image: /.test(x)); l[i] = `        image: nginx:1.${26 + Math.floor(r() * 3)}`; return true; })(t) },
    { kind: 'same', name: 'file outside the run', apply: (t) => inFile('notes.yaml', (l) => ((l[0] = `owner: team-${Math.floor(r() * 100)}`), true))(t) },
    // Quoting a plain scalar: the same string, unless it read as a number or a boolean.
    { kind: 'either', name: 'quoting', apply: (t) => inFile(pick(r, simulated), (l) => { const at = l.map((x, i) => (/^\s*[\w-]+: [A-Za-z0-9][\w.:/-]*$/.test(x) ? i : -1)).filter((i) => i >= 0); if (!at.length) return false; const i = pick(r, at); l[i] = l[i].replace(/: (.*)$/, ': "$1"'); return true; })(t) },
    // Simulated values.
    { kind: 'changed', name: 'replicas', apply: (t) => inFile('app.yaml', (l) => { const at = l.map((x, i) => (/^\s*replicas:\s+\d+/.test(x) ? i : -1)).filter((i) => i >= 0); const i = pick(r, at); const n = Number(/\d+/.exec(l[i])![0]); l[i] = `  replicas: ${n === 1 ? 2 : n - 1}`; return true; })(t) },
    { kind: 'changed', name: 'image', apply: (t) => inFile('app.yaml', (l) => { const at = l.map((x, i) => (/^\s*image:/.test(x) ? i : -1)).filter((i) => i >= 0); const i = pick(r, at); l[i] = /1\.27/.test(l[i]) ? '        image: nginx:1.26' : '        image: nginx:1.27'; return true; })(t) },
    { kind: 'changed', name: 'annotation', apply: (t) => inFile('job.yaml', (l) => { const i = l.indexOf('metadata:'); l.splice(i + 1, 0, `  annotations: {note: "n${Math.floor(r() * 1000)}"}`); return true; })(t) },
  ];
}

test('runs with one fingerprint simulate the same; edits that keep the simulated input keep the fingerprint', { timeout: 600_000 }, async () => {
  const seen = new Map<string, string>();
  const counts = { same: 0, changed: 0, repeated: 0 };
  for (const seed of [1, 2]) {
    const r = random(seed);
    const all = edits(r);
    let texts = { ...START };
    let { files, inputs } = inputsOf(texts);
    let fp = runFingerprint(inputs)!;
    assert.ok(fp, 'the workspace has a fingerprint');
    for (let step = 0; step < 14; step++) {
      const edit = pick(r, all);
      const next = edit.apply(texts);
      if (!next) continue;
      texts = next;
      ({ files, inputs } = inputsOf(texts));
      const nextFp = runFingerprint(inputs)!;
      const what = `seed ${seed}, step ${step}: ${edit.name}`;
      if (edit.kind === 'same') assert.equal(nextFp, fp, `${what} kept the simulated input, the fingerprint must stay`);
      if (edit.kind === 'changed') assert.notEqual(nextFp, fp, `${what} changed a simulated value, the fingerprint must change`);
      counts[nextFp === fp ? 'same' : 'changed']++;
      fp = nextFp;
      const run = await simulate(files, inputs);
      const before = seen.get(fp);
      if (before !== undefined) {
        counts.repeated++;
        assert.equal(run, before, `${what}: a run with the fingerprint of an earlier one simulated something else`);
      } else seen.set(fp, run);
    }
  }
  console.log(`fingerprints kept ${counts.same} times, changed ${counts.changed} times; ${counts.repeated} runs compared with an earlier run of the same fingerprint`);
  assert.ok(counts.repeated >= 5, 'enough runs were compared');
  assert.ok(counts.changed >= 3, 'enough edits changed the input');
});

test('the fingerprint tells apart what JSON would not, and refuses values it cannot encode', () => {
  const base = inputsOf(START).inputs;
  const with_ = (m: unknown): string | undefined => runFingerprint({ ...base, manifests: [m] });
  assert.notEqual(with_({ a: 1 }), with_({ a: '1' }));
  assert.notEqual(with_({ a: -0 }), with_({ a: 0 }));
  assert.notEqual(with_({ a: Number.NaN }), with_({ a: null }));
  assert.notEqual(with_({ a: Infinity }), with_({ a: null }));
  assert.notEqual(with_({ a: undefined }), with_({}));
  assert.notEqual(with_({ a: 1, b: 2 }), with_({ b: 2, a: 1 }), 'key order is part of the input');
  assert.notEqual(with_({ ab: 'c' }), with_({ a: 'bc' }));
  assert.equal(with_({ a: new Map() }), undefined, 'a Map is not a YAML value here: no fingerprint, so no reuse');
  assert.notEqual(runFingerprint({ ...base, seed: 2 }), runFingerprint(base));
  assert.notEqual(runFingerprint({ ...base, duration: 600 }), runFingerprint(base));
  assert.notEqual(runFingerprint({ ...base, podSecurity: 'restricted' }), runFingerprint(base));
  assert.notEqual(runFingerprint({ ...base, kubernetesMinor: 30 }), runFingerprint(base));
  assert.notEqual(runFingerprint({ ...base, config: { ...base.config, images: [{ image: 'x', startupSeconds: 3 }] } }), runFingerprint(base));
  assert.notEqual(runFingerprint({ ...base, customResources: {} }), runFingerprint({ ...base, customResources: {} }), 'another CRD registry is another input');
});

test('the fingerprint in steps pauses every few hundred manifests and is the fingerprint made at once', () => {
  const base = inputsOf(START).inputs;
  const manifests = Array.from({ length: 1000 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` }, data: { k: String(i) } }));
  const steps = runFingerprintSteps({ ...base, manifests });
  let pauses = 0;
  let r = steps.next();
  while (!r.done) {
    pauses++;
    r = steps.next();
  }
  assert.ok(pauses >= 3, `${pauses} pauses for 1,000 manifests`);
  assert.equal(r.value, runFingerprint({ ...base, manifests }));
});
