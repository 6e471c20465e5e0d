import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliJs, ensureBuilt } from '../support/server';

/** `kube-rehearsal simulate --diff-against REF`: the rollout of a change, against a temporary git repository. */

const web = (opts: { image?: string; replicas?: number; app?: string } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${opts.replicas ?? 3}
  selector:
    matchLabels:
      app: ${opts.app ?? 'web'}
  template:
    metadata:
      labels:
        app: ${opts.app ?? 'web'}
    spec:
      containers:
        - name: nginx
          image: ${opts.image ?? 'nginx:1.25'}
          ports:
            - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
`;

let dir = '';
let hasGit = true;
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe', encoding: 'utf8' });

function cli(args: string[], cwd = dir) {
  const r = spawnSync(process.execPath, [cliJs, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function preview(change: string, ...extra: string[]) {
  writeFileSync(join(dir, 'k8s', 'web.yaml'), change);
  try {
    return cli(['simulate', 'k8s', '--diff-against', 'HEAD', ...extra]);
  } finally {
    git('checkout', '-q', '--', 'k8s/web.yaml');
  }
}

before(async () => {
  await ensureBuilt();
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
  } catch {
    hasGit = false;
    return;
  }
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'kr-preview-')));
  git('init', '-q');
  execFileSync('mkdir', ['k8s'], { cwd: dir });
  writeFileSync(join(dir, 'k8s', 'web.yaml'), web());
  git('add', '.');
  git('commit', '-q', '-m', 'web on nginx 1.25');
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a good change: the rollout completes, surge and endpoints over time, exit 0', (t) => {
  if (!hasGit) return t.skip('git is not installed');
  const r = preview(web({ image: 'nginx:1.27' }), '--format', 'json');
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const p = JSON.parse(r.stdout);
  assert.equal(p.from, 'HEAD');
  assert.equal(p.to, 'the working tree');
  assert.equal(p.snapshot, undefined);
  const w = p.workloads[0];
  assert.deepEqual([w.kind, w.name, w.outcome], ['Deployment', 'web', 'complete']);
  assert.deepEqual(w.changes, ['image of container nginx: nginx:1.25 -> nginx:1.27']);
  // maxSurge 25% of 3 rounds up to 1, maxUnavailable rounds down to 0: never fewer than 3 ready, one extra pod at most.
  for (const s of w.progress) {
    assert.ok(s.oldReady + s.newReady >= 3, JSON.stringify(s));
    assert.ok(s.oldPods + s.newPods <= 4, JSON.stringify(s));
  }
  assert.deepEqual(w.progress.at(-1), { ...w.progress.at(-1), oldPods: 0, newPods: 3, newReady: 3 });
  assert.ok(w.endpoints.length >= 1 && w.endpoints.every((e: { service: string; ready: number }) => e.service === 'web' && e.ready >= 3), JSON.stringify(w.endpoints));
  const text = preview(web({ image: 'nginx:1.27' }));
  assert.match(text.stdout, /^Rollout preview: HEAD -> the working tree\n/);
  assert.match(text.stdout, /\nDeployment default\/web: rollout completes in \d+s\n {2}change: image of container nginx: nginx:1\.25 -> nginx:1\.27\n/);
});

test('a bad image tag: the rollout is stuck, the cause first, old pods keep serving, exit 1', (t) => {
  if (!hasGit) return t.skip('git is not installed');
  const r = preview(web({ image: 'nginx:1.200' }));
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /\nDeployment default\/web: rollout stuck after 10m30s\n {2}cause: the image nginx:1\.200 cannot be pulled: pod web-[a-z0-9]+-[a-z0-9]{5} in ImagePullBackOff since \+1s: Failed to pull image "nginx:1\.200": [^\n]*not found[^\n]*\n {2}change: image of container nginx: nginx:1\.25 -> nginx:1\.200\n {2}why: image nginx:1\.200: tag not found; the rollout stalls with 3 old pods serving/);
  assert.match(r.stdout, /why: Deployment web exceeds its progress deadline/);
  assert.match(r.stdout, /\+1s {2}old 3\/3 ready, new 0\/1 ready \(want 3; 0 unavailable, 1 surge\)/);
  const md = preview(web({ image: 'nginx:1.200' }), '--format', 'markdown');
  assert.match(md.stdout, /^### Kube Rehearsal rollout preview: `HEAD` → the working tree\n\n\| Workload \| Outcome \| Changes \|\n\|---\|---\|---\|\n\| Deployment `default\/web` \| ❌ rollout stuck after 10m30s \| image of container nginx: nginx:1\.25 -> nginx:1\.200 \|/);
  assert.match(md.stdout, /\| \+1s \| 3\/3 \| 0\/1 \| 3 \| web: 3 \|/);
  assert.match(md.stdout, /#### Deployment web\n\n\*\*Cause:\*\* the image nginx:1\.200 cannot be pulled: pod web-\S+ in ImagePullBackOff since \+1s: `Failed to pull image "nginx:1\.200": /);
});

