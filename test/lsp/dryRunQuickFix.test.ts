import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, TextEdit } from 'vscode-languageserver-protocol';
import { ensureBuilt, spawnServer, stopServer } from '../support/server';
import type { DryRunResult } from '../../server/src/engine/dryrun/protocol';

/**
 * The dry run predicts that `nginx:1.200` cannot be pulled (the tag is not in the catalog): the
 * code actions on that prediction replace exactly the tag with existing ones, newest first.
 */

let server: ChildProcess;
let conn: MessageConnection;
let workspace: string;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: "nginx:1.200"
`;

const uriOf = (name: string) => pathToFileURL(join(workspace, name)).href;

before(async () => {
  ensureBuilt();
  workspace = mkdtempSync(join(tmpdir(), 'kr-tagfix-'));
  writeFileSync(join(workspace, 'web.yaml'), DEPLOYMENT);
  ({ process: server, conn } = spawnServer());
  const folder = pathToFileURL(workspace).href;
  await conn.sendRequest('initialize', {
    processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'w' }],
    capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true } }, textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } } },
  });
  await conn.sendNotification('initialized', {});
});

after(() => stopServer(conn, server, workspace));

async function dryRunFile(uri: string): Promise<DryRunResult> {
  return conn.sendRequest<DryRunResult>('kubeRehearsal/simulate', { scope: 'file', uri, time: 120 });
}

function editsOf(a: CodeAction): TextEdit[] {
  const dc = a.edit?.documentChanges?.[0];
  if (dc && 'edits' in dc) return dc.edits as TextEdit[];
  return Object.values(a.edit?.changes ?? {})[0] ?? [];
}

test('an image tag the catalog does not have: quick fixes put existing tags in place of exactly the tag', async () => {
  const uri = uriOf('web.yaml');
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: DEPLOYMENT } });
  const r = await dryRunFile(uri);
  const d = r.diagnostics.find((x) => x.uri === uri)?.diagnostics.find((x) => x.code === 'dry-run-image-pull');
  assert.ok(d, `a dry-run-image-pull prediction; got ${JSON.stringify(r.diagnostics)}`);
  assert.match(d.message, /tag not found/);

  // The client sends the prediction from its own collection, as VS Code does with every diagnostic in range.
  const actions = await conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  assert.deepEqual(actions.map((a) => a.title), ['Replace tag 1.200 with 1.30', 'Replace tag 1.200 with 1.29', 'Replace tag 1.200 with 1.28']);
  const line = DEPLOYMENT.split('\n')[14];
  const tagStart = line.indexOf('1.200');
  for (const a of actions) {
    assert.equal(a.kind, 'quickfix');
    assert.equal(a.diagnostics?.[0].code, 'dry-run-image-pull');
    const [edit] = editsOf(a);
    assert.deepEqual(edit.range, { start: { line: 14, character: tagStart }, end: { line: 14, character: tagStart + '1.200'.length } }, 'exactly the tag, inside the quotes');
  }
  assert.equal(actions[0].edit?.documentChanges?.[0] && 'textDocument' in actions[0].edit.documentChanges[0] ? actions[0].edit.documentChanges[0].textDocument.version : undefined, 1);

  // Applied, the fix makes the pull succeed on the next run.
  const fixed = DEPLOYMENT.replace('1.200', editsOf(actions[0])[0].newText);
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
  // The text changed since the run: the old prediction offers nothing any more.
  const stale = await conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  assert.deepEqual(stale, []);
  let after: DryRunResult | undefined;
  for (let i = 0; i < 50; i++) {
    after = await dryRunFile(uri);
    if (after.snapshot.pods.some((p) => p.containers.some((c) => c.image === 'nginx:1.30'))) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.deepEqual(after!.diagnostics.find((x) => x.uri === uri)?.diagnostics ?? [], []);
  assert.ok(after!.snapshot.pods.every((p) => p.status === 'Running'));
});

test('a pull that fails for another reason than the tag offers no tag fix', async () => {
  const uri = uriOf('private.yaml');
  const text = DEPLOYMENT.replace('name: web\n', 'name: private\n').replace('"nginx:1.200"', 'registry.example.com/team/app:1.0');
  writeFileSync(join(workspace, 'private.yaml'), text);
  const config = 'images:\n  - image: registry.example.com/team/app\n    pullable: false\n';
  writeFileSync(join(workspace, '.kube-rehearsal.yaml'), config);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf('.kube-rehearsal.yaml'), languageId: 'yaml', version: 1, text: config } });
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const r = await dryRunFile(uri);
  const d = r.diagnostics.find((x) => x.uri === uri)?.diagnostics.find((x) => x.code === 'dry-run-image-pull');
  assert.ok(d, `a pull failure; got ${JSON.stringify(r.diagnostics)}`);
  assert.doesNotMatch(d.message, /tag not found/);
  const actions = await conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  assert.deepEqual(actions, []);
});
