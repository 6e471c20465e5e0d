import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt } from '../support/server';
import { tmpdir } from 'node:os';
import { parse } from 'yaml';
import type { Finding } from '../../server/src/engine/findings';
import { MAX_FILE_CHARS, parseYamlFile } from '../../server/src/engine/yaml/documents';
import { createSimulation } from '../../server/src/sim/index';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { exerciseFile, indexOf, ROOT } from './helpers';

/**
 * Hostile and odd inputs, each with its defined outcome: a clear diagnostic, or a quiet "not a
 * manifest", never a crash or a hang. Small inputs live in test-fixtures/pathological; large
 * ones are generated here into a temp folder (never committed).
 */

const DIR = join(ROOT, 'test-fixtures', 'pathological');
const cli = join(ROOT, 'bin', 'kube-rehearsal.js');
let tmp: string;

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kr-pathological-'));
  ensureBuilt();
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function fixture(name: string): string {
  return readFileSync(join(DIR, name), 'utf8');
}

/** Everything an editor asks, with the invariants checked; returns the findings. */
function exercise(name: string, text: string, maxPositions = 400): Finding[] {
  const file = parseYamlFile(`file:///p/${name}`, text);
  return exerciseFile(file, indexOf([file]), { maxPositions });
}

const summary = (fs: Finding[]) => fs.map((f) => `${f.range.start.line}:${f.range.start.character} ${f.code}`);

test('alias bomb ("billion laughs"): refused with a clear error, no expansion', { timeout: 120_000 }, () => {
  const fs = exercise('alias-bomb.yaml', fixture('alias-bomb.yaml'));
  assert.equal(fs.length, 1);
  assert.equal(fs[0].code, 'yaml-alias-limit');
  assert.match(fs[0].message, /aliases expand this document beyond 100,000 nodes/);
});

test('10,000 levels of flow nesting [[[[...]]]]: a clear "nested too deeply" syntax error', { timeout: 120_000 }, () => {
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
  const fs = exercise('flow-deep.yaml', text, 200);
  assert.ok(fs.some((f) => f.code === 'yaml-syntax' && /nested too deeply/.test(f.message)), JSON.stringify(summary(fs)));
});

test('10,000 levels of block nesting (indented maps and compact sequences): a clear error, editing still answers', { timeout: 300_000 }, () => {
  // Indented maps: one more space per level (about 50 MB of indentation: over the size limit).
  let maps = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n';
  for (let i = 0; i < 10_000; i++) maps += `${' '.repeat(i + 2)}k${i}:\n`;
  const fsMaps = exercise('block-deep.yaml', maps, 50);
  assert.deepEqual(fsMaps.map((f) => f.code), ['file-too-large']);
  // Compact block sequences `- - - - x`: the same depth in 20 kB.
  const seqs = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  a:\n    ${'- '.repeat(10_000)}x\n`;
  const fsSeqs = exercise('seq-deep.yaml', seqs, 200);
  assert.ok(fsSeqs.some((f) => f.code === 'yaml-syntax'), JSON.stringify(summary(fsSeqs)));
  // Indented maps at two spaces per level up to the size limit's worth of depth (about 2,000 levels).
  let moderate = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n';
  for (let i = 0; i < 2000; i++) moderate += `${' '.repeat(i + 2)}k${i}:\n`;
  const fsModerate = exercise('block-2000.yaml', moderate, 100);
  for (const f of fsModerate) assert.ok(['yaml-syntax', 'wrong-type'].includes(f.code), f.code);
});

test('a single 1 MB line: checked, every editing feature answers', { timeout: 300_000 }, () => {
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  key: ${'x'.repeat(1 << 20)}\n  n: 3\n`;
  const fs = exercise('long-line.yaml', text, 100);
  assert.deepEqual(summary(fs), ['6:5 wrong-type']);
});

test('BOM, CRLF and mixed line endings (a lone \\r is a line break too): exact positions', () => {
  assert.deepEqual(summary(exercise('bom.yaml', fixture('bom.yaml'), 2000)), ['8:23 value-not-in-enum']);
  assert.deepEqual(summary(exercise('crlf.yaml', fixture('crlf.yaml'), 2000)), ['8:23 value-not-in-enum']);
  const mixed = exercise('mixed-line-endings.yaml', fixture('mixed-line-endings.yaml'), 2000);
  assert.deepEqual(summary(mixed), ['6:5 wrong-type']);
});

