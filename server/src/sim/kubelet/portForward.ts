import type { KObject } from '../types';
import { fnv32a } from '../util';

/**
 * What a containerd node answers when `kubectl port-forward` reaches a port nothing in the pod
 * listens on: the runtime dials localhost:PORT in the pod's network namespace (IPv4, then IPv6),
 * both are refused, and the kubelet's streaming server writes this on the stream's error channel
 * (kubectl prints it as `an error occurred forwarding L -> R: <this>`). The sandbox id and the
 * namespace path are the runtime's (random there; derived from the pod here).
 */
export function portForwardRefused(pod: KObject, port: number): string {
  const hex = (seed: string, n: number) => {
    let s = '';
    for (let i = 0; s.length < n; i++) s += fnv32a(`${i}:${seed}`).toString(16).padStart(8, '0');
    return s.slice(0, n);
  };
  const sandbox = hex(`${pod.metadata.uid}/sandbox`, 64);
  const u = hex(`${pod.metadata.uid}/netns`, 32);
  const netns = `/var/run/netns/cni-${u.slice(0, 8)}-${u.slice(8, 12)}-${u.slice(12, 16)}-${u.slice(16, 20)}-${u.slice(20)}`;
  return `error forwarding port ${port} to pod ${sandbox}, uid : failed to execute portforward in network namespace "${netns}": failed to connect to localhost:${port} inside namespace "${sandbox}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `;
}
