import type { Finding, Fix, Range, TextEdit } from '../findings';
import { renderMessage, type MessageRef } from '../messages';
import { rangeForPath, valueRange, type PathSegment } from '../yaml/documents';
import { notePositionRead, type IndexedObject } from '../workspace/index';
import type { Rule, RuleContext } from './index';

/** Shared plumbing for rules: ranges by path, findings with the rule's code and severity. */

export function rangeAt(ctx: RuleContext, path: readonly PathSegment[], prefer: 'key' | 'value' = 'value'): Range {
  return rangeForPath(ctx.file, ctx.doc, path, prefer);
}

export function finding(
  rule: Pick<Rule, 'id' | 'defaultSeverity'>,
  ctx: RuleContext,
  path: readonly PathSegment[],
  message: string | MessageRef,
  extra: { prefer?: 'key' | 'value'; fixes?: Fix[]; related?: Finding['related'] } = {},
): Finding {
  const text = typeof message === 'string' ? message : renderMessage(message);
  const f: Finding = { range: rangeAt(ctx, path, extra.prefer ?? 'value'), severity: rule.defaultSeverity, code: rule.id, message: text, source: 'kube-rehearsal' };
  if (typeof message !== 'string') f.l10n = message;
  if (extra.fixes?.length) f.fixes = extra.fixes;
  if (extra.related?.length) f.related = extra.related;
  return f;
}

/** A related location pointing at `path` in another indexed object. */
export function relatedAt(obj: IndexedObject, path: readonly PathSegment[], message: string | MessageRef): NonNullable<Finding['related']>[number] {
  notePositionRead(obj);
  const range = rangeForPath(obj.file, obj.doc, path, 'value');
  return typeof message === 'string' ? { file: obj.uri, range, message } : { file: obj.uri, range, message: renderMessage(message), l10n: message };
}

/** Replace the scalar value at `path` with `newText` (already YAML-quoted as needed). */
export function replaceValueEdit(ctx: RuleContext, path: readonly PathSegment[], newText: string): TextEdit | undefined {
  const r = valueRange(ctx.file, ctx.doc, path);
  return r ? { range: r, newText } : undefined;
}

/** A YAML scalar for a label key or value: plain when that reads back as the same string. */
export function yamlString(s: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_./-]*$/.test(s) && !/^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/.test(s)) return s;
  return JSON.stringify(s);
}

/** API-server style field path: spec.template.spec.containers[0].name */
export function fieldPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

export function isTemplated(v: unknown): boolean {
  return typeof v === 'string' && v.includes('{{');
}
