import type { Range, TextEdit } from '../findings';

/**
 * LSP-shaped results of the editor features, as plain data (the numbers are the LSP enums),
 * so the engine stays free of vscode-languageserver and the services pass them through.
 */

export const CompletionItemKind = {
  Text: 1, Method: 2, Function: 3, Field: 5, Variable: 6, Class: 7, Module: 9, Property: 10, Unit: 11,
  Value: 12, Enum: 13, Keyword: 14, Snippet: 15, File: 17, Reference: 18, EnumMember: 20, Constant: 21, Struct: 22,
} as const;

export const InsertTextFormat = { PlainText: 1, Snippet: 2 } as const;
/** asIs: the text carries its own absolute indentation; the client must not re-indent it. */
export const InsertTextMode = { asIs: 1, adjustIndentation: 2 } as const;

export interface MarkupContent {
  kind: 'markdown' | 'plaintext';
  value: string;
}

export interface CompletionItem {
  label: string;
  kind: number;
  detail?: string;
  documentation?: MarkupContent;
  sortText?: string;
  filterText?: string;
  preselect?: boolean;
  insertTextFormat: number;
  insertTextMode: number;
  textEdit: TextEdit;
  additionalTextEdits?: TextEdit[];
  /** Re-open completion after inserting (e.g. after `kind: ` to pick the value). */
  command?: { title: string; command: string };
}

export interface CompletionList {
  isIncomplete: boolean;
  items: CompletionItem[];
}

export interface Hover {
  contents: MarkupContent;
  range?: Range;
}

export interface Location {
  uri: string;
  range: Range;
}

export const SymbolKind = {
  File: 1, Module: 2, Namespace: 3, Package: 4, Class: 5, Property: 7, Field: 8, Array: 18, Object: 19, Key: 20, Struct: 23,
} as const;

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: number;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}

export interface SymbolInformation {
  name: string;
  kind: number;
  location: Location;
  containerName?: string;
}

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'imports' | 'region';
}

export const TRIGGER_SUGGEST = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
