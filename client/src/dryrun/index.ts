import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerDryRunCommands } from './commands';
import { DryRunController } from './controller';
import { EventLog } from './outputChannel';
import { RolloutPreviewCommand } from './rolloutPreview';
import { DryRunStatusBar } from './statusBar';
import { TimelinePanel } from './timelinePanel';
import { DryRunTreeProvider } from './treeProvider';

/** Wires the dry-run features into the extension: views, commands, status bar, event log, re-run on save. */
export function activateDryRun(context: vscode.ExtensionContext, client: LanguageClient, ruleDoc?: (code: string) => vscode.Uri | undefined): DryRunController {
  const controller = new DryRunController(client, ruleDoc);
  const tree = new DryRunTreeProvider(controller);
  const timeline = new TimelinePanel(controller, (ns, name) => void tree.revealPod(ns, name));
  const events = new EventLog(controller);
  const rollout = new RolloutPreviewCommand(client);
  const status = new DryRunStatusBar(controller);
  context.subscriptions.push(controller, tree, timeline, events, rollout, status);
  context.subscriptions.push(...registerDryRunCommands({ controller, tree, timeline, events, rollout, extensionUri: context.extensionUri, storageUri: context.globalStorageUri }));

  // Re-run on save keeps the view current while the user edits (only once a dry run has happened),
  // for manifests of the workspace only: the settings file the theme switch writes is not one.
  // A re-run discards the what-ifs, so with what-ifs applied it asks first.
  let pending: NodeJS.Timeout | undefined;
  let asking = false;
  context.subscriptions.push(vscode.workspace.onDidSaveTextDocument((doc) => {
    if (!controller.hasRun || !/\.(ya?ml|json)$/i.test(doc.uri.path) || !vscode.workspace.getWorkspaceFolder(doc.uri)) return;
    if (!vscode.workspace.getConfiguration('kubeRehearsal').get<boolean>('dryRun.runOnSave', true)) return;
    if (pending) clearTimeout(pending);
    pending = setTimeout(async () => {
      if (controller.result?.diverged) {
        if (asking) return;
        asking = true;
        const rerun = vscode.l10n.t('Re-run (discard what-ifs)');
        const choice = await vscode.window.showInformationMessage(vscode.l10n.t('The manifests changed. Re-running the dry run discards the what-ifs applied to the simulated cluster.'), rerun);
        asking = false;
        if (choice !== rerun) return;
      }
      void controller.rerun();
    }, 300);
  }), { dispose: () => pending && clearTimeout(pending) });
  return controller;
}
