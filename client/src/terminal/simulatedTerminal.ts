import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { DryRunResult } from '../../../server/src/engine/dryrun/protocol';
import { ShellClock } from '../../../server/src/shell/clock';
import { InteractiveShell } from '../../../server/src/shell/interactive';
import { ShellSession } from '../../../server/src/shell/session';
import { KOREAN_SHELL } from '../../../server/src/shell/textsKo';
import { LanguageServerBackend } from './lspBackend';

/**
 * "Kube Rehearsal: Open Simulated Cluster Terminal": a Pseudoterminal running the shell of
 * server/src/shell against the language server's dry-run session. Nothing runs on the host.
 */
export class SimulatedClusterTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private shell?: InteractiveShell;

  constructor(private readonly client: LanguageClient, private readonly onResult: (result: DryRunResult) => void) {}

  open(): void {
    const backend = new LanguageServerBackend(this.client, this.onResult);
    // The shell's own words in the window's language (kubectl's output stays kubectl's).
    const session = new ShellSession(backend, new ShellClock(() => Date.now(), 1), /^ko\b/i.test(vscode.env.language) ? KOREAN_SHELL : undefined);
    session.editor = editInTab;
    this.shell = new InteractiveShell(session, {
      write: (text) => this.writeEmitter.fire(text),
      close: (code) => this.closeEmitter.fire(code),
    }, {
      banner: vscode.l10n.t('Simulated cluster of this workspace (the dry run\'s). Nothing runs on this machine. Type help.') + '\n',
    });
    // The prompt shows the session's time: read it first (this starts a session if there is none).
    void backend.sync().then(() => this.shell?.start());
  }

  handleInput(data: string): void {
    void this.shell?.input(data);
  }

  close(): void {
    this.shell?.dispose();
  }
}

/**
 * `kubectl edit` in the simulated terminal: the live object in an editor tab (a file under the
 * system's temporary folder, outside the workspace, so the checker and the dry run ignore it).
 * Saving hands the text back to be applied; closing the tab unsaved cancels.
 */
async function editInTab(title: string, text: string): Promise<string | undefined> {
  const dir = path.join(os.tmpdir(), 'kube-rehearsal-edit');
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${title.replace(/[^A-Za-z0-9.-]+/g, '-')}-${Date.now()}.yaml`);
  await fs.writeFile(file, text, 'utf8');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc, { preview: false });
  return new Promise((resolve) => {
    const done = (value: string | undefined) => {
      saved.dispose();
      closed.dispose();
      void fs.rm(file, { force: true });
      resolve(value);
    };
    const saved = vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.uri.fsPath === file) done(d.getText());
    });
    const closed = vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.fsPath === file) done(undefined);
    });
  });
}

export function registerSimulatedTerminal(client: LanguageClient, onResult: (result: DryRunResult) => void): vscode.Disposable[] {
  const create = () => new SimulatedClusterTerminal(client, onResult);
  const name = vscode.l10n.t('Simulated Cluster');
  return [
    vscode.commands.registerCommand('kubeRehearsal.openClusterTerminal', () => {
      const terminal = vscode.window.createTerminal({ name, pty: create(), iconPath: new vscode.ThemeIcon('terminal') });
      terminal.show();
    }),
    vscode.window.registerTerminalProfileProvider('kubeRehearsal.clusterTerminal', {
      provideTerminalProfile: () => new vscode.TerminalProfile({ name, pty: create() }),
    }),
  ];
}
