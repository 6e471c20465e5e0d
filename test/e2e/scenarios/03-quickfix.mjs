// A quick fix from the light bulb (Ctrl+. on the diagnostic's line) rewrites the text and the
// problem goes away.
import { scenario, check, ScenarioFailure } from '../framework.mjs';

scenario('quick fix from the light bulb fixes the kind', async (ctx) => {
  const { page } = ctx;
  const e = ctx.expect.quickfix;
  await ctx.openFile(e.file);
  await ctx.waitForProblems(e.file, [{ what: 'unknown kind to fix', mentions: e.mentions, lines: [e.line] }]);
  const before = (await ctx.editorText()).split('\n')[e.line - 1];

  await ctx.goTo(e.line, 7);
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget');
  await menu.waitFor({ state: 'visible', timeout: 15_000 }).catch(() => {
    throw new ScenarioFailure(`Ctrl+. on line ${e.line} of ${e.file} opened no code action menu`);
  });
  const item = page.locator('.action-widget .monaco-list-row', { hasText: e.fixTitle }).first();
  await item.waitFor({ state: 'visible', timeout: 15_000 }).catch(async () => {
    throw new ScenarioFailure(`the light bulb menu offers no fix mentioning "${e.fixTitle}"; it offers: ${JSON.stringify(await page.locator('.action-widget .monaco-list-row').allInnerTexts())}`);
  });
  await ctx.screenshot('03-quickfix-menu');
  const title = (await item.innerText()).trim();
  // Choose it with the keyboard: a pointer click can land on VS Code's pointer-block overlay
  // while the menu is still settling.
  const focusedText = async () => {
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    return (await focused.count()) ? (await focused.first().innerText()).trim() : '';
  };
  for (let i = 0; i < 25 && !(await focusedText()).includes(e.fixTitle); i++) {
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(100);
  }
  check((await focusedText()).includes(e.fixTitle), `could not focus the fix "${title}" in the light bulb menu (focused: ${JSON.stringify(await focusedText())})`);
  await page.keyboard.press('Enter');

  await ctx.waitFor(
    async () => (await ctx.editorText()).split('\n')[e.line - 1]?.trim() === e.fixedLine,
    15_000,
    async () => `after choosing "${title}", line ${e.line} reads ${JSON.stringify((await ctx.editorText()).split('\n')[e.line - 1])}, expected "${e.fixedLine}" (before: ${JSON.stringify(before)})`,
  );
  await page.keyboard.press('Control+S');
  await ctx.openProblems();
  await ctx.waitFor(
    async () => (await ctx.problemsFor(e.file)).length === 0,
    30_000,
    async () => `after the fix the Problems panel still lists for ${e.file}: ${JSON.stringify((await ctx.problemsFor(e.file)).map((p) => p.text))}`,
  );
  check((await ctx.editorText()).includes(e.fixedLine), 'the fixed line is not in the editor');
});
