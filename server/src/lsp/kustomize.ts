import type { Connection } from 'vscode-languageserver/node';
import type { Finding, Range } from '../engine/findings';
import type { Settings } from '../engine/config';
import type { WorkspaceIndex } from '../engine/workspace/index';
import type { YamlFile } from '../engine/yaml/documents';
import { msg } from '../engine/messages';
import { localizedText } from './l10n/index';
import { isKustomizationFile, normalizeUri } from '../engine/kustomizePatches';
import { analyzeKustomizations, graphOf, placeRenderedRange, rootLabel, type KustomizeAnalysis } from '../engine/kustomize/checkBuilds';
import { kustomizationFileIn, type KustomizationInfo } from '../engine/kustomize/discover';
import { RenderCache, type RenderedRoot } from '../engine/kustomize/render';
import { findKustomize, type KustomizeTool } from '../engine/kustomize/runner';
import { uriToPath } from './workspaceState';
import { dirname } from 'node:path';
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * The workspace's kustomizations in the language server: each root is built by kustomize (in a
 * trusted workspace only), its findings placed on source lines, and the builds kept for the dry
 * run. Builds are cached by the content on disk of the files they read, so they are redone when a
 * file is saved, not as the user types. Without kustomize, or in Restricted Mode, the client is
 * told once and the files are checked raw.
 */

export const KUSTOMIZE_STATUS_NOTIFICATION = 'kubeRehearsal/kustomizeStatus';
export const TRUST_NOTIFICATION = 'kubeRehearsal/workspaceTrusted';

export interface KustomizeStatus {
  /** `none`: no kustomizations; `ok`: built; `missing`: no kustomize found; `untrusted`: Restricted Mode. */
  state: 'none' | 'ok' | 'missing' | 'untrusted';
  message: string;
  roots: number;
}

const REFRESH_DEBOUNCE_MS = 800;
const EMPTY: ReadonlySet<string> = new Set();

