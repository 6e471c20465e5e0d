import type { Finding, Fix, Range } from '../findings';
import { fixTitle, msg, renderMessage, type MessageRef } from '../messages';
import type { ManifestObject } from './locate';
import type { PathSegment } from '../yaml/documents';
import { snapshotIndex } from './snapshotIndex';
import { parseObjectRef, refMatches, type SimContainer, type SimEvent, type SimPod, type SimSnapshot } from './contract';
import { formatSeconds } from './format';
import { ManifestLocator, POD_SPEC_PATH, valueAt } from './locate';

/**
 * Predictive diagnostics: what the simulation says will happen, put on the manifest lines that
 * cause it. Only reads the snapshot (the simulator's JSON contract) and the parsed manifests.
 */

export const DRY_RUN_SOURCE = 'kube-rehearsal dry-run';

export interface Prediction {
  uri: string;
  finding: Finding;
  /** Virtual seconds when it first happens */
  time: number;
}

interface ContainerSpec {
  name?: string;
  image?: string;
  ports?: { name?: string; containerPort?: number }[];
  livenessProbe?: ProbeSpec;
  readinessProbe?: ProbeSpec;
  startupProbe?: ProbeSpec;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}
interface ProbeSpec {
  httpGet?: { path?: string; port?: number | string };
  tcpSocket?: { port?: number | string };
  grpc?: { port?: number };
  exec?: { command?: string[] };
}

function podEvents(snapshot: SimSnapshot, pod: SimPod): SimEvent[] {
  return snapshotIndex(snapshot).eventsOf('Pod', pod.name, pod.namespace);
}

/** First virtual time the pod showed a status matching `re`, from the timeline (else from events). */
function firstStatusTime(snapshot: SimSnapshot, pod: SimPod, re: RegExp, fallbackReason?: RegExp): number | undefined {
  let best: number | undefined;
  for (const e of snapshotIndex(snapshot).timelineOf('Pod', pod.name, pod.namespace)) {
    if (re.test(e.status) && (best === undefined || e.time < best)) best = e.time;
  }
  if (best === undefined && fallbackReason) best = podEvents(snapshot, pod).find((e) => fallbackReason.test(e.reason) || fallbackReason.test(e.message))?.time;
  return best;
}

function describeOwner(object: ManifestObject, plural: boolean): string {
  if (object.kind === 'Pod') return `pod ${object.name}`;
  return `${plural ? 'pods' : 'the pod'} of ${object.kind} ${object.name}`;
}

function probePort(probe: ProbeSpec | undefined, container: ContainerSpec): number | string | undefined {
  const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port ?? probe?.grpc?.port;
  if (typeof port === 'string') return container.ports?.find((p) => p.name === port)?.containerPort ?? port;
  return port;
}

