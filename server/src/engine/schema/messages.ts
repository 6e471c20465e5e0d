import type { Finding, Fix } from '../findings';
import { fixTitle, localizable, msg, orListRef, renderMessage, type MessageId, type MessageRef } from '../messages';
import { firstKeyOffset, keyRange, rangeForPath, scalarSource, valueRange, type PathSegment, type YamlDoc, type YamlFile } from '../yaml/documents';
import { moveEntryEdits } from '../yaml/moveEntry';
import { deref, schemaAtPath, type JsonSchema } from './registry';
import { suggest } from './didYouMean';
import type { SchemaIssue } from './validate';
import type { CrIssue } from '../../api/crd/structural';
import { drain, ITEMS_PER_STEP, type Steps } from '../steps';

/** Schema issues as findings a person understands: what is expected, where, and what was found. */

export const SCHEMA_CODES = {
  unknownField: 'unknown-field',
  missingField: 'missing-required-field',
  wrongType: 'wrong-type',
  notInEnum: 'value-not-in-enum',
} as const;

/** `spec.template.spec.containers[0].image`, as kubectl prints field paths. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

const TYPE_WORDS: Record<string, MessageId> = {
  integer: 'type.integer',
  number: 'type.number',
  string: 'type.string',
  boolean: 'type.boolean',
  object: 'type.object',
  array: 'type.array',
  null: 'type.null',
};

/** expectedRef's answers by type list: a few lists, asked once per wrong value (60,000 times for as many wrong entries). Never changed once made. */
const expectedRefs = new Map<string, string | MessageRef>();

/** What a schema type list asks for, as words ("an integer or a string (e.g. ...)"). */
export function expectedRef(types: readonly string[]): string | MessageRef {
  const key = types.join('\n');
  let ref = expectedRefs.get(key);
  if (ref === undefined) expectedRefs.set(key, (ref = expectedRefUncached(types)));
  return ref;
}

function expectedRefUncached(types: readonly string[]): string | MessageRef {
  const t = [...new Set(types)];
  if (t.includes('integer') && t.includes('string')) return msg('type.int-or-string');
  if (t.includes('string') && t.includes('number')) return msg('type.quantity');
  const words = t.map((x): string | MessageRef => (TYPE_WORDS[x] ? msg(TYPE_WORDS[x]) : x));
  return words.reduce((a, b) => msg('type.either', { a, b }));
}

export function describeExpected(types: readonly string[]): string {
  const r = expectedRef(types);
  return typeof r === 'string' ? r : renderMessage(r);
}

/** What was found instead, as words ("the string \"80\""). */
export function foundRef(value: unknown): MessageRef {
  if (value === null || value === undefined) return msg('found.nothing');
  if (Array.isArray(value)) return msg('found.list');
  if (value instanceof Date) return msg('found.timestamp');
  switch (typeof value) {
    case 'string':
      return msg('found.string', { value: JSON.stringify(value.length > 40 ? value.slice(0, 37) + '...' : value) });
    case 'number':
      return msg(Number.isInteger(value) ? 'found.number' : 'found.decimal', { value: String(value) });
    case 'boolean':
      return msg('found.boolean', { value: String(value) });
    default:
      return msg('found.map');
  }
}

export function describeFound(value: unknown): string {
  return renderMessage(foundRef(value));
}

function placeholderFor(schemaType: string | string[] | undefined): string {
  const t = Array.isArray(schemaType) ? schemaType[0] : schemaType;
  switch (t) {
    case 'object':
      return '{}';
    case 'array':
      return '[]';
    case 'integer':
    case 'number':
      return '0';
    case 'boolean':
      return 'false';
    default:
      return '""';
  }
}

export interface IssueContext {
  file: YamlFile;
  doc: YamlDoc;
  /** Where the validated object sits in the document (non-empty for items of a List). */
  base: PathSegment[];
  definition: string;
  /** `apps/v1 Deployment`, for messages */
  label: string;
  /** The schema at a path, for objects not described by a bundled definition (custom resources). */
  schemaAt?: (path: readonly PathSegment[]) => JsonSchema | undefined;
}

function schemaIn(ctx: IssueContext, path: readonly PathSegment[]): JsonSchema | undefined {
  return ctx.schemaAt ? ctx.schemaAt(path) : deref(schemaAtPath(ctx.definition, path));
}

