import type { Finding } from '../findings';
import { msg } from '../messages';
import type { PathSegment } from '../yaml/documents';
import { createBehaviourModel, type BehaviourModel, type ProbeAction } from '../../sim/behaviour/index';
import { asArray, asRecord } from '../workspace/podTemplate';
import type { Rule } from './index';
import { containersOf } from './containerIterate';
import { finding } from './ruleSupport';

/** Probe defaults (SetDefaults_Probe). */
const DEFAULT_PERIOD = 10;
const DEFAULT_FAILURE_THRESHOLD = 3;

let model: BehaviourModel | undefined;
const behaviour = () => (model ??= createBehaviourModel());

/** Whether the catalog knows an image, by reference: only known images can get a verdict. */
const knownImages = new Map<string, boolean>();
const KNOWN_IMAGE_CACHE_LIMIT = 5000;

function isKnownImage(image: string): boolean {
  let known = knownImages.get(image);
  if (known === undefined) {
    try {
      known = behaviour().describeImage(image).known;
    } catch {
      known = false;
    }
    if (knownImages.size >= KNOWN_IMAGE_CACHE_LIMIT) knownImages.delete(knownImages.keys().next().value as string);
    knownImages.set(image, known);
  }
  return known;
}

/** Verdicts by everything they depend on: workspaces repeat the same container and probe many times. */
const verdicts = new Map<string, { readyAt: number } | null>();
const VERDICT_CACHE_LIMIT = 5000;

const strings = (v: unknown): string[] | undefined => {
  if (v === undefined) return undefined;
  const a = asArray(v);
  return a.every((x) => typeof x === 'string' && !x.includes('{{')) ? (a as string[]) : undefined;
};

function resolvePort(v: unknown, container: Record<string, unknown>): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  for (const p of asArray(container.ports)) {
    const pr = asRecord(p);
    if (pr?.name === v && typeof pr.containerPort === 'number') return pr.containerPort;
  }
  return undefined;
}

function actionOf(probe: Record<string, unknown>, container: Record<string, unknown>): ProbeAction | undefined {
  const http = asRecord(probe.httpGet);
  if (http) {
    const port = resolvePort(http.port, container);
    return port === undefined ? undefined : { type: 'httpGet', port, path: typeof http.path === 'string' ? http.path : '/', scheme: typeof http.scheme === 'string' ? http.scheme : undefined };
  }
  const tcp = asRecord(probe.tcpSocket);
  if (tcp) {
    const port = resolvePort(tcp.port, container);
    return port === undefined ? undefined : { type: 'tcpSocket', port };
  }
  const grpc = asRecord(probe.grpc);
  if (grpc && typeof grpc.port === 'number') return { type: 'grpc', port: grpc.port, service: typeof grpc.service === 'string' ? grpc.service : undefined };
  const exec = strings(asRecord(probe.exec)?.command);
  return exec ? { type: 'exec', command: exec } : undefined;
}

const num = (v: unknown, dflt: number) => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);
/** The API server defaults a probe timing of 0 like an absent one (SetDefaults_Probe). */
const timing = (v: unknown, dflt: number) => (v === 0 ? dflt : num(v, dflt));

/** Probe ticks run from the worker start every period; ticks before initialDelaySeconds are skipped. */
function probeTicks(period: number, threshold: number, delay: number): number[] {
  const ticks: number[] = [];
  for (let t = 0; ticks.length < threshold && t < 100000; t += period) if (t >= delay) ticks.push(t);
  return ticks;
}

function lastTick(period: number, threshold: number, delay: number): number {
  const ticks = probeTicks(period, threshold, delay);
  return ticks[ticks.length - 1];
}

/** The start time when the probe gives up before the process serves (and would succeed after), else null. */
function evaluate(
  image: string,
  name: string,
  command: string[] | undefined,
  args: string[] | undefined,
  env: Record<string, string>,
  ports: { containerPort: number; name?: string; protocol?: string }[],
  action: ProbeAction,
  period: number,
  threshold: number,
  delay: number,
  timeout: number,
): { readyAt: number } | null {
  const m = behaviour();
  if (!m.describeImage(image).known) return null;
  const ticks = probeTicks(period, threshold, delay);
  const giveUpAt = ticks[ticks.length - 1];
  const run = m.start({ name, image, command, args, env, ports }, 0, giveUpAt + 3600);
  if (run.readyAt === undefined || run.readyAt <= giveUpAt) return null;
  if (run.exit && run.exit.at <= giveUpAt) return null;
  if (ticks.some((t) => run.probe(action, t, undefined, timeout).success)) return null;
  // Only a matter of timing: the same probe succeeds once the process serves.
  if (!run.probe(action, run.readyAt + 1, undefined, timeout).success) return null;
  return { readyAt: run.readyAt };
}