test('a selector change is refused by the API server, as kubectl apply would be', (t) => {
  if (!hasGit) return t.skip('git is not installed');
  const r = preview(web({ app: 'web2' }), '--format', 'json');
  assert.equal(r.code, 1, r.stderr);
  const w = JSON.parse(r.stdout).workloads[0];
  assert.equal(w.outcome, 'refused', JSON.stringify(w));
  assert.match(w.reasons[0], /spec\.selector: Invalid value: .*field is immutable/);
  assert.ok(w.changes.includes('spec.selector.matchLabels.app changed'), w.changes.join('\n'));
});

test('a scale-only change completes without replacing pods', (t) => {
  if (!hasGit) return t.skip('git is not installed');
  const r = preview(web({ replicas: 5 }), '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const p = JSON.parse(r.stdout);
  const w = p.workloads[0];
  assert.equal(w.outcome, 'complete');
  assert.deepEqual(w.changes, ['replicas: 3 -> 5']);
  assert.equal(p.steps.filter((s: { action: string }) => s.action === 'stop').length, 0);
  assert.equal(p.steps.filter((s: { action: string }) => s.action === 'start').length, 2);
  assert.deepEqual(w.endpoints.map((e: { ready: number }) => e.ready), [3, 5]);
});

test('--diff-to compares two revisions; no change says so', (t) => {
  if (!hasGit) return t.skip('git is not installed');
  writeFileSync(join(dir, 'k8s', 'web.yaml'), web({ image: 'nginx:1.27' }));
  git('commit', '-q', '-am', 'nginx 1.27');
  try {
    const r = cli(['simulate', 'k8s', '--diff-against', 'HEAD~1', '--diff-to', 'HEAD']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Rollout preview: HEAD~1 -> HEAD\n/);
    assert.match(r.stdout, /rollout completes in/);
    const same = cli(['simulate', 'k8s', '--diff-against', 'HEAD']);
    assert.equal(same.code, 0);
    assert.match(same.stdout, /nothing to roll out/);
  } finally {
    git('reset', '-q', '--hard', 'HEAD~1');
  }
});

test('a missing ref, a shallow clone, a folder outside git: one line and exit 2', (t) => {
  if (!hasGit) return t.skip('git is not installed');
  const missing = cli(['simulate', 'k8s', '--diff-against', 'origin/main']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, `kube-rehearsal simulate: git revision "origin/main" was not found in ${dir}\n`);
  const option = cli(['simulate', 'k8s', '--diff-against', '--output=/tmp/x']);
  assert.equal(option.code, 2);
  assert.match(option.stderr, /is not a git revision/);

  writeFileSync(join(dir, 'k8s', 'web.yaml'), web({ image: 'nginx:1.27' }));
  git('commit', '-q', '-am', 'second');
  const shallow = realpathSync(mkdtempSync(join(tmpdir(), 'kr-shallow-')));
  try {
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${dir}`, join(shallow, 'repo')], { stdio: 'pipe' });
    const r = cli(['simulate', 'k8s', '--diff-against', 'HEAD~1'], join(shallow, 'repo'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^kube-rehearsal simulate: git revision "HEAD~1" is not in this shallow clone: fetch it first .*fetch-depth: 0\)\n$/);
    const outside = cli(['simulate', '.', '--diff-against', 'HEAD'], shallow);
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /is not in a git repository/);
  } finally {
    rmSync(shallow, { recursive: true, force: true });
    git('reset', '-q', '--hard', 'HEAD~1');
  }
});
