/**
 * The simulator's own prose in Korean: the image catalog's summaries (hovers and completion details
 * of `image:`) and the assumptions a dry run lists. The simulator writes them in English (the CLI
 * and the JSON contract keep them so); the editor shows them in the client's language through
 * these tables. A sentence no entry knows stays English; test/l10n/simulatorKo.test.ts holds every
 * catalog summary and the assumptions the simulator makes to an entry here.
 * Program names, commands, ports, environment variables and Kubernetes' words stay as written.
 */

/** Catalog summaries by their English text (server/src/sim/behaviour/catalog.ts). */
const SUMMARIES: Record<string, string> = {
  'Prints a greeting and exits 0 at once.': '인사말을 출력하고 곧바로 종료 코드 0으로 끝납니다.',
  'HTTP server on port 80: `/` answers 200, unknown paths 404; stops at once on SIGTERM.': '포트 80의 HTTP 서버: `/`는 200, 없는 경로는 404로 응답합니다. SIGTERM을 받으면 곧바로 멈춥니다.',
  'Apache HTTP server on port 80: `/` answers 200, unknown paths 404; graceful stop on SIGTERM.': '포트 80의 Apache HTTP 서버: `/`는 200, 없는 경로는 404로 응답합니다. SIGTERM을 받으면 정상 종료합니다.',
  'Runs the given command with busybox sh and applets; with no command, `sh` exits 0 at once (no TTY/stdin).': '주어진 명령을 busybox sh와 애플릿으로 실행합니다. 명령이 없으면 `sh`가 곧바로 종료 코드 0으로 끝납니다(TTY/stdin 없음).',
  'Runs the given command with busybox sh; with no command, `/bin/sh` exits 0 at once (no TTY/stdin).': '주어진 명령을 busybox sh로 실행합니다. 명령이 없으면 `/bin/sh`가 곧바로 종료 코드 0으로 끝납니다(TTY/stdin 없음).',
  'Runs the given command with bash and GNU coreutils; with no command, `bash` exits 0 at once (no TTY/stdin).': '주어진 명령을 bash와 GNU coreutils로 실행합니다. 명령이 없으면 `bash`가 곧바로 종료 코드 0으로 끝납니다(TTY/stdin 없음).',
  'Runs the given command with bash/dash and GNU coreutils; with no command, `bash` exits 0 at once (no TTY/stdin).': '주어진 명령을 bash/dash와 GNU coreutils로 실행합니다. 명령이 없으면 `bash`가 곧바로 종료 코드 0으로 끝납니다(TTY/stdin 없음).',
  'Node.js: with no arguments the REPL exits 0 at once without a TTY/stdin; scripts are not interpreted (assumed to keep running).': 'Node.js: 인수가 없으면 TTY/stdin이 없어 REPL이 곧바로 종료 코드 0으로 끝납니다. 스크립트는 해석하지 않습니다(계속 실행된다고 가정).',
  'Python: with no arguments the REPL exits 0 at once without a TTY/stdin; `python -m http.server [port]` serves HTTP (8000); scripts are not interpreted.': 'Python: 인수가 없으면 TTY/stdin이 없어 REPL이 곧바로 종료 코드 0으로 끝납니다. `python -m http.server [port]`는 HTTP(8000)를 제공합니다. 스크립트는 해석하지 않습니다.',
  'Redis server on TCP 6379 after about 1 s; `redis-cli ping` answers PONG; exits 0 on SIGTERM.': '약 1초 뒤 TCP 6379에서 응답하는 Redis 서버입니다. `redis-cli ping`에 PONG으로 답하고, SIGTERM을 받으면 종료 코드 0으로 끝납니다.',
  'MySQL on TCP 3306 after about 20 s (first start); exits 1 at once unless MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD or MYSQL_RANDOM_ROOT_PASSWORD is set.': '약 20초 뒤(첫 시작) TCP 3306에서 응답하는 MySQL입니다. MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD 중 하나가 없으면 곧바로 종료 코드 1로 끝납니다.',
  'PostgreSQL on TCP 5432 after about 5 s (first start); exits 1 at once unless POSTGRES_PASSWORD or POSTGRES_HOST_AUTH_METHOD is set.': '약 5초 뒤(첫 시작) TCP 5432에서 응답하는 PostgreSQL입니다. POSTGRES_PASSWORD나 POSTGRES_HOST_AUTH_METHOD가 없으면 곧바로 종료 코드 1로 끝납니다.',
  'MongoDB on TCP 27017 after about 2 s; exits 0 on SIGTERM.': '약 2초 뒤 TCP 27017에서 응답하는 MongoDB입니다. SIGTERM을 받으면 종료 코드 0으로 끝납니다.',
  'Prometheus node exporter: HTTP on 9100 (`/metrics` and `/` answer 200) at once.': 'Prometheus node exporter: 곧바로 9100에서 HTTP를 제공합니다(`/metrics`와 `/`는 200).',
  'Kubernetes test multi-tool: `liveness` serves /healthz 200 for 10 s then 500 on 8080; `netexec` serves HTTP on --http-port (8080); `serve-hostname` on 9376; `pause` waits.': 'Kubernetes 테스트용 도구 모음: `liveness`는 8080에서 /healthz를 10초 동안 200, 그 뒤 500으로 응답합니다. `netexec`는 --http-port(8080)에서 HTTP를, `serve-hostname`은 9376에서 제공하고, `pause`는 기다리기만 합니다.',
  'The older liveness test server: /healthz 200 for the first 10 s, then 500, on 8080.': '예전 liveness 테스트 서버: 8080에서 /healthz를 처음 10초 동안 200, 그 뒤 500으로 응답합니다.',
  'A small HTTP proxy listening on TCP 8080 at once (plain requests to it answer 500).': '곧바로 TCP 8080에서 듣는 작은 HTTP 프록시입니다(프록시가 아닌 일반 요청에는 500으로 응답).',
  'Sleeps until stopped; exits 0 on SIGTERM.': '멈출 때까지 잠들어 있습니다. SIGTERM을 받으면 종료 코드 0으로 끝납니다.',
  'etcd: client port 2379 answers gRPC health (SERVING) and HTTP /health after about 1 s.': 'etcd: 약 1초 뒤 클라이언트 포트 2379에서 gRPC health(SERVING)와 HTTP /health에 응답합니다.',
  'Sample web app: HTTP on 8080, every path answers 200 with a hello, the version and the hostname.': '예제 웹 앱: 8080에서 HTTP를 제공하고, 모든 경로에 인사말과 버전, 호스트 이름을 담아 200으로 응답합니다.',
  'Echo server: HTTP on 80 (--port), every path answers 200 with the request.': '에코 서버: 80(--port)에서 HTTP를 제공하고, 모든 경로에 요청 내용을 담아 200으로 응답합니다.',
  'nginx serving a page with the server name and address: HTTP on 80, `/` answers 200.': '서버 이름과 주소를 보여 주는 nginx: 80에서 HTTP를 제공하고 `/`는 200으로 응답합니다.',
  'HTTP request and response service on 80 after about 2 s: `/status/<code>` answers that code, `/get` 200.': '약 2초 뒤 80에서 응답하는 HTTP 요청·응답 서비스: `/status/<code>`는 그 코드로, `/get`은 200으로 응답합니다.',
  'stress: allocates --vm × --vm-bytes of memory (OOMKilled above the memory limit) and runs until stopped.': 'stress: --vm × --vm-bytes만큼 메모리를 할당하고(메모리 limit을 넘으면 OOMKilled) 멈출 때까지 실행됩니다.',
  'Perl: `perl -Mbignum=bpi -wle "print bpi(N)"` (the Job example) prints pi to N digits after about 5 s and exits 0; other scripts are not interpreted.': 'Perl: `perl -Mbignum=bpi -wle "print bpi(N)"`(Job 예제)은 약 5초 뒤 원주율을 N자리까지 출력하고 종료 코드 0으로 끝납니다. 다른 스크립트는 해석하지 않습니다.',
  'GNU bash on Alpine (busybox utilities): runs the given script; with no command, bash exits 0 at once (no TTY/stdin).': 'Alpine의 GNU bash(busybox 유틸리티): 주어진 스크립트를 실행합니다. 명령이 없으면 bash가 곧바로 종료 코드 0으로 끝납니다(TTY/stdin 없음).',
  'Small nginx used by the StatefulSet tutorial: HTTP on 80, `/` answers 200, unknown paths 404.': 'StatefulSet 튜토리얼에서 쓰는 작은 nginx: 80에서 HTTP를 제공하고 `/`는 200, 없는 경로는 404로 응답합니다.',
  'Echo server from the minikube and Service docs: HTTP on 8080, every path answers 200 with the request.': 'minikube와 Service 문서의 에코 서버: 8080에서 HTTP를 제공하고, 모든 경로에 요청 내용을 담아 200으로 응답합니다.',
  'Echo server from the minikube quick start: HTTP on 8080, every path answers 200.': 'minikube 빠른 시작의 에코 서버: 8080에서 HTTP를 제공하고 모든 경로에 200으로 응답합니다.',
  'Answers its hostname over HTTP on 9376 (Service debugging docs).': '9376에서 HTTP로 자신의 호스트 이름을 알려 줍니다(Service 디버깅 문서).',
  'A tiny web server used in volume examples: HTTP on 80, every path answers 200.': '볼륨 예제에서 쓰는 아주 작은 웹 서버: 80에서 HTTP를 제공하고 모든 경로에 200으로 응답합니다.',
  'Guestbook tutorial front end (PHP on Apache): HTTP on 80, `/` answers 200.': 'Guestbook 튜토리얼의 프런트엔드(Apache의 PHP): 80에서 HTTP를 제공하고 `/`는 200으로 응답합니다.',
  'Guestbook tutorial Redis follower: Redis on TCP 6379 after about 1 s.': 'Guestbook 튜토리얼의 Redis 팔로워: 약 1초 뒤 TCP 6379에서 응답하는 Redis입니다.',
  "The HorizontalPodAutoscaler walkthrough's PHP app: HTTP on 80, `/` answers 200.": 'HorizontalPodAutoscaler 안내서의 PHP 앱: 80에서 HTTP를 제공하고 `/`는 200으로 응답합니다.',
  'Online Boutique load generator: sends traffic to FRONTEND_ADDR until stopped (traffic is not simulated).': 'Online Boutique 부하 생성기: 멈출 때까지 FRONTEND_ADDR로 트래픽을 보냅니다(트래픽 자체는 시뮬레이션하지 않음).',
  'Not in the catalog: assumed to pull, start in 1 s, run until stopped and serve its declared containerPorts (HTTP answers 200).': '카탈로그에 없는 이미지: 받아지고, 1초 만에 시작해 멈출 때까지 실행되며, 선언된 containerPorts를 제공한다고 가정합니다(HTTP는 200으로 응답).',
};

