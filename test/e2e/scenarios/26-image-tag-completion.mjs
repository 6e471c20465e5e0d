// Image completion after `image: nginx:` (Ctrl+Space) offers only nginx's tags, and accepting one
// replaces the whole value: `image: nginx:<tag>`, never `image: nginx: nginx:<tag>`.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario, check } from '../framework.mjs';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: tags
spec:
  containers:
    - name: web
      image: nginx:
`;

scenario('image tag completion: after image: nginx: only nginx tags, replacing the whole value', async (ctx) => {
  const { page } = ctx;
  const dir = join(ctx.workspaceDir, 'tags');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tag-pod.yaml'), POD);
  try {
    await ctx.openFile('tag-pod.yaml');
    // Until the language server answers, the editor offers the file's words: ask again until it does.
    const rows = await ctx.waitFor(async () => {
      await page.keyboard.press('Escape');
      await ctx.goTo(8, 20);
      await page.keyboard.press('Control+Space');
      await page.waitForTimeout(1500);
      const r = await ctx.suggestRows();
      return r.some((x) => x.startsWith('nginx:')) ? r : null;
    }, 60_000, async () => `Ctrl+Space after "image: nginx:" offered no nginx tag: ${JSON.stringify(await ctx.suggestRows())}`);
    const labels = rows.map((r) => r.split(',')[0].trim());
    check(labels.every((l) => /^nginx:\S+$/.test(l)), `the list offers more than nginx's tags: ${JSON.stringify(labels)}`);
    // A screenshot of the open list in each theme (toggling the theme closes it: reopen it).
    const reopen = () => ctx.waitFor(async () => {
      await page.keyboard.press('Escape');
      await ctx.goTo(8, 20);
      await page.keyboard.press('Control+Space');
      await page.waitForTimeout(1500);
      return (await ctx.suggestRows()).some((x) => x.startsWith('nginx:'));
    }, 30_000, async () => `the completion list did not reopen: ${JSON.stringify(await ctx.suggestRows())}`);
    for (let i = 0; i < 2; i++) {
      const dark = (await page.locator('.monaco-workbench.vs-dark, .monaco-workbench.hc-black').count()) > 0;
      await ctx.screenshot(`image-tag-completion-${dark ? 'dark' : 'light'}`);
      await page.keyboard.press('Escape');
      await ctx.runCommand('Preferences: Toggle between Light/Dark Themes');
      await page.waitForTimeout(1500);
      await reopen();
    }
    // Accept the second tag.
    const chosen = (await ctx.suggestRows())[1].split(',')[0].trim();
    await page.locator('.editor-widget.suggest-widget.visible .monaco-list-row').nth(1).click();
    await ctx.waitFor(
      async () => (await ctx.editorText()).split('\n')[7]?.trim() === `image: ${chosen}`,
      10_000,
      async () => `after accepting ${chosen}, line 8 reads ${JSON.stringify((await ctx.editorText()).split('\n')[7])}`,
    );
    await ctx.screenshot('image-tag-completion-accepted');
    await page.keyboard.press('Control+S');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
