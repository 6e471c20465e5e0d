import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { activateDryRun } from './dryrun/index';
import { registerSimulatedTerminal } from './terminal/simulatedTerminal';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { configurationSection: 'kubeRehearsal' },
    outputChannelName: 'Kube Rehearsal',
  };
  client = new LanguageClient('kubeRehearsal', 'Kube Rehearsal', serverOptions, clientOptions);
  // Commands and views exist before the server is up; requests wait for it.
  const dryRun = activateDryRun(context, client);
  context.subscriptions.push(...registerSimulatedTerminal(client, (result) => dryRun.show(result)));
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
