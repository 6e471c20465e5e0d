import { CronExpressionParser } from 'cron-parser';
import type { Sim } from '../core';
import { ApiError } from '../store/store';
import { controllerOf, type KObject } from '../types';
import { deepCopy } from '../util';
import { deleteObject } from './gc';
import { jobFinished } from './job';
import { ownerRefTo } from './podControl';
import { CONTROLLER_MANAGER, writeStatus } from '../apiserver/managedFields';

const SOURCE = 'cronjob-controller';

/**
 * The CronJob controller (cronjob_controllerv2.go): on each due time create `<name>-<minutes>`
 * Jobs, honouring concurrencyPolicy, startingDeadlineSeconds, suspend and the history limits.
 * Schedules are parsed by cron-parser on the virtual wall clock (epoch + virtual time).
 */
export function installCronJobController(sim: Sim): void {
  sim.store.watch('CronJob', (type, cj) => {
    if (type !== 'DELETED') sim.enqueue('cronjob', `${cj.metadata.namespace}/${cj.metadata.name}`);
  });
  sim.store.watch('Job', (_type, job) => {
    const ref = controllerOf(job);
    if (ref?.kind === 'CronJob') sim.enqueue('cronjob', `${job.metadata.namespace}/${ref.name}`);
  });
  const dueTimes = new Map<string, DueTimes | Error>();
  sim.registerController('cronjob', (key) => sync(sim, key, dueTimes));
}

function parse(cj: KObject, fromMs: number, epochMs: number) {
  const schedule = String(cj.spec.schedule ?? '').trim();
  return CronExpressionParser.parse(schedule, { currentDate: new Date(epochMs + fromMs), tz: cj.spec.timeZone ?? 'UTC' });
}

/**
 * The due times (ms since the Unix epoch) of one schedule after one start time, produced lazily and
 * kept: CronJobs sharing a schedule and a last schedule time, and each re-sync between two due
 * times, walk the same sequence, and cron-parser is costly per parse and per step.
 */
class DueTimes {
  private readonly times: number[] = [];
  private failed = false;
  private failure: unknown;
  constructor(private readonly it: ReturnType<typeof parse>) {}

  at(i: number): number {
    while (this.times.length <= i) {
      if (this.failed) throw this.failure;
      try {
        this.times.push(this.it.next().getTime());
      } catch (e) {
        this.failed = true;
        this.failure = e;
        throw e;
      }
    }
    return this.times[i];
  }
}

const DUE_TIMES_KEPT = 2000;

/** parse() with its sequence shared per (schedule, zone, start); a parse error is thrown each time, as parse() would. */
function dueTimesFrom(cache: Map<string, DueTimes | Error>, cj: KObject, fromMs: number, epochMs: number): { next(): number } {
  const k = `${String(cj.spec.schedule ?? '').trim()}\u0000${cj.spec.timeZone ?? 'UTC'}\u0000${epochMs + fromMs}`;
  let seq = cache.get(k);
  if (seq === undefined) {
    if (cache.size >= DUE_TIMES_KEPT) cache.clear();
    try {
      seq = new DueTimes(parse(cj, fromMs, epochMs));
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      seq = e;
    }
    cache.set(k, seq);
  }
  if (seq instanceof Error) throw seq;
  const times = seq;
  let i = 0;
  return { next: () => times.at(i++) };
}

