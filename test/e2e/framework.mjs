// A small scenario framework for driving the real VS Code workbench (code-server) in Chromium.
// Scenario modules call scenario(name, fn); scripts/e2e.mjs imports them, then runScenarios().
// Keyboard shortcuts, the command palette and DOM text are the handles: they are what a person
// uses and sees, and they stay steadier than pixel positions.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const registry = [];

/**
 * Registers a scenario; fn receives the context built by createContext. A scenario with a
 * `locale` (e.g. 'ko') runs in a window of its own whose display language is that locale.
 */
export function scenario(name, fn, { timeoutMs = 120_000, locale } = {}) {
  registry.push({ name, fn, timeoutMs, locale });
}

export function registeredScenarios() {
  return registry.slice();
}

/** Thrown by a check: the message is what the report prints. */
export class ScenarioFailure extends Error {}

export function check(condition, message) {
  if (!condition) throw new ScenarioFailure(message);
}

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const nbsp = /\u00a0/g;

/** Builds the helpers a scenario uses; everything that waits is bounded. */
export function createContext({ page, artifactsDir, workspaceDir, expectations, consoleLines, dispose }) {
  const ctx = {
    page,
    /** Closes what this context opened for itself (a localized window); the shared page stays. */
    dispose: dispose ?? (async () => {}),
    workspaceDir,
    expect: expectations,
    consoleLines,
    screenshots: [],

    /** Polls the innerText of selector until it contains text (string or RegExp); returns it. */
    async waitForText(selector, text, timeoutMs = 15_000, description) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      for (;;) {
        last = await ctx.textOf(selector);
        if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
        if (Date.now() > deadline) {
          throw new ScenarioFailure(
            `${description ?? `"${text}" in ${selector}`} not seen within ${Math.round(timeoutMs / 1000)} s; ` +
              `${selector} showed: ${JSON.stringify(last.slice(0, 600))}`,
          );
        }
        await page.waitForTimeout(250);
      }
    },

    /** Polls fn until it returns a truthy value; fails with describe() of the last state. */
    async waitFor(fn, timeoutMs, describe) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await fn();
        if (value) return value;
        if (Date.now() > deadline) throw new ScenarioFailure(await describe());
        await page.waitForTimeout(250);
      }
    },

    async textOf(selector) {
      const loc = page.locator(selector).first();
      if ((await loc.count()) === 0) return '';
      return ((await loc.innerText({ timeout: 2000 }).catch(() => '')) ?? '').replace(nbsp, ' ');
    },

    /** Opens the sidebar tree's collapsed top-level groups (a collapse by an earlier scenario is remembered). */
    async expandTreeGroups(selector = '.part.sidebar') {
      const closed = page.locator(`${selector} .monaco-list-row[aria-level="1"][aria-expanded="false"] .monaco-tl-twistie`);
      for (let i = 0; i < 12 && (await closed.count().catch(() => 0)) > 0; i++) {
        await closed.first().click().catch(() => {});
        await page.waitForTimeout(100);
      }
    },

    /**
     * Moves the keyboard focus to the editor area: a terminal an earlier scenario left focused
     * takes Ctrl+P and F1 for itself.
     */
    async focusEditorArea() {
      const text = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
      if ((await text.count().catch(() => 0)) > 0) await text.click({ position: { x: 200, y: 5 } }).catch(() => {});
      else await page.locator('.part.editor').first().click().catch(() => {});
    },

    /** Closes menus, widgets and quick inputs, and all editors, so each scenario starts clean. */
    async reset() {
      for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
      await ctx.focusEditorArea();
      await ctx.runCommand('View: Close All Editors');
    },

    /**
     * Opens a workspace file and waits for its tab to be active: with Quick Open (Ctrl+P), clicking
     * the row whose file name is exactly name; after two misses, typing the file's absolute path
     * there instead (the newest file of that name under the workspace).
     */
    async openFile(name) {
      // Quick Open finds files through the file search, which sees a file created a moment ago
      // (a scenario's own copy) only after the watcher has caught up; its list can also still show
      // the previous filter's rows when Enter is pressed. Clicking the exact row avoids the second;
      // the path fallback avoids the file search altogether.
      const tabActive = async () => (await ctx.textOf('.editor-group-container.active .tab.active')).includes(name);
      const state = async () => {
        const tabs = await ctx.textOf('.tabs-container');
        const focused = await page.evaluate(() => {
          const e = document.activeElement;
          return e ? `${e.tagName.toLowerCase()}.${String(e.className).split(' ').slice(0, 3).join('.')}` : 'none';
        }).catch(() => '?');
        return `tabs: ${JSON.stringify(tabs)}; focus: ${focused}`;
      };
      const misses = [];
      for (let attempt = 1; ; attempt++) {
        try {
          if (attempt <= 2) await ctx.pickInQuickOpen(name);
          else await ctx.openByPath(name);
          await ctx.waitFor(tabActive, attempt < 3 ? 8_000 : 15_000, async () => `the editor tab for ${name} did not become active; ${await state()}`);
          break;
        } catch (err) {
          misses.push(`attempt ${attempt}: ${err?.message ?? err}`);
          if (attempt === 4) throw new ScenarioFailure(`could not open ${name}: ${misses.join(' / ')}`);
          for (let i = 0; i < 2; i++) await page.keyboard.press('Escape');
          await ctx.focusEditorArea();
          await page.waitForTimeout(1500);
        }
      }
      await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ timeout: 10_000 });
    },

    /** Ctrl+P, types query (name by default), clicks the row whose file name is exactly name. */
    async pickInQuickOpen(name, query = name) {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(query);
      const exact = new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
      const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
      try {
        await row.waitFor({ state: 'visible', timeout: 10_000 });
      } catch {
        const rows = (await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts().catch(() => [])).join(' | ');
        await page.keyboard.press('Escape');
        throw new ScenarioFailure(`Quick Open showed no ${name} row; it showed: ${JSON.stringify(rows.slice(0, 300))}`);
      }
      await row.click();
    },

    /** Quick Open with the absolute path of the newest file called name under the workspace. */
    async openByPath(name) {
      const found = [];
      const walk = (dir, depth) => {
        if (depth > 6) return;
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
          const full = join(dir, entry.name);
          if (entry.isDirectory()) walk(full, depth + 1);
          else if (entry.name === name) found.push({ full, mtime: statSync(full).mtimeMs });
        }
      };
      walk(workspaceDir, 0);
      if (found.length === 0) throw new ScenarioFailure(`no file called ${name} under ${workspaceDir}`);
      found.sort((a, b) => b.mtime - a.mtime);
      // Quick Open resolves an absolute path by itself (a file system lookup), without the search.
      await ctx.pickInQuickOpen(name, found[0].full);
    },

    /**
     * Dry Run Workspace, waiting until the tree shows a session without what-ifs and without the
     * timeline scenario's 320-pod workload: what an earlier scenario or a first try left is replaced.
     */
    async freshWorkspaceDryRun() {
      await ctx.runCommand('Kube Rehearsal: Dry Run Workspace');
      await ctx.waitFor(async () => {
        const tree = await ctx.textOf('.part.sidebar');
        return /Virtual time/.test(tree) && !/What-ifs applied/.test(tree) && !/crowd/.test(tree);
      }, 90_000, async () => `the dry run of the workspace did not replace the earlier session: ${JSON.stringify((await ctx.textOf('.part.sidebar')).slice(0, 400))}`);
    },

    /** Runs a command from the command palette (F1) by its title. */
    async runCommand(title) {
      await ctx.quickInput('F1', `>${title}`, title);
    },

    /** Opens a quick input with key, types value, waits for a row showing rowText, presses Enter. */
    async quickInput(key, value, rowText) {
      if (key) await page.keyboard.press(key); // null: the quick input is already open
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(value);
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: rowText }).first();
      try {
        await row.waitFor({ state: 'visible', timeout: 10_000 });
      } catch {
        const rows = (await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts().catch(() => [])).join(' | ');
        await page.keyboard.press('Escape');
        throw new ScenarioFailure(`no "${rowText}" entry after typing "${value}" (${key}); the list showed: ${JSON.stringify(rows.slice(0, 400))}`);
      }
      await page.keyboard.press('Enter');
      // The widget either closes or is reused by the next picker (its value then changes).
      await ctx
        .waitFor(async () => !(await input.isVisible()) || (await input.inputValue()) !== value, 5_000, async () => '')
        .catch(() => {});
    },

    /** Moves the cursor of the active editor to a 1-based line and column (Ctrl+G). */
    async goTo(line, column = 1) {
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`:${line}:${column}`);
      await page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
    },

    /** Shows the Problems panel (Ctrl+Shift+M) and waits for it. */
    async openProblems() {
      if (!(await page.locator('.markers-panel').first().isVisible().catch(() => false))) {
        await page.keyboard.press('Control+Shift+M');
      }
      await page.locator('.markers-panel').first().waitFor({ state: 'visible', timeout: 10_000 });
    },

    /** The text of the Problems panel as a person reads it. */
    async problemsText() {
      return ctx.textOf('.markers-panel');
    },

    /**
     * The problems listed under fileName's row: [{ text, label, line, column }]. The markers tree
     * has a row per file (aria-level 1), its problems (level 2) and their related locations (level 3).
     */
    async problemsFor(fileName) {
      const rows = await page.locator('.markers-panel .monaco-list-row').evaluateAll((els) =>
        els
          .map((el) => ({
            top: parseFloat(el.style.top || '0'),
            level: el.getAttribute('aria-level'),
            label: el.getAttribute('aria-label') || '',
            text: el.innerText,
          }))
          .sort((a, b) => a.top - b.top),
      );
      const out = [];
      let inFile = false;
      for (const r of rows) {
        if (r.level === '1') {
          inFile = r.label.includes(` file ${fileName} of folder`);
          continue;
        }
        if (!inFile || r.level !== '2') continue;
        const text = r.text.replace(nbsp, ' ').replace(/\s+/g, ' ').trim();
        const pos = /\[Ln (\d+), Col (\d+)\]/.exec(text);
        out.push({ text, label: r.label, line: pos ? Number(pos[1]) : undefined, column: pos ? Number(pos[2]) : undefined });
      }
      return out;
    },

    /**
     * Waits until every wanted diagnostic is listed for fileName in the Problems panel.
     * wanted: [{ what, mentions, lines: [1-based…] }]. The failure names each missing one.
     */
    async waitForProblems(fileName, wanted, timeoutMs = 45_000) {
      await ctx.openProblems();
      const matches = (rows, w) => rows.some((p) => w.lines.includes(p.line) && p.text.includes(w.mentions));
      let rows = [];
      return ctx.waitFor(
        async () => {
          rows = await ctx.problemsFor(fileName);
          return wanted.every((w) => matches(rows, w)) ? rows : null;
        },
        timeoutMs,
        async () => {
          const missing = wanted.filter((w) => !matches(rows, w));
          return (
            `missing in the Problems panel for ${fileName} after ${Math.round(timeoutMs / 1000)} s: ` +
            missing.map((w) => `${w.what} (mentioning "${w.mentions}" at Ln ${w.lines.join('|')})`).join('; ') +
            `; the panel listed for ${fileName}: ${rows.length ? rows.map((r) => JSON.stringify(r.text)).join(', ') : 'nothing'}` +
            `; whole panel: ${JSON.stringify((await ctx.problemsText()).replace(/\s+/g, ' ').slice(0, 400))}`
          );
        },
      );
    },

    /** The text of the active editor, line by line in document order (small files: all lines are rendered). */
    async editorText() {
      const lines = await page
        .locator('.editor-group-container.active .monaco-editor .view-lines .view-line')
        .evaluateAll((els) => els.map((el) => ({ top: parseFloat(el.style.top || '0'), text: el.textContent ?? '' })).sort((a, b) => a.top - b.top));
      return lines.map((l) => l.text.replace(nbsp, ' ')).join('\n');
    },

    /** The rows of the open suggest (completion) widget. */
    async suggestRows() {
      return page
        .locator('.editor-widget.suggest-widget.visible .monaco-list-row')
        .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') || el.textContent || ''));
    },

    /** A screenshot in each colour theme (the current one, then the other, and back), named `name-dark`/`name-light`. */
    async screenshotBothThemes(name) {
      for (let i = 0; i < 2; i++) {
        const dark = (await page.locator('.monaco-workbench.vs-dark, .monaco-workbench.hc-black').count()) > 0;
        await ctx.screenshot(`${name}-${dark ? 'dark' : 'light'}`);
        await ctx.runCommand('Preferences: Toggle between Light/Dark Themes');
        await page.waitForTimeout(1500);
      }
    },

    /** Saves a screenshot of the whole window under artifacts/e2e; returns its path. */
    async screenshot(name) {
      const path = join(artifactsDir, `${slug(name)}.png`);
      await page.screenshot({ path, timeout: 15_000 });
      ctx.screenshots.push(path);
      return path;
    },
  };
  return ctx;
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new ScenarioFailure(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
    }),
  ]);
}

