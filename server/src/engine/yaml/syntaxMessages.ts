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
  { re: /^Plain value cannot start with reserved character (.+)$/, id: 'yaml.plain-start-reserved', args: ['char'] },
  { re: /^Plain value cannot start with directive indicator character (.+)$/, id: 'yaml.plain-start-directive', args: ['char'] },
  { re: /^Plain value cannot start with (.+)$/, id: 'yaml.plain-start', args: ['char'] },
  { re: /^Comments must be separated from other tokens by white space characters$/, id: 'yaml.comment-space' },
  { re: /^the document is nested too deeply to be read \(thousands of levels\)$/, id: 'yaml.too-deep' },
  { re: /^All mapping items must start at the same column$/, id: 'yaml.map-column' },
  { re: /^Block collections are not allowed within flow collections$/, id: 'yaml.block-in-flow' },
  { re: /^Block scalar values in collections must be indented$/, id: 'yaml.block-scalar-indent' },
  { re: /^Block scalars with more-indented leading empty lines must use an explicit indentation indicator$/, id: 'yaml.block-scalar-leading' },
  { re: /^Block scalar lines must not be less indented than their first line$/, id: 'yaml.block-scalar-less' },
  { re: /^Block scalar lines must not be less indented than their explicit indentation indicator$/, id: 'yaml.block-scalar-less-indicator' },
  { re: /^Invalid block scalar header$/, id: 'yaml.block-scalar-header' },
  { re: /^Block scalar header includes extra characters: (.*)$/, id: 'yaml.block-scalar-header-extra', args: ['text'] },
  { re: /^Unexpected token in block scalar header: ([\w-]+)$/, id: 'yaml.block-scalar-header-token', args: ['token'] },
  { re: /^Flow end indicator should be more indented than parent$/, id: 'yaml.flow-end-indent' },
  { re: /^Implicit keys of flow sequence pairs need to be on a single line$/, id: 'yaml.multiline-key' },
  { re: /^Flow (sequence|map|collection) must end with a (\S+)$/, id: 'yaml.flow-unclosed', args: ['flow', 'end'] },
  { re: /^Flow (sequence|map|collection) in block collection must be sufficiently indented and end with a (\S+)$/, id: 'yaml.flow-unclosed-indent', args: ['flow', 'end'] },
  { re: /^Unexpected empty item in (flow \w+)$/, id: 'yaml.flow-empty-item', args: ['flow'] },
  { re: /^Missing space after : in (flow \w+)$/, id: 'yaml.flow-colon-space', args: ['flow'] },
  { re: /^Unexpected (\S+) in (flow \w+|collection)$/, id: 'yaml.unexpected-in', args: ['token', 'flow'] },
  { re: /^Expected a flow scalar value, but found: ([\w-]+)$/, id: 'yaml.flow-scalar-expected', args: ['token'] },
  { re: /^Merge sources must be maps or map aliases$/, id: 'yaml.merge-source' },
  { re: /^Missing newline after block sequence props$/, id: 'yaml.sequence-props-newline' },
  { re: /^Unresolved alias \(the anchor must be set before the alias\): (.+)$/, id: 'yaml.unresolved-alias', args: ['alias'] },
  { re: /^Invalid escape sequence (.+)$/, id: 'yaml.bad-escape', args: ['sequence'] },
  { re: /^Tags and anchors must be separated from the next token by white space$/, id: 'yaml.props-space' },
  { re: /^A node can have at most one anchor$/, id: 'yaml.one-anchor' },
  { re: /^A node can have at most one tag$/, id: 'yaml.one-tag' },
  { re: /^Anchor cannot be an empty string$/, id: 'yaml.empty-anchor' },
  { re: /^Alias cannot be an empty string$/, id: 'yaml.empty-alias' },
  { re: /^Anchor ending in : is ambiguous$/, id: 'yaml.anchor-colon' },
  { re: /^Alias ending in : is ambiguous$/, id: 'yaml.alias-colon' },
  { re: /^Anchor must not contain whitespace or control characters: (.*)$/, id: 'yaml.anchor-chars', args: ['anchor'] },
  { re: /^An alias node must not specify any properties$/, id: 'yaml.alias-props' },
  { re: /^Alias nodes cannot have tags$/, id: 'yaml.alias-tags' },
  { re: /^Anchors and tags must be after the (\S+) indicator$/, id: 'yaml.props-order', args: ['indicator'] },
  { re: /^Missing directives-end indicator line$/, id: 'yaml.directives-end' },
  { re: /^Missing directives-end\/doc-start indicator line$/, id: 'yaml.doc-start' },
  { re: /^Block collection cannot start on same line with directives-end marker$/, id: 'yaml.block-after-marker' },
  { re: /^Unexpected doc-end without preceding document$/, id: 'yaml.doc-end' },
  { re: /^The : indicator must be at most 1024 chars after the start of an implicit block mapping key$/, id: 'yaml.key-too-long' },
  { re: /^The : indicator must be at most 1024 chars after the start of an implicit flow sequence key$/, id: 'yaml.flow-key-too-long' },
  { re: /^Unresolved tag: (.+)$/, id: 'yaml.unresolved-tag', args: ['tag'] },
  { re: /^Could not resolve tag: (.+)$/, id: 'yaml.tag-unresolved', args: ['tag'] },
  { re: /^Tag (.+) not found$/, id: 'yaml.tag-not-found', args: ['tag'] },
];

/** A text no pattern knows, introduced by what the parser's error code says (its text follows as written). */
const BY_CODE: Record<string, MessageId> = {
  BAD_INDENT: 'yaml.code.indent',
  MISSING_CHAR: 'yaml.code.missing',
  UNEXPECTED_TOKEN: 'yaml.code.unexpected',
  TAB_AS_INDENT: 'yaml.code.indent',
  MULTILINE_IMPLICIT_KEY: 'yaml.code.key',
  KEY_OVER_1024_CHARS: 'yaml.code.key',
  BLOCK_AS_IMPLICIT_KEY: 'yaml.code.key',
  DUPLICATE_KEY: 'yaml.code.key',
  BAD_DQ_ESCAPE: 'yaml.code.scalar',
  BAD_SCALAR_START: 'yaml.code.scalar',
  BLOCK_IN_FLOW: 'yaml.code.flow',
  BAD_ALIAS: 'yaml.code.alias',
  ALIAS_PROPS: 'yaml.code.alias',
  MULTIPLE_ANCHORS: 'yaml.code.alias',
  MULTIPLE_TAGS: 'yaml.code.tag',
  TAG_RESOLVE_FAILED: 'yaml.code.tag',
  BAD_COLLECTION_TYPE: 'yaml.code.tag',
};

/**
 * The parser's one-line text as a message. A text no pattern knows is introduced by what its error
 * code means (`code`: the parser's, such as BAD_INDENT), with the parser's own words after it.
 */
export function syntaxDetail(text: string, code?: string): string | MessageRef {
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (!m) continue;
    const args: Record<string, string> = {};
    (p.args ?? []).forEach((name, i) => (args[name] = m[i + 1]));
    return msg(p.id, args);
  }
  return msg((code && BY_CODE[code]) || 'yaml.code.other', { text });
}
