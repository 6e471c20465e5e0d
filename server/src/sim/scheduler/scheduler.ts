import { podAmount } from '../apiserver/podResources';
import type { Sim } from '../core';
import { controllerOf, type KObject } from '../types';
import { cpuMilli, memBytes } from '../util';
import { nodeMatchesAffinity, tolerates, untoleratedTaint } from './predicates';
import { SCHEDULER, writeStatus } from '../apiserver/managedFields';

interface NodeUsage {
  cpu: number;
  memory: number;
  pods: number;
  ports: Set<string>;
}

const INITIAL_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 10_000;
const UNSCHEDULABLE_FLUSH_MS = 5 * 60_000;

/**
 * A kube-scheduler with the default filters that matter offline (NodeUnschedulable, NodeName,
 * TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit), a deterministic score and the real
 * FailedScheduling text. Unschedulable pods are retried when pods or nodes change.
 */
export function installScheduler(sim: Sim): void {
  const accounting = new NodeAccounting();
  const attempts = new Map<string, number>();
  const unschedulable = new Set<string>();

  // A retry repeated at the same instant, with no pod marked unschedulable since, would enqueue
  // nothing new (each pod is already queued for the same time): skipped. A thousand pods finishing
  // together used to retry every unschedulable pod a thousand times (quadratic in the pods).
  let retriedAt = -1;
  const retryUnschedulable = () => {
    if (retriedAt === sim.now) return;
    retriedAt = sim.now;
    for (const uid of unschedulable) {
      const n = attempts.get(uid) ?? 1;
      sim.enqueue('scheduler', uid, Math.min(INITIAL_BACKOFF_MS * 2 ** (n - 1), MAX_BACKOFF_MS));
    }
  };

  sim.store.watch('Pod', (type, pod) => {
    const node: string | undefined = pod.spec?.nodeName;
    const freed = accounting.track(type, pod);
    if (node) {
      if (freed && unschedulable.size) retryUnschedulable();
      return;
    }
    if (type === 'DELETED') {
      unschedulable.delete(pod.metadata.uid);
      attempts.delete(pod.metadata.uid);
      return;
    }
    if (type === 'ADDED' && (pod.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler') sim.enqueue('scheduler', pod.metadata.uid);
  });
  sim.store.watch('Node', () => {
    if (unschedulable.size) retryUnschedulable();
  });
  // A claim that gets bound (or created) may let a waiting pod through the volume check.
  sim.store.watch('PersistentVolumeClaim', () => {
    if (unschedulable.size) retryUnschedulable();
  });

  /** FailedScheduling: the event, the PodScheduled=False condition, and a retry after the back-off. */
  const markUnschedulable = (pod: KObject, msg: string) => {
    const uid = pod.metadata.uid;
    sim.emit(pod, 'Warning', 'FailedScheduling', msg, 'default-scheduler');
    const conds = (pod.status?.conditions ?? []).filter((c: { type: string }) => c.type !== 'PodScheduled');
    conds.push({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg, lastTransitionTime: sim.now });
    pod.status = { ...(pod.status ?? {}), phase: 'Pending', conditions: conds };
    writeStatus(sim, pod, SCHEDULER);
    unschedulable.add(uid);
    retriedAt = -1;
    attempts.set(uid, (attempts.get(uid) ?? 0) + 1);
    sim.enqueue('scheduler', uid, UNSCHEDULABLE_FLUSH_MS);
  };

  sim.registerController('scheduler', (uid) => {
    const pod = sim.store.getByUid(uid);
    if (!pod || pod.spec.nodeName || pod.metadata.deletionTimestamp !== undefined) {
      unschedulable.delete(uid);
      return;
    }
    const nodes = sim.store.list('Node');
    // VolumeBinding's PreFilter: a claim that is missing or unbound (Immediate) keeps the pod out of every node.
    const volumes = volumeBindingPreFilter(sim, pod);
    if (volumes) {
      const msg = `0/${nodes.length} nodes are available: ${volumes}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`;
      markUnschedulable(pod, msg);
      return;
    }
    const req = podAmount(pod.spec);
    const ports = hostPorts(pod);
    const reasons = new Map<string, number>();
    let resolvable = 0;
    const feasible: KObject[] = [];
    for (const node of nodes) {
      const fail = filter(pod, node, req, ports, accounting.usage(node.metadata.name));
      if (fail.length === 0) feasible.push(node);
      else {
        for (const r of fail) reasons.set(r, (reasons.get(r) ?? 0) + 1);
        if (fail.some((r) => r.startsWith('Insufficient') || r === 'Too many pods')) resolvable++;
      }
    }
    if (feasible.length === 0) {
      const n = nodes.length;
      const parts = [...reasons.entries()].map(([r, c]) => `${c} ${r}`).sort();
      let msg = `0/${n} nodes are available: ${parts.join(', ')}.`;
      if (n === 0) msg = `0/0 nodes are available: no nodes available to schedule pods.`;
      else {
        const post: string[] = [];
        if (resolvable) post.push(`${resolvable} No preemption victims found for incoming pod`);
        if (n - resolvable) post.push(`${n - resolvable} Preemption is not helpful for scheduling`);
        msg += ` preemption: 0/${n} nodes are available: ${post.sort().join(', ')}.`;
      }
      markUnschedulable(pod, msg);
      return;
    }
    const best = score(pod, feasible, req, accounting);
    unschedulable.delete(uid);
    attempts.delete(uid);
    pod.spec.nodeName = best.metadata.name;
    const conds = (pod.status?.conditions ?? []).filter((c: { type: string }) => c.type !== 'PodScheduled');
    conds.push({ type: 'PodScheduled', status: 'True', lastTransitionTime: sim.now });
    const hostIP = best.status?.addresses?.[0]?.address;
    pod.status = { ...(pod.status ?? {}), phase: 'Pending', conditions: conds, hostIP, hostIPs: hostIP ? [{ ip: hostIP }] : undefined };
    sim.emit(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${best.metadata.name}`, 'default-scheduler');
    sim.store.update(pod);
  });
}

interface Accounted {
  node: string;
  cpu: number;
  memory: number;
  ports: string[];
  owner?: string;
}

/**
 * What each node has committed (requests, pod count, host ports, pods per controller), kept up to
 * date from pod watch events so a scheduling decision never rescans the pods of a node.
 */
class NodeAccounting {
  private readonly byPod = new Map<string, Accounted>();
  private readonly nodes = new Map<string, NodeUsage & { owners: Map<string, number> }>();

  usage(node: string): NodeUsage & { owners: Map<string, number> } {
    let u = this.nodes.get(node);
    if (!u) this.nodes.set(node, (u = { cpu: 0, memory: 0, pods: 0, ports: new Set(), owners: new Map() }));
    return u;
  }

  /** Returns true when resources were freed on a node. */
  track(type: string, pod: KObject): boolean {
    const uid = pod.metadata.uid;
    const prev = this.byPod.get(uid);
    const node: string | undefined = pod.spec?.nodeName;
    const counts = type !== 'DELETED' && !!node && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
    if (prev && counts && prev.node === node) {
      // Owner changes (adoption, release) only move the spreading count.
      const owner = pod.metadata.deletionTimestamp === undefined ? controllerOf(pod)?.uid : undefined;
      if (owner !== prev.owner) {
        const u = this.usage(prev.node);
        if (prev.owner) u.owners.set(prev.owner, (u.owners.get(prev.owner) ?? 1) - 1);
        if (owner) u.owners.set(owner, (u.owners.get(owner) ?? 0) + 1);
        prev.owner = owner;
      }
      return false;
    }
    if (prev) {
      const u = this.usage(prev.node);
      u.cpu -= prev.cpu;
      u.memory -= prev.memory;
      u.pods--;
      for (const p of prev.ports) u.ports.delete(p);
      if (prev.owner) u.owners.set(prev.owner, (u.owners.get(prev.owner) ?? 1) - 1);
      this.byPod.delete(uid);
    }
    if (counts) {
      const r = podAmount(pod.spec);
      const a: Accounted = { node: node!, cpu: r.cpu, memory: r.memory, ports: hostPorts(pod), owner: pod.metadata.deletionTimestamp === undefined ? controllerOf(pod)?.uid : undefined };
      const u = this.usage(a.node);
      u.cpu += a.cpu;
      u.memory += a.memory;
      u.pods++;
      for (const p of a.ports) u.ports.add(p);
      if (a.owner) u.owners.set(a.owner, (u.owners.get(a.owner) ?? 0) + 1);
      this.byPod.set(uid, a);
    }
    return !!prev && !counts;
  }
}

function hostPorts(pod: KObject): string[] {
  const out: string[] = [];
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.hostPort) out.push(`${p.protocol ?? 'TCP'}/${p.hostIP ?? '0.0.0.0'}/${p.hostPort}`);
  return out;
}

/** Filter plugins in the default order; the first failing plugin's reasons are recorded. */
function filter(pod: KObject, node: KObject, req: { cpu: number; memory: number }, ports: string[], u: NodeUsage): string[] {
  const tolerations = pod.spec.tolerations ?? [];
  if (node.spec?.unschedulable && !tolerates(tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) return ['node(s) were unschedulable'];
  const taint = untoleratedTaint(node.spec?.taints ?? [], tolerations);
  if (taint) return [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`];
  if (!nodeMatchesAffinity(pod, node)) return ["node(s) didn't match Pod's node affinity/selector"];
  for (const p of ports) if (u.ports.has(p)) return ["node(s) didn't have free ports for the requested pod ports"];
  const alloc = node.status?.allocatable ?? {};
  const out: string[] = [];
  if (u.pods + 1 > Number(alloc.pods ?? 110)) out.push('Too many pods');
  if (req.cpu > 0 && u.cpu + req.cpu > cpuMilli(alloc.cpu)) out.push('Insufficient cpu');
  if (req.memory > 0 && u.memory + req.memory > memBytes(alloc.memory)) out.push('Insufficient memory');
  return out;
}

/** LeastAllocated (non-zero request defaults) plus spreading of a controller's pods; ties go to the first node. */
function score(pod: KObject, nodes: KObject[], req: { cpu: number; memory: number }, accounting: NodeAccounting): KObject {
  if (nodes.length === 1) return nodes[0];
  const usageOf = (n: string) => accounting.usage(n);
  const owner = controllerOf(pod)?.uid;
  const cpuReq = req.cpu || 100;
  const memReq = req.memory || 200 * 1024 * 1024;
  const same = nodes.map((n) => (owner ? usageOf(n.metadata.name).owners.get(owner) ?? 0 : 0));
  const maxSame = Math.max(...same);
  let best = nodes[0];
  let bestScore = -Infinity;
  nodes.forEach((n, i) => {
    const u = usageOf(n.metadata.name);
    const alloc = n.status?.allocatable ?? {};
    const ac = cpuMilli(alloc.cpu) || 1;
    const am = memBytes(alloc.memory) || 1;
    const least = Math.floor((Math.max(0, ((ac - u.cpu - cpuReq) * 100) / ac) + Math.max(0, ((am - u.memory - memReq) * 100) / am)) / 2);
    const spread = maxSame === 0 ? 100 : Math.floor(((maxSame - same[i]) * 100) / maxSame);
    const prefer = (n.spec?.taints ?? []).filter((t: { effect: string }) => t.effect === 'PreferNoSchedule').length;
    const s = least + 2 * spread + 3 * (prefer ? 0 : 100);
    if (s > bestScore) {
      bestScore = s;
      best = n;
    }
  });
  return best;
}

/**
 * VolumeBinding's PreFilter: the reason no node can take the pod when a claim it mounts is missing,
 * being deleted, or not bound yet in an Immediate class (WaitForFirstConsumer claims are bound once
 * the pod exists, by the persistent-volume controller).
 */
function volumeBindingPreFilter(sim: Sim, pod: KObject): string | undefined {
  let unbound = false;
  for (const vol of (pod.spec?.volumes ?? []) as { persistentVolumeClaim?: { claimName?: string } }[]) {
    const name = vol.persistentVolumeClaim?.claimName;
    if (!name) continue;
    const claim = sim.store.get('PersistentVolumeClaim', pod.metadata.namespace, name);
    if (!claim) return `persistentvolumeclaim "${name}" not found`;
    if (claim.metadata.deletionTimestamp !== undefined) return `persistentvolumeclaim "${name}" is being deleted`;
    if (claim.spec?.volumeName) continue;
    const className = claim.spec?.storageClassName;
    const cls = className ? sim.store.get('StorageClass', undefined, className) : undefined;
    if (cls?.volumeBindingMode !== 'WaitForFirstConsumer') unbound = true;
  }
  return unbound ? 'pod has unbound immediate PersistentVolumeClaims' : undefined;
}
