import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { ensureBuilt, spawnServer, stopServer } from '../support/server';
import type { DryRunResult } from '../../server/src/engine/dryrun/protocol';

/**
 * A dry run asked for right after a large document is opened simulates that document: the
 * language server parses a large open document in slices, and the run waits for the parse
 * instead of simulating the workspace without it.
 */

let server: ChildProcess;
let conn: MessageConnection;
let workspace: string;

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: small\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n';

/** Far over the size parsed in one step: 2,000 ConfigMaps, then one Deployment at the end. */
function largeText(): string {
  let out = '';
  for (let i = 0; i < 2000; i++) out += `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: filler-${i}\ndata:\n  key: "${'x'.repeat(100)}"\n`;
  out += '---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: late\nspec:\n  replicas: 1\n  selector:\n    matchLabels: { app: late }\n  template:\n    metadata:\n      labels: { app: late }\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n';
  return out;
}

before(async () => {
  ensureBuilt();
  workspace = mkdtempSync(join(tmpdir(), 'kr-dryrun-open-'));
  writeFileSync(join(workspace, 'small.yaml'), POD);
  ({ process: server, conn } = spawnServer());
  const folder = pathToFileURL(workspace).href;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'w' }], capabilities: {} });
  await conn.sendNotification('initialized', {});
});

after(() => stopServer(conn, server, workspace));

test('a dry run right after a large document opens simulates that document', async () => {
  // The workspace scan is over and the index quiet: a first run sees the small pod.
  let first: DryRunResult | undefined;
  for (let i = 0; i < 50 && !first?.snapshot.pods.some((p) => p.name === 'small'); i++) {
    first = await conn.sendRequest<DryRunResult>('kubeRehearsal/simulate', { scope: 'workspace' }).catch(() => undefined);
    if (!first?.snapshot.pods.some((p) => p.name === 'small')) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(first?.snapshot.pods.some((p) => p.name === 'small'), 'the workspace file was never simulated');
  await new Promise((r) => setTimeout(r, 500));

  const text = largeText();
  assert.ok(text.length > 256 * 1024);
  const uri = pathToFileURL(join(workspace, 'large.yaml')).href;
  void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const r = await conn.sendRequest<DryRunResult>('kubeRehearsal/simulate', { scope: 'workspace' });
  const late = r.snapshot.pods.filter((p) => p.name.startsWith('late-'));
  assert.equal(late.length, 1, `the Deployment at the end of the opened document was not simulated: pods ${JSON.stringify(r.snapshot.pods.map((p) => p.name))}`);
});

test('a dry run asked for while the user types in an open document starts at once, with the latest text', async () => {
  const uri = pathToFileURL(join(workspace, 'typing.yaml')).href;
  const text = (n: number) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: typed\n  labels:\n    rev: "${n}"\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n`;
  let version = 1;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text: text(version) } });
  // An edit every 50 ms: the index never stays quiet for the 300 ms a run used to wait for (then 5 s, the bound).
  let typing = true;
  const typist = (async () => {
    while (typing) {
      version++;
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: text(version) }] });
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await new Promise((r) => setTimeout(r, 400));
  const started = Date.now();
  const r = await conn.sendRequest<DryRunResult>('kubeRehearsal/simulate', { scope: 'workspace' });
  const took = Date.now() - started;
  const sent = version;
  typing = false;
  await typist;
  assert.ok(took < 4000, `the run took ${took} ms while the user typed`);
  const typed = r.snapshot.pods.find((p) => p.name === 'typed');
  assert.ok(typed, 'the open document was not simulated');
  const rev = Number(typed.labels?.rev);
  assert.ok(rev >= 2 && rev <= sent, `the simulated text is version ${rev} (versions 1 to ${sent} sent)`);
});