/**
 * A startup probe (or, without one, a liveness probe) that gives up before the image's known
 * start time: the kubelet kills the container before it can ever serve, on every restart.
 * Uses the simulator's image catalog; unknown images are never reported.
 */
export const probeNeverSucceeds: Rule = {
  id: 'probe-never-succeeds',
  defaultSeverity: 'warning',
  description: "A startup or liveness probe gives up before the image's known start time, so the container restarts forever.",
  check(ctx) {
    const out: Finding[] = [];
    for (const { container, path, field } of containersOf(ctx, ['containers'])) {
      if (field !== 'containers') continue;
      const image = container.image;
      if (typeof image !== 'string' || image.includes('{{') || image.includes('$')) continue;
      const gate: 'startupProbe' | 'livenessProbe' = asRecord(container.startupProbe) ? 'startupProbe' : 'livenessProbe';
      const probe = asRecord(container[gate]);
      if (!probe) continue;
      // An image the catalog does not know never gets a verdict: skip building its cache key.
      if (!isKnownImage(image)) continue;
      const action = actionOf(probe, container);
      if (!action) continue;
      const command = strings(container.command);
      const args = strings(container.args);
      if ((container.command !== undefined && !command) || (container.args !== undefined && !args)) continue;
      const env: Record<string, string> = {};
      for (const e of asArray(container.env)) {
        const er = asRecord(e);
        if (typeof er?.name === 'string' && typeof er.value === 'string') env[er.name] = er.value;
      }
      const ports = asArray(container.ports).flatMap((p) => {
        const pr = asRecord(p);
        return pr && typeof pr.containerPort === 'number' ? [{ containerPort: pr.containerPort, name: typeof pr.name === 'string' ? pr.name : undefined, protocol: typeof pr.protocol === 'string' ? pr.protocol : undefined }] : [];
      });
      const period = Math.max(1, timing(probe.periodSeconds, DEFAULT_PERIOD));
      const threshold = Math.max(1, timing(probe.failureThreshold, DEFAULT_FAILURE_THRESHOLD));
      const delay = Math.max(0, num(probe.initialDelaySeconds, 0));
      const timeout = Math.max(1, timing(probe.timeoutSeconds, 1));
      try {
        const key = JSON.stringify([image, container.name, command, args, env, ports, action, period, threshold, delay, timeout]);
        let verdict = verdicts.get(key);
        if (verdict === undefined) {
          verdict = evaluate(image, String(container.name ?? ''), command, args, env, ports, action, period, threshold, delay, timeout);
          if (verdicts.size >= VERDICT_CACHE_LIMIT) verdicts.delete(verdicts.keys().next().value as string);
          verdicts.set(key, verdict);
        }
        if (!verdict) continue;
        const giveUpAt = lastTick(period, threshold, delay);
        const at: PathSegment[] = probe.failureThreshold !== undefined ? [...path, gate, 'failureThreshold'] : probe.periodSeconds !== undefined ? [...path, gate, 'periodSeconds'] : [...path, gate];
        const budget = delay > 0 ? msg('probe-never-succeeds.budget-delay', { delay: String(delay), threshold: String(threshold), period: String(period), giveUpAt: String(giveUpAt) }) : msg('probe-never-succeeds.budget', { threshold: String(threshold), period: String(period), giveUpAt: String(giveUpAt) });
        out.push(
          finding(probeNeverSucceeds, ctx, at, msg('probe-never-succeeds', { probe: gate, image, readyAt: String(verdict.readyAt), budget, startup: gate === 'livenessProbe' ? msg('probe-never-succeeds.startup') : '' }), {
            prefer: probe.failureThreshold !== undefined || probe.periodSeconds !== undefined ? 'value' : 'key',
          }),
        );
      } catch {
        // The behaviour model could not evaluate this container: no finding rather than a guess.
      }
    }
    return out;
  },
};
