import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startLspClient, type LspClient } from '../support/server';

// A change to one file on disk re-checks the files whose cross-file findings read what changed
// (the open Service that selects the edited Deployment's labels), and a kustomization's change
// re-checks every file (a file it names as a patch loses the findings of a whole object). That
// files reading nothing of a change are left alone is tested in test/check/dependents.test.ts
// (the server does not publish an unchanged list again, so it cannot be seen from here).

let client: LspClient;

const deployment = (name: string, label: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels:\n      app: ${label}\n  template:\n    metadata:\n      labels:\n        app: ${label}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n`;
const service = (name: string, label: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${label}\n  ports:\n  - port: 80\n`;
const codesOf = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => String(d.code));
const has = (code: string) => (p: PublishDiagnosticsParams) => codesOf(p).includes(code);
const lacks = (code: string) => (p: PublishDiagnosticsParams) => !codesOf(p).includes(code);

async function diskChange(name: string, text: string): Promise<void> {
  writeFileSync(join(client.workspace, name), text);
  await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(name), type: 2 }] });
}

before(async () => {
  client = await startLspClient({
    prefix: 'kr-dependents-',
    files: (ws) => {
      writeFileSync(join(ws, 'web.yaml'), deployment('web', 'web'));
      writeFileSync(join(ws, 'front.yaml'), service('front', 'web'));
      // A partial Deployment: a full object misses its selector and containers; a patch need not have them.
      writeFileSync(join(ws, 'patch.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n');
    },
  });
  await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: client.uri('front.yaml'), languageId: 'yaml', version: 1, text: service('front', 'web') } });
  await client.waitForDiagnostics(client.uri('patch.yaml'), has('missing-required-field'));
});

after(() => client?.stop());

test('a Deployment changed on disk re-checks the Service that selects it', async () => {
  const front = client.uri('front.yaml');
  // Without findings the open file may never have been published: nothing published is clean too.
  const earlier = client.published.get(front);
  assert.ok(!earlier || lacks('service-selects-nothing')(earlier));
  await diskChange('web.yaml', deployment('web', 'webx'));
  const p = await client.waitForDiagnostics(front, has('service-selects-nothing'));
  assert.match(p.diagnostics.find((d) => d.code === 'service-selects-nothing')!.message, /web/);
  await diskChange('web.yaml', deployment('web', 'web'));
  await client.waitForDiagnostics(front, lacks('service-selects-nothing'));
});

test('a kustomization changed on disk re-checks every file: the patch it names is read as a patch', async () => {
  await diskChange('kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- web.yaml\npatches:\n- path: patch.yaml\n');
  await client.waitForDiagnostics(client.uri('patch.yaml'), lacks('missing-required-field'));
});
