// The target Kubernetes version in the editor: the status-bar item shows the version in effect
// (1.36 by default); picking 1.24 from it writes kubeRehearsal.kubernetesVersion, the item follows,
// and a batch/v1beta1 CronJob turns from "removed in 1.25" into a deprecation of 1.24 in Problems.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario, check } from '../framework.mjs';

const CRON = `apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: job
            image: busybox:1.36
`;

scenario('the target Kubernetes version: status bar, picker, findings for the chosen release', async (ctx) => {
  const { page } = ctx;
  const dir = join(ctx.workspaceDir, 'versions');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'old-cronjob.yaml'), CRON);
  await ctx.openFile('old-cronjob.yaml');

  await ctx.waitForText('.part.statusbar', /K8s 1\.36/, 45_000, 'the "K8s 1.36" status-bar item');
  // The panel lists every fixture's problems and draws only the rows in view: filter to this file.
  await ctx.openProblems();
  await page.locator('input[placeholder^="Filter (e.g. text"]').first().fill('old-cronjob');
  await ctx.waitForProblems('old-cronjob.yaml', [{ what: 'the removed-API error at the default target 1.36', mentions: 'was removed in Kubernetes 1.25', lines: [1] }]);

  // The item opens the picker; 1.24 is chosen.
  await page.locator('.part.statusbar .statusbar-item', { hasText: 'K8s 1.36' }).first().click();
  await ctx.quickInput(null, '1.24', '1.24');
  await ctx.waitForText('.part.statusbar', /K8s 1\.24/, 30_000, 'the status-bar item showing K8s 1.24 after the pick');
  await ctx.waitForProblems('old-cronjob.yaml', [{ what: 'the deprecation at target 1.24', mentions: 'is deprecated in Kubernetes 1.24 and removed in 1.25', lines: [1] }]);
  const rows = await ctx.problemsFor('old-cronjob.yaml');
  check(!rows.some((r) => /was removed in Kubernetes/.test(r.text)), `the removed-API error is still listed at 1.24: ${JSON.stringify(rows.map((r) => r.text))}`);
  await ctx.screenshot('target-version-1.24');

  // Back to the workspace default, so the scenarios after this one judge for 1.36.
  await ctx.runCommand('Select Target Kubernetes Version');
  await ctx.quickInput(null, 'Workspace default', 'Workspace default');
  await ctx.waitForText('.part.statusbar', /K8s 1\.36/, 30_000, 'the status-bar item back at K8s 1.36');
});
