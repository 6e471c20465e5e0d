import { isMap, type Node, type YAMLMap } from 'yaml';
import type { TextEdit } from '../findings';
import { findPair, nodeAtPath, nodeOffsets, type PathSegment, type YamlDoc, type YamlFile } from './documents';

/**
 * The edits moving the entry `key` of the block map at `fromMap` into the map at `toMap` (a
 * misplaced key: `labels` directly under a pod template instead of under its `metadata`). The
 * entry's lines move as written (comments, quoting, block scalars), re-indented to their new
 * place. When `toMap` is a key of `fromMap` that does not exist yet it is created in the entry's
 * place. Undefined where a text move could break the YAML: flow maps, a key sharing its line with
 * a `- `, a destination that already has the key or is not a block map.
 */
export function moveEntryEdits(file: YamlFile, ydoc: YamlDoc, fromMap: readonly PathSegment[], key: string, toMap: readonly PathSegment[]): TextEdit[] | undefined {
  const lines = file.lines;
  const from = nodeAtPath(ydoc.doc, fromMap);
  if (!isMap(from) || (from as YAMLMap).flow) return undefined;
  const pair = findPair(from, key);
  const keyOff = nodeOffsets(ydoc, pair?.key as Node | undefined)?.[0];
  const endOff = nodeOffsets(ydoc, (pair?.value ?? pair?.key) as Node | undefined)?.[1];
  if (keyOff === undefined || endOff === undefined) return undefined;
  const first = lines.positionAt(keyOff);
  if (lines.lineText(first.line).slice(0, first.character).trim() !== '') return undefined;
  let end = endOff;
  while (end > keyOff && /[\r\n]/.test(file.text[end - 1])) end--;
  const last = lines.positionAt(end).line;
  const block: string[] = [];
  for (let l = first.line; l <= last; l++) block.push(lines.lineText(l));
  const reindent = (indent: number) => block.map((line) => shift(line, indent - first.character));

  // The entry's whole lines; at the end of a file without a final line break, with the break before them.
  const deletion =
    last + 1 < lines.lineCount
      ? lines.range(lines.lineStart(first.line), lines.lineStart(last + 1))
      : lines.range(first.line > 0 ? lines.lineEnd(first.line - 1) : 0, lines.lineEnd(last));

  const home = nodeAtPath(ydoc.doc, toMap);
  if (home === undefined) {
    const parentPath = toMap.slice(0, -1);
    if (parentPath.length !== fromMap.length || parentPath.some((s, i) => s !== fromMap[i]) || findPair(from, toMap[toMap.length - 1])) return undefined;
    // `labels:` -> `metadata:\n  labels:`, in its place.
    const pad = ' '.repeat(first.character);
    const text = [`${pad}${String(toMap[toMap.length - 1])}:`, ...reindent(first.character + 2)].join('\n');
    const r = lines.range(lines.lineStart(first.line), lines.lineEnd(last));
    return [{ range: r, newText: text }];
  }
  if (!isMap(home) || (home as YAMLMap).flow || (home as YAMLMap).items.length === 0 || findPair(home, key)) return undefined;
  const items = (home as YAMLMap<Node, Node | null>).items;
  const homeKey = nodeOffsets(ydoc, items[0].key as Node)?.[0];
  const lastItem = items[items.length - 1];
  let homeEnd = nodeOffsets(ydoc, (lastItem.value ?? lastItem.key) as Node)?.[1];
  if (homeKey === undefined || homeEnd === undefined) return undefined;
  while (homeEnd > homeKey && /[\r\n]/.test(file.text[homeEnd - 1])) homeEnd--;
  const homeLast = lines.positionAt(homeEnd).line;
  const homeFirst = lines.positionAt(homeKey);
  const indent = homeFirst.character;
  if (homeLast >= first.line && homeFirst.line <= last) {
    // The entry sits inside the destination (restartPolicy of a container, moved to its pod spec):
    // it goes before the destination's first key, which must start its line.
    if (homeFirst.line >= first.line || lines.lineText(homeFirst.line).slice(0, indent).trim() !== '') return undefined;
    const at = lines.lineStart(homeFirst.line);
    return [{ range: lines.range(at, at), newText: reindent(indent).join('\n') + '\n' }, { range: deletion, newText: '' }];
  }
  const at = lines.lineEnd(homeLast);
  return [{ range: lines.range(at, at), newText: '\n' + reindent(indent).join('\n') }, { range: deletion, newText: '' }];
}

/** A line moved `by` columns (blank lines stay empty; a dedent removes only leading spaces). */
function shift(line: string, by: number): string {
  if (line.trim() === '') return '';
  if (by >= 0) return ' '.repeat(by) + line;
  const lead = line.length - line.trimStart().length;
  return line.slice(Math.min(lead, -by));
}
