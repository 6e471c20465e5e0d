import type { Position, TextEdit } from '../../server/src/engine/findings';
import { LineIndex } from '../../server/src/engine/yaml/lineIndex';
import { parseYamlFile, type YamlFile } from '../../server/src/engine/yaml/documents';
import type { CompletionItem } from '../../server/src/engine/editing/types';

/** `text` with one `|` marking the cursor: the file without the marker and the cursor position. */
export function withCursor(marked: string, uri = 'file:///w/app.yaml'): { file: YamlFile; text: string; position: Position } {
  const at = marked.indexOf('|');
  if (at < 0) throw new Error('no cursor marker');
  const text = marked.slice(0, at) + marked.slice(at + 1);
  return { file: parseYamlFile(uri, text), text, position: new LineIndex(text).positionAt(at) };
}

/** Resolve a snippet the way an editor shows it once the user accepts every default. */
export function expandSnippet(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:((?:\\\}|[^}])*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

/** Apply a completion item (main edit plus additional edits) to `text`. */
export function applyItem(text: string, item: CompletionItem): string {
  const edits: TextEdit[] = [
    { range: item.textEdit.range, newText: item.insertTextFormat === 2 ? expandSnippet(item.textEdit.newText) : item.textEdit.newText },
    ...(item.additionalTextEdits ?? []),
  ];
  return applyEdits(text, edits);
}

import { applyEdits } from '../support/edits';

export { applyEdits };

export function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

export function find(items: CompletionItem[], label: string): CompletionItem {
  const it = items.find((i) => i.label === label);
  if (!it) throw new Error(`no completion "${label}" among: ${labels(items).slice(0, 40).join(', ')}`);
  return it;
}
