import {
  createConnection,
  DidChangeWatchedFilesNotification,
  DidChangeConfigurationNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  type Connection,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { inspect } from 'node:util';
import { DirectMessageWriter } from './messageEncoding';
import { editedSince, updateLogged } from './documentEdits';
import { enabledGlobs, globSettingProblems, normalizeSettings } from '../engine/config';
import { versionLabel } from '../engine/version/kubernetesVersion';
import type { Finding } from '../engine/findings';
import type { ServerContext } from './context';
import { SERVICES } from './services/index';
import { uriToPath, WorkspaceState } from './workspaceState';
import { KustomizeState, TRUST_NOTIFICATION } from './kustomize';
import { localizedSettingProblems, localizedText, setClientLocale } from './l10n/index';

/**
 * The Kube Rehearsal language server: `node dist/server.js --stdio` (the VS Code client's
 * transport; --node-ipc, --socket and --pipe work too). It keeps a model of the workspace and hands requests to the feature services.
 */


/**
 * Over stdio (the VS Code client's transport, and other editors') messages are written at once by
 * DirectMessageWriter, which serializes each published diagnostic once. The library's own stdio setup
 * also sends console output to the client's log instead of stdout, the protocol's stream: done
 * here the same way.
 */
function connect(): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  // stdin stays a stream (the library then exits when it ends, as with --stdio); the writer is a
  // MessageWriter, which the library accepts in place of a stream though its types do not say so.
  const writer = new DirectMessageWriter(process.stdout);
  const c = createConnection(ProposedFeatures.all, process.stdin, writer as unknown as NodeJS.WritableStream);
  const toLog = (...args: unknown[]): void => c.console.log(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
  console.log = console.info = console.debug = console.trace = toLog;
  console.warn = (...args: unknown[]): void => c.console.warn(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
  console.error = (...args: unknown[]): void => c.console.error(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
  return c;
}
const connection = connect();
// Each update logs where its changes fell (documentEdits.ts): the next parse is told where to look.
const documents = new TextDocuments({ create: TextDocument.create, update: updateLogged });
const log = (message: string): void => {
  try {
    connection.console.error(message);
  } catch {
    // the connection is gone: nothing left to tell
  }
};
const state = new WorkspaceState(log, (uri) => {
  const d = documents.get(uri);
  return d ? { version: d.version, text: d.getText(), editedSince: (version: number) => editedSince(d, version) } : undefined;
});
const kustomize = new KustomizeState(state.index, connection, () => state.folders, () => state.settings.kustomizeCommand, log, () => state.kubernetesTarget().minor, () => state.settings);
let clientCapabilities: ClientCapabilities = {};
let pushedSettings: unknown;
const findingsByUri = new Map<string, { version: number | undefined; findings: Finding[] }>();
const dryRunFindingsByUri = new Map<string, { text: string; findings: Finding[] }>();
const settingsListeners: (() => void)[] = [];

/** Test-only: handler names that fail on purpose (KUBE_REHEARSAL_TEST_FAIL=hover,completion), to prove the server outlives them. */
const forcedFailures = new Set((process.env.KUBE_REHEARSAL_TEST_FAIL ?? '').split(',').filter(Boolean));

function safe<A extends unknown[], R>(name: string, fallback: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      if (forcedFailures.has(name)) throw new Error(`${name}: failure forced by KUBE_REHEARSAL_TEST_FAIL`);
      return await handler(...args);
    } catch (e) {
      log(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  };
}

/**
 * An open document's line offsets are computed by vscode-languageserver-textdocument on its first
 * incremental change (300,000 lines: over 100 ms). They are computed right after the open's
 * diagnostics are sent (a write to a pipe is synchronous on Linux: they are out), so neither the first
 * keystroke nor the open waits for them (made when the open was received, they were computed
 * between the slices of its parse, inside the time to its first diagnostics).
 */
const offsetsComputed = new WeakSet<object>();
function lineOffsetsAfterOpen(uri: string): void {
  const doc = documents.get(uri);
  if (!doc || offsetsComputed.has(doc)) return;
  offsetsComputed.add(doc);
  setImmediate(() => void documents.get(uri)?.offsetAt({ line: 0, character: 0 }));
}

const ctx: ServerContext = {
  connection,
  documents,
  index: state.index,
  clientCapabilities: () => clientCapabilities,
  workspaceFolder: () => state.folders[0],
  settings: () => state.settings,
  kubernetesTarget: () => state.kubernetesTarget(),
  file: (uri) => state.file(uri),
  beginRehearsal: (uri) => state.beginRehearsal(uri),
  endRehearsal: (uri) => state.endRehearsal(uri),
  shouldValidate: (uri) => state.shouldValidate(uri),
  editsPending: () => state.editsPending(),
  openDocumentsBehind: () => state.openDocumentsBehind(),
  patchFiles: () => lenientFiles(),
  extraCrds: () => state.extraCrds(),
  configFiles: () => state.configFiles(),
  kustomize,
  findings: (uri) => findingsByUri.get(uri),
  setFindings: (uri, version, findings) => {
    if (findings.length === 0) findingsByUri.delete(uri);
    else findingsByUri.set(uri, { version, findings });
    lineOffsetsAfterOpen(uri);
  },
  dryRunFindings: (uri) => dryRunFindingsByUri.get(uri),
  setDryRunFindings: (uri, entry) => {
    if (entry?.findings.length) dryRunFindingsByUri.set(uri, entry);
    else dryRunFindingsByUri.delete(uri);
  },
  onIndexChanged: (listener) => state.onChanged(listener),
  onSettingsChanged: (listener) => settingsListeners.push(listener),
  log,
  safe,
};

/** Patch files, and the files a kustomize build read (checked raw for what they say themselves). */
let lenient: { patches: ReadonlySet<string>; built: ReadonlySet<string>; union: ReadonlySet<string> } | undefined;
function lenientFiles(): ReadonlySet<string> {
  const patches = state.patchFiles();
  const built = kustomize.builtUris;
  if (!lenient || lenient.patches !== patches || lenient.built !== built) lenient = { patches, built, union: built.size ? new Set([...patches, ...built]) : patches };
  return lenient.union;
}

function mergeCapabilities(base: ServerCapabilities, extra: Partial<ServerCapabilities>): ServerCapabilities {
  return { ...base, ...extra, workspace: { ...base.workspace, ...extra.workspace } };
}

connection.onInitialize((params): InitializeResult => {
  clientCapabilities = params.capabilities ?? {};
  setClientLocale(params.locale);
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  state.folders = folders.map(uriToPath).filter((p): p is string => p !== undefined);
  const init = params.initializationOptions as { settings?: unknown; trusted?: unknown } | undefined;
  if (init?.settings) state.settings = normalizeSettings(init.settings);
  // kustomize runs only in a workspace the client says it trusts (VS Code's Restricted Mode).
  kustomize.trusted = init?.trusted === true;
  let capabilities: ServerCapabilities = {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
  for (const service of SERVICES) {
    try {
      if (service.capabilities) capabilities = mergeCapabilities(capabilities, service.capabilities(clientCapabilities));
    } catch (e) {
      log(`service ${service.name} capabilities failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { capabilities, serverInfo: { name: 'kube-rehearsal' } };
});

async function loadSettings(): Promise<void> {
  if (clientCapabilities.workspace?.configuration) {
    try {
      const [mine, filesExclude] = await connection.workspace.getConfiguration([{ section: 'kubeRehearsal' }, { section: 'files.exclude' }]);
      state.settings = normalizeSettings(mine);
      state.filesExclude = enabledGlobs(filesExclude);
      return;
    } catch (e) {
      log(`reading the settings failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const pushed = pushedSettings as { kubeRehearsal?: unknown; files?: { exclude?: unknown } } | undefined;
  if (pushed?.kubeRehearsal) state.settings = normalizeSettings(pushed.kubeRehearsal);
  if (pushed?.files?.exclude) state.filesExclude = enabledGlobs(pushed.files.exclude);
}

/** The invalid globs last warned about, so a warning is shown once per change of the settings. */
let warnedGlobs = '';

/** An invalid glob in a file-pattern setting is a visible warning, not a silent stop of every diagnostic. */
function warnInvalidGlobs(): void {
  const problems = globSettingProblems(state.settings, state.filesExclude);
  const key = problems.join('\n');
  if (key === warnedGlobs) return;
  warnedGlobs = key;
  for (const p of problems) log(p);
  if (problems.length) void connection.window.showWarningMessage(`Kube Rehearsal: ${localizedSettingProblems(problems)}`);
}

async function rescan(): Promise<void> {
  const started = Date.now();
  const count = await state.scan();
  const s = state.lastScanSlices;
  connection.console.log(`kube-rehearsal: indexed ${count} files in ${Date.now() - started} ms (${s.count} slices, the longest ${Math.round(s.longestMs)} ms)`);
}

connection.onInitialized(
  safe('initialized', undefined, async () => {
    const dynamic = clientCapabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    if (dynamic) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{yaml,yml,json}' }, { globPattern: '**/' }],
      });
    }
    if (clientCapabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: ['kubeRehearsal', 'files.exclude'] });
    }
    if (clientCapabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        safe('workspaceFolders', undefined, async (e) => {
          const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
          state.folders = [...state.folders.filter((f) => !removed.has(f)), ...e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined)];
          await rescan();
        }),
      );
    }
    await loadSettings();
    warnInvalidGlobs();
    await rescan();
    publishTarget();
  }),
);

connection.onNotification(TRUST_NOTIFICATION, () => {
  kustomize.trusted = true;
  kustomize.schedule();
});
state.onChanged(() => kustomize.schedule());
settingsListeners.push(() => kustomize.schedule());

/** Tells the client the target Kubernetes version in effect (its status bar shows it) whenever it changes. */
const TARGET_VERSION_NOTIFICATION = 'kubeRehearsal/kubernetesVersion';
let sentTarget = '';
function publishTarget(): void {
  const t = state.kubernetesTarget();
  // The problem in the editor's language (the status bar's tooltip shows it).
  const payload = { version: versionLabel(t.minor), source: t.source, problem: t.problemRef ? localizedText(t.problemRef) : t.problem };
  const key = JSON.stringify(payload);
  if (key === sentTarget) return;
  sentTarget = key;
  void connection.sendNotification(TARGET_VERSION_NOTIFICATION, payload).catch(() => undefined);
}
state.onChanged(() => publishTarget());
settingsListeners.push(() => publishTarget());

connection.onDidChangeConfiguration(
  safe('didChangeConfiguration', undefined, async (params) => {
    pushedSettings = params.settings;
    const before = JSON.stringify([state.settings.include, state.settings.exclude, state.filesExclude]);
    await loadSettings();
    warnInvalidGlobs();
    for (const l of settingsListeners) l();
    if (JSON.stringify([state.settings.include, state.settings.exclude, state.filesExclude]) !== before) await rescan();
  }),
);

connection.onDidChangeWatchedFiles(
  safe('didChangeWatchedFiles', undefined, (params) => {
    for (const change of params.changes) state.diskChanged(change.uri, change.type === FileChangeType.Deleted);
  }),
);

documents.onDidOpen(
  safe('didOpen', undefined, (e) => state.openDocument(e.document.uri)),
);
documents.onDidChangeContent(safe('didChange', undefined, (e) => state.documentChanged(e.document.uri)));
documents.onDidClose(
  safe('didClose', undefined, (e) => {
    state.closeDocument(e.document.uri);
    findingsByUri.delete(e.document.uri);
  }),
);

for (const service of SERVICES) {
  try {
    service.register(ctx);
  } catch (e) {
    log(`service ${service.name} failed to start: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// Last line of defence: a bug must cost one answer, never the server.
process.on('uncaughtException', (e) => log(`uncaught: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
process.on('unhandledRejection', (e) => log(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

documents.listen(connection);
connection.listen();
