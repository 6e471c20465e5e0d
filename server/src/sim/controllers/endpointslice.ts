import type { Sim } from '../core';
import { isPodReady } from '../status';
import type { KObject } from '../types';
import { matchesMap } from '../util';

const MAX_PER_SLICE = 100;

/**
 * The EndpointSlice (and legacy Endpoints) controller: per Service with a selector, the pods that
 * match with their ready/serving/terminating conditions and resolved target ports.
 */
export function installEndpointSliceController(sim: Sim): void {
  const membership = new Map<string, Set<string>>();
  sim.store.watch('Service', (type, svc) => {
    sim.enqueue('endpointslice', `${svc.metadata.namespace}/${svc.metadata.name}`);
  });
  sim.store.watch('Pod', (type, pod) => {
    const uid = pod.metadata.uid;
    const keys = new Set(membership.get(uid) ?? []);
    const now = new Set<string>();
    if (type !== 'DELETED')
      for (const svc of sim.store.list('Service', pod.metadata.namespace))
        if (matchesMap(svc.spec?.selector, pod.metadata.labels)) now.add(`${svc.metadata.namespace}/${svc.metadata.name}`);
    for (const k of now) keys.add(k);
    if (now.size) membership.set(uid, now);
    else membership.delete(uid);
    for (const k of keys) sim.enqueue('endpointslice', k);
  });
  sim.registerController('endpointslice', (key) => sync(sim, key));
}

/** FindPort: a number is used as is; a name is looked up among the pod's container ports. */
function findPort(pod: KObject, targetPort: unknown, protocol: string): number | undefined {
  if (typeof targetPort === 'number') return targetPort;
  if (typeof targetPort === 'string' && /^\d+$/.test(targetPort)) return Number(targetPort);
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === targetPort && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  return undefined;
}

function sync(sim: Sim, key: string): void {
  const [ns, name] = key.split('/');
  const svc = sim.store.get('Service', ns, name);
  const slices = sim.store.list('EndpointSlice', ns).filter((s) => s.metadata.labels['kubernetes.io/service-name'] === name);
  const eps = sim.store.get('Endpoints', ns, name);
  if (!svc || !svc.spec?.selector || Object.keys(svc.spec.selector).length === 0) {
    for (const s of slices) sim.store.remove(s);
    if (eps && !svc) sim.store.remove(eps);
    return;
  }
  const publishNotReady = !!svc.spec.publishNotReadyAddresses;
  const endpoints: Record<string, unknown>[] = [];
  const ports = new Map<string, { name?: string; port: number; protocol: string }>();
  const addresses: Record<string, unknown>[] = [];
  const notReady: Record<string, unknown>[] = [];
  for (const pod of sim.store.list('Pod', ns)) {
    if (!matchesMap(svc.spec.selector, pod.metadata.labels)) continue;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed' || !pod.status?.podIP) continue;
    const serving = isPodReady(pod);
    const terminating = pod.metadata.deletionTimestamp !== undefined;
    const ready = publishNotReady || (serving && !terminating);
    for (const sp of svc.spec.ports ?? []) {
      const port = findPort(pod, sp.targetPort ?? sp.port, sp.protocol ?? 'TCP');
      // The controller names every port, an unnamed one "" (kubectl's describe reads the name through a pointer).
      if (port !== undefined) ports.set(sp.name ?? '', { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' });
    }
    endpoints.push({
      addresses: [pod.status.podIP],
      conditions: { ready, serving, terminating },
      nodeName: pod.spec.nodeName,
      targetRef: { kind: 'Pod', namespace: ns, name: pod.metadata.name, uid: pod.metadata.uid },
    });
    if (!terminating) (ready ? addresses : notReady).push({ ip: pod.status.podIP, nodeName: pod.spec.nodeName, targetRef: { kind: 'Pod', name: pod.metadata.name, namespace: ns } });
  }
  const portList = [...ports.values()];
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < endpoints.length; i += MAX_PER_SLICE) chunks.push(endpoints.slice(i, i + MAX_PER_SLICE));
  if (chunks.length === 0) chunks.push([]);
  chunks.forEach((chunk, i) => {
    let s = slices[i];
    if (!s) {
      s = sim.store.create({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: '', generateName: `${name}-`, namespace: ns, uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0,
          labels: { 'kubernetes.io/service-name': name, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
          annotations: {},
          ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }],
        },
        addressType: 'IPv4',
        endpoints: chunk,
        ports: portList,
      });
      return;
    }
    const next = JSON.stringify({ e: chunk, p: portList });
    if (JSON.stringify({ e: s.endpoints, p: s.ports }) !== next) {
      s.endpoints = chunk;
      s.ports = portList;
      sim.store.update(s);
    }
  });
  for (const s of slices.slice(chunks.length)) sim.store.remove(s);
  const subsets = addresses.length || notReady.length ? [{ addresses: addresses.length ? addresses : undefined, notReadyAddresses: notReady.length ? notReady : undefined, ports: portList }] : undefined;
  if (!eps) {
    sim.store.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns, uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0, labels: { ...svc.metadata.labels }, annotations: {} }, subsets });
  } else if (JSON.stringify(eps.subsets) !== JSON.stringify(subsets)) {
    eps.subsets = subsets;
    sim.store.update(eps);
  }
}
