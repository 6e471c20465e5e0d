import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cliJs, ensureBuilt } from '../support/server';

const root = join(__dirname, '..', '..');


before(ensureBuilt);

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cliJs, ...args], { cwd: root, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('text output: path:line:col severity code message, exit 1 on errors', () => {
  const r = cli(['check', 'test-fixtures/learners']);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.includes('test-fixtures/learners/relica-sets.yaml:4:7 error unknown-kind unknown kind "RelicaSets" in apps/v1; did you mean "ReplicaSet"?'), r.stdout);
  assert.ok(lines.includes('test-fixtures/learners/relica-sets.yaml:9:3 error unknown-field unknown field "spec.selecotr" in apps/v1 ReplicaSet; did you mean "selector"?'));
  assert.ok(lines.some((l) => l.startsWith('test-fixtures/learners/relica-sets.yaml:13:5 error unknown-field unknown field "spec.template.labels"')));
  assert.ok(lines.some((l) => l.startsWith('test-fixtures/learners/wrong-api-version.yaml:1:13 error wrong-api-version ')));
  assert.match(r.stderr, /3 files checked: \d+ errors?/);
});

test('exit 0 without errors; JSON uses 0-based LSP positions', () => {
  const r = cli(['check', '--format', 'json', 'test-fixtures/lenient/kustomize']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { diagnostics: [] });
  const bad = cli(['check', 'test-fixtures/learners/wrong-api-version.yaml', '--format=json']);
  assert.equal(bad.code, 1);
  const d = JSON.parse(bad.stdout).diagnostics[0];
  assert.deepEqual(d, {
    file: 'test-fixtures/learners/wrong-api-version.yaml',
    range: { start: { line: 0, character: 12 }, end: { line: 0, character: 14 } },
    severity: 'error',
    code: 'wrong-api-version',
    message: d.message,
  });
});

test('SARIF 2.1.0 with 1-based regions and rule metadata', () => {
  const r = cli(['check', 'test-fixtures/learners/relica-sets.yaml', '--format', 'sarif']);
  assert.equal(r.code, 1);
  const log = JSON.parse(r.stdout);
  assert.equal(log.version, '2.1.0');
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'kube-rehearsal');
  const kind = run.results.find((x: { ruleId: string }) => x.ruleId === 'unknown-kind');
  assert.equal(kind.level, 'error');
  assert.deepEqual(kind.locations[0].physicalLocation, {
    artifactLocation: { uri: 'test-fixtures/learners/relica-sets.yaml' },
    region: { startLine: 4, startColumn: 7, endLine: 4, endColumn: 17 },
  });
  const rule = run.tool.driver.rules[kind.ruleIndex];
  assert.equal(rule.id, 'unknown-kind');
  assert.match(rule.helpUri, /rules\.md#unknown-kind$/);
});

test('stdin with -', () => {
  const r = cli(['check', '-'], 'apiVersion: v1\nkind: Pods\n');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^<stdin>:2:7 error unknown-kind /);
});

test('usage and I/O errors exit 2 with one readable line', () => {
  const missing = cli(['check', 'no/such/file.yaml']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'kube-rehearsal: cannot read "no/such/file.yaml": no such file or directory\n');
  assert.equal(missing.stdout, '');
  const noArgs = cli(['check']);
  assert.equal(noArgs.code, 2);
  assert.equal(noArgs.stderr.trim().split('\n').length, 1);
  const badFormat = cli(['check', '--format', 'xml', 'x.yaml']);
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /--format must be text, json, sarif, junit, github or markdown, not "xml"/);
  assert.equal(cli(['frobnicate']).code, 2);
});

test('--help and --version', () => {
  const help = cli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /kube-rehearsal <command>/);
  assert.match(help.stdout, /^  serve \[file\|dir\]\.\.\. /m);
  assert.equal(cli(['check', '--help']).code, 0);
  const serveHelp = cli(['serve', '--help']);
  assert.equal(serveHelp.code, 0);
  assert.match(serveHelp.stdout, /^Usage: kube-rehearsal serve /);
  const badSpeed = cli(['serve', '--speed', 'fast']);
  assert.equal(badSpeed.code, 2);
  assert.equal(badSpeed.stderr, 'kube-rehearsal serve: --speed must be a positive number up to 3600 (e.g. 10 or 60x) or max, not "fast"\n');
  const unknown = cli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /expected check, simulate, shell or serve/);
  const version = cli(['--version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^kube-rehearsal \d+\.\d+\.\d+\n$/);
});
