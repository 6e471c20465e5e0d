import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/**
 * "Open kubectl Terminal on the Rehearsal Cluster": starts `kube-rehearsal serve` on the
 * workspace (the bundled CLI, run by the editor's own Node runtime; 127.0.0.1 only, a token in the
 * kubeconfig) and opens an integrated terminal with KUBECONFIG set, so the user's own kubectl
 * talks to the simulated cluster. One server per window; it stops with the window.
 */

let serving: { process: ChildProcess; ready: Promise<string> } | undefined;

function startServe(context: vscode.ExtensionContext, folder: string): Promise<string> {
  if (serving && serving.process.exitCode === null) return serving.ready;
  const dir = context.storageUri?.fsPath ?? context.globalStorageUri.fsPath;
  fs.mkdirSync(dir, { recursive: true });
  const kubeconfig = path.join(dir, 'kube-rehearsal.kubeconfig');
  const cli = context.asAbsolutePath(path.join('dist', 'cli.js'));
  // The cluster runs the target version: the setting, else serve reads .kube-rehearsal.yaml in the folder.
  const target = vscode.workspace.getConfiguration('kubeRehearsal').get<string>('kubernetesVersion', '');
  const versionArgs = /^v?1\.(2[4-9]|3[0-6])(\.\d+)?$/.test(target) ? ['--kubernetes-version', target] : [];
  const child = spawn(process.execPath, [cli, 'serve', folder, '--kubeconfig', kubeconfig, ...versionArgs], {
    cwd: folder,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(vscode.l10n.t('the simulated cluster did not start within 30 seconds'))), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Kubeconfig written to')) {
        clearTimeout(timer);
        resolve(kubeconfig);
      }
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      serving = undefined;
      reject(new Error(err.trim().split('\n').pop() || vscode.l10n.t('kube-rehearsal serve exited with code {0}', String(code))));
    });
  });
  serving = { process: child, ready };
  return ready;
}

export function registerKubectlTerminal(context: vscode.ExtensionContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('kubeRehearsal.openKubectlTerminal', async () => {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      if (!folder) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder first: the rehearsal cluster starts with its manifests.'));
        return;
      }
      try {
        const kubeconfig = await startServe(context, folder);
        const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('kubectl (Rehearsal Cluster)'), cwd: folder, env: { KUBECONFIG: kubeconfig }, iconPath: new vscode.ThemeIcon('terminal') });
        terminal.show();
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not start the rehearsal cluster: {0}', e instanceof Error ? e.message : String(e)));
      }
    }),
    { dispose: () => serving?.process.kill() },
  ];
}
