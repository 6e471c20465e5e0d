import Ajv, { type ValidateFunction } from 'ajv';
import { DEFINITIONS, deref, schemaAtPath, type JsonSchema } from './registry';
import type { PathSegment } from '../yaml/documents';
import { drain, ITEMS_PER_STEP, type Steps } from '../steps';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { linearErrorAppends } = require('./linearErrors') as { linearErrorAppends: (source: string) => string };

/**
 * Structural validation of one object against a bundled definition, with ajv.
 * Validators are compiled lazily, once per definition, and cached; the definitions are added to
 * ajv once. Nothing here touches the network (there are no remote $refs in the bundled schemas).
 */

export type SchemaIssue =
  | { type: 'unknown-field'; path: PathSegment[]; field: string; allowed: string[] }
  | { type: 'missing-field'; path: PathSegment[]; field: string }
  | { type: 'wrong-type'; path: PathSegment[]; expected: string[]; found: unknown }
  | { type: 'not-in-enum'; path: PathSegment[]; allowed: unknown[]; found: unknown };

const DEFINITIONS_ID = 'k8s-definitions';
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

interface PregeneratedModule {
  definitionsCount: number;
  definitionNames: string[];
  [exportName: string]: unknown;
}

/**
 * Validators generated at build time (scripts/gen-validators.mjs, bundled by esbuild) for the
 * creatable kinds, so a cold start does not spend a second compiling them. Absent when run from
 * source before a build; ignored if generated from a different set of definitions.
 */
function loadPregenerated(): Map<string, ValidateFunction> {
  const out = new Map<string, ValidateFunction>();
  let mod: PregeneratedModule | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('./generated/validators') as PregeneratedModule;
  } catch {
    return out;
  }
  if (mod.definitionsCount !== Object.keys(DEFINITIONS).length) return out;
  mod.definitionNames.forEach((name, i) => {
    const fn = mod[`v${i}`];
    if (typeof fn === 'function') out.set(name, fn as ValidateFunction);
  });
  return out;
}
let pregenerated: Map<string, ValidateFunction> | undefined;

function getAjv(): Ajv {
  if (!ajv) {
    // code.optimize off: the generated code is ~30% cheaper to compile (a cold start compiles large
    // definitions) and validates the same way.
    ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false, inlineRefs: false, code: { optimize: false, process: linearErrorAppends } });
    ajv.addSchema({ $id: DEFINITIONS_ID, definitions: DEFINITIONS });
  }
  return ajv;
}

export function validatorFor(definition: string): ValidateFunction {
  let v = validators.get(definition);
  if (!v) {
    pregenerated ??= loadPregenerated();
    v = pregenerated.get(definition) ?? getAjv().compile({ $ref: `${DEFINITIONS_ID}#/definitions/${definition}` });
    validators.set(definition, v);
  }
  return v;
}

/** Whether a build-time validator exists for this definition (tests compare it with a runtime compile). */
export function hasPregenerated(definition: string): boolean {
  pregenerated ??= loadPregenerated();
  return pregenerated.has(definition);
}

/** A validator compiled now by ajv, bypassing the build-time ones and the cache (for tests). */
export function compileAtRuntime(definition: string): ValidateFunction {
  return getAjv().compile({ $ref: `${DEFINITIONS_ID}#/definitions/${definition}` });
}

/** Definitions compiled so far (for tests and diagnostics of the cache). */
export function compiledDefinitions(): string[] {
  return [...validators.keys()];
}

export interface ValidateOptions {
  /** A strategic-merge patch: `$`-directives are allowed and required fields may be absent. */
  patch?: boolean;
}

/**
 * The value as the API server decodes it: a `null` field means "not set", so it is dropped
 * (kubectl accepts `creationTimestamp: null`); patch directives are dropped for patches.
 * Copy on write: a subtree with nothing to drop is returned as is (most documents have none),
 * so validation does not copy every document. Callers must not mutate the result.
 */
