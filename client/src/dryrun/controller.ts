import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import {
  RESET_REQUEST, SIMULATE_REQUEST, TIME_REQUEST, WHAT_IF_REQUEST,
  type DryRunResult, type SimulateParams, type TimeParams,
} from '../../../server/src/engine/dryrun/protocol';
import { formatSeconds } from '../../../server/src/engine/dryrun/format';

/**
 * Holds the last dry-run result and talks to the language server, where the simulation lives.
 * Every request runs under a cancellable progress notification; views subscribe to `onDidChange`.
 */
export class DryRunController implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DryRunResult | undefined>();
  readonly onDidChange = this.changed.event;
  private current: DryRunResult | undefined;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('kube-rehearsal dry-run');
  private lastParams: SimulateParams | undefined;
  private running = 0;
  private requests = 0;

  /** `ruleDoc`: the page documenting a rule id (the bundled docs), linked from each prediction. */
  constructor(private readonly client: LanguageClient, private readonly ruleDoc?: (code: string) => vscode.Uri | undefined) {}

  get result(): DryRunResult | undefined {
    return this.current;
  }

  get hasRun(): boolean {
    return !!this.current;
  }

  get busy(): boolean {
    return this.running > 0;
  }

  run(params: SimulateParams): Promise<DryRunResult | undefined> {
    this.lastParams = params;
    const title = params.scope === 'file' ? vscode.l10n.t('Dry run of the current file')
      : params.scope === 'kustomization' ? vscode.l10n.t('Dry run of a kustomization (building it with kustomize)')
      : vscode.l10n.t('Dry run of the workspace');
    return this.request(title, SIMULATE_REQUEST, params);
  }

  /** Re-runs the last dry run (on save), keeping its scope. */
  rerun(): Promise<DryRunResult | undefined> {
    return this.lastParams ? this.request(vscode.l10n.t('Dry run'), SIMULATE_REQUEST, this.lastParams, false) : Promise.resolve(undefined);
  }

  /** Steps are quick: their progress shows in the status bar; running to a steady state may take longer. */
  time(params: TimeParams): Promise<DryRunResult | undefined> {
    return this.request(vscode.l10n.t('Simulating'), TIME_REQUEST, params, params.action === 'steady');
  }

  whatIf(argv: string[]): Promise<DryRunResult | undefined> {
    return this.request(vscode.l10n.t('What if: kubectl {0}', argv.join(' ')), WHAT_IF_REQUEST, { argv }, false);
  }

  reset(): Promise<DryRunResult | undefined> {
    return this.request(vscode.l10n.t('Resetting the dry run'), RESET_REQUEST, {}, false);
  }

  private async request(title: string, method: string, params: unknown, notify = true): Promise<DryRunResult | undefined> {
    this.running++;
    try {
      // The server reports on a work-done token (what it is doing, the virtual time reached);
      // Cancel cancels the request ($/cancelRequest) and the server stops the simulation.
      const workDoneToken = `kube-rehearsal-dry-run-${++this.requests}`;
      const result = await vscode.window.withProgress(
        { location: notify ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window, title, cancellable: true },
        async (progress, token) => {
          let done = 0;
          const reports = this.client.onProgress(WorkDoneProgress.type, workDoneToken, (v) => {
            if (v.kind === 'end') return;
            const increment = v.percentage !== undefined && v.percentage > done ? v.percentage - done : undefined;
            if (v.percentage !== undefined) done = Math.max(done, v.percentage);
            progress.report({ message: v.message, increment });
          });
          try {
            return await this.client.sendRequest<DryRunResult | null>(method, { ...(params as object), workDoneToken }, token);
          } finally {
            reports.dispose();
          }
        },
      );
      if (result) this.apply(result);
      return result ?? undefined;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/cancel/i.test(message)) {
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Dry run cancelled'), 3000);
        return undefined;
      }
      void vscode.window.showErrorMessage(vscode.l10n.t('Dry run failed: {0}', message));
      return undefined;
    } finally {
      this.running--;
    }
  }

  private apply(result: DryRunResult): void {
    this.current = result;
    for (const file of result.diagnostics) {
      const uri = vscode.Uri.parse(file.uri);
      this.diagnostics.set(uri, file.diagnostics.map((d) => {
        const diag = new vscode.Diagnostic(
          new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character),
          d.message,
          vscode.DiagnosticSeverity.Warning,
        );
        diag.source = d.source;
        const target = this.ruleDoc?.(d.code);
        diag.code = target ? { value: d.code, target } : d.code;
        return diag;
      }));
    }
    this.changed.fire(result);
    this.refreshCodeLenses();
  }

  /**
   * The server asks for a CodeLens refresh after each run, but the editor did not re-query on it
   * (seen in code-server); poking the language client's CodeLens providers of the visible editors works.
   */
  private refreshCodeLenses(): void {
    const feature = this.client.getFeature('textDocument/codeLens');
    for (const editor of vscode.window.visibleTextEditors) {
      feature?.getProvider(editor.document)?.onDidChangeCodeLensEmitter.fire();
    }
  }

  /** Shows a result the server returned to another caller (the simulated cluster terminal). */
  show(result: DryRunResult): void {
    this.apply(result);
  }

  /** The label for the view: `at 2m10s`, plus a note when what-ifs made the cluster differ from the files. */
  describeTime(): string | undefined {
    if (!this.current) return undefined;
    const t = vscode.l10n.t('at {0}', formatSeconds(this.current.snapshot.time));
    return this.current.diverged ? `${t} · ${vscode.l10n.t('differs from files')}` : t;
  }

  dispose(): void {
    this.diagnostics.dispose();
    this.changed.dispose();
  }
}
