import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTimeline } from '../../client/src/dryrun/timelineModel';
import { timelineHtml } from '../../client/src/dryrun/timelineHtml';
import { formatEvents } from '../../client/src/dryrun/eventLog';
import { formatSeconds, parseDuration } from '../../server/src/engine/dryrun/format';
import type { SimSnapshot } from '../../server/src/engine/dryrun/contract';

const snapshot = (): SimSnapshot => JSON.parse(readFileSync(join(__dirname, '../../test-fixtures/dryrun/tutorial-120s.json'), 'utf8')) as SimSnapshot;

test('timeline: one bar per pod with status segments, restarts and probe failures', () => {
  const m = buildTimeline(snapshot());
  assert.equal(m.end, 120);
  assert.deepEqual(m.bars.map((b) => `${b.group}|${b.name}`), [
    '|web-liveness',
    'hello-world|hello-world-5f7c8d9b6-x7k2p',
    'nginx|nginx-66b6c48dd5-b2c4d',
    'nginx|nginx-66b6c48dd5-q9z8w',
  ]);
  const hello = m.bars.find((b) => b.name.startsWith('hello-world'))!;
  assert.deepEqual(hello.segments.slice(0, 3).map((s) => [s.start, s.end, s.status, s.health]), [
    [0, 2, 'ContainerCreating', 'progressing'],
    [2, 3, 'Completed', 'completed'],
    [3, 13, 'CrashLoopBackOff', 'failing'],
  ]);
  assert.equal(hello.segments[hello.segments.length - 1].end, 120);
  const web = m.bars.find((b) => b.name === 'web-liveness')!;
  assert.deepEqual(web.probeFailures.map((p) => p.time), [9]);
  assert.equal(web.segments[1].health, 'ok');
  const nginx = m.deployments.find((d) => d.deployment === 'nginx')!;
  assert.deepEqual(nginx.replicaSets.map((r) => [r.name, r.revision, r.points]), [['nginx-66b6c48dd5', '1', [{ time: 0, count: 2 }]]]);
});

test('timeline: a rolling update shows the old ReplicaSet going down as the new one comes up', () => {
  const s = snapshot();
  s.time = 60;
  s.workloads = s.workloads.filter((w) => !w.name.startsWith('hello'));
  s.workloads.push({ kind: 'ReplicaSet', namespace: 'default', name: 'nginx-7d9f8c6b5', ready: '2/2', revision: 2, owner: 'Deployment/nginx' });
  s.pods = [
    { namespace: 'default', name: 'nginx-7d9f8c6b5-aaaaa', owner: 'ReplicaSet/nginx-7d9f8c6b5', node: 'minikube', phase: 'Running', status: 'Running', ready: '1/1', restarts: 0, containers: [] },
    { namespace: 'default', name: 'nginx-7d9f8c6b5-bbbbb', owner: 'ReplicaSet/nginx-7d9f8c6b5', node: 'minikube', phase: 'Running', status: 'Running', ready: '1/1', restarts: 0, containers: [] },
  ];
  s.events = [];
  s.timeline = [
    { time: 0, object: 'pod/nginx-66b6c48dd5-b2c4d', status: 'Running' },
    { time: 0, object: 'pod/nginx-66b6c48dd5-q9z8w', status: 'Running' },
    { time: 30, object: 'pod/nginx-7d9f8c6b5-aaaaa', status: 'Running' },
    { time: 34, object: 'pod/nginx-66b6c48dd5-b2c4d', status: 'Terminating' },
    { time: 35, object: 'pod/nginx-66b6c48dd5-b2c4d', status: 'Deleted' },
    { time: 35, object: 'pod/nginx-7d9f8c6b5-bbbbb', status: 'Running' },
    { time: 39, object: 'pod/nginx-66b6c48dd5-q9z8w', status: 'Terminating' },
    { time: 40, object: 'pod/nginx-66b6c48dd5-q9z8w', status: 'Deleted' },
  ];
  const m = buildTimeline(s);
  const d = m.deployments.find((x) => x.deployment === 'nginx')!;
  assert.deepEqual(d.replicaSets.map((r) => [r.name, r.points.map((p) => `${p.time}:${p.count}`).join(' ')]), [
    ['nginx-66b6c48dd5', '0:2 34:1 39:0'],
    ['nginx-7d9f8c6b5', '0:0 30:1 35:2'],
  ]);
  const gone = m.bars.find((b) => b.name === 'nginx-66b6c48dd5-b2c4d')!;
  assert.equal(gone.present, false);
  assert.deepEqual(gone.segments.map((g) => [g.start, g.end, g.status]), [[0, 34, 'Running'], [34, 35, 'Terminating']]);
});

