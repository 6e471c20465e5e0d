import * as vscode from 'vscode';
import { resultLocation } from '../../../server/src/engine/dryrun/protocol';
import { formatSeconds } from '../../../server/src/engine/dryrun/format';
import type { DryRunController } from './controller';
import { buildTree, findPath, pageOf, shownFor, PAGE_SIZE, type DryRunTreeNode } from './treeModel';
import { annotateSources } from './sources';

export const VIEW_ID = 'kubeRehearsal.dryRunView';
export const REVEAL_COMMAND = 'kubeRehearsal.dryRun.revealManifest';

const t = (message: string, ...args: (string | number)[]) => vscode.l10n.t(message, ...args);

/** The dry-run tree: TreeItems over the pure tree model, rebuilt whenever the controller has a new result. */
export class DryRunTreeProvider implements vscode.TreeDataProvider<DryRunTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DryRunTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: DryRunTreeNode[] = [];
  private parents = new Map<string, DryRunTreeNode>();
  /** Children shown per node id beyond the first page ("Show 100 more"); kept across runs (ids are stable) */
  private readonly shown = new Map<string, number>();
  readonly view: vscode.TreeView<DryRunTreeNode>;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly controller: DryRunController) {
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    // Selecting reveals the manifest line. (Not a TreeItem command: its cached arguments go stale
    // when the tree refreshes, and a click on a row drawn before the refresh then finds no command.)
    this.subscriptions.push(this.view, controller.onDidChange(() => this.refresh()), this.view.onDidChangeSelection((e) => {
      const n = e.selection[0];
      if (n?.type === 'more') this.showMore(n);
      else if (n && this.locationOf(n)) void vscode.commands.executeCommand(REVEAL_COMMAND, n);
    }));
    void vscode.commands.executeCommand('setContext', 'kubeRehearsal.dryRun.hasRun', false);
  }

  refresh(): void {
    const result = this.controller.result;
    this.roots = result ? buildTree(result.snapshot, t, result.rejected ?? [], (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri))) : [];
    // A kustomization's objects come from many files: each row names its source file.
    if (result?.scope === 'kustomization') annotateSources(this.roots, result.locations, (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri)), t);
    this.parents.clear();
    const walk = (n: DryRunTreeNode) => n.children.forEach((c) => {
      this.parents.set(c.id, n);
      walk(c);
    });
    this.roots.forEach(walk);
    this.view.description = this.controller.describeTime();
    // The time is in the message too: the view title's description is cut off in a narrow side bar.
    const notes: string[] = result ? [t('Virtual time {0}', formatSeconds(result.snapshot.time))] : [];
    if (result?.scope === 'kustomization' && result.label) notes.unshift(t('What kustomize builds from {0}', result.label));
    if (result?.diverged) {
      notes.push(t('What-ifs applied, the simulated cluster now differs from the files: {0}',
        result.whatIfs.map((w) => `${w.command} (${formatSeconds(w.time)})`).join('; ')));
    }
    if (result?.stoppedBy) notes.push(t('The run stopped early: {0}', result.stoppedBy));
    if (result && result.snapshot.pods.length === 0 && result.snapshot.workloads.length === 0 && !result.snapshot.customResources?.length) notes.push(t('No Kubernetes workloads were found to simulate.'));
    this.view.message = notes.length ? notes.join('\n') : undefined;
    void vscode.commands.executeCommand('setContext', 'kubeRehearsal.dryRun.hasRun', !!result);
    void vscode.commands.executeCommand('setContext', 'kubeRehearsal.dryRun.diverged', !!result?.diverged);
    this.changed.fire(undefined);
  }

  getChildren(element?: DryRunTreeNode): DryRunTreeNode[] {
    if (!element) return this.roots;
    const page = pageOf(element.id, element.children, this.shown.get(element.id) ?? PAGE_SIZE, t);
    const more = page[page.length - 1];
    if (more?.type === 'more') this.parents.set(more.id, element);
    return page;
  }

  /** The next page of a long list (its "Show 100 more" row was selected). */
  private showMore(more: DryRunTreeNode): void {
    const parent = this.parents.get(more.id);
    if (!parent || !more.moreOf) return;
    this.shown.set(more.moreOf, (this.shown.get(more.moreOf) ?? PAGE_SIZE) + PAGE_SIZE);
    this.changed.fire(parent);
  }

  /** Makes every node of a path shown in its parent's pages (a reveal of the 2,345th pod). */
  private showPath(path: DryRunTreeNode[]): void {
    for (let i = 1; i < path.length; i++) {
      const index = path[i - 1].children.indexOf(path[i]);
      const needed = shownFor(index);
      if (needed > (this.shown.get(path[i - 1].id) ?? PAGE_SIZE)) {
        this.shown.set(path[i - 1].id, needed);
        this.changed.fire(path[i - 1]);
      }
    }
  }

  getParent(element: DryRunTreeNode): DryRunTreeNode | undefined {
    return this.parents.get(element.id);
  }

  getTreeItem(n: DryRunTreeNode): vscode.TreeItem {
    const state = n.children.length === 0 ? vscode.TreeItemCollapsibleState.None
      : n.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(n.label, state);
    item.id = n.id;
    item.description = n.description;
    if (n.tooltip) {
      const md = new vscode.MarkdownString(n.tooltip);
      md.supportHtml = false;
      md.isTrusted = false;
      item.tooltip = md;
    }
    item.iconPath = n.color ? new vscode.ThemeIcon(n.icon, new vscode.ThemeColor(n.color)) : new vscode.ThemeIcon(n.icon);
    item.contextValue = n.contextValue;
    return item;
  }

  locationOf(n: DryRunTreeNode): { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } } | undefined {
    const result = this.controller.result;
    if (n.location) return n.location;
    if (!result || !n.ref) return undefined;
    return resultLocation(result, n.ref.kind, n.ref.namespace, n.ref.name, n.ref.container)
      ?? resultLocation(result, n.ref.kind, n.ref.namespace, n.ref.name);
  }

  /**
   * Selects the row of a manifest's object (from its CodeLens): the object itself, or the row of
   * its refusal when it was not simulated. Returns false when this run has no such row.
   */
  async revealObject(o: { kind: string; namespace: string; name: string; uri?: string }): Promise<boolean> {
    const path = findPath(this.roots, (n) => n.type !== 'group' && !!n.ref && n.ref.kind === o.kind && n.ref.name === o.name && (n.ref.namespace || 'default') === (o.namespace || 'default') && !n.ref.container)
      ?? findPath(this.roots, (n) => n.contextValue === 'rejected' && n.label === `${o.kind}/${o.name}` && (!o.uri || n.location?.uri === o.uri));
    if (!path) return false;
    this.showPath(path);
    await this.view.reveal(path[path.length - 1], { select: true, focus: true, expand: true });
    return true;
  }

  /** Selects a pod (from the timeline) in the tree. */
  async revealPod(namespace: string, name: string): Promise<void> {
    const path = findPath(this.roots, (n) => n.type === 'pod' && n.ref?.name === name && n.ref.namespace === namespace);
    if (!path) return;
    this.showPath(path);
    await this.view.reveal(path[path.length - 1], { select: true, focus: true, expand: false });
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
    this.changed.dispose();
  }
}
