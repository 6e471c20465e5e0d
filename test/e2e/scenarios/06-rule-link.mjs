// A diagnostic's rule link opens the rule's page bundled with the extension, rendered (Markdown
// preview), without the network: not the web page, not the Markdown source.
import { scenario, check, ScenarioFailure } from '../framework.mjs';

scenario('rule link opens the bundled docs rendered', async (ctx) => {
  const { page } = ctx;
  const e = ctx.expect.mistakes;
  await ctx.openFile(e.file);
  await ctx.waitForProblems(e.file, [{ what: 'unknown kind', mentions: e.unknownKind.mentions, lines: [e.unknownKind.line] }]);
  // The code of the problem is a link in the Problems panel (Ctrl+click, as VS Code asks in its tooltip).
  const link = page.locator('.markers-panel .monaco-list-row .monaco-link', { hasText: 'unknown-kind' }).first();
  await link.waitFor({ state: 'visible', timeout: 10_000 }).catch(async () => {
    throw new ScenarioFailure(`no unknown-kind link in the Problems panel: ${JSON.stringify((await ctx.problemsText()).slice(0, 600))}`);
  });
  const href = await link.getAttribute('href').catch(() => null);
  check(!href || !href.startsWith('https:'), `the rule link still points at the web: ${href}`);
  await link.click({ modifiers: ['Control'] });
  const tabs = async () => ctx.textOf('.tabs-container');
  await ctx.waitFor(
    async () => /Preview rules\.md/.test(await tabs()),
    20_000,
    async () => `no Markdown preview of rules.md opened; link ${href}; tabs: ${JSON.stringify(await tabs())}`,
  );
  // The source editor the link opened is replaced by the preview.
  await page.waitForTimeout(500);
  const names = (await page.locator('.tabs-container .tab').allInnerTexts()).map((t) => t.trim());
  check(!names.some((t) => /^rules\.md/.test(t)), `the Markdown source stays open beside the preview: ${JSON.stringify(names)}`);
  // The preview is scrolled to the rule's section: its heading is in view.
  const headingInView = async () => {
    for (const f of page.frames()) {
      const r = await f.evaluate(() => {
        const h = document.getElementById('unknown-kind');
        if (!h) return undefined;
        const top = h.getBoundingClientRect().top;
        return { top, height: window.innerHeight };
      }).catch(() => undefined);
      if (r) return r;
    }
    return undefined;
  };
  await ctx.waitFor(
    async () => { const r = await headingInView(); return r && r.top >= -5 && r.top < r.height / 2; },
    10_000,
    async () => `the preview is not scrolled to the unknown-kind heading: ${JSON.stringify(await headingInView())}`,
  );
  await ctx.screenshotBothThemes('06-rule-link-preview');
});
