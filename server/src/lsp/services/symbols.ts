import type { DocumentSymbol, DocumentSymbolParams, SymbolInformation, WorkspaceSymbolParams } from 'vscode-languageserver/node';
import { documentSymbols, workspaceSymbols } from '../../engine/editing/symbols';
import type { ServerContext, Service } from '../context';

/** Outline (one entry per document with its sections) and workspace symbols (`Deployment web`). */
export const symbolsService: Service = {
  name: 'symbols',
  capabilities: () => ({ documentSymbolProvider: { label: 'Kubernetes objects' }, workspaceSymbolProvider: true }),
  register(ctx: ServerContext): void {
    ctx.connection.onDocumentSymbol(
      ctx.safe('documentSymbol', [] as DocumentSymbol[], (params: DocumentSymbolParams): DocumentSymbol[] => {
        const file = ctx.file(params.textDocument.uri);
        return file ? (documentSymbols(file) as DocumentSymbol[]) : [];
      }),
    );
    ctx.connection.onWorkspaceSymbol(
      ctx.safe('workspaceSymbol', [] as SymbolInformation[], (params: WorkspaceSymbolParams): SymbolInformation[] => workspaceSymbols(ctx.index, params.query) as SymbolInformation[]),
    );
  },
};
