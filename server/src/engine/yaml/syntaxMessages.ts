import { msg, type MessageId, type MessageRef } from '../messages';

/**
 * The `yaml` parser's error texts as catalogued messages, so an editor can show the common ones
 * in the user's language. Each pattern captures the parts of the text that are not words (a
 * quote, a token type, a character); a text no pattern matches stays as the parser wrote it.
 */
const PATTERNS: { re: RegExp; id: MessageId; args?: string[] }[] = [
  { re: /^Missing closing (["'])quote$/, id: 'yaml.missing-quote', args: ['quote'] },
  { re: /^Tabs are not allowed as indentation$/, id: 'yaml.tab-indent' },
  { re: /^Implicit keys need to be on a single line$/, id: 'yaml.multiline-key' },
  { re: /^Implicit map keys need to be followed by map values$/, id: 'yaml.key-without-value' },
  { re: /^Nested mappings are not allowed in compact mappings$/, id: 'yaml.nested-compact' },
  { re: /^All sequence items must start at the same column$/, id: 'yaml.sequence-column' },
  { re: /^Sequence item without - indicator$/, id: 'yaml.sequence-dash' },
  { re: /^A block sequence may not be used as an implicit map key$/, id: 'yaml.sequence-as-key' },
  { re: /^Unexpected ([\w-]+) at node end$/, id: 'yaml.unexpected-at-end', args: ['token'] },
  { re: /^Unexpected ([\w-]+) token$/, id: 'yaml.unexpected-token', args: ['token'] },
  { re: /^Missing , between (flow \w+) items$/, id: 'yaml.missing-comma', args: ['flow'] },
  { re: /^Missing , or : between (flow \w+) items$/, id: 'yaml.missing-comma-colon', args: ['flow'] },
  { re: /^Plain value cannot start with (.+)$/, id: 'yaml.plain-start', args: ['char'] },
  { re: /^Comments must be separated from other tokens by white space characters$/, id: 'yaml.comment-space' },
  { re: /^the document is nested too deeply to be read \(thousands of levels\)$/, id: 'yaml.too-deep' },
];

/** The parser's one-line text as a message; its own text (not catalogued) when no pattern knows it. */
export function syntaxDetail(text: string): string | MessageRef {
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (!m) continue;
    const args: Record<string, string> = {};
    (p.args ?? []).forEach((name, i) => (args[name] = m[i + 1]));
    return msg(p.id, args);
  }
  return text;
}
