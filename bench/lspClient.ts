import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { cpuTimeMs, now, residentMemory } from './stats';

/**
 * One language server driven over stdio, the way an editor would: initialize, settings pulled
 * through workspace/configuration, documents opened and edited, diagnostics awaited.
 * The same class drives both servers; only the command, the settings and the content served
 * through `vscode/content` differ.
 */

export interface ServerSpec {
  name: string;
  args: string[];
  /** Answers to workspace/configuration, by section. */
  settings: Record<string, unknown>;
  /** Files served for `vscode/content` requests (matched by the end of the requested URI). */
  content?: Record<string, string>;
  /** Served for any other `vscode/content` request (nothing is fetched). */
  fallbackContent?: string;
  /** Notifications sent right after `initialized` (e.g. yaml/registerContentRequest). */
  afterInitialized?: { method: string; params?: unknown }[];
  /** A folder opened as the workspace (the server scans it); none by default. */
  workspaceFolder?: string;
}

interface Published {
  uri: string;
  version?: number;
  count: number;
  at: number;
  diagnostics: { message: string; source?: string; code?: unknown }[];
}

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly contentRequests: string[] = [];
  private readonly waiters: { uri: string; minVersion: number; resolve: (p: Published) => void }[] = [];
  lastPublishAt = 0;
  readonly last = new Map<string, Published>();
  syncKind = 1;
  startedAt = now();
  initializeMs = NaN;
  stderr = '';
  /** The server's window/logMessage lines, with the time each arrived. */
  readonly logs: { at: number; message: string }[] = [];

  constructor(readonly spec: ServerSpec) {
    this.proc = spawn(process.execPath, spec.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => {
      if (this.stderr.length < 20000) this.stderr += String(d);
    });
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((i) => (i.section ? (spec.settings[i.section] ?? null) : null)));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('client/unregisterCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/workspaceFolders', () => null);
    this.conn.onRequest('vscode/content', (uri: string) => {
      this.contentRequests.push(uri);
      const path = uri.split('#')[0];
      for (const [suffix, text] of Object.entries(spec.content ?? {})) if (path.endsWith('/' + suffix)) return text;
      if (spec.fallbackContent !== undefined) return spec.fallbackContent;
      throw new Error(`not available offline: ${uri}`);
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => {
      if (this.logs.length < 1000) this.logs.push({ at: now(), message: p.message });
    });
    this.conn.onNotification('telemetry/event', () => undefined);
    this.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: Published['diagnostics'] }) => {
      const pub: Published = { uri: p.uri, version: p.version, count: p.diagnostics.length, at: now(), diagnostics: p.diagnostics };
      this.last.set(p.uri, pub);
      this.lastPublishAt = pub.at;
      for (let i = 0; i < this.waiters.length; i++) {
        // A publication for an older version is stale: it does not answer the edit just sent.
        if (this.waiters[i].uri === p.uri && (p.version === undefined || p.version === null || p.version >= this.waiters[i].minVersion)) {
          const [w] = this.waiters.splice(i, 1);
          w.resolve(pub);
          break;
        }
      }
    });
    this.conn.listen();
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /** settleMs: how long to let the server pull and apply its settings before anything is opened. */
  async initialize(settleMs = 500): Promise<void> {
    const result = (await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: this.spec.workspaceFolder ? pathToFileURL(this.spec.workspaceFolder).href : null,
      workspaceFolders: this.spec.workspaceFolder ? [{ uri: pathToFileURL(this.spec.workspaceFolder).href, name: 'bench' }] : null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          synchronization: { didSave: true },
        },
      },
      initializationOptions: {},
    })) as { capabilities: { textDocumentSync?: number | { change?: number } } };
    this.initializeMs = now() - this.startedAt;
    const sync = result.capabilities.textDocumentSync;
    this.syncKind = typeof sync === 'number' ? sync : (sync?.change ?? 1);
    await this.conn.sendNotification('initialized', {});
    for (const n of this.spec.afterInitialized ?? []) await this.conn.sendNotification(n.method, n.params);
    await this.conn.sendNotification('workspace/didChangeConfiguration', { settings: this.spec.settings });
    // Let the server pull and apply its settings before anything is opened.
    if (settleMs > 0) await new Promise((r) => setTimeout(r, settleMs));
  }

  /** The next publishDiagnostics for `uri`, or undefined after `timeoutMs`. */
  nextDiagnostics(uri: string, timeoutMs = 300000, minVersion = 0): Promise<Published | undefined> {
    return new Promise((resolve) => {
      const w = { uri, minVersion, resolve: (p: Published | undefined) => resolve(p) };
      this.waiters.push(w as { uri: string; minVersion: number; resolve: (p: Published) => void });
      setTimeout(() => {
        const i = this.waiters.indexOf(w as { uri: string; minVersion: number; resolve: (p: Published) => void });
        if (i >= 0) {
          this.waiters.splice(i, 1);
          resolve(undefined);
        }
      }, timeoutMs).unref();
    });
  }

  async open(uri: string, text: string): Promise<{ ms: number; cpuMs: number; pub?: Published }> {
    const wait = this.nextDiagnostics(uri);
    const cpu0 = await cpuTimeMs(this.pid);
    const t0 = now();
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const pub = await wait;
    // The server's own CPU time for the open: less sensitive than wall time to other load on the machine.
    const cpuMs = (await cpuTimeMs(this.pid)) - cpu0;
    return { ms: pub ? pub.at - t0 : NaN, cpuMs, pub };
  }

  /**
   * A one-character edit at `offset` of `before` (insert `insert` or delete one character),
   * sent as the server asked (incremental range or the full text); resolves on the next diagnostics.
   */
  async edit(uri: string, version: number, after: string, change: { line: number; character: number; insert?: string }): Promise<{ ms: number; pub?: Published }> {
    const wait = this.nextDiagnostics(uri, 180000, version);
    const t0 = now();
    const { line, character } = change;
    const contentChanges =
      this.syncKind === 2
        ? [change.insert !== undefined ? { range: { start: { line, character }, end: { line, character } }, text: change.insert } : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' }]
        : [{ text: after }];
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    const pub = await wait;
    return { ms: pub ? pub.at - t0 : NaN, pub };
  }

  /** Waits until no diagnostics have arrived for `quietMs` (late re-checks must not answer the next edit). */
  async settle(quietMs: number, maxMs = 30000): Promise<void> {
    const start = now();
    for (;;) {
      const idle = now() - Math.max(this.lastPublishAt, start);
      if (idle >= quietMs || now() - start > maxMs) return;
      await new Promise((r) => setTimeout(r, Math.max(5, quietMs - idle)));
    }
  }

  async timed<T>(method: string, params: unknown): Promise<{ ms: number; result: T }> {
    const t0 = now();
    const result = (await this.conn.sendRequest(method, params)) as T;
    return { ms: now() - t0, result };
  }

  memory(): Promise<{ rssMiB: number; peakMiB: number } | undefined> {
    return residentMemory(this.pid);
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    // A server writing a CPU profile on exit (--cpu-prof) needs longer than one that does not.
    const patience = this.spec.args.includes('--cpu-prof') ? 20_000 : 200;
    for (const end = now() + patience; this.proc.exitCode === null && now() < end; ) await new Promise((r) => setTimeout(r, 50));
    if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    this.conn.dispose();
  }
}
