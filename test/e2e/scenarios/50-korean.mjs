// The Korean UI: a window whose display language is Korean shows our diagnostics, a quick fix and
// the walkthrough in Korean, while the API server's own words stay English. VS Code's own texts
// stay English here (the run installs a stand-in language pack without translations; see
// scripts/e2e.mjs), so commands are still run by their English titles.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario, check, ScenarioFailure } from '../framework.mjs';

// A PodDisruptionBudget whose selector misses the `website` pods by a letter, and an unclosed quote:
// a correctness rule and a YAML syntax error whose messages are ours, in Korean.
const BUDGET = [
  '# Korean UI: a budget that protects nothing, and a quote never closed.',
  'apiVersion: policy/v1',
  'kind: PodDisruptionBudget',
  'metadata:',
  '  name: website',
  'spec:',
  '  minAvailable: 1',
  '  selector:',
  '    matchLabels:',
  '      app: websit',
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: greeting',
  'data:',
  '  message: "hello',
  '',
].join('\n');

// A billion laughs: aliases that would expand past the bound (line 12 is the alias that crosses it).
const LAUGHS = [
  '# Korean UI: aliases beyond the bound.',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: laughs',
  'data:',
  '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...Array.from({ length: 8 }, (_, i) => `  ${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`),
  '',
].join('\n');

// A CRD of the workspace and custom resources of it: an unknown kind (kubectl's "no matches for
// kind ..." inside a Korean sentence) and a field whose hover comes from the CRD's schema.
const GADGET_CRD = [
  'apiVersion: apiextensions.k8s.io/v1',
  'kind: CustomResourceDefinition',
  'metadata:',
  '  name: gadgets.e2e.example.com',
  'spec:',
  '  group: e2e.example.com',
  '  scope: Namespaced',
  '  names: { plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gd] }',
  '  versions:',
  '    - name: v1',
  '      served: true',
  '      storage: true',
  '      schema:',
  '        openAPIV3Schema:',
  '          type: object',
  '          properties:',
  '            spec:',
  '              type: object',
  '              properties:',
  '                size: { type: string, maxLength: 8, description: "How big the gadget is." }',
  '',
].join('\n');
const GADGETS = [
  'apiVersion: e2e.example.com/v1',
  'kind: Gadget',
  'metadata:',
  '  name: ok',
  'spec:',
  '  size: small',
  '---',
  'apiVersion: e2e.example.com/v1',
  'kind: Gadjet',
  'metadata:',
  '  name: typo',
  '',
].join('\n');

/**
 * Shows the hover at a position and returns its text once a visible hover holds `text`: the
 * command first, then its keybinding (the palette can lose the editor's focus on a loaded machine).
 */
async function hoverWith(ctx, line, column, text, what) {
  const { page } = ctx;
  const shown = page.locator('.monaco-hover', { hasText: text }).first();
  for (let attempt = 1; attempt <= 3; attempt++) {
    await ctx.goTo(line, column);
    await page.waitForTimeout(300);
    if (attempt < 3) await ctx.runCommand('Show or Focus Hover');
    else {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
    }
    if (await shown.waitFor({ state: 'visible', timeout: 8_000 }).then(() => true, () => false)) return shown.innerText();
    await page.keyboard.press('Escape');
  }
  const seen = await page.locator('.monaco-hover').allInnerTexts().catch(() => []);
  throw new ScenarioFailure(`${what} not seen in a hover at Ln ${line}, Col ${column}; hovers in the page: ${JSON.stringify(seen)}`);
}

/** The text of every frame (webviews hold the walkthrough's Markdown page). */
async function framesText(page) {
  const texts = [];
  for (const frame of page.frames()) texts.push(await frame.locator('body').innerText({ timeout: 2000 }).catch(() => ''));
  return texts.join('\n');
}

