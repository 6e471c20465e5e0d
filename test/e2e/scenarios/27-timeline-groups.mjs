// A dry run of more pods than the timeline draws one by one: one row per workload with its pod
// count, which opens on a click to its pods' rows, 100 at a time, and a "+ N pods" row for the rest.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario, check } from '../framework.mjs';

const REPLICAS = 320;

scenario('timeline of a large run: one row per workload, opened on demand', async (ctx) => {
  const { page } = ctx;
  const dir = join(ctx.workspaceDir, 'timeline-big');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'timeline-big.yaml'), `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: crowd\nspec:\n  replicas: ${REPLICAS}\n  selector:\n    matchLabels:\n      app: crowd\n  template:\n    metadata:\n      labels:\n        app: crowd\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          resources:\n            requests:\n              cpu: 5m\n              memory: 8Mi\n`);
  try {
    await ctx.openFile('timeline-big.yaml');
    await ctx.runCommand('Kube Rehearsal: Dry Run Current File');
    await ctx.waitForText('.part.sidebar', /crowd/, 120_000, 'the crowd Deployment in the Dry Run tree');
    await ctx.runCommand('Kube Rehearsal: Open Dry Run Timeline');
    const frameWith = async (re) => {
      for (const f of page.frames()) {
        const text = await f.locator('body').innerText({ timeout: 1000 }).catch(() => '');
        if (re.test(text)) return { f, text };
      }
      return null;
    };
    const closed = await ctx.waitFor(() => frameWith(new RegExp(`▸ crowd \\(${REPLICAS} pods\\)`)), 60_000,
      async () => `no aggregated row "crowd (${REPLICAS} pods)" in the timeline`);
    check(!/crowd-[a-z0-9]+-[a-z0-9]{5}/.test(closed.text), 'pod rows are drawn before the row is opened');
    await ctx.screenshot('27-timeline-closed');
    await closed.f.locator('text.label.toggle', { hasText: 'crowd' }).first().click();
    const open = await ctx.waitFor(() => frameWith(new RegExp(`\\+ ${REPLICAS - 100} pods`)), 20_000,
      async () => 'opening the row did not list 100 pods and a "+ N pods" row');
    check(/▾ crowd/.test(open.text), 'the opened row is not marked open');
    const podRows = (open.text.match(/crowd \/ …[a-z0-9]+-[a-z0-9]{5}/g) ?? []).length;
    check(podRows === 100, `the opened row lists ${podRows} pods, not 100`);
    await ctx.screenshotBothThemes('27-timeline-opened');
    await open.f.locator('text.label.toggle', { hasText: `+ ${REPLICAS - 100} pods` }).first().click();
    await ctx.waitFor(() => frameWith(new RegExp(`\\+ ${REPLICAS - 200} pods`)), 20_000, async () => 'the "+ N pods" row did not show the next 100');
  } finally {
    // Later scenarios run the workspace: 320 more pods would slow them and fill their terminals.
    rmSync(dir, { recursive: true, force: true });
  }
});
