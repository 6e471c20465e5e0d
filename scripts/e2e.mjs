// End-to-end tests of the packaged extension in a real VS Code: code-server driven by Chromium.
// Builds and packages the .vsix, installs code-server (../shared/tools/code-server/install.sh,
// cached in .cache/code-server), installs the .vsix into a fresh extensions dir, starts code-server
// on a free loopback port with a fresh user-data dir and a copy of test-fixtures/e2e-workspace,
// runs test/e2e/scenarios/*.mjs through playwright-core, and always stops what it started.
//
// Env: KR_E2E_ONLY=a|b      run only scenarios whose name contains one of these substrings
//      KR_E2E_BREAK_SERVER=1 package (in a temp copy) a .vsix whose dist/server.js throws at start,
//                           to check that the suite fails clearly on a broken build
//      KR_E2E_TIMEOUT_S=N   overall limit (default 900)
// A scenario registered with { locale } runs in a window of a second code-server started with
// --locale (code-server takes the display language at start); for it a stand-in language pack of that
// locale is registered (no translations of VS Code's own texts, which stay English), since a real
// one cannot be fetched offline: it is what makes VS Code resolve the locale and give the
// extension vscode.env.language = locale, package.nls.<locale>.json and l10n/bundle.l10n.<locale>.json.
// Output: PASS/FAIL per scenario with screenshot paths, then "N passed, M failed". Exit 1 on any failure.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, createWriteStream, accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort, run, start, stopAll, stopProcess, waitForHttp } from '../test/e2e/processes.mjs';
import { createContext, registeredScenarios, runScenarios } from '../test/e2e/framework.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CS_DIR = join(repo, '.cache', 'code-server');
const CS_BIN = join(CS_DIR, 'node_modules', '.bin', 'code-server');
const INSTALL_SCRIPT = resolve(repo, '..', 'shared', 'tools', 'code-server', 'install.sh');
const CHROMIUM = process.env.KR_E2E_CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = join(repo, 'artifacts', 'e2e');
const FIXTURE = join(repo, 'test-fixtures', 'e2e-workspace');
const BREAK_SERVER = process.env.KR_E2E_BREAK_SERVER === '1';
const OVERALL_TIMEOUT_MS = Number(process.env.KR_E2E_TIMEOUT_S || 900) * 1000;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const t0 = Date.now();
const log = (msg) => console.log(msg);
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;

let browser;
let codeServer;
let tmp;
let cleaning;
let expectedScenarioCount = 0;

/** Stops the browser and every process we started, removes the temp dir; safe to call twice. */
function cleanup() {
  cleaning ??= (async () => {
    if (browser) await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
    if (codeServer) await stopProcess(codeServer);
    await stopAll();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  })();
  return cleaning;
}

function finish(passed, failed, code, retried = 0) {
  log(`e2e wall time: ${elapsed()}`);
  log(`${passed} passed${retried ? ` (${retried} of them on a retry, see RETRY above)` : ''}, ${failed} failed`);
  process.exitCode = code;
}

async function abort(reason, exitCode) {
  log(`e2e: ${reason}`);
  await cleanup();
  finish(0, Math.max(expectedScenarioCount, 1), exitCode);
  process.exit(exitCode);
}

for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(sig, () => void abort(`interrupted by ${sig}; stopped everything this run started`, code));
}
const watchdog = setTimeout(
  () => void abort(`overall time limit of ${OVERALL_TIMEOUT_MS / 1000} s reached; stopped everything this run started`, 1),
  OVERALL_TIMEOUT_MS,
);
watchdog.unref();

class SetupError extends Error {}

async function step(what, fn) {
  const s = Date.now();
  log(`e2e: ${what}...`);
  const r = await fn();
  log(`e2e: ${what}: done in ${((Date.now() - s) / 1000).toFixed(1)} s`);
  return r;
}

const tail = (s, n = 1200) => (s.length > n ? '…' + s.slice(-n) : s).trim();

