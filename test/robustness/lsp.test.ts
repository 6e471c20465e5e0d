import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { startLspClient, type LspClient } from '../support/server';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

/**
 * The language server under hostile input and failing handlers: a handler that throws costs one
 * answer (logged to the client's output), never the server; huge, binary and deeply nested
 * documents are answered. The server runs with KUBE_REHEARSAL_TEST_FAIL=hover, a test-only hook
 * that makes the hover handler throw.
 */

const root = join(__dirname, '..', '..');
const PATHO = join(root, 'test-fixtures', 'pathological');


let client: LspClient;
let conn: MessageConnection;
let workspace: string;
let logs: string[];
let published: Map<string, PublishDiagnosticsParams>;
const waitForDiagnostics = (uri: string): Promise<PublishDiagnosticsParams> => client.waitForDiagnostics(uri);

before(async () => {
  client = await startLspClient({ prefix: 'kr-robust-lsp-', env: { KUBE_REHEARSAL_TEST_FAIL: 'hover' } });
  ({ conn, workspace, logs, published } = client);
});

after(() => client?.stop());

let version = 0;
function open(name: string, text: string): string {
  const uri = pathToFileURL(join(workspace, name)).href;
  void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: ++version, text } });
  return uri;
}

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      imagePullPolicy: Sometimes\n';

test('a failing handler is logged and answered; the next requests are answered', { timeout: 120_000 }, async () => {
  const uri = open('pod.yaml', POD);
  await waitForDiagnostics(uri);
  const h = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 } });
  assert.equal(h, null, 'the failed hover is answered with its fallback');
  assert.ok(logs.some((l) => /hover failed: .*failure forced by KUBE_REHEARSAL_TEST_FAIL/.test(l)), 'the failure is in the output channel');
  const list = (await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 8, character: 6 } })) as { items: unknown[] };
  assert.ok(list.items.length > 0, 'completion still answers');
  const symbols = (await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as unknown[];
  assert.equal(symbols.length, 1);
  // Again and again: a handler failing every time never wears the server down.
  for (let i = 0; i < 20; i++) assert.equal(await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: i } }), null);
  assert.equal(client.exited(), false);
});

test('unknown methods and malformed params are answered with errors, not a crash', { timeout: 60_000 }, async () => {
  await assert.rejects(conn.sendRequest('kubeRehearsal/noSuchMethod', {}));
  const bad = await conn.sendRequest('textDocument/completion', { textDocument: { uri: 'file:///nowhere.yaml' }, position: { line: -5, character: 1e9 } }).catch((e) => e);
  assert.ok(bad !== undefined);
  const worse = await conn.sendRequest('textDocument/documentSymbol', { textDocument: {} }).catch((e) => e);
  assert.ok(worse !== undefined);
  assert.equal(client.exited(), false);
});

test('a 50 MB document over LSP: answered with "too large, not validated"; requests on it are answered', { timeout: 300_000 }, async () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fifty\ndata:\n' + '  key: value-value-value-value-value\n'.repeat(Math.ceil((50 * 1024 * 1024) / 37));
  const uri = open('fifty.yaml', text);
  const p = await waitForDiagnostics(uri);
  assert.deepEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['file-too-large', 3]]);
  assert.match(p.diagnostics[0].message, /too large to validate/);
  const list = (await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 100_000, character: 4 } })) as { items: unknown[] };
  assert.ok(Array.isArray(list.items));
  await conn.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
  await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  void conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('every pathological fixture, binary and lone surrogates included, over LSP: each request answered', { timeout: 300_000 }, async () => {
  const inputs: [string, string][] = readdirSync(PATHO).map((n) => [n, readFileSync(join(PATHO, n), 'utf8')]);
  // What a client may send for bytes it could not decode, and text no decoder produces.
  inputs.push(['latin1.yaml', readFileSync(join(PATHO, 'binary.yaml')).toString('latin1')]);
  inputs.push(['surrogates.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \uD800\ndata:\n  a: "\uDC00\u0000"\n']);
  inputs.push(['flow-deep.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`]);
  inputs.push(['long-line.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  k: ${'y'.repeat(1 << 20)}\n`]);
  for (const [name, text] of inputs) {
    const uri = open(`p-${name}`, text);
    for (const position of [{ line: 0, character: 0 }, { line: 3, character: 4 }, { line: 5, character: 9 }, { line: 50, character: 0 }]) {
      const list = (await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as { items: unknown[] } | null;
      assert.ok(list && Array.isArray(list.items), `${name}: completion answered`);
      await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
      await conn.sendRequest('textDocument/definition', { textDocument: { uri }, position });
    }
    assert.ok(Array.isArray(await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })), `${name}: symbols answered`);
    assert.ok(Array.isArray(await conn.sendRequest('textDocument/foldingRange', { textDocument: { uri } })), `${name}: folding answered`);
    assert.ok(Array.isArray(await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } }, context: { diagnostics: [] } })), `${name}: code actions answered`);
  }
  // The syntax errors of the odd files reached the client.
  const tabs = await waitForDiagnostics(pathToFileURL(join(workspace, 'p-tabs.yaml')).href);
  assert.equal(tabs.diagnostics[0].code, 'yaml-syntax');
  const bomb = await waitForDiagnostics(pathToFileURL(join(workspace, 'p-alias-bomb.yaml')).href);
  assert.match(bomb.diagnostics[0].message, /resource exhaustion|alias/i);
  const deep = await waitForDiagnostics(pathToFileURL(join(workspace, 'p-flow-deep.yaml')).href);
  assert.ok(deep.diagnostics.some((d) => /nested too deeply/.test(d.message)));
  assert.equal(client.exited(), false);
  assert.ok(!logs.some((l) => /uncaught|unhandled rejection/.test(l)), logs.filter((l) => /uncaught|unhandled/.test(l)).join('\n'));
});

test('rapid edits of one document through garbage and back: the final diagnostics match the final text', { timeout: 120_000 }, async () => {
  const uri = open('edits.yaml', POD);
  await waitForDiagnostics(uri);
  published.delete(uri);
  const garbage = ['\t\t{{[', '\uFEFF', 'a: &a [*a]', '---\n---', readFileSync(join(PATHO, 'alias-bomb.yaml'), 'utf8'), ''];
  for (const g of garbage) void conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: g }] });
  const finalVersion = ++version;
  void conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: finalVersion }, contentChanges: [{ text: POD }] });
  let p = await waitForDiagnostics(uri);
  while (p.version !== finalVersion) {
    published.delete(uri);
    p = await waitForDiagnostics(uri);
  }
  assert.deepEqual(p.diagnostics.map((d) => d.code).filter((c) => c === 'value-not-in-enum'), ['value-not-in-enum']);
});
