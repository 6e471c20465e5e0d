import type { Sim } from '../core';
import { isPodActive, isPodAvailable, isPodReady } from '../status';
import { controllerOf, type KObject } from '../types';
import { fnv32a, safeEncode, stableStringify } from '../util';
import { createPod, deletePod } from './podControl';
import { CONTROLLER_MANAGER, writeStatus } from '../apiserver/managedFields';

const HASH = 'controller-revision-hash';

/**
 * The StatefulSet controller: pods `<name>-0..N-1`; OrderedReady creates one at a time after the
 * previous is Running and Ready, and removes from the highest ordinal; RollingUpdate replaces from
 * the highest ordinal, one at a time.
 */
export function installStatefulSetController(sim: Sim): void {
  sim.store.watch('StatefulSet', (type, s) => {
    if (type !== 'DELETED') sim.enqueue('statefulset', `${s.metadata.namespace}/${s.metadata.name}`);
  });
  sim.registerController('statefulset', (key) => sync(sim, key));
}

function sync(sim: Sim, key: string): void {
  const [ns, name] = key.split('/');
  const sts = sim.store.get('StatefulSet', ns, name);
  if (!sts) return;
  const src = 'statefulset-controller';
  const hash = `${name}-${safeEncode(String(fnv32a(stableStringify(sts.spec.template ?? {})))).slice(0, 10)}`;
  const replicas: number = sts.spec.replicas ?? 1;
  const ordered = sts.spec.podManagementPolicy !== 'Parallel';
  const minReady = sts.spec.minReadySeconds ?? 0;
  const pods = sim.store.dependentsOf(sts.metadata.uid).filter((p) => p.kind === 'Pod' && controllerOf(p)?.uid === sts.metadata.uid);
  const byOrdinal = new Map<number, KObject>();
  for (const p of pods) {
    const m = /-(\d+)$/.exec(p.metadata.name);
    if (m) byOrdinal.set(Number(m[1]), p);
  }
  const healthy = (p: KObject | undefined) => !!p && isPodActive(p) && p.status?.phase === 'Running' && isPodReady(p);
  let blocked = false;
  // Create or replace missing/failed pods, in order.
  for (let i = 0; i < replicas && !blocked; i++) {
    const p = byOrdinal.get(i);
    if (p && (p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded') && p.metadata.deletionTimestamp === undefined) {
      deletePod(sim, p, 0);
      sim.emit(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${name} successful`, src);
      blocked = ordered;
      continue;
    }
    if (!p) {
      try {
        const claims = createClaims(sim, sts, i);
        createPod(sim, sts, sts.spec.template, {
          name: `${name}-${i}`,
          labels: { [HASH]: hash, 'statefulset.kubernetes.io/pod-name': `${name}-${i}`, 'apps.kubernetes.io/pod-index': String(i) },
          mutate: (pod) => {
            pod.spec.hostname = `${name}-${i}`;
            if (sts.spec.serviceName) pod.spec.subdomain = sts.spec.serviceName;
            // updateStorage: each claim template's volume is the ordinal's claim.
            const volumes = ((pod.spec.volumes ?? []) as { name: string }[]).filter((v) => !claims.some((c) => c.template === v.name));
            pod.spec.volumes = [...volumes, ...claims.map((c) => ({ name: c.template, persistentVolumeClaim: { claimName: c.claim } }))];
          },
        });
        sim.emit(sts, 'Normal', 'SuccessfulCreate', `create Pod ${name}-${i} in StatefulSet ${name} successful`, src);
      } catch (e) {
        sim.emit(sts, 'Warning', 'FailedCreate', `create Pod ${name}-${i} in StatefulSet ${name} failed error: ${(e as Error).message}`, src);
      }
      if (ordered) blocked = true;
      continue;
    }
    if (ordered && !healthy(p)) blocked = true;
  }
  // Scale down from the highest ordinal; OrderedReady waits for each to go.
  const extra = [...byOrdinal.entries()].filter(([i]) => i >= replicas).sort((a, b) => b[0] - a[0]);
  if (!blocked) {
    for (const [, p] of extra) {
      if (p.metadata.deletionTimestamp !== undefined) {
        if (ordered) break;
        continue;
      }
      deletePod(sim, p);
      sim.emit(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${name} successful`, src);
      if (ordered) break;
    }
  }
  // Rolling update: all healthy, then replace the highest ordinal still on the old revision.
  const allHealthy = [...Array(replicas).keys()].every((i) => healthy(byOrdinal.get(i)));
  if (sts.spec.updateStrategy?.type !== 'OnDelete' && allHealthy && extra.length === 0) {
    const partition = sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    for (let i = replicas - 1; i >= partition; i--) {
      const p = byOrdinal.get(i)!;
      if (p.metadata.labels[HASH] !== hash) {
        deletePod(sim, p);
        sim.emit(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${name} successful`, src);
        break;
      }
    }
  }
  const active = pods.filter(isPodActive);
  const status = {
    observedGeneration: sts.metadata.generation,
    replicas: active.length,
    readyReplicas: active.filter(isPodReady).length,
    currentReplicas: active.filter((p) => p.metadata.labels[HASH] === hash).length,
    updatedReplicas: active.filter((p) => p.metadata.labels[HASH] === hash).length,
    availableReplicas: active.filter((p) => isPodAvailable(p, minReady, sim.now)).length,
    currentRevision: hash,
    updateRevision: hash,
  };
  if (JSON.stringify(status) !== JSON.stringify(sts.status ?? {})) {
    sts.status = status;
    writeStatus(sim, sts, CONTROLLER_MANAGER);
  }
}

/**
 * createPersistentVolumeClaims: the ordinal's claim of each volumeClaimTemplate,
 * `<template>-<statefulset>-<ordinal>`, labelled with the template's labels and the selector's,
 * created when missing (and kept when the pod or the StatefulSet goes: the default retention).
 */
function createClaims(sim: Sim, sts: KObject, ordinal: number): { template: string; claim: string }[] {
  const out: { template: string; claim: string }[] = [];
  const podName = `${sts.metadata.name}-${ordinal}`;
  for (const t of (sts.spec.volumeClaimTemplates ?? []) as { metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> }[]) {
    const template = t.metadata?.name ?? '';
    const claim = `${template}-${sts.metadata.name}-${ordinal}`;
    out.push({ template, claim });
    if (sim.store.get('PersistentVolumeClaim', sts.metadata.namespace, claim)) continue;
    const pvc: KObject = {
      apiVersion: 'v1', kind: 'PersistentVolumeClaim',
      metadata: {
        name: claim, namespace: sts.metadata.namespace, uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0,
        labels: { ...(t.metadata?.labels ?? {}), ...(sts.spec.selector?.matchLabels ?? {}) }, annotations: { ...(t.metadata?.annotations ?? {}) },
      },
      spec: JSON.parse(JSON.stringify(t.spec ?? {})),
      status: { phase: 'Pending' },
    };
    try {
      sim.store.create(pvc);
      sim.emit(sts, 'Normal', 'SuccessfulCreate', `create Claim ${claim} Pod ${podName} in StatefulSet ${sts.metadata.name} success`, 'statefulset-controller');
    } catch (e) {
      sim.emit(sts, 'Warning', 'FailedCreate', `create Claim ${claim} for Pod ${podName} in StatefulSet ${sts.metadata.name} failed error: ${(e as Error).message}`, 'statefulset-controller');
    }
  }
  return out;
}
