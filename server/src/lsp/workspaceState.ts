import { readRegularFile } from '../engine/safeRead';
import { msg } from '../engine/messages';
import { localizedText } from './l10n/index';
import { effectiveKubernetesVersion, versionLabel } from '../engine/version/kubernetesVersion';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseYamlFile, parseYamlFileSteps, type EditedStretch, type YamlFile } from '../engine/yaml/documents';
import { WorkspaceIndex } from '../engine/workspace/index';
import { describeObjectsSteps } from '../engine/workspace/objectFacts';
import type { Steps } from '../engine/steps';
import { loadCrdSources } from '../engine/crds/sources';
import type { CrdDefinition } from '../api/crd/definition';
import { DEFAULT_SETTINGS, matchesAny, type Settings } from '../engine/config';
import { toPosix, walkManifestFilesSteps } from '../engine/fileWalker';
import { kustomizeConfigFiles, kustomizePatchFiles } from '../engine/kustomizePatches';
import { giveWay } from '../engine/giveWay';

/**
 * The server's model of the workspace: which files exist, their parse, and the WorkspaceIndex.
 * Open documents win over the disk; files on disk are found by scanning the workspace folders
 * and kept current from file-watcher events.
 */

/** Files larger than this are generated data, not hand-written manifests: not indexed. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** Milliseconds of walking, reading and parsing per tick while scanning, so requests are answered during a large scan. */
const SCAN_SLICE_MS = 5;
/**
 * An open document this long (characters) is parsed in slices of about PARSE_SLICE_MS, other
 * requests answered in between (a Pod of 60,000 env entries, a flow map of 40,000 keys).
 */
const SLICED_PARSE_CHARS = 256 * 1024;
const PARSE_SLICE_MS = 20;

