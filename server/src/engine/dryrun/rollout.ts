import { parseYamlFile, type YamlFile } from '../yaml/documents';
import type { ManifestObject } from './locate';
import { canonicalKind, parseObjectRef, type SimPod, type SimSnapshot } from './contract';
import { formatSeconds, parseDuration } from './format';
import { podHealth, readyFull } from './podHealth';
import { predict } from './predict';
import { msg, renderMessage, type MessageRef } from '../messages';
import { DryRunSession, type Cancellation, type SimulationFactory } from './session';

/**
 * Rollout preview: the committed manifests are the running cluster; once it is steady, the
 * working-tree versions are applied and the rollout is simulated. The result says which pods start
 * and stop, in what order, whether the rollout completes or gets stuck (and why), and how long it takes.
 */

export interface ManifestText {
  uri: string;
  text: string;
}

export interface WorkloadId {
  kind: string;
  namespace: string;
  name: string;
}

export interface RolloutStep {
  time: number;
  action: 'start' | 'ready' | 'stop' | 'scale';
  object: string;
  detail: string;
}

export interface WorkloadOutcome extends WorkloadId {
  /** `refused`: the API server rejected the change (for example an immutable selector); nothing rolled. */
  outcome: 'complete' | 'stuck' | 'refused';
  /** Seconds from the apply to completion (complete) or to when it was judged stuck */
  seconds: number;
  reasons: string[];
  /** What the change does to the workload: images, replicas, other template fields */
  changes: string[];
  /** Pod counts over the rollout, one sample each time they change */
  progress: RolloutSample[];
  /** Ready endpoints of the Services that select the workload's pods, one sample each time they change */
  endpoints: EndpointSample[];
  /** Why a stuck rollout is stuck, read off its new pods (the cause comes before its consequences) */
  cause?: RolloutCause;
}

/** What holds a rollout: the new pods' status, which pods, since when, and the kubelet's or scheduler's words. */
export interface RolloutCause {
  /** Plain words: `the image nginx:1.200 cannot be pulled` */
  summary: string;
  /** The pods' STATUS (`ImagePullBackOff`, `CrashLoopBackOff`, `Pending`, `Running 0/1`) */
  status: string;
  pods: string[];
  /** Seconds after the apply that the first of these pods first reported the problem */
  since: number;
  /** The first warning event's message (`Failed to pull image "nginx:1.200": ...`) */
  message?: string;
}

export interface RolloutSample {
  /** Seconds after the apply */
  time: number;
  desired: number;
  /** Pods of the previous version, and how many of them are ready */
  oldPods: number;
  oldReady: number;
  /** Pods of the new version, and how many of them are ready */
  newPods: number;
  newReady: number;
}

export interface EndpointSample {
  time: number;
  service: string;
  ready: number;
}

export interface RolloutPreview {
  status: 'no-changes' | 'done';
  changed: WorkloadId[];
  /** Virtual time (s) the committed state was steady and the working tree was applied */
  appliedAt: number;
  endedAt: number;
  steps: RolloutStep[];
  workloads: WorkloadOutcome[];
  snapshot?: SimSnapshot;
  /** Human-readable summary, one fact per line */
  summary: string[];
}

const ROLLOUT_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);
const CHECK_EVERY = 1;

export function indexedObjects(files: YamlFile[]): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const file of files) {
    for (const doc of file.docs) {
      if (!doc.isKubernetes) continue;
      out.push({ uri: file.uri, file, doc, kind: doc.kind!, name: doc.name, namespace: doc.namespace ?? 'default' });
    }
  }
  return out;
}

/** Plain values of the Kubernetes documents, as the simulator takes them. */
export function manifestValues(objects: ManifestObject[]): unknown[] {
  return objects.filter((o) => o.doc.value && !o.doc.templated).map((o) => o.doc.value);
}

function key(o: { kind: string; namespace: string; name?: string }): string {
  return `${canonicalKind(o.kind)}/${o.namespace}/${o.name ?? ''}`;
}

