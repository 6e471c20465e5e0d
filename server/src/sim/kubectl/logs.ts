import type { Sim } from '../core';
import { containerStartSpec, resolveEnv, volumeMountsOf } from '../kubelet/env';
import { ApiError } from '../store/store';
import { controllerOf, type KObject } from '../types';
import { boolFlag, flag, noteOnStderr, parseArgs, UsageError } from './args';
import { parseDuration } from '../util';

/**
 * `kubectl logs POD|TYPE/NAME [-c C] [--previous] [--tail N]`. A container's output is what the
 * behaviour model says that run printed, as the kubelet kept it. Where the kubelet has no record
 * (no log source installed), the deterministic model recomputes the run from the container's spec
 * and the start time in its status, with the environment resolved against the store as it is now.
 */

export interface LogsRequest {
  pod: KObject;
  container: string;
  previous: boolean;
}

function podFor(sim: Sim, ref: string, ns: string): KObject {
  if (!ref.includes('/')) {
    const p = sim.store.get('Pod', ns, ref);
    if (!p) throw new ApiError('NotFound', `pods "${ref}" not found`);
    return p;
  }
  const [type, name] = ref.split('/');
  const r = sim.store.resources.forName(type);
  if (!r) throw new UsageError(`error: the server doesn't have a resource type "${type}"`);
  const o = sim.store.get(r.kind, ns, name);
  if (!o) throw new ApiError('NotFound', `${r.qualified} "${name}" not found`);
  if (o.kind === 'Pod') return o;
  // As kubectl: the pods the workload controls (directly or through a ReplicaSet) in podutils.ByLogging's
  // order, the first taken; with several, it says which on stderr.
  const owners = new Set([o.metadata.uid]);
  for (const rs of sim.store.list('ReplicaSet', ns)) if (controllerOf(rs)?.uid === o.metadata.uid) owners.add(rs.metadata.uid);
  const pods = sim.store.list('Pod', ns).filter((p) => owners.has(controllerOf(p)?.uid ?? '')).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)).sort(byLogging);
  if (!pods.length) throw new UsageError(`error: timed out waiting for the condition`);
  if (pods.length > 1) noteOnStderr(`Found ${pods.length} pods, using pod/${pods[0].metadata.name}\n`);
  return pods[0];
}

