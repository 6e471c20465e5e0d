import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import configSchema from '../../../schemas/kube-rehearsal-config.json';
import type { Finding } from './findings';
import { localizable, msg, type MessageId, type MessageRef } from './messages';
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

/** The keywords whose complaint says only the bound that was crossed. */
const LIMIT_MESSAGES: Record<string, MessageId> = {
  exclusiveMinimum: 'config.exclusive-minimum',
  maximum: 'config.maximum',
  minLength: 'config.min-length',
  maxLength: 'config.max-length',
  minItems: 'config.min-items',
  maxItems: 'config.max-items',
  minProperties: 'config.min-properties',
};

/** Ajv's complaint for the keywords the config schema uses, as a catalogued message (its own text otherwise). */
function detail(e: ErrorObject): string | MessageRef {
  const p = e.params as Record<string, unknown>;
  const limit = String(p.limit);
  switch (e.keyword) {
    case 'minimum':
      return msg(p.comparison === '>' ? 'config.exclusive-minimum' : 'config.minimum', { limit });
    case 'pattern':
      return msg('config.pattern', { pattern: String(p.pattern) });
    case 'uniqueItems':
      return msg('config.unique-items', { a: String(p.j), b: String(p.i) });
    default:
      return Object.hasOwn(LIMIT_MESSAGES, e.keyword) ? msg(LIMIT_MESSAGES[e.keyword], { limit }) : (e.message ?? 'invalid value');
  }
}

const TYPE_WORDS: Record<string, MessageRef> = {
  integer: msg('type.integer'),
  number: msg('type.number'),
  string: msg('type.string'),
  boolean: msg('type.boolean'),
  object: msg('type.object'),
  array: msg('type.array'),
};

function describe(e: ErrorObject): { path: PathSegment[]; message: MessageRef; prefer: 'key' | 'value' } {
  const path = pathOf(e.instancePath);
  const where = path.length ? path.join('.') : msg('config.the-file');
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String((e.params as { additionalProperty: string }).additionalProperty);
      return { path: [...path, field], message: msg('config.unknown-field', { field: [...path, field].join('.') }), prefer: 'key' };
    }
    case 'required':
      return { path, message: msg('config.missing-field', { where, field: (e.params as { missingProperty: string }).missingProperty }), prefer: 'key' };
    case 'type': {
      const type = String((e.params as { type: string }).type);
      return { path, message: msg('config.expected-type', { where, type: TYPE_WORDS[type] ?? type }), prefer: 'value' };
    }
    case 'enum':
      return { path, message: msg('config.expected-one-of', { where, values: ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ') }), prefer: 'value' };
    default:
      return { path, message: msg('config.invalid', { where, detail: detail(e) }), prefer: 'value' };
  }
}

export function checkWorkspaceConfig(file: YamlFile): Finding[] {
  const out: Finding[] = [];
  for (const doc of file.docs) {
    if (doc.empty || doc.value === undefined) continue;
    const v = validator();
    // The target version is read as the checker and the CLI read it (YAML's 1.30-as-1.3 included).
    const target = doc.value && typeof doc.value === 'object' && 'targetVersion' in doc.value ? parseKubernetesVersion((doc.value as { targetVersion: unknown }).targetVersion) : undefined;
    if (target && 'problem' in target) out.push({ range: rangeForPath(file, doc, ['targetVersion'], 'value'), severity: 'error', code: WORKSPACE_CONFIG_CODE, ...localizable(msg('config.target-version', { problem: target.problemRef })) });
    if (v(doc.value)) continue;
    const seen = new Set<string>();
    for (const e of v.errors ?? []) {
      // anyOf/oneOf branches repeat the same complaint; one finding per place and message is enough.
      const d = describe(e);
      const text = localizable(d.message);
      const key = `${d.path.join('.')}|${text.message}`;
      // A `const` branch of an anyOf (`off` read as false) is explained by its sibling's enum.
      if (seen.has(key) || e.keyword === 'anyOf' || e.keyword === 'oneOf' || (e.keyword === 'const' && e.schemaPath.includes('/anyOf/'))) continue;
      seen.add(key);
      out.push({ range: rangeForPath(file, doc, d.path, d.prefer), severity: 'error', code: WORKSPACE_CONFIG_CODE, ...text });
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
