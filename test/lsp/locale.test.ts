import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startLspClient, type LspClient } from '../support/server';
import { ENGLISH, renderMessage, type MessageId } from '../../server/src/engine/messages';
import { KOREAN } from '../../server/src/lsp/l10n/ko';
import type { DryRunResult } from '../../server/src/engine/dryrun/protocol';

/** The server speaks the client's language (InitializeParams.locale) for our own texts, never for Kubernetes'. */

const FILES: Record<string, string> = {
  'kind.yaml': 'apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: x\n',
  'complete.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: c\nspec:\n  replicas: 1\n  \n',
  'pod.yaml': [
    'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:', '    - name: c', '      image: nginx',
    '      livenessProbe:', '        tcpSocket:', '          port: 80', '        successThreshold: 2',
    '      readinessProbe:', '        httpGet:', '          path: /healthz', '          port: http', '',
  ].join('\n'),
  'pull.yaml': [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: pull', 'spec:', '  selector:', '    matchLabels:', '      app: pull',
    '  template:', '    metadata:', '      labels:', '        app: pull', '    spec:', '      containers:', '        - name: app', '          image: nginx:1.200', '',
  ].join('\n'),
  'schema.yaml': [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: s', 'spec:', '  replicas: "2"', '  selecotr:', '    matchLabels:', '      app: s',
    '  template:', '    metadata:', '      labels:', '        app: s', '    spec:', '      restartPolicy: Alwais', '      containers:', '        - name: s', '          image: nginx:1.27', '          image: nginx:1.28',
    '          ports:', '            - containerPort: 80', '              name: 8080', '',
  ].join('\n'),
  'svc.yaml': [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  selector:', '    matchLabels:', '      app: web',
    '  template:', '    metadata:', '      labels:', '        app: web', '    spec:', '      containers:', '        - name: web', '          image: nginx:1.27',
    '---', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', 'spec:', '  selector:', '    app: wbe', '  ports:', '    - port: 80', '',
  ].join('\n'),
};

type Session = LspClient;
const sessions: Session[] = [];

async function start(locale: string | undefined): Promise<Session> {
  const s = await startLspClient({
    prefix: 'kr-l10n-',
    files: (workspace) => {
      for (const name of readdirSync(join(repoRoot, 'test-fixtures', 'tutorial'))) copyFileSync(join(repoRoot, 'test-fixtures', 'tutorial', name), join(workspace, name));
      for (const [name, text] of Object.entries(FILES)) writeFileSync(join(workspace, name), text);
    },
    initialize: locale ? { locale } : {},
  });
  sessions.push(s);
  return s;
}

async function diagnostics(s: Session, name: string, code: string) {
  const p = await s.waitForDiagnostics(s.uri(name), (p) => p.diagnostics.some((x) => x.code === code));
  return p.diagnostics.find((x) => x.code === code)!;
}

async function simulate(s: Session): Promise<DryRunResult> {
  for (let i = 0; i < 100; i++) {
    const r = await s.conn.sendRequest<DryRunResult>('kubeRehearsal/simulate', { scope: 'workspace' });
    if (r.files.length >= 3) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`the workspace was never indexed: ${s.stderr.join('')}`);
}

let ko: Session;
let en: Session;
before(async () => {
  [ko, en] = await Promise.all([start('ko'), start('en')]);
});
after(() => Promise.all(sessions.map((s) => s.stop())));

