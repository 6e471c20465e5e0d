import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledRuleLine, headingLines, headingSlug, RULES_DOC_WEB } from '../../client/src/ruleDocs';
import { RULES_DOC_URL, ruleDocUrl } from '../../server/src/engine/findings';
import { CODE_DESCRIPTIONS } from '../../server/src/engine/check';
import { RULES } from '../../server/src/engine/rules/index';
import { PREDICTION_RULES } from '../../server/src/engine/dryrun/predictionRules';

/** Rule links open the docs/rules.md bundled in the .vsix, at the rule's heading (client/src/ruleDocs.ts). */

const root = join(__dirname, '..', '..');
const rulesMd = readFileSync(join(root, 'docs', 'rules.md'), 'utf8');
const lines = headingLines(rulesMd);

test('every rule id the server links to has a heading in docs/rules.md, and the link maps to its line', () => {
  assert.equal(RULES_DOC_WEB, RULES_DOC_URL, 'the client recognises the links the server sends');
  const text = rulesMd.split('\n');
  const ids = [...RULES.map((r) => r.id), ...Object.keys(PREDICTION_RULES), ...Object.keys(CODE_DESCRIPTIONS)];
  assert.ok(ids.length > 50 && ids.includes('dry-run-image-pull') && ids.includes('unknown-kind'));
  for (const id of ids) {
    const line = bundledRuleLine(ruleDocUrl(id), lines);
    assert.ok(line, `${id} has a heading`);
    assert.equal(text[line - 1], `## ${id}`, `${id}: the fragment's 1-based line is its heading`);
  }
});

test('links that are not rule anchors of the page stay as they are', () => {
  assert.equal(bundledRuleLine(`${RULES_DOC_WEB}#no-such-rule`, lines), undefined);
  assert.equal(bundledRuleLine('https://kubernetes.io/docs/concepts/', lines), undefined);
  assert.equal(bundledRuleLine(`${RULES_DOC_WEB}x#unknown-kind`, lines), undefined);
  assert.equal(bundledRuleLine(RULES_DOC_WEB, lines), 1);
});

test('anchors as GitHub makes them; headings in code fences do not count', () => {
  assert.equal(headingSlug('Profiles and levels'), 'profiles-and-levels');
  assert.equal(headingSlug('What `check` reports (JSON)'), 'what-check-reports-json');
  const md = '# Title\n```\n## not-a-heading\n```\n## real-one\n## real-one\n';
  assert.deepEqual([...headingLines(md)], [['title', 0], ['real-one', 4]]);
});

test('the package keeps docs/rules.md (.vscodeignore)', () => {
  const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
  assert.ok(ignore.includes('!docs/rules.md'), 'docs/rules.md is packaged');
});