type Rule = [RegExp, (...groups: string[]) => string];

/** The shell features the simulator does not interpret (sim/behaviour/shell/parse.ts). */
const SHELL_FEATURES: Rule[] = [
  [/^bash \(\( \.\.\. \)\) arithmetic commands$/, () => 'bash (( ... )) 산술 명령'],
  [/^bash \+= assignments$/, () => 'bash += 대입'],
  [/^bash \[\[ \.\.\. \]\] tests$/, () => 'bash [[ ... ]] 조건식'],
  [/^bash arrays$/, () => 'bash 배열'],
  [/^the bash `function` keyword$/, () => 'bash `function` 키워드'],
  [/^the bash expansion (.+)$/s, (e) => `bash 확장 ${e}`],
  [/^a here-string \(<<<\)$/, () => 'here-string(<<<)'],
  [/^a here-document \(<<\)$/, () => 'here-document(<<)'],
];

function feature(english: string): string {
  for (const [re, say] of SHELL_FEATURES) {
    const m = re.exec(english);
    if (m) return say(...m.slice(1));
  }
  return english;
}

/** Summaries with parts (generated catalog entries, a tag that does not exist, overrides). */
const SUMMARY_RULES: Rule[] = [
  [/^Online Boutique (\S+): gRPC on (\d+) with gRPC health \(SERVING\) after about (\d+) s\.$/, (name, port, s) => `Online Boutique ${name}: 약 ${s}초 뒤 ${port}에서 gRPC와 gRPC health(SERVING)를 제공합니다.`],
  [/^Online Boutique (\S+): HTTP on (\d+) with `\/` and `\/_healthz` answering 200 after about (\d+) s\.$/, (name, port, s) => `Online Boutique ${name}: 약 ${s}초 뒤 ${port}에서 HTTP를 제공합니다(\`/\`와 \`/_healthz\`는 200).`],
  [/^"(.*)" is not a valid image reference\.$/s, (image) => `"${image}": 올바른 이미지 참조가 아닙니다.`],
  [/^Workspace override \((.+?)\) of: (.+)$/s, (image, base) => `워크스페이스의 재정의(${image}). 원래 동작: ${koreanSummary(base) ?? base}`],
  [/^Workspace override \((.+?)\)$/s, (image) => `워크스페이스의 재정의(${image})`],
  [/^(.+) Tag `([^`]+)` does not exist: the pull fails with "manifest unknown"\.$/s, (base, tag) => `${koreanSummary(base) ?? base} 태그 \`${tag}\`은(는) 없는 태그라서 이미지를 받을 때 "manifest unknown"으로 실패합니다.`],
];

