import type { Sim } from '../core';
import type { KObject } from '../types';
import { matchesSelector, memBytes } from '../util';
import { systemUid } from './rootCaPublisher';

/**
 * The persistent-volume controller (kube-controller-manager's PV binder) and minikube's
 * storage-provisioner (k8s.io/minikube-hostpath), reconciled from the store like the other
 * controllers:
 * - a claim binds to the smallest Available volume that fits it (same class, the access modes it
 *   asks for, at least its storage request, its volume mode, its selector), else a class whose
 *   provisioner is minikube's gets a `pvc-<claim uid>` hostPath volume under
 *   /tmp/hostpath-provisioner/<namespace>/<claim>, bound on the next sync, with the events the
 *   controller and the provisioner record; claims of other provisioners wait (ExternalProvisioning),
 *   claims of a missing class fail (ProvisioningFailed), claims with class "" and no volume wait
 *   (FailedBinding);
 * - a volume is Available once created, Bound while its claim exists, Released when its claim is
 *   deleted, then deleted with its reclaim policy Delete (the provisioner's own volumes) or kept;
 * - WaitForFirstConsumer classes bind only once a pod uses the claim (WaitForFirstConsumer event).
 * The scheduler keeps a pod whose claim is unbound Pending (scheduler.ts).
 */

export const MINIKUBE_PROVISIONER = 'k8s.io/minikube-hostpath';
const CONTROLLER = 'persistentvolume-binder';
const SOURCE = 'persistentvolume-controller';
/** The provisioner's identity in its events (minikube's storage-provisioner pod, leader-elected). */
const PROVISIONER_SOURCE = `${MINIKUBE_PROVISIONER}_minikube_7c9d2c1e-5c55-4a3b-9bd0-3f1b2a6e4d10`;
/** How long minikube's provisioner takes to create the volume directory and the PV object. */
const PROVISION_MS = 1000;

function claimKey(c: KObject): string {
  return `claim/${c.metadata.namespace}/${c.metadata.name}`;
}

function classOf(o: KObject): string {
  return o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? o.spec?.storageClassName ?? '';
}

function storageOf(q: unknown): number {
  return q === undefined || q === null ? 0 : memBytes(String(q));
}

/** Whether volume `v` can serve claim `c` (findMatchingVolume's checks, less node affinity). */
function fits(v: KObject, c: KObject): boolean {
  const ref = v.spec?.claimRef;
  if (ref && !(ref.namespace === c.metadata.namespace && ref.name === c.metadata.name && (!ref.uid || ref.uid === c.metadata.uid))) return false;
  if (!ref && v.status?.phase !== 'Available') return false;
  if (v.metadata.deletionTimestamp !== undefined) return false;
  if (classOf(v) !== classOf(c)) return false;
  if ((v.spec?.volumeMode ?? 'Filesystem') !== (c.spec?.volumeMode ?? 'Filesystem')) return false;
  const modes: string[] = v.spec?.accessModes ?? [];
  if (!(c.spec?.accessModes ?? []).every((m: string) => modes.includes(m))) return false;
  if (storageOf(v.spec?.capacity?.storage) < storageOf(c.spec?.resources?.requests?.storage)) return false;
  if (c.spec?.selector && !matchesSelector(c.spec.selector, v.metadata.labels ?? {})) return false;
  return true;
}

export function installPersistentVolumeController(sim: Sim): void {
  const provisioning = new Set<string>();
  sim.store.watch('PersistentVolumeClaim', (type, c) => {
    if (type === 'DELETED') {
      for (const v of sim.store.list('PersistentVolume')) if (v.spec?.claimRef?.uid === c.metadata.uid) sim.enqueue(CONTROLLER, `volume/${v.metadata.name}`);
      return;
    }
    sim.enqueue(CONTROLLER, claimKey(c));
  });
  sim.store.watch('PersistentVolume', (type, v) => {
    if (type === 'DELETED') return;
    sim.enqueue(CONTROLLER, `volume/${v.metadata.name}`);
    // A new or freed volume may be the one a waiting claim needs.
    if (v.status?.phase === 'Available') for (const c of sim.store.list('PersistentVolumeClaim')) if (!c.spec?.volumeName) sim.enqueue(CONTROLLER, claimKey(c));
  });
  // A pod is the first consumer of a WaitForFirstConsumer claim.
  sim.store.watch('Pod', (type, p) => {
    if (type !== 'ADDED') return;
    for (const vol of p.spec?.volumes ?? []) if (vol.persistentVolumeClaim?.claimName) sim.enqueue(CONTROLLER, `claim/${p.metadata.namespace}/${vol.persistentVolumeClaim.claimName}`);
  });
  sim.registerController(CONTROLLER, (key) => {
    const [what, a, b] = key.split('/');
    if (what === 'volume') syncVolume(sim, a);
    else syncClaim(sim, a, b, provisioning);
  });
}