test('locale ko: our own findings are Korean, the API server message stays English', async () => {
  const kind = await diagnostics(ko, 'kind.yaml', 'unknown-kind');
  assert.equal(kind.message, '알 수 없는 kind "Deploymnet" (apps/v1)입니다. 혹시 "Deployment" 말인가요?');
  const image = await diagnostics(ko, 'pod.yaml', 'image-latest-tag');
  assert.match(image.message, /^이미지 "nginx"에 태그가 없어 "nginx:latest"를 뜻합니다/);
  const port = await diagnostics(ko, 'pod.yaml', 'probe-port-unknown');
  assert.equal(port.message, 'spec.containers[0].readinessProbe.httpGet.port: readinessProbe에 지정한 포트 "http": 컨테이너 "c"에 선언되지 않은 포트입니다. 이 컨테이너에는 이름 있는 포트가 없습니다');
  const svc = await diagnostics(ko, 'svc.yaml', 'service-selects-nothing');
  assert.deepEqual(svc.relatedInformation?.map((r) => r.message), ['Deployment web의 레이블']);
  assert.equal(svc.message, '셀렉터 {app: wbe}에 맞는 파드 템플릿이 워크스페이스의 네임스페이스 "default"에 없습니다. 이 Service에는 엔드포인트가 생기지 않습니다. 혹시 `app: web` 말인가요? (Deployment web에 있는 레이블: `app: web`, 셀렉터: `app: wbe`)');
  const field = await diagnostics(ko, 'schema.yaml', 'unknown-field');
  assert.equal(field.message, '알 수 없는 필드입니다: "spec.selecotr" (apps/v1 Deployment). 혹시 "selector" 말인가요?');
  const type = await diagnostics(ko, 'schema.yaml', 'wrong-type');
  assert.match(type.message, /^spec\.(replicas|template\.spec\.containers\[0\]\.ports\[0\]\.name)의 값 형식이 맞지 않습니다\. 필요한 값: (정수|문자열), 실제 값: (문자열 "2"|숫자 8080)/);
  const enumValue = await diagnostics(ko, 'schema.yaml', 'value-not-in-enum');
  assert.equal(enumValue.message, 'spec.template.spec.restartPolicy의 값은 "Always", "OnFailure" 또는 "Never" 중 하나여야 합니다. 실제 값: 문자열 "Alwais". 혹시 "Always" 말인가요?');
  const duplicate = await diagnostics(ko, 'schema.yaml', 'duplicate-key');
  assert.match(duplicate.message, /^중복된 키: 같은 맵의 앞부분에 이미 있는 키입니다/);
  // The API server's own words (kubectl prints them as they are) are not translated.
  const apiServer = await diagnostics(ko, 'pod.yaml', 'probe-success-threshold');
  assert.equal(apiServer.message, 'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1');
});

test('locale en: the English texts, unchanged', async () => {
  const kind = await diagnostics(en, 'kind.yaml', 'unknown-kind');
  assert.equal(kind.message, 'unknown kind "Deploymnet" in apps/v1; did you mean "Deployment"?');
  const image = await diagnostics(en, 'pod.yaml', 'image-latest-tag');
  assert.equal(image.message, 'image "nginx" has no tag, so it means "nginx:latest": imagePullPolicy defaults to Always and the version can change on every pull; pin a tag');
  const svc = await diagnostics(en, 'svc.yaml', 'service-selects-nothing');
  assert.equal(svc.message, 'selector {app: wbe} matches no pod template in namespace "default" in the workspace: the Service will have no endpoints; did you mean `app: web` (Deployment web has `app: web`, not `app: wbe`)?');
  const port = await diagnostics(en, 'pod.yaml', 'probe-port-unknown');
  assert.equal(port.message, 'spec.containers[0].readinessProbe.httpGet.port: the readinessProbe uses port "http", which container "c" does not declare; the container declares no named ports');
});