test('tabs for indentation: a syntax error at the tab', () => {
  const fs = exercise('tabs.yaml', fixture('tabs.yaml'), 2000);
  assert.equal(fs[0].code, 'yaml-syntax');
  assert.deepEqual(fs[0].range.start, { line: 3, character: 0 });
  assert.match(fs[0].message, /[Tt]ab/);
});

test('only comments, and --- separators without documents: no findings', () => {
  assert.deepEqual(exercise('only-comments.yaml', fixture('only-comments.yaml'), 2000), []);
  assert.deepEqual(exercise('separators-only.yaml', fixture('separators-only.yaml'), 2000), []);
  assert.deepEqual(exercise('empty.yaml', '', 10), []);
});

test('JSON manifests, kind: List and Helm templates', () => {
  assert.deepEqual(summary(exercise('manifest.json', fixture('manifest.json'), 2000)), ['5:16 wrong-type', '9:69 unknown-field']);
  assert.deepEqual(summary(exercise('list.yaml', fixture('list.yaml'), 2000)), ['15:16 wrong-type']);
  // Templates are not YAML until rendered: checked leniently, never a wall of syntax errors.
  assert.deepEqual(exercise('helm-template.yaml', fixture('helm-template.yaml'), 2000), []);
});

test('binary content and invalid UTF-8: not a manifest, no findings, nothing throws', () => {
  assert.deepEqual(exercise('binary.yaml', fixture('binary.yaml'), 1000), []);
  const fs = exercise('invalid-utf8.yaml', fixture('invalid-utf8.yaml'), 1000);
  assert.deepEqual(fs, []);
  // Lone surrogates, NUL and control characters as an editor may hold them.
  exercise('controls.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \uD800x\u0000\ndata:\n  a: "\u0007\uDFFF"\n', 500);
});

test('a file over the size limit: one information diagnostic, nothing parsed', { timeout: 120_000 }, () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n' + '  k: v\n'.repeat(Math.ceil(MAX_FILE_CHARS / 7) + 10);
  const file = parseYamlFile('file:///p/big.yaml', text);
  assert.equal(file.docs.length, 0);
  const fs = exerciseFile(file, indexOf([file]), { maxPositions: 20 });
  assert.equal(fs.length, 1);
  assert.equal(fs[0].code, 'file-too-large');
  assert.equal(fs[0].severity, 'information');
  assert.match(fs[0].message, /too large to validate \(\d+\.\d MB; the limit is 16 MB\)/);
});

