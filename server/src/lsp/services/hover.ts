import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { hover } from '../../engine/editing/hover';
import type { ServerContext, Service } from '../context';
import { editingEnv } from './completion';
import type { Finding, Position, Range } from '../../engine/findings';
import { shortMessage } from '../shortMessages';
import { localizedMessage } from '../l10n/index';

function contains(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

/** Findings under the cursor whose diagnostic shows a shortened message get their full text in the hover. */
function withFullMessages(ctx: ServerContext, params: HoverParams, found: Hover | undefined): Hover | undefined {
  const shortened = (ctx.findings(params.textDocument.uri)?.findings ?? []).filter(
    (f: Finding) => contains(f.range, params.position) && shortMessage(localizedMessage(f)) !== localizedMessage(f),
  );
  if (shortened.length === 0) return found;
  const full = shortened.map((f) => `**${f.code}**: ${escapeMarkdown(localizedMessage(f))}`).join('\n\n');
  const value = found && typeof found.contents === 'object' && 'value' in found.contents ? `${full}\n\n---\n\n${found.contents.value}` : full;
  return { contents: { kind: 'markdown', value }, range: found?.range ?? shortened[0].range };
}

/** The API server's text as written: regular expressions hold `*`, `_`, `[`, `(` that Markdown would read. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

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
        const found = hover(file, params.position, editingEnv(ctx)) as Hover | undefined;
        return withFullMessages(ctx, params, found) ?? null;
      }),
    );
  },
};
