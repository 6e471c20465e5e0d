// The rollout preview opens rendered (the Markdown preview, not its source) and leads with the
// root cause: a tag that does not exist cannot be pulled, which pod, since when; then the consequences.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario, check } from '../framework.mjs';

const web = (image) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: rollweb
spec:
  replicas: 3
  selector:
    matchLabels: { app: rollweb }
  template:
    metadata:
      labels: { app: rollweb }
    spec:
      containers:
        - name: nginx
          image: ${image}
`;

async function previewText(page) {
  for (const f of page.frames()) {
    const text = await f.locator('body').innerText({ timeout: 1000 }).catch(() => '');
    if (text.includes('Rollout preview from git HEAD')) return text;
  }
  return null;
}

scenario('rollout preview: rendered, the root cause first', async (ctx) => {
  const { page } = ctx;
  const dir = join(ctx.workspaceDir, 'rollout');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'rollweb.yaml'), web('nginx:1.27'));
  const git = (...args) => execFileSync('git', ['-c', 'user.email=e2e@example.invalid', '-c', 'user.name=e2e', ...args], { cwd: dir, stdio: 'pipe' });
  try {
    git('init', '-q');
  } catch {
    check(false, 'git is not installed: the rollout preview needs it');
  }
  git('add', '.');
  git('commit', '-q', '-m', 'web');
  writeFileSync(join(dir, 'rollweb.yaml'), web('nginx:1.200'));
  await ctx.openFile('rollweb.yaml');

  await ctx.runCommand('Kube Rehearsal: Preview Rollout from Git HEAD');
  const text = await ctx.waitFor(() => previewText(page), 90_000, async () => 'no rendered rollout preview appeared');
  // Rendered: headings and bold text, no Markdown markup on screen.
  check(!/\*\*Cause:\*\*|^## /m.test(text), `the report is shown as Markdown source: ${JSON.stringify(text.slice(0, 400))}`);
  const cause = text.search(/Cause: the image nginx:1\.200 cannot be pulled: pod rollweb-[a-z0-9]+-[a-z0-9]{5} in ImagePullBackOff since \+\d+s/);
  check(cause >= 0, `the report does not lead with the pull failure: ${JSON.stringify(text.slice(0, 800))}`);
  const deadline = text.search(/progress deadline/);
  check(deadline > cause, `the progress deadline is not after the cause: ${JSON.stringify(text.slice(0, 800))}`);
  check((text.match(/^Deployment rollweb:/gm) ?? []).length === 1, `the Deployment is not listed exactly once: ${JSON.stringify(text.slice(0, 800))}`);
  await ctx.screenshotBothThemes('rollout-preview');
}, { timeoutMs: 180_000 });
