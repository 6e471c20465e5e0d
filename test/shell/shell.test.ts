import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShellClock, parseSpeed } from '../../server/src/shell/clock';
import { complete, commonPrefix } from '../../server/src/shell/completion';
import { InteractiveShell, type Timers } from '../../server/src/shell/interactive';
import { LineEditor } from '../../server/src/shell/lineEditor';
import { parseSleep } from '../../server/src/shell/session';
import { runTranscript } from '../../server/src/shell/transcript';
import { parseTables } from '../../server/src/shell/watch';
import { newShell } from './helpers';

/** The editor's line (read through a function so assertions do not narrow its type). */
const text = (e: LineEditor): string => e.buffer;

test('line editor: typing, cursor keys, Home/End, Backspace/Delete, Ctrl+A/E/U/K/W', () => {
  const e = new LineEditor();
  e.feed('kubectl get pod');
  e.feed('\x1b[D\x1b[D\x1b[D');
  assert.equal(e.cursor, 12);
  e.feed('x');
  assert.equal(text(e), 'kubectl get xpod');
  e.feed('\x7f\x1b[3~');
  assert.equal(text(e), 'kubectl get od');
  e.feed('\x01');
  assert.equal(e.cursor, 0);
  e.feed('\x1b[F');
  assert.equal(e.cursor, text(e).length);
  e.feed('\x17');
  assert.equal(text(e), 'kubectl get ');
  e.feed('\x1b[H\x1b[C\x1b[C\x0b');
  assert.equal(text(e), 'ku');
  e.feed('\x05bectl\x15');
  assert.equal(text(e), '');
  assert.deepEqual(e.feed('abc\r'), [{ type: 'changed' }, { type: 'submit', line: 'abc' }]);
  assert.deepEqual(e.feed('\x03'), [{ type: 'interrupt' }]);
  assert.deepEqual(e.feed('\x04'), [{ type: 'eof' }]);
  assert.deepEqual(e.feed('\t'), [{ type: 'complete' }]);
  assert.equal(e.render('$ '), '\r$ \x1b[K');
});

test('line editor: history with up and down keeps the line being typed', () => {
  const e = new LineEditor();
  e.feed('one\r');
  e.feed('two\r');
  e.feed('dra');
  e.feed('\x1b[A');
  assert.equal(e.buffer, 'two');
  e.feed('\x1b[A\x1b[A');
  assert.equal(e.buffer, 'one');
  e.feed('\x1b[B\x1b[B');
  assert.equal(e.buffer, 'dra');
});

test('completion: verbs, resource types, names from the live cluster, TYPE/NAME, flags', async () => {
  const names = async (type: string) => (type === 'pods' || type === 'pod' ? ['web-1', 'web-2', 'db-0'] : type.startsWith('deployment') ? ['web'] : type === 'customresourcedefinitions' ? ['widgets.rehearsal.example.com'] : type === 'widgets' ? ['small-one'] : []);
  assert.deepEqual((await complete('kubectl des', 11, names)).candidates, ['describe']);
  assert.deepEqual((await complete('kubectl get dep', 15, names)).candidates, ['deploy', 'deployments']);
  assert.deepEqual((await complete('kubectl logs w', 14, names)).candidates, ['web-1', 'web-2']);
  assert.deepEqual((await complete('kubectl describe pod/d', 22, names)).candidates, ['pod/db-0']);
  assert.deepEqual((await complete('kubectl rollout undo deployment/w', 33, names)).candidates, ['deployment/web']);
  assert.deepEqual((await complete('kubectl get pods --sh', 21, names)).candidates, ['--show-labels']);
  assert.deepEqual((await complete('cl', 2, names)).candidates, ['clear', 'clock']);
  // Custom kinds the simulated cluster serves, and their objects.
  assert.deepEqual((await complete('kubectl get wid', 15, names)).candidates, ['widgets']);
  assert.deepEqual((await complete('kubectl describe widgets s', 26, names)).candidates, ['small-one']);
  assert.equal(commonPrefix(['web-1', 'web-2']), 'web-');
});

test('clock: virtual time follows real time at the chosen speed; paused stands still', () => {
  let now = 0;
  const c = new ShellClock(() => now, 10);
  now = 1500;
  assert.equal(c.due(), 15);
  c.pause();
  now = 10_000;
  assert.equal(c.due(), 0);
  c.resume();
  c.setSpeed(60);
  now = 11_000;
  assert.equal(c.due(), 60);
  assert.equal(parseSpeed('60x'), 60);
  assert.equal(parseSpeed('fast'), undefined);
  assert.equal(parseSleep('2m30s'), 150);
  assert.equal(parseSleep('soon'), undefined);
});

