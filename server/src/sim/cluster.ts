import type { ClusterShape, KObject, NodeShape } from './types';
import { cpuMilli, fnv32a, formatCpu, memBytes } from './util';
import { serverVersion } from './core';

/** A fresh `minikube start`: one node `minikube`, 2 CPUs, 4 GiB, 110 pods. */
export function defaultCluster(nodes = 1): ClusterShape {
  const list: NodeShape[] = [];
  for (let i = 0; i < Math.max(1, nodes); i++) {
    list.push({ name: i === 0 ? 'minikube' : `minikube-m${String(i + 1).padStart(2, '0')}`, cpu: '2', memory: '4Gi', pods: 110, labels: i === 0 ? { 'node-role.kubernetes.io/control-plane': '' } : {} });
  }
  return { nodes: list };
}

/** Reads a `cluster:` section (from `.kube-rehearsal.yaml` or `--cluster FILE`); returns an error text when malformed. */
export function clusterFromConfig(value: unknown): ClusterShape | string {
  const v = (value && typeof value === 'object' && 'cluster' in (value as object) ? (value as { cluster: unknown }).cluster : value) as Record<string, unknown> | undefined;
  if (!v || typeof v !== 'object') return 'cluster: expected a mapping with `nodes`';
  const nodes = v.nodes;
  if (typeof nodes === 'number') return defaultCluster(nodes);
  if (!Array.isArray(nodes)) return 'cluster.nodes: expected a number or a list of nodes';
  const out: NodeShape[] = [];
  for (const [i, n] of nodes.entries()) {
    if (!n || typeof n !== 'object') return `cluster.nodes[${i}]: expected a mapping`;
    const o = n as Record<string, unknown>;
    const name = typeof o.name === 'string' ? o.name : i === 0 ? 'minikube' : `minikube-m${String(i + 1).padStart(2, '0')}`;
    const count = typeof o.count === 'number' ? o.count : 1;
    for (let k = 0; k < count; k++) {
      out.push({
        name: count > 1 ? `${name}-${k + 1}` : name,
        cpu: String(o.cpu ?? '2'),
        memory: String(o.memory ?? '4Gi'),
        pods: typeof o.pods === 'number' ? o.pods : 110,
        labels: (o.labels as Record<string, string>) ?? {},
        taints: Array.isArray(o.taints) ? (o.taints as NodeShape['taints']) : [],
        unschedulable: !!o.unschedulable,
      });
    }
  }
  if (out.length === 0) return 'cluster.nodes: at least one node is needed';
  return { nodes: out };
}

export function nodeObject(n: NodeShape, index: number, kubernetesMinor: number): KObject {
  const allocatable = { cpu: formatCpu(cpuMilli(n.cpu)), memory: String(memBytes(n.memory)), pods: String(n.pods), 'ephemeral-storage': '17734596Ki' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name, uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0,
      labels: { 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64', ...(n.labels ?? {}) },
      annotations: {},
    },
    spec: { taints: n.taints?.length ? n.taints : undefined, unschedulable: n.unschedulable || undefined },
    status: {
      capacity: allocatable,
      allocatable,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      addresses: [{ type: 'InternalIP', address: `192.168.49.${index + 2}` }, { type: 'Hostname', address: n.name }],
      // Every field NodeSystemInfo requires, so a node read and written back (kubectl cordon, label) validates.
      nodeInfo: {
        machineID: machineId(n.name), systemUUID: machineId(n.name + '/uuid'), bootID: machineId(n.name + '/boot'), kernelVersion: 'simulated', osImage: 'simulated',
        containerRuntimeVersion: 'containerd://2.1.0', kubeletVersion: serverVersion(kubernetesMinor), kubeProxyVersion: serverVersion(kubernetesMinor), operatingSystem: 'linux', architecture: 'amd64',
      },
    },
  };
}

/** A stable 32-hex-digit identifier for a node (machine-id, system UUID and boot id have this form). */
function machineId(seed: string): string {
  return [0, 1, 2, 3].map((i) => fnv32a(`${seed}#${i}`).toString(16).padStart(8, '0')).join('');
}
