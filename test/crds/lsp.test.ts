import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, PublishDiagnosticsParams, TextEdit } from 'vscode-languageserver-protocol';
import { ensureBuilt, spawnServer, stopServer } from '../support/server';
import { applyEdits } from '../support/edits';
import type { DryRunResult } from '../../server/src/engine/dryrun/protocol';

/** Custom resources over LSP: diagnostics at exact ranges from the workspace's CRDs and from kubeRehearsal.crds. */

const root = join(__dirname, '..', '..');
let server: ChildProcess;
let conn: MessageConnection;
let workspace: string;
const published = new Map<string, PublishDiagnosticsParams>();
const waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

function waitFor(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
  const have = published.get(uri);
  if (have && pred(have)) return Promise.resolve(have);
  return new Promise((resolve) => waiters.push({ uri, pred, resolve }));
}

const brief = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code}`);

before(async () => {
  ensureBuilt();
  workspace = mkdtempSync(join(tmpdir(), 'kr-crd-lsp-'));
  mkdirSync(join(workspace, 'app'));
  copyFileSync(join(root, 'test-fixtures', 'crds', 'widget-crd.yaml'), join(workspace, 'app', 'widget-crd.yaml'));
  copyFileSync(join(root, 'test-fixtures', 'crds', 'widgets-broken.yaml'), join(workspace, 'app', 'widgets-broken.yaml'));
  copyFileSync(join(root, 'test-fixtures', 'crd-catalog', 'things.yaml'), join(workspace, 'app', 'things.yaml'));
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
  // kubeRehearsal.crds names a catalog folder outside the workspace.
  const catalog = join(root, 'test-fixtures', 'crd-catalog');
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'kubeRehearsal' ? { crds: [catalog] } : null)));
  const folder = pathToFileURL(workspace).href;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folder,
    workspaceFolders: [{ uri: folder, name: 'ws' }],
    initializationOptions: { settings: { crds: [catalog] } },
    capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true } }, textDocument: { publishDiagnostics: { versionSupport: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } } },
  });
  await conn.sendNotification('initialized', {});
});

after(() => stopServer(conn, server, workspace));

test('custom resources are validated from the CRD in the workspace, at the same ranges as the CLI', async () => {
  const uri = pathToFileURL(join(workspace, 'app', 'widgets-broken.yaml')).href;
  const p = await waitFor(uri, (x) => x.diagnostics.some((d) => d.code === 'unknown-field'));
  assert.deepEqual(brief(p).slice(0, 8), [
    '6:2-6:8 unknown-field',
    '14:12-14:17 wrong-type',
    '21:8-21:12 value-not-in-enum',
    '29:9-29:15 invalid-value',
    '38:2-38:13 validation-rule',
    '41:6-41:12 unknown-kind',
    '47:12-47:36 wrong-api-version',
    '58:2-58:11 cluster-scoped-namespace',
  ]);
  assert.equal(p.diagnostics.length, 18);
});

test('a misspelt custom kind has a quick fix, and the fixed document re-validates', async () => {
  const path = join(workspace, 'app', 'widgets-broken.yaml');
  const uri = pathToFileURL(path).href;
  const text = readFileSync(path, 'utf8');
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const p = await waitFor(uri, (x) => x.version === 1);
  const kind = p.diagnostics.find((d) => d.code === 'unknown-kind')!;
  const actions = (await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: kind.range, context: { diagnostics: [kind] } })) as CodeAction[];
  assert.equal(actions[0].title, 'Change kind to Widget');
  const change = actions[0].edit!.documentChanges![0] as { edits: TextEdit[] };
  const fixed = applyEdits(text, change.edits);
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
  const after = await waitFor(uri, (x) => x.version === 2);
  assert.equal(after.diagnostics.filter((d) => d.code === 'unknown-kind').length, 0);
  assert.equal(after.diagnostics.length, 17);
});

test('a dry run of a file stores its custom resources, the CRD of another file taken as installed, refused ones listed', async () => {
  const uri = pathToFileURL(join(workspace, 'app', 'widgets-broken.yaml')).href;
  await waitFor(uri);
  const r = await conn.sendRequest<DryRunResult>('kubeRehearsal/simulate', { scope: 'file', uri, time: 10 });
  // misspelt-kind was fixed by the quick fix above (Widgit -> Widget) and is valid now.
  assert.deepEqual(r.snapshot.customResources?.map((c) => `${c.kind}/${c.namespace ?? ''}/${c.name}`), ['Gadget//scoped', 'Widget/default/misspelt-kind']);
  // The tree's row opens the document that defines it.
  assert.equal(r.locations['Gadget//scoped']?.uri, uri);
  // Refused ones are listed under Not simulated, on their lines (the checker's verdict, the same schema).
  const refused = r.rejected?.find((x) => x.object === 'Widget/cel-rule');
  assert.equal(refused?.message, 'Widget "cel-rule" is invalid: spec.minReplicas: Invalid value: "object": minReplicas must not exceed replicas');
  assert.equal(refused?.uri, uri);
  assert.ok(r.snapshot.assumptions.some((a) => a.object === 'customresourcedefinition/gadgets.rehearsal.example.com' && a.message.startsWith('taken as installed')));
});

test('editing the CRD re-validates its custom resources', async () => {
  const crdPath = join(workspace, 'app', 'widget-crd.yaml');
  const crdUri = pathToFileURL(crdPath).href;
  const uri = pathToFileURL(join(workspace, 'app', 'widgets-broken.yaml')).href;
  // Allow `colour` by adding it to the schema: the unknown-field finding on line 7 goes away.
  const text = readFileSync(crdPath, 'utf8').replace('                size:\n', '                colour:\n                  type: string\n                size:\n');
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: crdUri, languageId: 'yaml', version: 1, text: readFileSync(crdPath, 'utf8') } });
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri: crdUri, version: 2 }, contentChanges: [{ text }] });
  const p = await waitFor(uri, (x) => !x.diagnostics.some((d) => d.message.includes('spec.colour')));
  assert.equal(p.diagnostics.some((d) => d.code === 'wrong-type'), true);
});

test('kubeRehearsal.crds supplies a schema catalog from outside the workspace', async () => {
  const uri = pathToFileURL(join(workspace, 'app', 'things.yaml')).href;
  const p = await waitFor(uri, (x) => x.diagnostics.length > 0 && x.diagnostics[0].code !== 'custom-resource');
  assert.deepEqual(brief(p), ['5:9-5:11 invalid-value', '6:2-6:7 unknown-field']);
});
