import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { DryRunController } from './controller';
import { buildTimeline, GROUP_PAGE, podsOf } from './timelineModel';
import { timelineHtml } from './timelineHtml';

/** The timeline webview panel: follows the controller's result; clicking a pod selects it in the tree. */
export class TimelinePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Group rows of an aggregated timeline the user opened, and how many of their pods are shown. */
  private readonly expanded = new Map<string, number>();

  constructor(private readonly controller: DryRunController, private readonly selectPod: (namespace: string, name: string) => void) {
    this.subscriptions.push(controller.onDidChange(() => this.post()));
  }

  /** The object whose pods the timeline scrolls to and marks (from a CodeLens). */
  private focus: { kind: string; namespace: string; name: string } | undefined;

  show(focus?: { kind: string; namespace: string; name: string }): void {
    this.focus = focus;
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      this.post();
      return;
    }
    const panel = vscode.window.createWebviewPanel('kubeRehearsal.timeline', vscode.l10n.t('Dry Run Timeline'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [],
      retainContextWhenHidden: false,
    });
    panel.webview.html = timelineHtml(randomBytes(16).toString('base64'), panel.webview.cspSource, vscode.l10n.t('Dry Run Timeline'), vscode.l10n.t('Run a dry run to see the timeline.'));
    panel.webview.onDidReceiveMessage((m: { type?: string; namespace?: string; name?: string; key?: string }) => {
      if (m?.type === 'ready') this.post();
      else if (m?.type === 'toggleGroup' && typeof m.key === 'string') {
        if (this.expanded.has(m.key)) this.expanded.delete(m.key);
        else this.expanded.set(m.key, GROUP_PAGE);
        this.post();
      } else if (m?.type === 'moreOfGroup' && typeof m.key === 'string') {
        this.expanded.set(m.key, (this.expanded.get(m.key) ?? 0) + GROUP_PAGE);
        this.post();
      }
      else if (m?.type === 'selectPod' && typeof m.name === 'string') this.selectPod(String(m.namespace ?? 'default'), m.name);
    }, undefined, this.subscriptions);
    panel.onDidDispose(() => (this.panel = undefined), undefined, this.subscriptions);
    this.panel = panel;
  }

  private post(): void {
    const result = this.controller.result;
    if (!this.panel || !result) return;
    void this.panel.webview.postMessage({
      type: 'render',
      model: buildTimeline(result.snapshot, { expanded: this.expanded }),
      focus: this.focus ? podsOf(result.snapshot, this.focus) : [],
      diverged: result.diverged,
      labels: {
        at: vscode.l10n.t('Virtual time'), pods: vscode.l10n.t('pods'), diverged: vscode.l10n.t('differs from files'),
        ok: vscode.l10n.t('running and ready'), progressing: vscode.l10n.t('progressing'), failing: vscode.l10n.t('failing'), completed: vscode.l10n.t('completed'),
        noPods: vscode.l10n.t('No pods in this dry run.'), podsTitle: vscode.l10n.t('Pods'), restart: vscode.l10n.t('Restart at'),
        replicaSets: vscode.l10n.t('ReplicaSets of Deployment {0} (pods over time)', '{0}'),
        aggregated: vscode.l10n.t('one row per workload ({0} rows)', '{0}'),
        omitted: vscode.l10n.t('{0} more Deployments have no chart here (rollouts are drawn first).', '{0}'),
      },
    });
  }

  dispose(): void {
    this.panel?.dispose();
    this.subscriptions.forEach((d) => d.dispose());
  }
}
