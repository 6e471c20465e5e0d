import { serverVersion, type Sim } from '../core';
import type { KObject } from '../types';

/**
 * What a fresh `minikube start` has in its cluster besides the user's objects: the kube-system
 * Deployments, DaemonSet, ReplicaSet and pods (CoreDNS, kube-proxy, the control plane's static
 * pods, the storage provisioner), the kube-dns Service and kube-system's ServiceAccounts. kubectl shows them (`get all -A`, `get -n kube-system rs`); they are not in the
 * simulator's store, so the dry run's tree, timeline and predictions only hold the workspace's
 * objects, and they stay as minikube starts them (steady, never reconciled).
 */

// Names as minikube's objects are named; the hash and suffixes are fixed, not computed.
const COREDNS_HASH = '66bc5c9577';
const COREDNS_POD = `coredns-${COREDNS_HASH}-7xmvk`;
const PROXY_SUFFIXES = ['n7d5x', 'q2lkt', 'w8zrc', 'j4vbh', 'p9sfm', 'c6tgd', 'm3hxq', 'z5kwn'];

const cache = new WeakMap<Sim, KObject[]>();

function meta(name: string, namespace: string | undefined, labels: Record<string, string> = {}, extra: Partial<KObject['metadata']> = {}): KObject['metadata'] {
  return { name, namespace, uid: `minikube-${namespace ?? ''}-${name}`, resourceVersion: '1', generation: 1, creationTimestamp: 0, labels, annotations: {}, ...extra };
}

function runningPod(name: string, node: string, nodeIP: string, podIP: string, labels: Record<string, string>, containers: { name: string; image: string; requests?: Record<string, string> }[], owner?: { kind: string; name: string; apiVersion: string }, priority = 2000001000): KObject {
  const ownerReferences = owner ? [{ ...owner, uid: `minikube-kube-system-${owner.name}`, controller: true, blockOwnerDeletion: true }] : undefined;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: meta(name, 'kube-system', labels, ownerReferences ? { ownerReferences } : {}),
    spec: {
      nodeName: node, priority, priorityClassName: priority === 2000001000 ? 'system-node-critical' : 'system-cluster-critical', restartPolicy: 'Always', serviceAccountName: name.startsWith('coredns') ? 'coredns' : name.startsWith('kube-proxy') ? 'kube-proxy' : 'default',
      containers: containers.map((c) => ({ name: c.name, image: c.image, ...(c.requests ? { resources: { requests: c.requests } } : {}) })),
    },
    status: {
      phase: 'Running', hostIP: nodeIP, podIP, podIPs: [{ ip: podIP }], startTime: 0, qosClass: containers.some((c) => c.requests) ? 'Burstable' : 'BestEffort',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: 0 },
        { type: 'Initialized', status: 'True', lastTransitionTime: 0 },
        { type: 'Ready', status: 'True', lastTransitionTime: 0 },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: 0 },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: 0 },
      ],
      containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, imageID: '', ready: true, started: true, restartCount: 0, state: { running: { startedAt: 0 } } })),
    },
  };
}

