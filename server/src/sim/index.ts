import { installAdmission } from './apiserver/admission';
import { installCustomResources } from './apiserver/customResources';
import type { CustomResourceRegistry } from '../api/crd/registry';
import { applyObject, type ApplyResult } from './apiserver/apply';
import { installPodSecurity } from './apiserver/podSecurity';
import type { Level } from '../api/podSecurity/policy';
import type { BehaviourModel } from './behaviour/types';
import { defaultCluster, nodeObject } from './cluster';
import { installCronJobController } from './controllers/cronjob';
import { installDaemonSetController } from './controllers/daemonset';
import { installDeploymentController } from './controllers/deployment/controller';
import { installDisruptionController } from './controllers/disruption';
import { installRootCaPublisher, systemUid } from './controllers/rootCaPublisher';
import { installPersistentVolumeController } from './controllers/persistentvolume';
import { systemStorageObjects } from './apiserver/storageClasses';
import { bootstrapPolicy } from './apiserver/rbac';
import { installServiceAccountsController } from './controllers/serviceaccounts';
import { installEndpointSliceController } from './controllers/endpointslice';
import { deleteObject, installGarbageCollector, installNamespaceController, type Propagation } from './controllers/gc';
import { installHorizontalPodAutoscalerController } from './controllers/hpa';
import { installJobController } from './controllers/job';
import { installReplicaSetControllers } from './controllers/replicaset';
import { installStatefulSetController } from './controllers/statefulset';
import { installTtlAfterFinishedController } from './controllers/ttlafterfinished';
import { Sim } from './core';
import { installKubelet } from './kubelet/kubelet';
import { installScheduler } from './scheduler/scheduler';
import { runKubectl, type KubectlIO, type KubectlResult } from './kubectl/kubectl';
import { takeSnapshot, snapshotting, workloadReady, jobStatusText, type SimulationSnapshot } from './snapshot';
import { podReadyText, podStatusText } from './status';
import { DEFAULT_LIMITS, ref, type ClusterShape, type KObject, type SimLimits } from './types';
import { valueText } from '../engine/valueText';

export type { SimulationSnapshot } from './snapshot';
export type { ClusterShape, KObject, SimLimits, NodeShape } from './types';
export { defaultCluster } from './cluster';
export { validateForApiServer } from '../engine/apiServerValidation';
export { runKubectl, type KubectlIO, type KubectlResult } from './kubectl/kubectl';
export { printTable, printEvents } from './kubectl/printers';

/** 2026-01-01T00:00:00Z: virtual time 0 on the wall clock (CronJob schedules, Job names; the behaviour model's `date` uses the same). */
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 1);

export interface SimulationOptions {
  /** Manifests (plain JSON objects) applied at time 0, in order (Namespaces first). */
  objects?: Record<string, unknown>[];
  cluster?: ClusterShape;
  seed?: number;
  /** Virtual seconds the run may reach (containers are computed up to here). */
  horizon?: number;
  limits?: Partial<SimLimits>;
  behaviour: BehaviourModel;
  epochMs?: number;
  /** File access for `kubectl apply -f` (the engine never reads files itself). */
  io?: KubectlIO;
  /** Pod Security level of namespaces without pod-security.kubernetes.io labels (privileged when unset). */
  podSecurity?: Level;
  /** The Kubernetes minor release (1.x) the cluster runs; default the newest supported. */
  kubernetesMinor?: number;
  /** CRDs of the workspace (and kubeRehearsal.crds / --crds): taken as installed when a resource of theirs is applied. */
  customResources?: CustomResourceRegistry;
}

export interface AppliedObject {
  ref: string;
  result?: ApplyResult;
  error?: string;
  /** Warnings the API server returned (kubectl prints them as `Warning: ...`). */
  warnings?: string[];
}

const NAMESPACED_KINDS = ['Deployment', 'ReplicaSet', 'ReplicationController', 'DaemonSet', 'StatefulSet', 'CronJob', 'Job', 'Pod', 'Service', 'ConfigMap', 'Secret', 'ResourceQuota', 'LimitRange', 'ServiceAccount', 'PersistentVolumeClaim', 'EndpointSlice', 'Endpoints', 'PodDisruptionBudget', 'Role', 'RoleBinding', 'Ingress', 'NetworkPolicy', 'HorizontalPodAutoscaler'];

/**
 * A simulated cluster: API server + store, controller manager, scheduler and kubelets on one
 * virtual clock. Deterministic for the same inputs and seed.
 */
export class Simulation {
  readonly core: Sim;
  readonly applied: AppliedObject[] = [];
  private readonly io: KubectlIO;

