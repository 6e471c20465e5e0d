import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CHANGED_NOTIFICATION, SERVE_REQUEST, SERVE_STOP_NOTIFICATION, type DryRunResult, type ServeResult } from '../../../server/src/engine/dryrun/protocol';
import type { DryRunController } from '../dryrun/controller';

/**
 * "Open kubectl Terminal on the Rehearsal Cluster": the language server serves its dry-run session
 * over the Kubernetes API (127.0.0.1 only, a token in the kubeconfig) and an integrated terminal
 * gets KUBECONFIG, so the user's own kubectl acts on the cluster the tree view and timeline show;
 * they follow it as it changes. Serving stops when the last such terminal closes.
 */
export function registerKubectlTerminal(context: vscode.ExtensionContext, client: LanguageClient, dryRun: DryRunController): vscode.Disposable[] {
  const terminals = new Set<vscode.Terminal>();
  return [
    client.onNotification(CHANGED_NOTIFICATION, (result: DryRunResult) => dryRun.show(result)),
    vscode.commands.registerCommand('kubeRehearsal.openKubectlTerminal', async () => {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      if (!folder) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder first: the rehearsal cluster starts with its manifests.'));
        return;
      }
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The rehearsal cluster listens on a local port only in a trusted workspace: trust this workspace first.'));
        return;
      }
      try {
        // The cluster is the dry run's: run one first, so the tree shows what kubectl will see.
        if (!dryRun.hasRun && !(await dryRun.run({ scope: 'workspace' }))) return;
        const served = await client.sendRequest<ServeResult>(SERVE_REQUEST, {});
        const dir = context.storageUri?.fsPath ?? context.globalStorageUri.fsPath;
        fs.mkdirSync(dir, { recursive: true });
        const kubeconfig = path.join(dir, 'kube-rehearsal.kubeconfig');
        fs.writeFileSync(kubeconfig, served.kubeconfig, { mode: 0o600 });
        fs.chmodSync(kubeconfig, 0o600);
        const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('kubectl (Rehearsal Cluster)'), cwd: folder, env: { KUBECONFIG: kubeconfig }, iconPath: new vscode.ThemeIcon('terminal') });
        terminals.add(terminal);
        terminal.show();
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not start the rehearsal cluster: {0}', e instanceof Error ? e.message : String(e)));
      }
    }),
    vscode.window.onDidCloseTerminal((t) => {
      if (!terminals.delete(t) || terminals.size > 0) return;
      void client.sendNotification(SERVE_STOP_NOTIFICATION, {}).catch(() => undefined);
    }),
  ];
}