/**
 * Runs scenarios one after another. Each gets a final-state screenshot; a failing one also gets a
 * screenshot and the browser console log, both named in its failure message. A scenario that fails
 * is run once more from a clean workbench (the workbench on a loaded machine sometimes drops a key
 * or a pick): the first failure is printed as RETRY with its artifacts, so a flaky step stays visible,
 * and only a scenario that fails twice fails the suite.
 */
export async function runScenarios(list, makeContext, { artifactsDir, log = console.log, retries = 1 }) {
  const results = [];
  for (const [i, sc] of list.entries()) {
    for (let run = 0; ; run++) {
      const id = `${String(i + 1).padStart(2, '0')}-${slug(sc.name)}${run > 0 ? `-retry${run}` : ''}`;
      const t0 = Date.now();
      const last = run >= retries;
      let ctx;
      try {
        ctx = await makeContext(sc);
      } catch (e) {
        const message = `could not open the window for the scenario: ${e?.message ?? String(e)}`;
        log(`${last ? 'FAIL' : 'RETRY'} ${sc.name} (${((Date.now() - t0) / 1000).toFixed(1)} s): ${message}`);
        if (last) {
          results.push({ name: sc.name, ok: false, message });
          break;
        }
        continue;
      }
      const consoleStart = ctx.consoleLines.length;
      try {
        await ctx.reset();
        await withTimeout(sc.fn(ctx), sc.timeoutMs, `scenario "${sc.name}"`);
        const shot = await ctx.screenshot(`${id}-final`);
        const secs = ((Date.now() - t0) / 1000).toFixed(1);
        const note = run > 0 ? ` on retry ${run}` : '';
        log(`PASS ${sc.name}${note} (${secs} s) screenshot: ${[...new Set([...ctx.screenshots.slice(0, -1), shot])].join(', ')}`);
        results.push({ name: sc.name, ok: true, retried: run });
        break;
      } catch (e) {
        const secs = ((Date.now() - t0) / 1000).toFixed(1);
        const shot = await ctx.screenshot(`${id}-FAILED`).catch((err) => `(screenshot failed: ${err.message})`);
        const consolePath = join(artifactsDir, `${id}-console.log`);
        writeFileSync(consolePath, ctx.consoleLines.slice(consoleStart).join('\n') + '\n');
        const message = e instanceof ScenarioFailure ? e.message : (e?.stack ?? String(e));
        log(`${last ? 'FAIL' : 'RETRY'} ${sc.name} (${secs} s): ${message}\n     screenshot: ${shot}\n     browser console: ${consolePath}`);
        if (last) {
          results.push({ name: sc.name, ok: false, message });
          break;
        }
      } finally {
        await ctx.dispose().catch(() => {});
      }
    }
  }
  return results;
}
