/**
 * What an unquoted (plain) scalar means under YAML 1.1, the version kubectl reads manifests with:
 * `yes`/`on` are booleans, `0755` is octal, `1:30` is sexagesimal. The rules are the YAML 1.1
 * type definitions (yaml.org/type), applied in the same order and with the same conversions as
 * the `yaml` library's 1.1 schema, so the fast loader and the full parser give identical values
 * (test/yaml/fastParse.test.ts checks that differentially).
 */

/** Returned for a plain scalar that reads as a timestamp: the fast path leaves those to the full parser. */
export const TIMESTAMP = Symbol('timestamp');

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const INT_BIN = /^[-+]?0b[0-1_]+$/;
const INT_OCT = /^[-+]?0[0-7_]+$/;
const INT_DEC = /^[-+]?[0-9][0-9_]*$/;
const INT_HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;
const INT_SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/;
const FLOAT_SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/;
const TIMESTAMP_FORM = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:t|T|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:[ \t]*(?:Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/;

/** Only these first characters can start a non-string plain scalar (cheap early exit for words). */
const MAYBE_SPECIAL_START = /^[-+.0-9~nNyYtTfFoOeE]|^$/;

function integer(s: string, prefixLength: number, radix: number): number {
  const signed = s[0] === '-' || s[0] === '+';
  const digits = s.substring(prefixLength + (signed ? 1 : 0)).replace(/_/g, '');
  const n = parseInt(digits, radix);
  return s[0] === '-' ? -1 * n : n;
}

function sexagesimal(s: string): number {
  const signed = s[0] === '-' || s[0] === '+';
  const parts = (signed ? s.substring(1) : s).replace(/_/g, '').split(':');
  const n = parts.reduce((acc, p) => acc * 60 + Number(p), 0);
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
  if (INT_DEC.test(s)) return integer(s, 0, 10);
  if (INT_HEX.test(s)) return integer(s, 2, 16);
  if (FLOAT_SPECIAL.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s.replace(/_/g, ''));
  if (INT_SEXAGESIMAL.test(s) || FLOAT_SEXAGESIMAL.test(s)) return sexagesimal(s);
  if (TIMESTAMP_FORM.test(s)) return TIMESTAMP;
  return s;
}
