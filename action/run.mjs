// The GitHub Action's entry point. The runner starts it with `node action/run.mjs` in the workspace,
// with every input as an INPUT_<NAME> variable and GITHUB_STEP_SUMMARY naming the job summary file.
// It runs the CLI of this checkout (dist/cli.js, built by the release) or, when that is absent, the
// published package of the same version through npx. Annotations come from `--format github`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, appendFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');

function input(name, fallback = '') {
  // The runner keeps dashes: input `dry-run` arrives as INPUT_DRY-RUN.
  const v = process.env[`INPUT_${name.toUpperCase()}`];
  return v === undefined || v.trim() === '' ? fallback : v.trim();
}

function cliCommand() {
  const built = join(repo, 'dist', 'cli.js');
  if (existsSync(built)) return [process.execPath, [built]];
  const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  return ['npx', ['--yes', `kube-rehearsal@${version}`]];
}

function run(args) {
  const [command, prefix] = cliCommand();
  const r = spawnSync(command, [...prefix, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error) {
    console.log(`::error title=kube-rehearsal::${String(r.error.message).replace(/%/g, '%25').replace(/\r?\n/g, '%0A')}`);
    return 2;
  }
  return r.status ?? 2;
}

const paths = input('paths', '.').split(/\s+/).filter(Boolean);
const failOn = input('fail-on', 'error');
const checkArgs = ['check', ...paths, '--format', 'github', '--fail-on', failOn];
if (input('dry-run', 'false') === 'true') {
  checkArgs.push('--dry-run');
  const duration = input('duration');
  if (duration) checkArgs.push('--duration', duration);
}
const profile = input('profile');
if (profile) checkArgs.push('--profile', profile);
const summary = process.env.GITHUB_STEP_SUMMARY;
if (summary) checkArgs.push('--markdown-summary', summary);

let status = run(checkArgs);

const against = input('rollout-against');
if (against) {
  const [command, prefix] = cliCommand();
  const r = spawnSync(command, [...prefix, 'simulate', ...paths, '--diff-against', against, '--format', 'markdown'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.stdout) {
    process.stdout.write(r.stdout);
    if (summary) appendFileSync(summary, `\n${r.stdout}`);
  }
  // A stuck or refused rollout fails the step like a failing check; usage and git errors too.
  if (r.status !== 0) status = Math.max(status, r.status ?? 2);
}
process.exitCode = status;
