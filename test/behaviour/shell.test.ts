import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBehaviourModel, type ContainerStartSpec } from '../../server/src/sim/behaviour';
import { parseShell, ShellSyntaxError } from '../../server/src/sim/behaviour/shell/parse';

const model = createBehaviourModel();

function sh(script: string, extra: Partial<ContainerStartSpec> = {}, horizon = 3600) {
  return model.start({ name: 'c', image: extra.image ?? 'busybox:1.36', command: ['/bin/sh', '-c', script], env: {}, ports: [], ...extra }, 0, horizon);
}

test('the liveness exec example: /tmp/healthy exists for 30 s, then cat fails with the busybox message', () => {
  const run = sh('touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600');
  const cat = { type: 'exec' as const, command: ['cat', '/tmp/healthy'] };
  assert.deepEqual(run.probe(cat, 5), { success: true });
  assert.deepEqual(run.probe(cat, 29), { success: true });
  assert.deepEqual(run.probe(cat, 35), { success: false, message: "cat: can't open '/tmp/healthy': No such file or directory" });
  assert.equal(run.exit?.at, 630);
  assert.equal(run.exit?.reason, 'Completed');
  // Asking about an earlier time again rebuilds the state at that time.
  assert.deepEqual(run.probe(cat, 10), { success: true });
});

test('GNU images print coreutils-style errors', () => {
  const run = sh('sleep 1000', { image: 'ubuntu:22.04' });
  assert.deepEqual(run.probe({ type: 'exec', command: ['cat', '/tmp/healthy'] }, 5), { success: false, message: 'cat: /tmp/healthy: No such file or directory' });
});

test('args alone run after the image entrypoint; date is deterministic virtual time', () => {
  const run = model.start({ name: 'hello', image: 'busybox:1.28', args: ['/bin/sh', '-c', 'date; echo Hello from the Kubernetes cluster'], env: {}, ports: [] }, 120, 3600);
  assert.deepEqual(run.logs(200), ['Thu Jan  1 00:02:00 UTC 2026', 'Hello from the Kubernetes cluster']);
  assert.deepEqual(run.exit, { at: 120, exitCode: 0, reason: 'Completed' });
});

test('echo -n, printf, variables, quoting and ${VAR:-default}', () => {
  const run = sh(`X=world; echo -n "a "; echo b; printf '%s-%d\\n' "$X" 42; echo '$X' "\${X}" \${MISSING:-dflt}; printf "%5s|\\n" ab`, { env: { GREETING: 'hi' } });
  assert.deepEqual(run.logs(1), ['a b', 'world-42', '$X world dflt', '   ab|']);
});

test('printf reads octal escapes as the shell does: \\033 is ESC, not NUL followed by "33"', () => {
  const run = sh(`printf '\\033[31mred\\0337\\101\\x42\\n'; printf '%b\\n' 'a\\0101'`);
  assert.deepEqual(run.logs(1), ['\x1b[31mred\x1b7AB', 'aA']);
});

test('env from the spec and $HOSTNAME from the pod name', () => {
  const run = sh('echo $GREETING $HOSTNAME; hostname', { env: { GREETING: 'hi' }, podName: 'web-abc12' });
  assert.deepEqual(run.logs(1), ['hi web-abc12', 'web-abc12']);
});

test('&& || ; with true/false and exit codes', () => {
  assert.deepEqual(sh('false && echo no || echo yes; true && echo also').logs(1), ['yes', 'also']);
  assert.equal(sh('exit 3').exit?.exitCode, 3);
  assert.equal(sh('exit 3').exit?.reason, 'Error');
  assert.equal(sh('false').exit?.exitCode, 1);
  assert.equal(sh('echo The app is running! && sleep 3600', {}, 3000).exit, undefined);
  assert.deepEqual(sh('echo The app is running! && sleep 3600').logs(10), ['The app is running!']);
});

test('for, while and until loops with sleep advance virtual time', () => {
  const run = sh('for i in 1 2 3; do echo "tick $i"; sleep 10; done; echo done');
  assert.deepEqual(run.logs(15), ['tick 1', 'tick 2']);
  assert.deepEqual(run.logs(100), ['tick 1', 'tick 2', 'tick 3', 'done']);
  assert.equal(run.exit?.at, 30);
  const counter = sh('i=0; while [ $i -lt 4 ]; do i=$((i+1)); sleep 1; done; echo "i=$i"; until [ $i -eq 0 ]; do i=$((i-2)); done; echo $i');
  assert.deepEqual(counter.logs(100), ['i=4', '0']);
  assert.equal(counter.exit?.at, 4);
});