async function installCodeServer() {
  if (existsSync(INSTALL_SCRIPT)) {
    const r = await run('bash', [INSTALL_SCRIPT, CS_DIR], { cwd: repo, timeoutMs: 15 * 60_000 });
    if (r.code !== 0) {
      throw new SetupError(
        `could not install code-server/Chromium with ${INSTALL_SCRIPT} (exit ${r.code}; it needs root for apt-get and the npm registry): ${tail(r.stderr || r.stdout)}`,
      );
    }
  } else if (!existsSync(CS_BIN)) {
    throw new SetupError(`code-server is not installed in ${CS_DIR} and the installer ${INSTALL_SCRIPT} is missing (../shared is not present)`);
  }
  try {
    accessSync(CS_BIN, constants.X_OK);
  } catch {
    throw new SetupError(`code-server binary ${CS_BIN} is missing after installation`);
  }
  try {
    accessSync(CHROMIUM, constants.X_OK);
  } catch {
    throw new SetupError(`Chromium is not installed at ${CHROMIUM} (install.sh apt-installs it when run as root; KR_E2E_CHROMIUM overrides the path)`);
  }
}

async function packageVsix(into) {
  const r = await run('npm', ['run', 'package'], { cwd: repo, timeoutMs: 5 * 60_000 });
  if (r.code !== 0) throw new SetupError(`npm run package failed (exit ${r.code}): ${tail(r.stderr + r.stdout)}`);
  const built = join(repo, 'dist', 'kube-rehearsal.vsix');
  if (!existsSync(built)) throw new SetupError(`npm run package did not write ${built}`);
  const vsix = join(into, 'kube-rehearsal.vsix');
  if (!BREAK_SERVER) {
    cpSync(built, vsix);
    return vsix;
  }
  // A deliberately broken build, made in a temp copy (the real sources are never touched):
  // the same files and vsce flags as `npm run package`, but dist/server.js throws at start.
  const stage = join(into, 'broken-package');
  const include = ['package.json', 'README.md', 'LICENSE', '.vscodeignore', 'dist/client.js', 'dist/cli.js', 'schemas', 'docs/rules.md', 'media'];
  for (const rel of include) if (existsSync(join(repo, rel))) cpSync(join(repo, rel), join(stage, rel), { recursive: true });
  writeFileSync(join(stage, 'dist', 'server.js'), "throw new Error('KR_E2E_BREAK_SERVER: this language server was broken on purpose');\n");
  const script = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).scripts.package;
  const flags = (/vsce package(.*?)(?:&&|$)/.exec(script)?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
  const outAt = flags.findIndex((f) => f === '-o' || f === '--out');
  if (outAt >= 0) flags.splice(outAt, 2);
  const vsce = join(repo, 'node_modules', '.bin', 'vsce');
  const p = await run(vsce, ['package', ...flags, '-o', vsix], { cwd: stage, timeoutMs: 2 * 60_000 });
  if (p.code !== 0) throw new SetupError(`packaging the broken build failed: ${tail(p.stderr + p.stdout)}`);
  log('e2e: KR_E2E_BREAK_SERVER=1: packaged a .vsix whose dist/server.js throws at start (the suite must fail)');
  return vsix;
}

/**
 * Registers a language pack for `locale` whose translation of VS Code's own strings is empty, as
 * VS Code records an installed pack (languagepacks.json in the user-data dir; code-server's
 * --install-extension does not write it). VS Code then resolves the display language to `locale`
 * (a locale without a pack falls back to English for the whole window, the extension's texts
 * included) while its own UI stays English.
 */
function registerLanguagePack(locale, userDataDir) {
  const translations = join(tmp, `language-pack-${locale}`, 'main.i18n.json');
  mkdirSync(dirname(translations), { recursive: true });
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const file = join(userDataDir, 'languagepacks.json');
  const packs = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  packs[locale] = {
    hash: `kube-rehearsal-e2e-${locale}`,
    extensions: [{ extensionIdentifier: { id: `kube-rehearsal-e2e.language-pack-${locale}` }, version: '0.0.1' }],
    translations: { vscode: translations },
    label: locale,
  };
  writeFileSync(file, JSON.stringify(packs));
}

/** Debian packages with a font for a locale's script (headless Chromium otherwise draws Hangul as boxes). */
const FONT_PACKAGES = { ko: 'fonts-nanum' };

