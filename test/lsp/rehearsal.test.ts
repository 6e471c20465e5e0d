import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { startLspClient, type LspClient } from '../support/server';

// Issue 19: once the server is idle after the open of a large document, it rehearses an edit
// and its undo through the edit path (workspaceState.beginRehearsal, the diagnostics service)
// so that the first real edit runs warm. The rehearsal must be invisible: nothing published for
// it, and every later edit answered exactly as a check from scratch answers it.

let client: LspClient;

const deployment = (i: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\nspec:\n  selector:\n    matchLabels:\n      app: web-${i % 300}\n  template:\n    metadata:\n      labels:\n        app: web-${i % 300}\n    spec:\n      containers:\n      - name: web\n        image: ${i % 7 === 0 ? 'nginx' : 'nginx:1.27'}\n`;
const service = (i: number) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\nspec:\n  selector:\n    app: web-${i % 350}\n  ports:\n  - port: 80\n`;
// 1,600 documents, about 290 KB: above the size that rehearses (256 KB).
const text = Array.from({ length: 1600 }, (_, i) => (i % 2 ? service(i) : deployment(i))).join('---\n');

before(async () => {
  client = await startLspClient({ prefix: 'kr-rehearsal-' });
});
after(() => client?.stop());

/** The diagnostics with the document's URI replaced, so two documents' lists compare. */
const normalized = (ds: readonly Diagnostic[], uri: string) => JSON.parse(JSON.stringify(ds).split(JSON.stringify(uri).slice(1, -1)).join('URI')) as unknown;

/** The diagnostics of `text` opened alone as `name` (then closed), normalized. */
async function checkedFromScratch(name: string, text: string): Promise<unknown> {
  const uri = client.uri(name);
  await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const p = await client.waitForDiagnostics(uri, (p) => p.version === 1);
  await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return normalized(p.diagnostics, uri);
}

async function rehearsed(uri: string): Promise<string> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const line = client.logs.find((l) => l.includes(`rehearsed an edit of ${uri}`));
    if (line) return line;
    assert.ok(Date.now() < deadline, `no rehearsal in the log:\n${client.logs.join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a large open document rehearses an edit when idle: nothing is published for it, and later edits give the findings of a fresh check', { timeout: 300_000 }, async () => {
  assert.ok(text.length >= 256 * 1024, `${text.length} characters`);
  const uri = client.uri('big.yaml');
  const { conn } = client;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const opened = await client.waitForDiagnostics(uri, (p) => p.version === 1);
  assert.ok(opened.diagnostics.length > 100, `${opened.diagnostics.length} diagnostics`);
  const line = await rehearsed(uri);
  console.log(line);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(client.publications.filter((p) => p.params.uri === uri).map((p) => p.params.version), [1], 'the rehearsal published nothing');

  // An edit in the middle document (the one the rehearsal edited): a tag taken off an image.
  const lines = text.split('\n');
  const target = lines.findIndex((l, i) => i > lines.length / 2 && l === '        image: nginx:1.27');
  const edited = [...lines];
  edited[target] = '        image: nginx';
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: target, character: 20 }, end: { line: target, character: 25 } }, text: '' }] });
  const afterEdit = await client.waitForDiagnostics(uri, (p) => p.version === 2);
  assert.equal(afterEdit.diagnostics.length, opened.diagnostics.length + 1, 'the untagged image is reported');

  // The undo gives the open's diagnostics back.
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: target, character: 20 }, end: { line: target, character: 20 } }, text: ':1.27' }] });
  const undone = await client.waitForDiagnostics(uri, (p) => p.version === 3);
  assert.deepEqual(undone.diagnostics, opened.diagnostics);

  // The edited text opened as another document (this one closed), checked from scratch.
  await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  const scratch = await checkedFromScratch('fresh.yaml', edited.join('\n'));
  assert.deepEqual(normalized(afterEdit.diagnostics, uri), scratch, 'the edit after the rehearsal gives a fresh check\'s diagnostics');
  assert.ok(!client.logs.some((l) => /failed|uncaught/.test(l)), client.logs.join('\n'));
});

test('an edit while the rehearsal runs ends it: the edit is checked from the real text', { timeout: 300_000 }, async () => {
  const uri = client.uri('typing.yaml');
  const { conn } = client;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await client.waitForDiagnostics(uri, (p) => p.version === 1);
  // Edits every few milliseconds from the moment the rehearsal may start until it has run: some land in it.
  const lines = text.split('\n');
  const middle = lines.findIndex((l, i) => i > lines.length / 2 && l === '        image: nginx:1.27');
  let version = 1;
  const current = [...lines];
  const started = Date.now();
  while (Date.now() - started < 1500 && !client.logs.some((l) => l.includes(`rehearsed an edit of ${uri}`))) {
    await new Promise((r) => setTimeout(r, 5 + (version % 3) * 20));
    const insert = version % 2 === 1;
    current[middle] = insert ? current[middle] + '0' : current[middle].slice(0, -1);
    version++;
    const character = lines[middle].length;
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [insert ? { range: { start: { line: middle, character }, end: { line: middle, character } }, text: '0' } : { range: { start: { line: middle, character }, end: { line: middle, character: character + 1 } }, text: '' }] });
  }
  const last = await client.waitForDiagnostics(uri, (p) => p.version === version);
  await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  assert.deepEqual(normalized(last.diagnostics, uri), await checkedFromScratch('typing-fresh.yaml', current.join('\n')));
  assert.ok(!client.logs.some((l) => /failed|uncaught/.test(l)), client.logs.join('\n'));
});
