import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliJs, ensureBuilt } from '../support/server';

/** `kube-rehearsal check --dry-run`: the editor's predictions in CI, in every output format. */

const root = join(__dirname, '..', '..');
const FIXTURES = 'test-fixtures/ci/predictions';

before(ensureBuilt);

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [cliJs, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let textRun: ReturnType<typeof cli> | undefined;
function dryRunText() {
  textRun ??= cli(['check', FIXTURES, '--dry-run']);
  return textRun;
}

// Each prediction id on the line that causes it (1-based line:col, as the text format prints).
const EXPECTED: [file: string, at: string, code: string, message: RegExp][] = [
  ['crashloop.yaml', '18:18', 'dry-run-crashloop', /^pods of Deployment worker end in CrashLoopBackOff: container worker exits with code 3 and restartPolicy is Always \(at 1s\)$/],
  ['image-pull.yaml', '19:18', 'dry-run-image-pull', /^image nginx:1\.200: tag not found; pods of Deployment web stay in ImagePullBackOff/],
  ['image-pull.yaml', '5:9', 'dry-run-rollout-stalled', /^Deployment web exceeds its progress deadline: ReplicaSet "web-[a-z0-9]+" has timed out progressing\./],
  ['never-ready.yaml', '21:11', 'dry-run-never-ready', /^readiness probe never succeeds: nothing listens on port 8081/],
  ['never-ready.yaml', '31:3', 'dry-run-no-endpoints', /^Service api has no ready endpoints: 1 matching pod is not ready/],
  ['unschedulable.yaml', '12:11', 'dry-run-unschedulable', /^Pending: 0\/1 nodes are available: 1 Insufficient cpu\./],
  ['job-failed.yaml', '7:3', 'dry-run-job-failed', /^Job migrate fails: BackoffLimitExceeded: /],
  ['liveness.yaml', '12:7', 'dry-run-liveness', /^liveness probe fails: nothing listens on port 8081; container web is restarted/],
  ['config-error.yaml', '8:13', 'dry-run-config-error', /^pod configured stays in CreateContainerConfigError: configmap "settings" not found/],
  ['error-exit.yaml', '10:14', 'dry-run-error-exit', /^pod once ends in Error: container task exits with code 2/],
];

test('check --dry-run: each prediction id on its YAML line, as warnings that do not fail the default --fail-on error', () => {
  const r = dryRunText();
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  for (const [file, at, code, message] of EXPECTED) {
    const prefix = `${FIXTURES}/${file}:${at} warning ${code} `;
    const line = lines.find((l) => l.startsWith(prefix));
    assert.ok(line, `missing ${prefix}\n${r.stdout}`);
    assert.match(line!.slice(prefix.length), message);
  }
  assert.equal(lines.filter((l) => / dry-run-/.test(l)).length, EXPECTED.length, r.stdout);
  // Without --dry-run, none of them.
  const plain = cli(['check', FIXTURES]);
  assert.doesNotMatch(plain.stdout, /dry-run-/);
});

test('check --dry-run is deterministic: the same input gives the same bytes', () => {
  const again = cli(['check', FIXTURES, '--dry-run']);
  assert.equal(again.stdout, dryRunText().stdout);
});

test('--fail-on chooses the least severe finding that makes the exit status 1', () => {
  assert.equal(cli(['check', FIXTURES, '--dry-run', '--fail-on', 'warning']).code, 1);
  assert.equal(cli(['check', FIXTURES, '--dry-run', '--fail-on=information']).code, 1);
  // Only information findings without the dry run: they fail only --fail-on information.
  assert.equal(cli(['check', `${FIXTURES}/liveness.yaml`, '--fail-on', 'warning']).code, 0);
  assert.equal(cli(['check', `${FIXTURES}/liveness.yaml`, '--fail-on', 'information']).code, 1);
  // A prediction raised to error fails the default.
  const raised = cli(['check', `${FIXTURES}/crashloop.yaml`, '--dry-run', '--rule', 'dry-run-crashloop=error']);
  assert.equal(raised.code, 1);
  assert.match(raised.stdout, /crashloop\.yaml:18:18 error dry-run-crashloop /);
  const off = cli(['check', `${FIXTURES}/crashloop.yaml`, '--dry-run', '--rule=dry-run-crashloop=off', '--fail-on', 'warning']);
  assert.equal(off.code, 0, off.stdout);
  assert.equal(off.stdout, '');
});

test('a suppression comment silences a prediction as it does a check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kr-dryrun-'));
  try {
    const text = readFileSync(join(root, FIXTURES, 'crashloop.yaml'), 'utf8').replace('          image: busybox:1.36', '          # kube-rehearsal-disable-next-line dry-run-crashloop\n          image: busybox:1.36');
    writeFileSync(join(dir, 'crashloop.yaml'), text);
    const r = cli(['check', join(dir, 'crashloop.yaml'), '--dry-run', '--fail-on', 'warning']);
    assert.equal(r.code, 0, r.stdout);
    assert.doesNotMatch(r.stdout, /dry-run-crashloop/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('JSON carries the predictions with their source and related lines', () => {
  const r = cli(['check', FIXTURES, '--dry-run', '--format', 'json']);
  const d = JSON.parse(r.stdout).diagnostics as { file: string; code: string; source?: string; range: { start: { line: number } }; related?: { file: string; message: string; range: { start: { line: number } } }[] }[];
  const live = d.find((x) => x.code === 'dry-run-liveness')!;
  assert.equal(live.source, 'kube-rehearsal dry-run');
  assert.equal(live.file, `${FIXTURES}/liveness.yaml`);
  assert.equal(live.range.start.line, 11);
  assert.deepEqual(live.related?.map((x) => [x.range.start.line, x.message]), [[8, 'the image the simulator runs for container web'], [9, 'the ports container web declares']]);
  const crash = d.find((x) => x.code === 'dry-run-crashloop')!;
  assert.deepEqual(crash.related?.map((x) => [x.range.start.line, x.message]), [[18, 'the command the container runs']]);
  for (const [, , code] of EXPECTED) assert.ok(d.some((x) => x.code === code), code);
});

test('SARIF: rule metadata (help, default level, tags) and related locations for predictions', () => {
  const r = cli(['check', FIXTURES, '--dry-run', '--format', 'sarif']);
  const run = JSON.parse(r.stdout).runs[0];
  const rules = run.tool.driver.rules as { id: string; helpUri: string; help: { text: string }; defaultConfiguration: { level: string }; properties: { tags: string[] } }[];
  for (const [, , code] of EXPECTED) {
    const rule = rules.find((x) => x.id === code);
    assert.ok(rule, code);
    assert.match(rule!.helpUri, new RegExp(`docs/rules\\.md#${code}$`));
    assert.equal(rule!.defaultConfiguration.level, 'warning');
    assert.ok(rule!.properties.tags.includes('dry-run'));
    assert.match(rule!.help.text, /^The dry run predicts/);
  }
  const probe = rules.find((x) => x.id === 'probe-port-undeclared')!;
  assert.ok(probe.properties.tags.includes('correctness'));
  const never = run.results.find((x: { ruleId: string }) => x.ruleId === 'dry-run-never-ready');
  assert.equal(never.level, 'warning');
  assert.deepEqual(never.relatedLocations.map((l: { physicalLocation: { region: { startLine: number } }; message: { text: string } }) => [l.physicalLocation.region.startLine, l.message.text]),
    [[18, 'the image the simulator runs for container nginx'], [19, 'the ports container nginx declares']]);
  assert.equal(never.relatedLocations[0].physicalLocation.artifactLocation.uri, `${FIXTURES}/never-ready.yaml`);
});

test('JUnit: a test case per object and rule, failures following --fail-on', () => {
  const soft = cli(['check', FIXTURES, '--dry-run', '--format', 'junit']);
  assert.equal(soft.code, 0);
  assert.match(soft.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="kube-rehearsal" tests="\d+" failures="0" errors="0">/);
  assert.match(soft.stdout, /<testcase classname="test-fixtures\/ci\/predictions\/crashloop\.yaml" name="dry-run-crashloop Deployment\/worker">\n {6}<system-out>/);
  const hard = cli(['check', FIXTURES, '--dry-run', '--format', 'junit', '--fail-on', 'warning']);
  assert.equal(hard.code, 1);
  assert.match(hard.stdout, /<testcase classname="test-fixtures\/ci\/predictions\/crashloop\.yaml" name="dry-run-crashloop Deployment\/worker">\n {6}<failure type="warning" message="pods of Deployment worker end in CrashLoopBackOff: /);
  assert.match(hard.stdout, /<testsuite name="test-fixtures\/ci\/predictions\/image-pull\.yaml" tests="2" failures="2" /);
  assert.match(hard.stdout, /<testsuites name="kube-rehearsal" tests="\d+" failures="10" errors="0">/);
  // An object nothing fired on is a passing case.
  const clean = cli(['check', 'test-fixtures/tutorial/nginx.yaml', '--format', 'junit']);
  assert.match(clean.stdout, /<testcase classname="test-fixtures\/tutorial\/nginx\.yaml" name="Deployment\/nginx"\/>/);
});

test('GitHub workflow commands: one annotation per finding, properties escaped', () => {
  const r = cli(['check', FIXTURES, '--dry-run', '--format', 'github']);
  const lines = r.stdout.trim().split('\n');
  // busybox:1.36 spans columns 18-29; endColumn is exclusive, as in SARIF.
  assert.ok(lines.some((l) => l.startsWith('::warning file=test-fixtures/ci/predictions/crashloop.yaml,line=18,col=18,endLine=18,endColumn=30,title=kube-rehearsal dry-run-crashloop::pods of Deployment worker end in CrashLoopBackOff')), r.stdout);
  assert.ok(lines.some((l) => l.startsWith('::notice file=test-fixtures/ci/predictions/liveness.yaml,line=15,col=17,')), r.stdout);
  assert.equal(lines.filter((l) => l.startsWith('::warning ')).length, EXPECTED.length);
  // Messages with line breaks or percent signs stay one command.
  const dir = mkdtempSync(join(tmpdir(), 'kr-gh-'));
  try {
    writeFileSync(join(dir, 'a,b:c.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: 1\n  a: 2\n');
    const esc = cli(['check', join(dir, 'a,b:c.yaml'), '--format', 'github']);
    // `a: 1` is the wrong type (an error); the repeated key is a warning.
    const line = esc.stdout.trim().split('\n').find((l) => l.startsWith('::error ')) ?? esc.stdout;
    assert.match(line, /^::error file=[^,]*a%2Cb%3Ac\.yaml,line=7,col=\d+,.*title=kube-rehearsal wrong-type::/);
    assert.equal(esc.stdout.trim().split('\n').every((l) => l.startsWith('::')), true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Markdown summary: appended to a file while another format goes to stdout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kr-md-'));
  try {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, 'before\n');
    const r = cli(['check', FIXTURES, '--dry-run', '--format', 'github', '--fail-on', 'warning', '--markdown-summary', summary]);
    assert.equal(r.code, 1);
    const md = readFileSync(summary, 'utf8');
    assert.match(md, /^before\n### Kube Rehearsal: 8 files checked\n\n❌ 0 errors, 10 warnings, 3 notes/);
    assert.match(md, /\| warning \| `test-fixtures\/ci\/predictions\/crashloop\.yaml:18` \| \[dry-run-crashloop\]\(https:\/\/[^)]*#dry-run-crashloop\) \| pods of Deployment worker/);
    const bad = cli(['check', FIXTURES, '--markdown-summary', join(dir, 'no/such/dir/x.md')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^kube-rehearsal: cannot write the summary to /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors of the new options exit 2 with one line', () => {
  for (const [args, re] of [
    [['check', FIXTURES, '--fail-on', 'fatal'], /--fail-on must be error, warning or information, not "fatal"/],
    [['check', FIXTURES, '--duration', '5m'], /--duration goes with --dry-run/],
    [['check', FIXTURES, '--dry-run', '--duration', 'soon'], /--duration must be a positive duration/],
    [['check', FIXTURES, '--rule', 'nope'], /--rule must look like image-latest-tag=off/],
    [['check', FIXTURES, '--dry-run=yes'], /--dry-run takes no value/],
  ] as [string[], RegExp][]) {
    const r = cli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});

test('check --dry-run simulates nothing that check rejects: no prediction about the garbled image of an unclosed quote nor the crash loop of a pod check refuses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kr-dryrun-rejected-'));
  try {
    writeFileSync(join(dir, 'quote.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: q\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: q}\n  template:\n    metadata:\n      labels: {app: q}\n    spec:\n      containers:\n        - name: c\n          image: "nginx:1.27\n          ports:\n            - containerPort: 80\n');
    writeFileSync(join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  restartPolicy: Always\n  containers:\n    - name: Hello\n      image: busybox:1.36\n      command: ["sh", "-c", "exit 1"]\n');
    const r = cli(['check', dir, '--dry-run']);
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stdout, /dry-run-/, 'the rejected documents were not simulated');
    assert.match(r.stdout, /pod\.yaml:8:\d+ error invalid-container-name /);
    assert.match(r.stdout, /quote\.yaml:\d+:\d+ error yaml-syntax /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
