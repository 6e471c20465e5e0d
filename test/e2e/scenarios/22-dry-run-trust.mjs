// A dry run you can trust: what `check` rejects is listed under "Not simulated" (file, line, the API
// server's message) and never runs; the CodeLens of a rejected copy does not borrow the result of
// a same-named object in another file; clicking a CodeLens after a run shows the object in the
// tree and the timeline and keeps the what-ifs (no re-run). Screenshots in dark and light themes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario, check } from '../framework.mjs';

const SIDEBAR = '.part.sidebar';
const EDITOR = '.editor-group-container.active .monaco-editor';

const deployment = (container) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 2
  selector:
    matchLabels: { app: shop }
  template:
    metadata:
      labels: { app: shop }
    spec:
      containers:
        - name: ${container}
          image: nginx:1.27
`;

const CRON = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: tick-bad
spec:
  schedule: "61 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: c
              image: busybox:1.36
`;


async function rows(ctx) {
  return ctx.page.locator(`${SIDEBAR} .monaco-list-row`).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent || ''));
}

scenario('dry run trust: rejected manifests are not simulated, CodeLens per document reveals without re-running', async (ctx) => {
  const { page } = ctx;
  const dir = join(ctx.workspaceDir, 'trust');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'shop.yaml'), deployment('web'));
  writeFileSync(join(dir, 'shop-copy.yaml'), deployment('Hello'));
  writeFileSync(join(dir, 'tick-bad.yaml'), CRON);
  // Files written a moment ago reach the language server through the file watcher, which lags on a
  // busy machine; an open document is indexed at once. The rejected copy is opened last (its
  // CodeLens is read below). Should a run still start before one is indexed, it is redone once.
  for (const name of ['shop.yaml', 'tick-bad.yaml', 'shop-copy.yaml']) await ctx.openFile(name);

  const bothRows = async () => { const r = await rows(ctx); return r.some((x) => /Deployment\/shop/.test(x)) && r.some((x) => /CronJob\/tick-bad/.test(x)); };
  for (let attempt = 1; ; attempt++) {
    await ctx.runCommand('Kube Rehearsal: Dry Run Workspace');
    await ctx.waitForText(SIDEBAR, /Not simulated \(rejected by the API server\)/, 60_000, 'the "Not simulated" group in the Dry Run tree');
    try {
      await ctx.waitFor(bothRows, 20_000, async () => `no Deployment/shop and CronJob/tick-bad rows under Not simulated: ${JSON.stringify(await rows(ctx))}`);
      break;
    } catch (err) {
      if (attempt === 2) throw err;
    }
  }
  const all = (await rows(ctx)).join('\n');
  check(/Deployment\/shop\s*trust\/shop-copy\.yaml:14 · Deployment "shop" is invalid: spec\.template\.spec\.containers\[0\]\.name: Invalid value: "Hello"/.test(all),
    `the rejected copy does not show its file, line and the API server's message: ${JSON.stringify(all.slice(0, 1500))}`);
  check(/CronJob\/tick-bad\s*trust\/tick-bad\.yaml:6 · CronJob "tick-bad" is invalid: spec\.schedule: Invalid value: "61 \* \* \* \*"/.test(all),
    `the invalid CronJob is not listed as not simulated: ${JSON.stringify(all.slice(0, 1500))}`);
  check(!/tick-bad-\d+/.test(all), `the invalid CronJob ran Jobs: ${JSON.stringify(all.slice(0, 1500))}`);
  // The valid shop Deployment ran: its pods are in the tree.
  check(/shop-[a-z0-9]+-[a-z0-9]{5}/.test(all), `the valid shop Deployment has no pods in the tree: ${JSON.stringify(all.slice(0, 1500))}`);

  // The rejected copy's CodeLens speaks for itself, not for shop.yaml's object of the same name.
  // (From the top of the file: a first try of the scenario may have left it scrolled down.)
  await ctx.focusEditorArea();
  await ctx.goTo(1, 1);
  const lens = await ctx.waitForText(EDITOR, /Dry run: not simulated \(rejected by the API server\)/, 20_000, 'the "not simulated" CodeLens above the rejected copy');
  check(!/Dry run: \d\/2 Ready/.test(lens), `the rejected copy borrowed the other file's result: ${JSON.stringify(lens.slice(0, 300))}`);
  await ctx.screenshotBothThemes('trust-not-simulated');

  // Selecting the rejected row takes the editor to the container name (line 14).
  // (A click may only focus the tree after the theme changed: select another row first, and retry.)
  await ctx.waitFor(async () => {
    await page.locator(`${SIDEBAR} .monaco-list-row`, { hasText: 'minikube' }).first().click();
    await page.locator(`${SIDEBAR} .monaco-list-row`, { hasText: 'Deployment/shop' }).first().click();
    await page.waitForTimeout(1000);
    return /Ln 14, Col \d+/.test(await ctx.textOf('.part.statusbar'));
  }, 20_000,
    async () => `selecting the rejected row did not reveal line 14; status bar: ${JSON.stringify(await ctx.textOf('.part.statusbar'))}`);

  // A what-if, then the CodeLens of the valid Deployment: it reveals, and the what-if stays.
  const podRow = page.locator(`${SIDEBAR} .monaco-list-row`, { hasText: /shop-[a-z0-9]+-[a-z0-9]{5}\s*Running/ }).first();
  await podRow.click({ button: 'right' });
  const item = page.getByRole('menuitem', { name: 'What If: Delete Pod' }).first();
  await item.waitFor({ state: 'visible', timeout: 10_000 });
  await page.waitForTimeout(300);
  await item.click();
  if (await item.isVisible().catch(() => false)) await page.keyboard.press('Enter');
  await ctx.waitForText(SIDEBAR, /What-ifs applied, the simulated cluster now differs from the files: kubectl delete pod shop-/, 20_000, 'the what-if note');
  const timeBefore = /Virtual time (\S+)/.exec(await ctx.textOf(SIDEBAR))?.[1];

  await ctx.openFile('shop.yaml');
  const codeLens = page.locator(`${EDITOR} .codelens-decoration a`, { hasText: /Dry run: / }).first();
  await ctx.waitFor(async () => /Dry run: \d\/2 Ready/.test((await codeLens.innerText().catch(() => '')) ?? ''), 20_000,
    async () => `no "Dry run: n/2 Ready" CodeLens above shop.yaml: ${JSON.stringify(await ctx.textOf(EDITOR))}`);
  await codeLens.click();
  await ctx.waitFor(async () => /^shop\s*\d\/2 ready/.test((await ctx.textOf(`${SIDEBAR} .monaco-list-row.selected`)).trim()), 15_000,
    async () => `the CodeLens did not select the shop Deployment in the tree; selected: ${JSON.stringify(await ctx.textOf(`${SIDEBAR} .monaco-list-row.selected`))}`);
  const side = await ctx.textOf(SIDEBAR);
  check(/What-ifs applied/.test(side), `the CodeLens discarded the what-if: ${JSON.stringify(side.slice(0, 600))}`);
  check(/Virtual time (\S+)/.exec(side)?.[1] === timeBefore, `the CodeLens re-ran the dry run: time ${timeBefore} became ${/Virtual time (\S+)/.exec(side)?.[1]}`);
  // The timeline opens with the Deployment's pods marked.
  await ctx.waitFor(async () => {
    for (const f of page.frames()) if ((await f.locator('svg g.focus').count().catch(() => 0)) > 0) return true;
    return false;
  }, 30_000, async () => 'the timeline did not open with the shop pods marked');
  await ctx.screenshotBothThemes('trust-codelens-reveal');
  // Switching the theme saves the settings file: that is no manifest, the what-if stays.
  await page.waitForTimeout(1500);
  check(/What-ifs applied/.test(await ctx.textOf(SIDEBAR)), 'saving the settings (theme switch) re-ran the dry run and discarded the what-if');
}, { timeoutMs: 240_000 });
