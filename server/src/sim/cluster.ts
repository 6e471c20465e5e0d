import type { ClusterShape, KObject, NodeShape } from './types';
import { defaultClusterShape } from './behaviour/workspaceConfig';
import { cpuMilli, fnv32a, formatCpu, memBytes } from './util';
import { serverVersion } from './core';

/**
 * A fresh `minikube start` with this many nodes. The shape and the parser of the `cluster:`
 * section live in behaviour/workspaceConfig.ts, the one reader the CLI and the editor share.
 */
export function defaultCluster(nodes = 1): ClusterShape {
  return defaultClusterShape(Math.max(1, nodes));
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
