import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startLspClient, type LspClient } from '../support/server';

/**
 * Settings a repository can set in .vscode/settings.json: a glob that makes a backtracking
 * matcher exponential (it froze the server for good) and invalid globs (they stopped every
 * diagnostic silently). The server must answer at once and say which glob is invalid.
 */

const EVIL = '*a*a*a*a*a*a*a*a*a*a*a*a*b';
let h: LspClient;
let workspace: string;
const warnings: string[] = [];
let published: Map<string, PublishDiagnosticsParams>;

before(async () => {
  h = await startLspClient({
    prefix: 'kr-hostile-settings-',
    // A long name of "a"s: the evil glob's worst case.
    files: (ws) => writeFileSync(join(ws, `${'a'.repeat(80)}.yaml`), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long-name\n'),
    handlers: (conn) => {
      conn.onRequest('workspace/configuration', () => [
        { include: ['**/*.yaml', EVIL], exclude: ['[z-a]', `**/${EVIL}/**`] },
        { [EVIL]: true, '{a,b': true },
      ]);
      conn.onRequest('window/showMessageRequest', (m: { type: number; message: string }) => {
        warnings.push(`${m.type} ${m.message}`);
        return null;
      });
    },
  });
  ({ workspace, published } = h);
});

after(() => h?.stop());

test('hostile include/exclude/files.exclude globs: the server answers, warns about the invalid ones, and still checks', { timeout: 60_000 }, async () => {
  const started = Date.now();
  const deadline = started + 20_000;
  let names: string[] = [];
  while (!names.includes('ConfigMap long-name') && Date.now() < deadline) {
    names = ((await h.conn.sendRequest('workspace/symbol', { query: '' })) as { name: string }[]).map((s) => s.name);
    if (!names.includes('ConfigMap long-name')) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(names.includes('ConfigMap long-name'), `the scan finished (${Date.now() - started} ms): ${names.join(', ')}`);
  assert.ok(Date.now() - started < 20_000);
  // One visible warning names the first invalid glob and the setting.
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0], /^2 Kube Rehearsal: kubeRehearsal.exclude: "\[z-a\]" is not a valid glob \(the range "z-a" in "\[z-a\]" is out of order\); it matches nothing \(and 1 more, see the output\)$/);
  // Diagnostics still flow for an opened document.
  const uri = pathToFileURL(join(workspace, 'pod.yaml')).href;
  await h.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containerz: []\n' } });
  const until = Date.now() + 20_000;
  while (!published.has(uri) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  assert.ok(published.get(uri)?.diagnostics.some((d) => d.code === 'unknown-field'), JSON.stringify(published.get(uri)));
  assert.equal(h.process.exitCode, null);
});

test('package.json declares the file-pattern settings as restricted in untrusted workspaces', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const u = pkg.capabilities.untrustedWorkspaces;
  assert.equal(u.supported, 'limited');
  for (const s of ['kubeRehearsal.include', 'kubeRehearsal.exclude', 'kubeRehearsal.crds']) assert.ok(u.restrictedConfigurations.includes(s), s);
  assert.ok(u.description);
});
