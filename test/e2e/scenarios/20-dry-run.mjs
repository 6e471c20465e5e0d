// The dry run from the palette: the tutorial manifests (hello-world Deployment, nginx with a Service,
// a broken liveness probe) fill the Kube Rehearsal tree with the expected pods and statuses, the
// predictions reach the Problems panel, and the timeline webview opens and draws the pods.
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenario, check } from '../framework.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SIDEBAR = '.part.sidebar';

scenario('dry run fills the tree, predicts problems and opens the timeline', async (ctx) => {
  const { page } = ctx;
  // The tutorial next to the e2e fixtures; the language server's file watcher indexes it.
  const dir = join(ctx.workspaceDir, 'tutorial');
  mkdirSync(dir, { recursive: true });
  cpSync(join(repo, 'test-fixtures', 'tutorial'), dir, { recursive: true });
  for (const name of ['nginx.yaml', 'liveness.yaml', 'hello-world.yaml']) await ctx.openFile(name);

  await ctx.runCommand('Kube Rehearsal: Dry Run Workspace');
  const tree = await ctx.waitForText(SIDEBAR, /hello-world-[a-z0-9]+-[a-z0-9]{5}/, 60_000, 'the hello-world pod in the Dry Run tree');
  for (const want of ['Nodes', 'minikube', 'Workloads', 'nginx', 'Services', 'web-liveness']) {
    check(tree.includes(want), `the Dry Run tree lacks "${want}"; it showed: ${JSON.stringify(tree.slice(0, 800))}`);
  }
  // Each pod row shows STATUS · READY · RESTARTS · node.
  const rows = await page.locator(`${SIDEBAR} .monaco-list-row`).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent || ''));
  const rowText = rows.join('\n');
  check(/hello-world-\S+ CrashLoopBackOff · 0\/1 · \d+ restarts · minikube/.test(rowText), `no CrashLoopBackOff row for hello-world; rows: ${JSON.stringify(rows)}`);
  check(/nginx-\S+ Running · 1\/1 · 0 restarts · minikube/.test(rowText), `no Running 1/1 nginx pod; rows: ${JSON.stringify(rows)}`);
  check(/web-liveness (Running|CrashLoopBackOff) · [01]\/1 · [1-9]\d* restarts/.test(rowText), `web-liveness is not restarting; rows: ${JSON.stringify(rows)}`);
  check(/nginx ClusterIP 80\/TCP · 2\/2 endpoints ready/.test(rowText), `the nginx Service row is missing or has no ready endpoints; rows: ${JSON.stringify(rows)}`);
  // The virtual time is shown next to the view title, and the status bar summarises the run.
  await ctx.waitForText('.part.statusbar', /\d+ ready, \d+ failing/, 10_000, 'the dry-run summary in the status bar');
  // The CodeLens above the Deployment in the open editor shows the outcome.
  await ctx.waitForText('.editor-group-container.active .monaco-editor', /Dry run: CrashLoopBackOff/, 20_000, 'the "Dry run: CrashLoopBackOff" CodeLens above hello-world');
  await ctx.screenshot('dry-run-tree');

  // Time controls: the view's message shows the virtual time, and +10 s moves it.
  const before = /Virtual time (\S+)/.exec(await ctx.textOf(SIDEBAR))?.[1];
  check(before, 'the view does not show the virtual time');
  await ctx.runCommand('Kube Rehearsal: Step Forward 10 Seconds');
  await ctx.waitFor(async () => {
    const now = /Virtual time (\S+)/.exec(await ctx.textOf(SIDEBAR))?.[1];
    return now && now !== before ? now : null;
  }, 20_000, async () => `the virtual time stayed at ${before} after +10 s`);

  // Selecting a pod reveals its template in the manifest.
  // (The tree re-renders after the step; a click that lands mid-render is retried.)
  await page.waitForTimeout(1000);
  await ctx.waitFor(async () => {
    // Selecting another row first makes each attempt a selection change.
    await page.locator(`${SIDEBAR} .monaco-list-row`, { hasText: 'minikube' }).first().click();
    await page.locator(`${SIDEBAR} .monaco-list-row`, { hasText: /hello-world-[a-z0-9]+-[a-z0-9]{5}/ }).first().click();
    await page.waitForTimeout(1000);
    return /Ln 15, Col \d+/.test(await ctx.textOf('.part.statusbar'));
  }, 15_000, async () => `selecting the hello-world pod did not reveal its template (line 15); status bar: ${JSON.stringify(await ctx.textOf('.part.statusbar'))}`);

  // Predictions land on the lines that cause them.
  await ctx.openProblems();
  await ctx.waitForText('.markers-panel',
    /pods of Deployment hello-world end in CrashLoopBackOff: container hello-world exits with code 0 and restartPolicy is Always \(at \d+s\)[\s\S]{0,80}kube-rehearsal dry-run[\s\S]{0,80}\[Ln 22, Col 18\]/,
    30_000, 'the dry-run CrashLoopBackOff prediction on the image line (22) of hello-world.yaml');
  await ctx.screenshot('dry-run-problems');

  // The timeline webview draws one bar per pod.
  await ctx.runCommand('Kube Rehearsal: Open Dry Run Timeline');
  const frameText = await ctx.waitFor(async () => {
    for (const f of page.frames()) {
      const text = await f.locator('body').innerText({ timeout: 1000 }).catch(() => '');
      if (text.includes('ReplicaSets of Deployment nginx')) return text;
    }
    return null;
  }, 30_000, async () => 'the timeline webview did not render the ReplicaSet chart of Deployment nginx');
  check(/hello-world/.test(frameText) && /web-liveness/.test(frameText), `the timeline lacks pod bars: ${JSON.stringify(frameText.slice(0, 500))}`);
  await ctx.screenshot('dry-run-timeline');

  // Clicking a pod's bar selects that pod in the tree.
  let frame;
  for (const f of page.frames()) if ((await f.locator('svg g[data-pod="default/web-liveness"]').count().catch(() => 0)) > 0) frame = f;
  check(frame, 'the timeline has no bar for default/web-liveness');
  await frame.locator('svg g[data-pod="default/web-liveness"] rect.seg').last().click();
  await ctx.waitFor(async () => /web-liveness/.test(await ctx.textOf(`${SIDEBAR} .monaco-list-row.selected`)), 15_000,
    async () => `clicking the web-liveness bar did not select it in the tree; selected: ${JSON.stringify(await ctx.textOf(`${SIDEBAR} .monaco-list-row.selected`))}`);

  // A what-if from the context menu: delete an nginx pod; the ReplicaSet replaces it and the view
  // says the simulated cluster now differs from the files.
  const nginxRow = page.locator(`${SIDEBAR} .monaco-list-row`, { hasText: /nginx-[a-z0-9]+-[a-z0-9]{5}\s*Running/ }).first();
  const victim = /nginx-[a-z0-9]+-[a-z0-9]{5}/.exec(await nginxRow.innerText())?.[0];
  await nginxRow.click({ button: 'right' });
  const item = page.getByRole('menuitem', { name: 'What If: Delete Pod' }).first();
  await item.waitFor({ state: 'visible', timeout: 10_000 });
  await page.waitForTimeout(300); // the menu animates in; a click during it can be lost
  await item.click();
  if (await item.isVisible().catch(() => false)) await page.keyboard.press('Enter');
  await ctx.waitForText(SIDEBAR, /What-ifs applied, the simulated cluster now differs from the files: kubectl delete pod nginx-/, 20_000, 'the what-if note in the Dry Run view');
  await ctx.waitFor(async () => {
    const rowsNow = await page.locator(`${SIDEBAR} .monaco-list-row`).evaluateAll((els) => els.map((e) => e.textContent || ''));
    const pods = rowsNow.map((r) => /^nginx-[a-z0-9]+-[a-z0-9]{5}/.exec(r)?.[0]).filter(Boolean);
    return !pods.includes(victim) && new Set(pods).size >= 2;
  }, 20_000, async () => `the tree still shows the deleted pod ${victim}, or no replacement: ${JSON.stringify(await ctx.textOf(SIDEBAR))}`);
  await ctx.screenshot('dry-run-what-if');

  // The event log in kubectl get events columns.
  await ctx.runCommand('Kube Rehearsal: Show Events');
  // (The output editor renders only the lines in view: the end of the log, with the what-if's events.)
  await ctx.waitForText('.part.panel', /\+\d+m\d*s?\s+Normal\s+Killing\s+pod\/nginx-[a-z0-9]+-[a-z0-9]{5}\s+Stopping container nginx/, 15_000, 'the dry-run event log in the Output panel');
}, { timeoutMs: 240_000 });