test('locale ko: dry-run predictions are Korean around Kubernetes\' own words', async () => {
  const r = await simulate(ko);
  const crash = r.diagnostics.find((d) => d.uri.endsWith('/hello-world.yaml'))?.diagnostics ?? [];
  assert.equal(crash.length, 1);
  assert.match(crash[0].message, /^Deployment hello-world의 파드들이 CrashLoopBackOff 상태가 됩니다: 컨테이너 hello-world의 프로세스가 종료 코드 0\(으\)로 끝나고, restartPolicy는 Always입니다 \(\d+s 시점\)$/);
  const pull = r.diagnostics.find((d) => d.uri.endsWith('/pull.yaml'))?.diagnostics ?? [];
  // The kubelet's reason ("tag not found") stays as Kubernetes says it.
  assert.match(pull[0]?.message ?? '', /^이미지 nginx:1\.200: tag not found; Deployment pull의 파드들이 ImagePullBackOff 상태에 머뭅니다 \(\d+s 시점\)$/);
  // Its quick fix (a tag the simulator knows) is titled in Korean too.
  const fixes = await ko.conn.sendRequest<{ title: string }[]>('textDocument/codeAction', { textDocument: { uri: ko.uri('pull.yaml') }, range: pull[0].range, context: { diagnostics: [pull[0]] } });
  assert.ok(fixes.length > 0 && fixes.every((a) => /^태그 바꾸기: 1\.200 → \S+$/.test(a.title)), JSON.stringify(fixes.map((a) => a.title)));
  const liveness = r.diagnostics.find((d) => d.uri.endsWith('/liveness.yaml'))?.diagnostics ?? [];
  assert.match(liveness.find((d) => d.code === 'dry-run-liveness')?.message ?? '', /^liveness 프로브가 실패합니다: .+\. 컨테이너 \S+의 재시작이 반복됩니다/);
  type Lens = { command?: { title: string } };
  const lenses = await ko.conn.sendRequest<Lens[]>('textDocument/codeLens', { textDocument: { uri: ko.uri('hello-world.yaml') } });
  assert.match(lenses[0]?.command?.title ?? '', /^드라이 런: CrashLoopBackOff/);
  const english = (await simulate(en)).diagnostics.find((d) => d.uri.endsWith('/hello-world.yaml'))?.diagnostics ?? [];
  assert.match(english[0]?.message ?? '', /^pods of Deployment hello-world end in CrashLoopBackOff: container hello-world exits with code 0 and restartPolicy is Always \(at \d+s\)$/);
});

test('locale ko: the dry run\'s progress notification is Korean; in English it is English', async () => {
  type Progress = { token: string | number; value: { kind: string; title?: string; message?: string } };
  const ofRun = async (s: Session, token: string) => {
    const seen: Progress[] = [];
    s.conn.onNotification('$/progress', (p: Progress) => void seen.push(p));
    await simulate(s);
    await s.conn.sendRequest('kubeRehearsal/simulate', { scope: 'workspace', workDoneToken: token });
    return seen.filter((p) => p.token === token);
  };
  const k = await ofRun(ko, 'ko-run');
  assert.equal(k.find((p) => p.value.kind === 'begin')?.value.title, '드라이 런');
  const reports = k.filter((p) => p.value.kind === 'report').map((p) => p.value.message ?? '');
  assert.ok(reports.length > 0 && reports.every((m) => /^(객체 \d+개 검사 중|시작: 매니페스트 적용 중|시뮬레이션 중: .+|결과 정리 중)$/.test(m)), JSON.stringify(reports));
  const e = await ofRun(en, 'en-run');
  assert.equal(e.find((p) => p.value.kind === 'begin')?.value.title, 'Dry run');
  assert.ok(e.some((p) => p.value.kind === 'report' && /^Checking \d+ objects$/.test(p.value.message ?? '')), JSON.stringify(e));
});

test('locale ko: quick fixes are found for Korean diagnostics and titled in Korean', async () => {
  const uri = ko.uri('schema.yaml');
  const field = await diagnostics(ko, 'schema.yaml', 'unknown-field');
  const enumValue = await diagnostics(ko, 'schema.yaml', 'value-not-in-enum');
  type Action = { title: string; isPreferred?: boolean; edit?: unknown };
  const actions = await ko.conn.sendRequest<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: field.range, context: { diagnostics: [field] } });
  assert.deepEqual(actions.map((a) => a.title), ['이름을 "selector"(으)로 변경']);
  assert.ok(actions[0].edit, 'the fix carries its edit');
  const change = await ko.conn.sendRequest<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: enumValue.range, context: { diagnostics: [enumValue] } });
  assert.deepEqual(change.map((a) => a.title), ['"Always"(으)로 변경']);
  const english = await diagnostics(en, 'schema.yaml', 'unknown-field');
  const enUri = en.uri('schema.yaml');
  const enActions = await en.conn.sendRequest<Action[]>('textDocument/codeAction', { textDocument: { uri: enUri }, range: english.range, context: { diagnostics: [english] } });
  assert.deepEqual(enActions.map((a) => a.title), ['Rename to "selector"']);
});

