import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ROLLOUT_REQUEST, type RolloutResult } from '../../../server/src/engine/dryrun/protocol';
import { renderRolloutReport } from './rolloutReport';

const SCHEME = 'kube-rehearsal-rollout';

/** "Preview Rollout from Git HEAD": asks the server, then shows the report rendered (the Markdown preview of a read-only document). */
export class RolloutPreviewCommand implements vscode.Disposable {
  private readonly reports = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly registration: vscode.Disposable;
  private count = 0;

  constructor(private readonly client: LanguageClient) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
      onDidChange: this.changed.event,
      provideTextDocumentContent: (uri) => this.reports.get(uri.toString()) ?? '',
    });
  }

  async run(target?: vscode.Uri): Promise<RolloutResult | undefined> {
    const uri = target ?? vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!uri || uri.scheme !== 'file') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a manifest in a git repository to preview its rollout.'));
      return undefined;
    }
    let result: RolloutResult | null;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Previewing the rollout from git HEAD'), cancellable: true },
        (_p, token) => this.client.sendRequest<RolloutResult | null>(ROLLOUT_REQUEST, { uri: uri.toString() }, token),
      );
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!/cancel/i.test(message)) void vscode.window.showErrorMessage(vscode.l10n.t('Rollout preview failed: {0}', message));
      return undefined;
    }
    if (!result) return undefined;
    if (result.unavailable || result.status === 'no-changes') {
      // The server says why there is no preview in the editor's language; "nothing differs" is said here.
      void vscode.window.showInformationMessage(result.unavailable ?? vscode.l10n.t('No Deployment, DaemonSet or StatefulSet differs from HEAD: there is nothing to roll out.'));
      return result;
    }
    const doc = vscode.Uri.from({ scheme: SCHEME, path: `/rollout-preview-${++this.count}.md` });
    this.reports.set(doc.toString(), renderRolloutReport(result, (m, ...a) => vscode.l10n.t(m, ...a)));
    this.changed.fire(doc);
    const opened = await vscode.workspace.openTextDocument(doc);
    await vscode.languages.setTextDocumentLanguage(opened, 'markdown');
    try {
      // Rendered, as a report is read; the built-in Markdown extension draws it.
      await vscode.commands.executeCommand('markdown.showPreviewToSide', doc);
    } catch {
      await vscode.window.showTextDocument(opened, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    }
    return result;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}

