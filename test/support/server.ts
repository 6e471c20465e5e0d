import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

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
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: env ? { ...process.env, ...env } : process.env });
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
