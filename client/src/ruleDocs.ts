/**
 * Rule documentation that opens without a network: diagnostics carry a link to docs/rules.md on
 * the web (codeDescription.href, kept for other clients and the CLI's reports); in VS Code the link
 * is pointed at the copy of docs/rules.md bundled in the .vsix, at the line of the rule's heading
 * (`file:///.../docs/rules.md#L2267`, which VS Code opens at that line), and the extension shows
 * that file rendered (Markdown preview) when it is opened. A `command:` link was not used: VS Code
 * stopped running commands from diagnostic code links (microsoft/vscode#329652).
 *
 * Pure functions here (no vscode import); extension.ts wires them.
 */

/** The web page the server links to (engine/findings.ts RULES_DOC_URL). */
export const RULES_DOC_WEB = 'https://github.com/kube-rehearsal/kube-rehearsal/blob/main/docs/rules.md';

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(text: string): string {
  return text.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** The 0-based line of every `#`-heading of a Markdown text by its anchor (the first heading wins, as on GitHub). */
export function headingLines(markdown: string): Map<string, number> {
  const out = new Map<string, number>();
  let fence = false;
  markdown.split(/\r?\n/).forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const m = fence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (m) {
      const slug = headingSlug(m[1]);
      if (!out.has(slug)) out.set(slug, i);
    }
  });
  return out;
}

/**
 * The bundled target of a rule link: the anchor's line (1-based, for a `#L<line>` fragment), or
 * undefined when the link is not to the rules page or the bundled page has no such heading.
 */
export function bundledRuleLine(href: string, lines: ReadonlyMap<string, number>): number | undefined {
  if (!href.startsWith(RULES_DOC_WEB)) return undefined;
  const rest = href.slice(RULES_DOC_WEB.length);
  if (rest === '' || rest === '#') return 1;
  if (!rest.startsWith('#')) return undefined;
  const line = lines.get(decodeURIComponent(rest.slice(1)));
  return line === undefined ? undefined : line + 1;
}