/** A large open document's parse in slices, then the facts of its objects (the index update that follows is one step). */
function* readSteps(uri: string, text: string, previous: YamlFile | undefined, stretch: EditedStretch | undefined): Steps<YamlFile> {
  const file = yield* parseYamlFileSteps(uri, text, previous, stretch);
  yield* describeObjectsSteps(file);
  return file;
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** The same file, whatever encoding of its URI a client uses. */
function canonical(uri: string): string {
  const p = uriToPath(uri);
  return p ? pathToUri(p) : uri;
}

export type KubernetesTarget = ReturnType<typeof effectiveKubernetesVersion>;

const WORKSPACE_CONFIG = /(^|[\\/])\.kube-rehearsal\.ya?ml$/;

export class WorkspaceState {
  readonly index = new WorkspaceIndex();
  settings: Settings = DEFAULT_SETTINGS;
  /** files.exclude globs of the client */
  filesExclude: string[] = [];
  folders: string[] = [];
  private readonly open = new Map<string, string>(); // canonical -> client uri
  private readonly openFiles = new Map<string, { version: number; file: YamlFile }>(); // client uri -> parse
  private readonly pending = new Map<string, NodeJS.Immediate>();
  /** Open documents being parsed in slices: the version under way (a newer one or a close stops it). */
  private readonly parsing = new Map<string, number>();
  /** Open documents whose index holds a rehearsal's edited parse (beginRehearsal), with their real parse. */
  private readonly rehearsing = new Map<string, { real: YamlFile; edited: YamlFile; at: number }>();
  private patchCache: Set<string> | undefined;
  private configCache: Set<string> | undefined;
  private readonly listeners: ((uris: string[]) => void)[] = [];
  private scanGeneration = 0;
  /** The last scan's slices of walking, reading, parsing and indexing (for its log line). */
  lastScanSlices = { count: 0, longestMs: 0 };

  constructor(
    private readonly log: (message: string) => void,
    /** The editor's current text of an open document, and where it changed since an earlier version. */
    private readonly openText: (uri: string) => { version: number; text: string; editedSince?: (version: number) => EditedStretch | undefined } | undefined,
  ) {}

  onChanged(listener: (uris: string[]) => void): void {
    this.listeners.push(listener);
  }

  private changed(uris: string[]): void {
    if (uris.length === 0) return;
    this.patchCache = undefined;
    if (uris.some((u) => WORKSPACE_CONFIG.test(u))) this.targetMemo = undefined;
    this.configCache = undefined;
    for (const l of this.listeners) {
      try {
        l(uris);
      } catch (e) {
        this.log(`index listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  private crdMemo: { key: string; crds: Settings['crds']; folder: string | undefined; definitions: readonly CrdDefinition[] } | undefined;
  private targetMemo: { setting: string; target: KubernetesTarget } | undefined;

  /**
   * The Kubernetes release findings and the dry run are for: kubeRehearsal.kubernetesVersion, else
   * `targetVersion` of the workspace's .kube-rehearsal.yaml, else the newest (recomputed when the
   * setting or that file changes).
   */
  kubernetesTarget(): KubernetesTarget {
    const setting = this.settings.kubernetesVersion;
    if (this.targetMemo?.setting === setting) return this.targetMemo.target;
    const configs = this.index.filesReadByName().filter((f) => WORKSPACE_CONFIG.test(f.uri));
    const target = effectiveKubernetesVersion(setting, configs);
    if (target.problem) this.log(localizedText(msg('version.using', { problem: target.problemRef ?? target.problem, version: versionLabel(target.minor) })));
    this.targetMemo = { setting, target };
    return target;
  }

  /**
   * CRDs named by kubeRehearsal.crds, read when the setting or the folders change (the same
   * array otherwise, so the CRD registry and the results memoized on it are kept).
   */
  extraCrds(): readonly CrdDefinition[] {
    // Asked once per file checked: the same setting and folder need no key made.
    if (this.crdMemo && this.crdMemo.crds === this.settings.crds && this.crdMemo.folder === this.folders[0]) return this.crdMemo.definitions;
    const key = JSON.stringify([this.settings.crds, this.folders[0] ?? '']);
    if (this.crdMemo?.key === key) {
      this.crdMemo = { ...this.crdMemo, crds: this.settings.crds, folder: this.folders[0] };
      return this.crdMemo.definitions;
    }
    let definitions: readonly CrdDefinition[] = [];
    if (this.settings.crds.length > 0) {
      const loaded = loadCrdSources(this.settings.crds, this.folders[0] ?? process.cwd());
      for (const p of loaded.problems) this.log(`kubeRehearsal.crds: ${p}`);
      definitions = loaded.definitions;
      this.log(`kubeRehearsal.crds: ${loaded.definitions.length} custom resource definition(s) from ${loaded.files.length} file(s)`);
    }
    this.crdMemo = { key, crds: this.settings.crds, folder: this.folders[0], definitions };
    return definitions;
  }

  patchFiles(): ReadonlySet<string> {
    this.patchCache ??= kustomizePatchFiles(this.index.filesReadByName());
    return this.patchCache;
  }

  /** Files kustomizations read as their own configuration (transformers, generators, ...): not manifests. */
  configFiles(): ReadonlySet<string> {
    this.configCache ??= kustomizeConfigFiles(this.index.filesReadByName());
    return this.configCache;
  }

  /** The current parse; an open document edited since its last parse is parsed now. */
  file(uri: string): YamlFile | undefined {
    // A parse in slices still under way is finished now by the caller, who needs the file.
    if (this.openFiles.has(uri) || this.parsing.has(uri)) {
      this.endRehearsal(uri);
      this.refresh(uri);
      return this.openFiles.get(uri)?.file;
    }
    return this.index.file(uri) ?? this.index.file(canonical(uri));
  }

  /** Relative path of a file inside one of the workspace folders, or undefined. */
  private relativePath(path: string): string | undefined {
    for (const folder of this.folders) {
      const rel = relative(folder, path);
      if (rel && !rel.startsWith('..') && !rel.startsWith('/')) return toPosix(rel);
    }
    return undefined;
  }

  private excludeGlobs(): string[] {
    return [...this.settings.exclude, ...this.filesExclude];
  }

  /** shouldValidate's answers for the settings, files.exclude and folders they were made with (each replaced, never changed, when it changes). */
  private validateMemo: { settings: Settings; filesExclude: string[]; folders: string[]; answers: Map<string, boolean> } | undefined;

  /** Should findings be reported for this file? (Excluded files and folders get none.) Remembered per file: the first check of a scan asks for every file. */
  shouldValidate(uri: string): boolean {
    let memo = this.validateMemo;
    if (!memo || memo.settings !== this.settings || memo.filesExclude !== this.filesExclude || memo.folders !== this.folders) {
      memo = this.validateMemo = { settings: this.settings, filesExclude: this.filesExclude, folders: this.folders, answers: new Map() };
    }
    let answer = memo.answers.get(uri);
    if (answer === undefined) {
      answer = this.decideValidate(uri);
      // Bounded: a long session opens many untitled and outside files.
      if (memo.answers.size >= 100_000) memo.answers.clear();
      memo.answers.set(uri, answer);
    }
    return answer;
  }

  private decideValidate(uri: string): boolean {
    if (!this.settings.enable) return false;
    const path = uriToPath(uri);
    if (!path) return true; // untitled documents
    const rel = this.relativePath(path);
    if (rel === undefined) return true; // a file opened from outside the workspace
    if (rel.split('/').some((seg) => seg === 'node_modules')) return false;
    return !matchesAny(rel, this.excludeGlobs());
  }

  /** A file on disk that the scan would pick up. */
  private wantedOnDisk(path: string): boolean {
    const rel = this.relativePath(path);
    if (rel === undefined) return false;
    if (rel.split('/').some((seg, i, all) => seg === 'node_modules' || (i < all.length - 1 && seg.startsWith('.')))) return false;
    return matchesAny(rel, this.settings.include) && !matchesAny(rel, this.excludeGlobs());
  }

  /**
   * A workspace file's text: a regular file only, never more than MAX_FILE_BYTES read, and only
   * when its real path is inside a workspace folder (a symlink out of the workspace is not followed).
   */
  private readDisk(path: string): string | undefined {
    const r = readRegularFile(path, { maxBytes: MAX_FILE_BYTES, within: this.folders });
    if (r.ok) return r.text;
    if (r.reason !== 'missing') this.log(`not indexed: ${path}: ${r.message}`);
    return undefined;
  }

  openDocument(uri: string): void {
    const key = canonical(uri);
    this.open.set(key, uri);
    if (key !== uri && this.index.file(key)) {
      this.index.remove(key);
      this.changed([key]);
    }
    this.refresh(uri, true);
  }

  /**
   * An edit: the document is re-parsed, re-indexed and re-checked as soon as the messages already
   * received are handled, with no fixed pause. Edits that arrive while a check runs are handled
   * together once it ends (the refresh reads the latest text), so a burst of typing costs one
   * check per check's duration, and the last keystroke waits for at most the check before it.
   */
  documentChanged(uri: string): void {
    if (this.pending.has(uri)) return;
    this.pending.set(
      uri,
      setImmediate(() => {
        this.pending.delete(uri);
        try {
          this.refresh(uri, true);
        } catch (e) {
          this.log(`re-reading ${uri} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }),
    );
  }

  /**
   * Parse and index an open document if its version changed; listeners hear about it. `sliced`: a
   * large text is parsed in slices, and the requests that arrive meanwhile are answered (one that
   * needs this very file finishes the parse at once, through file()).
   */
  private refresh(uri: string, sliced = false): void {
    this.endRehearsal(uri);
    const current = this.openText(uri);
    if (!current) return;
    const known = this.openFiles.get(uri);
    if (known && known.version === current.version) {
      this.parsing.delete(uri);
      return;
    }
    // The previous parse lets an edit re-read only the documents around it (parseYamlFile).
    const previous = known?.file ?? this.index.file(uri);
    // Where the editor's changes since that parse fell: the parse need not compare the texts.
    const stretch = known ? current.editedSince?.(known.version) : undefined;
    if (!sliced || current.text.length < SLICED_PARSE_CHARS) {
      this.parsing.delete(uri);
      this.store(uri, current.version, parseYamlFile(uri, current.text, previous, stretch));
      return;
    }
    if (this.parsing.get(uri) === current.version) return;
    const version = current.version;
    this.parsing.set(uri, version);
    const steps = readSteps(uri, current.text, previous, stretch);
    const slice = (): void => {
      // Superseded: a newer version, the parse finished by file(), or the document closed.
      if (this.parsing.get(uri) !== version) return;
      const deadline = performance.now() + PARSE_SLICE_MS;
      try {
        for (;;) {
          const r = steps.next();
          if (r.done) {
            this.parsing.delete(uri);
            this.store(uri, version, r.value);
            return;
          }
          if (performance.now() >= deadline) {
            setImmediate(slice);
            return;
          }
        }
      } catch (e) {
        this.parsing.delete(uri);
        this.log(`reading ${uri} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    slice();
  }

  private store(uri: string, version: number, file: YamlFile): void {
    this.openFiles.set(uri, { version, file });
    this.index.update(file);
    this.changed([uri]);
  }

  /**
   * The first edit of a large document after its open ran the edit path cold: loops over every
   * document interpreted before V8 compiles them, caches filled on first use (on 10,000 documents
   * the first edits cost 100 to 300 ms of CPU against 30 to 60 ms later). When the server is idle
   * after the open, the diagnostics service rehearses an edit: this indexes the document with a
   * space added at the end of its middle document's first line (a change of no meaning: a plain
   * scalar, a comment or a `---` keeps its value) and returns that parse for a check; endRehearsal
   * puts the real text back the way an edit would. Nothing is announced to listeners, and any read
   * of the document (an edit, a request that needs its parse, a close) ends the rehearsal first.
   */
  beginRehearsal(uri: string): YamlFile | undefined {
    if (this.pending.has(uri) || this.parsing.has(uri) || this.rehearsing.has(uri)) return undefined;
    const current = this.openText(uri);
    const known = this.openFiles.get(uri);
    if (!current || !known || known.version !== current.version || known.file.docs.length < 2 || this.index.file(uri) !== known.file) return undefined;
    const real = known.file;
    const doc = real.docs[real.docs.length >> 1];
    let at = real.text.indexOf('\n', doc.start);
    if (at < 0 || at >= doc.end) return undefined;
    if (at > doc.start && real.text[at - 1] === '\r') at--;
    // Told where the edit is, as a real edit's parse is (documentEdits.ts).
    const edited = parseYamlFile(uri, real.text.slice(0, at) + ' ' + real.text.slice(at), real, { prefix: at, suffix: real.text.length - at });
    this.rehearsing.set(uri, { real, edited, at });
    this.index.update(edited);
    return edited;
  }

  /** The real text back after beginRehearsal, re-read as an edit of the rehearsed one; undefined when no rehearsal is under way. */
  endRehearsal(uri: string): YamlFile | undefined {
    const rehearsal = this.rehearsing.get(uri);
    if (!rehearsal) return undefined;
    const { real, at } = rehearsal;
    this.rehearsing.delete(uri);
    const edited = this.index.file(uri);
    const restored = parseYamlFile(uri, real.text, edited, edited === rehearsal.edited ? { prefix: at, suffix: real.text.length - at } : undefined);
    const known = this.openFiles.get(uri);
    if (known?.file === real) this.openFiles.set(uri, { version: known.version, file: restored });
    this.index.update(restored);
    return restored;
  }

  closeDocument(uri: string): void {
    this.rehearsing.delete(uri);
    const t = this.pending.get(uri);
    if (t) clearImmediate(t);
    this.pending.delete(uri);
    this.parsing.delete(uri);
    const key = canonical(uri);
    this.open.delete(key);
    this.openFiles.delete(uri);
    this.index.remove(uri);
    const path = uriToPath(uri);
    const changed = [uri];
    if (path && this.wantedOnDisk(path)) {
      const text = this.readDisk(path);
      if (text !== undefined) {
        this.index.update(parseYamlFile(key, text));
        if (key !== uri) changed.push(key);
      }
    }
    this.changed(changed);
  }

  isOpen(uri: string): boolean {
    return this.open.has(canonical(uri));
  }

  /** A file-watcher event for a file that may or may not be open. */
  diskChanged(uri: string, deleted: boolean): void {
    const key = canonical(uri);
    if (this.open.has(key)) return; // the editor's text wins
    const path = uriToPath(uri);
    if (!path) return;
    if (deleted) {
      // A deleted folder arrives as one event: drop everything below it.
      const gone = this.index.allFiles().filter((f) => f.uri === key || f.uri.startsWith(key + '/'));
      for (const f of gone) this.index.remove(f.uri);
      this.changed(gone.map((f) => f.uri));
      return;
    }
    if (!this.wantedOnDisk(path)) return;
    const text = this.readDisk(path);
    if (text === undefined) return;
    this.index.update(parseYamlFile(key, text));
    this.changed([key]);
  }

  /**
   * (Re)scan the workspace folders: index every wanted file, drop files no longer wanted.
   * Parses in chunks so the server stays responsive; a newer scan cancels an older one.
   */
  async scan(): Promise<number> {
    const generation = ++this.scanGeneration;
    const slices = (this.lastScanSlices = { count: 0, longestMs: 0 });
    const sliceOver = (started: number): void => {
      slices.count++;
      slices.longestMs = Math.max(slices.longestMs, performance.now() - started);
    };
    // The walk is in slices too: listing a tree of thousands of files takes a while.
    const paths: string[] = [];
    for (const folder of this.folders) {
      const steps = walkManifestFilesSteps(folder, { include: this.settings.include, exclude: this.excludeGlobs(), within: this.folders });
      for (;;) {
        if (generation !== this.scanGeneration) return 0;
        const started = performance.now();
        const deadline = started + SCAN_SLICE_MS;
        let r = steps.next();
        while (!r.done && performance.now() < deadline) r = steps.next();
        sliceOver(started);
        if (r.done) {
          for (const p of r.value) paths.push(p);
          break;
        }
        await this.nextSlice();
      }
    }
    // Everything is indexed before anything is checked, so cross-file rules see the whole
    // workspace on the first pass; listeners then hear about all changed files at once.
    const wanted = new Set<string>();
    const changed: string[] = [];
    let next = 0;
    while (next < paths.length) {
      if (generation !== this.scanGeneration) return 0;
      const started = performance.now();
      const deadline = started + SCAN_SLICE_MS;
      do {
        const path = paths[next++];
        const uri = pathToUri(path);
        wanted.add(uri);
        if (this.open.has(uri)) continue;
        const text = this.readDisk(path);
        if (text === undefined) continue;
        const existing = this.index.file(uri);
        if (existing && existing.text === text) continue;
        try {
          this.index.update(parseYamlFile(uri, text));
          changed.push(uri);
        } catch (e) {
          this.log(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
        }
      } while (next < paths.length && performance.now() < deadline);
      sliceOver(started);
      await this.nextSlice();
    }
    if (generation !== this.scanGeneration) return 0;
    const dropped = this.index
      .allFiles()
      .map((f) => f.uri)
      .filter((u) => !wanted.has(u) && !this.openFiles.has(u));
    for (const u of dropped) this.index.remove(u);
    this.changed(dropped);
    this.changed(changed);
    return paths.length;
  }

  /** Whether an edit of an open document waits for its re-parse (documentChanged). */
  editsPending(): boolean {
    return this.pending.size > 0;
  }

  /** Open documents whose latest text is not indexed yet: an edit waiting, or a parse in slices under way. */
  openDocumentsBehind(): string[] {
    return [...new Set([...this.pending.keys(), ...this.parsing.keys()])];
  }

  /**
   * The next slice of a scan comes after the messages read meanwhile (engine/giveWay.ts) and after the
   * re-parse of the edits of open documents they brought: a request or an edit waits for the slice
   * in progress only.
   */
  private async nextSlice(): Promise<void> {
    do await giveWay();
    while (this.pending.size > 0);
  }
}
