import type { KObject } from './types';

/** kubectl's STATUS column for a pod (printPod in pkg/printers/internalversion/printers.go). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function podStatusText(pod: KObject): string {
  const st = pod.status ?? {};
  let reason: string = st.phase ?? 'Pending';
  if (st.reason) reason = st.reason;
  const conds = st.conditions ?? [];
  if (conds.some((c: { type: string; reason?: string }) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  const inits = st.initContainerStatuses ?? [];
  const initSpecs = pod.spec?.initContainers ?? [];
  let initializing = false;
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    const sidecar = initSpecs[i]?.restartPolicy === 'Always';
    if (c.state?.terminated && c.state.terminated.exitCode === 0) continue;
    if (sidecar && c.started) continue;
    initializing = true;
    if (c.state?.terminated) {
      const t = c.state.terminated;
      reason = t.reason ? `Init:${t.reason}` : t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode}`;
    } else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${initSpecs.length}`;
    break;
  }
  const initializedTrue = conds.some((c: { type: string; status: string }) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    let hasRunning = false;
    const cs = st.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.state?.terminated) reason = c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state?.running) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = conds.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
      reason = ready ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp !== undefined) {
    if (st.reason === 'NodeLost') reason = 'Unknown';
    else if (st.phase !== 'Succeeded' && st.phase !== 'Failed') reason = 'Terminating';
  }
  return reason;
}

/** READY column: ready regular containers (+ started, ready sidecars) / total. */
export function podReadyText(pod: KObject): string {
  const st = pod.status ?? {};
  const specs = pod.spec?.containers ?? [];
  const sidecars = (pod.spec?.initContainers ?? []).filter((c: { restartPolicy?: string }) => c.restartPolicy === 'Always');
  let ready = 0;
  for (const c of st.containerStatuses ?? []) if (c.ready && c.state?.running) ready++;
  for (const c of st.initContainerStatuses ?? []) {
    const spec = sidecars.find((s: { name: string }) => s.name === c.name);
    if (spec && c.started && c.ready) ready++;
  }
  return `${ready}/${specs.length + sidecars.length}`;
}

export function podRestarts(pod: KObject): number {
  const st = pod.status ?? {};
  let n = 0;
  for (const c of st.containerStatuses ?? []) n += c.restartCount ?? 0;
  const initSpecs = pod.spec?.initContainers ?? [];
  const initializing = !(st.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Initialized' && c.status === 'True');
  for (const c of st.initContainerStatuses ?? []) {
    const sidecar = initSpecs.find((s: { name: string; restartPolicy?: string }) => s.name === c.name)?.restartPolicy === 'Always';
    if (sidecar || initializing) n += c.restartCount ?? 0;
  }
  return n;
}

/** Latest finishedAt of a previous termination, for `3 (12s ago)`. */
export function podLastRestartAt(pod: KObject): number | undefined {
  let last: number | undefined;
  for (const c of [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]) {
    const f = c.lastState?.terminated?.finishedAt;
    if (typeof f === 'number' && (last === undefined || f > last)) last = f;
  }
  return last;
}

export function isPodReady(pod: KObject): boolean {
  return (pod.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
}

export function podReadySince(pod: KObject): number | undefined {
  const c = (pod.status?.conditions ?? []).find((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
  return c?.lastTransitionTime;
}

/** IsPodAvailable: Ready for more than minReadySeconds (strictly). */
export function isPodAvailable(pod: KObject, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (!minReadySeconds) return true;
  const since = podReadySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}

export function isPodActive(pod: KObject): boolean {
  return pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed' && pod.metadata.deletionTimestamp === undefined;
}
