import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ensureBuilt } from '../support/server';

/**
 * What CI systems run: the GitHub Action's entry point (started the way the runner starts a node20
 * action: `node action/run.mjs` in the workspace, inputs as INPUT_* variables, a job summary file),
 * the pre-commit hooks, and the npm package `npx kube-rehearsal` installs.
 */

const root = join(__dirname, '..', '..');

before(ensureBuilt);

function runAction(inputs: Record<string, string>, cwd = root) {
  const dir = mkdtempSync(join(tmpdir(), 'kr-action-'));
  const summary = join(dir, 'summary.md');
  writeFileSync(summary, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: cwd };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(process.execPath, [join(root, 'action', 'run.mjs')], { cwd, env, encoding: 'utf8' });
  const out = { code: r.status, stdout: r.stdout, stderr: r.stderr, summary: readFileSync(summary, 'utf8') };
  rmSync(dir, { recursive: true, force: true });
  return out;
}

test('action.yml declares a node20 action whose every input the entry point reads', () => {
  const action = parse(readFileSync(join(root, 'action.yml'), 'utf8'));
  assert.equal(action.runs.using, 'node20');
  assert.ok(existsSync(join(root, action.runs.main)));
  const entry = readFileSync(join(root, action.runs.main), 'utf8');
  for (const name of Object.keys(action.inputs)) assert.match(entry, new RegExp(`input\\('${name}'`), `input ${name} is not read`);
});

test('the action annotates findings, writes the job summary and fails on --fail-on', () => {
  const r = runAction({ paths: 'test-fixtures/ci/predictions', 'dry-run': 'true', 'fail-on': 'warning' });
  assert.equal(r.code, 1, r.stderr);
  const annotations = r.stdout.trim().split('\n').filter((l) => l.startsWith('::'));
  assert.ok(annotations.some((l) => l.startsWith('::warning file=test-fixtures/ci/predictions/crashloop.yaml,line=18,col=18,')), r.stdout);
  assert.equal(annotations.filter((l) => l.startsWith('::warning ')).length, 10);
  assert.match(r.summary, /^### Kube Rehearsal: 8 files checked\n\n❌ 0 errors, 10 warnings, 3 notes/);
  // The defaults: no dry run, fail on errors only.
  const soft = runAction({ paths: 'test-fixtures/ci/predictions' });
  assert.equal(soft.code, 0, soft.stderr);
  assert.doesNotMatch(soft.stdout, /dry-run-/);
  assert.match(soft.summary, /✅ 0 errors, 0 warnings, 3 notes/);
  // Several paths, separated by new lines.
  const two = runAction({ paths: 'test-fixtures/ci/predictions/crashloop.yaml\ntest-fixtures/learners/relica-sets.yaml' });
  assert.equal(two.code, 1);
  assert.match(two.stdout, /::error file=test-fixtures\/learners\/relica-sets\.yaml,line=4,col=7,/);
  assert.match(two.summary, /### Kube Rehearsal: 2 files checked/);
});

test('the action previews the rollout of the change against a revision in the job summary', (t) => {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
  } catch {
    return t.skip('git is not installed');
  }
  const repo = realpathSync(mkdtempSync(join(tmpdir(), 'kr-action-git-')));
  try {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: repo, stdio: 'pipe' });
    const deployment = readFileSync(join(root, 'test-fixtures/tutorial/nginx.yaml'), 'utf8');
    mkdirSync(join(repo, 'k8s'));
    writeFileSync(join(repo, 'k8s', 'nginx.yaml'), deployment);
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    const image = /image: (nginx:[\w.]+)/.exec(deployment)![1];
    writeFileSync(join(repo, 'k8s', 'nginx.yaml'), deployment.replace(image, 'nginx:1.200'));
    const r = runAction({ paths: 'k8s', 'rollout-against': 'HEAD' }, repo);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.summary, /### Kube Rehearsal rollout preview: `HEAD` → the working tree/);
    assert.match(r.summary, /❌ rollout stuck after/);
    assert.match(r.summary, new RegExp(`image of container nginx: ${image.replace(/\./g, '\\.')} -> nginx:1\\.200`));
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test('the pre-commit hooks run the CLI on the whole repository', () => {
  const hooks = parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; pass_filenames: boolean }[];
  assert.deepEqual(hooks.map((h) => h.id), ['kube-rehearsal', 'kube-rehearsal-dry-run']);
  for (const h of hooks) {
    assert.equal(h.language, 'node');
    assert.equal(h.pass_filenames, false);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.ok(h.entry.split(' ')[0] in pkg.bin, h.entry);
  }
});

test('the .vsix and the npm package are chosen by ignore files, as vsce requires', () => {
  // vsce refuses to package when package.json has "files" next to a .vscodeignore (this broke CI once).
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.equal(pkg.files, undefined);
  assert.ok(existsSync(join(root, '.vscodeignore')) && existsSync(join(root, '.npmignore')));
});

test('the npm package ships only the CLI and runs without node_modules', (t) => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'kr-pack-')));
  try {
    let packed: { filename: string; files: { path: string }[] }[];
    try {
      packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    } catch (e) {
      return t.skip(`npm pack is not available here: ${(e as Error).message.split('\n')[0]}`);
    }
    const files = packed[0].files.map((f) => f.path).sort();
    assert.deepEqual(files, ['.pre-commit-hooks.yaml', 'README.md', 'action.yml', 'action/run.mjs', 'bin/kube-rehearsal.js', 'dist/THIRD_PARTY_NOTICES.txt', 'dist/cli.js', 'docs/ci.md', 'docs/rules.md', 'package.json']);
    execFileSync('tar', ['-xzf', join(dir, packed[0].filename), '-C', dir]);
    const r = spawnSync(process.execPath, [join(dir, 'package', 'bin', 'kube-rehearsal.js'), 'check', join(root, 'test-fixtures/ci/predictions/crashloop.yaml'), '--dry-run'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /warning dry-run-crashloop pods of Deployment worker end in CrashLoopBackOff/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