function syncVolume(sim: Sim, name: string): void {
  const v = sim.store.get('PersistentVolume', undefined, name);
  if (!v || v.metadata.deletionTimestamp !== undefined) return;
  const ref = v.spec?.claimRef;
  if (!ref) {
    if (v.status?.phase !== 'Available') setPhase(sim, v, 'Available');
    return;
  }
  const claim = sim.store.get('PersistentVolumeClaim', ref.namespace, ref.name);
  if (claim && (!ref.uid || claim.metadata.uid === ref.uid)) {
    // Pre-bound to an existing claim: the claim's sync completes the binding.
    if (!claim.spec?.volumeName) sim.enqueue(CONTROLLER, claimKey(claim));
    else if (v.status?.phase !== 'Bound' && claim.spec.volumeName === name) setPhase(sim, v, 'Bound');
    return;
  }
  if (!ref.uid) {
    // Pre-bound by name to a claim that does not exist yet: stays Available for it.
    if (v.status?.phase !== 'Available') setPhase(sim, v, 'Available');
    return;
  }
  // The claim is gone: Released, then reclaimed as the policy says.
  if (v.status?.phase !== 'Released' && v.status?.phase !== 'Failed') setPhase(sim, v, 'Released');
  const policy = v.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
  if (policy === 'Delete') {
    if (v.metadata.annotations?.['pv.kubernetes.io/provisioned-by'] === MINIKUBE_PROVISIONER) {
      v.metadata.deletionTimestamp = sim.now;
      sim.store.remove(v);
    } else {
      v.status = { ...(v.status ?? {}), phase: 'Failed', message: 'error getting deleter volume plugin for volume "' + name + '": no deletable volume plugin matched' };
      sim.emit(v, 'Warning', 'VolumeFailedDelete', 'error getting deleter volume plugin for volume "' + name + '": no deletable volume plugin matched', SOURCE);
      sim.store.update(v);
    }
  } else if (policy === 'Recycle') {
    sim.emit(v, 'Warning', 'VolumeFailedRecycle', 'No recycler plugin found for the volume!', SOURCE);
  }
}

function setPhase(sim: Sim, v: KObject, phase: string): void {
  v.status = { ...(v.status ?? {}), phase };
  if (phase === 'Released' || phase === 'Bound' || phase === 'Available') delete v.status.message;
  sim.store.update(v);
}

