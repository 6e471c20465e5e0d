import type { Sim } from '../core';
import type { KObject } from '../types';
import { ImageCache } from './images';
import { PodWorker } from './podWorker';
import { portForwardRefused } from './portForward';

/**
 * The kubelets of all nodes: a pod worker per pod bound to an existing node, created when the
 * binding is seen, woken on every change of its pod (deletion in particular).
 */
export function installKubelet(sim: Sim): void {
  const images = new ImageCache();
  const workers = new Map<string, PodWorker>();
  const ipCounters = new Map<string, number>();
  const nodeIndex = new Map(sim.cluster.nodes.map((n, i) => [n.name, i]));
  const shared = {
    sim,
    images,
    podIp(node: string): string {
      const n = (ipCounters.get(node) ?? 1) + 1;
      ipCounters.set(node, n);
      return `10.244.${nodeIndex.get(node) ?? 0}.${n % 254 || 254}`;
    },
  };
  sim.logSource = (pod, container, previous) => {
    const w = workers.get(pod.metadata.uid);
    if (!w) return { error: `container "${container}" in pod "${pod.metadata.name}" is waiting to start: ${pod.spec?.nodeName ? 'ContainerCreating' : 'pod is not scheduled'}` };
    return w.logs(container, previous);
  };
  sim.execSource = (pod, container, command, stdin) => {
    const w = workers.get(pod.metadata.uid);
    if (!w) return { error: `unable to upgrade connection: container not found ("${container}")` };
    return w.exec(container, command, stdin);
  };
  sim.portForwardSource = (pod, port, request) => {
    const w = workers.get(pod.metadata.uid);
    const answer = w ? w.connect(port, request) : { refused: true as const };
    return 'refused' in answer ? { error: portForwardRefused(pod, port) } : answer;
  };
  sim.closeStdin = (pod, container, exitCode) => workers.get(pod.metadata.uid)?.stdinClosed(container, exitCode) ?? false;
  sim.store.watch('Pod', (type, pod: KObject) => {
    const uid = pod.metadata.uid;
    if (type === 'DELETED') {
      workers.delete(uid);
      return;
    }
    let w = workers.get(uid);
    const node: string | undefined = pod.spec?.nodeName;
    if (!w) {
      if (!node || !sim.store.get('Node', undefined, node)) return;
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
      w = new PodWorker(pod, node, shared);
      workers.set(uid, w);
      w.start();
      return;
    }
    if (type === 'MODIFIED' && pod.metadata.deletionTimestamp !== undefined) w.requestSync();
    else if (type === 'MODIFIED') w.specChanged();
  });
}
