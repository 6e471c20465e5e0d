import * as vscode from 'vscode';
import { formatSeconds } from '../../../server/src/engine/dryrun/format';
import { parseDuration } from '../../../server/src/engine/dryrun/format';
import type { DryRunController } from './controller';
import type { DryRunTreeNode } from './treeModel';
import { REVEAL_COMMAND, type DryRunTreeProvider } from './treeProvider';
import type { TimelinePanel } from './timelinePanel';
import type { EventLog } from './outputChannel';
import type { RolloutPreviewCommand } from './rolloutPreview';

/** Every dry-run command: palette entries, view title time controls and what-ifs on tree items. */
export function registerDryRunCommands(deps: {
  controller: DryRunController;
  tree: DryRunTreeProvider;
  timeline: TimelinePanel;
  events: EventLog;
  rollout: RolloutPreviewCommand;
  extensionUri: vscode.Uri;
  storageUri: vscode.Uri;
}): vscode.Disposable[] {
  const { controller, tree, timeline, events, rollout } = deps;
  const t = vscode.l10n.t;
  const needsRun = async (): Promise<boolean> => {
    if (controller.hasRun) return true;
    await controller.run({ scope: 'workspace' });
    return controller.hasRun;
  };
  // The view is shown before the run, so its one refresh lands on a visible, settled tree
  // (showing it while it refreshes made the workbench mix up rows).
  const showView = () => vscode.commands.executeCommand('kubeRehearsal.dryRunView.focus');

  const podName = (n?: DryRunTreeNode) => (n?.ref?.kind === 'Pod' ? n.ref : undefined);
  const resource = (n: DryRunTreeNode): string | undefined => {
    const kind = n.ref?.kind;
    return kind ? `${kind.toLowerCase()}/${n.ref!.name}` : undefined;
  };
  const ns = (n: DryRunTreeNode): string[] => (n.ref?.namespace && n.ref.namespace !== 'default' ? ['-n', n.ref.namespace] : []);

  const whatIf = async (argv: string[]) => {
    const result = await controller.whatIf(argv);
    if (result?.output) void vscode.window.setStatusBarMessage(result.output.split('\n')[0], 5000);
  };

  return [
    vscode.commands.registerCommand('kubeRehearsal.dryRunWorkspace', async () => {
      await showView();
      await controller.run({ scope: 'workspace' });
    }),
    vscode.commands.registerCommand('kubeRehearsal.dryRunCurrentFile', async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target) {
        void vscode.window.showInformationMessage(t('Open a manifest to dry-run it.'));
        return;
      }
      await showView();
      await controller.run({ scope: 'file', uri: target.toString() });
    }),
    vscode.commands.registerCommand('kubeRehearsal.previewRollout', (uri?: vscode.Uri) => rollout.run(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('kubeRehearsal.showEvents', async () => {
      if (await needsRun()) events.show();
    }),
    vscode.commands.registerCommand('kubeRehearsal.resetDryRun', () => controller.reset()),
    vscode.commands.registerCommand('kubeRehearsal.dryRun.openTimeline', async () => {
      if (await needsRun()) timeline.show();
    }),
    vscode.commands.registerCommand('kubeRehearsal.dryRun.forward10s', async () => {
      if (await needsRun()) await controller.time({ action: 'advance', seconds: 10 });
    }),
    vscode.commands.registerCommand('kubeRehearsal.dryRun.forward1m', async () => {
      if (await needsRun()) await controller.time({ action: 'advance', seconds: 60 });
    }),
    vscode.commands.registerCommand('kubeRehearsal.dryRun.jumpToTime', async () => {
      if (!(await needsRun())) return;
      const value = await vscode.window.showInputBox({
        title: t('Jump to virtual time'),
        prompt: t('Seconds or a duration such as 90s, 2m, 1m30s (earlier times are replayed)'),
        // In the form the view shows the time (`16m10s`), which this box also reads.
        value: formatSeconds(controller.result?.snapshot.time ?? 0),
        validateInput: (v) => (parseDuration(v) === undefined ? t('Not a duration: use 90, 90s, 2m or 1m30s') : undefined),
      });
      const seconds = value === undefined ? undefined : parseDuration(value);
      if (seconds !== undefined) await controller.time({ action: 'seek', time: seconds });
    }),
    vscode.commands.registerCommand('kubeRehearsal.dryRun.runToSteady', async () => {
      if (!(await needsRun())) return;
      const before = controller.result?.snapshot.time ?? 0;
      const r = await controller.time({ action: 'steady' });
      if (!r) return;
      // Say what it reached: a steady state (and when), or the bound it stopped at.
      const at = formatSeconds(r.snapshot.time);
      void vscode.window.setStatusBarMessage(r.stoppedBy ? t('Stopped at {0}: {1}', at, r.stoppedBy)
        : r.snapshot.time > before ? t('Steady at {0}: nothing visible changes for a minute after it', at) : t('Already steady at {0}', at), 8000);
    }),
    // A CodeLens after a run: show the object in the tree and the timeline, at the current time and
    // with the what-ifs kept (a re-run would discard both).
    vscode.commands.registerCommand('kubeRehearsal.dryRun.revealObject', async (o?: { kind: string; namespace: string; name: string; uri?: string }) => {
      if (!o || !controller.hasRun) {
        await showView();
        await controller.run({ scope: 'workspace' });
        return;
      }
      await showView();
      const found = await tree.revealObject(o);
      if (found && !controller.result?.rejected?.some((r) => r.object === `${o.kind}/${o.name}` && r.uri === o.uri)) timeline.show({ kind: o.kind, namespace: o.namespace, name: o.name });
      if (!found) void vscode.window.setStatusBarMessage(t('{0} {1} is not in the current dry run', o.kind, o.name), 5000);
    }),
    vscode.commands.registerCommand(REVEAL_COMMAND, async (n?: DryRunTreeNode) => {
      const loc = n ? tree.locationOf(n) : undefined;
      if (!loc) return;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(loc.uri));
      const range = new vscode.Range(loc.range.start.line, loc.range.start.character, loc.range.end.line, loc.range.end.character);
      // Where the manifest is already shown, else the first group: the timeline beside stays visible.
      const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === doc.uri.toString());
      await vscode.window.showTextDocument(doc, { selection: range, preserveFocus: true, preview: true, viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One });
    }),

    // What-ifs, applied at the current virtual time on the simulated cluster.
    vscode.commands.registerCommand('kubeRehearsal.whatIf.deletePod', async (n?: DryRunTreeNode) => {
      const p = podName(n);
      if (p) await whatIf(['delete', 'pod', p.name, ...ns(n!)]);
    }),
    vscode.commands.registerCommand('kubeRehearsal.whatIf.scale', async (n?: DryRunTreeNode) => {
      if (!n?.ref) return;
      const current = /^(\d+)\/(\d+)/.exec(n.description ?? '')?.[2] ?? '1';
      const v = await vscode.window.showInputBox({
        title: t('Scale {0}', n.ref.name), prompt: t('Number of replicas'), value: current,
        validateInput: (x) => (/^\d+$/.test(x.trim()) ? undefined : t('A whole number of replicas')),
      });
      if (v !== undefined) await whatIf(['scale', resource(n)!, `--replicas=${v.trim()}`, ...ns(n)]);
    }),
    vscode.commands.registerCommand('kubeRehearsal.whatIf.relabel', async (n?: DryRunTreeNode) => {
      const p = podName(n);
      if (!p) return;
      const v = await vscode.window.showInputBox({
        title: t('Relabel pod {0}', p.name), prompt: t('key=value to set, or key- to remove (e.g. app=debug)'),
        validateInput: (x) => (/^[A-Za-z0-9./_-]+(=[A-Za-z0-9._-]*|-)$/.test(x.trim()) ? undefined : t('Use key=value or key-')),
      });
      if (v !== undefined) await whatIf(['label', 'pods', p.name, v.trim(), '--overwrite', ...ns(n!)]);
    }),
    vscode.commands.registerCommand('kubeRehearsal.whatIf.setImage', async (n?: DryRunTreeNode) => {
      if (!n?.ref) return;
      const pod = controller.result?.snapshot.pods.find((p) => p.owner && p.owner.toLowerCase().includes(n.ref!.name.toLowerCase()));
      const container = pod?.containers[0];
      const v = await vscode.window.showInputBox({
        title: t('Set image of {0}', n.ref.name), prompt: t('container=image, e.g. nginx=nginx:1.200'),
        value: container ? `${container.name}=${container.image}` : '',
        validateInput: (x) => (/^[^=\s]+=\S+$/.test(x.trim()) ? undefined : t('Use container=image')),
      });
      if (v !== undefined) await whatIf(['set', 'image', resource(n)!, v.trim(), ...ns(n)]);
    }),
    vscode.commands.registerCommand('kubeRehearsal.whatIf.rolloutUndo', async (n?: DryRunTreeNode) => {
      if (n?.ref) await whatIf(['rollout', 'undo', resource(n)!, ...ns(n)]);
    }),
    vscode.commands.registerCommand('kubeRehearsal.whatIf.drainNode', async (n?: DryRunTreeNode) => {
      if (n?.ref?.kind === 'Node') await whatIf(['drain', n.ref.name, '--ignore-daemonsets', '--delete-emptydir-data']);
    }),
    vscode.commands.registerCommand('kubeRehearsal.openTutorial', async () => {
      // A copy in the extension's storage: the learner edits it, never the installed extension.
      const bundled = vscode.Uri.joinPath(deps.extensionUri, 'test-fixtures', 'tutorial');
      const copy = vscode.Uri.joinPath(deps.storageUri, 'tutorial');
      try {
        await vscode.workspace.fs.stat(bundled);
      } catch {
        void vscode.window.showErrorMessage(t('The tutorial workspace is missing from this installation.'));
        return;
      }
      try {
        await vscode.workspace.fs.stat(copy);
      } catch {
        await vscode.workspace.fs.createDirectory(deps.storageUri);
        await vscode.workspace.fs.copy(bundled, copy, { overwrite: false });
      }
      await vscode.commands.executeCommand('vscode.openFolder', copy, { forceNewWindow: false });
    }),
  ];
}
