import type { Sim } from '../core';
import { ApiError } from '../store/store';
import { controllerOf, type KObject, type OwnerReference } from '../types';
import { deepCopy } from '../util';

/** Where watch events about a controlled object go: controller name by owner kind. */
export const CONTROLLER_FOR_KIND: Record<string, string> = {
  ReplicaSet: 'replicaset',
  ReplicationController: 'replicationcontroller',
  DaemonSet: 'daemonset',
  StatefulSet: 'statefulset',
  Job: 'job',
  Deployment: 'deployment',
  CronJob: 'cronjob',
};

export function ownerRefTo(owner: KObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

/** Enqueues the controller of `obj` (by its controllerRef), if any. */
export function enqueueController(sim: Sim, obj: KObject): boolean {
  const ref = controllerOf(obj);
  if (!ref) return false;
  const c = CONTROLLER_FOR_KIND[ref.kind];
  if (c) sim.enqueue(c, `${obj.metadata.namespace}/${ref.name}`);
  return true;
}

/** CreatePodsWithControllerRef: a pod from the template, named `<generateName><5 chars>`. */
export function createPod(sim: Sim, owner: KObject, template: KObject['spec'], extra: { name?: string; generateName?: string; labels?: Record<string, string>; annotations?: Record<string, string>; mutate?: (pod: KObject) => void }): KObject {
  const tpl = deepCopy(template ?? {});
  const pod: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: extra.name ?? '',
      generateName: extra.name ? undefined : extra.generateName ?? `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      uid: '',
      resourceVersion: '',
      generation: 0,
      creationTimestamp: 0,
      labels: { ...(tpl.metadata?.labels ?? {}), ...(extra.labels ?? {}) },
      annotations: { ...(tpl.metadata?.annotations ?? {}), ...(extra.annotations ?? {}) },
      ownerReferences: [ownerRefTo(owner)],
    },
    spec: tpl.spec ?? {},
    status: { phase: 'Pending' },
  };
  extra.mutate?.(pod);
  return sim.store.create(pod);
}

/** Creates `count` pods in slow-start batches (1, 2, 4, ...); the first failure stops the rest. */
export function slowStartCreate(sim: Sim, owner: KObject, count: number, create: () => KObject): number {
  let created = 0;
  let batch = 1;
  while (created < count) {
    const n = Math.min(batch, count - created);
    for (let i = 0; i < n; i++) {
      try {
        const pod = create();
        sim.emit(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, controllerName(owner));
        created++;
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        sim.emit(owner, 'Warning', 'FailedCreate', `Error creating: ${e.message}`, controllerName(owner));
        return created;
      }
    }
    batch *= 2;
  }
  return created;
}

export function controllerName(owner: KObject): string {
  switch (owner.kind) {
    case 'ReplicaSet': return 'replicaset-controller';
    case 'ReplicationController': return 'replication-controller';
    case 'Deployment': return 'deployment-controller';
    case 'DaemonSet': return 'daemonset-controller';
    case 'StatefulSet': return 'statefulset-controller';
    case 'Job': return 'job-controller';
    case 'CronJob': return 'cronjob-controller';
    default: return `${owner.kind.toLowerCase()}-controller`;
  }
}

/**
 * Graceful pod deletion as the API server does it: deletionTimestamp + grace period; the kubelet
 * finishes it. Unbound pods (and grace 0) go at once.
 */
export function deletePod(sim: Sim, pod: KObject, graceSeconds?: number): void {
  if (pod.metadata.deletionTimestamp !== undefined) return;
  const grace = graceSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  const node = pod.spec?.nodeName;
  const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  if (!node || !sim.store.get('Node', undefined, node) || grace === 0 || terminal) {
    pod.metadata.deletionTimestamp = sim.now;
    pod.metadata.deletionGracePeriodSeconds = 0;
    sim.store.remove(pod);
    return;
  }
  pod.metadata.deletionTimestamp = sim.now;
  pod.metadata.deletionGracePeriodSeconds = grace;
  sim.store.update(pod);
}

/**
 * ClaimPods (ControllerRefManager): adopt matching orphans, release owned pods that no longer
 * match, ignore pods controlled by someone else.
 */
export function claimPods(sim: Sim, owner: KObject, matches: (labels: Record<string, string>) => boolean, orphans: Iterable<KObject>): KObject[] {
  const uid = owner.metadata.uid;
  const out: KObject[] = [];
  const deleting = owner.metadata.deletionTimestamp !== undefined;
  for (const p of sim.store.dependentsOf(uid)) {
    if (p.kind !== 'Pod' || controllerOf(p)?.uid !== uid) continue;
    if (matches(p.metadata.labels) || deleting) out.push(p);
    else if (p.metadata.deletionTimestamp === undefined) {
      p.metadata.ownerReferences = (p.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      sim.store.update(p);
    }
  }
  if (!deleting) {
    for (const p of [...orphans]) {
      if (p.metadata.deletionTimestamp !== undefined || controllerOf(p) || p.metadata.namespace !== owner.metadata.namespace) continue;
      if (!matches(p.metadata.labels)) continue;
      p.metadata.ownerReferences = [...(p.metadata.ownerReferences ?? []), ownerRefTo(owner)];
      sim.store.update(p);
      out.push(p);
    }
  }
  return out;
}
