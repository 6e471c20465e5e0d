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

test('API-version findings and YAML syntax errors carry Korean texts; the API server\'s and parser\'s unknown words stay inside them', () => {
  const docs: Record<string, string> = {
    'removed.yaml': 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n',
    'deprecated.yaml': 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app: web\n',
    'wrong.yaml': 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: web\n',
    'gate.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  schedulingGates:\n    - name: wait\n  containers:\n    - name: c\n      image: nginx:1.27\n',
    'quote.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "settings\ndata:\n  a: b\n',
    'tab.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: settings\n',
  };
  const codes = new Map<string, Finding[]>();
  for (const [name, text] of Object.entries(docs)) {
    const file = parseYamlFile(`file:///ws/${name}`, text);
    const minor = name === 'deprecated.yaml' ? 22 : name === 'gate.yaml' ? 25 : undefined;
    for (const f of [...checkFiles([file], { kubernetesMinor: minor }).values()].flat()) codes.set(f.code, [...(codes.get(f.code) ?? []), f]);
  }
  const wrong: string[] = [];
  for (const code of ['removed-api-version', 'deprecated-api-version', 'wrong-api-version', 'field-not-in-version', 'yaml-syntax']) {
    const found = codes.get(code) ?? [];
    if (found.length === 0) wrong.push(`${code}: not found (${[...codes.keys()].join(', ')})`);
    for (const f of found) {
      wrong.push(...problems(code, f.message, f.l10n));
      for (const x of f.fixes ?? []) wrong.push(...problems(`${code} quick fix`, x.title, x.l10n));
    }
  }
  assert.deepEqual(wrong, []);
  const ko = (code: string) => codes.get(code)!.map((f) => renderMessage(f.l10n!, KOREAN));
  assert.deepEqual(ko('removed-api-version'), ['extensions/v1beta1 Ingress: Kubernetes 1.22에서 제거되었습니다. 대신 쓸 apiVersion: networking.k8s.io/v1 (백엔드가 service.name/service.port 형식이 되고 모든 path에 pathType이 필요합니다)']);
  assert.match(ko('deprecated-api-version')[0], /^policy\/v1beta1 PodDisruptionBudget: Kubernetes 1\.22에서 사용 중단\(deprecated\)되었고 1\.25에서 제거됩니다\. 대신 쓸 apiVersion: policy\/v1/);
  assert.match(ko('field-not-in-version')[0], /^spec\.schedulingGates: Kubernetes 1\.25에는 없는 필드입니다\. .+\(unknown field "spec\.schedulingGates"\)$/);
  const syntax = ko('yaml-syntax');
  assert.ok(syntax.includes('YAML 구문 오류: 닫는 따옴표(")가 없습니다'), syntax.join('\n'));
  assert.ok(syntax.includes('YAML 구문 오류: 들여쓰기에는 탭을 쓸 수 없습니다(공백을 쓰세요)'), syntax.join('\n'));
});
