import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import type { Finding, Range } from '../../server/src/engine/findings';
import { checkFile } from '../../server/src/engine/check';
import { completions } from '../../server/src/engine/editing/completion';
import { hover } from '../../server/src/engine/editing/hover';
import { documentSymbols } from '../../server/src/engine/editing/symbols';
import { foldingRanges } from '../../server/src/engine/editing/folding';
import { definition, references } from '../../server/src/engine/editing/navigation';
import { simulatorImageCatalog } from '../../server/src/engine/editing/imageCatalog';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { LineIndex } from '../../server/src/engine/yaml/lineIndex';
import { parseYamlFile, type YamlFile } from '../../server/src/engine/yaml/documents';

/**
 * Shared pieces of the robustness suite: the inputs (fixtures, ../shared/corpora), mutations of
 * them, and one function that drives every engine feature over a file and checks the invariants.
 *
 * Property tests use fixed seeds so CI is reproducible. To search harder locally, raise the runs:
 *   KR_FUZZ_RUNS=2000 KR_FUZZ_SEED=$RANDOM node scripts/run-tests.mjs test/robustness
 * A failure prints the seed and the shrunk counterexample; re-run with that seed to reproduce.
 */

export const ROOT = join(__dirname, '..', '..');
export const SHARED_CORPORA = join(ROOT, '..', 'shared', 'corpora');
export const sharedPresent = existsSync(SHARED_CORPORA);

export function fuzzRuns(defaultRuns: number): number {
  const n = Number(process.env.KR_FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : defaultRuns;
}

export function fuzzSeed(defaultSeed: number): number {
  const n = Number(process.env.KR_FUZZ_SEED);
  return Number.isInteger(n) ? n : defaultSeed;
}

export interface Sample {
  path: string;
  text: string;
}

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'pathological') continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ya?ml|json)$/i.test(name)) out.push(p);
  }
  return out;
}

/** Every manifest-like file of the fixtures (not the pathological ones, which have their own tests). */
export function fixtureSamples(): Sample[] {
  return walk(join(ROOT, 'test-fixtures'), []).map((p) => ({ path: relative(ROOT, p), text: readFileSync(p, 'utf8') }));
}

/** Every manifest-like file of ../shared/corpora, or [] when it is absent. */
export function corpusSamples(): Sample[] {
  if (!sharedPresent) return [];
  return walk(SHARED_CORPORA, [])
    .filter((p) => statSync(p).size < 512 * 1024)
    .map((p) => ({ path: relative(SHARED_CORPORA, p), text: readFileSync(p, 'utf8') }));
}

// ---------------------------------------------------------------------------
// Mutations: the edits a person makes half-way through typing, and some a person never makes.

const NOISE = [':', ': ', '-', '- ', ' ', '  ', '\t', '\n', '\r\n', '\r', '{', '}', '[', ']', '&a ', '*a', '|', '>-', '"', "'", '#', '---\n', '...\n', '{{ .Values.x }}', '?', '!!str ', '%YAML 1.2\n', '\uFEFF', '\u0000', 'é', '😀', '\uD800', 'apiVersion: v1\n', 'kind: Pod\n'];

