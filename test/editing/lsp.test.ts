import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { ensureBuilt, spawnServer, stopServer } from '../support/server';
import type { CompletionItem, CompletionList, DocumentSymbol, FoldingRange, Hover, Location, TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits, expandSnippet } from './helpers';

// Completion, hover and navigation through the real bundled server over stdio.
// (The LSP harness in test/lsp/server.test.ts is local to that file, so this one is minimal.)

const root = join(__dirname, '..', '..');


let server: ChildProcess;
let conn: MessageConnection;
let workspace: string;
let version = 1;

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
        tier: web
    spec:
      containers:
        - name: shop
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
`;

before(async () => {
  ensureBuilt();
  workspace = mkdtempSync(join(tmpdir(), 'kr-editing-'));
  ({ process: server, conn } = spawnServer());
  const folder = pathToFileURL(workspace).href;
  const init = (await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folder,
    workspaceFolders: [{ uri: folder, name: 'ws' }],
    capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true, insertTextModeSupport: { valueSet: [1, 2] } } } } },
  })) as { capabilities: Record<string, unknown> };
  for (const cap of ['completionProvider', 'hoverProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'definitionProvider', 'referencesProvider', 'foldingRangeProvider']) {
    assert.ok(init.capabilities[cap], `server announces ${cap}`);
  }
  await conn.sendNotification('initialized', {});
  await open('deploy.yaml', DEPLOY);
});

after(() => stopServer(conn, server, workspace));

function uriOf(name: string): string {
  return pathToFileURL(join(workspace, name)).href;
}

async function open(name: string, text: string): Promise<string> {
  const uri = uriOf(name);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: version++, text } });
  return uri;
}

/** Open `marked` (with `|` as the cursor) as a new file and ask for completions there. */
async function completeAt(name: string, marked: string): Promise<{ text: string; items: CompletionItem[] }> {
  const at = marked.indexOf('|');
  const text = marked.slice(0, at) + marked.slice(at + 1);
  const uri = await open(name, text);
  const before = text.slice(0, at).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  const res = (await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as CompletionList;
  return { text, items: res.items };
}

function apply(text: string, item: CompletionItem): string {
  const main = item.textEdit as TextEdit;
  const newText = item.insertTextFormat === 2 ? expandSnippet(main.newText) : main.newText;
  return applyEdits(text, [{ range: main.range, newText }, ...(item.additionalTextEdits ?? [])]);
}

test('completion over LSP: `kind: Re` offers ReplicaSet and fixes the apiVersion', async () => {
  const { text, items } = await completeAt('rs.yaml', 'apiVersion: v1\nkind: Re|\n');
  const rs = items.find((i) => i.label === 'ReplicaSet')!;
  assert.ok(rs);
  assert.equal(rs.insertTextMode, 1);
  assert.equal(apply(text, rs), 'apiVersion: apps/v1\nkind: ReplicaSet\n');
});

test('completion over LSP: a Service selector offers the labels of a template in another file', async () => {
  const { text, items } = await completeAt('svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  selector:\n    |\n');
  assert.deepEqual(items.map((i) => i.label).sort(), ['app: shop', 'tier: web']);
  assert.equal(apply(text, items.find((i) => i.label === 'app: shop')!), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  selector:\n    app: shop\n');
});

test('completion over LSP: half-typed key under spec inserts the selector snippet with indentation', async () => {
  const { text, items } = await completeAt('new.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  sel|\n');
  const sel = items.find((i) => i.label === 'selector')!;
  assert.equal(sel.insertTextFormat, 2);
  assert.equal(apply(text, sel), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: api\n');
});

test('completion over LSP: images from the simulator catalog', async () => {
  const { items } = await completeAt('img.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: ngi|\n');
  assert.ok(items.some((i) => /^nginx:\d/.test(i.label)));
});

test('completion over LSP: list items and enums', async () => {
  const c = await completeAt('pod.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - na|\n');
  assert.equal(c.items[0].label, 'name');
  assert.equal(apply(c.text, c.items[0]), 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: \n');
  const e = await completeAt('pod2.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  restartPolicy: |\n');
  assert.deepEqual(e.items.map((i) => i.label), ['Always', 'OnFailure', 'Never']);
});

test('hover over LSP: field facts with the reference link, selector matches', async () => {
  const uri = uriOf('deploy.yaml');
  const h = (await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 16, character: 12 } })) as Hover;
  const value = (h.contents as { value: string }).value;
  assert.match(value, /`spec\.template\.spec\.containers\[\]\.image` · `string` · optional/);
  assert.match(value, /kubernetes-api\/workload-resources\/pod-v1\/#Container/);
  assert.match(value, /\*\*Simulator:\*\* HTTP server on port 80/, 'the image hover says what the simulator assumes');
  const svc = await open('svc-full.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  selector:\n    app: shop\n');
  const s = (await conn.sendRequest('textDocument/hover', { textDocument: { uri: svc }, position: { line: 5, character: 4 } })) as Hover;
  assert.match((s.contents as { value: string }).value, /matches Deployment shop \(deploy\.yaml\)/);
});

test('navigation over LSP: outline, workspace symbols, definition, folding', async () => {
  const uri = uriOf('deploy.yaml');
  const syms = (await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
  assert.deepEqual(syms.map((s) => s.name), ['Deployment shop']);
  const ws = (await conn.sendRequest('workspace/symbol', { query: 'dep shop' })) as { name: string; location: Location }[];
  assert.equal(ws[0].name, 'Deployment shop');
  assert.equal(ws[0].location.uri, uri);
  const defs = (await conn.sendRequest('textDocument/definition', { textDocument: { uri: uriOf('svc-full.yaml') }, position: { line: 6, character: 5 } })) as Location[];
  assert.deepEqual(defs.map((d) => [d.uri, d.range.start.line]), [[uri, 10]]);
  const folds = (await conn.sendRequest('textDocument/foldingRange', { textDocument: { uri } })) as FoldingRange[];
  assert.ok(folds.some((f) => f.startLine === 4 && f.endLine === 19));
});

test('over LSP, at every key of the tutorial manifests: retyped half-way it is offered back; hover names it', async () => {
  const dir = join(root, 'test-fixtures', 'tutorial');
  let checked = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
    const original = readFileSync(join(dir, name), 'utf8');
    const uri = await open(`retype-${name}`, original);
    const lines = original.split('\n');
    const parents: { col: number; key: string }[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].startsWith('---')) parents.length = 0;
      const m = /^(\s*(?:- )*)([A-Za-z][A-Za-z0-9]*):(?:\s|$)/.exec(lines[i]);
      if (!m) continue;
      const col = m[1].length;
      while (parents.length && parents[parents.length - 1].col >= col) parents.pop();
      const parent = parents[parents.length - 1]?.key;
      parents.push({ col, key: m[2] });
      if (parent && /^(labels|matchLabels|selector|requests|limits|data)$/.test(parent)) continue;
      const key = m[2];
      // hover on the intact text
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: version++ }, contentChanges: [{ text: original }] });
      const h = (await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: i, character: col + 1 } })) as Hover | null;
      assert.ok(h && (h.contents as { value: string }).value.includes(key), `${name}:${i + 1} hover on ${key}`);
      // retype: the line cut to the key's first two letters
      const cut = [...lines.slice(0, i), m[1] + key.slice(0, 2), ...lines.slice(i + 1)].join('\n');
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: version++ }, contentChanges: [{ text: cut }] });
      const res = (await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: i, character: col + 2 } })) as CompletionList;
      const item = res.items.find((it) => it.label === key);
      assert.ok(item, `${name}:${i + 1} ${key} not offered; got ${res.items.slice(0, 8).map((x) => x.label).join(', ')}`);
      const applied = apply(cut, item!).split('\n')[i];
      assert.ok(applied.startsWith(`${m[1]}${key}:`), `${name}:${i + 1}: ${JSON.stringify(applied)}`);
      checked++;
    }
  }
  assert.ok(checked > 40, `checked ${checked}`);
});