test('logEntries carry the virtual time of each line', () => {
  const run = sh('echo a; sleep 2; echo b');
  assert.deepEqual(run.logEntries!(10), [{ at: 0, line: 'a' }, { at: 2, line: 'b' }]);
});

test('an infinite loop over a year of virtual time stays bounded and keeps the last lines', () => {
  const run = sh('while true; do echo hi; sleep 5; done', {}, 365 * 86400);
  assert.equal(run.exit, undefined);
  assert.deepEqual(run.logs(12), ['hi', 'hi', 'hi']);
  const late = run.logEntries!(365 * 86400);
  assert.equal(late.length, 1000);
  assert.equal(late[late.length - 1].at, 365 * 86400);
  assert.deepEqual(run.assumptions, []);
});

test('a loop without sleep hits the step budget and says so', () => {
  const run = sh('while true; do echo spin; done', {}, 86400);
  assert.equal(run.exit, undefined);
  assert.match(run.assumptions.join('\n'), /interpreted steps/);
  assert.ok(run.logs(10).length <= 1000);
});

test('if/elif/else, test operators and [ ]', () => {
  const run = sh([
    'mkdir -p /data/x; echo hi > /data/x/f',
    'if [ -f /data/x/f ]; then echo file; fi',
    'if [ -d /data/x ] && [ -e /data/x/f ]; then echo dir; else echo nodir; fi',
    'if test -z "$NOPE"; then echo empty; fi',
    'if [ -n "a" -a "a" = "a" ]; then echo nonempty; fi',
    'if [ 3 -gt 5 ]; then echo no; elif [ 3 -ne 5 ]; then echo ne; fi',
    '[ "x" != "y" ] && echo differ',
    '[ ! -f /nope ] && echo missing',
  ].join('\n'));
  assert.deepEqual(run.logs(1), ['file', 'dir', 'empty', 'nonempty', 'ne', 'differ', 'missing']);
});

test('redirections write the in-memory filesystem; cat, ls, rm -r and >> append', () => {
  const run = sh('echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f; ls /tmp; mkdir /tmp/d; touch /tmp/d/x; rm -r /tmp/d; ls /tmp; rm /tmp/nope');
  assert.deepEqual(run.logs(1), ['one', 'two', 'f', 'f', "rm: can't remove '/tmp/nope': No such file or directory"]);
  assert.equal(run.exit?.exitCode, 1);
});

test('the filesystem is reset on every start (a restart is a new run)', () => {
  const script = 'if [ -f /tmp/ran ]; then echo again; else echo first; fi; touch /tmp/ran; exit 1';
  assert.deepEqual(sh(script).logs(1), ['first']);
  assert.deepEqual(sh(script).logs(1), ['first']);
});

test('exec replaces the shell; sleep units and infinity', () => {
  assert.equal(sh('exec sleep 1m').exit?.at, 60);
  assert.equal(sh('sleep 1h').exit?.at, 3600);
  assert.equal(sh('sleep 0.5; sleep 1s').exit?.at, 1.5);
  assert.equal(sh('sleep infinity').exit, undefined);
});

test('SIGTERM: a shell as PID 1 ignores it without a trap; a TERM trap runs after the foreground command or at once in wait', () => {
  assert.equal(sh('sleep 100000').terminate(10), undefined);
  // Ignoring the signal, it still ends by itself when its sleep does.
  assert.deepEqual(sh('sleep 3600').terminate(10), { exitAt: 3600, exitCode: 0 });
  const trapped = sh("trap 'echo bye; exit 0' TERM; sleep 3600 & wait");
  assert.deepEqual(trapped.terminate(10), { exitAt: 10, exitCode: 0 });
  assert.deepEqual(trapped.logs(20), ['bye']);
  const foreground = sh("trap 'exit 0' TERM; sleep 20; sleep 3600");
  assert.deepEqual(foreground.terminate(10), { exitAt: 20, exitCode: 0 });
});

test('command substitution, arithmetic, case and functions', () => {
  const run = sh([
    'n=$(echo 5); echo $((n * 2 + 1))',
    'greet() { echo "hello $1"; }',
    'greet there',
    'case "$n" in 1|2) echo small;; 5) echo five;; *) echo other;; esac',
    'echo "$(basename /a/b/c.txt .txt) $(dirname /a/b/c.txt)"',
  ].join('\n'));
  assert.deepEqual(run.logs(1), ['11', 'hello there', 'five', 'c /a/b']);
});

test('set -e stops at the first failure', () => {
  const run = sh('set -e; echo a; false; echo b');
  assert.deepEqual(run.logs(1), ['a']);
  assert.equal(run.exit?.exitCode, 1);
});