/** Why a probe fails, in words: `nothing listens on port 8081`, `GET /healthz returns 500`. */
export function probeFailureReason(message: string | undefined, probe: ProbeSpec | undefined, container: ContainerSpec): string {
  const port = probePort(probe, container);
  const msg = message ?? '';
  if (/connection refused|no such host|i\/o timeout|connect:/.test(msg)) {
    const fromMsg = /:(\d+)(?:\/[^"]*)?"?: dial|dial tcp [^:\s]+:(\d+)/.exec(msg);
    return `nothing listens on port ${fromMsg?.[1] ?? fromMsg?.[2] ?? port ?? '?'}`;
  }
  const code = /statuscode: (\d+)/.exec(msg);
  if (code) return `GET ${probe?.httpGet?.path ?? '/'} on port ${port ?? '?'} returns ${code[1]}`;
  if (probe?.exec?.command && msg === '') return `command ${JSON.stringify(probe.exec.command)} exits non-zero`;
  return msg || 'the probe fails';
}

/** `manifest unknown` and friends in words. */
function pullFailureReason(events: SimEvent[], image: string): string {
  const failed = events.find((e) => e.reason === 'Failed' && e.message.includes(image)) ?? events.find((e) => e.reason === 'Failed');
  const m = failed?.message ?? '';
  if (/manifest unknown|manifest .* not found|tag .*not found/i.test(m)) return 'tag not found';
  if (/repository does not exist|pull access denied|not found/i.test(m)) return 'repository not found or not accessible';
  const after = /Failed to pull image "[^"]*": (.*)$/.exec(m);
  return after?.[1] ?? (m || 'the image cannot be pulled');
}

interface Group {
  uri: string;
  range: Range;
  code: string;
  time: number;
  pods: SimPod[];
  message: (plural: boolean) => string | MessageRef;
  /** Other lines that explain it (the probe's port, the container's command) */
  related?: { range: Range; message: MessageRef }[];
  fixes?: Fix[];
}

export interface PredictOptions {
  /**
   * Existing tags to offer in place of an image's tag that does not exist, best first (the
   * behaviour model the run used: CatalogBehaviourModel.replacementTags). Without it, no fixes.
   */
  replacementTags?: (image: string) => string[];
}

export function predict(snapshot: SimSnapshot, objects: readonly ManifestObject[], options: PredictOptions = {}): Prediction[] {
  const steps = predicting(snapshot, objects, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Pods looked at between two pauses of `predicting`. */
const PODS_PER_SLICE = 100;

/**
 * The predictions, computed a slice of pods at a time: the generator pauses (yields) between
 * slices so a caller can hand the event loop back (the language server with thousands of pods).
 */
export function* predicting(snapshot: SimSnapshot, objects: readonly ManifestObject[], options: PredictOptions = {}): Generator<void, Prediction[], void> {
  const locator = new ManifestLocator(objects, snapshot);
  const groups = new Map<string, Group>();
  const add = (g: Omit<Group, 'pods'>, pod?: SimPod) => {
    const k = `${g.uri}\u0000${g.code}\u0000${g.range.start.line}:${g.range.start.character}`;
    const existing = groups.get(k);
    if (existing) {
      existing.time = Math.min(existing.time, g.time);
      if (pod) existing.pods.push(pod);
    } else groups.set(k, { ...g, pods: pod ? [pod] : [] });
  };

  let sinceSlice = 0;
  for (const pod of snapshot.pods) {
    if (++sinceSlice >= PODS_PER_SLICE) {
      sinceSlice = 0;
      yield;
    }
    const ps = locator.podSpec(pod);
    if (!ps) continue;
    const { object, specPath } = ps;
    const spec = (valueAt(object.doc.value, specPath) ?? {}) as { containers?: ContainerSpec[]; restartPolicy?: string };
    const containers = spec.containers ?? [];
    const restartPolicy = spec.restartPolicy ?? (object.kind === 'Job' || object.kind === 'CronJob' ? 'Never' : 'Always');
    const events = podEvents(snapshot, pod);
    const at = (path: PathSegment[], prefer: 'key' | 'value' = 'key') => locator.range(object, [...specPath, ...path], prefer);

    // Scheduling: the FailedScheduling message as the scheduler writes it, on the field that causes it.
    if (!pod.node && /Pending/.test(pod.status)) {
      const fs = [...events].reverse().find((e) => e.reason === 'FailedScheduling');
      if (fs) {
        const first = events.find((e) => e.reason === 'FailedScheduling')!;
        const res = /Insufficient (cpu|memory|ephemeral-storage|pods)/.exec(fs.message)?.[1];
        let path: PathSegment[] = [];
        if (res) {
          const i = containers.findIndex((c) => c.resources?.requests?.[res] !== undefined);
          path = i >= 0 ? ['containers', i, 'resources', 'requests', res] : ['containers', 0, 'resources'];
        } else if (/affinity|selector/i.test(fs.message)) path = spec && 'nodeSelector' in spec ? ['nodeSelector'] : ['affinity'];
        else if (/taint/i.test(fs.message)) path = ['tolerations'];
        else if (/port/i.test(fs.message)) path = ['containers'];
        add({ uri: object.uri, range: at(path), code: 'dry-run-unschedulable', time: first.time, message: () => msg('dry-run-unschedulable', { reason: fs.message }) }, pod);
      }
    }

    for (const c of pod.containers) {
      const ci = containers.findIndex((x) => x.name === c.name);
      if (ci < 0) continue;
      const cs = containers[ci];
      checkContainer(snapshot, pod, c, cs, ci, object, restartPolicy, events, at, add, locator, options);
    }
  }

  // Services whose selector matches no ready pod.
  for (const s of snapshot.services) {
    if (s.type === 'ExternalName' || s.endpoints.some((e) => e.ready)) continue;
    const object = locator.manifest('Service', s.namespace, s.name);
    if (!object) continue;
    const selector = valueAt(object.doc.value, ['spec', 'selector']) as Record<string, string> | undefined;
    if (!selector || Object.keys(selector).length === 0) continue;
    const why = s.endpoints.length
      ? s.endpoints.length === 1 ? msg('dry-run-no-endpoints.not-ready-one') : msg('dry-run-no-endpoints.not-ready', { count: String(s.endpoints.length) })
      : msg('dry-run-no-endpoints.no-match', { selector: Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',') });
    add({ uri: object.uri, range: locator.range(object, ['spec', 'selector']), code: 'dry-run-no-endpoints', time: snapshot.time,
      message: () => msg('dry-run-no-endpoints', { name: s.name, why }) });
  }

  // Deployments past their progress deadline, and failed Jobs.
  for (const w of snapshot.workloads) {
    const stalled = (w.conditions ?? []).find((c) => c.reason === 'ProgressDeadlineExceeded');
    if (w.kind !== 'Deployment' || !stalled) continue;
    const object = locator.manifest('Deployment', w.namespace, w.name);
    if (!object) continue;
    const ev = snapshotIndex(snapshot).eventsOf('Deployment', w.name, w.namespace).find((e) => /ProgressDeadline/.test(e.reason + e.message));
    add({ uri: object.uri, range: locator.range(object, ['metadata', 'name'], 'value'), code: 'dry-run-rollout-stalled', time: ev?.time ?? snapshot.time,
      // The condition's message is the controller's own (English, as kubectl shows it).
      message: () => msg('dry-run-rollout-stalled', { name: w.name, reason: stalled.message ?? msg('dry-run-rollout-stalled.no-progress') }) });
  }
  for (const j of snapshot.jobs) {
    if (!/Fail/.test(j.status)) continue;
    const object = locator.source('Job', j.namespace, j.name);
    if (!object) continue;
    const ev = snapshotIndex(snapshot).eventsOf('Job', j.name, j.namespace).find((e) => /BackoffLimitExceeded|DeadlineExceeded/.test(e.reason));
    const path: PathSegment[] = object.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec'] : ['spec'];
    add({ uri: object.uri, range: locator.range(object, ev?.reason === 'DeadlineExceeded' ? [...path, 'activeDeadlineSeconds'] : [...path, 'backoffLimit']),
      code: 'dry-run-job-failed', time: ev?.time ?? snapshot.time,
      message: () => (ev ? msg('dry-run-job-failed.event', { name: j.name, reason: ev.reason, message: ev.message }) : msg('dry-run-job-failed', { name: j.name })) });
  }

  // Controllers whose pods the API server refuses (PodSecurity, quota, limits): FailedCreate on the template.
  const seenCreate = new Set<string>();
  for (const ev of snapshot.events) {
    if (ev.reason !== 'FailedCreate') continue;
    const ref = parseObjectRef(ev.object);
    const object = locator.source(ref.kind, ev.namespace ?? 'default', ref.name);
    if (!object || seenCreate.has(`${object.uri}\u0000${object.kind}/${object.name}`)) continue;
    seenCreate.add(`${object.uri}\u0000${object.kind}/${object.name}`);
    const specPath = POD_SPEC_PATH[object.kind];
    const templatePath = specPath ? specPath.slice(0, -1) : [];
    const why = ev.message.replace(/^Error creating(?: job)?: /, '').replace(/^create Pod \S+ in StatefulSet \S+ failed error: /, '');
    add({ uri: object.uri, range: locator.range(object, templatePath.length ? templatePath : ['metadata', 'name']), code: 'dry-run-create-failed', time: ev.time,
      message: () => msg('dry-run-create-failed', { kind: object.kind, name: object.name ?? '', reason: why }) });
  }

  const out: Prediction[] = [];
  for (const g of groups.values()) {
    const distinct = new Set(g.pods.map((p) => p.name)).size;
    const m = g.message(distinct > 1 || g.pods.some((p) => !!p.owner));
    const at = msg('dry-run.at', { message: m, time: formatSeconds(g.time) });
    out.push({
      uri: g.uri,
      time: g.time,
      finding: {
        range: g.range,
        severity: 'warning',
        code: g.code,
        source: DRY_RUN_SOURCE,
        message: renderMessage(at),
        ...(typeof m === 'string' ? {} : { l10n: at }),
        ...(g.related?.length ? { related: g.related.map((r) => ({ file: g.uri, range: r.range, message: renderMessage(r.message), l10n: r.message })) } : {}),
        ...(g.fixes?.length ? { fixes: g.fixes } : {}),
      },
    });
  }
  return out.sort((a, b) => a.uri.localeCompare(b.uri) || a.finding.range.start.line - b.finding.range.start.line);
}

function checkContainer(
  snapshot: SimSnapshot, pod: SimPod, c: SimContainer, cs: ContainerSpec, ci: number, object: ManifestObject, restartPolicy: string,
  events: SimEvent[], at: (path: PathSegment[], prefer?: 'key' | 'value') => Range,
  add: (g: Omit<Group, 'pods'>, pod?: SimPod) => void, locator: ManifestLocator, options: PredictOptions,
): void {
  const probes = c.probes ?? [];
  const failing = (kind: string) => probes.find((p) => p.kind.toLowerCase() === kind && /fail/i.test(p.result));
  const unhealthy = (kind: string) => events.filter((e) => e.reason === 'Unhealthy' && e.message.startsWith(`${kind} probe failed`));

  // Image pulls that never succeed.
  if (c.reason === 'ErrImagePull' || c.reason === 'ImagePullBackOff') {
    const why = pullFailureReason(events, c.image);
    const time = firstStatusTime(snapshot, pod, /ErrImagePull|ImagePullBackOff/, /ErrImagePull|Failed/) ?? snapshot.time;
    let tail: MessageRef = msg('dry-run-image-pull.owners-stay', { kind: object.kind, name: object.name ?? '' });
    if (object.kind === 'Deployment') {
      const ownRs = pod.owner ? parseObjectRef(pod.owner).name : undefined;
      const oldServing = snapshot.pods.filter((p) => p !== pod && p.namespace === pod.namespace && p.owner && parseObjectRef(p.owner).name !== ownRs
        && p.status === 'Running' && /^(\d+)\/\1$/.test(p.ready) && locator.source('Pod', p.namespace, p.name) === object).length;
      if (oldServing > 0) tail = oldServing === 1 ? msg('dry-run-image-pull.rollout-stalls-one') : msg('dry-run-image-pull.rollout-stalls', { count: String(oldServing) });
    } else if (object.kind === 'Pod') tail = msg('dry-run-image-pull.pod-stays', { name: object.name ?? '' });
    const range = at(['containers', ci, 'image'], 'value');
    const fixes = why === 'tag not found' && options.replacementTags ? tagFixes(object, range, cs.image, options.replacementTags) : undefined;
    add({ uri: object.uri, range, code: 'dry-run-image-pull', time, ...(fixes?.length ? { fixes } : {}),
      message: () => msg('dry-run-image-pull', { image: c.image, reason: why, outcome: tail }) }, pod);
    return;
  }

  if (c.reason === 'CreateContainerConfigError') {
    const ev = events.find((e) => e.reason === 'Failed' && /Error:/.test(e.message));
    add({ uri: object.uri, range: at(['containers', ci, 'name'], 'value'), code: 'dry-run-config-error',
      time: firstStatusTime(snapshot, pod, /CreateContainerConfigError/) ?? ev?.time ?? snapshot.time,
      message: (plural) => {
        const detail = ev ? `: ${ev.message.replace(/^Error: /, '')}` : '';
        const args = { kind: object.kind, name: object.name ?? '', detail };
        return object.kind === 'Pod' && !plural ? msg('dry-run-config-error.pod', args) : plural ? msg('dry-run-config-error.owner-plural', args) : msg('dry-run-config-error.owner', args);
      } }, pod);
    return;
  }

  // Liveness: killed and restarted again and again.
  const liveFail = unhealthy('Liveness');
  if (cs.livenessProbe && (liveFail.length > 0 || failing('liveness'))) {
    const killed = events.filter((e) => e.reason === 'Killing' && e.message.includes('failed liveness probe'));
    const reason = probeFailureReason(failing('liveness')?.message ?? liveFail[liveFail.length - 1]?.message.replace(/^Liveness probe failed: /, ''), cs.livenessProbe, cs);
    const time = killed[0]?.time ?? liveFail[0]?.time ?? snapshot.time;
    add({ uri: object.uri, range: at(['containers', ci, 'livenessProbe']), code: 'dry-run-liveness', time, related: probeRelated(cs, ci, at),
      message: () => msg('dry-run-liveness', {
        reason, container: c.name,
        restarts: !c.restartCount ? '' : c.restartCount === 1 ? msg('dry-run-liveness.restarts-one', { time: formatSeconds(snapshot.time) }) : msg('dry-run-liveness.restarts', { count: String(c.restartCount), time: formatSeconds(snapshot.time) }),
      }) }, pod);
    return;
  }

  if (c.reason === 'OOMKilled' || events.some((e) => /OOMKilled/.test(e.message))) {
    const limit = cs.resources?.limits?.memory;
    add({ uri: object.uri, range: at(['containers', ci, 'resources', 'limits', 'memory']), code: 'dry-run-oom',
      time: firstStatusTime(snapshot, pod, /OOMKilled/) ?? snapshot.time,
      message: () => msg('dry-run-oom', { container: c.name, limit: limit !== undefined ? ` ${String(limit)}` : '' }) }, pod);
    return;
  }

  // Containers that exit while the policy says to keep them running.
  if (c.reason === 'CrashLoopBackOff' || pod.status === 'CrashLoopBackOff') {
    const time = firstStatusTime(snapshot, pod, /CrashLoopBackOff/, /BackOff/) ?? snapshot.time;
    const exit = c.exitCode !== undefined && c.exitCode !== null ? msg('dry-run-crashloop.exit-code', { code: String(c.exitCode) }) : msg('dry-run-crashloop.exits');
    add({ uri: object.uri, range: at(['containers', ci, 'image'], 'value'), code: 'dry-run-crashloop', time, related: commandRelated(cs, ci, at),
      message: (plural) => {
        const args = { kind: object.kind, name: object.name ?? '', container: c.name, exit, restartPolicy };
        // A bare pod is never "plural" in practice; should it be, the English is kept as it reads.
        if (object.kind === 'Pod') return plural ? `${describeOwner(object, plural)} end in CrashLoopBackOff: container ${c.name} ${renderMessage(exit)} and restartPolicy is ${restartPolicy}` : msg('dry-run-crashloop.pod', args);
        return msg(plural ? 'dry-run-crashloop.owner-plural' : 'dry-run-crashloop.owner', args);
      } }, pod);
    return;
  }

  // Readiness that never comes: the pod runs but never serves.
  const readyFail = failing('readiness');
  if (cs.readinessProbe && !c.ready && c.state === 'running' && (readyFail || unhealthy('Readiness').length > 0)) {
    const failure = readyFail?.message ?? unhealthy('Readiness').pop()?.message.replace(/^Readiness probe failed: /, '');
    const time = unhealthy('Readiness')[0]?.time ?? snapshot.time;
    add({ uri: object.uri, range: at(['containers', ci, 'readinessProbe']), code: 'dry-run-never-ready', time, related: probeRelated(cs, ci, at),
      message: () => msg('dry-run-never-ready', { reason: probeFailureReason(failure, cs.readinessProbe, cs) }) }, pod);
  }

  // Terminated with an error and not restarted (restartPolicy Never).
  if (c.state === 'terminated' && c.exitCode && restartPolicy === 'Never' && object.kind === 'Pod') {
    add({ uri: object.uri, range: at(['containers', ci, 'image'], 'value'), code: 'dry-run-error-exit',
      time: firstStatusTime(snapshot, pod, /Error|ExitCode/) ?? snapshot.time,
      message: () => msg('dry-run-error-exit', { name: object.name ?? '', container: c.name, code: String(c.exitCode) }) }, pod);
  }
}

/**
 * Quick fixes for an image tag that does not exist: replace exactly the tag (not the repository,
 * not the quotes) with each existing tag offered. None when the value is not written as one plain
 * or quoted scalar on its line, or when it has no explicit tag (`nginx` means `:latest`).
 */
function tagFixes(object: ManifestObject, valueRange: Range, image: string | undefined, replacementTags: (image: string) => string[]): Fix[] | undefined {
  if (typeof image !== 'string' || valueRange.start.line !== valueRange.end.line) return undefined;
  const lines = object.file.lines;
  const start = lines.offsetAt(valueRange.start);
  let raw = object.file.text.slice(start, lines.offsetAt(valueRange.end));
  let inner = start;
  if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0]) {
    raw = raw.slice(1, -1);
    inner++;
  }
  if (raw !== image || image.includes('@')) return undefined;
  const colon = image.lastIndexOf(':');
  if (colon < 0 || colon < image.lastIndexOf('/')) return undefined;
  const tag = image.slice(colon + 1);
  const range = { start: lines.positionAt(inner + colon + 1), end: lines.positionAt(inner + image.length) };
  return replacementTags(image).map((t) => ({ ...fixTitle(msg('fix.replace-tag', { tag, replacement: t })), edits: [{ range, newText: t }] }));
}

type At = (path: PathSegment[], prefer?: 'key' | 'value') => Range;

/** For a failing probe: the container's image (what listens) and its declared ports. */
function probeRelated(cs: ContainerSpec & { command?: unknown }, ci: number, at: At): { range: Range; message: MessageRef }[] {
  const out = [{ range: at(['containers', ci, 'image'], 'value'), message: msg('related.image-run', { container: String(cs.name ?? ci) }) }];
  if (cs.ports?.length) out.push({ range: at(['containers', ci, 'ports']), message: msg('related.container-ports', { container: String(cs.name ?? ci) }) });
  return out;
}

/** For a crash loop: the command and arguments the container runs, where the manifest sets them. */
function commandRelated(cs: ContainerSpec & { command?: unknown; args?: unknown }, ci: number, at: At): { range: Range; message: MessageRef }[] {
  const out: { range: Range; message: MessageRef }[] = [];
  if (cs.command !== undefined) out.push({ range: at(['containers', ci, 'command']), message: msg('related.command') });
  if (cs.args !== undefined) out.push({ range: at(['containers', ci, 'args']), message: msg('related.args') });
  return out;
}