export class KustomizeState {
  trusted = false;
  private analysis: KustomizeAnalysis | undefined;
  private readonly cache = new RenderCache();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private lastStatus = '';
  private readonly listeners: ((uris: string[]) => void)[] = [];

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly connection: Connection,
    private readonly folders: () => string[],
    private readonly command: () => string,
    private readonly log: (message: string) => void,
    /** The target Kubernetes minor the builds are checked for. */
    private readonly kubernetesMinor: () => number | undefined = () => undefined,
    /** The user's settings: rule levels, profile and Pod Security level judge the builds as they judge the files. */
    private readonly settings: () => Settings | undefined = () => undefined,
  ) {}

  /** The files a successful build read (normalized uris): checked raw as patches are. */
  get builtUris(): ReadonlySet<string> {
    return this.analysis?.builtUris ?? EMPTY;
  }

  /** The build findings placed on a file. */
  findingsFor(uri: string): Finding[] | undefined {
    return this.analysis?.findings.get(uri);
  }

  /** Called with the uris whose build findings (or leniency) changed. */
  onDidChange(listener: (uris: string[]) => void): void {
    this.listeners.push(listener);
  }

  tool(): KustomizeTool | undefined {
    return findKustomize(this.command());
  }

  private baseDir(dir: string): string {
    const folder = this.folders().filter((f) => dir === f || dir.startsWith(f.endsWith('/') ? f : f + '/')).sort((a, b) => b.length - a.length)[0];
    return folder ?? dir;
  }

  private files(): YamlFile[] {
    return this.index.allFiles().filter((f) => /^file:/i.test(f.uri));
  }

  /** Asks for the builds to be brought up to date soon (after edits pause). */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, REFRESH_DEBOUNCE_MS);
  }

  /** Brings the builds up to date (one refresh at a time; asks made meanwhile run once after it). */
  async refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.doRefresh().catch((e) => this.log(`kustomize: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    if (this.again) {
      this.again = false;
      await this.refresh();
    }
  }

  private status(s: KustomizeStatus): void {
    const key = `${s.state}\0${s.message}`;
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    void this.connection.sendNotification(KUSTOMIZE_STATUS_NOTIFICATION, s).catch(() => undefined);
  }

  private async doRefresh(): Promise<void> {
    const before = this.analysis;
    // Looked for among the files kept by name: no pass over every file of a workspace without any.
    const kustomizations = this.index.filesReadByName().filter((f) => /^file:/i.test(f.uri) && isKustomizationFile(f.uri)).length;
    let next: KustomizeAnalysis | undefined;
    if (kustomizations === 0) {
      this.status({ state: 'none', message: '', roots: 0 });
    } else if (!this.trusted) {
      this.status({ state: 'untrusted', message: localizedText(msg('kustomize.untrusted')), roots: 0 });
    } else {
      const tool = this.tool();
      if (!tool) {
        this.status({ state: 'missing', message: localizedText(msg('kustomize.missing')), roots: 0 });
      } else {
        const base = this.folders()[0] ?? '/';
        next = await analyzeKustomizations(this.files(), { tool, cache: this.cache, baseDir: base, kubernetesMinor: this.kubernetesMinor(), settings: this.settings() });
        const failed = next.builds.filter((b) => b.error).length;
        const built = msg(next.roots.length === 1 ? 'kustomize.built-one' : 'kustomize.built', { count: String(next.roots.length), tool: tool.label });
        this.status({ state: 'ok', message: localizedText(failed ? msg('kustomize.built-failed', { built, failed: String(failed) }) : built), roots: next.roots.length });
      }
    }
    this.analysis = next;
    const changed = new Set<string>();
    for (const a of [before, next]) {
      if (!a) continue;
      for (const u of a.findings.keys()) changed.add(u);
      for (const u of a.builtUris) changed.add(u);
    }
    // Only files whose build findings or leniency differ are checked again.
    const uris = [...changed].map((u) => this.index.allFiles().find((f) => normalizeUri(f.uri) === normalizeUri(u))?.uri ?? u);
    if (uris.length) for (const l of this.listeners) l(uris);
  }

  /**
   * The build of the kustomization at `uri` (its folder or its file) for a dry run: from the cache
   * when nothing it reads changed on disk.
   */
  async buildFor(uri: string): Promise<{ rendered: RenderedRoot; closure: KustomizationInfo[]; label: string; place: (range: Range) => { uri: string; range: Range } }> {
    if (!this.trusted) throw new Error('kustomizations are not built in Restricted Mode: trust the workspace to dry-run one');
    const tool = this.tool();
    if (!tool) throw new Error('neither kustomize nor kubectl was found on PATH (install kubectl, or set kubeRehearsal.kustomize.command)');
    const p = uriToPath(uri);
    if (!p) throw new Error(`${uri} is not a file on disk`);
    let dir = p;
    try {
      if (!statSync(p).isDirectory()) dir = dirname(p);
    } catch {
      throw new Error(`${p} does not exist`);
    }
    if (!kustomizationFileIn(dir)) throw new Error(`${dir} holds no kustomization.yaml`);
    const files = this.files();
    const graph = graphOf(files);
    const root = graph.byDir.get(dir);
    if (!root) throw new Error(`${dir} holds no kustomization the workspace knows`);
    const rendered = await this.cache.render(tool, graph, root);
    const label = rootLabel(this.baseDir(dir), dir);
    if (rendered.error) throw new Error(`${tool.label} failed for ${label}: ${rendered.error}`);
    const closure = graph.closure(root);
    const place = (range: Range) => {
      const at = placeRenderedRange(rendered, closure, files, range);
      return { uri: files.find((f) => uriToPath(f.uri) === at.path)?.uri ?? pathToFileURL(at.path).toString(), range: at.range };
    };
    return { rendered, closure, label, place };
  }
}
