import type { Finding } from '../findings';
import type { YamlFile } from '../yaml/documents';
import { WorkspaceIndex, type IndexedObject } from '../workspace/index';
import type { SimSnapshot } from './contract';
import { predict, type Prediction } from './predict';
import { manifestValues } from './rollout';
import { DryRunSession, type Cancellation, type SimulationFactory } from './session';
import { createSimulationFactory, workspaceBehaviour } from './simulator';
import { admit, placeRefusal, type RejectedManifest } from './admission';
import { checkFile } from '../check';
import type { PodSecuritySetting } from '../config';
import { effectiveKubernetesVersion } from '../version/kubernetesVersion';
import type { CustomResourceRegistry } from '../../api/crd/registry';

/**
 * The dry run of a set of files, as both the editor and `kube-rehearsal check --dry-run` see it:
 * the same objects, the same simulation and the same predictions, so a prediction in CI is the
 * one the editor shows on the same line.
 */

/** Longest the run looks for a steady state when no duration is given (the editor's default). */
export const STEADY_LIMIT_SECONDS = 900;

/** The objects a dry run simulates: named Kubernetes objects that are not Helm templates. */
export function dryRunObjects(objects: readonly IndexedObject[], keep: (o: IndexedObject) => boolean = () => true): IndexedObject[] {
  return objects.filter((o) => o.name && !o.doc.templated && keep(o));
}

export interface WorkspaceRunOptions {
  /** Virtual seconds to simulate; without it the run stops once the cluster is steady (at most 15 minutes). */
  duration?: number;
  seed?: number;
  token?: Cancellation;
  /** The simulator to use (defaults to the bundled one, configured by the files' .kube-rehearsal.yaml). */
  factory?: SimulationFactory;
  /** Pod Security level of namespaces without pod-security labels (kubeRehearsal.podSecurity, --pod-security). */
  podSecurity?: PodSecuritySetting;
  /** The Kubernetes minor release the cluster runs (default: the files' .kube-rehearsal.yaml targetVersion, else the newest). */
  kubernetesMinor?: number;
  /** CRDs from outside the files (--crds), taken as installed; CRDs among the files are applied. */
  customResources?: CustomResourceRegistry;
}

export interface WorkspaceRun {
  snapshot: SimSnapshot;
  predictions: Prediction[];
  /** Manifests not simulated: refused for what `check` reports, or by the simulated API server */
  rejected: RejectedManifest[];
  stoppedBy?: string;
  /** Virtual seconds the run reached */
  time: number;
}

export async function runWorkspace(files: readonly YamlFile[], opts: WorkspaceRunOptions = {}): Promise<WorkspaceRun> {
  const index = new WorkspaceIndex();
  for (const f of files) index.update(f);
  // One release for the admission check and the simulated cluster.
  const kubernetesMinor = opts.kubernetesMinor ?? effectiveKubernetesVersion(undefined, files).minor;
  const { admitted: objects, rejected } = admit(dryRunObjects(index.objects()), (f) => checkFile(f, { index, kubernetesMinor }));
  const factory = opts.factory ?? createSimulationFactory(() => [...files], undefined, () => opts.podSecurity, () => kubernetesMinor, () => opts.customResources);
  const horizon = Math.max(3600, opts.duration ?? 0);
  const session = new DryRunSession(factory, manifestValues(objects), opts.seed ?? 1, horizon);
  if (opts.duration !== undefined) await session.seek(opts.duration, opts.token);
  else await session.runToSteady(STEADY_LIMIT_SECONDS, opts.token);
  const snapshot = session.snapshot();
  const behaviour = workspaceBehaviour([...files]);
  return { snapshot, predictions: predict(snapshot, objects, { replacementTags: (image) => behaviour.replacementTags(image) }), rejected: [...rejected, ...session.rejected().map((r) => placeRefusal(r, objects))], stoppedBy: session.stoppedBy, time: session.time };
}

/** Predictions grouped by file, as findings (their severity is the rule's default until settings apply). */
export function predictionsByFile(predictions: readonly Prediction[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const p of predictions) {
    const list = out.get(p.uri) ?? [];
    list.push(p.finding);
    out.set(p.uri, list);
  }
  return out;
}
