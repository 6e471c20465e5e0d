import type { Catalog } from '../../engine/messages';

// Korean texts for the ids in engine/messages.ts. Kubernetes' own words inside the arguments
// (scheduler and kubelet messages, field names, kinds, CrashLoopBackOff, restartPolicy values)
// stay as Kubernetes prints them, so they can be searched for and match kubectl's output.
export const KOREAN: Catalog = {
  'unknown-kind.did-you-mean': '알 수 없는 kind "{kind}"{scope}입니다. {suggestion}을(를) 의도하셨나요?',
  'unknown-kind.scope': ' ({apiVersion})',
  'unknown-kind.suggestion-api': '"{kind}" (apiVersion: {apiVersion})',
  'service-selects-nothing': '셀렉터 {{selector}}와 일치하는 파드 템플릿이 워크스페이스의 네임스페이스 "{namespace}"에 없습니다. 이 Service에는 엔드포인트가 생기지 않습니다',
  'service-selects-nothing.key-typo':
    '셀렉터 {{selector}}와 일치하는 파드 템플릿이 워크스페이스의 네임스페이스 "{namespace}"에 없습니다. 이 Service에는 엔드포인트가 생기지 않습니다. `{have}: {want}`을(를) 의도하셨나요? ({target}에는 `{key}`가 아니라 `{have}`가 있습니다)',
  'service-selects-nothing.value-typo':
    '셀렉터 {{selector}}와 일치하는 파드 템플릿이 워크스페이스의 네임스페이스 "{namespace}"에 없습니다. 이 Service에는 엔드포인트가 생기지 않습니다. `{key}: {have}`을(를) 의도하셨나요? ({target}에는 `{key}: {want}`가 아니라 `{key}: {have}`가 있습니다)',
  'probe-port-unknown.named': '{field}: {probe}가 포트 {port}을(를) 사용하지만 컨테이너 {container}는 이 포트를 선언하지 않습니다. 컨테이너의 이름 있는 포트: {names}',
  'probe-port-unknown.none': '{field}: {probe}가 포트 {port}을(를) 사용하지만 컨테이너 {container}는 이 포트를 선언하지 않습니다. 컨테이너에 이름 있는 포트가 없습니다',
  'image-latest-tag.untagged': '이미지 "{image}"에 태그가 없어 "{image}:latest"를 뜻합니다. imagePullPolicy의 기본값이 Always가 되고 가져올 때마다 버전이 바뀔 수 있습니다. 태그를 고정하세요',
  'image-latest-tag.latest': '이미지 "{image}"가 :latest를 사용합니다. imagePullPolicy의 기본값이 Always가 되고 가져올 때마다 버전이 바뀔 수 있습니다. 태그를 고정하세요',
  'dry-run.at': '{message} ({time} 시점)',
  'dry-run.in-build': '{message} ({kustomization} 빌드에서)',
  'dry-run-unschedulable': 'Pending(스케줄 불가): {reason}',
  'dry-run-never-ready': '준비성(readiness) 프로브가 한 번도 성공하지 않습니다: {reason}',
  'dry-run-image-pull': '이미지 {image}: {reason}; {outcome}',
  'dry-run-image-pull.owners-stay': '{kind} {name}의 파드들이 ImagePullBackOff 상태에 머뭅니다',
  'dry-run-image-pull.pod-stays': '파드 {name}가 ImagePullBackOff 상태에 머뭅니다',
  'dry-run-image-pull.rollout-stalls-one': '롤아웃이 멈추고 기존 파드 1개가 계속 서비스합니다',
  'dry-run-image-pull.rollout-stalls': '롤아웃이 멈추고 기존 파드 {count}개가 계속 서비스합니다',
  'dry-run-crashloop.pod': '파드 {name}가 CrashLoopBackOff에 빠집니다: 컨테이너 {container}가 {exit}, restartPolicy는 {restartPolicy}입니다',
  'dry-run-crashloop.owner': '{kind} {name}의 파드가 CrashLoopBackOff에 빠집니다: 컨테이너 {container}가 {exit}, restartPolicy는 {restartPolicy}입니다',
  'dry-run-crashloop.owner-plural': '{kind} {name}의 파드들이 CrashLoopBackOff에 빠집니다: 컨테이너 {container}가 {exit}, restartPolicy는 {restartPolicy}입니다',
  'dry-run-crashloop.exit-code': '코드 {code}로 종료되고',
  'dry-run-crashloop.exits': '종료되고',
};
