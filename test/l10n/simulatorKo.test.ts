import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { runWorkspace } from '../../server/src/engine/dryrun/workspaceRun';
import { CATALOG, createBehaviourModel } from '../../server/src/sim/behaviour/index';
import { koreanAssumption, koreanSettingProblem, koreanStop, koreanSummary } from '../../server/src/lsp/l10n/simulatorKo';
import { globSettingProblems } from '../../server/src/engine/config';
import { localizedAssumptions, localizedImageSummary, localizedSettingProblems, localizedStop, setClientLocale } from '../../server/src/lsp/l10n/index';
import { englishSentences } from '../support/english';

/**
 * The simulator's prose in a Korean editor: every summary of the image catalog (hovers and
 * completion of `image:`) and the assumptions a dry run lists have a Korean form with no English
 * sentence left (commands in backticks, image names and ports aside). A new catalog entry or a new
 * assumption sentence fails here until simulatorKo.ts knows it.
 */

const HANGUL = /[가-힣]/;

function wrongKorean(english: string, korean: string | undefined): string[] {
  if (korean === undefined) return [`no Korean for: ${english}`];
  const out: string[] = [];
  if (!HANGUL.test(korean)) out.push(`not Korean: ${korean}`);
  for (const s of englishSentences(korean)) out.push(`English left ("${s}") in: ${korean}`);
  return out;
}

test('every summary of the image catalog, of an unknown image, a missing tag and a bad reference has a Korean form', () => {
  const model = createBehaviourModel();
  const summaries = new Set(CATALOG.map((p) => p.summary));
  for (const image of ['example.com/team/app:1.0', 'nginx:1.200', 'nginx:1.27', 'Not A Reference!']) summaries.add(model.describeImage(image).summary);
  assert.ok(summaries.size > 40, `${summaries.size} summaries`);
  const wrong = [...summaries].flatMap((s) => wrongKorean(s, koreanSummary(s)));
  assert.deepEqual(wrong, []);
  assert.equal(koreanSummary(model.describeImage('nginx:1.200').summary), '포트 80의 HTTP 서버: `/`는 200, 없는 경로는 404로 응답합니다. SIGTERM을 받으면 곧바로 멈춥니다. 태그 `1.200`은(는) 없는 태그라서 이미지를 받을 때 "manifest unknown"으로 실패합니다.');
});

const PODS = [
  ['unknown', 'example.com/team/app:1.0', undefined, 8080],
  ['unknown-noports', 'example.com/team/worker:1.0', undefined, undefined],
  ['net', 'busybox:1.36', ['sh', '-c', 'wget -qO- http://web/ ; sleep 3600'], undefined],
  ['sed', 'busybox:1.36', ['sh', '-c', "echo a | sed 'x;G;h' ; sleep 3600"], undefined],
  ['absent', 'busybox:1.36', ['sh', '-c', 'frobnicate --now ; sleep 3600'], undefined],
  ['fn', 'busybox:1.36', ['sh', '-c', 'function f { echo x; } ; sleep 3600'], undefined],
  ['arrays', 'busybox:1.36', ['sh', '-c', 'arr=(1 2) ; sleep 3600'], undefined],
  ['tests', 'bash:5', ['bash', '-c', '[[ 1 -eq 1 ]] && echo ok; sleep 3600'], undefined],
  ['node', 'node:20', ['node', 'app.js'], 3000],
  ['py', 'python:3.12', ['python', 'app.py'], undefined],
  ['ag', 'registry.k8s.io/e2e-test-images/agnhost:2.40', ['agnhost', 'fake-gitserver'], undefined],
] as const;

test('the assumptions of a dry run read in Korean; kubectl\'s warnings stay as kubectl prints them', async () => {
  const text = PODS.map(([name, image, command, port]) =>
    [
      'apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, 'spec:', '  containers:', `    - name: ${name}`, `      image: ${image}`,
      ...(command ? [`      command: ${JSON.stringify(command)}`] : []),
      ...(port ? ['      ports:', `        - containerPort: ${port}`] : []),
    ].join('\n'),
  ).join('\n---\n');
  const run = await runWorkspace([parseYamlFile('file:///ws/pods.yaml', text + '\n')], {});
  const sentences = [...new Set(run.snapshot.assumptions.map((a) => a.message))];
  assert.ok(sentences.length >= 12, sentences.join('\n'));
  const wrong = sentences.filter((s) => !s.startsWith('Warning: ')).flatMap((s) => wrongKorean(s, koreanAssumption(s)));
  assert.deepEqual(wrong, []);
  // The editor's adapter: Korean for a Korean client, the same list for an English one.
  setClientLocale('ko-KR');
  try {
    const ko = localizedAssumptions(run.snapshot.assumptions);
    assert.ok(ko.every((a) => HANGUL.test(a.message)), ko.map((a) => a.message).join('\n'));
    assert.match(localizedImageSummary(createBehaviourModel().describeImage('redis:7').summary), /^약 1초 뒤 TCP 6379에서 응답하는 Redis 서버입니다/);
  } finally {
    setClientLocale('en');
  }
  assert.equal(localizedAssumptions(run.snapshot.assumptions), run.snapshot.assumptions);
  assert.match(localizedImageSummary(createBehaviourModel().describeImage('redis:7').summary), /^Redis server on TCP 6379/);
});

test('why a dry run stopped early and the warning about invalid globs read in Korean', () => {
  for (const s of ['the object limit (50000) was reached', 'the event limit (2000000 processed events) was reached at 61.0s', 'the virtual time limit (3600s) was reached']) {
    assert.deepEqual(wrongKorean(s, koreanStop(s)), []);
  }
  const problems = globSettingProblems({ include: ['**/*.yaml', '[z-a]'], exclude: ['{a,b', 'x'.repeat(5000)] });
  assert.equal(problems.length, 3);
  for (const p of problems) assert.deepEqual(wrongKorean(p, koreanSettingProblem(p)), []);
  setClientLocale('ko');
  try {
    assert.match(localizedSettingProblems(problems), /^kubeRehearsal\.include: "\[z-a\]"은\(는\) 올바른 glob이 아니어서\(.+\) 아무 파일에도 맞지 않습니다 \(그 밖에 2개, 출력 창을 확인하세요\)$/);
    assert.equal(localizedStop('the virtual time limit (3600s) was reached'), '가상 시간 한도(3600초)에 도달했습니다');
  } finally {
    setClientLocale('en');
  }
  assert.match(localizedSettingProblems(problems), /\(and 2 more, see the output\)$/);
});
