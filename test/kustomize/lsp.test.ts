import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { ensureBuilt, spawnServer, stopServer, type ServerHandle } from '../support/server';
import { resultLocation, type DryRunResult } from '../../server/src/engine/dryrun/protocol';
import { findKustomize } from '../../server/src/engine/kustomize/runner';

/**
 * The language server with kustomizations: in a trusted workspace every root is built by kustomize
 * and its findings are published on source lines; the dry run of an overlay simulates its build,
 * with locations on the sources; an untrusted workspace never starts kustomize and says so once.
 */

const root = join(__dirname, '..', '..');
const tool = findKustomize();
const NO_TOOL = 'neither kustomize nor kubectl is on PATH: kustomize in the language server not tested';
const servers: { handle: ServerHandle; workspace: string }[] = [];

after(async () => {
  for (const s of servers) await stopServer(s.handle.conn, s.handle.process, s.workspace);
});

interface Published {
  uri: string;
  diagnostics: { range: { start: { line: number } }; code: string; message: string }[];
}

async function start(trusted: boolean, settings?: Record<string, unknown>) {
  ensureBuilt();
  const workspace = mkdtempSync(join(tmpdir(), 'kr-klsp-'));
  cpSync(join(root, 'test-fixtures', 'kustomize'), workspace, { recursive: true });
  const handle = spawnServer();
  servers.push({ handle, workspace });
  // kubeRehearsal.* and files.exclude, as the editor answers workspace/configuration.
  if (settings) handle.conn.onRequest('workspace/configuration', () => [settings, {}]);
  const published = new Map<string, Published>();
  const statuses: { state: string; message: string }[] = [];
  handle.conn.onNotification('textDocument/publishDiagnostics', (p: Published) => published.set(p.uri, p));
  handle.conn.onNotification('kubeRehearsal/kustomizeStatus', (s: { state: string; message: string }) => statuses.push(s));
  const folder = pathToFileURL(workspace).href;
  await handle.conn.sendRequest('initialize', {
    processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'shop' }],
    capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true } } },
    initializationOptions: { trusted },
  });
  await handle.conn.sendNotification('initialized', {});
  const uri = (rel: string) => pathToFileURL(join(workspace, rel)).href;
  return { handle, workspace, published, statuses, uri };
}

async function until<T>(what: string, get: () => T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('trusted: build findings are published on source lines, and an overlay dry-runs as built', { skip: !tool && NO_TOOL, timeout: 180_000 }, async () => {
  const s = await start(true);
  const service = await until('the build findings on base/service.yaml', () => {
    const p = s.published.get(s.uri('base/service.yaml'));
    return p && p.diagnostics.filter((d) => d.code === 'service-target-port').length === 2 ? p : undefined;
  });
  assert.deepEqual(service.diagnostics.map((d) => d.range.start.line), [9, 9]);
  assert.ok(service.diagnostics.some((d) => d.message.endsWith('(in the build of overlays/dev)')));
  const prod = await until('the prod kustomization finding', () => s.published.get(s.uri('overlays/prod/kustomization.yaml'))?.diagnostics.find((d) => d.code === 'value-not-in-enum'));
  assert.equal(prod.range.start.line, 16, 'on the inline patch that sets imagePullPolicy');
  // The generated names resolve in the build: no missing references in the base.
  assert.ok(!(s.published.get(s.uri('base/deployment.yaml'))?.diagnostics ?? []).some((d) => d.code === 'missing-reference'));
  await until('the ok status', () => s.statuses.find((x) => x.state === 'ok'));

  const lenses = await s.handle.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: s.uri('overlays/dev/kustomization.yaml') } });
  assert.deepEqual(lenses.map((l) => [l.command?.command, l.command?.arguments]), [['kubeRehearsal.dryRunKustomization', [s.uri('overlays/dev/kustomization.yaml')]]]);

  const r = await s.handle.conn.sendRequest<DryRunResult>('kubeRehearsal/simulate', { scope: 'kustomization', uri: s.uri('overlays/dev') });
  assert.equal(r.scope, 'kustomization');
  assert.equal(r.label, 'overlays/dev');
  const pod = r.snapshot.pods.find((p) => p.namespace === 'shop-dev' && p.name.startsWith('shop-dev-'));
  assert.equal(pod?.status, 'Running');
  assert.ok(!r.snapshot.workloads.some((w) => w.name === 'shop'), 'the base itself is not simulated');
  // Objects point at their source files.
  assert.equal(r.locations['Deployment/shop-dev/shop-dev'].uri, s.uri('base/deployment.yaml'));
  assert.equal(r.locations['Service/shop-dev/shop-dev'].uri, s.uri('base/service.yaml'));
  assert.equal(resultLocation(r, 'Pod', 'shop-dev', pod!.name)?.uri, s.uri('base/deployment.yaml'));
  assert.deepEqual([...r.files].sort(), [s.uri('base/deployment.yaml'), s.uri('base/kustomization.yaml'), s.uri('base/service.yaml'), s.uri('overlays/dev/kustomization.yaml'), s.uri('overlays/dev/namespace.yaml')].sort());
});

test('untrusted: kustomize is never started; the files are checked one by one and the client is told', { skip: !tool && NO_TOOL, timeout: 120_000 }, async () => {
  const s = await start(false);
  const status = await until('the untrusted status', () => s.statuses.find((x) => x.state === 'untrusted'));
  assert.match(status.message, /Restricted Mode/);
  const service = await until('the raw finding on base/service.yaml', () => s.published.get(s.uri('base/service.yaml')));
  assert.deepEqual(service.diagnostics.map((d) => [d.code, d.message.includes('(in the build')]), [['service-target-port', false]]);
  await assert.rejects(s.handle.conn.sendRequest('kubeRehearsal/simulate', { scope: 'kustomization', uri: s.uri('overlays/dev') }), /Restricted Mode/);
});

test('the user\'s rule levels judge the builds as they judge the files', { skip: !tool && NO_TOOL, timeout: 180_000 }, async () => {
  // Before, the language server checked builds without the settings: a rule turned off in
  // kubeRehearsal.rules was still reported from every build.
  const s = await start(true, { rules: { 'service-target-port': 'off' } });
  await until('the ok status', () => s.statuses.find((x) => x.state === 'ok'));
  const prod = await until('the prod kustomization finding', () => s.published.get(s.uri('overlays/prod/kustomization.yaml'))?.diagnostics.find((d) => d.code === 'value-not-in-enum'));
  assert.match(prod.message, /\(in the build of overlays\/prod\)$/, 'the builds are checked');
  assert.deepEqual((s.published.get(s.uri('base/service.yaml'))?.diagnostics ?? []).filter((d) => d.code === 'service-target-port'), []);
});
