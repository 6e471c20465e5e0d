import type { Sim } from './core';
import { revisionOf } from './controllers/deployment/util';
import { jobFinished } from './controllers/job';
import { podReadyText, podRestarts, podStatusText } from './status';
import { controllerOf, type KObject } from './types';

/** The JSON output contract (docs/simulation.md). Times are seconds from the start of the run. */
export interface SimulationSnapshot {
  time: number;
  nodes: { name: string; ready: boolean; unschedulable: boolean; allocatable: { cpu: string; memory: string; pods: string } }[];
  workloads: {
    kind: string;
    namespace: string;
    name: string;
    ready: string;
    upToDate: number | null;
    available: number | null;
    revision: number | null;
    conditions: { type: string; status: string; reason: string; message: string }[];
  }[];
  pods: {
    namespace: string;
    name: string;
    owner: string | null;
    node: string | null;
    phase: string;
    status: string;
    ready: string;
    restarts: number;
    labels: Record<string, string>;
    containers: {
      name: string;
      image: string;
      state: string;
      reason: string | null;
      exitCode: number | null;
      restartCount: number;
      ready: boolean;
      probes: { kind: string; result: string; message: string | null }[];
    }[];
  }[];
  services: { namespace: string; name: string; type: string; ports: string[]; endpoints: { pod: string; ready: boolean }[] }[];
  jobs: { namespace: string; name: string; owner: string | null; completions: string; status: string }[];
  /** Custom resources stored (kinds a CRD serves; no controller acts on them), by kind, namespace and name. */
  customResources: { apiVersion: string; kind: string; namespace: string | null; name: string }[];
  events: { time: number; type: string; reason: string; object: string; namespace: string | null; message: string }[];
  timeline: { time: number; object: string; namespace: string | null; status: string }[];
  assumptions: { object: string; message: string }[];
  limits: { reached: boolean; message: string | null; objects: number; steps: number; droppedEvents: number };
}

const sec = (ms: number) => Math.round(ms) / 1000;

function ownerText(o: KObject): string | null {
  const r = controllerOf(o);
  return r ? `${r.kind}/${r.name}` : null;
}

function conditions(o: KObject) {
  return (o.status?.conditions ?? []).map((c: { type: string; status: string; reason?: string; message?: string }) => ({ type: c.type, status: c.status, reason: c.reason ?? '', message: c.message ?? '' }));
}

export function jobStatusText(job: KObject): string {
  const fin = jobFinished(job);
  if (fin) return fin.type;
  if (job.metadata.deletionTimestamp !== undefined) return 'Terminating';
  const conds: { type: string; status: string }[] = job.status?.conditions ?? [];
  if (conds.some((c) => c.type === 'Suspended' && c.status === 'True')) return 'Suspended';
  if (conds.some((c) => c.type === 'FailureTarget' && c.status === 'True')) return 'FailureTarget';
  return 'Running';
}

export function jobCompletionsText(job: KObject): string {
  const s = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined) return `${s}/${job.spec.completions}`;
  const p = job.spec?.parallelism ?? 1;
  return p > 1 ? `${s}/1 of ${p}` : `${s}/1`;
}

export function workloadReady(o: KObject): string {
  const s = o.status ?? {};
  switch (o.kind) {
    case 'Deployment':
    case 'StatefulSet':
      return `${s.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`;
    case 'ReplicaSet':
    case 'ReplicationController':
      return `${s.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`;
    case 'DaemonSet':
      return `${s.numberReady ?? 0}/${s.desiredNumberScheduled ?? 0}`;
    case 'CronJob':
      return `${(s.active ?? []).length} active`;
    default:
      return '';
  }
}