function runCli(args: string[], input: Uint8Array = new Uint8Array(0)) {
  return spawnSync(process.execPath, [cli, ...args], { cwd: ROOT, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
}

test('CLI: a generated 50 MB file answers with "too large, not validated" (exit 0)', { timeout: 300_000 }, () => {
  const path = join(tmp, 'fifty.yaml');
  const fd = openSync(path, 'w');
  writeSync(fd, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fifty\ndata:\n');
  const chunk = '  key: value-value-value-value-value\n'.repeat(10_000);
  while (statSync(path).size < 50 * 1024 * 1024) writeSync(fd, chunk);
  closeSync(fd);
  const r = runCli(['check', path, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { diagnostics: { code: string; severity: string; message: string }[] };
  assert.deepEqual(out.diagnostics.map((d) => [d.code, d.severity]), [['file-too-large', 'information']]);
});

test('CLI: binary bytes, invalid UTF-8, BOM and CRLF files are read as bytes and answered', { timeout: 120_000 }, () => {
  const r = runCli(['check', join(DIR, 'binary.yaml'), join(DIR, 'invalid-utf8.yaml'), join(DIR, 'bom.yaml'), join(DIR, 'crlf.yaml'), join(DIR, 'tabs.yaml')]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /bom\.yaml:9:24 error value-not-in-enum/);
  assert.match(r.stdout, /crlf\.yaml:9:24 error value-not-in-enum/);
  assert.match(r.stdout, /tabs\.yaml:4:1 error yaml-syntax YAML syntax error: Tabs/);
  assert.match(r.stderr, /5 files checked/);
  // Random bytes on standard input.
  const junk = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 131 + 7) % 256);
  const s = runCli(['check', '-'], junk);
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stderr, /1 file checked: 0 errors/);
});

test('CLI: the whole pathological folder is checked in one run', { timeout: 120_000 }, () => {
  const r = runCli(['check', DIR, '--format', 'json']);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const out = JSON.parse(r.stdout) as { diagnostics: { file: string }[] };
  assert.ok(out.diagnostics.length > 0);
});

// ---------------------------------------------------------------------------
// The simulator's bounds

function simulate(name: string, seconds: number) {
  const objects = [parse(fixture(name)) as Record<string, unknown>];
  const sim = createSimulation({ objects, behaviour: createBehaviourModel(), horizon: seconds });
  sim.runUntil(seconds);
  return sim;
}

test('replicas: 1000000 is cut by the object bound, and the run says so', { timeout: 600_000 }, () => {
  // Lower bound than the default (20,000 objects) to keep the test short; the mechanism is the same.
  const sim = createSimulation({ objects: [parse(fixture('replicas-million.yaml'))], behaviour: createBehaviourModel(), horizon: 600, limits: { maxObjects: 3000 } });
  sim.runUntil(600);
  assert.match(sim.stoppedBy ?? '', /object limit \(3000\)/);
  assert.ok(sim.list('Pod').length < 3000);
  const snap = sim.snapshot() as unknown as { limits?: unknown };
  assert.match(String((snap.limits as { message?: string }).message), /object limit/, "the snapshot carries the reason");
});

test('replicas: 1000000 at the default bounds: stopped at the object limit within seconds, and said so', { timeout: 120_000 }, () => {
  const started = Date.now();
  const sim = createSimulation({ objects: [parse(fixture('replicas-million.yaml'))], behaviour: createBehaviourModel(), horizon: 600 });
  sim.runUntil(600);
  const limits = (sim.snapshot() as unknown as { limits: { reached: boolean; message: string | null } }).limits;
  assert.deepEqual(limits.reached, true);
  assert.equal(limits.message, 'the object limit (20000) was reached');
  // Generous: about two seconds on a quiet machine; minutes (or never) before.
  assert.ok(Date.now() - started < 60_000, `${Date.now() - started} ms`);
});

test('CronJobs every minute for an hour: stopped at the event limit, in bounded time and memory, and said so', { timeout: 600_000 }, () => {
  // 2,000 CronJobs keeping no finished Jobs: the objects stay under their bound while the
  // events grow (a Job, a pod, their events every minute each). A quarter of the default event
  // bound keeps the test short; the default is checked below on the issue's 5,000 CronJobs.
  const cronJobs = (n: number, history: boolean) =>
    Array.from({ length: n }, (_, i) => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: `every-minute-${i}` },
      spec: {
        schedule: '* * * * *',
        ...(history ? {} : { successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 }),
        jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo hi'] }] } } } },
      },
    }));
  const run = (objects: Record<string, unknown>[], limits?: Record<string, number>) => {
    const cpu = process.cpuUsage();
    const sim = createSimulation({ objects, behaviour: createBehaviourModel(), horizon: 3600, limits });
    sim.runUntil(3600);
    const used = process.cpuUsage(cpu);
    const limitsOut = (sim.snapshot() as unknown as { limits: { reached: boolean; message: string | null; steps: number } }).limits;
    return { sim, limits: limitsOut, cpuMs: (used.user + used.system) / 1000 };
  };
  const events = run(cronJobs(2000, false), { maxSteps: 500_000 });
  assert.equal(events.limits.reached, true);
  assert.match(String(events.limits.message), /^the event limit \(500000 processed events\) was reached at \d+\.\ds$/);
  assert.ok(events.sim.time < 3600, `ran to ${events.sim.time}s`);
  assert.ok(events.sim.core.store.count < 20_000, 'the objects stayed under their bound');
  // The issue's 5,000 CronJobs at the default bounds: 8 min 47 s and 1.9 GB before.
  const issue = run(cronJobs(5000, true));
  assert.equal(issue.limits.reached, true);
  assert.match(String(issue.limits.message), /limit/);
  assert.ok(issue.cpuMs < 120_000, `${issue.cpuMs} ms of CPU`);
  assert.ok(process.memoryUsage().rss < 1.5 * 1024 ** 3, `${process.memoryUsage().rss} bytes`);
});

