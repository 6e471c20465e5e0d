import type { SimPod } from './contract';

/** How a status reads at a glance: green, yellow, red or grey. */
export type Health = 'ok' | 'progressing' | 'failing' | 'completed';

const FAILING = new Set([
  'CrashLoopBackOff', 'Error', 'ErrImagePull', 'ImagePullBackOff', 'CreateContainerConfigError', 'CreateContainerError',
  'OOMKilled', 'InvalidImageName', 'RunContainerError', 'Failed', 'Evicted', 'Unknown', 'DeadlineExceeded', 'BackoffLimitExceeded',
  'FailedScheduling', 'Unschedulable',
]);
const COMPLETED = new Set(['Completed', 'Succeeded', 'Complete', 'Deleted', 'Terminated']);

/** Health of a `kubectl get pods` STATUS string (optionally with READY `x/y`). */
export function statusHealth(status: string, ready?: string): Health {
  if (FAILING.has(status) || status.startsWith('Init:') && /(Error|BackOff|OOM|ErrImage|Signal|ExitCode)/.test(status)) return 'failing';
  if (status.startsWith('Signal:') || status.startsWith('ExitCode:')) return 'failing';
  if (COMPLETED.has(status)) return 'completed';
  if (status === 'Running') return ready === undefined || readyFull(ready) ? 'ok' : 'progressing';
  return 'progressing';
}

/** A Pending pod the scheduler has refused is failing, not merely progressing. */
export function podHealth(pod: SimPod, unschedulable: boolean): Health {
  if (pod.status === 'Pending' && unschedulable) return 'failing';
  return statusHealth(pod.status, pod.ready);
}

export function readyFull(ready: string | number | undefined): boolean {
  if (typeof ready !== 'string') return false;
  const m = /^(\d+)\/(\d+)$/.exec(ready);
  return !!m && m[1] === m[2] && m[2] !== '0';
}

export function readyCounts(ready: string | number | undefined): { ready: number; total: number } | undefined {
  if (typeof ready === 'number') return { ready, total: ready };
  const m = typeof ready === 'string' ? /^(\d+)\/(\d+)$/.exec(ready) : null;
  return m ? { ready: Number(m[1]), total: Number(m[2]) } : undefined;
}

/** Codicon and theme colour per health (ThemeIcon ids, ThemeColor ids). */
export const HEALTH_STYLE: Record<Health, { icon: string; color: string }> = {
  ok: { icon: 'pass-filled', color: 'testing.iconPassed' },
  progressing: { icon: 'sync', color: 'charts.yellow' },
  failing: { icon: 'error', color: 'testing.iconFailed' },
  completed: { icon: 'pass', color: 'disabledForeground' },
};

export function worst(hs: Health[]): Health {
  if (hs.includes('failing')) return 'failing';
  if (hs.includes('progressing')) return 'progressing';
  if (hs.includes('ok')) return 'ok';
  return hs.length ? 'completed' : 'ok';
}
