import type { Sim } from '../core';
import { nodeMatchesAffinity, untoleratedTaint, type Toleration } from '../scheduler/predicates';
import { isPodActive, isPodAvailable, isPodReady } from '../status';
import { controllerOf, type KObject } from '../types';
import { fnv32a, safeEncode, scaledValue, stableStringify } from '../util';
import { createPod, deletePod, controllerName } from './podControl';
import { CONTROLLER_MANAGER, writeStatus } from '../apiserver/managedFields';

/** Tolerations every DaemonSet pod gets (AddOrUpdateDaemonPodTolerations). */
export const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

const HASH = 'controller-revision-hash';

/** The DaemonSet controller: one pod per eligible node, pinned by node affinity; rolling update by maxUnavailable. */
export function installDaemonSetController(sim: Sim): void {
  sim.store.watch('DaemonSet', (type, ds) => {
    if (type !== 'DELETED') sim.enqueue('daemonset', `${ds.metadata.namespace}/${ds.metadata.name}`);
  });
  sim.store.watch('Node', () => {
    for (const ds of sim.store.list('DaemonSet')) sim.enqueue('daemonset', `${ds.metadata.namespace}/${ds.metadata.name}`);
  });
  sim.registerController('daemonset', (key) => sync(sim, key));
}

function templateHash(ds: KObject): string {
  return safeEncode(String(fnv32a(stableStringify(ds.spec.template ?? {})))).slice(0, 10);
}

function podNode(pod: KObject): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name') return f.values?.[0];
  return undefined;
}

function shouldRun(ds: KObject, node: KObject): boolean {
  const fake = { spec: { ...ds.spec.template?.spec } } as KObject;
  if (fake.spec.nodeName && fake.spec.nodeName !== node.metadata.name) return false;
  if (!nodeMatchesAffinity(fake, node)) return false;
  const tolerations = [...(ds.spec.template?.spec?.tolerations ?? []), ...DAEMON_TOLERATIONS];
  return !untoleratedTaint(node.spec?.taints ?? [], tolerations);
}

function sync(sim: Sim, key: string): void {
  const [ns, name] = key.split('/');
  const ds = sim.store.get('DaemonSet', ns, name);
  if (!ds) return;
  const hash = templateHash(ds);
  const pods = sim.store.dependentsOf(ds.metadata.uid).filter((p) => p.kind === 'Pod' && controllerOf(p)?.uid === ds.metadata.uid);
  const byNode = new Map<string, KObject[]>();
  for (const p of pods) {
    if (!isPodActive(p)) continue;
    const n = podNode(p) ?? '';
    byNode.set(n, [...(byNode.get(n) ?? []), p]);
  }
  const nodes = sim.store.list('Node');
  const eligible = nodes.filter((n) => shouldRun(ds, n));
  const minReady = ds.spec.minReadySeconds ?? 0;
  // Rolling update budget: nodes whose pod is old or unavailable count against maxUnavailable.
  const maxUnavail = Math.max(1, scaledValue(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, eligible.length, true));
  let unavailable = 0;
  for (const n of eligible) {
    const ps = byNode.get(n.metadata.name) ?? [];
    if (!ps.some((p) => isPodAvailable(p, minReady, sim.now))) unavailable++;
  }
  const rolling = ds.spec.updateStrategy?.type !== 'OnDelete';
  for (const n of nodes) {
    const ps = byNode.get(n.metadata.name) ?? [];
    const run = eligible.includes(n);
    if (!run) {
      for (const p of ps) {
        deletePod(sim, p);
        sim.emit(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, controllerName(ds));
      }
      continue;
    }
    if (ps.length === 0) {
      // A pod is still terminating on this node: wait for it (maxSurge 0).
      if (pods.some((p) => podNode(p) === n.metadata.name && p.metadata.deletionTimestamp !== undefined)) continue;
      try {
        const pod = createPod(sim, ds, ds.spec.template, {
          labels: { [HASH]: hash, 'pod-template-generation': String(ds.metadata.generation) },
          mutate: (p) => {
            p.spec.tolerations = [...(p.spec.tolerations ?? []), ...DAEMON_TOLERATIONS];
            p.spec.affinity = {
              ...(p.spec.affinity ?? {}),
              nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [n.metadata.name] }] }] } },
            };
          },
        });
        sim.emit(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, controllerName(ds));
      } catch (e) {
        sim.emit(ds, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`, controllerName(ds));
      }
      continue;
    }
    for (const extra of ps.slice(1)) deletePod(sim, extra);
    const p = ps[0];
    if (rolling && p.metadata.labels[HASH] !== hash) {
      const avail = isPodAvailable(p, minReady, sim.now);
      if (!avail || unavailable < maxUnavail) {
        if (avail) unavailable++;
        deletePod(sim, p);
        sim.emit(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, controllerName(ds));
      }
    }
  }
  const active = pods.filter(isPodActive);
  const onEligible = active.filter((p) => eligible.some((n) => n.metadata.name === podNode(p)));
  const status = {
    desiredNumberScheduled: eligible.length,
    currentNumberScheduled: onEligible.length,
    numberMisscheduled: active.length - onEligible.length,
    numberReady: onEligible.filter(isPodReady).length,
    updatedNumberScheduled: onEligible.filter((p) => p.metadata.labels[HASH] === hash).length,
    numberAvailable: onEligible.filter((p) => isPodAvailable(p, minReady, sim.now)).length,
    numberUnavailable: Math.max(0, eligible.length - onEligible.filter((p) => isPodAvailable(p, minReady, sim.now)).length),
    observedGeneration: ds.metadata.generation,
  };
  if (JSON.stringify(status) !== JSON.stringify(ds.status ?? {})) {
    ds.status = status;
    writeStatus(sim, ds, CONTROLLER_MANAGER);
  }
}
