import * as vscode from 'vscode';
import type { DryRunController } from './controller';
import { summarize } from './treeModel';
import { VIEW_ID } from './treeProvider';

/** `3 ready, 1 failing` after a dry run; clicking opens the dry-run view. */
export class DryRunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('kubeRehearsal.dryRunStatus', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly controller: DryRunController) {
    this.item.name = vscode.l10n.t('Kube Rehearsal Dry Run');
    this.item.command = `${VIEW_ID}.focus`;
    this.subscription = controller.onDidChange(() => this.update());
  }

  update(): void {
    const result = this.controller.result;
    if (!result) {
      this.item.hide();
      return;
    }
    const s = summarize(result.snapshot);
    const parts = [vscode.l10n.t('{0} ready', s.ready)];
    if (s.progressing) parts.push(vscode.l10n.t('{0} progressing', s.progressing));
    if (s.failing) parts.push(vscode.l10n.t('{0} failing', s.failing));
    if (s.completed) parts.push(vscode.l10n.t('{0} completed', s.completed));
    this.item.text = `$(${s.failing ? 'error' : s.progressing ? 'sync' : 'pass'}) ${parts.join(', ')}`;
    this.item.tooltip = vscode.l10n.t('Dry run {0}: click to open the view', this.controller.describeTime() ?? '');
    this.item.backgroundColor = s.failing ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
