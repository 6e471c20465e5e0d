/**
 * Ranked "did you mean" suggestions for misspelt field names, kinds and enum values.
 *
 * Ranking, best first: same word ignoring case, same word once a plural `s`/`es` is dropped,
 * then the smallest optimal-string-alignment distance (a swap of two neighbours counts as one
 * edit, so `selecotr` is one edit from `selector`), ties broken by a shared prefix and then by name.
 */

/** Rows of the distance table, reused from call to call (a did-you-mean search makes thousands of calls). */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * A lower bound of the edit distance: how many of the character classes (code modulo 32) of one
 * string the other has none of. Each such class holds a character with no counterpart, which an
 * edit must remove or replace (a transposition keeps the characters).
 */
function absentCharacters(a: string, b: string): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) ma |= 1 << (a.charCodeAt(i) & 31);
  for (let i = 0; i < b.length; i++) mb |= 1 << (b.charCodeAt(i) & 31);
  return Math.max(bitCount(ma & ~mb), bitCount(mb & ~ma));
}

function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Edit distance with adjacent transpositions (optimal string alignment); past `limit`, limit + 1. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Characters of one string that the other lacks each cost an edit: a bound from two bit masks
  // (a character's code modulo 32) turns most far pairs away without the table (a did-you-mean
  // search compares a value with hundreds of others).
  if (limit < 32 && absentCharacters(a, b) > limit) return limit + 1;
  const n = a.length;
  const m = b.length;
  if (rows[0].length <= m) rows = [new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = prev[j - 1] + cost;
      if (prev[j] + 1 < v) v = prev[j] + 1;
      if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
      if (i > 1 && j > 1 && prev2[j - 2] + 1 < v && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = prev2[j - 2] + 1;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    const done = prev2;
    prev2 = prev;
    prev = cur;
    cur = done;
  }
  return prev[m];
}

function singular(word: string): string {
  if (/ies$/.test(word) && word.length > 4) return word.slice(0, -3) + 'y';
  if (/(?:ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word) && !/ss$/.test(word)) return word.slice(0, -1);
  return word;
}

export interface Suggestion {
  value: string;
  /** Lower is better: 0 case-only difference, 1 plural, then 2 + edit distance. */
  score: number;
}

/** The largest edit distance still worth suggesting for a word of this length. */
export function maxDistanceFor(word: string): number {
  return word.length <= 3 ? 1 : word.length <= 6 ? 2 : 3;
}

/** Candidates close to `word`, best first (at most `max`). */
export function suggest(word: string, candidates: Iterable<string>, max = 3): Suggestion[] {
  const lower = word.toLowerCase();
  const lowerSingular = singular(lower);
  const limit = maxDistanceFor(word);
  const out: Suggestion[] = [];
  for (const c of candidates) {
    if (c === word) continue;
    const cl = c.toLowerCase();
    let score: number;
    if (cl === lower) score = 0;
    else if (cl === lowerSingular || singular(cl) === lowerSingular) score = 1;
    else {
      const d = editDistance(lower, cl, limit);
      if (d > limit) continue;
      // Short candidates reached mostly by deletions are poor guesses (`a` for `ab`).
      if (d >= Math.max(cl.length, lower.length)) continue;
      score = 2 + d;
    }
    out.push({ value: c, score });
  }
  out.sort((x, y) => x.score - y.score || commonPrefix(y.value.toLowerCase(), lower) - commonPrefix(x.value.toLowerCase(), lower) || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
  return out.slice(0, max);
}

/** The single best suggestion, if any. */
export function bestSuggestion(word: string, candidates: Iterable<string>): string | undefined {
  return suggest(word, candidates, 1)[0]?.value;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** `"a"`, `"a" or "b"`, `"a", "b" or "c"`. */
export function orList(values: readonly string[]): string {
  const q = values.map((v) => JSON.stringify(v));
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}