/** podutils.ByLogging: scheduled, then Running before Unknown before Pending, ready, more restarts, older. */
function byLogging(a: KObject, b: KObject): number {
  if (!!a.spec.nodeName !== !!b.spec.nodeName) return a.spec.nodeName ? -1 : 1;
  const rank = (p: KObject) => ({ Running: 0, Unknown: 1, Pending: 2 } as Record<string, number>)[p.status?.phase ?? ''] ?? 3;
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const ready = (p: KObject) => (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
  if (ready(a) !== ready(b)) return ready(a) ? -1 : 1;
  const restarts = (p: KObject) => Math.max(0, ...((p.status?.containerStatuses ?? []) as { restartCount?: number }[]).map((c) => c.restartCount ?? 0));
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  return Math.floor(a.metadata.creationTimestamp / 1000) - Math.floor(b.metadata.creationTimestamp / 1000);
}

/** When a log line was written, as the kubelet stamps it (`--timestamps`): RFC 3339 with nanoseconds, trailing zeros trimmed. */
export function logTimestamp(epochMs: number, atSeconds: number): string {
  return new Date(epochMs + Math.round(atSeconds * 1000)).toISOString().replace(/\.?0+Z$/, 'Z');
}

/** The container's log lines (current run, or the one before with `previous`), as of now. */
export function containerLog(sim: Sim, req: LogsRequest): string[] {
  return containerLogEntries(sim, req).map((e) => e.line);
}

/**
 * The log lines with the virtual second each was written (the run's start where the model does
 * not keep times).
 */
export function containerLogEntries(sim: Sim, req: LogsRequest): { at: number; line: string }[] {
  const { pod, container, previous } = req;
  const specs = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const spec = specs.find((c: { name: string }) => c.name === container);
  const name = pod.metadata.name;
  if (!spec) throw new ApiError('BadRequest', `container ${container} is not valid for pod ${name}`);
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const st = statuses.find((s: { name: string }) => s.name === container);
  let run: { startedAt: number; finishedAt?: number } | undefined;
  if (previous) {
    const t = st?.lastState?.terminated;
    if (!t) throw new ApiError('BadRequest', `previous terminated container "${container}" in pod "${name}" not found`);
    run = t;
  } else if (st?.state?.running) run = { startedAt: st.state.running.startedAt };
  else if (st?.state?.terminated) run = st.state.terminated;
  else if (st?.lastState?.terminated) run = st.lastState.terminated; // waiting to restart: the last run's output
  if (!run) {
    const reason = st?.state?.waiting?.reason ?? 'ContainerCreating';
    const why = reason === 'ImagePullBackOff' || reason === 'ErrImagePull' ? 'trying and failing to pull image' : reason;
    throw new ApiError('BadRequest', `container "${container}" in pod "${name}" is waiting to start: ${why}`);
  }
  // The kubelet keeps each run's output while the pod exists; ask it first.
  const started = run.startedAt / 1000;
  const kept = sim.logSource?.(pod, container, previous);
  if (kept?.entries) return kept.entries;
  if (kept?.lines) return kept.lines.map((line) => ({ at: started, line }));
  const { env } = resolveEnv(pod, spec, sim.store);
  const start = containerStartSpec(spec, env, name, pod.status?.podIP, volumeMountsOf(pod, spec, sim.store));
  const horizon = Math.max(sim.horizonMs, sim.now) / 1000;
  const r = sim.behaviour.start(start, started, horizon);
  const until = (run.finishedAt ?? sim.now) / 1000;
  return r.logEntries?.(until) ?? r.logs(until).map((line) => ({ at: started, line }));
}

export function logsCommand(t: { readonly core: Sim }, argv: string[]): string {
  const p = parseArgs(argv, {
    values: { namespace: 'n', container: 'c', tail: undefined, since: undefined, selector: 'l' },
    bools: { previous: 'p', follow: 'f', timestamps: undefined, 'all-containers': undefined },
  }, 'logs');
  if (boolFlag(p, 'follow')) throw new UsageError('error: --follow needs a running clock: use it in `kube-rehearsal shell` or the simulated cluster terminal');
  if (flag(p, 'selector') !== undefined) throw new UsageError('error: --selector is not simulated by kube-rehearsal logs');
  if (boolFlag(p, 'all-containers')) throw new UsageError('error: --all-containers is not simulated by kube-rehearsal logs');
  const since = flag(p, 'since');
  let sinceSeconds: number | undefined;
  if (since !== undefined) {
    // A Go duration: a bare number has no unit.
    sinceSeconds = /^\d+(\.\d+)?$/.test(since.trim()) ? undefined : parseDuration(since);
    if (sinceSeconds === undefined) throw new UsageError(`error: invalid argument "${since}" for "--since" flag: time: ${/^\d+(\.\d+)?$/.test(since.trim()) ? 'missing unit in' : 'invalid'} duration "${since}"`);
  }
  const [ref, second] = p.positional;
  if (!ref) throw new UsageError('error: expected \'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]\'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee \'kubectl logs -h\' for help and examples');
  const pod = podFor(t.core, ref, flag(p, 'namespace') ?? 'default');
  const containers = (pod.spec?.containers ?? []).map((c: { name: string }) => c.name);
  let container = flag(p, 'container') ?? second;
  if (!container) {
    container = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? containers[0];
    if (containers.length > 1) noteOnStderr(`Defaulted container "${container}" out of: ${containers.join(', ')}\n`);
  }
  let entries = containerLogEntries(t.core, { pod, container: container!, previous: boolFlag(p, 'previous') });
  if (sinceSeconds !== undefined) {
    const from = t.core.now / 1000 - sinceSeconds;
    entries = entries.filter((e) => e.at >= from);
  }
  const timestamps = boolFlag(p, 'timestamps');
  let lines = entries.map((e) => (timestamps ? `${logTimestamp(t.core.epochMs, e.at)} ${e.line}` : e.line));
  const tail = flag(p, 'tail');
  if (tail !== undefined) {
    const n = Number(tail);
    if (!Number.isInteger(n)) throw new UsageError(`error: invalid argument "${tail}" for "--tail" flag: must be an integer`);
    if (n >= 0) lines = n === 0 ? [] : lines.slice(-n);
  }
  return lines.map((l) => l + '\n').join('');
}
