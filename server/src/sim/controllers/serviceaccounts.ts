import type { Sim } from '../core';
import { ApiError } from '../store/store';
import { systemUid } from './rootCaPublisher';

/**
 * The service account controller (kube-controller-manager's serviceaccount-controller): every
 * active namespace has a ServiceAccount `default`, created when the namespace appears and again
 * when it is deleted. (The token controller is not simulated: since 1.24 no Secret goes with it.)
 */
function syncNamespace(sim: Sim, namespace: string): void {
  const ns = sim.store.get('Namespace', undefined, namespace);
  if (!ns || ns.metadata.deletionTimestamp !== undefined) return;
  if (sim.store.get('ServiceAccount', namespace, 'default')) return;
  try {
    sim.store.create(
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace, uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0, labels: {}, annotations: {} } },
      { uid: systemUid(sim, 'ServiceAccount', namespace, 'default') },
    );
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
  }
}

export function installServiceAccountsController(sim: Sim): void {
  sim.store.watch('Namespace', (type, ns) => {
    if (type === 'ADDED' || (type === 'MODIFIED' && ns.metadata.deletionTimestamp === undefined)) sim.enqueue('serviceaccount', ns.metadata.name);
  });
  sim.store.watch('ServiceAccount', (type, sa) => {
    if (type === 'DELETED' && sa.metadata.name === 'default' && sa.metadata.namespace) sim.enqueue('serviceaccount', sa.metadata.namespace);
  });
  sim.registerController('serviceaccount', (namespace) => syncNamespace(sim, namespace));
}
