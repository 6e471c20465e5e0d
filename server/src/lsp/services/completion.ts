import { localizedImageSummary, localizedText } from '../l10n/index';
import type { CompletionParams, CompletionList } from 'vscode-languageserver/node';
import { completions, withoutSnippets } from '../../engine/editing/completion';
import type { ServerContext, Service } from '../context';
import type { EditingEnv, ImageCatalog } from '../../engine/editing/completion';
import { simulatorImageCatalog } from '../../engine/editing/imageCatalog';
import { registryForWorkspace } from '../../engine/crds/sources';

/** Completion: schema fields, values, workspace labels and names, images, document skeletons. */
export const completionService: Service = {
  name: 'completion',
  capabilities: () => ({ completionProvider: { triggerCharacters: [':', ' ', '-', '/'], resolveProvider: false } }),
  register(ctx: ServerContext): void {
    const empty: CompletionList = { isIncomplete: false, items: [] };
    ctx.connection.onCompletion(
      ctx.safe('completion', empty, (params: CompletionParams): CompletionList => {
        if (!ctx.settings().enable) return empty;
        const file = ctx.file(params.textDocument.uri);
        if (!file) return empty;
        const list = completions(file, params.position, editingEnv(ctx));
        const snippets = ctx.clientCapabilities().textDocument?.completion?.completionItem?.snippetSupport ?? false;
        return (snippets ? list : withoutSnippets(list)) as CompletionList;
      }),
    );
  },
};

const catalogImages = simulatorImageCatalog();

/** The simulator's catalog with its summaries in the client's language. */
const images: ImageCatalog = {
  images: () => catalogImages.images().map((i) => (i.summary ? { ...i, summary: localizedImageSummary(i.summary) } : i)),
  describe: (image) => {
    const d = catalogImages.describe(image);
    return { ...d, summary: localizedImageSummary(d.summary) };
  },
};

/** What the editing features get from the server: the workspace index and the simulator's image catalog. */
export function editingEnv(ctx: ServerContext): EditingEnv {
  return { index: ctx.index, images, crds: registryForWorkspace(ctx.index, ctx.extraCrds()), render: localizedText };
}