test('locale ko: hovers are Korean around the field names; English stays English', async () => {
  type HoverResult = { contents: { value: string } } | null;
  // `image: nginx` in pod.yaml (line 8): the field facts and the simulator's assumptions.
  const at = { textDocument: { uri: ko.uri('pod.yaml') }, position: { line: 7, character: 9 } };
  const h = await ko.conn.sendRequest<HoverResult>('textDocument/hover', at);
  assert.match(h?.contents.value ?? '', /`spec\.containers\[\]\.image` · `string` · 선택/);
  assert.match(h?.contents.value ?? '', /\*\*시뮬레이터:\*\* /);
  assert.match(h?.contents.value ?? '', /\[API 레퍼런스\]\(/);
  const e = await en.conn.sendRequest<HoverResult>('textDocument/hover', { ...at, textDocument: { uri: en.uri('pod.yaml') } });
  assert.match(e?.contents.value ?? '', /`spec\.containers\[\]\.image` · `string` · optional/);
  assert.match(e?.contents.value ?? '', /\*\*Simulator:\*\* /);
});

test('locale ko: completion items\' details and documentation are Korean around the schema\'s words', async () => {
  type Item = { label: string; detail?: string; documentation?: { value: string } };
  const complete = async (s: Session, line: number, character: number, name = 'schema.yaml') =>
    (await s.conn.sendRequest<{ items: Item[] }>('textDocument/completion', { textDocument: { uri: s.uri(name) }, position: { line, character } })).items;
  // `      restartPolicy: Alwais` (line 15): the allowed values, Always the default.
  const values = await complete(ko, 14, 21);
  assert.equal(values.find((i) => i.label === 'Always')?.detail, '기본값');
  assert.equal(values.find((i) => i.label === 'Never')?.detail, '허용되는 값');
  const english = await complete(en, 14, 21);
  assert.equal(english.find((i) => i.label === 'Always')?.detail, 'default');
  // The fresh line under `spec:` of complete.yaml: the keys of a DeploymentSpec, template required.
  const keys = await complete(ko, 6, 2, 'complete.yaml');
  const required = keys.find((i) => i.label === 'template');
  assert.equal(required?.detail, 'PodTemplateSpec · 필수');
  assert.match(required?.documentation?.value ?? '', /\[API 레퍼런스\]\(/);
  const enKeys = await complete(en, 6, 2, 'complete.yaml');
  assert.equal(enKeys.find((i) => i.label === 'template')?.detail, 'PodTemplateSpec · required');
});

test('Korean texts never put a particle right after a placeholder (it would need 이/가, 을/를... by the word)', () => {
  // After an argument only forms that fit any word: 의, 에, 에서, 입니다, (으)로, 개, 번, or punctuation.
  const particle = /\}["'`]?(?:이|가|을|를|은|는|와|과|로|으로|라고)(?=[\s.,):;]|$)/;
  for (const [id, text] of Object.entries(KOREAN)) assert.doesNotMatch(text!, particle, id);
});

test('the Korean catalog has only known ids, each with the same placeholders as the English', () => {
  const names = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const [id, text] of Object.entries(KOREAN)) {
    assert.ok(id in ENGLISH, `${id} is an English message id`);
    assert.deepEqual(names(text!), names(ENGLISH[id as MessageId]), id);
  }
  // Every message id has its Korean text (the learner's language is covered as a whole).
  assert.deepEqual(Object.keys(ENGLISH).filter((id) => !(id in KOREAN)), []);
  // Missing ids and nested ids fall back to English.
  assert.equal(renderMessage({ id: 'dry-run.at', args: { message: { id: 'dry-run-unschedulable', args: { reason: '0/1 nodes are available' } }, time: '3s' } }, { 'dry-run.at': '{message} ({time} 시점)' }), 'Pending: 0/1 nodes are available (3s 시점)');
});
