// In-editor tests for a desktop VS Code, run by scripts/test-vscode.mjs through @vscode/test-electron
// (bundled with esbuild first). They use the real extension API: activation, diagnostics, quick fixes.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const fixtures = path.resolve(__dirname, '..', '..', 'test-fixtures', 'e2e-workspace');

async function diagnosticsFor(uri: vscode.Uri, want: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = vscode.languages.getDiagnostics(uri);
    if (want(d)) return d;
    if (Date.now() > deadline) throw new Error(`diagnostics for ${uri.fsPath} never matched; last: ${JSON.stringify(d.map((x) => [x.range.start.line, x.code, x.message]))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}

const tests: [string, () => Promise<void>][] = [
  ['the extension activates on a YAML file and reports the misspelled kind', async () => {
    const uri = vscode.Uri.file(path.join(fixtures, 'mistakes.yaml'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const d = await diagnosticsFor(uri, (ds) => ds.some((x) => codeOf(x) === 'unknown-kind'));
    const kind = d.find((x) => codeOf(x) === 'unknown-kind')!;
    assert.equal(kind.range.start.line, 2);
    assert.ok(d.some((x) => codeOf(x) === 'unknown-field' && x.message.includes('selecotr')));
    assert.ok(d.some((x) => codeOf(x) === 'selector-mismatch'));
  }],
  ['the quick fix for the kind rewrites the line and clears the problem', async () => {
    const uri = vscode.Uri.file(path.join(fixtures, 'quickfix.yaml'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const [diag] = (await diagnosticsFor(uri, (ds) => ds.some((x) => codeOf(x) === 'unknown-kind'))).filter((x) => codeOf(x) === 'unknown-kind');
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range)) ?? [];
    const fix = actions.find((a) => a.title.includes('ReplicaSet'));
    assert.ok(fix?.edit, `no ReplicaSet fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(diag.range.start.line).text.trim(), 'kind: ReplicaSet');
    await diagnosticsFor(uri, (ds) => !ds.some((x) => codeOf(x) === 'unknown-kind'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }],
];

/** Entry point called by the test runner inside the extension host. */
export async function run(): Promise<void> {
  let failed = 0;
  for (const [name, fn] of tests) {
    try {
      await fn();
      console.log(`ok - ${name}`);
    } catch (e) {
      failed++;
      console.log(`not ok - ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  console.log(`${tests.length - failed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} in-editor test(s) failed`);
}