/** Makes sure a font for `locale` is installed (apt-get as root, as install.sh does for Chromium). */
async function ensureFont(locale) {
  const pkg = FONT_PACKAGES[locale];
  if (!pkg) return;
  const has = async () => (await run('fc-list', [`:lang=${locale}`, 'family'], { timeoutMs: 30_000 }).catch(() => ({ stdout: '' }))).stdout.trim() !== '';
  if (await has()) return;
  if (process.getuid?.() !== 0) throw new SetupError(`no font for the ${locale} scenarios: install the Debian package ${pkg} (needs root)`);
  let r = await run('apt-get', ['install', '-y', '-qq', pkg], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeoutMs: 5 * 60_000 });
  if (r.code !== 0) {
    await run('apt-get', ['update', '-qq'], { timeoutMs: 5 * 60_000 });
    r = await run('apt-get', ['install', '-y', '-qq', pkg], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeoutMs: 5 * 60_000 });
  }
  if (r.code !== 0 || !(await has())) throw new SetupError(`could not install ${pkg} for the ${locale} scenarios (exit ${r.code}): ${tail(r.stderr || r.stdout)}`);
}

/** code-server's own config and data go to the temp dir, never to the user's home. */
function isolatedEnv() {
  const env = { ...process.env, XDG_CONFIG_HOME: join(tmp, 'xdg-config'), XDG_DATA_HOME: join(tmp, 'xdg-data'), XDG_CACHE_HOME: join(tmp, 'xdg-cache') };
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

async function loadScenarios() {
  const dir = join(repo, 'test', 'e2e', 'scenarios');
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()) await import(pathToFileURL(join(dir, f)).href);
  const only = process.env.KR_E2E_ONLY;
  const wanted = only ? only.toLowerCase().split('|') : [];
  return registeredScenarios().filter((s) => wanted.length === 0 || wanted.some((w) => s.name.toLowerCase().includes(w)));
}

