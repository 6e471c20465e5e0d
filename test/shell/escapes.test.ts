import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { escapeTerminal } from '../../server/src/engine/terminalText';
import { cliJs, ensureBuilt } from '../support/server';
import { newShell } from './helpers';

/**
 * Escape sequences from the workspace (`image: "busybox\e[31m"`, a container that prints
 * "\033[2J") used to reach the terminal raw through `simulate`, the shell and the editor's
 * cluster terminal. They are shown in caret notation instead.
 */

const ESC = '\x1b';
const pod = (image: string, script = 'sleep 3600') => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'esc' }, spec: { containers: [{ name: 'c', image, command: ['sh', '-c', script] }] } });

test('escapeTerminal: controls in caret notation, newline, tab and CRLF kept', () => {
  assert.equal(escapeTerminal(`a${ESC}[31mb\tc\r\nd\re\x00\x7f\x9b`), 'a^[[31mb\tc\r\nd^Me^@^?\\u009b');
  assert.equal(escapeTerminal('plain\n'), 'plain\n');
});

test('shell: names, images and container output never carry an escape sequence', async () => {
  const { session } = newShell({ objects: [pod('busybox:1.36', 'printf "\\033[2Jhi\\n"; sleep 3600')] });
  await session.execute('sleep 10s');
  const logs = await session.execute('kubectl logs esc');
  assert.equal(logs.output, '^[[2Jhi\n');
  const bad = newShell({ objects: [pod(`busybox${ESC}[31m`)] });
  await bad.session.execute('sleep 10s');
  for (const line of ['kubectl describe pod esc', 'kubectl get events', 'kubectl get pod esc -o yaml']) {
    const out = (await bad.session.execute(line)).output;
    assert.ok(!out.includes(ESC), `${line}: ${JSON.stringify(out)}`);
  }
  assert.match((await bad.session.execute('kubectl describe pod esc')).output, /Image:\s+busybox\^\[\[31m/);
  const watch = await bad.session.execute('kubectl get events -w');
  assert.ok(watch.watcher);
  assert.ok(!(await watch.watcher!.start()).includes(ESC));
});

test('simulate and check print no raw escape sequence', { timeout: 120_000 }, () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'kr-esc-'));
  try {
    writeFileSync(join(dir, 'esc.yaml'), `apiVersion: v1\nkind: Pod\nmetadata:\n  name: esc\nspec:\n  containers:\n  - name: c\n    image: "busybox\\e[31m"\n    imagePullPolicy: IfNotPresent\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: refused\nspec:\n  containers:\n  - name: c\n    image: busybox\n    imagePullPolicy: "Sometimes\\e[2J"\n`);
    for (const args of [['simulate', 'esc.yaml'], ['simulate', '--format', 'markdown', 'esc.yaml'], ['check', 'esc.yaml']]) {
      const r = spawnSync(process.execPath, [cliJs, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.error, undefined);
      assert.ok(!(r.stdout + r.stderr).includes(ESC), `${args.join(' ')}: ${JSON.stringify(r.stdout)}`);
      if (args[1] !== '--format') assert.match(r.stdout, /\^\[\[/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
