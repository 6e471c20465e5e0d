// kubectl run -it and kubectl exec -it in the simulated cluster terminal: the attached run opens a
// shell in the busybox container (interpreted by the behaviour model, nothing runs on the host),
// exit leaves it and --rm deletes the pod; exec -it opens a shell in a running nginx pod.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario } from '../framework.mjs';

const ROWS = '.terminal-wrapper.active .xterm-rows, .xterm-rows';

scenario('kubectl run -it and kubectl exec -it open a container shell in the simulated terminal', async (ctx) => {
  const { page } = ctx;
  const settingsDir = join(ctx.workspaceDir, '.vscode');
  const settingsFile = join(settingsDir, 'settings.json');
  mkdirSync(settingsDir, { recursive: true });
  const settings = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
  writeFileSync(settingsFile, JSON.stringify({ ...settings, 'terminal.integrated.gpuAcceleration': 'off' }, null, 2));
  await ctx.openFile(ctx.expect.valid.file);
  // The session an earlier scenario left (a large run, this scenario's first try) is replaced.
  await ctx.freshWorkspaceDryRun();

  // A terminal left by an earlier scenario would be the one whose rows are read: close them first.
  await ctx.runCommand('Terminal: Kill All Terminals');
  await ctx.runCommand('Kube Rehearsal: Open Simulated Cluster Terminal');
  await ctx.waitForText(ROWS, /Type\s+help\./, 45_000, 'the simulated cluster terminal\'s banner');
  await page.locator('.terminal-wrapper.active .xterm').first().click();
  const type = async (line) => {
    await page.keyboard.type(line, { delay: 5 });
    await page.keyboard.press('Enter');
  };

  // The clock runs at 1x in the terminal; let the pull happen faster.
  await type('clock speed 60x');
  await ctx.waitForText(ROWS, 'clock running at 60x', 15_000, 'the clock speed answer');
  await type('kubectl run -it --rm shell --image=busybox --restart=Never -- sh');
  await ctx.waitForText(ROWS, "If you don't see a command prompt, try pressing enter.", 60_000, 'the attached run\'s line');
  await ctx.waitForText(ROWS, /\/ #\s*$/m, 30_000, 'the busybox prompt');
  await type('echo hello from $HOSTNAME');
  await ctx.waitForText(ROWS, 'hello from shell', 30_000, 'the container shell\'s answer');
  await type('cat /etc/hostname');
  await ctx.waitForText(ROWS, /cat \/etc\/hostname\s+shell/, 30_000, 'the pod name in /etc/hostname');
  await ctx.screenshot('cluster-terminal-run-it');
  await type('exit');
  await ctx.waitForText(ROWS, 'pod "shell" deleted from default namespace', 60_000, 'the --rm deletion after exit');

  await type('kubectl run web --image=nginx:1.25');
  await ctx.waitForText(ROWS, 'pod/web created', 30_000, 'the nginx pod created');
  await type('sleep 20s');
  await type('kubectl exec -it web -- sh');
  await ctx.waitForText(ROWS, /root@web:\/#\s*$/m, 30_000, 'the nginx container\'s prompt');
  await type('cd /etc && cat hostname');
  await ctx.waitForText(ROWS, /root@web:\/etc#\s*$/m, 30_000, 'the prompt after cd, with the hostname printed');
  await ctx.screenshot('cluster-terminal-exec-it');
  await type('exit');
});
