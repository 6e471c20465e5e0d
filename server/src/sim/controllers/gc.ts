import type { Sim } from '../core';
import type { KObject } from '../types';
import { deletePod } from './podControl';

export type Propagation = 'Background' | 'Foreground' | 'Orphan';

/**
 * Deletes an object as the API server + garbage collector would. Pods terminate gracefully;
 * with Orphan the dependents lose their ownerReference and stay; otherwise the GC deletes them.
 */
export function deleteObject(sim: Sim, obj: KObject, propagation: Propagation = 'Background', graceSeconds?: number): void {
  if (obj.kind === 'Pod') return deletePod(sim, obj, graceSeconds);
  if (obj.kind === 'Namespace') {
    if (obj.metadata.deletionTimestamp !== undefined) return;
    obj.metadata.deletionTimestamp = sim.now;
    obj.status = { ...(obj.status ?? {}), phase: 'Terminating' };
    sim.store.update(obj);
    sim.enqueue('namespace', obj.metadata.name);
    return;
  }
  if (propagation === 'Orphan') {
    for (const dep of sim.store.dependentsOf(obj.metadata.uid)) {
      dep.metadata.ownerReferences = (dep.metadata.ownerReferences ?? []).filter((r) => r.uid !== obj.metadata.uid);
      sim.store.update(dep);
    }
  }
  obj.metadata.deletionTimestamp = sim.now;
  sim.store.remove(obj);
}

/** The garbage collector: when an owner disappears, dependents with no remaining owner are deleted. */
export function installGarbageCollector(sim: Sim): void {
  sim.store.watchAll((type, obj) => {
    if (type !== 'DELETED') return;
    const deps = sim.store.dependentsOf(obj.metadata.uid);
    if (deps.length === 0) return;
    sim.after(0, () => {
      for (const dep of deps) {
        if (sim.store.getByUid(dep.metadata.uid) !== dep) continue;
        const alive = (dep.metadata.ownerReferences ?? []).some((r) => r.uid !== obj.metadata.uid && sim.store.getByUid(r.uid));
        if (alive) {
          dep.metadata.ownerReferences = (dep.metadata.ownerReferences ?? []).filter((r) => r.uid !== obj.metadata.uid);
          sim.store.update(dep);
        } else deleteObject(sim, dep, 'Background');
      }
    });
  });
}

/** The namespace controller: a Terminating namespace empties, then goes. */
export function installNamespaceController(sim: Sim, kinds: string[]): void {
  sim.registerController('namespace', (name) => {
    const ns = sim.store.get('Namespace', undefined, name);
    if (!ns || ns.metadata.deletionTimestamp === undefined) return;
    let left = 0;
    const custom = sim.store.resources.customResources().filter((r) => r.namespaced).map((r) => r.kind);
    for (const kind of [...kinds, ...custom]) {
      for (const o of sim.store.list(kind, name)) {
        left++;
        deleteObject(sim, o, 'Background');
      }
    }
    if (sim.store.list('Pod', name).length === 0) sim.store.remove(ns);
    else sim.enqueue('namespace', name, 1000);
    void left;
  });
}
