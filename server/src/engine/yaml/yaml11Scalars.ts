/**
 * What an unquoted (plain) scalar means to kubectl, which reads manifests with go-yaml v2
 * (sigs.k8s.io/yaml): YAML 1.1's booleans (`yes`/`on`) and nulls, and integers as Go's
 * `strconv.ParseInt(s, 0, 64)` reads them after removing `_`: `0755` octal, and the `0x`, `0o`,
 * `0b` prefixes in either case. Unlike YAML 1.1 on paper, go-yaml has no sexagesimal numbers:
 * `02:30` is the string "02:30" (a time in a ConfigMap is not the number 150). The full parser
 * is configured the same way (documents.ts), so the fast loader and the full parser give identical
 * values (test/yaml/fastParse.test.ts checks that differentially).
 */

/** Returned for a plain scalar that reads as a timestamp: the fast path leaves those to the full parser. */
export const TIMESTAMP = Symbol('timestamp');

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const INT_BIN = /^[-+]?0[bB][0-1_]+$/;
const INT_OCT = /^[-+]?0[0-7_]+$/;
/** Go's `0o17` (and `0O17`), which ParseInt with base 0 reads as octal. */
const INT_OCT_O = /^[-+]?0[oO][0-7_]+$/;
const INT_DEC = /^[-+]?[0-9][0-9_]*$/;
const INT_HEX = /^[-+]?0[xX][0-9a-fA-F_]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/**
 * go-yaml's float form (yamlStyleFloat), tested once `_` is removed: digits on at least one side of
 * the point. `e2` (a GCE machine family), `.` and `.e3` are strings to kubectl, not NaN.
 */
export const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const TIMESTAMP_FORM = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:t|T|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:[ \t]*(?:Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/;

/** Only these first characters can start a non-string plain scalar (cheap early exit for words). */
const MAYBE_SPECIAL_START = /^[-+.0-9~nNyYtTfFoOeE]|^$/;

function integer(s: string, prefixLength: number, radix: number): number {
  const signed = s[0] === '-' || s[0] === '+';
  const digits = s.substring(prefixLength + (signed ? 1 : 0)).replace(/_/g, '');
  const n = parseInt(digits, radix);
  return s[0] === '-' ? -1 * n : n;
}

/** The value of a plain scalar: null, a boolean, a number, TIMESTAMP, or the string itself. */
export function resolvePlainScalar(s: string): unknown {
  if (!MAYBE_SPECIAL_START.test(s)) return s;
  const c = s.charCodeAt(0);
  // A word (a letter, not e/E which may start an exponent) can only be a boolean or null, at most 5 letters.
  if (((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) && c !== 101 && c !== 69) {
    if (s.length > 5) return s;
    if (NULL.test(s)) return null;
    if (TRUE.test(s)) return true;
    if (FALSE.test(s)) return false;
    return s;
  }
  if (NULL.test(s)) return null;
  if (TRUE.test(s)) return true;
  if (FALSE.test(s)) return false;
  if (INT_BIN.test(s)) return integer(s, 2, 2);
  if (INT_OCT.test(s)) return integer(s, 1, 8);
  if (INT_OCT_O.test(s)) return integer(s, 2, 8);
  if (INT_DEC.test(s)) return integer(s, 0, 10);
  if (INT_HEX.test(s)) return integer(s, 2, 16);
  if (FLOAT_SPECIAL.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const plain = s.replace(/_/g, '');
  if (c !== 95 /* _ */ && GO_FLOAT.test(plain)) return parseFloat(plain);
  if (TIMESTAMP_FORM.test(s)) return TIMESTAMP;
  return s;
}
