import type { Location, ReferenceParams } from 'vscode-languageserver/node';
import { references } from '../../engine/editing/navigation';
import type { ServerContext, Service } from '../context';

/** Find references: template labels to the selectors that pick them; object names to their users. */
export const referencesService: Service = {
  name: 'references',
  capabilities: () => ({ referencesProvider: true }),
  register(ctx: ServerContext): void {
    ctx.connection.onReferences(
      ctx.safe('references', [] as Location[], (params: ReferenceParams): Location[] => {
        const file = ctx.file(params.textDocument.uri);
        return file ? references(file, params.position, ctx.index, params.context?.includeDeclaration ?? true) : [];
      }),
    );
  },
};
