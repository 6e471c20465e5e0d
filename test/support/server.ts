import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { ClientCapabilities, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

/** The bundles tests drive: the language server (`node dist/server.js --stdio`) and the CLI. */

export const repoRoot = join(__dirname, '..', '..');
export const serverJs = join(repoRoot, 'dist', 'server.js');

/** Newest modification time under a folder. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export const cliJs = join(repoRoot, 'dist', 'cli.js');

/** Rebuilds dist/ (server and CLI, one build) when the sources or schemas are newer than either bundle. */
export function ensureBuilt(): void {
  const srcTime = Math.max(newest(join(repoRoot, 'server', 'src')), newest(join(repoRoot, 'schemas')));
  if ([serverJs, cliJs].every((f) => existsSync(f) && statSync(f).mtimeMs >= srcTime)) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  assert.equal(r.status, 0, 'build failed');
}

export interface ServerHandle {
  process: ChildProcess;
  conn: MessageConnection;
  /** What the server wrote to stderr. */
  stderr: string[];
}

/**
 * Starts the server with a listening connection whose client side answers what a plain client
 * answers (default settings, capability registration, progress, CodeLens refresh) and ignores
 * diagnostics and log messages; a test registers its own handlers on top (they replace these).
 */
export function spawnServer(env?: NodeJS.ProcessEnv): ServerHandle {
  // KR_SERVER_NODE_ARGS: node options for the server process (a bench's `--cpu-prof --cpu-prof-dir=...`).
  const nodeArgs = process.env.KR_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: env ? { ...process.env, ...env } : process.env });
  const stderr: string[] = [];
  child.stderr!.on('data', (d) => stderr.push(String(d)));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/codeLens/refresh', () => null);
  conn.onNotification('textDocument/publishDiagnostics', () => undefined);
  conn.onNotification('window/logMessage', () => undefined);
  conn.listen();
  return { process: child, conn, stderr };
}

/** Shuts a test's server down (politely, then for sure) and removes its workspace folder. */
export async function stopServer(conn: MessageConnection | undefined, server: ChildProcess | undefined, workspace?: string): Promise<void> {
  try {
    await conn?.sendRequest('shutdown');
    await conn?.sendNotification('exit');
  } catch {
    // already gone
  }
  conn?.dispose();
  server?.kill();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
}

/** One publication of diagnostics as the client received it, with the time it arrived (performance.now()). */
export interface Publication {
  params: PublishDiagnosticsParams;
  at: number;
}

export interface LspClientOptions {
  /** Prefix of the temporary workspace folder (removed by stop). */
  prefix?: string;
  /** Writes the workspace's files before the server starts (it scans them at `initialized`). */
  files?: (workspace: string) => void;
  /** Extra environment of the server process. */
  env?: NodeJS.ProcessEnv;
  /** Registers the test's own client-side handlers before `initialize` (they replace spawnServer's). */
  handlers?: (conn: MessageConnection) => void;
  /** The client's capabilities; by default it reads settings with workspace/configuration. */
  capabilities?: ClientCapabilities;
  /** More InitializeParams (a locale, initializationOptions). */
  initialize?: Record<string, unknown>;
}

/** A started, initialized server with the client's view of it: publications, log, exit. */
export interface LspClient extends ServerHandle {
  workspace: string;
  /** The workspace folder's URI, and a file's in it. */
  folderUri: string;
  uri(name: string): string;
  /** The latest publication per document. */
  published: Map<string, PublishDiagnosticsParams>;
  /** Every publication, in the order received. */
  publications: Publication[];
  /** window/logMessage texts and what the server wrote to stderr. */
  logs: string[];
  exited(): boolean;
  /**
   * The latest publication of `uri` if it satisfies `pred`, else the next one that does. (A test
   * that needs a publication newer than the latest deletes it from `published` first.)
   */
  waitForPublication(uri: string, pred?: (p: PublishDiagnosticsParams) => boolean): Promise<Publication>;
  waitForDiagnostics(uri: string, pred?: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  /** Shuts the server down and removes the workspace. */
  stop(): Promise<void>;
}

/**
 * The start-up every LSP test shares: builds if needed, makes a workspace folder, starts the
 * server over stdio, records diagnostics and log messages, and sends initialize/initialized.
 */
export async function startLspClient(options: LspClientOptions = {}): Promise<LspClient> {
  ensureBuilt();
  const workspace = mkdtempSync(join(tmpdir(), options.prefix ?? 'kr-lsp-'));
  options.files?.(workspace);
  const handle = spawnServer(options.env);
  const { conn } = handle;
  let exited = false;
  handle.process.on('exit', () => (exited = true));
  const logs: string[] = [];
  handle.process.stderr!.on('data', (d) => logs.push(String(d)));
  const published = new Map<string, PublishDiagnosticsParams>();
  const latest = new Map<string, Publication>();
  const publications: Publication[] = [];
  const waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (e: Publication) => void }[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    const e = { params, at: performance.now() };
    publications.push(e);
    published.set(params.uri, params);
    latest.set(params.uri, e);
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].uri === params.uri && waiters[i].pred(params)) {
        waiters[i].resolve(e);
        waiters.splice(i, 1);
      }
    }
  });
  conn.onNotification('window/logMessage', (m: { message: string }) => logs.push(m.message));
  options.handlers?.(conn);
  const waitForPublication = (uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<Publication> => {
    const have = published.get(uri);
    if (have && pred(have)) {
      const e = latest.get(uri);
      return Promise.resolve(e && e.params === have ? e : { params: have, at: performance.now() });
    }
    return new Promise((resolve) => waiters.push({ uri, pred, resolve }));
  };
  const folderUri = pathToFileURL(workspace).href;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'ws' }],
    capabilities: options.capabilities ?? { workspace: { configuration: true } },
    ...options.initialize,
  });
  await conn.sendNotification('initialized', {});
  return {
    ...handle,
    workspace,
    folderUri,
    uri: (name) => pathToFileURL(join(workspace, name)).href,
    published,
    publications,
    logs,
    exited: () => exited,
    waitForPublication,
    waitForDiagnostics: (uri, pred) => waitForPublication(uri, pred).then((e) => e.params),
    stop: () => stopServer(conn, handle.process, workspace),
  };
}
