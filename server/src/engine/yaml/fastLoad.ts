import { FAILSAFE_SCHEMA, Type, load } from 'js-yaml';
import { resolvePlainScalar, TIMESTAMP } from './yaml11Scalars';

/**
 * The cold-path loader: a document's plain value from js-yaml, which builds values about ten
 * times faster than a full parse with source ranges. It answers only for documents whose value is
 * certain to equal the full parser's; anything else returns undefined and takes the full parse:
 * syntax errors (which then get the full parser's messages), aliases (and anchors with them), tags, merge
 * keys, directives, and the rare forms where the two parsers disagree. Duplicate keys
 * keep the last value, as the full parser's value does; the outline reports them.
 * test/yaml/fastParse.test.ts checks the equivalence on real manifests and on fuzzed variants.
 */

let pending: unknown;
let pendingText = '';
const plainScalars = new Type('tag:kube-rehearsal,2026:yaml11-plain', {
  kind: 'scalar',
  // js-yaml asks every implicit type about every plain scalar; strings stay strings.
  resolve(data: unknown): boolean {
    if (typeof data !== 'string') return false;
    pending = resolvePlainScalar(data);
    pendingText = data;
    return pending !== data;
  },
  construct(): unknown {
    // kubectl turns YAML into JSON, where an unquoted timestamp stays the string it was written as.
    if (pending === TIMESTAMP) return pendingText;
    return pending;
  },
});

const YAML11_PLAIN = FAILSAFE_SCHEMA.extend({ implicit: [plainScalars] });

/**
 * Text the two parsers read differently, or that needs the full parser's safeguards. Each check
 * runs only when its trigger character occurs (a cheap search), as most documents have none:
 * - anchors in a document with a `*` and tags where a node starts (an alias without an anchor
 *   fails in js-yaml, so declining anchors keeps alias bombs away from it), merge keys, directives;
 * - a lone CR (a line break to YAML, but to js-yaml only in some places), tabs in indentation
 *   and a `#` glued to a flow indicator (errors to YAML that js-yaml lets pass);
 * - explicit keys (`? `), templates (`{{ x }}`), `---`/`...` run into other text (a marker to
 *   js-yaml, text to YAML).
 * Structure-dependent differences (empty, null and collection keys, compact nested sequences,
 * flow collections, comments before a value) are the outline's to find (outline.ts): a document
 * takes the fast path only when both accept it.
 */
const GUARDS: readonly { trigger: string; pattern: RegExp }[] = [
  { trigger: '&', pattern: /(?:^|[ \t[{,])&[^ \t\r\n,[\]{}&]/m },
  // A tag can only start a node: at a line's start, after `: `, `- `, `? ` or a flow indicator. A `!`
  // after other text (`a || !has(self.x)` in a CEL rule) is part of a plain scalar to both parsers.
  { trigger: '!', pattern: /(?:^[ \t]*|[:?-][ \t]+|[[{,][ \t]*)![^ \t\r\n,[\]{}"'=]/m },
  { trigger: '<<', pattern: /(?:^|[ \t{,])<<[ \t]*:/m },
  { trigger: '%', pattern: /^%/m },
  { trigger: '\r', pattern: /\r(?!\n)/ },
  { trigger: '\t', pattern: /^ *\t/m },
  { trigger: '#', pattern: /[,[\]{}]#/ },
  { trigger: '?', pattern: /(?:^|[ \t[{,])\?(?:[ \t]|$)/m },
  { trigger: '{{', pattern: /\{\{/ },
  { trigger: '---', pattern: /^---[^ \t\r\n]/m },
  { trigger: '...', pattern: /^\.\.\.[^ \t\r\n]/m },
];

function needsFullParse(text: string): boolean {
  for (const g of GUARDS) {
    // Anchors with nothing to alias them (no `*` anywhere) change no value: the outline reads
    // those it can place (`key: &name value`, `- &name value`) and declines the others.
    if (g.trigger === '&' && !text.includes('*')) continue;
    if (text.includes(g.trigger) && g.pattern.test(text)) return true;
  }
  return hasLongLine(text);
}

/**
 * A line longer than the longest implicit key YAML allows (a regex for this is slow), unless it is
 * a run of short plain pieces between flow indicators (`data: {k0: v0, k1: v1, ...}` on one line):
 * no key in it can be long, and the outline reads such flow collections.
 */
function hasLongLine(text: string): boolean {
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > MAX_IMPLICIT_KEY && !shortFlowPieces(text, start, end)) return true;
    if (nl < 0) return false;
    start = nl + 1;
  }
}

/** No quote, and no stretch longer than MAX_IMPLICIT_KEY between flow indicators and commas. */
function shortFlowPieces(text: string, start: number, end: number): boolean {
  let piece = start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */ || c === 39 /* ' */) return false;
    if (c === 44 /* , */ || c === 91 /* [ */ || c === 93 /* ] */ || c === 123 /* { */ || c === 125 /* } */) {
      if (i - piece > MAX_IMPLICIT_KEY) return false;
      piece = i + 1;
    }
  }
  return end - piece <= MAX_IMPLICIT_KEY;
}

const MAX_IMPLICIT_KEY = 1024;

export interface FastValue {
  value: unknown;
}

/** The document's value, or undefined when only the full parse can say. `text` is one document. */
export function fastLoad(text: string): FastValue | undefined {
  if (needsFullParse(text)) return undefined;
  let warned = false;
  try {
    const value = load(text, {
      schema: YAML11_PLAIN,
      // Duplicate keys keep the last value, as the full parser's value does; the outline reports them.
      json: true,
      onWarning: () => {
        warned = true;
      },
    });
    return warned ? undefined : { value };
  } catch {
    // Syntax errors and depth limits alike: the full parse decides.
    return undefined;
  }
}