/** Where a field could go instead: `labels` under `template` belongs in `template.metadata`. */
function misplacedHint(ctx: IssueContext, parent: readonly PathSegment[], field: string): PathSegment[] | undefined {
  const parentSchema = schemaIn(ctx, parent);
  for (const [name, child] of Object.entries(parentSchema?.properties ?? {})) {
    const c = ctx.schemaAt ? child : deref(child);
    if (c?.properties && field in c.properties) return [...parent, name];
  }
  return undefined;
}

function addFieldFix(ctx: IssueContext, parentAbs: PathSegment[], field: string, placeholder: string): Fix | undefined {
  const offset = firstKeyOffset(ctx.doc, parentAbs);
  if (offset === undefined) return undefined;
  const pos = ctx.file.lines.positionAt(offset);
  return {
    ...fixTitle(msg('fix.add-required-field', { field })),
    edits: [{ range: { start: pos, end: pos }, newText: `${field}: ${placeholder}\n${' '.repeat(pos.character)}` }],
    preferred: true,
  };
}

function valueFix(ctx: IssueContext, abs: PathSegment[], newText: string, title: MessageRef): Fix | undefined {
  const range = valueRange(ctx.file, ctx.doc, abs);
  return range ? { ...fixTitle(title), edits: [{ range, newText }], preferred: true } : undefined;
}

/** Kinds whose pods may have restartPolicy Never or OnFailure (a Deployment's may not: the restart-policy rule). */
const RUN_TO_COMPLETION = new Set(['Pod', 'Job', 'CronJob']);

/**
 * `restartPolicy: Never` written in a container (where only a sidecar's "Always" is accepted) was
 * meant for the pod: the fix moves it to the pod spec, for kinds whose pods accept the value.
 */
function podRestartPolicyMove(ctx: IssueContext, path: readonly PathSegment[], found: unknown): Fix | undefined {
  const n = path.length;
  if (n < 4 || path[n - 1] !== 'restartPolicy' || path[n - 3] !== 'containers' || typeof path[n - 2] !== 'number') return undefined;
  if ((found !== 'Never' && found !== 'OnFailure') || !RUN_TO_COMPLETION.has(ctx.label.split(' ').pop() ?? '')) return undefined;
  const podSpec = [...ctx.base, ...path.slice(0, n - 3)];
  const edits = moveEntryEdits(ctx.file, ctx.doc, [...ctx.base, ...path.slice(0, n - 1)], 'restartPolicy', podSpec);
  return edits ? { ...fixTitle(msg('fix.move-restart-policy')), edits, preferred: true } : undefined;
}

export function issuesToFindings(issues: readonly (SchemaIssue | CrIssue)[], ctx: IssueContext): Finding[] {
  return drain(issuesToFindingsSteps(issues, ctx));
}

