import type { YamlFile } from '../yaml/documents';
import { msg, renderMessage, type MessageRef } from '../messages';

/**
 * The Kubernetes version manifests are judged for: a minor release of 1.x. The bundled schemas are
 * those of the newest supported release; older targets are described by featureTable.ts as
 * differences from it.
 */

export const OLDEST_MINOR = 24;
export const NEWEST_MINOR = 36;
export const DEFAULT_MINOR = NEWEST_MINOR;

/** Every supported minor, newest first (the order a picker offers them in). */
export const SUPPORTED_MINORS: readonly number[] = Array.from({ length: NEWEST_MINOR - OLDEST_MINOR + 1 }, (_, i) => NEWEST_MINOR - i);

export function versionLabel(minor: number): string {
  return `1.${minor}`;
}

/** A problem carries its message id too (the editor shows it in the user's language). */
export type ParsedVersion = { minor: number } | { problem: string; problemRef: MessageRef };

function problem(ref: MessageRef): ParsedVersion {
  return { problem: renderMessage(ref), problemRef: ref };
}

/**
 * Reads "1.28", "v1.28", "1.28.3" or "v1.28.3". A number is accepted too, because YAML reads an
 * unquoted `1.30` as the float 1.3: a float with one or two decimals is taken as the minor it was
 * written as (1.3 -> 1.30; 1.3 cannot mean 1.3 since there was never a 1.3 in the supported range).
 */
export function parseKubernetesVersion(raw: unknown): ParsedVersion {
  let text: string;
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    const fixed = raw.toFixed(2);
    // 1.3 is what YAML makes of `1.30`; 1.28 stays 1.28.
    text = /^1\.\d0$/.test(fixed) && !/^1\.\d\d$/.test(String(raw)) ? fixed : String(raw);
  } else if (typeof raw === 'string') text = raw.trim();
  else return problem(msg('version.not-text', { found: raw === null ? 'null' : typeof raw }));
  const m = /^v?1\.(\d{1,2})(?:\.\d{1,3})?$/.exec(text);
  if (!m) return problem(msg('version.malformed', { text }));
  const minor = Number(m[1]);
  if (minor < OLDEST_MINOR || minor > NEWEST_MINOR)
    return problem(msg('version.unsupported', { version: versionLabel(minor), oldest: versionLabel(OLDEST_MINOR), newest: versionLabel(NEWEST_MINOR) }));
  return { minor };
}

const CONFIG_FILE = /(^|[\\/])\.kube-rehearsal\.ya?ml$/;

/**
 * `targetVersion:` of the workspace's `.kube-rehearsal.yaml` (the one nearest the root when there
 * are several): the minor, a problem text for a bad value, or nothing when the file does not set it.
 */
export function workspaceTargetVersion(files: readonly YamlFile[]): ParsedVersion | undefined {
  const file = files.filter((f) => CONFIG_FILE.test(decodeURIComponent(f.uri))).sort((a, b) => a.uri.length - b.uri.length)[0];
  const value = file?.docs.find((d) => !d.empty)?.value;
  if (!value || typeof value !== 'object' || Array.isArray(value) || !('targetVersion' in value)) return undefined;
  return parseKubernetesVersion((value as { targetVersion: unknown }).targetVersion);
}

/**
 * The version that applies: an explicit setting or flag first, then the workspace file, then the
 * newest. Problems are returned so the caller can say why a value was ignored.
 */
export function effectiveKubernetesVersion(explicit: string | undefined, files: readonly YamlFile[]): { minor: number; source: 'setting' | 'workspace' | 'default'; problem?: string; problemRef?: MessageRef } {
  const why = (p: ParsedVersion | undefined) => (p && 'problem' in p ? { problem: p.problem, problemRef: p.problemRef } : {});
  if (explicit !== undefined && explicit !== '') {
    const p = parseKubernetesVersion(explicit);
    if ('minor' in p) return { minor: p.minor, source: 'setting' };
    const ws = workspaceTargetVersion(files);
    if (ws && 'minor' in ws) return { minor: ws.minor, source: 'workspace', ...why(p) };
    return { minor: DEFAULT_MINOR, source: 'default', ...why(p) };
  }
  const ws = workspaceTargetVersion(files);
  if (ws && 'minor' in ws) return { minor: ws.minor, source: 'workspace' };
  return { minor: DEFAULT_MINOR, source: 'default', ...why(ws) };
}
