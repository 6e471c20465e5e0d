import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startLspClient, type LspClient } from '../support/server';
import { LineIndex } from '../../server/src/engine/yaml/lineIndex';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { checkFile } from '../../server/src/engine/check';
import { fuzzRuns, fuzzSeed, indexOf, ROOT } from './helpers';

/**
 * Random edits through the real language server over stdio: documents opened from the fixtures
 * are edited a few characters at a time (incremental changes, as an editor sends them: typing,
 * deleting, pasting YAML punctuation, anchors, templates, tabs, CR, surrogates, long lines), with
 * every editing request in between, some at positions outside the text. Every request must be
 * answered (no error for a well-formed request) within a time limit, the server must not exit or
 * log an uncaught error, and the last diagnostics must be those of the last text.
 *
 * Fixed seed; the number of edits is KR_FUZZ_RUNS (default 600) and the whole run stops after
 * three minutes of wall time in any case, so CI time stays bounded.
 */

const WALL_BUDGET_MS = 180_000;
const ANSWER_MS = 30_000;
const FIXTURES = ['test-fixtures/sim/nginx-rollout.yaml', 'test-fixtures/tutorial/nginx.yaml', 'test-fixtures/tutorial/liveness.yaml', 'test-fixtures/pathological/list.yaml', 'test-fixtures/pathological/crlf.yaml'];
const PIECES = [':', ': ', '-', '- ', ' ', '  ', '\t', '\n', '\r\n', '\r', '{', '}', '[', ']', '&a ', '*a', '<<: *a\n', '|', '>-', '"', "'", '#', '---\n', '...\n', '{{ .Values.x }}', '?', '!!str ', '%YAML 1.2\n', '\uFEFF', '\u0000', 'é', '😀', '\uD800', 'apiVersion: v1\n', 'kind: Pod\n', 'kind: Service\n', '  selector:\n    app: web\n', 'replicas: 1000000\n', 'x'.repeat(5000)];

/** A small deterministic generator (mulberry32): the run is the same for a seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let client: LspClient;
let conn: MessageConnection;
let workspace: string;
let logs: string[];
let published: Map<string, PublishDiagnosticsParams>;

before(async () => {
  client = await startLspClient({ prefix: 'kr-lsp-fuzz-' });
  ({ conn, workspace, logs, published } = client);
});

after(() => client?.stop());

function answered<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ANSWER_MS} ms`)), ANSWER_MS)));
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

function fixtureTexts(): [string, string][] {
  return FIXTURES.map((f) => [f.split('/').pop()!, readFileSync(join(ROOT, f), 'utf8')]);
}

test('random edits over LSP: every request answered, no crash, the last diagnostics are the last text\'s', { timeout: 600_000 }, async (t) => {
  const random = prng(fuzzSeed(2026));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const docs = fixtureTexts().map(([name, text], i) => ({ uri: pathToFileURL(join(workspace, `f${i}-${name}`)).href, text, version: 1 }));
  assert.ok(docs.length >= 3);
  for (const d of docs) await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: d.uri, languageId: 'yaml', version: d.version, text: d.text } });
  const started = Date.now();
  const edits = fuzzRuns(600);
  let done = 0;
  let requests = 0;
  for (; done < edits && Date.now() - started < WALL_BUDGET_MS; done++) {
    const d = pick(docs);
    const lines = new LineIndex(d.text);
    // An edit: a replacement of up to 8 characters by a piece (or nothing), or a whole line moved.
    const at = Math.floor(random() * (d.text.length + 1));
    const del = random() < 0.4 ? Math.floor(random() * 8) : 0;
    const end = Math.min(d.text.length, at + del);
    const insert = random() < 0.8 ? pick(PIECES) : '';
    const range = { start: lines.positionAt(at), end: lines.positionAt(end) };
    // A position between the \r and \n of one line break is no position an editor sends.
    if (d.text.charCodeAt(at - 1) === 13 && d.text.charCodeAt(at) === 10) continue;
    if (d.text.charCodeAt(end - 1) === 13 && d.text.charCodeAt(end) === 10) continue;
    d.text = d.text.slice(0, at) + insert + d.text.slice(end);
    d.version++;
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: d.uri, version: d.version }, contentChanges: [{ range, text: insert }] });
    // Requests after some edits (an editor asks while the user types), at the edit and elsewhere.
    if (random() < 0.5) {
      const now = new LineIndex(d.text);
      const inside = now.positionAt(Math.floor(random() * (d.text.length + 1)));
      const position = random() < 0.1 ? { line: inside.line + 1000, character: 5 } : inside;
      const textDocument = { uri: d.uri };
      const all: [string, Promise<unknown>][] = [
        ['hover', conn.sendRequest('textDocument/hover', { textDocument, position })],
        ['completion', conn.sendRequest('textDocument/completion', { textDocument, position })],
        ['definition', conn.sendRequest('textDocument/definition', { textDocument, position })],
        ['references', conn.sendRequest('textDocument/references', { textDocument, position, context: { includeDeclaration: true } })],
        ['documentSymbol', conn.sendRequest('textDocument/documentSymbol', { textDocument })],
        ['foldingRange', conn.sendRequest('textDocument/foldingRange', { textDocument })],
        ['codeAction', conn.sendRequest('textDocument/codeAction', { textDocument, range: { start: { line: 0, character: 0 }, end: position }, context: { diagnostics: [] } })],
      ];
      for (const [what, p] of all) {
        requests++;
        await answered(`${what} after edit ${done} of ${d.uri}`, p);
      }
    }
    assert.equal(client.exited(), false, `the server exited after edit ${done}`);
  }
  t.diagnostic(`${done} edits and ${requests} requests in ${Date.now() - started} ms`);
  assert.ok(done >= Math.min(edits, 50), `only ${done} edits in the time budget`);
  // The diagnostics published last are those of each document's last version. The server sends
  // nothing when a document has no findings and its last message had none, so a document whose
  // last text has no findings (checked here with the same workspace) may keep an older, empty one.
  const finalFiles = docs.map((d) => parseYamlFile(d.uri, d.text));
  const index = indexOf(finalFiles);
  for (const [i, d] of docs.entries()) {
    const expectNone = checkFile(finalFiles[i], { index }).length === 0;
    const settled = () => {
      const p = published.get(d.uri);
      return p?.version === d.version || (expectNone && (!p || p.diagnostics.length === 0));
    };
    const deadline = Date.now() + 60_000;
    while (!settled() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(settled(), `${d.uri}: diagnostics of version ${published.get(d.uri)?.version}, the last is ${d.version}`);
    // And the server's text is the client's: a symbol request sees the same document count.
    const symbols = (await answered('documentSymbol (final)', conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: d.uri } }))) as unknown[];
    assert.ok(Array.isArray(symbols));
  }
  assert.equal(client.exited(), false);
  assert.ok(!logs.some((l) => /uncaught|unhandled rejection|failed: /i.test(l)), logs.filter((l) => /uncaught|unhandled|failed: /i.test(l)).slice(0, 5).join('\n'));
});
