import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { hover } from '../../engine/editing/hover';
import type { ServerContext, Service } from '../context';
import { editingEnv } from './completion';

/** Hover: field type, required/default/allowed values, reference link; selector matches; image assumptions. */
export const hoverService: Service = {
  name: 'hover',
  capabilities: () => ({ hoverProvider: true }),
  register(ctx: ServerContext): void {
    ctx.connection.onHover(
      ctx.safe('hover', null as Hover | null, (params: HoverParams): Hover | null => {
        if (!ctx.settings().enable) return null;
        const file = ctx.file(params.textDocument.uri);
        if (!file) return null;
        return (hover(file, params.position, editingEnv(ctx)) as Hover | undefined) ?? null;
      }),
    );
  },
};
