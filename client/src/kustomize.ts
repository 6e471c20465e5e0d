import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { DryRunController } from './dryrun/controller';

/**
 * Kustomize in the editor: the server's notice when kustomizations cannot be built (no kustomize
 * found, or Restricted Mode) in the output and the status bar, trust granted later passed on to
 * the server, and the dry run of one kustomization (command, explorer menu, CodeLens).
 */

const STATUS_NOTIFICATION = 'kubeRehearsal/kustomizeStatus';
const TRUST_NOTIFICATION = 'kubeRehearsal/workspaceTrusted';
export const DRY_RUN_KUSTOMIZATION_COMMAND = 'kubeRehearsal.dryRunKustomization';

interface KustomizeStatus {
  state: 'none' | 'ok' | 'missing' | 'untrusted';
  message: string;
  roots: number;
}

export function registerKustomize(context: vscode.ExtensionContext, client: LanguageClient, controller: DryRunController): void {
  const item = vscode.window.createStatusBarItem('kubeRehearsal.kustomizeStatus', vscode.StatusBarAlignment.Left, 9);
  item.name = vscode.l10n.t('Kube Rehearsal Kustomize');
  context.subscriptions.push(item);

  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(TRUST_NOTIFICATION, { trusted: true })),
    vscode.commands.registerCommand(DRY_RUN_KUSTOMIZATION_COMMAND, async (target?: vscode.Uri | string) => {
      const uri = typeof target === 'string' ? vscode.Uri.parse(target) : target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
      if (!uri) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Select a folder with a kustomization.yaml, or open a kustomization file, to dry-run it.'));
        return;
      }
      await vscode.commands.executeCommand('kubeRehearsal.dryRunView.focus');
      await controller.run({ scope: 'kustomization', uri: uri.toString() });
    }),
  );

  client.onNotification(STATUS_NOTIFICATION, (s: KustomizeStatus) => {
    if (s.state === 'missing' || s.state === 'untrusted') {
      client.outputChannel.appendLine(`[kustomize] ${s.message}`);
      item.text = s.state === 'missing' ? `$(warning) ${vscode.l10n.t('kustomize not found')}` : `$(shield) ${vscode.l10n.t('kustomize off (Restricted Mode)')}`;
      item.tooltip = s.message;
      item.command = { title: 'Show', command: 'workbench.action.output.toggleOutput' };
      item.backgroundColor = s.state === 'missing' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      item.show();
    } else {
      if (s.state === 'ok') client.outputChannel.appendLine(`[kustomize] ${s.message}`);
      item.hide();
    }
  });
}
