import type { ShellTexts } from './session';

/**
 * The simulated cluster shell's own words in Korean (the editor's terminal in a Korean window).
 * Commands, flags and kubectl's output stay as typed and printed.
 */
export const KOREAN_SHELL: ShellTexts = {
  help: `시뮬레이션 클러스터 셸: 가상 시간으로 흐르는 시뮬레이션 클러스터에 kubectl을 실행합니다. 이 컴퓨터에서는 아무것도 실행되지 않습니다.

  kubectl VERB ...     kubectl 명령 실행(k VERB ...도 됨). 시뮬레이션되는 동사:
                       get, describe, logs, explain, api-resources, api-versions, apply|create|replace -f,
                       create deployment|service|job|cronjob|configmap|secret|namespace|serviceaccount,
                       run (-it, --rm), delete, scale, label, annotate, set image|env|resources,
                       rollout status|history|undo|pause|resume|restart, patch, edit, expose, autoscale,
                       exec(해석 실행), port-forward, cordon, uncordon, drain, top, cluster-info,
                       config view|current-context|get-contexts, version
  kubectl get ... -w   감시: 가상 시간이 흐르며 생기는 변화를 출력(Ctrl+C로 멈춤)
  kubectl logs -f POD  컨테이너의 출력을 계속 보기(Ctrl+C로 멈춤)
  kubectl exec -it POD -- sh   컨테이너 안의 셸(동작 모델이 해석함. exit로 나감)
  sleep 30s            가상 시간 30초를 한 번에 흘려보내기(2m, 1h30m, 90도 됨)
  clock                가상 시간과 시계 속도 보기
  clock speed 10x      가상 시간을 실제 시간보다 10배 빠르게(1x, 10x, 60x, ...)
  clock pause|resume   시계를 멈추거나 다시 움직이기(sleep은 여전히 시간을 움직임)
  history              지금까지 입력한 명령
  clear                화면 지우기(Ctrl+L도 됨)
  help                 이 도움말
  exit                 셸 나가기

키: 화살표, Home/End, Backspace/Delete, Ctrl+A/E/U/K/W, 위/아래로 기록 탐색, Tab으로 동사, 리소스 종류,
객체 이름 자동 완성. 파이프, 리디렉션, 다른 프로그램은 시뮬레이션하지 않습니다.
--script 파일에서는 한 줄이 명령 하나이며, 감시(-w) 바로 뒤의 sleep이 감시하는 시간입니다.
`,
  notSimulatedOperator: (op) => `"${op}"은(는) 시뮬레이션하지 않습니다: 이 셸은 파이프나 리디렉션 없이 kubectl 명령을 하나씩 실행합니다`,
  unterminatedQuote: (double) => `${double ? '큰따옴표' : '작은따옴표'}가 닫히지 않았습니다`,
  sleepUsage: 'sleep: 시간을 하나 주세요(예: sleep 30s, sleep 2m)',
  sleepBeyond: (time) => `sleep: 시뮬레이션이 ${time}에서 멈춥니다. 그 이후로는 시간이 흐를 수 없습니다`,
  commandNotFoundVerb: (cmd, line) => `${cmd}: 명령을 찾을 수 없습니다(혹시 "kubectl ${line}" 말인가요?)`,
  commandNotFound: (cmd) => `${cmd}: 명령을 찾을 수 없습니다. 이 셸은 kubectl만 시뮬레이션합니다(help를 입력해 보세요)`,
  clockStatus: (time, clock) => `가상 시간 ${time}, 시계 ${clock}`,
  clockPausedWord: '멈춤',
  clockPaused: (time) => `시계가 ${time}에서 멈췄습니다(sleep은 여전히 시간을 움직입니다)`,
  clockRunning: (speed) => `시계가 ${speed} 속도로 움직입니다`,
  clockRunningPaused: (speed) => `시계 속도 ${speed}(멈춤 상태: clock resume으로 다시 움직이세요)`,
  clockUsage: 'clock: "clock", "clock speed 10x", "clock pause", "clock resume" 중 하나를 쓰세요',
};