function syncClaim(sim: Sim, namespace: string, name: string, provisioning: Set<string>): void {
  const c = sim.store.get('PersistentVolumeClaim', namespace, name);
  if (!c || c.metadata.deletionTimestamp !== undefined) return;
  if (c.spec?.volumeName) {
    const v = sim.store.get('PersistentVolume', undefined, c.spec.volumeName);
    if (!v) {
      // ClaimLost: its volume was deleted under it.
      if (c.status?.phase === 'Bound') {
        c.status = { ...c.status, phase: 'Lost' };
        sim.emit(c, 'Warning', 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!', SOURCE);
        sim.store.update(c);
      }
      return;
    }
    if (c.status?.phase !== 'Bound') bind(sim, c, v, false);
    return;
  }
  const className = classOf(c);
  const cls = className ? sim.store.get('StorageClass', undefined, className) : undefined;
  const waits = cls?.volumeBindingMode === 'WaitForFirstConsumer';
  const consumed = () => sim.store.list('Pod', namespace).some((p) => (p.spec?.volumes ?? []).some((vol: { persistentVolumeClaim?: { claimName?: string } }) => vol.persistentVolumeClaim?.claimName === name));
  if (waits && !consumed()) {
    sim.emit(c, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', SOURCE);
    return;
  }
  const candidates = sim.store.list('PersistentVolume').filter((v) => fits(v, c));
  // Pre-bound volumes first, then the smallest that fits.
  candidates.sort((x, y) => Number(Boolean(y.spec?.claimRef)) - Number(Boolean(x.spec?.claimRef)) || storageOf(x.spec?.capacity?.storage) - storageOf(y.spec?.capacity?.storage) || x.metadata.name.localeCompare(y.metadata.name));
  if (candidates[0]) return bind(sim, c, candidates[0], !candidates[0].spec?.claimRef);
  if (!className) {
    sim.emit(c, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', SOURCE);
    return;
  }
  if (!cls) {
    sim.emit(c, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`, SOURCE);
    return;
  }
  const provisioner = String(cls.provisioner ?? '');
  if (c.metadata.annotations?.['volume.kubernetes.io/storage-provisioner'] !== provisioner) {
    c.metadata.annotations = { ...c.metadata.annotations, 'volume.beta.kubernetes.io/storage-provisioner': provisioner, 'volume.kubernetes.io/storage-provisioner': provisioner };
    sim.store.update(c);
  }
  sim.emit(c, 'Normal', 'ExternalProvisioning', `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`, SOURCE);
  if (provisioner !== MINIKUBE_PROVISIONER || provisioning.has(c.metadata.uid)) return;
  // minikube's storage-provisioner: a hostPath directory on the node, a PV pre-bound to the claim.
  provisioning.add(c.metadata.uid);
  sim.emit(c, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${namespace}/${name}"`, PROVISIONER_SOURCE);
  const uid = c.metadata.uid;
  sim.after(PROVISION_MS, () => {
    provisioning.delete(uid);
    const claim = sim.store.get('PersistentVolumeClaim', namespace, name);
    if (!claim || claim.metadata.uid !== uid || claim.spec?.volumeName) return;
    const pvName = `pvc-${uid}`;
    if (!sim.store.get('PersistentVolume', undefined, pvName)) {
      const pv: KObject = {
        apiVersion: 'v1', kind: 'PersistentVolume',
        metadata: { name: pvName, uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0, labels: {}, annotations: { hostPathProvisionerIdentity: 'minikube', 'pv.kubernetes.io/provisioned-by': MINIKUBE_PROVISIONER } },
        spec: {
          accessModes: [...(claim.spec?.accessModes ?? [])],
          capacity: { storage: String(claim.spec?.resources?.requests?.storage ?? '') },
          claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name, namespace, resourceVersion: claim.metadata.resourceVersion, uid },
          hostPath: { path: `/tmp/hostpath-provisioner/${namespace}/${name}`, type: '' },
          persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
          storageClassName: className,
          volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
        },
        status: { phase: 'Pending' },
      };
      sim.store.create(pv, { uid: systemUid(sim, 'PersistentVolume', '', pvName) });
    }
    sim.emit(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`, PROVISIONER_SOURCE);
    sim.enqueue(CONTROLLER, claimKey(claim));
  });
}

/** bindVolumeToClaim then bindClaimToVolume: both sides written, the claim's status from the volume. */
function bind(sim: Sim, c: KObject, v: KObject, byController: boolean): void {
  if (!v.spec.claimRef || !v.spec.claimRef.uid) {
    v.spec.claimRef = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: c.metadata.name, namespace: c.metadata.namespace, resourceVersion: c.metadata.resourceVersion, uid: c.metadata.uid };
    if (byController) v.metadata.annotations = { ...v.metadata.annotations, 'pv.kubernetes.io/bound-by-controller': 'yes' };
  }
  v.status = { ...(v.status ?? {}), phase: 'Bound' };
  sim.store.update(v);
  // A claim that named its volume itself was bound by the user, not the controller.
  const claimByController = !c.spec.volumeName;
  c.spec.volumeName = v.metadata.name;
  c.metadata.annotations = { ...c.metadata.annotations, 'pv.kubernetes.io/bind-completed': 'yes', ...(claimByController ? { 'pv.kubernetes.io/bound-by-controller': 'yes' } : {}) };
  c.status = { ...(c.status ?? {}), phase: 'Bound', accessModes: [...(v.spec.accessModes ?? [])], capacity: { ...(v.spec.capacity ?? {}) } };
  sim.store.update(c, true);
}