export function normalizeForValidation(value: unknown, patch: boolean): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const n = normalizeForValidation(item, patch);
      if (n !== item && !out) out = value.slice(0, i);
      if (out) out.push(n);
    }
    return out ?? value;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const record = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const k in record) {
      if (!Object.prototype.hasOwnProperty.call(record, k)) continue;
      const v = record[k];
      const drop = v === null || v === undefined || (patch && k.startsWith('$'));
      const n = drop ? undefined : normalizeForValidation(v, patch);
      // An own `__proto__` key is copied by assignment as before (it sets the copy's prototype).
      if (!out && (drop || n !== v || k === '__proto__')) out = copyKeysBefore(record, k);
      if (out && !drop) out[k] = n;
    }
    return out ?? value;
  }
  return value;
}

/** A copy of the entries of `record` that come before key `stop` (the prefix already known to be unchanged). */
function copyKeysBefore(record: Record<string, unknown>, stop: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in record) {
    if (k === stop) break;
    if (Object.prototype.hasOwnProperty.call(record, k)) out[k] = record[k];
  }
  return out;
}

interface Located {
  path: PathSegment[];
  at: unknown;
}

/** One step down from `from` by a decoded pointer segment: array indexes become numbers. */
function stepInto(from: Located, seg: string): Located {
  const cur = from.at;
  if (Array.isArray(cur)) {
    const i = Number(seg);
    return { path: [...from.path, i], at: cur[i] };
  }
  return { path: [...from.path, seg], at: cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined };
}

/**
 * JSON pointers into `value` to path segments (array indexes as numbers) and the value there. ajv
 * reports errors in the order it walks the value, so a pointer mostly shares its start with the
 * previous one: the nodes along the previous pointer are kept (with where each one's segment ends),
 * and the next is walked down from the deepest one they have in common. 60,000 errors under one
 * list (`/spec/containers/0/env/N/valueFrom`) take two steps each, not six. No recursion (pointers
 * are as deep as the input).
 */
function pathResolver(value: unknown): (pointer: string) => Located {
  // chain[k]: the node after the first k segments of `last`; ends[k]: where its prefix ends in `last`.
  const chain: Located[] = [{ path: [], at: value }];
  const ends: number[] = [0];
  let last = '';
  return (pointer) => {
    // The deepest node of the previous pointer whose prefix (ending at a `/` or the end) this one shares.
    let k = 0;
    const limit = Math.min(pointer.length, last.length);
    let same = 0;
    while (same < limit && pointer.charCodeAt(same) === last.charCodeAt(same)) same++;
    while (k + 1 < ends.length && ends[k + 1] <= same && (ends[k + 1] === pointer.length || pointer.charCodeAt(ends[k + 1]) === 47 /* / */)) k++;
    chain.length = k + 1;
    ends.length = k + 1;
    let at = ends[k];
    while (at < pointer.length) {
      const next = pointer.indexOf('/', at + 1);
      const segEnd = next < 0 ? pointer.length : next;
      let seg = pointer.slice(at + 1, segEnd);
      if (seg.includes('~')) seg = seg.replace(/~1/g, '/').replace(/~0/g, '~');
      chain.push(stepInto(chain[chain.length - 1], seg));
      ends.push(segEnd);
      at = segEnd;
    }
    last = pointer;
    const found = chain[chain.length - 1];
    // Each issue gets a path of its own (the chain's nodes are reused by the next pointer).
    return { path: found.path.slice(), at: found.at };
  };
}

function allowedProperties(definition: string, path: PathSegment[]): string[] {
  return Object.keys(deref(schemaAtPath(definition, path))?.properties ?? {});
}

/** Every keyword the reasoning in `droppingNullsKeepsValid` accounts for. */
const KNOWN_KEYWORDS = new Set(['$ref', 'type', 'format', 'required', 'properties', 'additionalProperties', 'items', 'enum', 'default', 'description']);
let nullsDropSafely: boolean | undefined;

/**
 * Whether a value valid as written is still valid once normalized. Normalizing only drops fields
 * (null ones, and `$` directives of patches), and with the keywords the bundled schemas use a
 * dropped field can only break `required`; so it holds when no required property accepts null
 * (a null there already fails its type). Checked once over the definitions.
 */
