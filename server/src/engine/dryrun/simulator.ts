import type { PodSecuritySetting } from '../config';
import { createSimulation, manifestsInApplyOrder, DEFAULT_EPOCH_MS, type ClusterShape, type KubectlIO, type Simulation } from '../../sim/index';
import { CatalogBehaviourModel } from '../../sim/behaviour/model';
import { parseWorkspaceConfig } from '../../sim/behaviour/workspaceConfig';
import type { ImageBehaviourOverride } from '../../sim/behaviour/types';
import type { YamlFile } from '../yaml/documents';
import type { CustomResourceRegistry } from '../../api/crd/registry';
import type { SimSnapshot } from './contract';
import type { SimulationFactory, SimulationHandle } from './session';
import { effectiveKubernetesVersion } from '../version/kubernetesVersion';

/**
 * Adapter from the dry-run session to the simulator (server/src/sim). The cluster shape and image
 * behaviours of the workspace's `.kube-rehearsal.yaml` apply; without one, a fresh minikube node.
 */

const CONFIG_FILE = /(^|\/)\.kube-rehearsal\.ya?ml$/;

export interface WorkspaceSimConfig {
  cluster?: ClusterShape;
  images: ImageBehaviourOverride[];
  errors: string[];
}

export function readWorkspaceConfig(files: YamlFile[]): WorkspaceSimConfig {
  const file = files.filter((f) => CONFIG_FILE.test(f.uri)).sort((a, b) => a.uri.length - b.uri.length)[0];
  const value = file?.docs.find((d) => !d.empty)?.value;
  if (!value) return { images: [], errors: [] };
  const parsed = parseWorkspaceConfig(value);
  // The cluster as the CLI reads it (one parser); its problems are workspace-config findings.
  return { cluster: parsed.cluster, images: parsed.images, errors: parsed.errors };
}

/** The behaviour model of a workspace: the catalog with the image overrides of its .kube-rehearsal.yaml. */
export function workspaceBehaviour(files: YamlFile[], config: WorkspaceSimConfig = readWorkspaceConfig(files)): CatalogBehaviourModel {
  return new CatalogBehaviourModel(config.images, { epochSeconds: DEFAULT_EPOCH_MS / 1000 });
}

class SimulatorHandle implements SimulationHandle {
  private next = 0;

  /**
   * `pending` are the run's manifests (in apply order), applied at time 0 before the clock runs:
   * a slice at a time by runUntil with a deadline (3,000 Deployments take seconds to apply), at
   * once by anything that looks at the cluster first.
   */
  constructor(private readonly sim: Simulation, private readonly pending: Record<string, unknown>[] = []) {}

  /** Applies the pending manifests, stopping once `deadline` passed; true when all are applied. */
  private start(deadline?: number): boolean {
    let applied = 0;
    while (this.next < this.pending.length) {
      // The clock is read before each manifest but the first (an apply costs a millisecond or
      // more: validation, admission, watches), so every slice applies at least one.
      if (deadline !== undefined && applied++ > 0 && Date.now() >= deadline) return false;
      this.sim.applyInitial(this.pending[this.next++]);
    }
    return true;
  }

  get time(): number {
    return this.sim.now;
  }

  get stoppedBy(): string | undefined {
    return this.sim.core.stoppedBy;
  }

  runUntil(seconds: number, deadline?: number): boolean {
    if (!this.start(deadline)) return false;
    return this.sim.runUntil(seconds, deadline);
  }

  snapshot(): SimSnapshot {
    this.start();
    return this.sim.snapshot();
  }

  snapshotSlices(): Generator<void, SimSnapshot, void> {
    this.start();
    return this.sim.snapshotting();
  }

  simulation(): Simulation {
    this.start();
    return this.sim;
  }

  rejected(): { object: string; message: string }[] {
    this.start();
    return this.sim.applied.filter((a) => a.error).map((a) => ({ object: a.ref, message: a.error! }));
  }

  kubectl(argv: string[]): { ok: boolean; output: string } {
    this.start();
    // What-ifs only change the simulated cluster; `-f` (files) is not offered from the tree.
    const r = this.sim.runKubectl(argv);
    return { ok: r.exitCode === 0, output: (r.exitCode === 0 ? r.stdout : r.stderr).trim() };
  }

  apply(objects: unknown[]): { ok: boolean; output: string } {
    this.start();
    const lines: string[] = [];
    let ok = true;
    for (const o of objects) {
      if (!o || typeof o !== 'object') continue;
      const r = this.sim.applyManifest(o as Record<string, unknown>);
      if (r.error) ok = false;
      for (const w of r.warnings ?? []) lines.push(`Warning: ${w}`);
      lines.push(r.error ? `Error from server: ${r.error}` : `${r.ref} ${r.result ?? 'configured'}`);
    }
    return { ok, output: lines.join('\n') };
  }
}

/**
 * `io` lets `kubectl apply -f` read manifests (the terminal passes the workspace's files).
 * `podSecurity` is the level of namespaces without pod-security labels. `kubernetesMinor` is the release the cluster runs (the editor's setting, a CLI flag); without
 * one, `targetVersion` of the workspace's .kube-rehearsal.yaml, else the newest. `customResources` gives the
 * workspace's CRDs (and kubeRehearsal.crds), taken as installed. `simConfig` replaces the cluster and
 * image behaviours read from the files' .kube-rehearsal.yaml.
 */
export function createSimulationFactory(files: () => YamlFile[], io?: KubectlIO, podSecurity?: () => PodSecuritySetting | undefined, kubernetesMinor?: () => number | undefined, customResources?: () => CustomResourceRegistry | undefined, simConfig?: () => WorkspaceSimConfig): SimulationFactory {
  return ({ objects, seed, horizon }) => {
    const level = podSecurity?.();
    const all = files();
    // The editor's settings may name the cluster and the config file (dryRunSettings.ts).
    const config = simConfig?.() ?? readWorkspaceConfig(all);
    const behaviour = workspaceBehaviour(all, config);
    const sim = createSimulation({
      objects: [],
      cluster: config.cluster,
      seed,
      horizon,
      behaviour,
      io,
      podSecurity: level && level !== 'off' ? level : undefined,
      kubernetesMinor: kubernetesMinor?.() ?? effectiveKubernetesVersion(undefined, all).minor,
      customResources: customResources?.(),
    });
    return new SimulatorHandle(sim, manifestsInApplyOrder(objects.filter((o): o is Record<string, unknown> => !!o && typeof o === 'object' && !Array.isArray(o))));
  };
}
