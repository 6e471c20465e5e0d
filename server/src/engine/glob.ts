/**
 * Globs of the include/exclude settings (`kubeRehearsal.include`, `kubeRehearsal.exclude`,
 * `files.exclude`, `kubeRehearsal.crds`): `**` (any folders), `*` and `?` (within a segment),
 * `{a,b}` alternatives (nested), `[...]` classes with ranges and `!`/`^` negation.
 *
 * The settings come from the repository (`.vscode/settings.json`), so a glob is hostile input: a
 * backtracking regular expression of `*a*a*a*a*a*a*a*a*b` takes exponential time on a long name.
 * A glob is compiled to a nondeterministic automaton and run over the path with a set of states
 * (the sets met are remembered, a lazily built DFA), so a match costs at most (path length x glob
 * length) steps whatever the pattern, and one lookup per character once warm.
 */

/** Longer globs are rejected as invalid (they are not file patterns, and this bounds the automaton). */
export const MAX_GLOB_LENGTH = 1000;

export class GlobError extends Error {}

type Pred = (c: number) => boolean;

/** An automaton state: a character test with one successor, an epsilon split, or the match. */
interface State {
  pred?: Pred;
  out: number[];
  match?: boolean;
}

const SLASH = 0x2f;
const notSlash: Pred = (c) => c !== SLASH;
const any: Pred = () => true;

export interface GlobMatcher {
  readonly glob: string;
  /** Does the whole string match? */
  test(s: string): boolean;
  /** Does the string up to some `/` match (a folder that holds the path)? */
  matchesFolderOf(s: string): boolean;
}

/** Parsed glob (a sequence of items; an alternative holds sequences). */
type Item =
  | { t: 'pred'; p: Pred }
  | { t: 'star' }
  | { t: 'globstar' }
  | { t: 'globstarSlash' }
  | { t: 'alt'; branches: Item[][] };

function parse(glob: string): Item[] {
  if (glob.length > MAX_GLOB_LENGTH) throw new GlobError(`longer than ${MAX_GLOB_LENGTH} characters`);
  // An explicit stack instead of recursion: nesting depth never grows the call stack.
  const stack: { seq: Item[]; branches: Item[][] }[] = [];
  let seq: Item[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        while (glob[i + 1] === '*') i++; // `***` is `**`
        const slash = glob[i + 1] === '/';
        seq.push({ t: slash ? 'globstarSlash' : 'globstar' });
        if (slash) i++;
      } else seq.push({ t: 'star' });
    } else if (c === '?') seq.push({ t: 'pred', p: notSlash });
    else if (c === '{') {
      stack.push({ seq, branches: [] });
      seq = [];
    } else if (c === ',' && stack.length > 0) {
      stack[stack.length - 1].branches.push(seq);
      seq = [];
    } else if (c === '}' && stack.length > 0) {
      const top = stack.pop()!;
      top.branches.push(seq);
      top.seq.push({ t: 'alt', branches: top.branches });
      seq = top.seq;
    } else if (c === '[') {
      const cls = parseClass(glob, i);
      if (cls) {
        seq.push({ t: 'pred', p: cls.pred });
        i = cls.end;
      } else seq.push(literal(c));
    } else seq.push(literal(c));
  }
  if (stack.length > 0) throw new GlobError('"{" is not closed by "}"');
  return seq;
}

function literal(c: string): Item {
  const code = c.charCodeAt(0);
  return { t: 'pred', p: (x) => x === code };
}

/** `[...]` from `start`; undefined when there is no closing `]` (then `[` is literal). */
function parseClass(glob: string, start: number): { pred: Pred; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (glob[i] === '!' || glob[i] === '^') {
    negate = true;
    i++;
  }
  const first = i;
  const ranges: [number, number][] = [];
  for (; i < glob.length; i++) {
    if (glob[i] === ']' && i > first) break;
    const lo = glob.charCodeAt(i);
    if (glob[i + 1] === '-' && i + 2 < glob.length && glob[i + 2] !== ']') {
      const hi = glob.charCodeAt(i + 2);
      if (hi < lo) throw new GlobError(`the range "${glob[i]}-${glob[i + 2]}" in "${glob.slice(start, glob.indexOf(']', i + 2) + 1 || undefined)}" is out of order`);
      ranges.push([lo, hi]);
      i += 2;
    } else ranges.push([lo, lo]);
  }
  if (i >= glob.length) return undefined;
  const inSet = (c: number) => ranges.some(([lo, hi]) => c >= lo && c <= hi);
  // A class never matches the folder separator, as `*` and `?` do not.
  return { pred: negate ? (c) => c !== SLASH && !inSet(c) : (c) => c !== SLASH && inSet(c), end: i };
}

