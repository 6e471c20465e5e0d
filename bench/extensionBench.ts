import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WORK_DIR } from './workloads';

/** Extension figures that do not need VS Code: bundle sizes and the packaged .vsix. */

const ROOT = join(__dirname, '..');

export interface ExtensionFigures {
  bundles: { file: string; bytes: number }[];
  vsixBytes?: number;
  vsixError?: string;
}

export function measureExtension(log: (s: string) => void): ExtensionFigures {
  const bundles = ['client.js', 'server.js', 'cli.js'].map((f) => ({ file: `dist/${f}`, bytes: existsSync(join(ROOT, 'dist', f)) ? statSync(join(ROOT, 'dist', f)).size : NaN }));
  const out = join(WORK_DIR, 'kube-rehearsal.vsix');
  // The same vsce call as `npm run package`, after the build the bench already did, into bench/work/.
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out], { cwd: ROOT, encoding: 'utf8', timeout: 240000 });
  const fig: ExtensionFigures = { bundles };
  if (r.status === 0 && existsSync(out)) fig.vsixBytes = statSync(out).size;
  else fig.vsixError = (r.stderr || r.stdout || String(r.error ?? 'unknown failure')).trim().split('\n').slice(-3).join(' ');
  log(`  bundles: ${bundles.map((b) => `${b.file} ${(b.bytes / 1024).toFixed(0)} KiB`).join(', ')}; vsix ${fig.vsixBytes ? (fig.vsixBytes / 1024).toFixed(0) + ' KiB' : 'failed: ' + fig.vsixError}`);
  return fig;
}