export function minikubeObjects(sim: Sim): KObject[] {
  const known = cache.get(sim);
  const VERSION = serverVersion(sim.kubernetesMinor);
  if (known) return known;
  const nodes = sim.store.list('Node');
  const first = nodes[0];
  const ipOf = (n: KObject) => n.status?.addresses?.find((a: { type: string }) => a.type === 'InternalIP')?.address ?? '192.168.49.2';
  const out: KObject[] = [];
  if (first) {
    const node = first.metadata.name;
    const ip = ipOf(first);
    const ctl = (component: string, image: string, cpu: string, memory?: string) =>
      runningPod(`${component}-${node}`, node, ip, ip, { component, tier: 'control-plane' }, [{ name: component, image: `registry.k8s.io/${image}`, requests: { cpu, ...(memory ? { memory } : {}) } }], { kind: 'Node', name: node, apiVersion: 'v1' });
    out.push(ctl('etcd', 'etcd:3.6.4-0', '100m', '100Mi'), ctl('kube-apiserver', `kube-apiserver:${VERSION}`, '250m'), ctl('kube-controller-manager', `kube-controller-manager:${VERSION}`, '200m'), ctl('kube-scheduler', `kube-scheduler:${VERSION}`, '100m'));
    const corednsImage = 'registry.k8s.io/coredns/coredns:v1.12.1';
    const dnsLabels = { 'k8s-app': 'kube-dns' };
    out.push({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('coredns', 'kube-system', dnsLabels, { annotations: { 'deployment.kubernetes.io/revision': '1' } }),
      spec: { replicas: 1, selector: { matchLabels: dnsLabels }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '25%' } }, template: { metadata: { labels: dnsLabels }, spec: { containers: [{ name: 'coredns', image: corednsImage }] } } },
      status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
    });
    out.push({
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta(`coredns-${COREDNS_HASH}`, 'kube-system', { ...dnsLabels, 'pod-template-hash': COREDNS_HASH }, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'coredns', uid: 'minikube-kube-system-coredns', controller: true, blockOwnerDeletion: true }] }),
      spec: { replicas: 1, selector: { matchLabels: { ...dnsLabels, 'pod-template-hash': COREDNS_HASH } }, template: { metadata: { labels: { ...dnsLabels, 'pod-template-hash': COREDNS_HASH } }, spec: { containers: [{ name: 'coredns', image: corednsImage }] } } },
      status: { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 },
    });
    out.push(runningPod(COREDNS_POD, node, ip, '10.244.0.2', { ...dnsLabels, 'pod-template-hash': COREDNS_HASH }, [{ name: 'coredns', image: corednsImage, requests: { cpu: '100m', memory: '70Mi' } }], { kind: 'ReplicaSet', name: `coredns-${COREDNS_HASH}`, apiVersion: 'apps/v1' }, 2000000000));
    out.push(runningPod('storage-provisioner', node, ip, ip, { 'addonmanager.kubernetes.io/mode': 'Reconcile', 'integration-test': 'storage-provisioner' }, [{ name: 'storage-provisioner', image: 'gcr.io/k8s-minikube/storage-provisioner:v5' }], undefined, 0));
    const proxyLabels = { 'k8s-app': 'kube-proxy' };
    const proxyImage = `registry.k8s.io/kube-proxy:${VERSION}`;
    out.push({
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('kube-proxy', 'kube-system', proxyLabels),
      spec: { selector: { matchLabels: proxyLabels }, template: { metadata: { labels: proxyLabels }, spec: { containers: [{ name: 'kube-proxy', image: proxyImage }], nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
      status: { desiredNumberScheduled: nodes.length, currentNumberScheduled: nodes.length, numberReady: nodes.length, updatedNumberScheduled: nodes.length, numberAvailable: nodes.length, numberMisscheduled: 0, observedGeneration: 1 },
    });
    nodes.forEach((n, i) => out.push(runningPod(`kube-proxy-${PROXY_SUFFIXES[i % PROXY_SUFFIXES.length]}${i >= PROXY_SUFFIXES.length ? i : ''}`, n.metadata.name, ipOf(n), ipOf(n), { ...proxyLabels, 'controller-revision-hash': '7b8d4f6c9d', 'pod-template-generation': '1' }, [{ name: 'kube-proxy', image: proxyImage }], { kind: 'DaemonSet', name: 'kube-proxy', apiVersion: 'apps/v1' })));
    out.push({
      apiVersion: 'v1', kind: 'Service', metadata: meta('kube-dns', 'kube-system', { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' }),
      spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', selector: dnsLabels, ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 }, { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 }] },
    });
    for (const name of ['coredns', 'kube-proxy', 'storage-provisioner']) out.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name, 'kube-system') });
  }
  cache.set(sim, out);
  return out;
}

/**
 * The objects kubectl lists of a kind: the store's plus minikube's own. (Each namespace's `default`
 * ServiceAccount and `kube-root-ca.crt` are stored: their controllers create them.)
 */
export function withMinikube(sim: Sim, kind: string, stored: KObject[], namespace: string | undefined): KObject[] {
  const extra = minikubeObjects(sim).filter((o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace));
  return extra.length ? [...stored, ...extra.filter((o) => !stored.some((s) => s.metadata.namespace === o.metadata.namespace && s.metadata.name === o.metadata.name))] : stored;
}

export function minikubeObject(sim: Sim, kind: string, namespace: string | undefined, name: string): KObject | undefined {
  return withMinikube(sim, kind, [], namespace).find((o) => o.metadata.name === name);
}
