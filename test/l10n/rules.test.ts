import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/server';
import { checkFiles } from '../../server/src/engine/check';
import { DEFAULT_SETTINGS } from '../../server/src/engine/config';
import type { Finding } from '../../server/src/engine/findings';
import { renderMessage, type MessageRef } from '../../server/src/engine/messages';
import { RULES } from '../../server/src/engine/rules/index';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { KOREAN } from '../../server/src/lsp/l10n/ko';

/**
 * Every rule speaks Korean in a Korean editor, except where its words are Kubernetes' own (the API
 * server's errors and warnings: rejectedByApiServer, kubernetesWords). test-fixtures/l10n sets off
 * each of the others; each of their findings, related locations and quick-fix titles must carry a
 * catalogued message whose every id (nested ones too) has a Korean text. A new rule fails here
 * until it has an example in that folder and its messages are in both catalogs.
 */

const FIXTURES = join(repoRoot, 'test-fixtures', 'l10n');
const HANGUL = /[가-힣]/;

function ids(ref: MessageRef, out: string[] = []): string[] {
  out.push(ref.id);
  for (const a of Object.values(ref.args)) if (typeof a !== 'string') ids(a, out);
  return out;
}

/** What is wrong with one catalogued text: no reference, an id without Korean, or an English rendering that differs from the text shown. */
function problems(where: string, text: string, ref: MessageRef | undefined): string[] {
  if (!ref) return [`${where}: "${text}" is not a catalogued message (use msg()/localizable())`];
  const out = ids(ref).filter((id) => !(id in KOREAN)).map((id) => `${where}: message id ${id} has no Korean text`);
  if (renderMessage(ref) !== text) out.push(`${where}: the English text differs from its message's rendering`);
  if (!HANGUL.test(renderMessage(ref, KOREAN))) out.push(`${where}: the Korean rendering has no Korean in it`);
  return out;
}

function check(): Finding[] {
  const files = readdirSync(FIXTURES)
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => parseYamlFile(pathToFileURL(join(FIXTURES, n)).toString(), readFileSync(join(FIXTURES, n), 'utf8')));
  const settings = { ...DEFAULT_SETTINGS, profile: 'strict' as const, podSecurity: 'restricted' as const };
  return [...checkFiles(files, { settings }).values()].flat();
}

test('every rule that speaks our words has Korean for each of its findings, related locations and quick fixes', () => {
  const ours = RULES.filter((r) => !r.rejectedByApiServer && !r.kubernetesWords);
  assert.ok(ours.length >= 45, `${ours.length} rules speak our words`);
  const seen = new Set<string>();
  const wrong: string[] = [];
  for (const f of check()) {
    const rule = ours.find((r) => r.id === f.code);
    if (!rule) continue;
    seen.add(rule.id);
    wrong.push(...problems(`${f.code} message`, f.message, f.l10n));
    // A related location named by its object alone ("Service web") has no words to translate.
    for (const r of f.related ?? []) if (r.l10n || !/^[A-Z]\w* [a-z0-9][\w.-]*$/.test(r.message)) wrong.push(...problems(`${f.code} related location`, r.message, r.l10n));
    for (const x of f.fixes ?? []) wrong.push(...problems(`${f.code} quick fix`, x.title, x.l10n));
  }
  assert.deepEqual(wrong, []);
  assert.deepEqual(
    ours.map((r) => r.id).filter((id) => !seen.has(id)),
    [],
    'rules with no finding in test-fixtures/l10n: add an example of each there (their messages need a Korean text)',
  );
});

test('the rules whose words are Kubernetes\' own say so, and their texts are the API server\'s', () => {
  // Their messages are API server field errors or warnings ("path: Invalid value: ...", "hides previous definition"):
  // kubectl prints them in English, so the editor does too.
  for (const r of RULES.filter((x) => x.kubernetesWords)) assert.ok(!r.rejectedByApiServer, `${r.id}: one marker is enough`);
  const words = check().filter((f) => RULES.some((r) => r.id === f.code && r.kubernetesWords));
  assert.ok(words.length === 0 || words.every((f) => /^[\w.[\]-]+: /.test(f.message)), words.map((f) => f.message).join('\n'));
});
