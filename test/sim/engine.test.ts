/** Unit tests of the simulator's parts: clock, back-off, helpers, validation, fenceposts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventQueue } from '../../server/src/sim/clock/eventQueue';
import { Backoff } from '../../server/src/sim/kubelet/backoff';
import { computeHash, resolveFenceposts } from '../../server/src/sim/controllers/deployment/util';
import { validateForApiServer } from '../../server/src/engine/apiServerValidation';
import { toObject } from '../../server/src/sim/apiserver/apply';
import { goDuration, humanDuration, matchesSelector, parseDuration, parseQuantity, parseSelectorString, Prng } from '../../server/src/sim/util';
import { podStatusText } from '../../server/src/sim/status';
import type { KObject } from '../../server/src/sim/types';

test('event queue runs events in time order, same-time events in scheduling order', () => {
  const q = new EventQueue();
  const seen: string[] = [];
  q.schedule(20, () => seen.push('c'));
  q.schedule(10, () => seen.push('a'));
  q.schedule(10, () => seen.push('b'));
  q.schedule(5, () => seen.push('first'));
  for (let e = q.pop(); e; e = q.pop()) e.run();
  assert.deepEqual(seen, ['first', 'a', 'b', 'c']);
});

test('event queue refuses a NaN time instead of spinning at it', () => {
  const q = new EventQueue();
  assert.throws(() => q.schedule(Number.NaN, () => {}), /NaN/);
  assert.equal(q.size, 0);
});

test('container back-off: 10 s doubling to 300 s, reset after 10 minutes of running', () => {
  const b = new Backoff(10_000, 300_000);
  let now = 0;
  const seq: number[] = [];
  for (let i = 0; i < 7; i++) {
    seq.push(b.next('c', now, now) / 1000);
    now += 1000;
  }
  assert.deepEqual(seq, [10, 20, 40, 80, 160, 300, 300]);
  // Exit more than 2*max (600 s) after the last restart: back to 10 s.
  const last = b.get('c')!.lastUpdate;
  assert.equal(b.next('c', last + 600_001, last + 600_001), 10_000);
  assert.equal(b.inBackOffSince('c', last + 600_001, last + 600_001 + 9_999), true);
  assert.equal(b.inBackOffSince('c', last + 600_001, last + 600_001 + 10_000), false);
});

test('fenceposts: maxSurge rounds up, maxUnavailable down, both zero -> unavailable 1', () => {
  const d = (replicas: number, surge: unknown = '25%', unavail: unknown = '25%') =>
    ({ spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavail } } } }) as unknown as KObject;
  assert.deepEqual(resolveFenceposts(d(1)), { surge: 1, unavailable: 0 });
  assert.deepEqual(resolveFenceposts(d(3)), { surge: 1, unavailable: 0 });
  assert.deepEqual(resolveFenceposts(d(4)), { surge: 1, unavailable: 1 });
  assert.deepEqual(resolveFenceposts(d(10)), { surge: 3, unavailable: 2 });
  assert.deepEqual(resolveFenceposts(d(3, 0, '10%')), { surge: 0, unavailable: 1 });
});

test('pod-template-hash stand-in uses the real alphabet and is stable', () => {
  const t = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'a', image: 'nginx' }] } };
  const h = computeHash(t);
  assert.match(h, /^[4-9bcdf]{1,10}$/);
  assert.equal(computeHash(JSON.parse(JSON.stringify(t))), h);
  assert.notEqual(computeHash({ ...t, spec: { containers: [{ name: 'a', image: 'nginx:1.25' }] } }), h);
  assert.notEqual(computeHash(t, 1), h);
  const p = new Prng(3);
  assert.match(p.suffix(), /^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

test('quantities, durations and selectors', () => {
  assert.equal(parseQuantity('500m'), 0.5);
  assert.equal(parseQuantity('128Mi'), 128 * 2 ** 20);
  assert.equal(parseQuantity('1G'), 1e9);
  assert.equal(parseQuantity('1e3'), 1000);
  assert.ok(Number.isNaN(parseQuantity('12x')));
  assert.equal(goDuration(80), '1m20s');
  assert.equal(goDuration(300), '5m0s');
  assert.equal(goDuration(10), '10s');
  assert.equal(humanDuration(119), '119s');
  assert.equal(humanDuration(150), '2m30s');
  assert.equal(humanDuration(660), '11m');
  assert.equal(parseDuration('1h30m'), 5400);
  assert.equal(parseDuration('90s'), 90);
  assert.equal(parseDuration('abc'), undefined);
  const sel = parseSelectorString('app=web,tier!=db,env in (prod,staging),!legacy');
  assert.ok(matchesSelector(sel, { app: 'web', env: 'prod' }));
  assert.ok(!matchesSelector(sel, { app: 'web', env: 'dev' }));
  assert.ok(!matchesSelector(sel, { app: 'web', env: 'prod', legacy: 'y' }));
});

test('validation: the API server messages for objects it rejects', () => {
  const v = (m: Record<string, unknown>) => validateForApiServer(m)?.message;
  const tpl = (labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({ metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...extra } });
  assert.match(
    v({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { app: 'a' } }, template: tpl({ app: 'b' }) } })!,
    /^Deployment\.apps "d" is invalid: spec\.template\.metadata\.labels: Invalid value: map\[string\]string\{"app":"b"\}: `selector` does not match template `labels`$/,
  );
  assert.equal(
    v({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: tpl({}) } }),
    'Job.batch "j" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
  );
  assert.equal(
    v({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { app: 'a' } }, strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }, template: tpl({ app: 'a' }) } }),
    'Deployment.apps "d" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
  );
  assert.equal(
    v({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' }, spec: { selector: { matchLabels: { app: 'a' } }, template: tpl({ app: 'a' }, { restartPolicy: 'Never' }) } }),
    'ReplicaSet.apps "r" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
  );
  assert.match(v({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: { containers: [{ name: 'c', image: 'x' }] } })!, /^Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
  assert.equal(v({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ok' }, spec: { containers: [{ name: 'c', image: 'x' }] } }), undefined);
  // Decoding comes first: a wrong type, then strict field validation (400 BadRequest).
  const rs = (spec: Record<string, unknown>) => validateForApiServer({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'myweb-rs' }, spec: { selector: { matchLabels: { app: 'a' } }, template: tpl({ app: 'a' }), ...spec } });
  assert.deepEqual(
    [rs({ replicas: 'two' })?.reason, rs({ replicas: 'two' })?.message],
    ['BadRequest', 'ReplicaSet in version "v1" cannot be handled as a ReplicaSet: json: cannot unmarshal string into Go struct field ReplicaSetSpec.spec.replicas of type int32'],
  );
  assert.equal(rs({ selecotr: {} })?.message, 'ReplicaSet in version "v1" cannot be handled as a ReplicaSet: strict decoding error: unknown field "spec.selecotr"');
  assert.equal(validateForApiServer({ apiVersion: 'apps/v1', kind: 'RelicaSets', metadata: { name: 'x' } })?.message, 'no matches for kind "RelicaSets" in version "apps/v1"');
  // Several field errors: one Status message, as apimachinery aggregates them.
  assert.equal(
    v({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { containers: [{ name: 'c', livenessProbe: { periodSeconds: 5 } }] } }),
    'Pod "" is invalid: [metadata.name: Required value: name or generateName is required, spec.containers[0].image: Required value, spec.containers[0].livenessProbe: Required value: must specify a handler type]',
  );
});

test('STATUS column follows printPod', () => {
  const pod = (status: Record<string, unknown>, extra: Partial<KObject['metadata']> = {}, spec: Record<string, unknown> = {}) =>
    ({ metadata: { name: 'p', labels: {}, annotations: {}, ...extra }, spec: { containers: [{ name: 'a' }], ...spec }, status }) as unknown as KObject;
  assert.equal(podStatusText(pod({ phase: 'Pending' })), 'Pending');
  assert.equal(podStatusText(pod({ phase: 'Running', containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }] })), 'CrashLoopBackOff');
  assert.equal(podStatusText(pod({ phase: 'Succeeded', containerStatuses: [{ state: { terminated: { reason: 'Completed', exitCode: 0 } } }] })), 'Completed');
  assert.equal(podStatusText(pod({ phase: 'Running', containerStatuses: [{ ready: true, state: { running: {} } }] }, { deletionTimestamp: 5 })), 'Terminating');
  assert.equal(
    podStatusText(pod({ phase: 'Pending', initContainerStatuses: [{ state: { running: {} } }], containerStatuses: [{ state: { waiting: { reason: 'PodInitializing' } } }] }, {}, { initContainers: [{ name: 'i' }] })),
    'Init:0/1',
  );
});

test('generateName: a taken name is generated again (RetryGenerateName, 1.31+), at most 8 names; before 1.31 the create fails', async () => {
  const { Store, ApiError } = await import('../../server/src/sim/store/store');
  const make = (names: string[], attempts: number) => {
    const s = new Store({ now: () => 0, uid: () => `uid-${Math.random()}`, suffix: () => names.shift() ?? 'zzzzz', generateNameAttempts: attempts });
    s.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } as KObject);
    return s;
  };
  const pod = () => ({ apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'web-' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }) as unknown as KObject;
  // 100 replicas churning for ten minutes generate thousands of names: some collide (a dry run of
  // kubernetes/examples' sysdig RC reported `pods "sysdig-agent-xg9n5" already exists`).
  const s = make(['aaaaa', 'aaaaa', 'aaaaa', 'bbbbb'], 8);
  assert.equal(s.create(pod()).metadata.name, 'web-aaaaa');
  assert.equal(s.create(pod()).metadata.name, 'web-bbbbb');
  const old = make(['aaaaa', 'aaaaa'], 1);
  old.create(pod());
  assert.throws(() => old.create(pod()), (e: unknown) => e instanceof ApiError && /pods "web-aaaaa" already exists/.test((e as Error).message));
  const full = make(Array(9).fill('aaaaa'), 8);
  full.create(pod());
  assert.throws(() => full.create(pod()), /already exists/, 'the eighth taken name fails the create');
});
