import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { ensureBuilt, spawnServer } from '../support/server';
import type { DryRunResult } from '../../server/src/engine/dryrun/protocol';
import type { KubectlResponse } from '../../server/src/shell/protocol';

/**
 * The terminal's request through the bundled server over stdio: kubectl on the same session as the
 * dry-run views; changes are what-ifs the views list, looking records nothing, time advances.
 */

const root = join(__dirname, '..', '..');
let server: ChildProcess;
let conn: MessageConnection;
let workspace: string;
const stderr: string[] = [];


before(async () => {
  ensureBuilt();
  workspace = mkdtempSync(join(tmpdir(), 'kr-shell-'));
  copyFileSync(join(root, 'test-fixtures', 'transcripts', 'manifests', 'replication-controller.yaml'), join(workspace, 'rc.yaml'));
  mkdirSync(join(workspace, 'jobs'));
  copyFileSync(join(root, 'test-fixtures', 'transcripts', 'manifests', 'cronjob.yaml'), join(workspace, 'jobs', 'cronjob.yaml'));
  ({ process: server, conn } = spawnServer());
  server.stderr!.on('data', (d) => stderr.push(String(d)));
  const folder = pathToFileURL(workspace).href;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'ws' }], capabilities: { workspace: { configuration: true } } });
  await conn.sendNotification('initialized', {});
});

after(() => {
  conn?.dispose();
  server?.kill();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

const kubectl = (params: { argv?: string[]; advance?: number }) => conn.sendRequest<KubectlResponse<DryRunResult>>('kubeRehearsal/kubectl', params);

test('kubeRehearsal/kubectl: the workspace cluster, what-ifs for changes, time that advances', async () => {
  // The first scan indexes the workspace after `initialized`: wait for the RC to be simulated.
  let first: KubectlResponse<DryRunResult> | undefined;
  for (let i = 0; i < 100; i++) {
    await conn.sendRequest('kubeRehearsal/dryRun/reset', {});
    first = await kubectl({ argv: ['get', 'rc'] });
    if (first.stdout.includes('nginx')) break;
    // A session made before the index was ready has no objects: start again from the files.
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(first!.stdout, /^NAME    DESIRED   CURRENT   READY   AGE\nnginx   3 /, stderr.join(''));

  const t0 = (await kubectl({ advance: 30 })).time;
  const scaled = await kubectl({ argv: ['scale', 'rc', 'nginx', '--replicas=5'] });
  assert.equal(scaled.stdout, 'replicationcontroller/nginx scaled\n');
  assert.equal(scaled.exitCode, 0);
  assert.ok(scaled.result, 'a change sends the views a new result');
  assert.deepEqual(scaled.result!.whatIfs.map((w) => w.command), ['kubectl scale rc nginx --replicas=5']);

  const looked = await kubectl({ argv: ['get', 'pods', '-o', 'name'] });
  assert.equal(looked.result, undefined, 'looking changes nothing in the views');

  const later = await kubectl({ advance: 30, argv: ['get', 'rc', 'nginx'] });
  assert.equal(later.time, t0 + 30);
  assert.match(later.stdout, /\nnginx   5         5         5 /);
  assert.deepEqual(later.result!.whatIfs.map((w) => w.command), ['kubectl scale rc nginx --replicas=5'], 'get is not a what-if');

  const bad = await kubectl({ argv: ['delete', 'pod', 'nope'] });
  assert.equal(bad.exitCode, 1);
  assert.match(bad.stderr, /pods "nope" not found/);
  const state = await conn.sendRequest<DryRunResult>('kubeRehearsal/dryRun/state');
  assert.equal(state.whatIfs.length, 1, 'a failed command is not recorded');

  // apply -f reads the workspace's files (a folder here), and replays when time goes back.
  assert.equal((await kubectl({ argv: ['delete', '-f', 'jobs/cronjob.yaml'] })).stdout, 'cronjob.batch "hello" deleted from default namespace\n');
  const applied = await kubectl({ argv: ['apply', '-f', 'jobs/'] });
  assert.equal(applied.stdout, 'cronjob.batch/hello created\n', applied.stderr);
  assert.equal((await kubectl({ argv: ['apply', '-f', 'nope.yaml'] })).stderr, 'error: the path "nope.yaml" does not exist\n');
  await conn.sendRequest('kubeRehearsal/dryRun/time', { action: 'seek', time: 0 });
  await conn.sendRequest('kubeRehearsal/dryRun/time', { action: 'seek', time: later.time + 90 });
  assert.match((await kubectl({ argv: ['get', 'cronjobs'] })).stdout, /^hello +\* \* \* \* \* +<none> +False /m);
  assert.match((await kubectl({ argv: ['get', 'jobs'] })).stdout, /^hello-\d+ +/m);
});
