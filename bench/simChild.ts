import { readFileSync } from 'node:fs';
import { createBehaviourModel, defaultClusterShape } from '../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS } from '../server/src/sim/index';

/**
 * One simulator run in its own process (bundled by bench/simBench.ts, so the figures are those of
 * plain Node plus the engine): `node simChild.js <pods> <virtual seconds>` prints one JSON line.
 * The workload: Deployments of 3 nginx replicas with liveness and readiness probes, plus one
 * CronJob per 100 pods running `date; echo Hi` every minute.
 */

function deployment(i: number): Record<string, unknown> {
  const name = `web-${i}`;
  const probe = { httpGet: { path: '/', port: 80 }, periodSeconds: 10 };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }], livenessProbe: { ...probe, initialDelaySeconds: 5 }, readinessProbe: probe }] },
      },
    },
  };
}

function cronJob(i: number): Record<string, unknown> {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: `tick-${i}` },
    spec: {
      schedule: '* * * * *',
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'tick', image: 'busybox:1.36', command: ['/bin/sh', '-c', 'date; echo Hi'] }] } } } },
    },
  };
}

function peakMiB(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) / 1024;
}

const pods = Number(process.argv[2] ?? 3000);
const seconds = Number(process.argv[3] ?? 600);
const deployments = Math.max(1, Math.round(pods / 3));
const cronJobs = Math.max(1, Math.round(pods / 100));
const objects = [...Array.from({ length: deployments }, (_, i) => deployment(i)), ...Array.from({ length: cronJobs }, (_, i) => cronJob(i))];
// Room for every replica plus the CronJobs' pods, at the 110 pods a minikube node allows.
const nodes = Math.ceil((deployments * 3 + cronJobs * 4) / 100);
const rssBefore = peakMiB();
const t0 = performance.now();
const sim = createSimulation({ objects, cluster: defaultClusterShape(nodes), seed: 1, horizon: seconds, behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }) });
const tApplied = performance.now();
sim.runUntil(seconds);
const tRun = performance.now();
const snap = sim.snapshot();
const tSnap = performance.now();
const running = snap.pods.filter((p) => p.status === 'Running').length;
process.stdout.write(
  JSON.stringify({
    pods: deployments * 3,
    deployments,
    cronJobs,
    nodes,
    applyMs: tApplied - t0,
    runMs: tRun - tApplied,
    snapshotMs: tSnap - tRun,
    totalMs: tSnap - t0,
    steps: sim.core.steps,
    events: sim.core.events.length + sim.core.droppedEvents,
    podsAtEnd: snap.pods.length,
    runningAtEnd: running,
    stoppedBy: sim.stoppedBy ?? null,
    baselineMiB: rssBefore,
    peakMiB: peakMiB(),
  }) + '\n',
);