export function servicePorts(svc: KObject): string[] {
  return (svc.spec?.ports ?? []).map((p: { port: number; nodePort?: number; protocol?: string }) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`);
}

function describePod(p: KObject): SimulationSnapshot['pods'][number] {
  return {
    namespace: p.metadata.namespace ?? 'default',
    name: p.metadata.name,
    owner: ownerText(p),
    node: p.spec?.nodeName ?? null,
    phase: p.status?.phase ?? 'Pending',
    status: podStatusText(p),
    ready: podReadyText(p),
    restarts: podRestarts(p),
    labels: { ...p.metadata.labels },
    containers: (p.spec?.containers ?? []).map((c: { name: string; image: string }) => {
      const cs = (p.status?.containerStatuses ?? []).find((x: { name: string }) => x.name === c.name);
      const state = cs?.state ?? {};
      const kind = state.running ? 'running' : state.terminated ? 'terminated' : 'waiting';
      const detail = state.running ?? state.terminated ?? state.waiting ?? {};
      return {
        name: c.name,
        image: c.image,
        state: kind,
        reason: detail.reason ?? (kind === 'waiting' && !cs ? 'ContainerCreating' : null),
        exitCode: state.terminated ? state.terminated.exitCode : cs?.lastState?.terminated?.exitCode ?? null,
        restartCount: cs?.restartCount ?? 0,
        ready: !!cs?.ready,
        probes: (cs?.probes ?? []).map((pr: { kind: string; result: string; message?: string }) => ({ kind: pr.kind, result: pr.result, message: pr.message ?? null })),
      };
    }),
  };
}

export function takeSnapshot(sim: Sim): SimulationSnapshot {
  const steps = snapshotting(sim);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Pods (and workloads) described between two pauses of `snapshotting`, and events or timeline
 * entries copied: each slice stays around 10 ms of CPU with thousands of pods, so a language
 * server answering requests between slices keeps its latencies low.
 */
const PODS_PER_SLICE = 150;
const ENTRIES_PER_SLICE = 5000;

/**
 * The snapshot, made a slice of pods at a time: the generator pauses (yields) between slices so a
 * caller can hand the event loop back. The simulation must not run until it is done.
 */
export function* snapshotting(sim: Sim): Generator<void, SimulationSnapshot, void> {
  const st = sim.store;
  // Sorted by namespace/name, each key made once (not twice per comparison: 9,000 pods made that a third of a snapshot).
  const sorted = (list: KObject[]): KObject[] => list
    .map((o) => ({ key: (o.metadata.namespace ?? '') + '/' + o.metadata.name, o }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.o);
  const workloads: SimulationSnapshot['workloads'] = [];
  for (const kind of ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'CronJob']) {
    for (const o of sorted(st.list(kind))) {
      if (workloads.length % PODS_PER_SLICE === PODS_PER_SLICE - 1) yield;
      const s = o.status ?? {};
      workloads.push({
        kind,
        namespace: o.metadata.namespace ?? 'default',
        name: o.metadata.name,
        ready: workloadReady(o),
        upToDate: kind === 'Deployment' ? s.updatedReplicas ?? 0 : kind === 'DaemonSet' ? s.updatedNumberScheduled ?? 0 : kind === 'StatefulSet' ? s.updatedReplicas ?? 0 : null,
        available: kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'ReplicationController' || kind === 'StatefulSet' ? s.availableReplicas ?? 0 : kind === 'DaemonSet' ? s.numberAvailable ?? 0 : null,
        revision: kind === 'Deployment' || kind === 'ReplicaSet' ? revisionOf(o) || null : null,
        conditions: conditions(o),
      });
    }
  }
  const pods: SimulationSnapshot['pods'] = [];
  for (const p of sorted(st.list('Pod'))) {
    if (pods.length % PODS_PER_SLICE === PODS_PER_SLICE - 1) yield;
    pods.push(describePod(p));
  }
  const services: SimulationSnapshot['services'] = sorted(st.list('Service')).map((svc) => {
    const slices = st.list('EndpointSlice', svc.metadata.namespace).filter((s) => s.metadata.labels['kubernetes.io/service-name'] === svc.metadata.name);
    const endpoints = slices.flatMap((s) => (s.endpoints ?? []).map((e: { targetRef?: { name: string }; conditions?: { ready?: boolean } }) => ({ pod: e.targetRef?.name ?? '', ready: !!e.conditions?.ready })));
    endpoints.sort((a, b) => (a.pod < b.pod ? -1 : 1));
    return { namespace: svc.metadata.namespace ?? 'default', name: svc.metadata.name, type: svc.spec?.type ?? 'ClusterIP', ports: servicePorts(svc), endpoints };
  });
  const jobs: SimulationSnapshot['jobs'] = sorted(st.list('Job')).map((j) => ({
    namespace: j.metadata.namespace ?? 'default',
    name: j.metadata.name,
    owner: ownerText(j),
    completions: jobCompletionsText(j),
    status: jobStatusText(j),
  }));
  const events: SimulationSnapshot['events'] = [];
  for (const e of sim.events) {
    if (events.length % ENTRIES_PER_SLICE === ENTRIES_PER_SLICE - 1) yield;
    events.push({ time: sec(e.at), type: e.type, reason: e.reason, object: e.object, namespace: e.namespace ?? null, message: e.message });
  }
  const timeline: SimulationSnapshot['timeline'] = [];
  for (const t of sim.timeline) {
    if (timeline.length % ENTRIES_PER_SLICE === ENTRIES_PER_SLICE - 1) yield;
    timeline.push({ time: sec(t.at), object: t.object, namespace: t.namespace ?? null, status: t.status });
  }
  const customResources: SimulationSnapshot['customResources'] = st.resources.customResources().flatMap((r) =>
    sorted(st.list(r.kind)).map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace ?? null, name: o.metadata.name })));
  return {
    time: sec(sim.now),
    nodes: st.list('Node').map((n) => ({
      name: n.metadata.name,
      ready: true,
      unschedulable: !!n.spec?.unschedulable,
      allocatable: { cpu: String(n.status.allocatable.cpu), memory: String(n.status.allocatable.memory), pods: String(n.status.allocatable.pods) },
    })),
    workloads,
    pods,
    services,
    jobs,
    events,
    timeline,
    assumptions: [
      ...sim.assumptions.map((a) => ({ ...a })),
      ...(sim.stoppedBy ? [{ object: 'simulation', message: `stopped early: ${sim.stoppedBy}` }] : []),
      ...(sim.droppedEvents ? [{ object: 'simulation', message: `${sim.droppedEvents} events were not recorded (limit ${sim.limits.maxEvents})` }] : []),
    ],
    customResources,
    // A bound reached always says which: the run's stop, else the recorded-event limit.
    limits: { reached: !!sim.stoppedBy || sim.droppedEvents > 0, message: sim.stoppedBy ?? (sim.droppedEvents > 0 ? `the recorded-event limit (${sim.limits.maxEvents}) was reached: ${sim.droppedEvents} later events were not recorded` : null), objects: st.count, steps: sim.steps, droppedEvents: sim.droppedEvents },
  };
}