export function droppingNullsKeepsValid(): boolean {
  if (nullsDropSafely !== undefined) return nullsDropSafely;
  const resolve = (s: JsonSchema | undefined): JsonSchema | undefined => {
    let cur = s;
    for (let i = 0; cur?.$ref && i < 32; i++) cur = DEFINITIONS[cur.$ref.replace('#/definitions/', '')];
    return cur;
  };
  const rejectsNull = (s: JsonSchema | undefined): boolean => {
    const r = resolve(s);
    if (!r || r.$ref) return false;
    if (r.enum) return !r.enum.includes(null);
    if (r.type === undefined) return false;
    return !(Array.isArray(r.type) ? r.type : [r.type]).includes('null');
  };
  const seen = new Set<JsonSchema>();
  const safe = (s: JsonSchema): boolean => {
    if (seen.has(s)) return true;
    seen.add(s);
    for (const k of Object.keys(s)) if (!KNOWN_KEYWORDS.has(k) && !k.startsWith('x-kubernetes-')) return false;
    if (!(s.required ?? []).every((p) => rejectsNull(s.properties?.[p]))) return false;
    if (!Object.values(s.properties ?? {}).every(safe)) return false;
    if (s.items && !safe(s.items)) return false;
    return typeof s.additionalProperties !== 'object' || safe(s.additionalProperties);
  };
  return (nullsDropSafely = Object.values(DEFINITIONS).every(safe));
}

export function validateObject(definition: string, value: unknown, options: ValidateOptions = {}): SchemaIssue[] {
  return drain(validateObjectSteps(definition, value, options));
}

/**
 * validateObject in steps (steps.ts): ajv's run is one step, its errors are read ITEMS_PER_STEP
 * at a time (a Pod with 60,000 wrong env entries has as many errors).
 */
export function* validateObjectSteps(definition: string, value: unknown, options: ValidateOptions = {}): Steps<SchemaIssue[]> {
  if (!DEFINITIONS[definition]) return [];
  const patch = options.patch ?? false;
  const validate = validatorFor(definition);
  // Most documents are valid as written: they need no normalized copy (nor the walk that makes it).
  const valid = droppingNullsKeepsValid() && validate(value);
  if (valid) return [];
  // A large invalid document (60,000 wrong env entries) takes a while per pass: a pause between them.
  yield;
  const normalized = normalizeForValidation(value, patch);
  // Nothing dropped: the errors of the run above are those of the normalized value (one ajv run, not two).
  if (normalized !== value || !droppingNullsKeepsValid()) {
    yield;
    if (validate(normalized)) return [];
  }
  const errors = validate.errors ?? [];
  yield;
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  const toPath = pathResolver(normalized);
  for (let e = 0; e < errors.length; e++) {
    if (e % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    const err = errors[e];
    const { path, at } = toPath(err.instancePath);
    let issue: SchemaIssue | undefined;
    switch (err.keyword) {
      case 'additionalProperties': {
        const field = String((err.params as { additionalProperty: string }).additionalProperty);
        issue = { type: 'unknown-field', path: [...path, field], field, allowed: allowedProperties(definition, path) };
        break;
      }
      case 'required': {
        if (patch) break;
        const field = String((err.params as { missingProperty: string }).missingProperty);
        issue = { type: 'missing-field', path, field };
        break;
      }
      case 'type': {
        const t = (err.params as { type: string | string[] }).type;
        issue = { type: 'wrong-type', path, expected: Array.isArray(t) ? t : String(t).split(','), found: at };
        break;
      }
      case 'enum': {
        issue = { type: 'not-in-enum', path, allowed: (err.params as { allowedValues: unknown[] }).allowedValues, found: at };
        break;
      }
      default:
        // The bundled schemas use only the keywords above; anything else is reported as a type issue.
        break;
    }
    if (!issue) continue;
    // The pointer names the path (one pointer, one path: toPath is a function of it).
    const key = `${issue.type}|${err.instancePath}|${'field' in issue ? issue.field : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}
