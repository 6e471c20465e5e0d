// "Open kubectl Terminal on the Rehearsal Cluster": the language server serves its dry-run session
// over the Kubernetes API and the extension opens an integrated terminal with KUBECONFIG set; the
// user's own kubectl (the real binary on the PATH) lists the simulated pods there, a scale there
// shows its new pod in the dry-run tree next to it, and `kubectl exec -it` opens a shell that the
// behaviour model interprets.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenario, check } from '../framework.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ROWS = '.terminal-wrapper.active .xterm-rows, .xterm-rows';
const SIDEBAR = '.part.sidebar';
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

scenario('kubectl terminal: the real kubectl against the rehearsal cluster, next to the dry-run tree', async (ctx) => {
  const { page } = ctx;
  check(hasKubectl, 'kubectl is not on the PATH: this scenario runs the real kubectl in the editor\'s terminal');
  const settingsDir = join(ctx.workspaceDir, '.vscode');
  const settingsFile = join(settingsDir, 'settings.json');
  mkdirSync(settingsDir, { recursive: true });
  const settings = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
  // The DOM renderer keeps the terminal's rows readable as text.
  writeFileSync(settingsFile, JSON.stringify({ ...settings, 'terminal.integrated.gpuAcceleration': 'off' }, null, 2));
  const dir = join(ctx.workspaceDir, 'tutorial');
  mkdirSync(dir, { recursive: true });
  cpSync(join(repo, 'test-fixtures', 'tutorial'), dir, { recursive: true });
  await ctx.openFile('nginx.yaml');

  await ctx.runCommand('Kube Rehearsal: Dry Run Workspace');
  await ctx.waitForText(SIDEBAR, /nginx-[a-z0-9]+-[a-z0-9]{5}/, 60_000, 'the nginx pods in the Dry Run tree');

  await ctx.runCommand('Terminal: Kill All Terminals');
  await ctx.runCommand('Kube Rehearsal: Open kubectl Terminal on the Rehearsal Cluster');
  await ctx.waitFor(async () => (await ctx.textOf('.terminal-wrapper.active .xterm-rows')).trim().length > 0, 45_000,
    async () => `no shell prompt in the kubectl terminal; the panel showed: ${JSON.stringify((await ctx.textOf('.part.panel')).slice(0, 400))}`);
  await page.locator('.terminal-wrapper.active .xterm').first().click();
  const type = async (line) => {
    await page.keyboard.type(line, { delay: 5 });
    await page.keyboard.press('Enter');
  };
  await type('kubectl config current-context');
  await ctx.waitForText(ROWS, /^kube-rehearsal\s*$/m, 30_000, 'the kube-rehearsal context from the kubeconfig the terminal was given');
  // The cluster is the dry run's, at the time it shows (the pods are Ready there); its clock runs at 1x.
  await type('kubectl wait --for=condition=Ready pod -l app=nginx --timeout=90s && clear && kubectl get pods');
  const text = await ctx.waitForText(ROWS, /nginx-\S+ +1\/1 +Running +0 +(\d+[smhd])+/, 120_000, 'the nginx pods Running in the real kubectl\'s get pods');
  check(/NAME +READY +STATUS +RESTARTS +AGE/.test(text), `no kubectl header row in the terminal: ${JSON.stringify(text.slice(0, 800))}`);
  check(/hello-world-\S+ +0\/1 +/.test(text), `the hello-world pod is missing from kubectl get pods: ${JSON.stringify(text.slice(0, 800))}`);
  // The shell's prompt after the output (typing before it would mix with its drawing).
  await ctx.waitForText(ROWS, /web-liveness[^\n]*\n[^\n]*[#$] *\s*$/, 30_000, 'the shell prompt after kubectl get pods');
  await ctx.screenshot('kubectl-terminal-get-pods');

  // One cluster: a scale by the user's kubectl shows its third pod in the Dry Run tree.
  const nginxInTree = async () => new Set((await ctx.textOf(SIDEBAR)).match(/nginx-[a-z0-9]+-[a-z0-9]{5}/g) ?? []);
  const before = await nginxInTree();
  check(before.size === 2, `the Dry Run tree should list two nginx pods before the scale: ${[...before].join(', ')}`);
  await type('clear && kubectl scale deploy/nginx --replicas=3 && kubectl get pods -l app=nginx');
  await ctx.waitForText(ROWS, /deployment\.apps\/nginx scaled/, 30_000, 'kubectl\'s line for the scale');
  await ctx.waitFor(async () => (await nginxInTree()).size === 3, 30_000,
    async () => `the Dry Run tree did not show a third nginx pod after kubectl scale; it listed ${[...(await nginxInTree())].join(', ')}; the sidebar showed ${JSON.stringify((await ctx.textOf(SIDEBAR)).slice(0, 800))}`);
  const added = [...(await nginxInTree())].find((n) => !before.has(n));
  await ctx.waitForText(ROWS, new RegExp(`${added} +[01]/1 +`), 30_000, `the new pod ${added} in the real kubectl's get pods`);
  await ctx.waitForText(SIDEBAR, /kubectl scale/, 15_000, 'the scale listed as a what-if in the Dry Run view');
  await ctx.waitForText(ROWS, /[#$] *\s*$/, 30_000, 'the shell prompt after kubectl get pods');
  await ctx.screenshot('kubectl-terminal-scale-tree');
  // The served session's clock runs at 1x and the tree follows it: the new pod becomes ready there.
  await ctx.waitForText(SIDEBAR, /nginx *3\/3 ready/, 90_000, 'the nginx Deployment 3/3 ready in the Dry Run tree as the clock runs');

  // exec -it: the shell is the behaviour model's interpreter (nothing runs on this machine).
  await type('kubectl exec -it deploy/nginx -- sh');
  await ctx.waitForText(ROWS, /root@nginx-\S+:\/# *$/m, 30_000, 'the container shell\'s prompt');
  await type('cat /etc/hostname; cd /usr/share/nginx/html && ls');
  await ctx.waitForText(ROWS, /:\/usr\/share\/nginx\/html# *$/m, 30_000, 'the shell in the nginx html folder after cd');
  const shell = await ctx.textOf(ROWS);
  check(/index\.html/.test(shell), `ls in the nginx html folder shows no index.html: ${JSON.stringify(shell.slice(-600))}`);
  await type('exit 3');
  await ctx.waitForText(ROWS, 'command terminated with exit code 3', 30_000, 'kubectl\'s line for the exit code of the shell');
  await ctx.screenshot('kubectl-terminal-exec');
}, { timeoutMs: 300_000 });