/** Thompson construction: states in an array, `out` are epsilon edges or the successor of a test. */
function build(items: Item[]): { states: State[]; start: number } {
  const states: State[] = [];
  const add = (s: State): number => states.push(s) - 1;
  // Builds `seq` so that it continues at state `next`; returns its entry state. Works from the
  // end backwards, with an explicit work list for alternatives (no recursion on nesting depth).
  const compileSeq = (seq: Item[], next: number): number => {
    let entry = next;
    for (let k = seq.length - 1; k >= 0; k--) entry = compileItem(seq[k], entry);
    return entry;
  };
  const compileItem = (item: Item, next: number): number => {
    switch (item.t) {
      case 'pred':
        return add({ pred: item.p, out: [next] });
      case 'star':
      case 'globstar': {
        // loop: (test -> loop) | next
        const loop = add({ out: [] });
        const step = add({ pred: item.t === 'star' ? notSlash : any, out: [loop] });
        states[loop].out = [step, next];
        return loop;
      }
      case 'globstarSlash': {
        // (any* '/')? next
        const slash = add({ pred: (c) => c === SLASH, out: [next] });
        const loop = add({ out: [] });
        const step = add({ pred: any, out: [loop] });
        states[loop].out = [step, slash];
        return add({ out: [loop, next] });
      }
      case 'alt':
        return add({ out: item.branches.map((b) => compileSeq(b, next)) });
    }
  };
  const match = add({ out: [], match: true });
  return { states, start: compileSeq(items, match) };
}

/** A set of automaton states (the character tests waiting) as one state of the lazily built DFA. */
interface SetState {
  preds: number[];
  matched: boolean;
  next: Map<number, SetState | null>;
}

/** Sets kept per glob; past this, transitions are computed without being remembered. */
const MAX_SETS = 4096;

class Automaton implements GlobMatcher {
  private readonly states: State[];
  private readonly mark: Int32Array;
  private generation = 0;
  private readonly sets = new Map<string, SetState>();
  private readonly initial: SetState;
  constructor(readonly glob: string, items: Item[]) {
    const built = build(items);
    this.states = built.states;
    this.mark = new Int32Array(this.states.length);
    this.initial = this.closure([built.start]);
  }

  /** The epsilon closure of `from` (each state once; an explicit stack), shared when seen before. */
  private closure(from: number[]): SetState {
    const gen = ++this.generation;
    let matched = false;
    const preds: number[] = [];
    const work = from.slice();
    while (work.length) {
      const s = work.pop()!;
      if (this.mark[s] === gen) continue;
      this.mark[s] = gen;
      const st = this.states[s];
      if (st.match) matched = true;
      if (st.pred) preds.push(s);
      else for (const o of st.out) if (this.mark[o] !== gen) work.push(o);
    }
    preds.sort((x, y) => x - y);
    const key = (matched ? 'm' : '') + preds.join(',');
    const known = this.sets.get(key);
    if (known) return known;
    const set: SetState = { preds, matched, next: new Map() };
    if (this.sets.size < MAX_SETS) this.sets.set(key, set);
    return set;
  }

  /** The set after one character; null when nothing can match any more. */
  private step(set: SetState, c: number): SetState | null {
    const cached = set.next.get(c);
    if (cached !== undefined) return cached;
    const next: number[] = [];
    for (const st of set.preds) {
      const state = this.states[st];
      if (state.pred!(c)) next.push(state.out[0]);
    }
    const result = next.length ? this.closure(next) : null;
    if (set.next.size < 256) set.next.set(c, result);
    return result;
  }

  private run(s: string, folderOnly: boolean): boolean {
    let set: SetState | null = this.initial;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (folderOnly && c === SLASH && set.matched && i > 0) return true;
      set = this.step(set, c);
      if (!set) return false;
    }
    return folderOnly ? false : set.matched;
  }

  test(s: string): boolean {
    return this.run(s, false);
  }

  matchesFolderOf(s: string): boolean {
    return this.run(s, true);
  }
}

const NOTHING: Omit<GlobMatcher, 'glob'> = { test: () => false, matchesFolderOf: () => false };
const cache = new Map<string, { matcher: GlobMatcher; error?: string }>();
const CACHE_LIMIT = 500;

function compiled(glob: string): { matcher: GlobMatcher; error?: string } {
  let c = cache.get(glob);
  if (c) return c;
  try {
    c = { matcher: new Automaton(glob, parse(glob)) };
  } catch (e) {
    if (!(e instanceof GlobError)) throw e;
    c = { matcher: { glob, ...NOTHING }, error: e.message };
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(glob, c);
  return c;
}

/** A matcher for a glob; an invalid glob matches nothing (see `globProblem`). */
export function compileGlob(glob: string): GlobMatcher {
  return compiled(glob).matcher;
}

/** Why a glob is invalid (`[z-a]`, `{a,b`), or undefined when it is fine. */
export function globProblem(glob: string): string | undefined {
  return compiled(glob).error;
}

/**
 * Does a workspace-relative path (with `/` separators) match a glob? A glob without `/` matches
 * the file name anywhere, and a glob matching a parent folder matches everything inside it.
 */
export function matchesGlob(relPath: string, glob: string): boolean {
  const g = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  const m = compileGlob(g);
  if (m.test(relPath)) return true;
  if (!g.includes('/')) return relPath.split('/').some((p) => m.test(p));
  return m.matchesFolderOf(relPath);
}

export function matchesAny(relPath: string, globs: readonly string[]): boolean {
  return globs.some((g) => matchesGlob(relPath, g));
}
