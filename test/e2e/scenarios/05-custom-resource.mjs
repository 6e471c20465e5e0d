// A custom resource next to its CRD: the Problems panel reports a field the CRD's schema does not
// have, and completion inside spec offers the CRD's fields (with their descriptions).
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenario, ScenarioFailure } from '../framework.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

// Line 8 has the unknown field; line 9 is where completion is asked (inside spec, after `size`).
const WIDGET = `apiVersion: rehearsal.example.com/v1
kind: Widget
metadata:
  name: storefront
  namespace: shop
spec:
  size: small
  colour: red
  
`;

scenario('custom resource: diagnostic and completion from its CRD', async (ctx) => {
  const { page } = ctx;
  const dir = join(ctx.workspaceDir, 'custom-resources');
  mkdirSync(dir, { recursive: true });
  cpSync(join(repo, 'test-fixtures', 'crds', 'widget-crd.yaml'), join(dir, 'widget-crd.yaml'));
  writeFileSync(join(dir, 'storefront-widget.yaml'), WIDGET);
  await ctx.openFile('storefront-widget.yaml');
  await ctx.waitForProblems('storefront-widget.yaml', [{ what: 'the unknown field of the Widget', mentions: 'unknown field "spec.colour"', lines: [8] }], 60_000);

  await ctx.goTo(9, 3);
  await page.keyboard.press('Control+Space');
  const widget = page.locator('.editor-widget.suggest-widget.visible');
  await widget.waitFor({ state: 'visible', timeout: 20_000 }).catch(() => {
    throw new ScenarioFailure('Ctrl+Space inside the Widget\'s spec opened no completion list');
  });
  await ctx.waitFor(
    async () => {
      const rows = await ctx.suggestRows();
      return rows.some((r) => r.split(',')[0].trim() === 'replicas' || r.trim().startsWith('replicas')) ? rows : null;
    },
    20_000,
    async () => `the completion list inside spec does not offer the CRD's "replicas"; it shows: ${JSON.stringify(await ctx.suggestRows())}`,
  );
  await ctx.screenshot('05-custom-resource-completion');
  await page.keyboard.press('Escape');
});
