import type { Sim } from '../core';
import { controllerOf, type KObject } from '../types';

/**
 * Index of objects of one kind that have no controller, per namespace: what adoption looks at,
 * so controllers never scan every pod to find orphans.
 */
export class OrphanIndex {
  private readonly byNs = new Map<string, Set<KObject>>();
  constructor(sim: Sim, kind: string) {
    sim.store.watch(kind, (type, o) => {
      const ns = o.metadata.namespace ?? '';
      let s = this.byNs.get(ns);
      if (!s) this.byNs.set(ns, (s = new Set()));
      if (type !== 'DELETED' && !controllerOf(o) && o.metadata.deletionTimestamp === undefined) s.add(o);
      else s.delete(o);
    });
  }
  in(ns: string | undefined): KObject[] {
    const s = this.byNs.get(ns ?? '');
    return s ? [...s] : [];
  }
}