async function main() {
  const scenarios = await loadScenarios();
  expectedScenarioCount = scenarios.length;
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'kr-e2e-'));
  const extensionsDir = join(tmp, 'extensions');
  const userDataDir = join(tmp, 'user-data');
  const workspace = join(tmp, 'e2e-workspace');

  await step('installing code-server and Chromium (cached)', installCodeServer);
  for (const locale of new Set(scenarios.map((s) => s.locale).filter(Boolean))) await step(`checking for a font of locale ${locale}`, () => ensureFont(locale));
  const vsix = await step('building and packaging the .vsix', () => packageVsix(tmp));

  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        'workbench.tips.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'update.mode': 'none',
        'workbench.enableExperiments': false,
        'chat.disableAIFeatures': true,
        'editor.quickSuggestions': { other: false, comments: false, strings: false },
      },
      null,
      2,
    ),
  );
  cpSync(FIXTURE, workspace, { recursive: true });

  const install = async (file) => {
    const r = await run(CS_BIN, ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', file, '--force'], {
      env: isolatedEnv(),
      timeoutMs: 3 * 60_000,
    });
    const out = r.stdout + r.stderr;
    if (r.code !== 0 || !/successfully installed/i.test(out)) throw new SetupError(`code-server --install-extension ${file} failed (exit ${r.code}): ${tail(out)}`);
  };
  await step('installing the .vsix into a fresh extensions dir', () => install(vsix));

  /** Starts a code-server on a free loopback port; resolves with its process and base URL. */
  const startCodeServer = async (dataDir, extraArgs, logName, folder = workspace) => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const logStream = createWriteStream(join(ARTIFACTS, logName));
    const child = start(
      CS_BIN,
      ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', dataDir, '--extensions-dir', extensionsDir,
        '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--disable-workspace-trust', ...extraArgs, folder],
      { cwd: tmp, env: isolatedEnv(), logStream },
    );
    let dead = false;
    child.exited.then(() => { dead = true; });
    await waitForHttp(`${url}/healthz`, 60_000, () => dead).catch(async (e) => {
      await stopProcess(child);
      throw new SetupError(`code-server did not start: ${e.message} (log: ${join(ARTIFACTS, logName)})`);
    });
    return { child, url };
  };
  let base;
  await step('starting code-server', async () => {
    const started = await startCodeServer(userDataDir, [], 'code-server.log');
    codeServer = started.child;
    base = started.url;
    log(`e2e: code-server answers on ${base}`);
  });

  const { chromium } = await import('playwright-core');
  const consoleLines = [];
  const page = await step('opening the workbench in Chromium', async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      timeout: 60_000,
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    const p = await context.newPage();
    p.setDefaultTimeout(15_000);
    p.on('console', (m) => consoleLines.push(`[${new Date().toISOString()}] ${m.type()}: ${m.text()}`));
    p.on('pageerror', (e) => consoleLines.push(`[${new Date().toISOString()}] pageerror: ${e.message}`));
    await p.goto(`${base}/?folder=${encodeURIComponent(workspace)}`, { timeout: 60_000 });
    await p.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer shows the fixture files once the remote file system is connected.
    await p.locator('.explorer-folders-view .monaco-list-row', { hasText: 'mistakes.yaml' }).first().waitFor({ timeout: 60_000 });
    return p;
  });

  const expectations = JSON.parse(readFileSync(join(repo, 'test', 'e2e', 'expectations.json'), 'utf8'));
  /**
   * A window whose display language is `locale`: code-server takes the display language at start
   * (--locale; without an argv.json it ignores the browser's cookie and Accept-Language), so such a
   * scenario gets a code-server of its own, with its own user-data dir (the same settings and
   * extensions) and a language pack registered there; both are stopped when the scenario ends.
   */
  const localizedContext = async (locale) => {
    const t0 = Date.now();
    const dataDir = join(tmp, `user-data-${locale}`);
    mkdirSync(join(dataDir, 'User'), { recursive: true });
    cpSync(join(userDataDir, 'User', 'settings.json'), join(dataDir, 'User', 'settings.json'));
    registerLanguagePack(locale, dataDir);
    // A fresh copy of the fixture: what earlier scenarios added to the shared workspace (and the
    // problems it has) stays out of this window.
    const folder = join(tmp, `e2e-workspace-${locale}`);
    rmSync(folder, { recursive: true, force: true });
    cpSync(FIXTURE, folder, { recursive: true });
    const server = await startCodeServer(dataDir, ['--locale', locale], `code-server-${locale}.log`, folder);
    let context;
    const dispose = async () => {
      if (context) await Promise.race([context.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
      await stopProcess(server.child);
      if (existsSync(join(dataDir, 'logs'))) cpSync(join(dataDir, 'logs'), join(ARTIFACTS, `vscode-logs-${locale}`), { recursive: true });
    };
    try {
      context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale });
      const p = await context.newPage();
      p.setDefaultTimeout(15_000);
      p.on('console', (m) => consoleLines.push(`[${new Date().toISOString()}] ${locale}: ${m.type()}: ${m.text()}`));
      p.on('pageerror', (e) => consoleLines.push(`[${new Date().toISOString()}] ${locale}: pageerror: ${e.message}`));
      await p.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`, { timeout: 60_000 });
      await p.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await p.locator('.explorer-folders-view .monaco-list-row', { hasText: 'mistakes.yaml' }).first().waitFor({ timeout: 60_000 });
      log(`e2e: a ${locale} window on ${server.url} opened in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return createContext({ page: p, artifactsDir: ARTIFACTS, workspaceDir: folder, expectations, consoleLines, dispose });
    } catch (e) {
      await dispose();
      throw e;
    }
  };
  const results = await runScenarios(
    scenarios,
    (sc) => (sc.locale ? localizedContext(sc.locale) : createContext({ page, artifactsDir: ARTIFACTS, workspaceDir: workspace, expectations, consoleLines })),
    { artifactsDir: ARTIFACTS, log },
  );

  writeFileSync(join(ARTIFACTS, 'console.log'), consoleLines.join('\n') + '\n');
  const failed = results.filter((r) => !r.ok).length;
  if (failed > 0) {
    const logs = join(userDataDir, 'logs');
    if (existsSync(logs)) cpSync(logs, join(ARTIFACTS, 'vscode-logs'), { recursive: true });
    log(`e2e: failed; artifacts in ${ARTIFACTS} (screenshots, console logs, code-server.log, vscode-logs/)`);
  }
  await cleanup();
  finish(results.length - failed, failed, failed ? 1 : 0, results.filter((r) => r.ok && r.retried > 0).length);
}

main()
  .catch(async (e) => {
    const msg = e instanceof SetupError ? e.message : (e?.stack ?? String(e));
    await abort(`setup failed: ${msg}`, 1);
  })
  .finally(() => clearTimeout(watchdog));