test('limits.reached always comes with its message (the recorded-event limit too)', () => {
  const sim = createSimulation({ objects: [parse(fixture('replicas-million.yaml'))], behaviour: createBehaviourModel(), horizon: 60, limits: { maxObjects: 50, maxEvents: 5 } });
  sim.runUntil(60);
  const limits = (sim.snapshot() as unknown as { limits: { reached: boolean; message: string | null } }).limits;
  assert.equal(limits.reached, true);
  assert.equal(typeof limits.message, 'string');
  const events = createSimulation({ objects: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } }], behaviour: createBehaviourModel(), horizon: 60, limits: { maxEvents: 2 } });
  events.runUntil(60);
  const l = (events.snapshot() as unknown as { limits: { reached: boolean; message: string | null } }).limits;
  assert.equal(l.reached, true);
  assert.match(String(l.message), /^the recorded-event limit \(2\) was reached: \d+ later events were not recorded$/);
});

test('a CronJob every minute, simulated for a year: cut by the virtual-time bound, which says so', { timeout: 600_000 }, () => {
  const sim = simulate('cronjob-every-minute.yaml', 365 * 24 * 3600);
  assert.match(sim.stoppedBy ?? '', /limit/);
  assert.ok(sim.time <= 7 * 24 * 3600, `ran to ${sim.time}s`);
  assert.ok(sim.list('Job').length <= 10, 'finished Jobs are cleaned up by the history limits');
  assert.ok(sim.core.events.length <= sim.core.limits.maxEvents);
});

test('probes with periodSeconds 0 (and timeout/threshold 0): defaulted like the API server does, the run ends', { timeout: 120_000 }, () => {
  const sim = simulate('probe-period-zero.yaml', 600);
  assert.equal(sim.stoppedBy, undefined);
  assert.equal(sim.time, 600);
  const pod = sim.get('Pod', 'default', 'probe-zero')!;
  const c = pod.spec.containers[0];
  assert.equal(c.livenessProbe.periodSeconds, 10);
  assert.equal(c.readinessProbe.timeoutSeconds, 1);
  assert.equal(c.startupProbe.failureThreshold, 3);
  assert.ok(sim.core.steps < 10_000, `${sim.core.steps} steps for one pod in 10 minutes`);
  // A negative period is rejected, as the API server does.
  const bad = parse(fixture('probe-period-zero.yaml')) as { metadata: { name: string }; spec: { containers: { livenessProbe: { periodSeconds: number } }[] } };
  bad.metadata.name = 'negative';
  bad.spec.containers[0].livenessProbe.periodSeconds = -5;
  const s2 = createSimulation({ objects: [bad as unknown as Record<string, unknown>], behaviour: createBehaviourModel(), horizon: 60 });
  assert.match(s2.applied[0].error ?? '', /livenessProbe\.periodSeconds: Invalid value: -5: must be greater than or equal to 0/);
});

test('every pathological fixture through the simulator: applied or refused with a message, never a throw', { timeout: 600_000 }, () => {
  const applied = new Map<string, string[]>();
  for (const name of ['alias-bomb.yaml', 'bom.yaml', 'crlf.yaml', 'mixed-line-endings.yaml', 'list.yaml', 'manifest.json', 'probe-period-zero.yaml']) {
    const file = parseYamlFile(`file:///p/${name}`, fixture(name));
    const objects = file.docs.map((d) => d.value).filter((v): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v));
    // The step bound is a hang detector here: two minutes of a few objects take a few hundred steps.
    const sim = createSimulation({ objects, behaviour: createBehaviourModel(), horizon: 120, limits: { maxSteps: 100_000 } });
    sim.runUntil(120);
    assert.equal(sim.stoppedBy, undefined, `${name}: ${sim.stoppedBy}`);
    for (const a of sim.applied) assert.ok(a.result || a.error, `${name}: ${JSON.stringify(a)}`);
    applied.set(name, sim.applied.map((a) => a.error ?? `${a.ref} ${a.result}`));
  }
  // A string where the API server wants an integer is refused (it used to loop at t=0).
  // The API server cannot decode a string into an int32: refused before validation, with the decoder's words.
  assert.match(applied.get('manifest.json')![0], /cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32/);
  // kind: List is applied item by item, as kubectl does.
  assert.equal(applied.get('list.yaml')![0], 'configmap/one created');
  assert.match(applied.get('list.yaml')![1], /Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32/);
});
