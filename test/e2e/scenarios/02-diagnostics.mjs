// A manifest with three learner mistakes shows each one in the Problems panel on its own line.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenario, check } from '../framework.mjs';

const rulesDoc = fileURLToPath(new URL('../../../docs/rules.md', import.meta.url));

/** The selector-vs-template rule is mandatory once docs/rules.md documents it. */
function selectorRuleDocumented() {
  if (!existsSync(rulesDoc)) return false;
  return /^#+\s.*selector[^\n]*(match|template)/im.test(readFileSync(rulesDoc, 'utf8')) || /selector-mismatch/.test(readFileSync(rulesDoc, 'utf8'));
}

scenario('diagnostics for a broken manifest in the Problems panel', async (ctx) => {
  const e = ctx.expect.mistakes;
  await ctx.openFile(e.file);
  const wanted = [
    { what: 'unknown kind', mentions: e.unknownKind.mentions, lines: [e.unknownKind.line] },
    { what: 'unknown field', mentions: e.unknownField.mentions, lines: [e.unknownField.line] },
  ];
  const selector = { what: 'Deployment selector not matching the template labels', mentions: e.selectorMismatch.mentions, lines: e.selectorMismatch.lines };
  // PENDING until the semantic rule lands: asserted as soon as docs/rules.md documents it.
  const selectorMandatory = selectorRuleDocumented();
  if (selectorMandatory) wanted.push(selector);
  const rows = await ctx.waitForProblems(e.file, wanted);
  if (!selectorMandatory) {
    const seen = rows.some((p) => selector.lines.includes(p.line) && p.text.includes(selector.mentions));
    console.log(`     pending: the selector rule is not in docs/rules.md yet (${seen ? 'its diagnostic already shows' : 'not asserted'})`);
  }
  // Every diagnostic sits on its own line, not on line 1 or the document start.
  check(rows.every((p) => p.line !== undefined && p.line > 1), `a diagnostic without a precise line: ${JSON.stringify(rows.map((r) => r.text))}`);
  // The valid file next to it gets nothing.
  const valid = await ctx.problemsFor(ctx.expect.valid.file);
  check(valid.length === 0, `${ctx.expect.valid.file} is valid but the Problems panel lists: ${JSON.stringify(valid.map((r) => r.text))}`);
});
