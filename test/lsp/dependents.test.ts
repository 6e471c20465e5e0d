import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { ensureBuilt, spawnServer, stopServer, type ServerHandle } from '../support/server';

// A change to one file on disk re-checks the files whose cross-file findings read what changed
// (the open Service that selects the edited Deployment's labels), and a kustomization's change
// re-checks every file (a file it names as a patch loses the findings of a whole object). That
// files reading nothing of a change are left alone is tested in test/check/dependents.test.ts
// (the server does not publish an unchanged list again, so it cannot be seen from here).

let server: ServerHandle;
let workspace: string;
const publications: PublishDiagnosticsParams[] = [];

const deployment = (name: string, label: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels:\n      app: ${label}\n  template:\n    metadata:\n      labels:\n        app: ${label}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n`;
const service = (name: string, label: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${label}\n  ports:\n  - port: 80\n`;
const uriOf = (name: string) => pathToFileURL(join(workspace, name)).href;

async function until<T>(what: string, fn: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const lastFor = (uri: string) => [...publications].reverse().find((p) => p.uri === uri);
const countFor = (uri: string) => publications.filter((p) => p.uri === uri).length;
const codesOf = (p: PublishDiagnosticsParams | undefined) => (p?.diagnostics ?? []).map((d) => String(d.code)).sort();

async function diskChange(name: string, text: string): Promise<void> {
  writeFileSync(join(workspace, name), text);
  await server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(name), type: 2 }] });
}

before(async () => {
  ensureBuilt();
  workspace = mkdtempSync(join(tmpdir(), 'kr-dependents-'));
  writeFileSync(join(workspace, 'web.yaml'), deployment('web', 'web'));
  writeFileSync(join(workspace, 'front.yaml'), service('front', 'web'));
  // A partial Deployment: a full object misses its selector and containers; a patch need not have them.
  writeFileSync(join(workspace, 'patch.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n');
  server = spawnServer();
  server.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => void publications.push(p));
  const folder = pathToFileURL(workspace).href;
  await server.conn.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'ws' }], capabilities: { workspace: { configuration: true } } });
  await server.conn.sendNotification('initialized', {});
  await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf('front.yaml'), languageId: 'yaml', version: 1, text: service('front', 'web') } });
  await until('the scan\'s findings for patch.yaml', () => (codesOf(lastFor(uriOf('patch.yaml'))).includes('missing-required-field') ? true : undefined));
});

after(() => stopServer(server?.conn, server?.process, workspace));

test('a Deployment changed on disk re-checks the Service that selects it', async () => {
  assert.ok(!codesOf(lastFor(uriOf('front.yaml'))).includes('service-selects-nothing'));
  const frontBefore = countFor(uriOf('front.yaml'));
  await diskChange('web.yaml', deployment('web', 'webx'));
  const front = await until('front.yaml re-checked', () => {
    const p = lastFor(uriOf('front.yaml'));
    return countFor(uriOf('front.yaml')) > frontBefore && codesOf(p).includes('service-selects-nothing') ? p : undefined;
  });
  assert.match(front.diagnostics.find((d) => d.code === 'service-selects-nothing')!.message, /web/);
  await diskChange('web.yaml', deployment('web', 'web'));
  await until('front.yaml clean again', () => (codesOf(lastFor(uriOf('front.yaml'))).includes('service-selects-nothing') ? undefined : true));
});

test('a kustomization changed on disk re-checks every file: the patch it names is read as a patch', async () => {
  await diskChange('kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- web.yaml\npatches:\n- path: patch.yaml\n');
  await until('patch.yaml without the findings of a whole object', () => (codesOf(lastFor(uriOf('patch.yaml'))).includes('missing-required-field') ? undefined : true));
});