export function koreanSummary(english: string): string | undefined {
  const exact = SUMMARIES[english];
  if (exact !== undefined) return exact;
  for (const [re, say] of SUMMARY_RULES) {
    const m = re.exec(english);
    if (m) return say(...m.slice(1).map((g) => g ?? ''));
  }
  return undefined;
}

/** The simulator's assumptions (sim/behaviour, sim/kubelet); kubectl's `Warning: ...` stays as kubectl prints it. */
const ASSUMPTION_RULES: Rule[] = [
  [/^container (\S+): (.+)$/s, (name, rest) => `컨테이너 ${name}: ${koreanAssumption(rest) ?? rest}`],
  [/^image "(.+)" is not in the catalog: assumed to pull, start in 1s and run until stopped$/, (image) => `이미지 "${image}"은(는) 카탈로그에 없습니다: 받아지고 1초 만에 시작해 멈출 때까지 실행된다고 가정합니다`],
  [
    /^Image (\S+) is not in the simulator's catalog: it is assumed to pull, start in 1 s, run until stopped \(exiting at once with code 143 on SIGTERM\)(?: and serve its declared containerPorts \(([\d, ]+)\), answering 200 to every HTTP path and SERVING to gRPC health checks\.| \(it declares no containerPorts, so nothing listens\)\.) Describe it under `images:` in \.kube-rehearsal\.yaml to change this\.$/,
    (image, ports) =>
      `이미지 ${image}은(는) 시뮬레이터의 카탈로그에 없습니다. 받아지고, 1초 만에 시작해 멈출 때까지 실행되며(SIGTERM을 받으면 곧바로 종료 코드 143으로 끝남)` +
      (ports ? `, 선언된 containerPorts(${ports})를 제공해 모든 HTTP 경로에 200으로, gRPC health 확인에 SERVING으로 응답한다고 가정합니다.` : ' containerPorts를 선언하지 않아 아무 포트도 듣지 않는다고 가정합니다.') +
      ' 이 가정을 바꾸려면 .kube-rehearsal.yaml의 `images:`에 이 이미지를 설명하세요.',
  ],
  [/^An HTTP probe on port (\d+) reaches a server that does not speak HTTP\/1\.1; the failure message the simulator shows is approximate\.$/, (port) => `포트 ${port}의 HTTP 프로브가 HTTP/1.1을 쓰지 않는 서버에 닿습니다. 시뮬레이터가 보여 주는 실패 메시지는 근사치입니다.`],
  [/^The simulator could not tell whether the process stops on SIGTERM \(it stopped interpreting the command at (\S+)\); it assumes it ignores the signal\.$/, (at) => `프로세스가 SIGTERM에 멈추는지 시뮬레이터가 알 수 없어(${at}에 명령 해석을 멈춤) 신호를 무시한다고 가정합니다.`],
  [/^The simulator does not know which files image (\S+) contains; paths the container did not create \(such as (.+)\) are treated as missing\.$/s, (image, path) => `시뮬레이터는 이미지 ${image}에 어떤 파일이 있는지 모릅니다. 컨테이너가 만들지 않은 경로(예: ${path})는 없는 것으로 봅니다.`],
  [/^The container's command ran more than (\d+) interpreted steps; the simulator stopped interpreting it at (\S+) after its start and assumes it keeps running as it was\.$/, (steps, at) => `컨테이너의 명령이 해석 단계 ${steps}개를 넘었습니다. 시뮬레이터는 시작 후 ${at}에 해석을 멈추고, 그 상태로 계속 실행된다고 가정합니다.`],
  [/^`(.+)` contacts the network; the simulator does not model traffic between containers and assumes it succeeded \(HTTP 200\) without a body\.$/s, (cmd) => `\`${cmd}\`은(는) 네트워크에 접속합니다. 시뮬레이터는 컨테이너 사이의 트래픽을 모델링하지 않으므로 본문 없이 성공(HTTP 200)했다고 가정합니다.`],
  [/^The simulator takes `(.+)` as absent from image (\S+): its catalog entry does not describe it\.$/s, (cmd, image) => `시뮬레이터는 \`${cmd}\`이(가) 이미지 ${image}에 없다고 봅니다: 카탈로그 항목에 설명되어 있지 않습니다.`],
  [/^The simulator cannot interpret `(.+)` in image (\S+); it assumed the command succeeded without output\.$/s, (cmd, image) => `시뮬레이터는 이미지 ${image}의 \`${cmd}\`을(를) 해석할 수 없어, 출력 없이 성공했다고 가정했습니다.`],
  [
    /^The simulator cannot interpret `(.+)` in image (\S+); it assumes the process keeps running(?: and serves its declared containerPorts \(([\d, ]+)\) after 1 s, answering 200 to any HTTP path)?\.$/s,
    (cmd, image, ports) => `시뮬레이터는 이미지 ${image}의 \`${cmd}\`을(를) 해석할 수 없어, 프로세스가 계속 실행된다고 가정합니다${ports ? `(1초 뒤 선언된 containerPorts(${ports})를 제공하고 모든 HTTP 경로에 200으로 응답)` : ''}.`,
  ],
  [/^An exec probe started a server program; the simulator does not start servers from probes and assumed it succeeded\.$/, () => 'exec 프로브가 서버 프로그램을 시작했습니다. 시뮬레이터는 프로브에서 서버를 시작하지 않으므로 성공했다고 가정했습니다.'],
  [/^A script in this container uses (.+), which the simulator does not interpret; it assumes the process keeps running\.$/s, (f) => `이 컨테이너의 스크립트가 시뮬레이터가 해석하지 않는 기능(${feature(f)})을 씁니다. 프로세스가 계속 실행된다고 가정합니다.`],
  [/^A script in this container uses (.+), which the simulator does not interpret; it assumed the script succeeded without output\.$/s, (f) => `이 컨테이너의 스크립트가 시뮬레이터가 해석하지 않는 기능(${feature(f)})을 씁니다. 스크립트가 출력 없이 성공했다고 가정했습니다.`],
  [/^A background command \(`&`\) was run to completion before the script continued; the simulator does not interleave background jobs\.$/, () => '백그라운드 명령(`&`)을 끝까지 실행한 뒤 스크립트를 이어 갔습니다. 시뮬레이터는 백그라운드 작업을 번갈아 실행하지 않습니다.'],
  [/^`(sed .+)` uses sed commands the simulator does not interpret; it passed the text through unchanged\.$/s, (cmd) => `\`${cmd}\`은(는) 시뮬레이터가 해석하지 않는 sed 명령을 씁니다. 텍스트를 바꾸지 않고 그대로 넘겼습니다.`],
  [/^`(awk .+)` is beyond the simulator's small awk; it assumed no output\.$/s, (cmd) => `\`${cmd}\`은(는) 시뮬레이터의 간단한 awk로 처리할 수 없어 출력이 없다고 가정했습니다.`],
  [/^Node\.js programs are not interpreted: `node app\.js` is assumed to keep running and serve the declared containerPorts\.$/, () => 'Node.js 프로그램은 해석하지 않습니다: `node app.js`는 계속 실행되며 선언된 containerPorts를 제공한다고 가정합니다.'],
  [/^Python programs are not interpreted: `python app\.py` is assumed to keep running and serve the declared containerPorts\.$/, () => 'Python 프로그램은 해석하지 않습니다: `python app.py`는 계속 실행되며 선언된 containerPorts를 제공한다고 가정합니다.'],
  [/^agnhost subcommands other than (.+) are not modelled: they are assumed to keep running and serve the declared containerPorts\.$/s, (list) => `agnhost의 하위 명령 중 ${list.replace(/ and /, ', ')} 외에는 모델링하지 않습니다: 계속 실행되며 선언된 containerPorts를 제공한다고 가정합니다.`],
];

export function koreanAssumption(english: string): string | undefined {
  for (const [re, say] of ASSUMPTION_RULES) {
    const m = re.exec(english);
    if (m) return say(...m.slice(1).map((g) => g ?? ''));
  }
  return undefined;
}

/** Why a dry run stopped early (sim/core.ts: its bounds). */
const STOP_RULES: Rule[] = [
  [/^the object limit \((\d+)\) was reached$/, (n) => `객체 한도(${n}개)에 도달했습니다`],
  [/^the event limit \((\d+) processed events\) was reached at (\S+)$/, (n, at) => `${at}에 이벤트 한도(처리한 이벤트 ${n}개)에 도달했습니다`],
  [/^the virtual time limit \((\d+)s\) was reached$/, (n) => `가상 시간 한도(${n}초)에 도달했습니다`],
];

export function koreanStop(english: string): string | undefined {
  for (const [re, say] of STOP_RULES) {
    const m = re.exec(english);
    if (m) return say(...m.slice(1));
  }
  return undefined;
}

/** An invalid glob in a file-pattern setting (engine/config.ts, engine/glob.ts), shown as a warning. */
const GLOB_RULES: Rule[] = [
  [/^longer than (\d+) characters$/, (n) => `${n}자보다 깁니다`],
  [/^"\{" is not closed by "\}"$/, () => '"{"를 닫는 "}"가 없습니다'],
  [/^the range "(.+?)" in "(.*)" is out of order$/s, (range, set) => `"${set}" 안의 범위 "${range}"의 순서가 거꾸로입니다`],
];

export function koreanSettingProblem(english: string): string | undefined {
  const m = /^(\S+): "(.*)" is not a valid glob \((.*)\); it matches nothing$/s.exec(english);
  if (!m) return undefined;
  const [, setting, glob, why] = m;
  let reason = why;
  for (const [re, say] of GLOB_RULES) {
    const r = re.exec(why);
    if (r) reason = say(...r.slice(1));
  }
  return `${setting}: "${glob}"은(는) 올바른 glob이 아니어서(${reason}) 아무 파일에도 맞지 않습니다`;
}
