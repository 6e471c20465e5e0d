import type { DefinitionParams, Location } from 'vscode-languageserver/node';
import { definition } from '../../engine/editing/navigation';
import type { ServerContext, Service } from '../context';
import { registryForWorkspace } from '../../engine/crds/sources';

/** Go to definition: selectors to the pod templates they pick, names to the objects they name. */
export const definitionService: Service = {
  name: 'definition',
  capabilities: () => ({ definitionProvider: true }),
  register(ctx: ServerContext): void {
    ctx.connection.onDefinition(
      ctx.safe('definition', [] as Location[], (params: DefinitionParams): Location[] => {
        const file = ctx.file(params.textDocument.uri);
        return file ? definition(file, params.position, ctx.index, registryForWorkspace(ctx.index, ctx.extraCrds())) : [];
      }),
    );
  },
};
