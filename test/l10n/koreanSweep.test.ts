import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { repoRoot } from '../support/server';
import { englishSentences } from '../support/english';
import { checkFile, CODE_DESCRIPTIONS } from '../../server/src/engine/check';
import { checkWithKustomize } from '../../server/src/engine/kustomize/checkBuilds';
import { findKustomize } from '../../server/src/engine/kustomize/runner';
import { walkManifestFiles } from '../../server/src/engine/fileWalker';
import { DEFAULT_SETTINGS } from '../../server/src/engine/config';
import type { Finding } from '../../server/src/engine/findings';
import { ENGLISH, renderMessage, type MessageRef } from '../../server/src/engine/messages';
import { RULES } from '../../server/src/engine/rules/index';
import { PREDICTION_RULES } from '../../server/src/engine/dryrun/predictionRules';
import { predictionsByFile, runWorkspace } from '../../server/src/engine/dryrun/workspaceRun';
import { parseYamlFile, tooLargeFile, type YamlFile } from '../../server/src/engine/yaml/documents';
import { crdsOfFile } from '../../server/src/engine/crds/sources';
import { CustomResourceRegistry } from '../../server/src/api/crd/registry';
import { hover } from '../../server/src/engine/editing/hover';
import { completions } from '../../server/src/engine/editing/completion';
import { KOREAN } from '../../server/src/lsp/l10n/ko';
import { effectiveKubernetesVersion } from '../../server/src/engine/version/kubernetesVersion';

/**
 * What a Korean editor shows of the checker is Korean, except Kubernetes' own words. Every fixture
 * of test-fixtures (checked as the CLI checks a folder, kustomize builds included, strict profile),
 * the dry run of the tutorial, and hostile inputs (alias bombs, a bad .kube-rehearsal.yaml, broken
 * CRDs and custom resources, broken YAML) are rendered from the Korean catalog; an English sentence
 * left in what is ours fails, and so does a finding code that never speaks Korean here.
 *
 * Kubernetes' words are recognised structurally, never by guessing at the text: a finding without
 * a message id must belong to a rule that quotes the API server (its text then has the API
 * server's `path: Reason: detail` shape), and inside a catalogued message only the arguments that
 * carry someone else's words (QUOTED below: the API server's, the kubelet's, kustomize's, the YAML
 * parser's, a CEL rule) are left out of the check.
 */

/**
 * Arguments whose text is not ours: the API server's, scheduler's and kubelet's messages,
 * kustomize's and the parser's errors, CEL rules, kubectl's status words, and a feature's name as
 * its KEP gives it (`what` of the field-version messages).
 */
const QUOTED = new Set(['reason', 'error', 'violation', 'message', 'detail', 'text', 'rule', 'status', 'what']);

/** Codes whose texts are the API server's own (field errors, the CRD's deprecation warning), besides the rules that say so. */
const API_SERVER_CODES = new Set([
  ...RULES.filter((r) => r.kubernetesWords || r.rejectedByApiServer).map((r) => r.id),
  'invalid-value', // a CRD schema's constraint: "spec.owner: Invalid value: ..."
  'duplicate-list-item', // "spec.tags[2]: Duplicate value: ..."
  'validation-rule', // a CEL rule's failure as the API server reports it
]);

/** Codes no input here sets off, and why; their message ids are still held to have Korean texts below. */
const NOT_PROVOKED: Record<string, string> = {
  'internal-error': 'only a bug in a check produces it (internal-error.* ids)',
  'dry-run-unschedulable': 'test/lsp/locale.test.ts and test/dryrun cover the predictions by LSP',
  'dry-run-never-ready': 'as above',
  'dry-run-image-pull': 'as above (locale.test: pull.yaml)',
  'dry-run-rollout-stalled': 'as above',
  'dry-run-job-failed': 'as above',
  'dry-run-oom': 'as above',
  'dry-run-config-error': 'as above',
  'dry-run-error-exit': 'as above',
  'dry-run-create-failed': 'as above',
  'dry-run-no-endpoints': 'as above',
};

/** The Korean rendering with the quoted arguments blanked, and the ids that have no Korean text. */
function koreanOf(ref: MessageRef, missing: string[]): string {
  const template = KOREAN[ref.id];
  if (template === undefined) missing.push(ref.id);
  return (template ?? ENGLISH[ref.id]).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const arg = ref.args[name];
    if (arg === undefined) return whole;
    if (typeof arg !== 'string') return koreanOf(arg, missing);
    return QUOTED.has(name) ? '«»' : arg;
  });
}

