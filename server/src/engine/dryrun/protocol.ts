import type { Range } from '../findings';
import type { SimSnapshot } from './contract';
import type { RolloutPreview } from './rollout';
import type { RejectedManifest } from './admission';
import { snapshotIndex } from './snapshotIndex';

/**
 * The custom LSP requests of the dry run, shared by the language server and the extension.
 * Plain types only (no vscode, no vscode-languageserver).
 */

export const SIMULATE_REQUEST = 'kubeRehearsal/simulate';
export const TIME_REQUEST = 'kubeRehearsal/dryRun/time';
export const WHAT_IF_REQUEST = 'kubeRehearsal/dryRun/whatIf';
export const RESET_REQUEST = 'kubeRehearsal/dryRun/reset';
export const STATE_REQUEST = 'kubeRehearsal/dryRun/state';
export const ROLLOUT_REQUEST = 'kubeRehearsal/rolloutPreview';
/** Serves the dry-run session over the Kubernetes API on 127.0.0.1 (trusted workspaces only): ServeResult. */
export const SERVE_REQUEST = 'kubeRehearsal/dryRun/serve';
/** Stops serving it (the last kubectl terminal closed). */
export const SERVE_STOP_NOTIFICATION = 'kubeRehearsal/dryRun/serve/stop';
/** A DryRunResult the server sends on its own: the served session changed (throttled). */
export const CHANGED_NOTIFICATION = 'kubeRehearsal/dryRun/changed';

export interface ServeResult {
  url: string;
  /** The kubeconfig's text (a bearer token and the server's CA): the client writes it, mode 0600. */
  kubeconfig: string;
}

/**
 * Every dry-run request may carry an LSP work-done token: the server then reports its progress
 * on it (`$/progress`: begin, a report per slice of the run with the virtual time reached, end).
 */
export interface WithProgress {
  workDoneToken?: string | number;
}

export interface SimulateParams extends WithProgress {
  /** The whole workspace, the one file `uri`, or what kustomize builds from the kustomization at `uri` (its folder or file) */
  scope: 'workspace' | 'file' | 'kustomization';
  uri?: string;
  /** Virtual seconds to run to; `steady` (the default) runs until nothing visible changes for a minute. */
  time?: number | 'steady';
  seed?: number;
}

export type TimeParams = WithProgress & (
  | { action: 'advance'; seconds: number }
  | { action: 'seek'; time: number }
  | { action: 'steady' });

export interface WhatIfParams extends WithProgress {
  /** kubectl argv without `kubectl`, e.g. ["delete", "pod", "web-abc12"] */
  argv: string[];
}

export interface RolloutParams {
  /** A file or folder URI inside the repository whose manifests are previewed */
  uri: string;
  seed?: number;
}

export interface LocationDto {
  uri: string;
  range: Range;
}

export interface DiagnosticDto {
  range: Range;
  /** 2 = Warning, as LSP numbers severities */
  severity: number;
  code: string;
  source: string;
  message: string;
}

export interface DryRunResult {
  snapshot: SimSnapshot;
  /**
   * `Kind/namespace/name` (and `Pod/namespace/name/container`) -> the manifest line that defines
   * it. The pods of one controller all come from its template: their line is sent once, under
   * `podsOfKey` (9,000 pods of 3,000 ReplicaSets are 6,000 entries, not 18,000); read a pod's
   * with `resultLocation`.
   */
  locations: Record<string, LocationDto>;
  /** Predictive diagnostics per file; files that had some before and have none now are listed empty. */
  diagnostics: { uri: string; diagnostics: DiagnosticDto[] }[];
  /** What-ifs applied on top of the files (the simulated cluster then differs from them) */
  whatIfs: { time: number; command: string }[];
  diverged: boolean;
  scope: 'workspace' | 'file' | 'kustomization';
  uri?: string;
  /** For a kustomization: its folder, relative to the workspace (`overlays/prod`). */
  label?: string;
  /** Manifests that were simulated (URIs) */
  files: string[];
  stoppedBy?: string;
  /** Output of the last what-if, if any */
  output?: string;
  /** Manifests not simulated because the API server would refuse them: `Kind/name`, its message, file and line */
  rejected?: RejectedManifest[];
}

export interface RolloutResult extends Omit<RolloutPreview, 'snapshot'> {
  snapshot?: SimSnapshot;
  /** Why there is no preview (not a git repository, no git, no HEAD) */
  unavailable?: string;
}

export function locationKey(kind: string, namespace: string, name: string, container?: string): string {
  return `${kind}/${namespace}/${name}${container ? `/${container}` : ''}`;
}

/** The key of the line shared by the pods of one controller (`owner` as the pods name it: `ReplicaSet/web-7d4b9`). */
export function podsOfKey(namespace: string, owner: string, container?: string): string {
  return `Pods/${namespace}/${owner}${container ? `/${container}` : ''}`;
}

/** Where an object of a result is written: its own entry, or for a pod its controller's shared one. */
export function resultLocation(result: Pick<DryRunResult, 'snapshot' | 'locations'>, kind: string, namespace: string, name: string, container?: string): LocationDto | undefined {
  const own = result.locations[locationKey(kind, namespace, name, container)];
  if (own || kind !== 'Pod') return own;
  const owner = snapshotIndex(result.snapshot).pod(namespace, name)?.owner;
  return owner ? result.locations[podsOfKey(namespace, owner, container)] : undefined;
}
