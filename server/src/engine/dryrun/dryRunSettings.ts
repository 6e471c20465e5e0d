import { isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { defaultClusterShape, parseWorkspaceConfig } from '../../sim/behaviour/workspaceConfig';
import type { YamlFile } from '../yaml/documents';
import type { DryRunSettings } from '../config';
import { readWorkspaceConfig, type WorkspaceSimConfig } from './simulator';

/**
 * The editor's dry-run settings (`kubeRehearsal.dryRun.*`) and the simulated cluster they give.
 * Precedence, the same as the CLI's flags over `.kube-rehearsal.yaml`:
 * - cluster shape: `nodes` > `clusterFile` > the `cluster:` of `configFile` (or of the workspace's
 *   `.kube-rehearsal.yaml` when no configFile is set) > one minikube node;
 * - image behaviours: the `images:` of `configFile`, else of the workspace's `.kube-rehearsal.yaml`;
 * - duration and seed: what a request asks for > the setting > until steady (at most 15m), seed 1.
 */

/** Reads a file a setting names: its text, or why it cannot be read. */
export type ReadSettingFile = (path: string) => { ok: true; text: string } | { ok: false; message: string };

/** A setting's path: absolute, or relative to the first workspace folder. */
export function settingPath(p: string, folder: string | undefined): string {
  return isAbsolute(p) ? p : resolve(folder ?? process.cwd(), p);
}

function readYaml(setting: string, path: string, read: ReadSettingFile): unknown {
  const r = read(path);
  if (!r.ok) throw new Error(`kubeRehearsal.dryRun.${setting}: cannot read ${path}: ${r.message}`);
  try {
    return parseYaml(r.text);
  } catch (e) {
    throw new Error(`kubeRehearsal.dryRun.${setting}: ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/**
 * The cluster and image behaviours of a dry run under these settings. A file a setting names that
 * cannot be read or is malformed fails the run with one line naming the setting (never a silent default).
 */
export function dryRunSimConfig(settings: DryRunSettings, files: YamlFile[], folder: string | undefined, read: ReadSettingFile): WorkspaceSimConfig {
  let config: WorkspaceSimConfig;
  if (settings.configFile) {
    const path = settingPath(settings.configFile, folder);
    const parsed = parseWorkspaceConfig(readYaml('configFile', path, read));
    if (parsed.errors.length) throw new Error(`kubeRehearsal.dryRun.configFile: ${path}: ${parsed.errors[0]}`);
    config = { cluster: parsed.cluster, images: parsed.images, errors: [] };
  } else config = readWorkspaceConfig(files);
  if (settings.nodes !== undefined) return { ...config, cluster: defaultClusterShape(settings.nodes) };
  if (settings.clusterFile) {
    const path = settingPath(settings.clusterFile, folder);
    let value = readYaml('clusterFile', path, read);
    // Like --cluster: a file with a `cluster:` section, or the section itself.
    if (value && typeof value === 'object' && !('cluster' in value) && 'nodes' in value) value = { cluster: value };
    if (!value || typeof value !== 'object' || !('cluster' in value)) throw new Error(`kubeRehearsal.dryRun.clusterFile: ${path}: no cluster section`);
    const parsed = parseWorkspaceConfig({ cluster: (value as { cluster: unknown }).cluster });
    if (parsed.errors.length || !parsed.cluster) throw new Error(`kubeRehearsal.dryRun.clusterFile: ${path}: ${parsed.errors[0] ?? 'no nodes'}`);
    return { ...config, cluster: parsed.cluster };
  }
  return config;
}