test('unknown binaries are assumptions, never guesses: the process keeps running', () => {
  const run = sh('echo starting; python app.py');
  assert.equal(run.exit, undefined);
  assert.deepEqual(run.logs(5), ['starting']);
  assert.match(run.assumptions.join('\n'), /cannot interpret `python app\.py`/);
});

test('network tools are assumed to succeed, with an assumption', () => {
  const run = sh('wget -qO- http://web && echo ok');
  assert.deepEqual(run.logs(1), ['ok']);
  assert.match(run.assumptions.join('\n'), /wget/);
});

test('pipes through known utilities', () => {
  const run = sh("printf 'a\\nb\\nc\\n' | grep -v b | wc -l; echo hello | tr a-z A-Z; seq 3 | tail -n 1");
  assert.deepEqual(run.logs(1), ['2', 'HELLO', '3']);
});

test('a syntax error exits 2 with the shell message', () => {
  const run = sh('if true; then echo x');
  assert.equal(run.exit?.exitCode, 2);
  assert.match(run.logs(1)[0], /syntax error/);
  assert.throws(() => parseShell('for do'), ShellSyntaxError);
});

test('the default shell exits 0 at once without stdin/tty, and keeps running with them', () => {
  for (const image of ['busybox', 'alpine:3.20', 'ubuntu:24.04', 'debian:bookworm']) {
    const run = model.start({ name: 'c', image, env: {}, ports: [] }, 0, 600);
    assert.deepEqual(run.exit, { at: 0, exitCode: 0, reason: 'Completed' }, image);
    const interactive = model.start({ name: 'c', image, env: {}, ports: [], stdin: true, tty: true }, 0, 600);
    assert.equal(interactive.exit, undefined, image);
  }
});

test('exec probes see the file state of the moment and run with the container env', () => {
  const run = sh('sleep 5; echo ready > /tmp/state; sleep 1000', { env: { MODE: 'prod' } });
  const probe = { type: 'exec' as const, command: ['sh', '-c', 'grep -q ready /tmp/state && [ "$MODE" = prod ]'] };
  assert.equal(run.probe(probe, 3).success, false);
  assert.equal(run.probe(probe, 6).success, true);
  assert.deepEqual(run.probe({ type: 'exec', command: ['sh', '-c', 'exit 7'] }, 6), { success: false, message: '' });
});

test('bash features the interpreter lacks are assumptions, and the process is assumed to keep running', () => {
  for (const script of ['items=(a b); echo ${items[0]}', '[[ -f /x ]] && echo y', 'cat <<EOF\nhi\nEOF', 'echo ${NAME^^}', '(( i++ ))']) {
    const run = sh(script, { image: 'bash' });
    assert.equal(run.exit, undefined, script);
    assert.match(run.assumptions.join('\n'), /does not interpret/, script);
  }
  assert.deepEqual(sh('f=/a/b.tar.gz; echo ${f##*/} ${f%%.*} ${f#*/} ${f%.*}').logs(1), ['b.tar.gz /a/b a/b.tar.gz /a/b.tar']);
});

test('volume mounts exist in the container filesystem with their files', () => {
  const run = sh('ls /etc/config; cat /etc/config/app.properties; echo x > /cache/out && cat /cache/out', {
    volumeMounts: [{ mountPath: '/etc/config', files: { 'app.properties': 'color=blue\n' } }, { mountPath: '/cache' }],
  });
  assert.deepEqual(run.logs(1), ['app.properties', 'color=blue', 'x']);
  assert.equal(run.exit?.exitCode, 0);
});

test('sed s///, a small awk, $(<file), curl -w and wget -S status lines, hostname -i', () => {
  const run = sh([
    "echo 'hello world' > /tmp/t",
    "sed 's/world/there/' /tmp/t",
    "echo 'a b c' | awk '{print $2}'",
    "printf 'x 1\\ny 2\\n' | awk '/y/ {print $2}'",
    'echo "$(</tmp/t)"',
    "curl -s -o /dev/null -w '%{http_code}' http://web; echo",
    "wget --server-response http://web 2>&1 | awk '/^  HTTP/{print $2}'",
    'hostname -i',
  ].join('\n'), { podIP: '10.1.2.3' });
  assert.deepEqual(run.logs(1), ['hello there', 'b', '2', 'hello world', '200', '200', '10.1.2.3']);
});

test('unknown images: a missing file is flagged as an assumption about the image contents', () => {
  const run = sh('cp /sample.war /app', { image: 'myorg/tomcat-sample:1' });
  assert.equal(run.exit?.exitCode, 1);
  assert.match(run.assumptions.join('\n'), /does not know which files image myorg\/tomcat-sample:1 contains/);
});