/** Plain language for what changed between two versions of a workload: images, replicas, then other fields. */
export function describeChanges(before: unknown, after: unknown, render: (ref: MessageRef) => string = (ref) => renderMessage(ref)): string[] {
  if (before === undefined) return [render(msg('rollout.change.new'))];
  const out: string[] = [];
  const spec = (v: unknown) => ((v ?? {}) as { spec?: Record<string, unknown> }).spec ?? {};
  const containers = (v: unknown) => {
    const tpl = (spec(v).template ?? {}) as { spec?: { containers?: unknown; initContainers?: unknown } };
    const list = [tpl.spec?.initContainers, tpl.spec?.containers].flatMap((l) => (Array.isArray(l) ? l : []));
    return new Map(list.filter((c): c is { name: string; image?: unknown } => !!c && typeof c === 'object' && typeof (c as { name?: unknown }).name === 'string').map((c) => [c.name, c]));
  };
  const oldC = containers(before);
  const newC = containers(after);
  for (const [name, c] of newC) {
    const prev = oldC.get(name);
    if (!prev) out.push(render(msg('rollout.change.container-added', { name, image: String(c.image) })));
    else if (prev.image !== c.image) out.push(render(msg('rollout.change.image', { name, before: String(prev.image), after: String(c.image) })));
  }
  for (const name of oldC.keys()) if (!newC.has(name)) out.push(render(msg('rollout.change.container-removed', { name })));
  const r0 = spec(before).replicas;
  const r1 = spec(after).replicas;
  const replicas = (r: unknown) => (r === undefined ? msg('rollout.change.replicas-default') : String(r));
  if (JSON.stringify(r0) !== JSON.stringify(r1)) out.push(render(msg('rollout.change.replicas', { before: replicas(r0), after: replicas(r1) })));
  const paths: string[] = [];
  diffPaths(spec(before), spec(after), 'spec', paths);
  const other = paths.filter((p) => p !== 'spec.replicas' && !/^spec\.template\.spec\.(init)?[cC]ontainers\[[^\]]+\]\.image$/.test(p));
  for (const p of other.slice(0, 8)) out.push(render(msg('rollout.change.field', { field: p })));
  if (other.length > 8) out.push(render(msg('rollout.change.more-fields', { count: String(other.length - 8) })));
  return out;
}

/** Leaf paths whose values differ; containers are matched by name, as the API server merges them. */
function diffPaths(a: unknown, b: unknown, path: string, out: string[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const obj = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);
  if (Array.isArray(a) && Array.isArray(b)) {
    const named = (l: unknown[]) => l.every((x) => obj(x) && typeof (x as { name?: unknown }).name === 'string');
    if (named(a) && named(b)) {
      const byName = (l: unknown[]) => new Map(l.map((x) => [(x as { name: string }).name, x]));
      const ma = byName(a);
      const mb = byName(b);
      for (const k of new Set([...ma.keys(), ...mb.keys()])) diffPaths(ma.get(k), mb.get(k), `${path}[${k}]`, out);
      return;
    }
    out.push(path);
    return;
  }
  if (obj(a) && obj(b)) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) diffPaths(ra[k], rb[k], `${path}.${k}`, out);
    return;
  }
  out.push(path);
}

/** Workloads whose manifest differs between the two sets (added ones count; removed ones do not roll). */
export function changedWorkloads(head: ManifestObject[], working: ManifestObject[]): ManifestObject[] {
  const before = new Map(head.filter((o) => ROLLOUT_KINDS.has(o.kind)).map((o) => [key(o), JSON.stringify(o.doc.value)]));
  return working.filter((o) => ROLLOUT_KINDS.has(o.kind) && o.name && before.get(key(o)) !== JSON.stringify(o.doc.value));
}

function podsOf(snapshot: SimSnapshot, w: WorkloadId, objects: ManifestObject[]): string[] {
  // A pod belongs to the workload when its owner chain leads there: ReplicaSet `<deployment>-<hash>` or the set itself.
  return snapshot.pods.filter((p) => {
    if (p.namespace !== w.namespace || !p.owner) return false;
    const o = parseObjectRef(p.owner);
    const kind = canonicalKind(o.kind);
    if (kind === w.kind) return o.name === w.name;
    if (kind === 'ReplicaSet' && w.kind === 'Deployment') {
      const rs = snapshot.workloads.find((x) => x.kind === 'ReplicaSet' && x.name === o.name && x.namespace === p.namespace);
      if (rs?.owner) return parseObjectRef(rs.owner).name === w.name;
      return o.name.startsWith(`${w.name}-`) && !objects.some((d) => d.kind === 'Deployment' && d.name !== w.name && o.name.startsWith(`${d.name}-`) && d.name!.length > w.name.length);
    }
    return false;
  }).map((p) => p.name);
}

