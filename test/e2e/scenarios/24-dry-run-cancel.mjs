// Stop and scale: a dry run of 3,000 Deployments shows its progress (the virtual time reached) in a
// cancellable notification; Cancel stops it for real: the notification goes, the status bar says
// so, and the language server answers a completion within a second or so of the click.
// Screenshots of the progress and of the completion after Cancel, in dark and light themes.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario, check } from '../framework.mjs';

const DEPLOYMENTS = 3000;
const TOAST = '.notifications-toasts .notification-toast';
// The run's progress: its manifests being applied (thousands take seconds), then the virtual time reached.
const RUNNING = /Starting: applying the manifests|Simulating: \d/;

function deployments(n) {
  let out = '';
  for (let i = 0; i < n; i++) {
    out += `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: scale-${i}\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: scale-${i}\n  template:\n    metadata:\n      labels:\n        app: scale-${i}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n`;
  }
  return out;
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: typing
spec:
  containers:
    - name: web
      image: nginx:1.27
      
`;

scenario('dry run cancel: a large dry run shows progress, Cancel stops it and completion answers at once', async (ctx) => {
  const { page } = ctx;
  const dir = join(ctx.workspaceDir, 'scale');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'scale-many.yaml'), deployments(DEPLOYMENTS));
  writeFileSync(join(dir, 'scale-typing.yaml'), POD);
  try {
    // An open document is indexed at once; the file watcher may report scale-many.yaml (written a
    // moment ago) only after the run has started, which then is small and over before its progress shows.
    await ctx.openFile('scale-many.yaml');
    await ctx.openFile('scale-typing.yaml');
    // The progress notification says what the run is doing, then the virtual time reached. Should the
    // first run still miss the big file, it is started once more.
    let progress;
    for (let attempt = 1; ; attempt++) {
      await ctx.runCommand('Kube Rehearsal: Dry Run Workspace');
      try {
        progress = await ctx.waitForText(TOAST, RUNNING, attempt === 1 ? 60_000 : 120_000, 'the dry run\'s progress (Starting: applying the manifests, or Simulating: <virtual time>) in its notification');
        break;
      } catch (err) {
        if (attempt === 2) throw err;
      }
    }
    check(/Dry run of the workspace/.test(progress), `the progress notification has no title: ${JSON.stringify(progress)}`);
    await ctx.screenshotBothThemes('dry-run-cancel-progress');
    const stillRunning = await ctx.textOf(TOAST);
    check(RUNNING.test(stillRunning), `the run ended before it could be cancelled (make it larger): ${JSON.stringify(stillRunning)}`);

    // Cancel: the request ends (its notification goes) at once, then completion is answered at once.
    await page.locator(`${TOAST} .monaco-button`, { hasText: 'Cancel' }).first().click();
    const cancelledAt = Date.now();
    await ctx.waitFor(async () => (await page.locator(TOAST, { hasText: 'Dry run of the workspace' }).count()) === 0, 5_000, async () => `the progress notification stayed after Cancel: ${JSON.stringify(await ctx.textOf(TOAST))}`);
    const endedMs = Date.now() - cancelledAt;
    await ctx.waitForText('.part.statusbar', /Dry run cancelled/, 5_000, 'the "Dry run cancelled" status bar message');
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await ctx.goTo(9, 7);
    const askedAt = Date.now();
    await page.keyboard.press('Control+Space');
    await ctx.waitFor(async () => (await ctx.suggestRows()).some((r) => /^ports\b/.test(r.trim())), 10_000, async () => `no container keys offered after Cancel: ${JSON.stringify(await ctx.suggestRows())}`);
    const answeredMs = Date.now() - askedAt;
    console.log(`  after Cancel: the run's notification went in ${endedMs} ms; completion shown ${answeredMs} ms after Ctrl+Space (${Date.now() - cancelledAt} ms after Cancel)`);
    // A second for the server; a little more for the browser and the workbench around it.
    check(endedMs < 2000, `the dry run's notification stayed ${endedMs} ms after Cancel`);
    check(answeredMs < 2000, `completion after Cancel took ${answeredMs} ms`);
    await ctx.screenshot('dry-run-cancel-completion');
    await page.keyboard.press('Escape');
    // The run did not finish behind the scenes: no result for 3,000 Deployments reached the view.
    await page.waitForTimeout(3000);
    check(!/scale-\d+-[a-z0-9]+-[a-z0-9]{5}/.test(await ctx.textOf('.part.sidebar')), 'the cancelled run\'s pods appeared in the Dry Run tree');
  } finally {
    // Later scenarios dry-run the workspace: they must not simulate 3,000 Deployments (an open
    // editor keeps its document in the language server, so close it before removing the file).
    await ctx.reset().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}, { timeoutMs: 300_000 });