  constructor(opts: SimulationOptions) {
    this.io = opts.io ?? {};
    const limits = { ...DEFAULT_LIMITS, ...(opts.limits ?? {}) };
    const horizon = Math.min(opts.horizon ?? 600, limits.maxSeconds);
    this.core = new Sim({ behaviour: opts.behaviour, cluster: opts.cluster ?? defaultCluster(), seed: opts.seed ?? 1, horizonMs: horizon * 1000, limits, epochMs: opts.epochMs ?? DEFAULT_EPOCH_MS, kubernetesMinor: opts.kubernetesMinor });
    const sim = this.core;
    installAdmission(sim.store);
    installPodSecurity(sim.store, { defaultLevel: opts.podSecurity });
    installCustomResources(sim, opts.customResources);
    installServiceAllocator(sim);
    installGarbageCollector(sim);
    installNamespaceController(sim, NAMESPACED_KINDS);
    installReplicaSetControllers(sim);
    installDeploymentController(sim);
    installDaemonSetController(sim);
    installStatefulSetController(sim);
    installJobController(sim);
    installTtlAfterFinishedController(sim);
    installCronJobController(sim);
    installEndpointSliceController(sim);
    installDisruptionController(sim);
    installHorizontalPodAutoscalerController(sim);
    installServiceAccountsController(sim);
    installRootCaPublisher(sim);
    installPersistentVolumeController(sim);
    installScheduler(sim);
    installKubelet(sim);
    installTimeline(sim);
    for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system'])
      sim.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0, labels: { 'kubernetes.io/metadata.name': ns }, annotations: {} }, spec: {}, status: { phase: 'Active' } });
    sim.cluster.nodes.forEach((n, i) => sim.store.create(nodeObject(n, i, sim.kubernetesMinor)));
    // minikube's default StorageClass and the API server's system PriorityClasses (uids of their own: no generated name moves).
    for (const o of [...systemStorageObjects(), ...bootstrapPolicy()]) sim.store.create(o, { uid: systemUid(sim, o.kind, '', o.metadata.name) });
    // The API server's own Service, as in every cluster.
    sim.store.create({
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0, labels: { component: 'apiserver', provider: 'kubernetes' }, annotations: {} },
      spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 }] },
    });
    for (const o of manifestsInApplyOrder(opts.objects ?? [])) this.applyInitial(o);
  }

  /**
   * Applies one of the run's own manifests, as the constructor does with `objects` (its outcome
   * goes to `applied`). A caller that applies them itself, a few at a time, passes no `objects`,
   * takes them from manifestsInApplyOrder and applies them all before running the clock.
   */
  applyInitial(manifest: Record<string, unknown>): void {
    this.applied.push(this.applyManifest(manifest));
  }

  /** `kubectl apply` of one manifest; errors are returned as the API server's message. */
  applyManifest(manifest: Record<string, unknown>, namespace = 'default'): AppliedObject {
    // What the manifest says, even of the wrong type (a mapping as a name is shown as JSON).
    const name = `${valueText(manifest.kind).toLowerCase()}/${valueText((manifest.metadata as { name?: unknown } | undefined)?.name)}`;
    this.core.store.takeWarnings();
    try {
      const { result, obj } = applyObject(this.core, manifest, namespace);
      const warnings = this.core.store.takeWarnings();
      // What kubectl would print as `Warning: ...` on apply lands among the run's assumptions.
      for (const w of warnings) this.core.assume(ref(obj), `Warning: ${w}`);
      return { ref: ref(obj), result, ...(warnings.length ? { warnings } : {}) };
    } catch (e) {
      if (e instanceof Error && 'reason' in e) return { ref: name, error: e.message };
      throw e;
    }
  }

  get now(): number {
    return this.core.now / 1000;
  }

  /** Current virtual time in seconds. */
  get time(): number {
    return this.core.now / 1000;
  }

  /** Why the run stopped early (a bound), if it did. */
  get stoppedBy(): string | undefined {
    return this.core.stoppedBy;
  }

  /** One kubectl command line (argv without `kubectl`) at the current virtual time. */
  runKubectl(argv: string[]): KubectlResult {
    return runKubectl(this, argv, this.io);
  }

  /** The dry-run session's shape: ok + combined output. */
  kubectl(argv: string[]): { ok: boolean; output: string } {
    const r = runKubectl(this, argv, this.io);
    return { ok: r.exitCode === 0, output: r.stdout + r.stderr };
  }

  /** `kubectl apply` of plain manifest objects at the current time. */
  apply(objects: unknown[]): { ok: boolean; output: string } {
    let ok = true;
    let output = '';
    for (const o of objects) {
      if (!o || typeof o !== 'object') continue;
      const r = this.applyManifest(o as Record<string, unknown>);
      for (const w of r.warnings ?? []) output += `Warning: ${w}\n`;
      if (r.error) {
        ok = false;
        output += `Error from server: ${r.error}\n`;
      } else output += `${r.ref} ${r.result}\n`;
    }
    return { ok, output };
  }

  /**
   * Advances the virtual clock to `seconds`, processing every event on the way. With `deadline`
   * (wall clock, `Date.now()`), it may stop earlier once the deadline passed and returns false
   * (see Sim.runUntil); calling again continues.
   */
  runUntil(seconds: number, deadline?: number): boolean {
    if (seconds * 1000 > this.core.horizonMs) this.core.horizonMs = seconds * 1000;
    return this.core.runUntil(seconds * 1000, deadline);
  }

  get(kind: string, namespace: string | undefined, name: string): KObject | undefined {
    return this.core.store.get(kind, namespace, name);
  }

  list(kind: string, namespace?: string): KObject[] {
    return this.core.store.list(kind, namespace);
  }

  delete(obj: KObject, propagation: Propagation = 'Background', graceSeconds?: number): void {
    deleteObject(this.core, obj, propagation, graceSeconds);
  }

  snapshot(): SimulationSnapshot {
    return takeSnapshot(this.core);
  }

  /** The snapshot in slices (see snapshotting): do not run the simulation until it returns. */
  snapshotting(): Generator<void, SimulationSnapshot, void> {
    return snapshotting(this.core);
  }
}

