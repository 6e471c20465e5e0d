import type { FoldingRange, FoldingRangeParams } from 'vscode-languageserver/node';
import { foldingRanges } from '../../engine/editing/folding';
import type { ServerContext, Service } from '../context';

/** Folding ranges per document and per nested mapping or sequence. */
export const foldingService: Service = {
  name: 'folding',
  capabilities: () => ({ foldingRangeProvider: true }),
  register(ctx: ServerContext): void {
    ctx.connection.onFoldingRanges(
      ctx.safe('foldingRange', [] as FoldingRange[], (params: FoldingRangeParams): FoldingRange[] => {
        const file = ctx.file(params.textDocument.uri);
        return file ? foldingRanges(file) : [];
      }),
    );
  },
};
