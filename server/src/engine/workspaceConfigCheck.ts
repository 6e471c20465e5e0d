import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import configSchema from '../../../schemas/kube-rehearsal-config.json';
import type { Finding } from './findings';
import { PROFILES, ruleLevels, type Profile, type RuleLevel } from './config';
import { rangeForPath, type PathSegment, type YamlFile } from './yaml/documents';
import { parseKubernetesVersion } from './version/kubernetesVersion';

/**
 * Validation of the workspace file `.kube-rehearsal.yaml` (image behaviours and cluster shape for
 * the dry run) against its hand-written schema. The file is data only: nothing in it is executed.
 */

export const WORKSPACE_CONFIG_CODE = 'workspace-config';
const CONFIG_NAME = /(^|[\\/])\.kube-rehearsal\.ya?ml$/;

export function isWorkspaceConfigFile(uri: string): boolean {
  return CONFIG_NAME.test(decodeURIComponent(uri));
}

let validate: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!validate) {
    const { $schema: _ignored, ...schema } = configSchema as Record<string, unknown>;
    validate = new Ajv({ strict: false, allErrors: true, validateSchema: false }).compile(schema);
  }
  return validate;
}

function pathOf(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(e: ErrorObject): { path: PathSegment[]; message: string; prefer: 'key' | 'value' } {
  const path = pathOf(e.instancePath);
  const where = path.length ? path.join('.') : 'the file';
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String((e.params as { additionalProperty: string }).additionalProperty);
      return { path: [...path, field], message: `unknown field "${[...path, field].join('.')}" in .kube-rehearsal.yaml`, prefer: 'key' };
    }
    case 'required':
      return { path, message: `${where}: missing required field "${(e.params as { missingProperty: string }).missingProperty}"`, prefer: 'key' };
    case 'type':
      return { path, message: `${where}: expected ${(e.params as { type: string }).type}`, prefer: 'value' };
    case 'enum':
      return { path, message: `${where}: expected one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`, prefer: 'value' };
    default:
      return { path, message: `${where}: ${e.message ?? 'invalid value'}`, prefer: 'value' };
  }
}

export function checkWorkspaceConfig(file: YamlFile): Finding[] {
  const out: Finding[] = [];
  for (const doc of file.docs) {
    if (doc.empty || doc.value === undefined) continue;
    const v = validator();
    // The target version is read as the checker and the CLI read it (YAML's 1.30-as-1.3 included).
    const target = doc.value && typeof doc.value === 'object' && 'targetVersion' in doc.value ? parseKubernetesVersion((doc.value as { targetVersion: unknown }).targetVersion) : undefined;
    if (target && 'problem' in target) out.push({ range: rangeForPath(file, doc, ['targetVersion'], 'value'), severity: 'error', code: WORKSPACE_CONFIG_CODE, message: `targetVersion: ${target.problem}` });
    if (v(doc.value)) continue;
    const seen = new Set<string>();
    for (const e of v.errors ?? []) {
      // anyOf/oneOf branches repeat the same complaint; one finding per place and message is enough.
      const d = describe(e);
      const key = `${d.path.join('.')}|${d.message}`;
      if (seen.has(key) || e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
      seen.add(key);
      out.push({ range: rangeForPath(file, doc, d.path, d.prefer), severity: 'error', code: WORKSPACE_CONFIG_CODE, message: d.message });
    }
  }
  return out;
}

/**
 * The checks a repository asks for in its `.kube-rehearsal.yaml` (`profile`, `rules`): the file
 * nearest the workspace root wins. Read from the parsed file (data only); wrong shapes are ignored
 * here and reported by checkWorkspaceConfig.
 */
export function workspaceRuleConfig(files: readonly YamlFile[]): { profile?: Profile; rules: Record<string, RuleLevel> } {
  let best: YamlFile | undefined;
  for (const f of files) {
    if (!isWorkspaceConfigFile(f.uri)) continue;
    if (!best || f.uri.split('/').length < best.uri.split('/').length) best = f;
  }
  const value = best?.docs[0]?.value as Record<string, unknown> | undefined;
  if (!value || typeof value !== 'object') return { rules: {} };
  const profile = (PROFILES as readonly unknown[]).includes(value.profile) ? (value.profile as Profile) : undefined;
  return { ...(profile ? { profile } : {}), rules: ruleLevels(value.rules) };
}
