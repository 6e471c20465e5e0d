import { YAMLParseError, isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';

/**
 * The full parser's duplicate-key check, in linear time. The `yaml` library compares each new key
 * with every earlier key of its map (`uniqueKeys: true`), so a flow or block map of 40,000 keys took
 * seconds; documents.ts parses with that check off and runs this one instead. Same rule (two
 * scalar keys with the same value, `a` and "a" alike), same error (`DUPLICATE_KEY`, "Map keys must be
 * unique", at the later key), placed among the other errors where the parser would have put it.
 */
export function addDuplicateKeyErrors(doc: Document.Parsed): void {
  const found: YAMLParseError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        // The parser's comparison is `===` on the values (so NaN never equals itself).
        const value: unknown = isScalar(key) ? key.value : undefined;
        if (isScalar(key) && value === value) {
          if (seen.has(value) && key.range) found.push(new YAMLParseError([key.range[0], key.range[0] + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          else seen.add(value);
        }
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isPair(node)) {
      stack.push(node.key, node.value);
    } else if (isAlias(node) || isScalar(node)) {
      continue;
    }
  }
  if (found.length === 0) return;
  found.sort((a, b) => a.pos[0] - b.pos[0]);
  // Merged by position: the parser reported a duplicate when it reached the key.
  const merged: YAMLParseError[] = [];
  let i = 0;
  for (const e of doc.errors) {
    while (i < found.length && found[i].pos[0] < e.pos[0]) merged.push(found[i++]);
    merged.push(e);
  }
  while (i < found.length) merged.push(found[i++]);
  doc.errors.length = 0;
  for (const e of merged) doc.errors.push(e);
}