test('timeline html: strict CSP with a nonce, no remote content, theme variables', () => {
  const html = timelineHtml('abc123', 'vscode-webview://x', 'Dry Run Timeline');
  assert.match(html, /default-src 'none'/);
  assert.match(html, /script-src 'nonce-abc123'/);
  assert.doesNotMatch(html, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  assert.match(html, /var\(--vscode-testing-iconPassed/);
  assert.equal((html.match(/<script/g) ?? []).length, (html.match(/<script nonce="abc123">/g) ?? []).length);
});

test('event log in kubectl get events columns', () => {
  const text = formatEvents(snapshot().events, 120);
  const lines = text.split('\n');
  assert.equal(lines[0], '# dry run at 2m: 19 events');
  assert.match(lines[1], /^TIME\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
  assert.match(lines[2], /^\+0s\s+Normal\s+ScalingReplicaSet\s+deployment\/hello-world\s+Scaled up replica set hello-world-5f7c8d9b6 from 0 to 1$/);
  assert.match(text, /\+14s\s+Warning\s+BackOff\s+pod\/hello-world-5f7c8d9b6-x7k2p/);
  // sorted by time
  assert.ok(text.indexOf('+9s') < text.indexOf('+14s'));
});

test('durations', () => {
  assert.equal(formatSeconds(0), '0s');
  assert.equal(formatSeconds(91), '1m31s');
  assert.equal(formatSeconds(3900), '1h5m');
  assert.equal(parseDuration('90'), 90);
  assert.equal(parseDuration('1m30s'), 90);
  assert.equal(parseDuration('2m'), 120);
  assert.equal(parseDuration('soon'), undefined);
  assert.equal(parseDuration(''), undefined);
});

test('podsOf: the timeline rows a CodeLens reveals, through ReplicaSets (with or without their owner in the snapshot)', async () => {
  const { podsOf } = await import('../../client/src/dryrun/timelineModel');
  const { parseYamlFile } = await import('../../server/src/engine/yaml/documents');
  const { runWorkspace } = await import('../../server/src/engine/dryrun/workspaceRun');
  const dep = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: { app: ${name} }\n  template:\n    metadata:\n      labels: { app: ${name} }\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n`;
  const r = await runWorkspace([parseYamlFile('file:///w/a.yaml', `${dep('shop')}---\n${dep('shop-admin')}`)], { duration: 20 });
  const shop = podsOf(r.snapshot, { kind: 'Deployment', namespace: 'default', name: 'shop' });
  assert.equal(shop.length, 2);
  assert.ok(shop.every((k) => /^default\/shop-[a-z0-9]+-[a-z0-9]{5}$/.test(k)), shop.join(' '));
  assert.equal(podsOf(r.snapshot, { kind: 'Deployment', namespace: 'default', name: 'shop-admin' }).length, 2);
  assert.deepEqual(podsOf(r.snapshot, { kind: 'Deployment', namespace: 'other', name: 'shop' }), []);
});

test('thousands of pods: the timeline draws one row per workload with the worst health over time, and charts 20 Deployments at most', async () => {
  const { buildTimeline: build } = await import('../../client/src/dryrun/timelineModel');
  const pods = [];
  const workloads = [];
  const timeline = [];
  for (let d = 0; d < 150; d++) {
    workloads.push({ kind: 'Deployment', namespace: 'default', name: `app-${d}`, ready: '3/3' });
    workloads.push({ kind: 'ReplicaSet', namespace: 'default', name: `app-${d}-5f7c8d9b6`, ready: '3/3', revision: 1 });
    for (const p of ['bcdfg', 'hjklm', 'npqrs']) {
      const name = `app-${d}-5f7c8d9b6-${p}`;
      const failing = d === 7 && p === 'hjklm';
      pods.push({ namespace: 'default', name, owner: `ReplicaSet/app-${d}-5f7c8d9b6`, node: 'minikube', phase: 'Running', status: failing ? 'CrashLoopBackOff' : 'Running', ready: failing ? '0/1' : '1/1', restarts: 0, containers: [] });
      timeline.push({ time: 0, object: `pod/${name}`, status: 'ContainerCreating 0/1' });
      timeline.push({ time: 4, object: `pod/${name}`, status: failing ? 'CrashLoopBackOff 0/1' : 'Running 1/1' });
    }
  }
  const snap = { time: 60, nodes: [], workloads, pods, services: [], jobs: [], events: [], timeline, assumptions: [] };
  const m = build(snap as never);
  assert.equal(m.aggregated, true);
  assert.equal(m.pods, 450);
  assert.equal(m.bars.length, 150, 'one row per Deployment');
  const seven = m.bars.find((b) => b.name === 'app-7 (3 pods)')!;
  assert.equal(seven.pods?.length, 3);
  assert.deepEqual(seven.segments.map((s) => [s.start, s.end, s.health, s.status]), [[0, 4, 'progressing', '3 pods: 3 progressing'], [4, 60, 'failing', '3 pods: 1 failing, 2 ok']]);
  assert.equal(m.deployments.length, 20);
  assert.equal(m.omittedDeployments, 130);
});

test('9,000 pods: one row per workload with its pod count; a row opens on demand, 100 pods at a time', async () => {
  const { buildTimeline: build, GROUP_PAGE, HOVER_EVENTS } = await import('../../client/src/dryrun/timelineModel');
  const pods = [];
  const events: SimSnapshot['events'] = [];
  const timeline = [];
  const workloads = [{ kind: 'Deployment', namespace: 'default', name: 'big', ready: '8990/9000' }, { kind: 'ReplicaSet', namespace: 'default', name: 'big-5f7c8d9b6', ready: '8990/9000', revision: 1 }];
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const suffix = (i: number) => Array.from({ length: 5 }, (_, k) => alphabet[Math.floor(i / alphabet.length ** k) % alphabet.length]).join('');
  for (let i = 0; i < 9000; i++) {
    const name = `big-5f7c8d9b6-${suffix(i)}`;
    const failing = i % 900 === 0;
    pods.push({ namespace: 'default', name, owner: 'ReplicaSet/big-5f7c8d9b6', node: 'minikube', phase: 'Running', status: failing ? 'CrashLoopBackOff' : 'Running', ready: failing ? '0/1' : '1/1', restarts: 0, containers: [] });
    timeline.push({ time: 0, object: `pod/${name}`, status: 'ContainerCreating 0/1' });
    timeline.push({ time: 5, object: `pod/${name}`, status: failing ? 'CrashLoopBackOff 0/1' : 'Running 1/1' });
    for (const [time, reason, message] of [[0, 'Scheduled', `Successfully assigned default/${name} to minikube`], [1, 'Pulled', 'Container image "nginx:1.27" already present on machine'], [2, 'Created', 'Created container: web'], [3, 'Started', 'Started container web']] as const) {
      events.push({ time, type: 'Normal', reason, object: `pod/${name}`, namespace: 'default', message });
    }
    if (failing) events.push({ time: 20 + i / 900, type: 'Warning', reason: 'BackOff', object: `pod/${name}`, namespace: 'default', message: 'Back-off restarting failed container web' });
  }
  pods.push({ namespace: 'default', name: 'lonely', node: 'minikube', phase: 'Running', status: 'Running', ready: '1/1', restarts: 0, containers: [] });
  const snap = { time: 60, nodes: [], workloads, pods, services: [], jobs: [], events, timeline, assumptions: [] } as never;

  const started = Date.now();
  const closed = build(snap);
  assert.ok(Date.now() - started < 10_000, `built in ${Date.now() - started} ms`);
  assert.equal(closed.aggregated, true);
  assert.equal(closed.pods, 9001);
  assert.deepEqual(closed.bars.map((b) => b.name), ['lonely (1 pod)', 'big (9000 pods)']);
  const group = closed.bars[1];
  assert.deepEqual(group.segments.map((x) => x.status), ['9000 pods: 9000 progressing', '9000 pods: 10 failing, 8990 ok']);
  assert.equal(group.expanded, undefined);
  // The group row carries only the events its hovers list: each segment's last ones, as they were.
  assert.ok(group.events.length <= HOVER_EVENTS * group.segments.length, `${group.events.length} events on the group row`);
  for (const seg of group.segments) {
    const all = (events as SimSnapshot['events']).filter((e) => e.object.startsWith('pod/big-') && e.time >= seg.start && e.time <= seg.end).sort((a, b) => a.time - b.time).slice(-HOVER_EVENTS);
    const shown = group.events.filter((e) => e.time >= seg.start && e.time <= seg.end).slice(-HOVER_EVENTS);
    assert.deepEqual(shown.map((e) => `${e.time} ${e.reason} ${e.message}`), all.map((e) => `${e.time} ${e.reason} ${e.message}`));
  }
  assert.ok(group.events.some((e) => e.reason === 'BackOff'));
  // What is posted to the webview for 9,000 pods with 36,010 events: the pod keys of the group, not their events.
  const bytes = JSON.stringify(closed).length;
  assert.ok(bytes < 400_000, `the closed timeline is ${bytes} bytes of JSON`);

  // Opened: the group row, its first 100 pods (in the timeline's order), and how many are left.
  const open = build(snap, { expanded: new Map([[group.key, GROUP_PAGE]]) });
  assert.equal(GROUP_PAGE, 100);
  assert.equal(open.bars.length, 2 + 100 + 1);
  assert.equal(open.bars[1].expanded, true);
  const members = open.bars.slice(2, 102);
  assert.ok(members.every((b) => b.parent === group.key && b.segments.length === 2 && b.name.startsWith('big-5f7c8d9b6-')));
  assert.deepEqual(members.map((b) => b.key), group.pods!.slice(0, 100));
  const more = open.bars[102];
  assert.deepEqual([more.parent, more.more, more.segments.length], [group.key, 8900, 0]);
  // The next page, and the whole group: no "more" row once every pod is shown.
  assert.equal(build(snap, { expanded: new Map([[group.key, 2 * GROUP_PAGE]]) }).bars.at(-1)!.more, 8800);
  const all = build(snap, { expanded: new Map([[group.key, 9000]]) });
  assert.equal(all.bars.length, 2 + 9000);
  assert.equal(all.bars.filter((b) => b.more).length, 0);
  // A key that is no longer a row (the run changed) opens nothing.
  assert.deepEqual(build(snap, { expanded: new Map([['default/gone', 100]]) }).bars.map((b) => b.name), ['lonely (1 pod)', 'big (9000 pods)']);
});

test('the timeline webview opens a group row and pages its pods through messages', () => {
  const html = timelineHtml('nonce', 'csp', 'Timeline');
  assert.match(html, /type: 'toggleGroup', key: b\.key/);
  assert.match(html, /type: 'moreOfGroup', key: b\.parent/);
});

test('Jump to Time is prefilled as the view shows the time, and reads it back', async () => {
  const { formatSeconds, parseDuration } = await import('../../server/src/engine/dryrun/format');
  // Within the dry run's hour (past it the view shows hours and minutes only).
  for (const s of [0, 45, 970, 3599, 3600]) assert.equal(parseDuration(formatSeconds(s)), s, formatSeconds(s));
  assert.equal(formatSeconds(970), '16m10s');
});