function isComplete(snapshot: SimSnapshot, w: WorkloadId, oldPods: Set<string>, objects: ManifestObject[]): boolean {
  const wl = snapshot.workloads.find((x) => x.kind === w.kind && x.name === w.name && x.namespace === w.namespace);
  if (!wl) return false;
  const pods = podsOf(snapshot, w, objects);
  if (pods.some((p) => oldPods.has(p))) return false;
  const total = typeof wl.ready === 'string' ? Number(wl.ready.split('/')[1]) : undefined;
  if (wl.upToDate != null && total !== undefined && wl.upToDate < total) return false;
  if (wl.available != null && total !== undefined && wl.available < total) return false;
  return total === 0 || readyFull(wl.ready);
}

export interface RolloutOptions {
  factory: SimulationFactory;
  seed?: number;
  token?: Cancellation;
  /** Longest virtual time to let the committed state settle */
  settleLimit?: number;
  /** Renders our words (the causes, the predictions among the reasons) in the reader's language; English by default. */
  render?: (ref: MessageRef) => string;
}

export async function previewRollout(head: ManifestText[], working: ManifestText[], opts: RolloutOptions): Promise<RolloutPreview> {
  const headObjects = indexedObjects(head.map((f) => parseYamlFile(f.uri, f.text)));
  const workingObjects = indexedObjects(working.map((f) => parseYamlFile(f.uri, f.text)));
  const changed = changedWorkloads(headObjects, workingObjects);
  const changedIds: WorkloadId[] = changed.map((o) => ({ kind: o.kind, namespace: o.namespace, name: o.name! }));
  if (changed.length === 0) {
    return { status: 'no-changes', changed: [], appliedAt: 0, endedAt: 0, steps: [], workloads: [],
      summary: ['No Deployment, DaemonSet or StatefulSet differs from HEAD: there is nothing to roll out.'] };
  }

  const session = new DryRunSession(opts.factory, manifestValues(headObjects), opts.seed ?? 1, 4 * 3600);
  await session.runToSteady(opts.settleLimit ?? 600, opts.token);
  const appliedAt = session.time;
  const before = session.snapshot();
  // The working tree is applied at the settled moment: the simulation goes back there first.
  await session.materialize(opts.token);
  // A change that leaves the pod template alone (replicas only) rolls nothing: its pods stay current.
  const headValues = new Map(headObjects.map((o) => [key(o), o.doc.value]));
  const templateOf = (v: unknown) => JSON.stringify((v as { spec?: { template?: unknown } } | undefined)?.spec?.template ?? null);
  const oldPods = new Map(changed.map((o) => [key(o), templateOf(headValues.get(key(o))) === templateOf(o.doc.value) ? new Set<string>() : new Set(podsOf(before, o as WorkloadId, workingObjects))]));
  // Applied one by one, as `kubectl apply` sends them: one refused object does not stop the others.
  const summary: string[] = [];
  const refused = new Map<string, string>();
  for (const o of changed) {
    const r = session.apply(manifestValues([o]));
    if (!r.ok) refused.set(key(o), r.output.replace(/^Error from server: /, ''));
  }
  const rolling = changedIds.filter((w) => !refused.has(key(w)));
  const samples = new Map<string, RolloutSample[]>(changedIds.map((w) => [key(w), []]));
  const endpointSamples = new Map<string, EndpointSample[]>(changedIds.map((w) => [key(w), []]));
  const servicesOf = new Map(changed.map((o) => [key(o), selectingServices(o, workingObjects)]));
  const record = (snap: SimSnapshot, recreated: ReadonlySet<string> = new Set()) => {
    for (const w of rolling) {
      const k = key(w);
      const old = new Set([...oldPods.get(k)!].filter((p) => !recreated.has(p)));
      const sample = sampleRollout(snap, w, old, workingObjects, session.time - appliedAt);
      const list = samples.get(k)!;
      const last = list[list.length - 1];
      if (!last || last.desired !== sample.desired || last.oldPods !== sample.oldPods || last.oldReady !== sample.oldReady || last.newPods !== sample.newPods || last.newReady !== sample.newReady) list.push(sample);
      for (const svc of servicesOf.get(k)!) {
        const s = snap.services.find((x) => x.name === svc && x.namespace === w.namespace);
        const ready = s ? s.endpoints.filter((e) => e.ready).length : 0;
        const eps = endpointSamples.get(k)!;
        const prev = [...eps].reverse().find((e) => e.service === svc);
        if (!prev || prev.ready !== ready) eps.push({ time: session.time - appliedAt, service: svc, ready });
      }
    }
  };
  record(session.snapshot());

  // Deadline: each Deployment's progressDeadlineSeconds (600 by default) plus a margin; 10 minutes for the others.
  const deadline = Math.max(...changed.map((o) => {
    const v = (o.doc.value as { spec?: { progressDeadlineSeconds?: number } }).spec?.progressDeadlineSeconds;
    return o.kind === 'Deployment' ? (typeof v === 'number' ? v : 600) + 30 : 600;
  }));
  const finished = new Map<string, number>();
  while (session.time < appliedAt + deadline && finished.size < rolling.length && !session.stoppedBy) {
    await session.seek(session.time + CHECK_EVERY, opts.token);
    const snap = session.snapshot();
    // StatefulSets reuse pod names: a name stopped since the apply belongs to a new pod now.
    const recreated = new Set(rolloutSteps(snap, changedIds, appliedAt).filter((s) => s.action === 'stop').map((s) => s.object.replace(/^pod\//, '')));
    record(snap, recreated);
    for (const w of rolling) {
      const old = new Set([...oldPods.get(key(w))!].filter((p) => !recreated.has(p)));
      if (!finished.has(key(w)) && isComplete(snap, w, old, workingObjects)) finished.set(key(w), session.time);
    }
  }
  const end = session.snapshot();
  const endedAt = session.time;

  const steps = rolloutSteps(end, changedIds, appliedAt);
  const predictions = predict(end, workingObjects);
  const render = opts.render ?? ((ref: MessageRef) => renderMessage(ref));
  const workloads: WorkloadOutcome[] = changedIds.map((w) => {
    const k = key(w);
    const detail = { changes: describeChanges(headValues.get(k), changed.find((o) => key(o) === k)?.doc.value, render), progress: samples.get(k)!, endpoints: endpointSamples.get(k)! };
    const refusal = refused.get(k);
    if (refusal !== undefined) return { ...w, outcome: 'refused', seconds: 0, reasons: [refusal], ...detail };
    const done = finished.get(k);
    if (done !== undefined) return { ...w, outcome: 'complete', seconds: done - appliedAt, reasons: [], ...detail };
    const src = changed.find((o) => key(o) === key(w))!;
    const reasons = predictions.filter((p) => p.uri === src.uri && p.finding.range.start.line >= docStartLine(src) && p.finding.range.start.line <= docEndLine(src))
      .sort((a, b) => a.time - b.time)
      .map((p) => (p.finding.l10n ? render(p.finding.l10n) : p.finding.message));
    const wl = end.workloads.find((x) => x.kind === w.kind && x.name === w.name && x.namespace === w.namespace);
    const cond = wl?.conditions?.find((c) => c.reason === 'ProgressDeadlineExceeded');
    const stalledSaid = predictions.some((p) => p.uri === src.uri && p.finding.code === 'dry-run-rollout-stalled' && p.finding.range.start.line >= docStartLine(src) && p.finding.range.start.line <= docEndLine(src));
    if (cond && !stalledSaid) reasons.push(`${cond.reason}: ${cond.message ?? ''}`.trim());
    if (reasons.length === 0) reasons.push(render(msg('rollout.not-finished', { time: formatSeconds(endedAt - appliedAt) })));
    // StatefulSets reuse names: a stopped old pod's name now belongs to a new pod.
    const stoppedNames = new Set(steps.filter((x) => x.action === 'stop').map((x) => x.object.replace(/^pod\//, '')));
    const cause = rootCause(end, w, new Set([...oldPods.get(k)!].filter((p) => !stoppedNames.has(p))), workingObjects, appliedAt, render);
    return { ...w, outcome: 'stuck', seconds: endedAt - appliedAt, reasons, ...detail, ...(cause ? { cause } : {}) };
  });

  summary.push(`Committed state steady at ${formatSeconds(appliedAt)}; working tree applied then.`);
  for (const w of workloads) {
    if (w.outcome === 'complete') summary.push(`${w.kind} ${w.name}: rollout completes in ${formatSeconds(w.seconds)}.`);
    else if (w.outcome === 'refused') summary.push(`${w.kind} ${w.name}: the API server refuses the change: ${w.reasons[0]}`);
    else if (w.cause) summary.push(`${w.kind} ${w.name}: ${describeCause(w.cause)}; so the rollout is stuck after ${formatSeconds(w.seconds)}: ${w.reasons.join('; ')}`);
    else summary.push(`${w.kind} ${w.name}: rollout is stuck after ${formatSeconds(w.seconds)}: ${w.reasons.join('; ')}`);
  }
  const started = steps.filter((s) => s.action === 'start').length;
  const stopped = steps.filter((s) => s.action === 'stop').length;
  summary.push(`${started} ${started === 1 ? 'pod starts' : 'pods start'}, ${stopped} ${stopped === 1 ? 'pod stops' : 'pods stop'}.`);
  for (const s of steps) summary.push(`  +${formatSeconds(s.time - appliedAt)} ${s.detail}`);
  return { status: 'done', changed: changedIds, appliedAt, endedAt, steps, workloads, snapshot: end, summary };
}

/** Predictions say when from the start of the run; the preview counts from the apply. */
export function relativeReason(reason: string, appliedAt: number): string {
  // "(at 3m10s)", or its Korean form "(3m10s 시점)" (messages.ts dry-run.at).
  return reason.replace(/ \((?:at (\w+)|(\w+) 시점)\)$/, (whole, en: string | undefined, ko: string | undefined) => {
    const at = en ?? ko ?? '';
    const t = parseDuration(at);
    return t === undefined ? whole : ` (+${formatSeconds(Math.max(0, t - appliedAt))})`;
  });
}

/** `the image nginx:1.200 cannot be pulled: pod web-abc12 in ImagePullBackOff since +1s` */
export function describeCause(c: RolloutCause): string {
  const shown = c.pods.slice(0, 3).join(', ') + (c.pods.length > 3 ? `, and ${c.pods.length - 3} more` : '');
  return `${c.summary}: ${c.pods.length === 1 ? 'pod' : `${c.pods.length} pods`} ${shown} in ${c.status} since +${formatSeconds(c.since)}`;
}

const PULL = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName']);

/**
 * The new pods that hold a rollout, grouped by status, the worst first: what a person must fix.
 * None when the new pods are fine (the rollout is merely slow) or there are none.
 */
function rootCause(end: SimSnapshot, w: WorkloadId, oldPods: ReadonlySet<string>, objects: ManifestObject[], appliedAt: number, render: (ref: MessageRef) => string): RolloutCause | undefined {
  const names = new Set(podsOf(end, w, objects));
  const fresh = end.pods.filter((p) => p.namespace === w.namespace && names.has(p.name) && !oldPods.has(p.name));
  const warnings = (pod: string) => end.events.filter((e) => e.type === 'Warning' && e.time >= appliedAt && parseObjectRef(e.object).name === pod && canonicalKind(parseObjectRef(e.object).kind) === 'Pod');
  const unschedulable = (pod: SimPod) => !pod.node && warnings(pod.name).some((e) => e.reason === 'FailedScheduling');
  const stuck = fresh.filter((p) => podHealth(p, unschedulable(p)) === 'failing' || (p.status === 'Running' && !readyFull(p.ready)));
  if (stuck.length === 0) return undefined;
  const statusOf = (p: SimPod) => (p.status === 'Running' ? `Running ${p.ready}` : p.status);
  const byStatus = new Map<string, SimPod[]>();
  for (const p of stuck) byStatus.set(statusOf(p), [...(byStatus.get(statusOf(p)) ?? []), p]);
  const [status, pods] = [...byStatus.entries()].sort((a, b) => b[1].length - a[1].length)[0];
  const events = pods.flatMap((p) => warnings(p.name)).sort((a, b) => a.time - b.time);
  // The first event that says what went wrong, not the kubelet's `Error: ErrImagePull` echo of it.
  const telling = events.find((e) => !/^(Error: \w+|Back-off .*)$/.test(e.message)) ?? events[0];
  const image = pods[0].containers.find((c) => PULL.has(c.reason ?? '') || PULL.has(c.state))?.image ?? pods[0].containers[0]?.image;
  const base = status.replace(/ .*/, '');
  const summary = render(
    PULL.has(base) ? msg('rollout.cause.pull', { image: image ?? '' })
      : base === 'CrashLoopBackOff' || base === 'Error' ? msg('rollout.cause.crash')
      : base === 'Pending' ? msg('rollout.cause.unschedulable')
      : /^Create|RunContainer/.test(base) ? msg('rollout.cause.start')
      : base === 'Running' ? msg('rollout.cause.not-ready')
      : msg('rollout.cause.other', { status: base }),
  );
  return { summary, status, pods: pods.map((p) => p.name), since: Math.max(0, (telling?.time ?? appliedAt) - appliedAt), message: telling?.message };
}

function docStartLine(o: ManifestObject): number {
  return o.file.lines.positionAt(o.doc.start).line;
}
function docEndLine(o: ManifestObject): number {
  return o.file.lines.positionAt(o.doc.end).line;
}

/** Starts, readiness and stops of the workloads' pods after `from`, and ReplicaSet scaling, in time order. */
export function rolloutSteps(snapshot: SimSnapshot, workloads: WorkloadId[], from: number): RolloutStep[] {
  const steps: RolloutStep[] = [];
  const names = new Set(workloads.map((w) => w.name));
  for (const e of snapshot.events) {
    if (e.time < from) continue;
    const ref = parseObjectRef(e.object);
    const kind = canonicalKind(ref.kind);
    if (kind === 'Deployment' && names.has(ref.name) && e.reason === 'ScalingReplicaSet') {
      steps.push({ time: e.time, action: 'scale', object: e.object, detail: e.message });
    } else if ((kind === 'ReplicaSet' || kind === 'StatefulSet' || kind === 'DaemonSet') && /^(SuccessfulCreate|SuccessfulDelete)$/.test(e.reason)) {
      const owner = kind === 'ReplicaSet' ? workloads.find((w) => w.kind === 'Deployment' && ref.name.startsWith(`${w.name}-`)) : workloads.find((w) => w.kind === kind && w.name === ref.name);
      if (!owner) continue;
      const pod = /(?:Created|Deleted) pod: (\S+)|(?:create|delete) Pod (\S+)/.exec(e.message);
      const podName = pod?.[1] ?? pod?.[2] ?? '';
      steps.push({ time: e.time, action: e.reason === 'SuccessfulCreate' ? 'start' : 'stop', object: `pod/${podName}`,
        detail: `${e.reason === 'SuccessfulCreate' ? 'start' : 'stop'} pod ${podName} (${kind} ${ref.name})` });
    }
  }
  return steps.sort((a, b) => a.time - b.time);
}

/** Services (in the working tree) whose selector picks the workload's pod template. */
function selectingServices(workload: ManifestObject, objects: ManifestObject[]): string[] {
  const labels = ((workload.doc.value as { spec?: { template?: { metadata?: { labels?: Record<string, unknown> } } } })?.spec?.template?.metadata?.labels) ?? {};
  const out: string[] = [];
  for (const o of objects) {
    if (o.kind !== 'Service' || !o.name || o.namespace !== workload.namespace) continue;
    const selector = (o.doc.value as { spec?: { selector?: Record<string, unknown> } })?.spec?.selector;
    if (!selector || typeof selector !== 'object' || Object.keys(selector).length === 0) continue;
    if (Object.entries(selector).every(([k, v]) => labels[k] === v)) out.push(o.name);
  }
  return out.sort();
}

/** Old and new pods of a workload right now (terminating pods still count: they are still there). */
function sampleRollout(snapshot: SimSnapshot, w: WorkloadId, oldPods: Set<string>, objects: ManifestObject[], time: number): RolloutSample {
  const names = new Set(podsOf(snapshot, w, objects));
  const pods = snapshot.pods.filter((p) => p.namespace === w.namespace && names.has(p.name));
  const wl = snapshot.workloads.find((x) => x.kind === w.kind && x.name === w.name && x.namespace === w.namespace);
  const desired = typeof wl?.ready === 'string' ? Number(wl.ready.split('/')[1]) || 0 : 0;
  const sample: RolloutSample = { time, desired, oldPods: 0, oldReady: 0, newPods: 0, newReady: 0 };
  for (const p of pods) {
    const ready = readyFull(p.ready) ? 1 : 0;
    if (oldPods.has(p.name)) {
      sample.oldPods++;
      sample.oldReady += ready;
    } else {
      sample.newPods++;
      sample.newReady += ready;
    }
  }
  return sample;
}
