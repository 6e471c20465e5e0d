import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { cliJs, ensureBuilt, spawnServer, stopServer, type ServerHandle } from '../support/server';

/**
 * Files that are not files: a character device (/dev/zero), a FIFO, symlinks to them, and a
 * symlink out of the folder being read. Before, each of these hung the CLI or the language server
 * or ate gigabytes (the size guard read `stat` size, which is 0 for a device); a symlink to
 * /etc/shadow was read and indexed. Every run here is a child process with a time limit and a
 * small heap, so a regression fails instead of hanging CI.
 */

const UNIX = process.platform !== 'win32' && existsSync('/dev/zero');
const skip = UNIX ? false : 'needs /dev/zero, mkfifo and symlinks (not on Windows)';
const LIMIT_MS = 30_000;

let dir: string;
let outside: string;

function mkfifo(path: string): boolean {
  return spawnSync('mkfifo', [path]).status === 0;
}

function workspaceWithTraps(): { dir: string; outside: string } {
  const d = mkdtempSync(join(tmpdir(), 'kr-hostile-'));
  const o = mkdtempSync(join(tmpdir(), 'kr-outside-'));
  writeFileSync(join(o, 'secret.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: outside-secret\ndata:\n  password: hunter2\n');
  writeFileSync(join(d, 'ok.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inside\n');
  symlinkSync('/dev/zero', join(d, 'zero.yaml'));
  symlinkSync(join(o, 'secret.yaml'), join(d, 'shadow.yaml'));
  assert.ok(mkfifo(join(d, 'fifo.yaml')), 'mkfifo');
  return { dir: d, outside: o };
}

function cli(args: string[], opts: { stdin?: string } = {}): SpawnSyncReturns<string> {
  const fd = opts.stdin ? openSync(opts.stdin, 'r') : undefined;
  try {
    return spawnSync(process.execPath, ['--max-old-space-size=512', cliJs, ...args], {
      cwd: dir,
      encoding: 'utf8',
      timeout: LIMIT_MS,
      killSignal: 'SIGKILL',
      stdio: [fd ?? 'ignore', 'pipe', 'pipe'],
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Finished in time, exit 2, one line on stderr saying why. */
function refused(r: SpawnSyncReturns<string>, why: RegExp): void {
  assert.equal(r.error, undefined, `the run did not finish within ${LIMIT_MS} ms`);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], why);
}

describe('CLI: devices, FIFOs and symlinks', { skip }, () => {
  before(() => {
    ensureBuilt();
    ({ dir, outside } = workspaceWithTraps());
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const NOT_REGULAR = /cannot read "[^"]+": not a regular file/;

  test('check refuses a device, a FIFO and a symlink to a device, at once', { timeout: 4 * LIMIT_MS }, () => {
    refused(cli(['check', '/dev/zero']), NOT_REGULAR);
    refused(cli(['check', 'fifo.yaml']), NOT_REGULAR);
    refused(cli(['check', 'zero.yaml']), NOT_REGULAR);
  });

  test('check - and shell read standard input up to the limit, not forever', { timeout: 3 * LIMIT_MS }, () => {
    refused(cli(['check', '-'], { stdin: '/dev/zero' }), /cannot read standard input: larger than 16 MB/);
    refused(cli(['shell'], { stdin: '/dev/zero' }), /cannot read standard input: larger than 16 MB/);
  });

  test('shell --script and simulate --cluster refuse devices and FIFOs', { timeout: 5 * LIMIT_MS }, () => {
    refused(cli(['shell', '--script', '/dev/zero']), NOT_REGULAR);
    refused(cli(['shell', '--script', 'fifo.yaml']), NOT_REGULAR);
    refused(cli(['simulate', '--cluster', '/dev/zero', 'ok.yaml']), NOT_REGULAR);
    refused(cli(['simulate', '--cluster', 'fifo.yaml', 'ok.yaml']), NOT_REGULAR);
    refused(cli(['simulate', 'zero.yaml']), NOT_REGULAR);
  });

  test('a folder: devices and FIFOs skipped, a symlink out of the folder not followed', { timeout: 3 * LIMIT_MS }, () => {
    const c = cli(['check', '.']);
    assert.equal(c.error, undefined);
    assert.equal(c.status, 0, c.stdout + c.stderr);
    assert.match(c.stderr, /^1 file checked/);
    const s = cli(['simulate', '.']);
    assert.equal(s.status, 0, s.stderr);
    assert.doesNotMatch(s.stdout + s.stderr, /outside-secret|hunter2/);
  });

  test('kubectl apply -f in the shell: each bad path is one error and the session goes on', { timeout: 2 * LIMIT_MS }, () => {
    mkdirSync(join(dir, 'm'), { recursive: true });
    writeFileSync(join(dir, 'm', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-folder\n');
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'm', 'shadow.yaml'));
    symlinkSync('/dev/zero', join(dir, 'm', 'zero.yaml'));
    writeFileSync(join(dir, 'script.txt'), ['kubectl apply -f /dev/zero', 'kubectl apply -f fifo.yaml', 'kubectl apply -f zero.yaml', 'kubectl apply -f m', 'kubectl get configmaps'].join('\n') + '\n');
    const r = cli(['shell', '--script', 'script.txt']);
    assert.equal(r.error, undefined, 'finished in time');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\$ kubectl apply -f \/dev\/zero\nerror: open \/dev\/zero: not a regular file/);
    assert.match(r.stdout, /\$ kubectl apply -f fifo.yaml\nerror: open fifo.yaml: not a regular file/);
    assert.match(r.stdout, /\$ kubectl apply -f zero.yaml\nerror: open zero.yaml: not a regular file/);
    assert.match(r.stdout, /configmap\/from-folder created/);
    assert.doesNotMatch(r.stdout, /outside-secret/);
  });
});

describe('language server: devices, FIFOs and symlinks in the workspace', { skip }, () => {
  let h: ServerHandle;
  const logs: string[] = [];
  before(async () => {
    ensureBuilt();
    ({ dir, outside } = workspaceWithTraps());
    h = spawnServer();
    h.conn.onNotification('window/logMessage', (m: { message: string }) => logs.push(m.message));
    const folder = pathToFileURL(dir).href;
    await h.conn.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'ws' }], capabilities: { workspace: { configuration: true } } });
    await h.conn.sendNotification('initialized', {});
  });
  after(async () => {
    await stopServer(h?.conn, h?.process, dir);
    rmSync(outside, { recursive: true, force: true });
  });

  async function objectNames(): Promise<string[]> {
    const symbols = (await h.conn.sendRequest('workspace/symbol', { query: '' })) as { name: string }[];
    return symbols.map((s) => s.name).sort();
  }

  test('the scan and watcher events skip them; the server answers and stays small', { timeout: 90_000 }, async () => {
    const deadline = Date.now() + 30_000;
    while (!(await objectNames()).includes('ConfigMap inside') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    // A client reports changes of these paths (a watcher sees the symlink target change).
    await h.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: ['zero.yaml', 'fifo.yaml', 'shadow.yaml'].map((n) => ({ uri: pathToFileURL(join(dir, n)).href, type: 2 })),
    });
    const started = Date.now();
    assert.deepEqual(await objectNames(), ['ConfigMap inside']);
    assert.ok(Date.now() - started < 10_000, 'answered while the events were handled');
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${h.process.pid}/status`, 'utf8'));
    if (rss) assert.ok(Number(rss[1]) < 1024 * 1024, `server RSS ${rss[1]} kB`);
    assert.ok(logs.some((l) => /not indexed: .*zero\.yaml: not a regular file/.test(l)), logs.join('\n'));
    assert.ok(logs.some((l) => /not indexed: .*shadow\.yaml: a symbolic link to a path outside the workspace folder/.test(l)), logs.join('\n'));
    assert.equal(h.process.exitCode, null);
  });
});
