import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS } from '../../server/src/sim/index';
import { SimulationBackend } from '../../server/src/shell/backend';
import { ShellClock } from '../../server/src/shell/clock';
import { ENGLISH_SHELL, ShellSession, type ShellTexts } from '../../server/src/shell/session';
import { KOREAN_SHELL } from '../../server/src/shell/textsKo';
import { englishSentences } from '../support/english';

/** The simulated cluster shell of a Korean editor: its own words Korean, kubectl's output kubectl's. */

function texts(t: ShellTexts): string[] {
  return Object.values(t).map((v) => (typeof v === 'function' ? (v as (...a: unknown[]) => string)('ARG', 'ARG2') : (v as string)));
}

test('every text of the shell has a Korean form with no English sentence left', () => {
  assert.deepEqual(Object.keys(KOREAN_SHELL).sort(), Object.keys(ENGLISH_SHELL).sort());
  for (const k of texts(KOREAN_SHELL)) {
    assert.match(k, /[가-힣]/, k);
    // Commands and flags stay as typed (`kubectl get ... -w`, `clock speed 10x`): the help's first column.
    const prose = k.split('\n').map((l) => l.replace(/^ {2}\S.*? {2,}/, '')).join('\n');
    assert.deepEqual(englishSentences(prose), [], k);
  }
});

test('a Korean shell says its own words in Korean and prints kubectl\'s output as kubectl does', async () => {
  const sim = createSimulation({ objects: [], seed: 1, horizon: 3600, behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }) });
  const session = new ShellSession(new SimulationBackend(sim), new ShellClock(() => 0, 1, true), KOREAN_SHELL);
  assert.match((await session.execute('help')).output, /^시뮬레이션 클러스터 셸/);
  assert.equal((await session.execute('get pods')).output, 'get: 명령을 찾을 수 없습니다(혹시 "kubectl get pods" 말인가요?)\n');
  assert.match((await session.execute('clock')).output, /^가상 시간 \S+, 시계 멈춤\n$/);
  assert.equal((await session.execute('kubectl get pods')).output, 'No resources found in default namespace.\n');
  const english = new ShellSession(new SimulationBackend(sim), new ShellClock(() => 0, 1, true));
  assert.equal((await english.execute('get pods')).output, 'get: command not found (did you mean "kubectl get pods"?)\n');
});
