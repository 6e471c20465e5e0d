import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { activateDryRun } from './dryrun/index';
import { registerSimulatedTerminal } from './terminal/simulatedTerminal';
import { registerKubectlTerminal } from './terminal/kubectlTerminal';
import { registerKustomize } from './kustomize';
import { registerKubernetesVersion } from './kubernetesVersion';
import { RuleDocLinks } from './ruleDocLinks';
import { SERVER_EXEC_ARGV } from './serverProcess';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // stdio: the server then writes each diagnostic's JSON once and reuses it in later publications
  // of the file (server/src/lsp/messageEncoding.ts); over IPC Node serializes every message whole.
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  // Rule links open the docs bundled in the .vsix (offline, this version's page), rendered.
  const ruleDocs = new RuleDocLinks(context);
  context.subscriptions.push(ruleDocs);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { configurationSection: 'kubeRehearsal' },
    // The server builds kustomizations (runs kustomize) only in a trusted workspace.
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    outputChannelName: 'Kube Rehearsal',
    errorHandler: restartingErrorHandler(),
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => {
        ruleDocs.rewrite(diagnostics);
        next(uri, diagnostics);
      },
    },
  };
  client = new LanguageClient('kubeRehearsal', 'Kube Rehearsal', serverOptions, clientOptions);
  // Commands and views exist before the server is up; requests wait for it.
  const dryRun = activateDryRun(context, client, (code) => ruleDocs.targetOfRule(code));
  context.subscriptions.push(...registerSimulatedTerminal(client, (result) => dryRun.show(result)));
  context.subscriptions.push(...registerKubectlTerminal(context, client, dryRun));
  registerKustomize(context, client, dryRun);
  registerKubernetesVersion(context, client);
  await client.start();
}

/** Crashes in a row after which the server is left stopped (a crash at start-up would loop). */
const MAX_RESTARTS = 5;

/**
 * A crashed server is restarted and the user is told once, on the first crash; the details are in
 * the "Kube Rehearsal" output channel. Only a server that keeps crashing is given up on.
 */
function restartingErrorHandler(): ErrorHandler {
  let crashes = 0;
  return {
    error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
    closed: () => {
      crashes++;
      if (crashes > MAX_RESTARTS) {
        return { action: CloseAction.DoNotRestart, message: vscode.l10n.t('The Kube Rehearsal language server stopped {0} times and will not be restarted. See the "Kube Rehearsal" output for details.', crashes) };
      }
      if (crashes === 1) {
        void vscode.window.showWarningMessage(vscode.l10n.t('The Kube Rehearsal language server stopped unexpectedly and was restarted. See the "Kube Rehearsal" output for details.'));
      }
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