/** What is wrong with one text a Korean editor shows (a finding's message, a related location's, a quick fix's title). */
function problems(where: string, code: string, english: string, ref: MessageRef | undefined): string[] {
  if (!ref) {
    if (API_SERVER_CODES.has(code) && /^[\w.[\]/-]+: [A-Z]/.test(english)) return [];
    // A CRD's deprecation warning is the API server's ("<group>/<version> <Kind> is deprecated; use ...").
    if (code === 'deprecated-api-version' && / is deprecated/.test(english)) return [];
    // A related location named by its object alone ("Service web") has no words to translate.
    if (where.includes('related') && /^[A-Z]\w* [a-z0-9][\w.-]*$/.test(english)) return [];
    return [`${where} [${code}]: not catalogued: ${english}`];
  }
  const missing: string[] = [];
  const korean = koreanOf(ref, missing);
  const out = missing.map((id) => `${where} [${code}]: message id ${id} has no Korean text`);
  if (renderMessage(ref) !== english) out.push(`${where} [${code}]: the English text differs from its message's rendering`);
  for (const s of englishSentences(korean)) out.push(`${where} [${code}]: English left in the Korean text: "${s}" in ${korean}`);
  return out;
}

function findingProblems(f: Finding, where: string): string[] {
  const out = problems(`${where} message`, f.code, f.message, f.l10n);
  for (const r of f.related ?? []) out.push(...problems(`${where} related`, f.code, r.message, r.l10n));
  for (const x of f.fixes ?? []) out.push(...problems(`${where} quick fix`, f.code, x.title, x.l10n));
  return out;
}

// --- Hostile inputs ---------------------------------------------------------------------------