function sync(sim: Sim, key: string, dueTimes: Map<string, DueTimes | Error>): void {
  const [ns, name] = key.split('/');
  const cj = sim.store.get('CronJob', ns, name);
  if (!cj) return;
  const status = (cj.status ??= {});
  const statusBefore = JSON.stringify(status);
  const jobs = sim.store.dependentsOf(cj.metadata.uid).filter((j) => j.kind === 'Job' && controllerOf(j)?.uid === cj.metadata.uid);
  const seen: Set<string> = new Set(status.seenFinished ?? []);
  for (const j of jobs) {
    const fin = jobFinished(j);
    if (fin && !seen.has(j.metadata.name)) {
      seen.add(j.metadata.name);
      sim.emit(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, status: ${fin.type}`, SOURCE);
      if (fin.type === 'Complete') status.lastSuccessfulTime = j.status?.completionTime ?? sim.now;
    }
  }
  // History limits: oldest finished jobs beyond the limits go.
  const byStart = (a: KObject, b: KObject) => (a.status?.startTime ?? Infinity) - (b.status?.startTime ?? Infinity) || (a.metadata.name < b.metadata.name ? -1 : 1);
  for (const [type, limit] of [['Complete', cj.spec.successfulJobsHistoryLimit ?? 3], ['Failed', cj.spec.failedJobsHistoryLimit ?? 1]] as const) {
    const done = jobs.filter((j) => jobFinished(j)?.type === type && sim.store.getByUid(j.metadata.uid)).sort(byStart);
    for (const j of done.slice(0, Math.max(0, done.length - limit))) {
      deleteObject(sim, j, 'Background');
      sim.emit(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`, SOURCE);
    }
  }
  const live = jobs.filter((j) => sim.store.getByUid(j.metadata.uid));
  let active = live.filter((j) => !jobFinished(j));
  const write = () => {
    status.active = active.length ? active.map((j) => ({ kind: 'Job', namespace: ns, name: j.metadata.name, uid: j.metadata.uid })) : undefined;
    status.seenFinished = [...seen].filter((n) => live.some((j) => j.metadata.name === n));
    if (JSON.stringify(status) !== statusBefore) writeStatus(sim, cj, CONTROLLER_MANAGER);
  };
  if (cj.spec.suspend) return write();
  let it;
  const earliestBase = status.lastScheduleTime ?? cj.metadata.creationTimestamp;
  const sds: number | undefined = cj.spec.startingDeadlineSeconds;
  const earliest = sds !== undefined ? Math.max(earliestBase, sim.now - sds * 1000) : earliestBase;
  try {
    it = dueTimesFrom(dueTimes, cj, earliest, sim.epochMs);
  } catch (e) {
    sim.emit(cj, 'Warning', 'InvalidSchedule', `invalid schedule: ${cj.spec.schedule} : ${(e as Error).message}`, SOURCE);
    return write();
  }
  // Walk the due times up to now: the most recent one is the candidate.
  let scheduled: number | undefined;
  let missed = 0;
  for (;;) {
    const t = it.next() - sim.epochMs;
    if (t > sim.now) {
      sim.enqueue('cronjob', key, t - sim.now + 100);
      break;
    }
    scheduled = t;
    if (++missed > 1000) {
      // Too many to walk: jump to the most recent due time before now.
      const far = parse(cj, sim.now - 60_000 * 60 * 24 * 366, sim.epochMs);
      let last: number | undefined;
      for (let i = 0; i < 1_000_000; i++) {
        const u = far.next().getTime() - sim.epochMs;
        if (u > sim.now) {
          sim.enqueue('cronjob', key, u - sim.now + 100);
          break;
        }
        last = u;
      }
      scheduled = last;
      break;
    }
  }
  if (scheduled === undefined) return write();
  if (missed > 100)
    sim.emit(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`, SOURCE);
  if (sds !== undefined && scheduled + sds * 1000 < sim.now) {
    sim.emit(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${new Date(sim.epochMs + scheduled).toUTCString().replace('GMT', '+0000')}`, SOURCE);
    return write();
  }
  const jobName = `${name}-${Math.floor((sim.epochMs + scheduled) / 60000)}`;
  if (sim.store.get('Job', ns, jobName) || seen.has(jobName)) return write();
  const policy = cj.spec.concurrencyPolicy ?? 'Allow';
  if (policy === 'Forbid' && active.length > 0) {
    sim.emit(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', SOURCE);
    return write();
  }
  if (policy === 'Replace') {
    for (const j of active) {
      deleteObject(sim, j, 'Background');
      sim.emit(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`, SOURCE);
    }
    active = [];
  }
  const tpl = deepCopy(cj.spec.jobTemplate ?? {});
  const job: KObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName, namespace: ns, uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0,
      labels: { ...(tpl.metadata?.labels ?? {}) },
      annotations: { ...(tpl.metadata?.annotations ?? {}), 'batch.kubernetes.io/cronjob-scheduled-timestamp': new Date(sim.epochMs + scheduled).toISOString().replace('.000Z', 'Z') },
      ownerReferences: [ownerRefTo(cj)],
    },
    spec: tpl.spec ?? {},
  };
  try {
    sim.store.create(job);
    sim.emit(cj, 'Normal', 'SuccessfulCreate', `Created job ${jobName}`, SOURCE);
    active.push(job);
    status.lastScheduleTime = scheduled;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    sim.emit(cj, 'Warning', 'FailedCreate', `Error creating job: ${e.message}`, SOURCE);
  }
  write();
}
