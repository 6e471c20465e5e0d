// A kustomize overlay: the kustomization file's CodeLens dry-runs what kustomize builds (names with
// the overlay's suffix, generated Secret and ConfigMap), the tree shows each object's source file,
// and the build's findings reach the Problems panel on the source lines, naming the overlay.
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenario, check } from '../framework.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SIDEBAR = '.part.sidebar';
const EDITOR = '.editor-group-container.active .monaco-editor';

scenario('a kustomize overlay is dry-run as kustomize builds it, with findings on source lines', async (ctx) => {
  const { page } = ctx;
  const dir = join(ctx.workspaceDir, 'shop');
  mkdirSync(dir, { recursive: true });
  cpSync(join(repo, 'test-fixtures', 'kustomize'), dir, { recursive: true });

  // The overlay's kustomization file, opened through Quick Open by its folder.
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.quickInput('Control+P', 'overlays/dev/kustomization.yaml', 'kustomization.yaml');
      break;
    } catch (err) {
      if (attempt === 5) throw err;
      await page.waitForTimeout(2000);
    }
  }
  await ctx.waitFor(async () => (await ctx.textOf('.editor-group-container.active .tab.active')).includes('kustomization.yaml'), 15_000, async () => 'the kustomization.yaml tab did not open');

  // Its CodeLens runs the dry run of this kustomization.
  await ctx.waitForText(EDITOR, /Dry run this kustomization/, 45_000, 'the "Dry run this kustomization" CodeLens on overlays/dev/kustomization.yaml');
  await page.locator(`${EDITOR} .codelens-decoration a`, { hasText: 'Dry run this kustomization' }).first().click();

  // The tree holds what kustomize built: shop-dev (nameSuffix) and its pod, from base/deployment.yaml.
  let tree = await ctx.waitForText(SIDEBAR, /shop-dev-[a-z0-9]+-[a-z0-9]{5}/, 90_000, 'a pod of the built Deployment shop-dev in the Dry Run tree');
  // Groups an earlier scenario collapsed stay collapsed: open them to read their rows.
  await ctx.expandTreeGroups(SIDEBAR);
  tree = await ctx.textOf(SIDEBAR);
  const rows = await page.locator(`${SIDEBAR} .monaco-list-row`).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent || ''));
  const rowText = rows.join('\n');
  check(/shop-dev\b[^\n]*deployment\.yaml/.test(rowText), `the Deployment row does not name its source file deployment.yaml; rows: ${JSON.stringify(rows)}`);
  check(/shop-dev\b[^\n]*service\.yaml/.test(rowText), `the Service row does not name its source file service.yaml; rows: ${JSON.stringify(rows)}`);
  check(!/\bshop-[a-z0-9]+-[a-z0-9]{5}\b/.test(tree.replace(/shop-dev-/g, '')), `the base itself was simulated too: ${JSON.stringify(tree.slice(0, 800))}`);
  await ctx.screenshot('kustomize-dry-run-tree');

  // The build's findings land on the source lines: the base Service's targetPort, for both overlays.
  await ctx.openProblems();
  // The panel lists the other fixtures too (a virtual list draws only what is in view): filter.
  const filter = page.locator('input[placeholder^="Filter (e.g. text"]').first();
  await filter.fill('in the build of');
  await ctx.waitForText('.markers-panel', /targetPort "web" is not a TCP port name[^\n]*\(in the build of shop\/overlays\/dev\)/, 60_000, 'the service-target-port finding of the dev build in the Problems panel');
  await ctx.waitForText('.markers-panel', /imagePullPolicy must be one of[^\n]*\(in the build of shop\/overlays\/prod\)/, 90_000, 'the prod build\'s finding from its inline patch');
  await ctx.screenshot('kustomize-problems');
  await filter.fill('');
}, { timeoutMs: 240_000 });
