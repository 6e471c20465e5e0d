// Pod Security in the dry run: in a namespace that enforces restricted, the bare Pod is listed as
// rejected by the API server with the PodSecurity message, the Deployment's pods are refused
// (FailedCreate: the workload stays at 0 ready).
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenario, check } from '../framework.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SIDEBAR = '.part.sidebar';

scenario('pod security: a refused pod in the dry-run tree, the Deployment never ready', async (ctx) => {
  const { page } = ctx;
  const dir = join(ctx.workspaceDir, 'pod-security');
  mkdirSync(dir, { recursive: true });
  cpSync(join(repo, 'test-fixtures', 'pod-security'), dir, { recursive: true });
  await ctx.openFile('restricted.yaml');
  await ctx.runCommand('Kube Rehearsal: Dry Run Workspace');
  // Wait for this run's own rows: the tree still shows the previous scenario's run (with its own
  // "Not simulated" group) until this run's result replaces it.
  const tree = await ctx.waitForText(SIDEBAR, /pods "debug" is forbidden|debug/, 90_000, 'the refused pod/debug in the Dry Run tree');
  const rows = await page.locator(`${SIDEBAR} .monaco-list-row`).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent || ''));
  const text = rows.join('\n');
  check(/pods? "debug" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/.test(text) || /pods "debug" is forbidden: violates PodSecurity/.test(tree),
    `no PodSecurity refusal row for pod/debug; rows: ${JSON.stringify(rows)}`);
  // The Deployment exists, but its ReplicaSet's pods are refused: it stays at 0 ready.
  check(/web 0\/2 ready/.test(text), `the Deployment web is not shown at 0/2 ready; rows: ${JSON.stringify(rows)}`);
  await ctx.screenshot('pod-security-tree');
}, { timeoutMs: 180_000 });
