/**
 * A value from a manifest as text, as the API server prints it: a string as written, a number or a
 * boolean as JSON has it, a mapping or a list as JSON; null and undefined as the empty string.
 * Wherever a value of the wrong type can reach a message, a name or a hover, it goes through here
 * instead of `String(v)`, which prints a mapping as "[object Object]".
 */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    try {
      return JSON.stringify(v);
    } catch {
      return typeof v; // a cycle cannot come from YAML; a value built in code may still have one
    }
  }
  return String(v);
}