// Large results stay usable: 130 Deployments show as 100 rows and a "Show 30 more" row.
scenario('dry run paging: a long list of workloads ends in a "Show more" row that shows the rest', async (ctx) => {
  const { page } = ctx;
  const dir = join(ctx.workspaceDir, 'paging');
  mkdirSync(dir, { recursive: true });
  let text = '';
  for (let i = 0; i < 130; i++) text += `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: page-${String(i).padStart(3, '0')}\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: page-${i}\n  template:\n    metadata:\n      labels:\n        app: page-${i}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n`;
  writeFileSync(join(dir, 'paging-many.yaml'), text);
  try {
    // A manifest open activates the extension (this scenario may run first).
    await ctx.openFile('paging-many.yaml');
    await ctx.runCommand('Kube Rehearsal: Dry Run Workspace');
    const SIDEBAR = '.part.sidebar';
    await ctx.waitForText(SIDEBAR, /page-000/, 120_000, 'the paging Deployments in the Dry Run tree');
    // The tree draws only the rows in view: go to the "Show more" row by typing its label (tree find).
    const focused = async () => (await page.locator(`${SIDEBAR} .monaco-list-row.focused`).first().getAttribute('aria-label').catch(() => null)) ?? '';
    const focusedLevel = async () => (await page.locator(`${SIDEBAR} .monaco-list-row.focused`).first().getAttribute('aria-level').catch(() => null)) ?? '';
    // Collapse everything, open Workloads (its 100 Deployments collapsed), and go to the row
    // before the next group: the end of the Workloads list.
    await page.locator(`${SIDEBAR} .action-label[aria-label^="Collapse All"]`).first().click();
    await page.locator(`${SIDEBAR} .monaco-list-row`, { hasText: 'Workloads' }).first().click();
    await ctx.waitFor(async () => (await page.locator(`${SIDEBAR} .monaco-list-row`, { hasText: 'page-000' }).count()) > 0, 10_000, async () => 'Workloads did not open');
    // Walk down the Workloads list (other groups, such as Pods and Services of earlier scenarios,
    // may follow it, so End would land past it) until the wanted row or the next group.
    const walkTo = async (wanted) => {
      for (let i = 0; i < 200; i++) {
        const f = await focused();
        if (wanted.test(f) || (i > 0 && (await focusedLevel()) === '1')) return f;
        await page.keyboard.press('ArrowDown');
      }
      return focused();
    };
    await walkTo(/^Show \d+ more/);
    const row = await ctx.waitFor(async () => { const f = await focused(); return /^Show \d+ more/.test(f) ? f : null; }, 10_000, async () => `the end of the Workloads list is no "Show N more" row; focused: ${JSON.stringify(await focused())}`);
    check(/^Show 3\d more\b/.test(row) && /100 of 13\d shown/.test(row), `the more row does not say how many are left and shown: ${JSON.stringify(row)}`);
    await ctx.screenshotBothThemes('dry-run-paging-more');
    await page.locator(`${SIDEBAR} .monaco-list-row.focused`).first().click();
    await ctx.waitFor(async () => (await page.locator(`${SIDEBAR} .monaco-list-row`, { hasText: /^Show 3\d more/ }).count()) === 0, 10_000, async () => 'the "Show more" row stayed after a click');
    // Now the list goes on to the last Deployment (the click left the focus at the top: go down
    // to the Workloads group first).
    for (let i = 0; i < 20 && !/^Workloads\b/.test(await focused()); i++) await page.keyboard.press('ArrowDown');
    await walkTo(/^page-129\b/);
    await ctx.waitFor(async () => /^page-129\b/.test(await focused()), 10_000, async () => `page-129 does not end the Workloads list after Show more; focused: ${JSON.stringify(await focused())}`);
    await ctx.screenshot('dry-run-paging-shown');
  } finally {
    // Leave the tree as later scenarios expect it: its groups open (Collapse All closed them).
    await ctx.expandTreeGroups();
    rmSync(dir, { recursive: true, force: true });
  }
}, { timeoutMs: 240_000 });
