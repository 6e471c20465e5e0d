// The simulated cluster terminal from the palette: kubectl typed into a VS Code terminal runs
// against the dry run's simulated cluster, the answer appears in the terminal's rows, and the
// change reaches the dry-run views (their status bar summary).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario, check } from '../framework.mjs';

const ROWS = '.terminal-wrapper.active .xterm-rows, .xterm-rows';

scenario('simulated cluster terminal runs kubectl against the dry-run cluster', async (ctx) => {
  const { page } = ctx;
  // The DOM renderer keeps the terminal's rows readable as text (the GPU renderer draws on a canvas).
  const settingsDir = join(ctx.workspaceDir, '.vscode');
  const settingsFile = join(settingsDir, 'settings.json');
  mkdirSync(settingsDir, { recursive: true });
  const settings = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
  writeFileSync(settingsFile, JSON.stringify({ ...settings, 'terminal.integrated.gpuAcceleration': 'off' }, null, 2));
  await ctx.openFile(ctx.expect.valid.file);
  // The session an earlier scenario left (a large run, this scenario's first try) is replaced.
  await ctx.freshWorkspaceDryRun();

  // A terminal left by an earlier scenario (or a first try of this one) would be the one whose rows are read.
  await ctx.runCommand('Terminal: Kill All Terminals');
  await ctx.runCommand('Kube Rehearsal: Open Simulated Cluster Terminal');
  await ctx.waitForText(ROWS, /Type\s+help\./, 45_000, 'the simulated cluster terminal\'s banner');
  await page.locator('.terminal-wrapper.active .xterm').first().click();

  const type = async (line) => {
    await page.keyboard.type(line, { delay: 5 });
    await page.keyboard.press('Enter');
  };
  await type('kubectl run hello-once --image=hello-world --restart=Never');
  await ctx.waitForText(ROWS, 'pod/hello-once created', 30_000, 'the answer to kubectl run');
  await type('sleep 20s');
  // Named: the session may hold many pods of an earlier run, which would push it out of the visible rows.
  await type('kubectl get pods hello-once');
  const text = await ctx.waitForText(ROWS, /hello-once +0\/1 +Completed +0 +\d+s/, 30_000, 'the hello-once pod Completed in kubectl get pods hello-once');
  check(/NAME +READY +STATUS +RESTARTS +AGE/.test(text), `no kubectl header row in the terminal: ${JSON.stringify(text.slice(0, 800))}`);
  // The change is a what-if of the dry-run session: the status bar summary counts the completed pod.
  await ctx.waitForText('.part.statusbar', /\d+ completed/, 20_000, 'the completed pod in the dry-run status bar summary');

  // Tab completes the pod's name from the simulated cluster.
  await page.keyboard.type('kubectl logs hello-o', { delay: 5 });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await ctx.waitForText(ROWS, 'Hello from the hello-world image!', 30_000, 'the logs of hello-once after Tab completion');
  await type('kubectl exec -it hello-once -- sh');
  await ctx.waitForText(ROWS, 'cannot exec into a container in a completed pod; current phase is Succeeded', 15_000, 'kubectl\'s message for exec into a completed pod');
  await ctx.screenshot('cluster-terminal');
});
