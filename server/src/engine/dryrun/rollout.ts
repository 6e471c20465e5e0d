import { parseYamlFile, type YamlFile } from '../yaml/documents';
import type { ManifestObject } from './locate';
import { canonicalKind, parseObjectRef, type SimSnapshot } from './contract';
import { formatSeconds } from './format';
import { readyFull } from './podHealth';
import { predict } from './predict';
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
  outcome: 'complete' | 'stuck';
  /** Seconds from the apply to completion (complete) or to when it was judged stuck */
  seconds: number;
  reasons: string[];
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
  const oldPods = new Map(changedIds.map((w) => [key(w), new Set(podsOf(before, w, workingObjects))]));
  const applied = session.apply(manifestValues(changed));
  const summary: string[] = [];
  if (!applied.ok) summary.push(`Applying the working tree failed: ${applied.output}`);

  // Deadline: each Deployment's progressDeadlineSeconds (600 by default) plus a margin; 10 minutes for the others.
  const deadline = Math.max(...changed.map((o) => {
    const v = (o.doc.value as { spec?: { progressDeadlineSeconds?: number } }).spec?.progressDeadlineSeconds;
    return o.kind === 'Deployment' ? (typeof v === 'number' ? v : 600) + 30 : 600;
  }));
  const finished = new Map<string, number>();
  while (session.time < appliedAt + deadline && finished.size < changed.length && !session.stoppedBy) {
    await session.seek(session.time + CHECK_EVERY, opts.token);
    const snap = session.snapshot();
    // StatefulSets reuse pod names: a name stopped since the apply belongs to a new pod now.
    const recreated = new Set(rolloutSteps(snap, changedIds, appliedAt).filter((s) => s.action === 'stop').map((s) => s.object.replace(/^pod\//, '')));
    for (const w of changedIds) {
      const old = new Set([...oldPods.get(key(w))!].filter((p) => !recreated.has(p)));
      if (!finished.has(key(w)) && isComplete(snap, w, old, workingObjects)) finished.set(key(w), session.time);
    }
  }
  const end = session.snapshot();
  const endedAt = session.time;

  const steps = rolloutSteps(end, changedIds, appliedAt);
  const predictions = predict(end, workingObjects);
  const workloads: WorkloadOutcome[] = changedIds.map((w) => {
    const done = finished.get(key(w));
    if (done !== undefined) return { ...w, outcome: 'complete', seconds: done - appliedAt, reasons: [] };
    const src = changed.find((o) => key(o) === key(w))!;
    const reasons = predictions.filter((p) => p.uri === src.uri && p.finding.range.start.line >= docStartLine(src) && p.finding.range.start.line <= docEndLine(src))
      .sort((a, b) => a.time - b.time)
      .map((p) => p.finding.message);
    const wl = end.workloads.find((x) => x.kind === w.kind && x.name === w.name && x.namespace === w.namespace);
    const cond = wl?.conditions?.find((c) => c.reason === 'ProgressDeadlineExceeded');
    if (cond && !reasons.some((r) => r.includes('progress deadline'))) reasons.push(`${cond.reason}: ${cond.message ?? ''}`.trim());
    if (reasons.length === 0) reasons.push(`not finished after ${formatSeconds(endedAt - appliedAt)}`);
    return { ...w, outcome: 'stuck', seconds: endedAt - appliedAt, reasons };
  });

  summary.push(`Committed state steady at ${formatSeconds(appliedAt)}; working tree applied then.`);
  for (const w of workloads) {
    if (w.outcome === 'complete') summary.push(`${w.kind} ${w.name}: rollout completes in ${formatSeconds(w.seconds)}.`);
    else summary.push(`${w.kind} ${w.name}: rollout is stuck after ${formatSeconds(w.seconds)}: ${w.reasons.join('; ')}`);
  }
  const started = steps.filter((s) => s.action === 'start').length;
  const stopped = steps.filter((s) => s.action === 'stop').length;
  summary.push(`${started} ${started === 1 ? 'pod starts' : 'pods start'}, ${stopped} ${stopped === 1 ? 'pod stops' : 'pods stop'}.`);
  for (const s of steps) summary.push(`  +${formatSeconds(s.time - appliedAt)} ${s.detail}`);
  return { status: 'done', changed: changedIds, appliedAt, endedAt, steps, workloads, snapshot: end, summary };
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
