import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Document, type Node } from 'yaml';
import { renderMessage, msg, type MessageRef } from '../messages';

/**
 * Bounds on what aliases may add to a document. The parser shares an anchored value between its
 * aliases, but everything downstream (validation, the simulator, printing) walks the value as a
 * tree, so a 5,000-entry anchor aliased 999 times is five million nodes to them, and a chain of
 * aliases nests values deeper than the text ever does. Both are measured on the parse, without
 * expanding anything: each node's expanded size and depth are computed once (an alias takes its
 * anchor's), with explicit stacks rather than recursion on the input's depth.
 */

/** Nodes that aliases may add to a document, beyond the nodes written in its text. */
export const MAX_ALIAS_EXPANSION = 100_000;
/** How deep values may nest once aliases are expanded (collections). */
export const MAX_EXPANDED_DEPTH = 256;

export interface AliasProblem {
  /** [start, end) offsets of the alias in the document. */
  readonly pos: readonly [number, number];
  readonly message: string;
  /** The message's id and arguments (the editor shows it in the user's language). */
  readonly l10n: MessageRef;
}

function problem(pos: readonly [number, number], ref: MessageRef): AliasProblem {
  return { pos, message: renderMessage(ref), l10n: ref };
}

interface Measure {
  size: number;
  depth: number;
}

function children(node: unknown): unknown[] {
  if (isMap(node) || isSeq(node)) {
    const out: unknown[] = [];
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        if (item.key !== null && item.key !== undefined) out.push(item.key);
        if (item.value !== null && item.value !== undefined) out.push(item.value);
      } else if (item !== null && item !== undefined) out.push(item);
    }
    return out;
  }
  return [];
}

function rangeOf(node: Node): readonly [number, number] {
  const r = node.range;
  return r ? [r[0], r[1]] : [0, 1];
}

/** The first alias that makes the document too large or too deep once expanded, if any. */
export function aliasExpansionProblem(doc: Document.Parsed): AliasProblem | undefined {
  const root = doc.contents as unknown;
  if (root === null || root === undefined) return undefined;
  // Pass 1, post-order: expanded size and depth of every node (an alias: its anchor's).
  const memo = new Map<unknown, Measure>();
  // Anchors by name as met in document order (the parser's own lookup walks the whole document
  // for each alias, which is quadratic); a later anchor of the same name replaces an earlier one.
  const anchors = new Map<string, unknown>();
  let cycle: Alias | undefined;
  let sawAlias = false;
  const stack: { node: unknown; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (memo.has(top.node)) {
      stack.pop();
      continue;
    }
    if (isAlias(top.node)) {
      sawAlias = true;
      stack.pop();
      const target = anchors.get(top.node.source);
      const m = target !== undefined ? memo.get(target) : { size: 1, depth: 0 };
      // An anchor still being measured contains this alias: a value that contains itself.
      if (!m) {
        cycle ??= top.node;
        memo.set(top.node, { size: 1, depth: 0 });
      } else memo.set(top.node, m);
      continue;
    }
    const kids = children(top.node);
    if (!top.expanded) {
      top.expanded = true;
      const anchor = (top.node as { anchor?: string }).anchor;
      if (anchor) anchors.set(anchor, top.node);
      for (let i = kids.length - 1; i >= 0; i--) if (!memo.has(kids[i])) stack.push({ node: kids[i], expanded: false });
      continue;
    }
    stack.pop();
    let size = 1;
    let depth = 0;
    for (const k of kids) {
      const m = memo.get(k) ?? { size: 1, depth: 0 };
      size = Math.min(size + m.size, Number.MAX_SAFE_INTEGER);
      depth = Math.max(depth, m.depth);
    }
    memo.set(top.node, { size, depth: isScalar(top.node) ? 0 : depth + 1 });
  }
  if (!sawAlias) return undefined;
  if (cycle) return problem(rangeOf(cycle), msg('yaml.alias-cycle', { alias: cycle.source }));
  // Pass 2, in document order: what each alias adds, and how deep it reaches.
  let added = 0;
  const walk: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (walk.length) {
    const { node, depth } = walk.pop()!;
    if (isAlias(node)) {
      const m = memo.get(node)!;
      added += m.size - 1;
      if (added > MAX_ALIAS_EXPANSION) {
        return problem(rangeOf(node), msg('yaml.alias-expansion', { limit: MAX_ALIAS_EXPANSION.toLocaleString('en-US'), added: (m.size - 1).toLocaleString('en-US') }));
      }
      if (depth + m.depth > MAX_EXPANDED_DEPTH) {
        return problem(rangeOf(node), msg('yaml.alias-depth', { limit: String(MAX_EXPANDED_DEPTH) }));
      }
      continue;
    }
    const kids = children(node);
    const d = isScalar(node) ? depth : depth + 1;
    for (let i = kids.length - 1; i >= 0; i--) walk.push({ node: kids[i], depth: d });
  }
  return undefined;
}
