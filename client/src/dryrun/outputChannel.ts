import * as vscode from 'vscode';
import type { DryRunController } from './controller';
import { formatEvents } from './eventLog';

/** The event log of the last dry run, in `kubectl get events` columns, in its own output channel. */
export class EventLog implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel(vscode.l10n.t('Kube Rehearsal Dry Run Events'));
  private readonly subscription: vscode.Disposable;

  constructor(private readonly controller: DryRunController) {
    this.subscription = controller.onDidChange(() => this.update());
  }

  update(): void {
    const result = this.controller.result;
    if (!result) return;
    this.channel.replace(formatEvents(result.snapshot.events, result.snapshot.time) + '\n');
  }

  show(): void {
    this.update();
    this.channel.show(true);
  }

  dispose(): void {
    this.subscription.dispose();
    this.channel.dispose();
  }
}
