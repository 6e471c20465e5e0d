import { renderRolloutReport } from '../../client/src/dryrun/rolloutReport';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { previewRollout } from '../../server/src/engine/dryrun/rollout';
import { filesAtHead, showAtHead } from '../../server/src/engine/dryrun/git';
import { createSimulationFactory } from '../../server/src/engine/dryrun/simulator';
import { renderMessage } from '../../server/src/engine/messages';
import { KOREAN } from '../../server/src/lsp/l10n/ko';
import { englishSentences } from '../support/english';

const deployment = (image: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: ${image}
          ports:
            - containerPort: 80
`;

function hasGit(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function preview(dir: string) {
  const head = [];
  for (const p of await filesAtHead(dir, (x) => x.endsWith('.yaml'))) head.push({ uri: pathToFileURL(join(dir, p)).href, text: await showAtHead(dir, p) });
  const working = head.map((h) => ({ uri: h.uri, text: readFileSync(new URL(h.uri), 'utf8') }));
  return previewRollout(head, working, { factory: createSimulationFactory(() => []) });
}

test('rollout preview on a temporary git repository: nginx:1.16.1 committed, nginx:1.200 in the working tree', async (t) => {
  if (!hasGit()) return t.skip('git is not installed');
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'kr-rollout-')));
  try {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    writeFileSync(join(dir, 'web.yaml'), deployment('nginx:1.16.1'));
    git('add', '.');
    git('commit', '-q', '-m', 'web on nginx 1.16.1');

    // No change: says so.
    const none = await preview(dir);
    assert.equal(none.status, 'no-changes');
    assert.match(none.summary[0], /nothing to roll out/);

    // A tag that does not exist: the rollout is stuck, the old pods keep serving.
    writeFileSync(join(dir, 'web.yaml'), deployment('nginx:1.200'));
    const stuck = await preview(dir);
    assert.equal(stuck.status, 'done');
    assert.deepEqual(stuck.changed, [{ kind: 'Deployment', namespace: 'default', name: 'web' }]);
    const w = stuck.workloads[0];
    assert.equal(w.outcome, 'stuck');
    assert.ok(w.reasons.some((r) => r.startsWith('image nginx:1.200: tag not found; the rollout stalls with 2 old pods serving')), w.reasons.join('\n'));
    assert.ok(w.reasons.some((r) => /progress deadline|ProgressDeadlineExceeded/.test(r)), w.reasons.join('\n'));
    assert.deepEqual(stuck.steps.filter((s) => s.action === 'start').length, 1, 'maxSurge 25% of 2 rounds up to one new pod; maxUnavailable rounds down to 0');
    assert.equal(stuck.steps.filter((s) => s.action === 'stop').length, 0);

    // A tag that exists: the rollout completes, new pods start before old ones stop.
    writeFileSync(join(dir, 'web.yaml'), deployment('nginx:1.17.0'));
    const ok = await preview(dir);
    const done = ok.workloads[0];
    assert.equal(done.outcome, 'complete', JSON.stringify(ok.summary));
    assert.ok(done.seconds > 0 && done.seconds < 120, `took ${done.seconds}s`);
    const order = ok.steps.filter((s) => s.action !== 'scale').map((s) => s.action);
    assert.deepEqual(order.filter((a) => a === 'start').length, 2);
    assert.deepEqual(order.filter((a) => a === 'stop').length, 2);
    assert.equal(order[0], 'start', 'surge first: a new pod starts before an old one stops');
    assert.match(ok.summary.join('\n'), /Deployment web: rollout completes in/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const daemonSet = (image: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec:
      containers: [{ name: agent, image: "${image}" }]
`;
const statefulSet = (image: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: web }
spec:
  serviceName: web
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: nginx, image: "${image}" }]
`;
const direct = (before: string, after: string) =>
  previewRollout([{ uri: 'file:///r/m.yaml', text: before }], [{ uri: 'file:///r/m.yaml', text: after }], { factory: createSimulationFactory(() => []) });

test('rollout preview of a DaemonSet: the old pod stops, then the new one starts; completes', async () => {
  const r = await direct(daemonSet('nginx:1.16.1'), daemonSet('nginx:1.17.0'));
  assert.equal(r.workloads[0].outcome, 'complete');
  assert.deepEqual(r.steps.map((s) => s.action), ['stop', 'start']);
});

test('rollout preview of a StatefulSet: pods replaced from the highest ordinal down, names reused', async () => {
  const ok = await direct(statefulSet('nginx:1.16.1'), statefulSet('nginx:1.17.0'));
  assert.equal(ok.workloads[0].outcome, 'complete', ok.summary.join('\n'));
  assert.deepEqual(ok.steps.filter((s) => s.action === 'stop').map((s) => s.object), ['pod/web-2', 'pod/web-1', 'pod/web-0']);
  const stuck = await direct(statefulSet('nginx:1.16.1'), statefulSet('nginx:1.200'));
  assert.equal(stuck.workloads[0].outcome, 'stuck');
  assert.match(stuck.workloads[0].reasons[0], /^image nginx:1\.200: tag not found/);
  assert.deepEqual(stuck.steps.map((s) => `${s.action} ${s.object}`), ['stop pod/web-2', 'start pod/web-2'], 'OrderedReady: it waits on web-2');
  assert.deepEqual({ ...stuck.workloads[0].cause, message: undefined }, { summary: 'the image nginx:1.200 cannot be pulled', status: 'ImagePullBackOff', pods: ['web-2'], since: stuck.workloads[0].cause!.since, message: undefined });
});

test('a stuck rollout leads with its cause: the image, which pods, since when, the kubelet\'s words; then the consequences, each workload once', async () => {
  const r = await direct(statefulSet('nginx:1.16.1').replace('StatefulSet', 'Deployment').replace('  serviceName: web\n', ''), statefulSet('nginx:1.200').replace('StatefulSet', 'Deployment').replace('  serviceName: web\n', ''));
  const w = r.workloads[0];
  assert.equal(w.outcome, 'stuck');
  assert.equal(w.cause?.summary, 'the image nginx:1.200 cannot be pulled');
  assert.equal(w.cause?.status, 'ImagePullBackOff');
  assert.equal(w.cause?.pods.length, 1);
  assert.match(w.cause!.pods[0], /^web-[a-z0-9]+-[a-z0-9]{5}$/);
  assert.ok(w.cause!.since <= 2, `since +${w.cause!.since}s`);
  assert.match(w.cause?.message ?? '', /^Failed to pull image "nginx:1\.200": .*not found/);
  assert.match(r.summary[1], /^Deployment web: the image nginx:1\.200 cannot be pulled: pod web-\S+ in ImagePullBackOff since \+\ds; so the rollout is stuck after /);

  const md = renderRolloutReport(r);
  assert.equal(md.match(/^## Deployment web/gm)?.length, 1, 'the Deployment is listed once');
  const cause = md.indexOf('**Cause:**');
  const consequences = md.indexOf('**Consequences:**');
  assert.ok(cause > 0 && consequences > cause, md);
  assert.ok(md.indexOf('progress deadline') > consequences, 'the deadline is a consequence, after the cause');
  assert.match(md, /> Failed to pull image "nginx:1\.200"/);
  assert.doesNotMatch(md, /\(at \d/, 'times count from the apply (+1s), not from the start of the run');
});

test('the rollout preview in a Korean editor: cause, change, consequences and steps in Korean; the kubelet\'s and controller\'s words as they are', async () => {
  const before = statefulSet('nginx:1.16.1').replace('StatefulSet', 'Deployment').replace('  serviceName: web\n', '');
  const after = statefulSet('nginx:1.200').replace('StatefulSet', 'Deployment').replace('  serviceName: web\n', '');
  const r = await previewRollout([{ uri: 'file:///r/m.yaml', text: before }], [{ uri: 'file:///r/m.yaml', text: after }], {
    factory: createSimulationFactory(() => []),
    render: (ref) => renderMessage(ref, KOREAN),
  });
  const w = r.workloads[0];
  assert.equal(w.cause?.summary, '이미지 nginx:1.200을(를) 받을 수 없습니다');
  assert.deepEqual(w.changes, ['컨테이너 nginx의 이미지: nginx:1.16.1 -> nginx:1.200']);
  assert.ok(w.reasons.every((x) => /[가-힣]/.test(x)), JSON.stringify(w.reasons));
  // The client's bundle (l10n/bundle.l10n.ko.json), as vscode.l10n.t reads it.
  const bundle = JSON.parse(readFileSync(join(__dirname, '..', '..', 'l10n', 'bundle.l10n.ko.json'), 'utf8')) as Record<string, string>;
  const t = (m: string, ...a: (string | number)[]) => (bundle[m] ?? m).replace(/\{(\d+)\}/g, (_, i: string) => String(a[Number(i)]));
  const md = renderRolloutReport(r, t);
  assert.match(md, /\*\*원인:\*\* 이미지 nginx:1\.200을\(를\) 받을 수 없습니다: 파드 web-\S+이\(가\) \+\d+s부터 ImagePullBackOff 상태입니다\./);
  assert.doesNotMatch(md, /\(at \d|시점\)/, 'times count from the apply (+1s), not from the start of the run');
  // What is left in English is Kubernetes': the kubelet's quote and the controller's scaling events.
  const ours = md.split('\n').filter((l) => !l.startsWith('> ') && !/Scaled (up|down) replica set/.test(l)).join('\n');
  assert.deepEqual(englishSentences(ours), [], md);
});