export type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicateLine'; line: number }
  | { op: 'dropLine'; line: number }
  | { op: 'indent'; line: number; by: number }
  | { op: 'truncate'; at: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...NOISE), fc.string({ maxLength: 6 })) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('duplicateLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('dropLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

export function applyMutation(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const at = (n: number) => (text.length === 0 ? 0 : n % (text.length + 1));
  const line = (n: number) => n % Math.max(1, lines.length);
  switch (m.op) {
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.length);
    case 'duplicateLine':
      lines.splice(line(m.line), 0, lines[line(m.line)]);
      return lines.join('\n');
    case 'dropLine':
      lines.splice(line(m.line), 1);
      return lines.join('\n');
    case 'indent': {
      const i = line(m.line);
      lines[i] = m.by >= 0 ? ' '.repeat(m.by) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-m.by}}`), '');
      return lines.join('\n');
    }
    case 'truncate':
      return text.slice(0, at(m.at));
  }
}

// ---------------------------------------------------------------------------
// Invariants

/** The range lies inside the document: ordered, on existing lines, within each line's length. */
export function assertRangeInside(text: string, lines: LineIndex, r: Range, what: string): void {
  const lineCount = lines.positionAt(text.length).line + 1;
  for (const p of [r.start, r.end]) {
    assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0, `${what}: bad position ${JSON.stringify(p)}`);
    assert.ok(p.line < lineCount, `${what}: line ${p.line} is past the last line ${lineCount - 1}`);
    const len = lines.lineEnd(p.line) - lines.offsetAt({ line: p.line, character: 0 });
    assert.ok(p.character <= len, `${what}: character ${p.character} is past the end (${len}) of line ${p.line}`);
  }
  const before = r.end.line < r.start.line || (r.end.line === r.start.line && r.end.character < r.start.character);
  assert.ok(!before, `${what}: range ends before it starts ${JSON.stringify(r)}`);
}

/** A hang detector, not a speed assertion: a call that takes this long is stuck, not slow. */
export const HANG_MS = 30_000;

export function bounded<T>(what: string, fn: () => T): T {
  const started = Date.now();
  const out = fn();
  const took = Date.now() - started;
  assert.ok(took < HANG_MS, `${what} took ${took} ms: treated as a hang`);
  return out;
}

import { applyEdits as applyTextEdits } from '../support/edits';

export { applyTextEdits };

const images = simulatorImageCatalog();

export interface ExerciseOptions {
  /** Positions asked for completion and hover: every position up to this many, else an even sample. */
  maxPositions?: number;
  /** Apply every offered fix and re-parse the result. */
  fixes?: boolean;
}

/**
 * Runs every engine feature an editor calls over one file (with the other files as its
 * workspace) and checks the invariants: nothing throws, nothing hangs, every range is inside
 * the document, every fix applies to text that still parses. Returns the findings.
 */
export function exerciseFile(file: YamlFile, index: WorkspaceIndex, opts: ExerciseOptions = {}): Finding[] {
  const where = file.uri;
  const findings = bounded(`checkFile ${where}`, () => checkFile(file, { index }));
  for (const f of findings) {
    assertRangeInside(file.text, file.lines, f.range, `${where} finding ${f.code}`);
    assert.equal(typeof f.message, 'string');
    assert.ok(f.message.length > 0, `${where}: empty message for ${f.code}`);
  }
  const env = { index, images };
  const maxPositions = opts.maxPositions ?? 400;
  const total = file.text.length + 1;
  const stride = total <= maxPositions ? 1 : Math.ceil(total / maxPositions);
  for (let off = 0; off < total; off += stride) {
    // No editor puts the cursor between the \r and \n of one line break.
    if (file.text.charCodeAt(off - 1) === 13 && file.text.charCodeAt(off) === 10) continue;
    const pos = file.lines.positionAt(off);
    const list = bounded(`completion ${where} ${off}`, () => completions(file, pos, env));
    assert.ok(Array.isArray(list.items), `${where}: completion at ${off} has no items array`);
    for (const item of list.items) {
      assertRangeInside(file.text, file.lines, item.textEdit.range, `${where} completion "${item.label}" at ${off}`);
      for (const e of item.additionalTextEdits ?? []) assertRangeInside(file.text, file.lines, e.range, `${where} completion extra edit at ${off}`);
    }
    const h = bounded(`hover ${where} ${off}`, () => hover(file, pos, env));
    if (h?.range) assertRangeInside(file.text, file.lines, h.range, `${where} hover at ${off}`);
    if (off % (stride * 8) === 0) {
      for (const l of bounded(`definition ${where} ${off}`, () => definition(file, pos, index))) if (l.uri === file.uri) assertRangeInside(file.text, file.lines, l.range, `${where} definition`);
      bounded(`references ${where} ${off}`, () => references(file, pos, index));
    }
  }
  const symbols = bounded(`documentSymbols ${where}`, () => documentSymbols(file));
  const visit = (s: (typeof symbols)[number]): void => {
    assertRangeInside(file.text, file.lines, s.range, `${where} symbol ${s.name}`);
    assertRangeInside(file.text, file.lines, s.selectionRange, `${where} symbol selection ${s.name}`);
    for (const c of s.children ?? []) visit(c);
  };
  symbols.forEach(visit);
  const lineCount = file.lines.positionAt(file.text.length).line + 1;
  for (const r of bounded(`foldingRanges ${where}`, () => foldingRanges(file))) {
    assert.ok(r.startLine >= 0 && r.startLine <= r.endLine && r.endLine < lineCount, `${where}: folding range ${JSON.stringify(r)} outside the document`);
  }
  if (opts.fixes !== false) {
    const hadSyntaxError = findings.some((f) => f.code === 'yaml-syntax');
    for (const f of findings) {
      for (const fix of f.fixes ?? []) {
        for (const e of fix.edits) assertRangeInside(file.text, file.lines, e.range, `${where} fix "${fix.title}"`);
        const fixed = applyTextEdits(file.text, fix.edits);
        const after = parseYamlFile(file.uri, fixed);
        if (!hadSyntaxError) {
          const broken = checkFile(after).filter((x) => x.code === 'yaml-syntax');
          assert.deepEqual(broken.map((x) => x.message), [], `${where}: fix "${fix.title}" for ${f.code} made the YAML unreadable:\n${fixed}`);
        }
      }
    }
  }
  return findings;
}

/** A workspace index over the given files. */
export function indexOf(files: YamlFile[]): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const f of files) index.update(f);
  return index;
}

/** Every path of a value (objects and arrays), root excluded. */
export function paths(v: unknown): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: { v: unknown; p: (string | number)[] }[] = [{ v, p: [] }];
  while (stack.length) {
    const { v: x, p } = stack.pop()!;
    if (p.length) out.push(p);
    if (Array.isArray(x)) x.forEach((y, i) => stack.push({ v: y, p: [...p, i] }));
    else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) stack.push({ v: y, p: [...p, k] });
  }
  return out;
}

/** Sets a copy of `value` at `path` of `root` (the path exists). */
export function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  let v = root as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) v = v[seg] as Record<string | number, unknown>;
  v[path[path.length - 1]] = structuredClone(value);
}