const laughs = ['lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
for (let i = 1; i < 9; i++) laughs.push(`l${i}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);

let chain = 'a0: &a0 [x]\n';
for (let i = 1; i < 300; i++) chain += `a${i}: &a${i} [*a${i - 1}]\n`;

const HOSTILE: Record<string, string> = {
  'bomb.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n${laughs.map((l) => `  ${l}`).join('\n')}\n`,
  'deep.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n${chain.replace(/^/gm, '  ')}`,
  'count.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: count\ndata:\n  a: &x [1]\n  b: [${Array(12000).fill('*x').join(', ')}]\n`,
  '.kube-rehearsal.yaml': [
    'targetVersion: "1.99"',
    'profile: paranoid',
    'rules:',
    '  image-latest-tag: loud',
    'images:',
    '  - image: ""',
    '    startupSecond: 5',
    '    startupSeconds: -1',
    '    ports:',
    '      - port: web',
    '      - port: 70000',
    '      - protocol: SCTP',
    '  - startupSeconds: 2',
    '',
  ].join('\n'),
  'crd.yaml': [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    '  name: gadgets.hostile.example.com',
    'spec:',
    '  group: hostile.example.com',
    '  scope: Cluster',
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
    '              x-kubernetes-validations:',
    '                - rule: "isQuantity(self.size)"',
    '                - rule: "self.size"',
    '              properties:',
    '                size: { type: string, maxLength: 8, pattern: "^[a-z]+$", description: "How big." }',
    '                count: { type: integer, minimum: 1, maximum: 5, default: 1 }',
    '                mode: { type: string, enum: [fast, slow] }',
    '                extra: { type: object, x-kubernetes-preserve-unknown-fields: true }',
    '    - name: v1beta1',
    '      served: false',
    '      storage: false',
    '      schema:',
    '        openAPIV3Schema: { type: object }',
    '---',
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    '  name: broken.hostile.example.com',
    'spec:',
    '  group: hostile.example.com',
    '  scope: Namespaced',
    '  names: { plural: sprockets, kind: Sprocket }',
    '  versions:',
    '    - name: v1',
    '      served: true',
    '      storage: false',
    '',
  ].join('\n'),
  'gadgets.yaml': [
    'apiVersion: hostile.example.com/v1',
    'kind: Gadget',
    'metadata:',
    '  name: g',
    '  namespace: default',
    'spec:',
    '  size: Huge_One_Way_Too_Long',
    '  count: 9',
    '  mode: medium',
    '---',
    'apiVersion: hostile.example.com/v1',
    'kind: Gadget',
    'metadata:',
    '  name: rules',
    'spec:',
    '  size: ab',
    '---',
    'apiVersion: hostile.example.com/v1beta1',
    'kind: Gadget',
    'metadata:',
    '  name: old',
    '---',
    'apiVersion: hostile.example.com/v3',
    'kind: Gadget',
    'metadata:',
    '  name: future',
    '---',
    'apiVersion: hostile.example.com/v1',
    'kind: Gadjet',
    'metadata:',
    '  name: typo',
    '---',
    'apiVersion: hostile.example.com/v1',
    'kind: Whatsit',
    'metadata:',
    '  name: none',
    '',
  ].join('\n'),
};

/** Objects judged for older releases (the target version's codes), with the version. */
const VERSIONED: [number, string][] = [
  [22, 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app: web\n'],
  [29, 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: p\nspec:\n  validations:\n  - expression: "true"\n'],
  [24, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: side\nspec:\n  initContainers:\n  - name: proxy\n    image: nginx:1.27\n    restartPolicy: Always\n  containers:\n  - name: app\n    image: nginx:1.27\n'],
  [28, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: side\nspec:\n  initContainers:\n  - name: proxy\n    image: nginx:1.27\n    restartPolicy: Always\n  containers:\n  - name: app\n    image: nginx:1.27\n'],
];

/** Broken YAML under a ConfigMap's data, for the parser's texts (each must come out in Korean). */
const SYNTAX_HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n';
const SYNTAX = [
  '  a: [1, 2\n',
  '  a: {b: 1\n',
  '  a: "bad \\q escape"\n',
  '  a: *nowhere\n',
  '  a:\n\tb: 1\n',
  '  a: b: c\n',
  '  a: &x &y 1\n',
  '  a:\n    b: 1\n   c: 2\n',
  '  a: @at\n',
  '  c: [1,,2]\n',
  '  key\n  other: 1\n',
  '  a: [b: c: d]\n',
  '  a: |x\n    y\n',
  '  a: 1\n  a: 2\n',
  '  a: "unclosed\n  b: 1\n',
  "  a: 'unclosed\n  b: 1\n",
  '  a: |\n      one\n    two\n',
]

// --- The sweep --------------------------------------------------------------------------------

function readFolder(dir: string): YamlFile[] {
  const files: YamlFile[] = [];
  for (const p of walkManifestFiles(dir)) files.push(parseYamlFile(pathToFileURL(p).toString(), readFileSync(p, 'utf8')));
  return files;
}

const settings = { ...DEFAULT_SETTINGS, profile: 'strict' as const, podSecurity: 'restricted' as const };

async function sweep(): Promise<{ findings: { f: Finding; where: string }[] }> {
  const findings: { f: Finding; where: string }[] = [];
  const tool = findKustomize(undefined);
  const fixtures = join(repoRoot, 'test-fixtures');
  for (const name of readdirSync(fixtures)) {
    const dir = join(fixtures, name);
    const files = readFolder(dir);
    if (files.length === 0) continue;
    const checked = await checkWithKustomize(files, { settings, extraCrds: [], tool, baseDir: dir });
    for (const [uri, fs] of checked.findings) for (const f of fs) findings.push({ f, where: uri.slice(uri.indexOf('test-fixtures/')) });
  }
  const hostile = Object.entries(HOSTILE).map(([name, text]) => parseYamlFile(`file:///hostile/${name}`, text));
  const checked = await checkWithKustomize(hostile, { settings, extraCrds: [], tool: undefined, baseDir: '/hostile' });
  for (const [uri, fs] of checked.findings) for (const f of fs) findings.push({ f, where: uri });
  SYNTAX.forEach((text, i) => {
    for (const f of checkFile(parseYamlFile(`file:///syntax/${i}.yaml`, SYNTAX_HEAD + text))) findings.push({ f, where: `syntax ${JSON.stringify(text)}` });
  });
  VERSIONED.forEach(([minor, text], i) => {
    for (const f of checkFile(parseYamlFile(`file:///versions/${i}.yaml`, text), { kubernetesMinor: minor })) findings.push({ f, where: `1.${minor} ${JSON.stringify(text)}` });
  });
  // A kustomization kustomize cannot build (a resource that does not exist), on disk as kustomize reads it.
  if (tool) {
    const dir = mkdtempSync(join(tmpdir(), 'kr-ko-kustomize-'));
    try {
      writeFileSync(join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - missing.yaml\n');
      const built = await checkWithKustomize(readFolder(dir), { settings, extraCrds: [], tool, baseDir: dir });
      for (const [uri, fs] of built.findings) for (const f of fs) findings.push({ f, where: `kustomize ${uri}` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else process.stderr.write('koreanSweep: neither kustomize nor kubectl on PATH: kustomize-build is not set off\n');
  for (const f of checkFile(tooLargeFile('file:///big.yaml', 20 * 1024 * 1024))) findings.push({ f, where: 'big.yaml' });
  // The dry run's predictions on the tutorial (CrashLoopBackOff, a failing liveness probe).
  const tutorial = readFolder(join(fixtures, 'tutorial'));
  const run = await runWorkspace(tutorial, {});
  for (const [uri, fs] of predictionsByFile(run.predictions)) for (const f of fs) findings.push({ f, where: `dry run ${uri}` });
  return { findings };
}

const swept = sweep();

test('no English sentence of ours in what a Korean editor shows of the fixtures and hostile inputs', { timeout: 180_000 }, async () => {
  const { findings } = await swept;
  assert.ok(findings.length > 500, `${findings.length} findings`);
  const wrong = new Set<string>();
  for (const { f, where } of findings) for (const p of findingProblems(f, where)) wrong.add(p);
  assert.deepEqual([...wrong].slice(0, 40), []);
});

test('every finding code speaks Korean here, or quotes the API server, or says why it is not provoked', async () => {
  const { findings } = await swept;
  const codes = new Set([...Object.keys(CODE_DESCRIPTIONS), ...RULES.map((r) => r.id), ...Object.keys(PREDICTION_RULES)]);
  const spoken = new Set(findings.filter(({ f }) => f.l10n).map(({ f }) => f.code));
  const silent = [...codes].filter((c) => !spoken.has(c) && !API_SERVER_CODES.has(c) && !(c in NOT_PROVOKED) && !(c === 'kustomize-build' && !findKustomize(undefined)));
  assert.deepEqual(silent, [], 'codes with no Korean finding in the sweep: add an input that sets them off');
  // The hostile inputs set off what they are here for.
  for (const c of ['yaml-alias-limit', 'workspace-config', 'invalid-crd', 'unknown-kind', 'wrong-api-version', 'validation-rule-not-evaluated', 'cluster-scoped-namespace', 'file-too-large', 'yaml-syntax']) {
    assert.ok(findings.some(({ f, where }) => f.code === c && f.l10n && /hostile|syntax|big/.test(where)), `${c} from the hostile inputs`);
  }
  // The ids behind the codes not provoked have their Korean texts all the same.
  for (const c of Object.keys(NOT_PROVOKED)) {
    const ids = Object.keys(ENGLISH).filter((id) => id === c || id.startsWith(`${c}.`));
    assert.ok(ids.length > 0, `${c}: its message ids`);
    for (const id of ids) assert.ok(id in KOREAN, `${id} has a Korean text`);
  }
});

test('the alias limits, the workspace file and the CRD errors read as Korean sentences', async () => {
  const { findings } = await swept;
  const ko = (code: string, where: string) => findings.filter(({ f, where: w }) => f.code === code && w.includes(where)).map(({ f }) => renderMessage(f.l10n!, KOREAN));
  assert.ok(ko('yaml-alias-limit', 'bomb.yaml').some((m) => /^별칭을 펼치면 이 문서의 노드가 100,000개를 넘습니다/.test(m)), ko('yaml-alias-limit', 'bomb.yaml').join('\n'));
  assert.ok(ko('yaml-alias-limit', 'deep.yaml').some((m) => /단계보다 깊어집니다/.test(m)));
  const config = ko('workspace-config', '.kube-rehearsal.yaml');
  assert.ok(config.includes('.kube-rehearsal.yaml에 없는 필드입니다: "images.0.startupSecond"'), config.join('\n'));
  assert.ok(config.includes('images.0.ports.0.port: 필요한 값의 형식: 정수'), config.join('\n'));
  assert.ok(config.includes('images.0.ports.1.port: 65535 이하여야 합니다'), config.join('\n'));
  assert.ok(config.some((m) => /^targetVersion: Kubernetes 1\.99: 지원하지 않는 버전입니다/.test(m)), config.join('\n'));
  const crd = ko('invalid-crd', 'crd.yaml');
  assert.ok(crd.some((m) => /^API 서버가 이 CustomResourceDefinition 객체를 거부합니다: spec\.versions: Invalid value: /.test(m)), crd.join('\n'));
  const kind = ko('unknown-kind', 'gadgets.yaml');
  assert.ok(kind.includes('CRD에 정의되지 않은 kind입니다: no matches for kind "Gadjet" in version "hostile.example.com/v1". 혹시 "Gadget" 말인가요?'), kind.join('\n'));
});

test('custom resources\' hovers and completions are Korean around the CRD\'s own words', () => {
  const crdFile = parseYamlFile('file:///hostile/crd.yaml', HOSTILE['crd.yaml']);
  const crds = new CustomResourceRegistry(crdsOfFile(crdFile));
  const render = (ref: MessageRef) => renderMessage(ref, KOREAN);
  const text = 'apiVersion: hostile.example.com/v1\nkind: Gadget\nmetadata:\n  name: g\nspec:\n  size: ab\n  mode: fast\n  \n';
  const file = parseYamlFile('file:///ws/g.yaml', text);
  const kindHover = hover(file, { line: 1, character: 7 }, { crds, render })!.contents.value;
  assert.match(kindHover, /\*\*Gadget\*\* · `hostile\.example\.com\/v1` · 클러스터 범위/);
  assert.match(kindHover, /리소스 `gadgets`, 짧은 이름 `gd` · 제공\(served\) 버전: `v1`/);
  assert.match(kindHover, /정의한 CustomResourceDefinition 파일: `\/hostile\/crd\.yaml`/);
  const sizeHover = hover(file, { line: 5, character: 3 }, { crds, render })!.contents.value;
  assert.match(sizeHover, /^`spec\.size` · `string` · 선택/);
  assert.match(sizeHover, /최대 8자, 패턴 `\^\[a-z\]\+\$`/);
  const keys = completions(file, { line: 7, character: 2 }, { crds, render }).items;
  const count = keys.find((i) => i.label === 'count')!;
  assert.match(count.documentation!.value, /최솟값 1, 최댓값 5/);
  assert.match(count.documentation!.value, /기본값: `1`/);
  const values = completions(file, { line: 6, character: 8 }, { crds, render }).items;
  assert.deepEqual(values.map((i) => i.detail), ['허용되는 값', '허용되는 값']);
  const wrong: string[] = [];
  for (const t of [kindHover, sizeHover, ...keys.map((i) => `${i.detail} ${i.documentation?.value ?? ''}`)]) {
    // The CRD's descriptions are its author's ("How big.").
    for (const s of englishSentences(t.replace(/How big\./g, ''))) wrong.push(`${s} in ${t}`);
  }
  assert.deepEqual(wrong, []);
});

test('no Korean text of the catalog keeps an English sentence of ours (placeholders aside)', () => {
  const wrong = Object.entries(KOREAN).flatMap(([id, text]) => englishSentences(text!.replace(/\{\w+\}/g, '«»')).map((s) => `${id}: ${s}`));
  assert.deepEqual(wrong, []);
});

test('the sentence detector sees English prose and lets names, values and Korean through', () => {
  assert.equal(englishSentences('aliases expand this document beyond 100 nodes: it is not read').length, 1);
  assert.deepEqual(englishSentences('Deployment web의 파드들이 CrashLoopBackOff 상태가 됩니다'), []);
  assert.deepEqual(englishSentences('셀렉터 `app: the web of it` "is not a thing"'), []);
  assert.deepEqual(englishSentences('kind를 Gadget(으)로 변경'), []);
});

test('a bad target version (setting or .kube-rehearsal.yaml) is explained in Korean in the status bar', () => {
  const config = parseYamlFile('file:///ws/.kube-rehearsal.yaml', 'targetVersion: "2.0"\n');
  const fromFile = effectiveKubernetesVersion(undefined, [config]);
  assert.equal(fromFile.problem, '"2.0" is not a Kubernetes version: write the minor release, like "1.30"');
  assert.equal(renderMessage(fromFile.problemRef!, KOREAN), '"2.0": Kubernetes 버전이 아닙니다. "1.30"처럼 마이너 릴리스를 적으세요');
  const fromSetting = effectiveKubernetesVersion('1.99', []);
  assert.equal(renderMessage(fromSetting.problemRef!, KOREAN), 'Kubernetes 1.99: 지원하지 않는 버전입니다. 1.24부터 1.36 사이에서 고르세요');
});