/**
 * The run's manifests in the order they are applied: `kind: List` item by item, as kubectl does;
 * namespaces first, so objects in them can be created in the same run; then CRDs, so their
 * resources can (a real `kubectl apply -f` of both at once fails for the resources until the
 * CRD is established: the simulation treats CRDs as established at once, said in docs/simulation.md).
 */
export function manifestsInApplyOrder(input: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const objects = input.flatMap((o) => (o.kind === 'List' && Array.isArray(o.items) ? (o.items as unknown[]).filter((i): i is Record<string, unknown> => !!i && typeof i === 'object' && !Array.isArray(i)) : [o]));
  const order = (o: Record<string, unknown>) => (o.kind === 'Namespace' ? 0 : o.kind === 'CustomResourceDefinition' ? 1 : 2);
  return objects.sort((a, b) => order(a) - order(b));
}

export function createSimulation(opts: SimulationOptions): Simulation {
  return new Simulation(opts);
}

/** ClusterIP and NodePort allocation (deterministic from the seed). */
function installServiceAllocator(sim: Sim): void {
  let next = 1;
  const usedNodePorts = new Set<number>();
  sim.store.admission.push((obj) => {
    if (obj.kind !== 'Service') return;
    const s = obj.spec ?? (obj.spec = {});
    if (s.clusterIP === undefined && s.type !== 'ExternalName') {
      next++;
      s.clusterIP = `10.96.${Math.floor(next / 254) % 256}.${(next % 254) + 1}`;
    }
    // The REST allocator's single-stack IPv4 family (a headless Service's too).
    if (s.type !== 'ExternalName') {
      if (!s.clusterIPs?.length && s.clusterIP) s.clusterIPs = [s.clusterIP];
      s.ipFamilies ??= ['IPv4'];
      s.ipFamilyPolicy ??= 'SingleStack';
    }
    if (s.type === 'NodePort' || s.type === 'LoadBalancer') {
      for (const p of s.ports ?? []) {
        if (p.nodePort) {
          usedNodePorts.add(p.nodePort);
          continue;
        }
        let port = 30000 + sim.prng.int(2768);
        while (usedNodePorts.has(port)) port = 30000 + ((port - 30000 + 1) % 2768);
        usedNodePorts.add(port);
        p.nodePort = port;
      }
    }
  });
}

/** Records each change of what `kubectl get -w` would print for pods and workloads. */
function installTimeline(sim: Sim): void {
  const last = new Map<string, string>();
  const record = (o: KObject, status: string) => {
    const k = o.metadata.uid;
    if (last.get(k) === status) return;
    last.set(k, status);
    sim.timeline.push({ at: sim.now, object: ref(o), namespace: o.metadata.namespace, status });
  };
  sim.store.watch('Pod', (type, p) => {
    if (type === 'DELETED') {
      record(p, 'Deleted');
      last.delete(p.metadata.uid);
      return;
    }
    record(p, `${podStatusText(p)} ${podReadyText(p)}`);
  });
  for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController'])
    sim.store.watch(kind, (type, o) => {
      if (type === 'DELETED') return void last.delete(o.metadata.uid);
      const s = o.status ?? {};
      record(o, kind === 'Deployment' ? `${workloadReady(o)} ready, ${s.updatedReplicas ?? 0} up-to-date, ${s.availableReplicas ?? 0} available` : `${workloadReady(o)} ready`);
    });
  sim.store.watch('Job', (type, j) => {
    if (type === 'DELETED') return void last.delete(j.metadata.uid);
    record(j, jobStatusText(j));
  });
}