scenario(
  'Korean: a diagnostic, its quick fix and the walkthrough',
  async (ctx) => {
    const { page } = ctx;
    const e = ctx.expect.mistakes;
    await ctx.openFile(e.file);
    const rows = await ctx.waitForProblems(e.file, [
      { what: 'unknown kind in Korean', mentions: '알 수 없는 kind "RelicaSets"', lines: [e.unknownKind.line] },
      { what: 'unknown field in Korean', mentions: '알 수 없는 필드입니다: "spec.selecotr"', lines: [e.unknownField.line] },
    ]);
    // The CodeLens above each workload offers the dry run in Korean.
    await ctx.waitForText('.editor-group-container.active .monaco-editor', '드라이 런', 20_000, 'the "드라이 런" CodeLens above a workload');
    // The selector mismatch is the API server's message: kubectl prints it in English, so do we.
    check(rows.some((r) => /selector. does not match template .labels/.test(r.text)), `the API server's English selector message is missing: ${JSON.stringify(rows.map((r) => r.text))}`);
    await ctx.goTo(e.unknownField.line, 4);
    await page.waitForTimeout(500);
    // One theme here; the walkthrough below is shot in both, with these problems in view.
    await ctx.screenshot('korean-diagnostics');

    // Findings localized later: a selector that selects nothing and a YAML syntax error. The file
    // is removed again, so the workspace stays as the other scenarios expect it.
    const dir = join(ctx.workspaceDir, 'korean');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'budget.yaml'), BUDGET);
    try {
      await ctx.openFile('budget.yaml');
      await ctx.waitForProblems('budget.yaml', [
        { what: 'pdb-selects-nothing in Korean', mentions: '이 PodDisruptionBudget은 아무것도 보호하지 않습니다. 혹시 `app: website` 말인가요?', lines: [8] },
        { what: 'the unclosed quote in Korean, at its opening quote', mentions: 'YAML 구문 오류: 닫는 따옴표(")가 없습니다', lines: [17] },
      ]);
      writeFileSync(join(dir, 'laughs.yaml'), LAUGHS);
      await ctx.openFile('laughs.yaml');
      await ctx.waitForProblems('laughs.yaml', [
        { what: 'the alias bomb in Korean', mentions: '별칭을 펼치면 이 문서의 노드가 100,000개를 넘습니다', lines: [8, 9, 10, 11, 12, 13, 14] },
      ]);
      await page.waitForTimeout(500);
      await ctx.screenshot('korean-more-diagnostics');

      // Custom resources: the CRD's findings and hovers in Korean around kubectl's and the CRD's own words.
      writeFileSync(join(dir, 'gadget-crd.yaml'), GADGET_CRD);
      writeFileSync(join(dir, 'gadgets.yaml'), GADGETS);
      await ctx.openFile('gadgets.yaml');
      await ctx.waitForProblems('gadgets.yaml', [
        { what: 'an unknown custom kind in Korean', mentions: 'CRD에 정의되지 않은 kind입니다: no matches for kind "Gadjet" in version "e2e.example.com/v1". 혹시 "Gadget" 말인가요?', lines: [9] },
      ]);
      const showHover = () => hoverWith(ctx, 6, 4, '최대 8자', 'the Korean hover of a custom resource field ("최대 8자")');
      const hoverText = await showHover();
      check(/spec\.size.*string.*선택/s.test(hoverText) && hoverText.includes('How big the gadget is.'), `the custom resource hover: ${JSON.stringify(hoverText.slice(0, 300))}`);
      // Both themes, the hover shown again after the switch (a theme change closes it).
      for (let i = 0; i < 2; i++) {
        const dark = (await page.locator('.monaco-workbench.vs-dark, .monaco-workbench.hc-black').count()) > 0;
        await ctx.screenshot(`korean-custom-resource-${dark ? 'dark' : 'light'}`);
        await page.keyboard.press('Escape');
        await ctx.runCommand('Preferences: Toggle between Light/Dark Themes');
        await page.waitForTimeout(1500);
        if (i === 0) await showHover();
      }
      await ctx.runCommand('View: Close Editor').catch(() => {});
    } finally {
      await ctx.runCommand('View: Close Editor').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
    await ctx.openFile(e.file);

    // The quick fix of a Korean diagnostic is found (it is matched by rule and range, not by English
    // text) and titled in Korean. It is only looked at: the file stays as the other scenarios expect it.
    await ctx.goTo(e.unknownKind.line, 8);
    await page.waitForTimeout(300);
    const fixTitle = 'kind를 ReplicaSet(으)로 변경';
    await page.keyboard.press('Control+.');
    const item = page.locator('.action-widget .monaco-list-row', { hasText: fixTitle }).first();
    await item.waitFor({ state: 'visible', timeout: 15_000 }).catch(async () => {
      throw new ScenarioFailure(`the light-bulb menu offers no "${fixTitle}"; it offers: ${JSON.stringify(await page.locator('.action-widget .monaco-list-row').allInnerTexts().catch(() => []))}`);
    });
    await ctx.screenshot('korean-quick-fix');
    await page.keyboard.press('Escape');
    await item.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    const line = (await ctx.editorText()).split('\n')[e.unknownKind.line - 1] ?? '';
    check(line.includes('RelicaSets'), `line ${e.unknownKind.line} changed while the quick-fix menu was open: ${JSON.stringify(line)}`);

    // The simulator's summary of an image, in Korean, in the hover of `image: redis:7` (line 36, in
    // the ReplicaSet whose kind is known: the first document's unknown kind has no field hovers).
    const imageHover = await hoverWith(ctx, 36, 20, 'TCP 6379에서 응답하는 Redis 서버', 'the Korean summary of redis ("TCP 6379에서 응답하는 Redis 서버")');
    check(imageHover.includes('시뮬레이터:'), `the image hover: ${JSON.stringify(imageHover.slice(0, 300))}`);
    await ctx.screenshot('korean-image-hover');
    await page.keyboard.press('Escape');

    // The walkthrough: its title, steps and Markdown page in Korean.
    await ctx.runCommand('Welcome: Open Walkthrough...');
    await ctx.quickInput(null, 'Kube Rehearsal', 'Kube Rehearsal 시작하기');
    await ctx.waitForText('.gettingStartedContainer', '튜토리얼 작업 영역 열기', 20_000, 'the Korean walkthrough step "튜토리얼 작업 영역 열기"');
    const steps = await ctx.textOf('.gettingStartedContainer');
    for (const title of ['검사기가 찾은 문제 보기', '드라이 런 실행', '시뮬레이션 클러스터 터미널 열기']) check(steps.includes(title), `walkthrough step "${title}" missing; the page showed: ${JSON.stringify(steps.slice(0, 600))}`);
    await ctx.waitFor(
      async () => (await framesText(page)).includes('처음 작성해 보기 좋은 매니페스트'),
      20_000,
      async () => `the Korean tutorial page (media/walkthrough/ko/tutorial.md) did not show; frames: ${JSON.stringify((await framesText(page)).slice(0, 600))}`,
    );
    // The step about the checker shows its own Korean page.
    await page.locator('.getting-started-step', { hasText: '검사기가 찾은 문제 보기' }).first().click();
    await ctx.waitFor(
      async () => (await framesText(page)).includes('실행하기 전에 찾는 문제'),
      20_000,
      async () => `the Korean page of the diagnostics step did not show; frames: ${JSON.stringify((await framesText(page)).slice(0, 600))}`,
    );
    await ctx.screenshotBothThemes('korean-walkthrough');
  },
  { locale: 'ko', timeoutMs: 150_000 },
);