/** issuesToFindings in steps (steps.ts), ITEMS_PER_STEP issues at a time. */
export function* issuesToFindingsSteps(issues: readonly (SchemaIssue | CrIssue)[], ctx: IssueContext): Steps<Finding[]> {
  const out: Finding[] = [];
  let done = 0;
  // A misspelt required field shows up twice (unknown + missing): keep only the unknown one.
  const suggestedFor = new Set<string>();
  const unknownFindings: Finding[] = [];
  for (const issue of issues) {
    if (issue.type !== 'unknown-field') continue;
    if (++done % ITEMS_PER_STEP === 0) yield;
    const parent = issue.path.slice(0, -1);
    const abs = [...ctx.base, ...issue.path];
    const ranked = suggest(issue.field, issue.allowed, 3);
    const args = { field: formatPath(issue.path), label: ctx.label };
    let message = msg('unknown-field', args);
    const fixes: Fix[] = [];
    if (ranked.length > 0) {
      message = msg('unknown-field.did-you-mean', { ...args, suggestions: orListRef(ranked.map((s) => s.value)) });
      const range = keyRange(ctx.file, ctx.doc, [...abs.slice(0, -1), issue.field]);
      if (range) {
        for (const s of ranked) fixes.push({ ...fixTitle(msg('fix.rename-field', { name: s.value })), edits: [{ range, newText: s.value }], preferred: fixes.length === 0 });
      }
      suggestedFor.add(`${JSON.stringify(parent)}|${ranked[0].value}`);
    } else {
      const home = misplacedHint(ctx, parent, issue.field);
      if (home) {
        const shown = formatPath(home);
        message = msg('unknown-field.misplaced', { ...args, name: issue.field, home: shown });
        const edits = moveEntryEdits(ctx.file, ctx.doc, [...ctx.base, ...parent], issue.field, [...ctx.base, ...home]);
        if (edits) fixes.push({ ...fixTitle(msg('fix.move-field', { field: issue.field, home: shown })), edits, preferred: true });
      }
      else if (issue.allowed.length > 0 && issue.allowed.length <= 12) message = msg('unknown-field.expected', { ...args, allowed: orListRef(issue.allowed) });
    }
    unknownFindings.push({
      range: rangeForPath(ctx.file, ctx.doc, abs, 'key'),
      severity: 'error',
      code: SCHEMA_CODES.unknownField,
      ...localizable(message),
      fixes: fixes.length ? fixes : undefined,
    });
  }
  for (const f of unknownFindings) out.push(f);

  for (const issue of issues) {
    if (++done % ITEMS_PER_STEP === 0) yield;
    // Read only (the range helpers take readonly paths): no copy when the object is the document.
    const abs = ctx.base.length ? [...ctx.base, ...issue.path] : issue.path;
    const where = formatPath(issue.path);
    switch (issue.type) {
      case 'missing-field': {
        if (suggestedFor.has(`${JSON.stringify(issue.path)}|${issue.field}`)) break;
        const fieldSchema = schemaIn(ctx, [...issue.path, issue.field]);
        const fix = addFieldFix(ctx, abs, issue.field, placeholderFor(fieldSchema?.type));
        const range = abs.length === 0 ? rangeForPath(ctx.file, ctx.doc, [...ctx.base, 'kind'], 'key') : rangeForPath(ctx.file, ctx.doc, abs, 'key');
        out.push({
          range,
          severity: 'error',
          code: SCHEMA_CODES.missingField,
          ...localizable(msg('missing-required-field', { field: issue.field, where: where || ctx.label })),
          fixes: fix ? [fix] : undefined,
        });
        break;
      }
      case 'wrong-type': {
        const fixes: Fix[] = [];
        const args = { where: where || msg('wrong-type.document'), expected: expectedRef(issue.expected), found: foundRef(issue.found) };
        let message = msg('wrong-type', args);
        const scalar = typeof issue.found === 'number' || typeof issue.found === 'boolean';
        if (issue.expected.includes('string') && scalar) {
          const text = scalarSource(ctx.doc, abs) ?? String(issue.found);
          message = msg('wrong-type.quote', { ...args, text });
          const f = valueFix(ctx, abs, JSON.stringify(text), msg('fix.quote-value', { text }));
          if (f) fixes.push(f);
        }
        out.push({
          range: rangeForPath(ctx.file, ctx.doc, abs, 'value'),
          severity: 'error',
          code: SCHEMA_CODES.wrongType,
          ...localizable(message),
          fixes: fixes.length ? fixes : undefined,
        });
        break;
      }
      case 'not-in-enum': {
        const allowed = issue.allowed.map(String);
        const best = typeof issue.found === 'string' ? suggest(issue.found, allowed, 1)[0]?.value : undefined;
        const fix = best ? valueFix(ctx, abs, best, msg('fix.change-value-quoted', { value: best })) : undefined;
        const move = podRestartPolicyMove(ctx, issue.path, issue.found);
        out.push({
          range: rangeForPath(ctx.file, ctx.doc, abs, 'value'),
          severity: 'error',
          code: SCHEMA_CODES.notInEnum,
          ...localizable(msg(best ? 'value-not-in-enum.did-you-mean' : 'value-not-in-enum', { where, allowed: orListRef(allowed.filter((a) => a !== '')), found: foundRef(issue.found), ...(best ? { best } : {}) })),
          fixes: fix || move ? [...(move ? [move] : []), ...(fix ? [fix] : [])] : undefined,
        });
        break;
      }
      default:
        break;
    }
  }
  return out;
}
