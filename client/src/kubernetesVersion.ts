import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/**
 * The target Kubernetes version in the editor: a status-bar item showing the version the server
 * judges for (the setting, else .kube-rehearsal.yaml targetVersion, else the newest), and the
 * command that picks another one and writes kubeRehearsal.kubernetesVersion.
 */

const TARGET_NOTIFICATION = 'kubeRehearsal/kubernetesVersion';
export const SELECT_VERSION_COMMAND = 'kubeRehearsal.selectKubernetesVersion';
const OLDEST = 24;
const NEWEST = 36;

interface Target {
  version: string;
  source: 'setting' | 'workspace' | 'default';
  problem?: string;
}

export function registerKubernetesVersion(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.window.createStatusBarItem('kubeRehearsal.kubernetesVersion', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('Kube Rehearsal Kubernetes Version');
  item.command = SELECT_VERSION_COMMAND;
  context.subscriptions.push(item);

  const show = (t: Target) => {
    item.text = `$(versions) K8s ${t.version}`;
    const from = t.source === 'setting' ? vscode.l10n.t('from the kubeRehearsal.kubernetesVersion setting') : t.source === 'workspace' ? vscode.l10n.t('from targetVersion in .kube-rehearsal.yaml') : vscode.l10n.t('the default (newest supported)');
    item.tooltip = `${vscode.l10n.t('Manifests are judged and dry-run for Kubernetes {0}, {1}. Click to choose another version.', t.version, from)}${t.problem ? `\n${t.problem}` : ''}`;
    item.backgroundColor = t.problem ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  client.onNotification(TARGET_NOTIFICATION, (t: Target) => show(t));

  context.subscriptions.push(
    vscode.commands.registerCommand(SELECT_VERSION_COMMAND, async () => {
      const current = vscode.workspace.getConfiguration('kubeRehearsal').get<string>('kubernetesVersion', '');
      const items: (vscode.QuickPickItem & { value: string })[] = [
        { label: vscode.l10n.t('Workspace default'), description: vscode.l10n.t('targetVersion in .kube-rehearsal.yaml, else 1.{0}', NEWEST), value: '', picked: current === '' },
      ];
      for (let m = NEWEST; m >= OLDEST; m--) items.push({ label: `1.${m}`, description: `1.${m}` === current ? vscode.l10n.t('current setting') : undefined, value: `1.${m}` });
      const pick = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Kubernetes version to judge and dry-run the manifests for') });
      if (!pick) return;
      const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await vscode.workspace.getConfiguration('kubeRehearsal').update('kubernetesVersion', pick.value || undefined, target);
    }),
  );
}