test('built-ins: sleep moves virtual time, clock speed, unsupported verbs and pipes say they are not simulated', async () => {
  const s = newShell();
  await s.session.execute('sleep 90s');
  assert.equal(s.backend.time, 90);
  assert.equal((await s.session.execute('clock')).output, 'virtual time 1m30s, clock paused\n');
  assert.equal((await s.session.execute('clock speed 10x')).output, 'clock running at 10x (paused: clock resume to start it)\n');
  const exec = await s.session.execute('kubectl attach web');
  assert.equal(exec.exitCode, 1);
  assert.match(exec.output, /"kubectl attach" is not simulated/);
  assert.equal((await s.session.execute('kubectl exec -it web -- sh')).output, 'Error from server (NotFound): pods "web" not found\n');
  assert.match((await s.session.execute('kubectl get pods | grep web')).output, /"\|" is not simulated/);
  assert.match((await s.session.execute('ls -la')).output, /ls: command not found: this shell simulates kubectl only/);
  assert.match((await s.session.execute('kubectl frob')).output, /unknown command "frob" for "kubectl"/);
  assert.match((await s.session.execute('help')).output, /clock speed 10x/);
});

test('watch tables: rows are parsed by the header offsets', () => {
  const [t] = parseTables('NAME    READY   STATUS    RESTARTS      AGE\nweb-1   1/1     Running   2 (5s ago)    3m\n');
  assert.deepEqual(t.header, ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
  assert.deepEqual(t.rows[0], ['web-1', '1/1', 'Running', '2 (5s ago)', '3m']);
});

test('transcript: a watch runs for the sleep after it and prints each change, then ^C', async () => {
  const s = newShell();
  const r = await runTranscript(s.session, 'kubectl run web --image=nginx\nkubectl get pods -w\nsleep 20s\nkubectl get pods\n');
  const lines = r.text.split('\n');
  assert.equal(lines[0], '$ kubectl run web --image=nginx');
  assert.equal(lines[2], '$ kubectl get pods -w');
  assert.match(r.text, /\nweb +0\/1 +ContainerCreating +0 +0s\n/);
  assert.match(r.text, /\nweb +1\/1 +Running +0 +\d+s\n\^C\n\$ kubectl get pods\n/);
  assert.equal(s.backend.time, 20);
});

test('interactive: typed commands run, Tab completes names, a watch prints as the clock runs and Ctrl+C stops it', async () => {
  let now = 0;
  const s = newShell({ now: () => now, speed: 10 });
  let written = '';
  let tick: (() => void) | undefined;
  const timers: Timers = { setInterval: (fn) => (tick = fn), clearInterval: () => (tick = undefined) };
  const shell = new InteractiveShell(s.session, { write: (t) => (written += t), close: () => undefined }, { timers });
  shell.start();
  await shell.input('kubectl run web --image=nginx\r');
  assert.match(written, /pod\/web created\r\n/);
  written = '';
  await shell.input('kubectl get pod w');
  await shell.input('\t');
  assert.match(written, /kubectl get pod web \x1b\[K$/);
  await shell.input('-w\r');
  assert.ok(tick, 'the watch ticks');
  written = '';
  now += 2000; // 20 virtual seconds at 10x
  tick!();
  await new Promise((r) => setTimeout(r, 50));
  assert.match(written, /web +1\/1 +Running/);
  await shell.input('\x03');
  assert.equal(tick, undefined);
  assert.match(written, /\^C\r\n/);
  assert.ok(s.backend.time >= 20);
});

test('sleep says so when the simulation cannot go further (a session horizon)', async () => {
  let time = 3590;
  const backend = { get time() { return time; }, kubectl: async () => ({ stdout: '', stderr: '', exitCode: 0 }), advance: async (s: number) => void (time = Math.min(3600, time + s)) };
  const { ShellSession } = await import('../../server/src/shell/session');
  const session = new ShellSession(backend, new ShellClock(() => 0, 1, true));
  const r = await session.execute('sleep 1m');
  assert.equal(r.exitCode, 1);
  assert.equal(r.output, 'sleep: the simulation stops at 1h0m0s; time cannot pass beyond it\n');
});

test('transcript: logs -f follows new lines as virtual time passes', async () => {
  const s = newShell();
  const script = 'kubectl run ticker --image=busybox -- /bin/sh -c "i=0; while true; do echo tick $i; i=$((i+1)); sleep 2; done"\nsleep 3s\nkubectl logs -f ticker\nsleep 5s\n';
  const r = await runTranscript(s.session, script);
  assert.match(r.text, /\$ kubectl logs -f ticker\ntick 0\ntick 1\ntick 2\ntick 3\n\^C\n$/);
});
