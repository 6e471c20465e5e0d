import type { Sim } from '../core';
import { isPodActive, isPodReady } from '../status';
import { controllerOf, type KObject } from '../types';
import { createPod, deletePod, slowStartCreate } from './podControl';
import { CONTROLLER_MANAGER, writeStatus } from '../apiserver/managedFields';

const SOURCE = 'job-controller';
const DEFAULT_BACKOFF_MS = 10_000;
const MAX_BACKOFF_MS = 600_000;

interface JobState {
  succeeded: Set<string>;
  failed: Set<string>;
  lastFailureAt?: number;
  consecutiveFailures: number;
}

/** Finished: a Complete or Failed condition that is True. */
export function jobFinished(job: KObject): { type: 'Complete' | 'Failed'; at: number } | undefined {
  for (const c of job.status?.conditions ?? []) if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return { type: c.type, at: c.lastTransitionTime };
  return undefined;
}

/**
 * The Job controller (pkg/controller/job): run pods until `completions` succeed, respecting
 * parallelism, backoffLimit with the exponential pod-failure back-off, activeDeadlineSeconds.
 */
export function installJobController(sim: Sim): void {
  const states = new Map<string, JobState>();
  sim.store.watch('Job', (type, job) => {
    if (type === 'DELETED') states.delete(job.metadata.uid);
    else sim.enqueue('job', `${job.metadata.namespace}/${job.metadata.name}`);
  });
  sim.registerController('job', (key) => {
    const [ns, name] = key.split('/');
    const job = sim.store.get('Job', ns, name);
    if (!job) return;
    let st = states.get(job.metadata.uid);
    if (!st) states.set(job.metadata.uid, (st = { succeeded: new Set(), failed: new Set(), consecutiveFailures: 0 }));
    syncJob(sim, job, st);
  });
}

function backoffDelay(failures: number): number {
  let d = DEFAULT_BACKOFF_MS;
  for (let i = 1; i < failures && d < MAX_BACKOFF_MS; i++) d *= 2;
  return Math.min(d, MAX_BACKOFF_MS);
}

function syncJob(sim: Sim, job: KObject, st: JobState): void {
  const key = `${job.metadata.namespace}/${job.metadata.name}`;
  const spec = job.spec;
  const uid = job.metadata.uid;
  if (!spec.selector) {
    // The API server sets the selector and the pod labels for a Job without manualSelector.
    spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
    spec.template ??= {};
    spec.template.metadata ??= {};
    spec.template.metadata.labels = { ...(spec.template.metadata.labels ?? {}), 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': job.metadata.name, 'controller-uid': uid, 'job-name': job.metadata.name };
  }
  const status = (job.status ??= {});
  const pods = sim.store.dependentsOf(uid).filter((p) => p.kind === 'Pod' && controllerOf(p)?.uid === uid);
  for (const p of pods) {
    if (p.status?.phase === 'Succeeded' && !st.succeeded.has(p.metadata.uid)) {
      st.succeeded.add(p.metadata.uid);
      st.consecutiveFailures = 0;
    } else if (p.status?.phase === 'Failed' && !st.failed.has(p.metadata.uid)) {
      st.failed.add(p.metadata.uid);
      st.lastFailureAt = sim.now;
      st.consecutiveFailures++;
    }
  }
  const active = pods.filter(isPodActive);
  const terminating = pods.filter((p) => p.metadata.deletionTimestamp !== undefined && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const finished = jobFinished(job);
  const conditions: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: number; lastProbeTime?: number }[] = status.conditions ?? [];
  const has = (t: string) => conditions.some((c) => c.type === t && c.status === 'True');
  const addCond = (type: string, reason: string, message: string) => {
    if (!has(type)) conditions.push({ type, status: 'True', reason, message, lastProbeTime: sim.now, lastTransitionTime: sim.now });
  };
  if (!finished) {
    if (spec.suspend) {
      if (!has('Suspended')) {
        addCond('Suspended', 'JobSuspended', 'Job suspended');
        sim.emit(job, 'Normal', 'Suspended', 'Job suspended', SOURCE);
      }
      for (const p of active) deletePod(sim, p);
    } else {
      if (has('Suspended')) {
        status.conditions = conditions.filter((c) => c.type !== 'Suspended');
        status.startTime = undefined;
        sim.emit(job, 'Normal', 'Resumed', 'Job resumed', SOURCE);
      }
      status.startTime ??= sim.now;
      const failed = st.failed.size;
      const backoffLimit: number = spec.backoffLimit ?? 6;
      const restarts = spec.template?.spec?.restartPolicy === 'OnFailure' ? active.reduce((n, p) => n + (p.status?.containerStatuses ?? []).reduce((m: number, c: { restartCount?: number }) => m + (c.restartCount ?? 0), 0), 0) : 0;
      const restartsExceeded = spec.template?.spec?.restartPolicy === 'OnFailure' && (backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit);
      const ads: number | undefined = spec.activeDeadlineSeconds;
      const completions: number | undefined = spec.completions;
      const succeeded = st.succeeded.size;
      if (!has('FailureTarget') && !has('SuccessCriteriaMet')) {
        if (failed > backoffLimit || restartsExceeded) {
          addCond('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
          sim.emit(job, 'Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', SOURCE);
        } else if (ads !== undefined && sim.now - status.startTime >= ads * 1000) {
          addCond('FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline');
          sim.emit(job, 'Warning', 'DeadlineExceeded', 'Job was active longer than specified deadline', SOURCE);
        } else if (completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0) {
          addCond('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods');
        }
      }
      if (has('FailureTarget') || has('SuccessCriteriaMet')) {
        for (const p of active) deletePod(sim, p);
        const stillRunning = pods.some((p) => sim.store.getByUid(p.metadata.uid) && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
        if (!stillRunning) {
          if (has('FailureTarget')) {
            const ft = conditions.find((c) => c.type === 'FailureTarget')!;
            addCond('Failed', ft.reason!, ft.message!);
          } else {
            addCond('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods');
            status.completionTime = sim.now;
            sim.emit(job, 'Normal', 'Completed', 'Job completed', SOURCE);
          }
        }
      } else {
        if (ads !== undefined) sim.enqueue('job', key, status.startTime + ads * 1000 - sim.now);
        const want = completions !== undefined ? Math.min(spec.parallelism ?? 1, completions - succeeded) : succeeded > 0 ? 0 : spec.parallelism ?? 1;
        if (active.length < want) {
          const readyAt = st.consecutiveFailures > 0 && st.lastFailureAt !== undefined ? st.lastFailureAt + backoffDelay(st.consecutiveFailures) : sim.now;
          if (readyAt > sim.now) sim.enqueue('job', key, readyAt - sim.now);
          else slowStartCreate(sim, job, want - active.length, () => createPod(sim, job, spec.template, {}));
        } else if (active.length > want) {
          for (const p of active.slice(want)) deletePod(sim, p);
        }
      }
    }
  }
  const next = {
    ...status,
    conditions: conditions.length ? conditions : undefined,
    active: pods.filter(isPodActive).length || undefined,
    ready: pods.filter((p) => isPodActive(p) && isPodReady(p)).length,
    terminating: terminating.length,
    succeeded: st.succeeded.size || undefined,
    failed: st.failed.size || undefined,
  };
  if (JSON.stringify(next) !== JSON.stringify(job.status)) {
    job.status = next;
    writeStatus(sim, job, CONTROLLER_MANAGER);
  }
}
