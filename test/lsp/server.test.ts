import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { startLspClient, type LspClient } from '../support/server';
import { applyEdits } from '../support/edits';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams, TextEdit } from 'vscode-languageserver-protocol';

const root = join(__dirname, '..', '..');


let client: LspClient;
let conn: MessageConnection;
let workspace: string;
let published: Map<string, PublishDiagnosticsParams>;
const waitForDiagnostics = (uri: string, pred?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> => client.waitForDiagnostics(uri, pred);


/** This suite checks the checker's own codes; the semantic rules (tested by their owner) may add more. */
const OWN = new Set(['yaml-syntax', 'duplicate-key', 'unknown-kind', 'wrong-api-version', 'removed-api-version', 'custom-resource', 'unknown-field', 'missing-required-field', 'wrong-type', 'value-not-in-enum']);
const mine = (ds: Diagnostic[]) => ds.filter((d) => OWN.has(String(d.code)));
const codes = (ds: Diagnostic[]) => mine(ds).map((d) => d.code).sort();

before(async () => {
  client = await startLspClient({
    prefix: 'kr-lsp-',
    files: (ws) => {
      for (const name of readdirSync(join(root, 'test-fixtures', 'learners'))) copyFileSync(join(root, 'test-fixtures', 'learners', name), join(ws, name));
      mkdirSync(join(ws, 'node_modules', 'pkg'), { recursive: true });
      writeFileSync(join(ws, 'node_modules', 'pkg', 'bad.yaml'), 'apiVersion: v1\nkind: Pods\n');
      mkdirSync(join(ws, 'ignored'));
      writeFileSync(join(ws, 'ignored', 'bad.yaml'), 'apiVersion: v1\nkind: Pods\n');
      writeFileSync(join(ws, 'workflow.yaml'), 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n');
    },
    // The client's settings: defaults for kubeRehearsal, and a files.exclude the scan must respect.
    handlers: (c) => c.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'files.exclude' ? { '**/ignored': true } : null))),
    capabilities: {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true } },
      textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
    },
  });
  ({ conn, workspace, published } = client);
});

after(() => client?.stop());

test('files that are not open are validated from the workspace scan, with exact ranges', async () => {
  const uri = pathToFileURL(join(workspace, 'relica-sets.yaml')).href;
  const p = await waitForDiagnostics(uri);
  assert.deepEqual(codes(p.diagnostics), ['unknown-field', 'unknown-field', 'unknown-kind']);
  const kind = p.diagnostics.find((d) => d.code === 'unknown-kind')!;
  assert.deepEqual(kind.range, { start: { line: 3, character: 6 }, end: { line: 3, character: 16 } });
  assert.match(kind.message, /did you mean "ReplicaSet"/);
  assert.equal(kind.codeDescription?.href.endsWith('#unknown-kind'), true);
  const selector = p.diagnostics.find((d) => d.message.includes('selecotr'))!;
  assert.deepEqual(selector.range, { start: { line: 8, character: 2 }, end: { line: 8, character: 10 } });
  const labels = p.diagnostics.find((d) => d.message.includes('template.labels'))!;
  assert.deepEqual(labels.range, { start: { line: 12, character: 4 }, end: { line: 12, character: 10 } });
});

test('an opened document is validated, a quick fix applies, and the edit re-validates it', async () => {
  const path = join(workspace, 'wrong-api-version.yaml');
  const uri = pathToFileURL(path).href;
  const text = readFileSync(path, 'utf8');
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const p = await waitForDiagnostics(uri, (x) => x.version === 1);
  assert.deepEqual(codes(p.diagnostics), ['wrong-api-version']);
  const d = mine(p.diagnostics)[0];
  assert.deepEqual(d.range, { start: { line: 0, character: 12 }, end: { line: 0, character: 14 } });

  const actions = (await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
  assert.equal(actions.length, 1);
  assert.equal(actions[0].title, 'Change apiVersion to apps/v1');
  const change = actions[0].edit!.documentChanges![0] as { textDocument: { version: number }; edits: TextEdit[] };
  assert.equal(change.textDocument.version, 1);
  const fixed = applyEdits(text, change.edits);
  assert.match(fixed, /^apiVersion: apps\/v1\n/);
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
  const after = await waitForDiagnostics(uri, (x) => x.version === 2);
  assert.deepEqual(mine(after.diagnostics), []);
});

test('an edit re-validates the document and reports the mistake on its value', async () => {
  const uri = pathToFileURL(join(workspace, 'typed.yaml')).href;
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: text + '  restartPolicy: always\n' }] });
  const p = await waitForDiagnostics(uri, (x) => x.version === 2);
  assert.deepEqual(codes(p.diagnostics), ['value-not-in-enum']);
  assert.deepEqual(mine(p.diagnostics)[0].range, { start: { line: 8, character: 17 }, end: { line: 8, character: 23 } });
});

