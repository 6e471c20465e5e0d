import type { CelEnv, CelResult } from '@bufbuild/cel';
import type { Path, ValidationRule } from './definition';
import { formatPath, typeName, type CompiledNode, type RuleSite } from './structural';

/**
 * `x-kubernetes-validations` (CEL) rules, evaluated with @bufbuild/cel.
 *
 * Values are handed to CEL as the API server types them: integral numbers as `int`, numbers in
 * `type: number` fields as `double`. A rule that uses a function this evaluator does not have
 * (most of the Kubernetes CEL library: quantity(), url(), isSorted(), ...) cannot be evaluated:
 * it is reported once per rule as not evaluated, never as a failure. Transition rules (those
 * that read `oldSelf`) are evaluated only when an old object exists (an update in the dry run).
 */

export type RuleOutcome =
  | { type: 'failed'; path: Path; message: string }
  | { type: 'not-evaluated'; path: Path; rule: string; reason: string; /** The type a rule returned instead of a boolean. */ returned?: string };

type Program = ((ctx: Record<string, unknown>) => CelResult) | { error: string };

/**
 * The CEL library, loaded on the first rule evaluated: it builds its protobuf type registry when
 * loaded (about 14 MB of resident memory), and most workspaces have no CRD with CEL rules.
 */
type CelLibrary = typeof import('@bufbuild/cel') & { strings: typeof import('@bufbuild/cel/ext').strings };
let library: CelLibrary | undefined;
function cel(): CelLibrary {
  library ??= { ...(require('@bufbuild/cel') as typeof import('@bufbuild/cel')), strings: (require('@bufbuild/cel/ext') as typeof import('@bufbuild/cel/ext')).strings };
  return library;
}

let env: CelEnv | undefined;
const programs = new Map<string, Program>();
const PROGRAM_CACHE_LIMIT = 5000;

function getEnv(): CelEnv {
  env ??= cel().celEnv({ funcs: cel().strings });
  return env;
}

function program(expr: string): Program {
  let p = programs.get(expr);
  if (!p) {
    try {
      p = cel().plan(getEnv(), cel().parse(expr)) as (ctx: Record<string, unknown>) => CelResult;
    } catch (e) {
      p = { error: e instanceof Error ? e.message : String(e) };
    }
    if (programs.size >= PROGRAM_CACHE_LIMIT) programs.clear();
    programs.set(expr, p);
  }
  return p;
}

/** Errors that mean "this evaluator cannot run the rule", not "the object breaks it". */
function isUnsupported(message: string): boolean {
  return /unbound function|no matching overload|unsupported|unknown (?:type|function)|not implemented|undeclared reference/i.test(message);
}

/** A value as CEL sees it: integral numbers become int unless the schema says number. */
export function toCel(value: unknown, node: CompiledNode | undefined): unknown {
  if (typeof value === 'number') return Number.isInteger(value) && node?.type !== 'number' ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map((x) => toCel(x, node?.items));
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const out = new Map<string, unknown>();
    for (const [k, v] of Object.entries(value)) out.set(k, toCel(v, node?.properties?.get(k) ?? node?.additional));
    return out;
  }
  return value;
}

function readsOldSelf(rule: string): boolean {
  return /\boldSelf\b/.test(rule);
}

function run(expr: string, bindings: Record<string, unknown>): { value?: unknown; error?: string } {
  const p = program(expr);
  if ('error' in p) return { error: p.error };
  try {
    const r = p(bindings);
    if (cel().isCelError(r)) return { error: r.message };
    return { value: r };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** `.spec.replicas` or `.items[0]` (a rule's fieldPath) as path segments below the rule's node. */
function fieldPathSegments(fieldPath: string | undefined): Path {
  if (!fieldPath) return [];
  const out: Path = [];
  const re = /\.([A-Za-z0-9_-]+)|\[(\d+)\]|\['([^']*)'\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(fieldPath))) out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]));
  return out;
}

/** Evaluates every rule site collected by the structural walk. */
export function evaluateRules(sites: readonly RuleSite[]): RuleOutcome[] {
  const out: RuleOutcome[] = [];
  for (const site of sites) {
    let self: unknown;
    let oldSelf: unknown;
    for (const rule of site.node.rules) {
      const transition = readsOldSelf(rule.rule);
      if (transition && !site.hasOld) continue;
      self ??= toCel(site.value, site.node);
      const bindings: Record<string, unknown> = { self };
      if (transition) bindings.oldSelf = oldSelf ??= toCel(site.oldValue, site.node);
      const r = run(rule.rule, bindings);
      if (r.error !== undefined) {
        if (isUnsupported(r.error)) {
          out.push({ type: 'not-evaluated', path: site.path, rule: rule.rule, reason: r.error });
          continue;
        }
        out.push({ type: 'failed', path: site.path, message: `${pathLabel(site.path)}: Invalid value: ${JSON.stringify(site.node.type ?? typeName(site.value))}: ${k8sError(r.error)} evaluating rule: ${rule.rule}` });
        continue;
      }
      if (r.value === true) continue;
      if (r.value !== false) {
        out.push({ type: 'not-evaluated', path: site.path, rule: rule.rule, reason: `the rule returned ${typeof r.value}, not a boolean`, returned: typeof r.value });
        continue;
      }
      out.push(failure(rule, site, bindings));
    }
  }
  return out;
}

function pathLabel(path: Path): string {
  return formatPath(path) || '<nil>';
}

/** The evaluator's error texts in the API server's words where they differ. */
function k8sError(message: string): string {
  const m = /^field not found: (.*)$/.exec(message);
  return m ? `no such key: ${m[1]}` : message;
}

function failure(rule: ValidationRule, site: RuleSite, bindings: Record<string, unknown>): RuleOutcome {
  const path = [...site.path, ...fieldPathSegments(rule.fieldPath)];
  let message = rule.message && rule.message.trim() ? rule.message : `failed rule: ${rule.rule}`;
  if (rule.messageExpression) {
    // A messageExpression that fails or is not a non-empty string falls back to message (as the API server does).
    const m = run(rule.messageExpression, bindings);
    if (typeof m.value === 'string' && m.value.trim() && !m.value.includes('\n')) message = m.value;
  }
  const at = pathLabel(path);
  const reason = rule.reason;
  if (reason === 'FieldValueRequired') return { type: 'failed', path, message: `${at}: Required value: ${message}` };
  if (reason === 'FieldValueForbidden') return { type: 'failed', path, message: `${at}: Forbidden: ${message}` };
  if (reason === 'FieldValueDuplicate') return { type: 'failed', path, message: `${at}: Duplicate value: ${message}` };
  // The API server shows the schema type, not the value: `spec: Invalid value: "object": ...`.
  return { type: 'failed', path, message: `${at}: Invalid value: ${JSON.stringify(site.node.type ?? typeName(site.value))}: ${message}` };
}
