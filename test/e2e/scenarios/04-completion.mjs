// Completion after `kind: ` (Ctrl+Space) offers ReplicaSet; accepting it writes the kind.
import { scenario, ScenarioFailure } from '../framework.mjs';

scenario('completion after kind: offers ReplicaSet', async (ctx) => {
  const { page } = ctx;
  const e = ctx.expect.completion;
  await ctx.openFile(e.file);
  await ctx.goTo(e.line, e.column);
  await page.keyboard.press('Control+Space');
  const widget = page.locator('.editor-widget.suggest-widget.visible');
  await widget.waitFor({ state: 'visible', timeout: 20_000 }).catch(() => {
    throw new ScenarioFailure(`Ctrl+Space after "kind: " on line ${e.line} of ${e.file} opened no completion list`);
  });
  await ctx.waitFor(async () => (await ctx.suggestRows()).length > 0 && !(await ctx.textOf('.suggest-widget')).includes('Loading'), 15_000, async () => 'the completion list stayed empty');
  await ctx.screenshot('04-completion-list');

  // Narrow the list the way a person does; ReplicaSet must be among the offered kinds.
  await page.keyboard.type('Repl', { delay: 50 });
  const rows = await ctx.waitFor(
    async () => {
      const r = await ctx.suggestRows();
      return r.some((x) => x.startsWith(e.item + ',') || x.split(',')[0].trim() === e.item || x.trim() === e.item) ? r : null;
    },
    15_000,
    async () => `the completion list after "kind: Repl" does not offer ${e.item}; it shows: ${JSON.stringify(await ctx.suggestRows())}`,
  );
  await ctx.screenshot('04-completion-list-filtered');
  const index = rows.findIndex((x) => x.split(',')[0].trim() === e.item || x.trim() === e.item);
  await page.locator('.editor-widget.suggest-widget.visible .monaco-list-row').nth(index).click();
  await ctx.waitFor(
    async () => (await ctx.editorText()).split('\n')[e.line - 1]?.trim() === e.completedLine,
    10_000,
    async () => `after accepting ${e.item}, line ${e.line} reads ${JSON.stringify((await ctx.editorText()).split('\n')[e.line - 1])}`,
  );
  await page.keyboard.press('Control+S');
});
