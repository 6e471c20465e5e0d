// `npm run test:vscode`: the in-editor tests (test/vscode) in a desktop VS Code via @vscode/test-electron.
// VS Code's desktop build cannot be downloaded on machines without internet access, so this runs only
// when one is already installed: VSCODE_EXECUTABLE=/path/to/code, or `code` on the PATH. Otherwise it
// says so and exits 0 without claiming to have run anything (the same scenarios run in code-server
// through `npm run test:e2e`).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function findCode() {
  if (process.env.VSCODE_EXECUTABLE) return existsSync(process.env.VSCODE_EXECUTABLE) ? process.env.VSCODE_EXECUTABLE : undefined;
  try {
    const p = execFileSync('which', ['code'], { encoding: 'utf8' }).trim();
    // code-server's `code` shim is not a desktop build.
    return p && !p.includes('code-server') ? p : undefined;
  } catch {
    return undefined;
  }
}

const code = findCode();
if (!code) {
  console.log('test:vscode: not run: no VS Code desktop build on this machine (set VSCODE_EXECUTABLE to one); the in-editor scenarios run in code-server with npm run test:e2e');
  process.exit(0);
}

const { runTests } = await import('@vscode/test-electron');
execFileSync(process.execPath, [join(repo, 'scripts', 'build.mjs')], { stdio: 'inherit' });
const out = mkdtempSync(join(tmpdir(), 'kr-vscode-tests-'));
// Bundled next to the test folder's expected layout so the suite finds test-fixtures by relative path.
const outfile = join(repo, 'test', 'vscode', '.suite.bundle.js');
await build({ entryPoints: [join(repo, 'test', 'vscode', 'suite.ts')], bundle: true, platform: 'node', format: 'cjs', external: ['vscode'], outfile });
try {
  await runTests({
    vscodeExecutablePath: code,
    extensionDevelopmentPath: repo,
    extensionTestsPath: outfile,
    launchArgs: [join(repo, 'test-fixtures', 'e2e-workspace'), '--disable-extensions', `--user-data-dir=${out}`],
  });
} catch (e) {
  console.error(`test:vscode: in-editor tests failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