test('a long API message is short in the diagnostic and whole in the hover on its range', async () => {
  const uri = pathToFileURL(join(workspace, 'hello.yaml')).href;
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: Hello\n    image: nginx:1.27\n';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const p = await waitForDiagnostics(uri, (x) => x.version === 1 && x.diagnostics.some((d) => d.code === 'invalid-container-name'));
  const d = p.diagnostics.find((x) => x.code === 'invalid-container-name')!;
  assert.equal(d.message, `spec.containers[0].name: Invalid value: "Hello": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`);
  const h = (await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 10 } })) as { contents: { value: string } } | null;
  assert.ok(h, 'no hover');
  const shown = h.contents.value.replace(/\\(.)/g, '$1'); // Markdown escapes as rendered
  assert.ok(shown.includes(`invalid-container-name**: spec.containers[0].name: Invalid value: "Hello": a lowercase RFC 1123 label`), h.contents.value);
  assert.ok(shown.includes(`(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`), h.contents.value);
  // The shortened diagnostic still finds its finding's quick fix.
  const actions = (await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
  assert.deepEqual(actions.map((a) => a.title), ['Rename the container to "hello"']);
  // Elsewhere in the file the hover is the field's as before.
  const other = (await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 6 } })) as { contents: { value: string } } | null;
  assert.ok(other && !other.contents.value.includes('regex used'));
});

test('non-Kubernetes YAML and node_modules get no diagnostics, and the server stays up on garbage', async () => {
  const garbage = pathToFileURL(join(workspace, 'garbage.yaml')).href;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: garbage, languageId: 'yaml', version: 1, text: '\u0000: [\n{{{ - ]]] &a *b !!binary ::\n---\napiVersion: [\nkind: {' } });
  const p = await waitForDiagnostics(garbage, (x) => x.version === 1);
  assert.ok(p.diagnostics.every((d) => d.code === 'yaml-syntax'));
  const actions = await conn.sendRequest('textDocument/codeAction', { textDocument: { uri: 'file:///nowhere.yaml' }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
  assert.deepEqual(actions, []);
  assert.equal(published.has(pathToFileURL(join(workspace, 'workflow.yaml')).href), false);
  assert.equal(published.has(pathToFileURL(join(workspace, 'node_modules', 'pkg', 'bad.yaml')).href), false);
  assert.equal(published.has(pathToFileURL(join(workspace, 'ignored', 'bad.yaml')).href), false, 'files.exclude is respected');
  assert.equal(client.process.exitCode, null, `server exited: ${client.logs.join('\n')}`);
});

test('files created, changed and deleted on disk are re-validated from watcher events', async () => {
  const path = join(workspace, 'added.yaml');
  const uri = pathToFileURL(path).href;
  writeFileSync(path, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: ClusterIp\n  ports: [{port: 80}]\n');
  await conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
  const created = await waitForDiagnostics(uri);
  assert.deepEqual(codes(created.diagnostics), ['value-not-in-enum']);
  assert.match(mine(created.diagnostics)[0].message, /did you mean "ClusterIP"\?/);
  writeFileSync(path, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: ClusterIP\n  ports: [{port: 80}]\n');
  await conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
  await waitForDiagnostics(uri, (p) => mine(p.diagnostics).length === 0);
  writeFileSync(path, 'apiVersion: v1\nkind: Pods\n');
  await conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
  await waitForDiagnostics(uri, (p) => codes(p.diagnostics).join() === 'unknown-kind');
  rmSync(path);
  await conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
  await waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
});
