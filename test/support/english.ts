/**
 * Finds English prose in a text a Korean editor shows (test/l10n). Quoted values (`code`,
 * "strings") and the phrases Kubernetes itself prints inside our sentences are set aside first;
 * what remains is English prose when a run of 4+ words holds 2+ function words.
 */

/** kubectl's and the API server's own phrases that our Korean sentences quote. */
const KUBERNETES_PHRASES = [/no matches for kind "[^"]*" in version "[^"]*"/g];

const FUNCTION_WORDS = new Set(['the', 'is', 'are', 'was', 'be', 'not', 'no', 'of', 'to', 'in', 'and', 'it', 'its', 'has', 'have', 'this', 'that', 'with', 'for', 'but', 'can', 'cannot', 'does', 'will', 'would', 'must', 'should', 'a', 'an', 'on', 'by', 'from', 'than', 'when', 'if', 'which', 'only', 'every', 'so', 'beyond', 'into', 'there', 'their', 'they', 'been', 'were', 'any', 'all', 'more', 'after', 'before', 'once']);

export function englishSentences(text: string): string[] {
  let bare = text;
  for (const p of KUBERNETES_PHRASES) bare = bare.replace(p, ' ');
  bare = bare.replace(/`[^`]*`/g, ' ').replace(/"[^"]*"/g, ' ');
  const out: string[] = [];
  for (const run of bare.match(/[A-Za-z0-9][\w'.-]*(?:[ ,:;]+[A-Za-z0-9][\w'.-]*)+/g) ?? []) {
    const words = run.split(/[ ,:;]+/);
    if (words.length >= 4 && words.filter((w) => FUNCTION_WORDS.has(w.toLowerCase())).length >= 2) out.push(run);
  }
  return out;
}
