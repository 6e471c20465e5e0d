import type { ClientCapabilities, Connection, ServerCapabilities } from 'vscode-languageserver/node';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine/findings';
import type { Settings } from '../engine/config';
import type { YamlFile } from '../engine/yaml/documents';
import type { WorkspaceIndex } from '../engine/workspace/index';
import type { CrdDefinition } from '../api/crd/definition';
import type { KustomizeState } from './kustomize';
import type { KubernetesTarget } from './workspaceState';

/** What every LSP feature service gets: the connection, open documents, the workspace model. */
export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  /** Every Kubernetes object in the workspace (open documents win over the files on disk). */
  readonly index: WorkspaceIndex;
  clientCapabilities(): ClientCapabilities;
  /** The first workspace folder's path (relative paths in settings are resolved against it). */
  workspaceFolder(): string | undefined;
  settings(): Settings;
  /** The Kubernetes release to judge for (setting > .kube-rehearsal.yaml targetVersion > newest). */
  kubernetesTarget(): KubernetesTarget;
  /** The current parse of a file: the open document's latest text, else the file as read from disk. */
  file(uri: string): YamlFile | undefined;
  /** An idle rehearsal of an edit of an open document (WorkspaceState.beginRehearsal): the edited parse, now indexed. */
  beginRehearsal(uri: string): YamlFile | undefined;
  /** Its real text back (re-read as an edit); undefined when the rehearsal was already ended by a read of the document. */
  endRehearsal(uri: string): YamlFile | undefined;
  /** Findings are reported for this file (false for excluded files or when disabled). */
  shouldValidate(uri: string): boolean;
  /** Normalized URIs of files used as kustomize patches, or read by a kustomize build (checked leniently). */
  patchFiles(): ReadonlySet<string>;
  /** CRDs from kubeRehearsal.crds (outside the workspace); the same array until the setting or the files change. */
  extraCrds(): readonly CrdDefinition[];
  /** Normalized URIs of kustomize's own configuration files (transformers, generators, ...): not manifests. */
  configFiles(): ReadonlySet<string>;
  /** The workspace's kustomizations as kustomize builds them. */
  readonly kustomize: KustomizeState;
  /** The findings last published for a file and the document version they belong to. */
  findings(uri: string): { version: number | undefined; findings: Finding[] } | undefined;
  setFindings(uri: string, version: number | undefined, findings: Finding[]): void;
  /** The last dry run's predictions of a file (with their quick fixes) and the text they were made on. */
  dryRunFindings(uri: string): { text: string; findings: Finding[] } | undefined;
  setDryRunFindings(uri: string, entry: { text: string; findings: Finding[] } | undefined): void;
  /** An edit of an open document is received and waits for its re-parse: background work lets it go first. */
  editsPending(): boolean;
  /** Open documents whose latest text is still being parsed (large ones are parsed in slices). */
  openDocumentsBehind(): string[];
  /** Called after files of the index change (edits, disk changes, scans), with the changed URIs. */
  onIndexChanged(listener: (uris: string[]) => void): void;
  /** Called after the settings changed. */
  onSettingsChanged(listener: () => void): void;
  log(message: string): void;
  /**
   * Wraps a handler so that a failure is logged to the client's console and the request is still
   * answered (with `fallback`): the server never crashes on any input.
   */
  safe<A extends unknown[], R>(name: string, fallback: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R>;
}

/** One LSP feature: it declares its capabilities and registers its handlers. */
export interface Service {
  name: string;
  capabilities?(client: ClientCapabilities): Partial<ServerCapabilities>;
  register(ctx: ServerContext): void;
}
