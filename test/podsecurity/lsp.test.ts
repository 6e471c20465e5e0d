import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { ensureBuilt, spawnServer, stopServer } from '../support/server';

/** The language server with kubeRehearsal.podSecurity and kubeRehearsal.profile set by the client. */

let server: ChildProcess;
let conn: MessageConnection;
let workspace: string;
const published = new Map<string, PublishDiagnosticsParams>();
const waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

function waitFor(uri: string, pred: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
  const have = published.get(uri);
  if (have && pred(have)) return Promise.resolve(have);
  return new Promise((resolve) => waiters.push({ uri, pred, resolve }));
}

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n  containers:\n    - name: c\n      image: busybox:1.36\n';

before(async () => {
  ensureBuilt();
  workspace = mkdtempSync(join(tmpdir(), 'kr-lsp-psa-'));
  writeFileSync(join(workspace, 'pod.yaml'), POD);
  ({ process: server, conn } = spawnServer());
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.set(p.uri, p);
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].uri === p.uri && waiters[i].pred(p)) {
        waiters[i].resolve(p);
        waiters.splice(i, 1);
      }
    }
  });
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'kubeRehearsal' ? { podSecurity: 'baseline', profile: 'production' } : null)));
  const folder = pathToFileURL(workspace).href;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'ws' }], capabilities: { workspace: { configuration: true } } });
  await conn.sendNotification('initialized', {});
});

after(() => stopServer(conn, server, workspace));

test('the settings reach the diagnostics: pod-security under baseline at the field, production rules on', async () => {
  const uri = pathToFileURL(join(workspace, 'pod.yaml')).href;
  const p = await waitFor(uri, (x) => x.diagnostics.some((d) => d.code === 'pod-security'));
  const psa = p.diagnostics.filter((d) => d.code === 'pod-security');
  assert.equal(psa.length, 1);
  assert.deepEqual(psa[0].range, { start: { line: 5, character: 11 }, end: { line: 5, character: 15 } });
  assert.equal(psa[0].severity, 1);
  assert.match(psa[0].message, /^violates PodSecurity "baseline:latest": host namespaces \(hostPID=true\): namespace "default" \(no pod-security labels; kubeRehearsal.podSecurity\) enforces baseline/);
  assert.ok(psa[0].codeDescription?.href.endsWith('#pod-security'));
  const codes = new Set(p.diagnostics.map((d) => String(d.code)));
  for (const c of ['host-namespaces', 'naked-pod', 'resources-missing']) assert.ok(codes.has(c), `${c} in the production profile`);
  assert.ok(!codes.has('writable-root-filesystem'), 'strict rules stay off in production');
});
