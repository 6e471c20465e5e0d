import {
  canonicalKind, parseObjectRef,
  type SimContainer, type SimEvent, type SimJob, type SimPod, type SimSnapshot, type SimWorkload,
} from '../../../server/src/engine/dryrun/contract';
import { formatSeconds } from '../../../server/src/engine/dryrun/format';
import { HEALTH_STYLE, podHealth, readyCounts, statusHealth, worst, type Health } from '../../../server/src/engine/dryrun/podHealth';
import { snapshotIndex } from '../../../server/src/engine/dryrun/snapshotIndex';
import type { RejectedManifest } from '../../../server/src/engine/dryrun/admission';
import type { LocationDto } from '../../../server/src/engine/dryrun/protocol';

/**
 * The dry-run tree as plain data: snapshot -> nodes with label, description, Markdown tooltip,
 * codicon id and theme colour id. Pure, so it is tested without VS Code; treeProvider.ts only
 * turns these into TreeItems.
 */

/** Translator with `{0}` placeholders (vscode.l10n.t in the extension, identity in tests). */
export type Translate = (message: string, ...args: (string | number)[]) => string;
export const identityTranslate: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)] ?? ''));

export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
  /** For containers: the container name inside the pod */
  container?: string;
}

export type NodeType =
  | 'group' | 'node' | 'deployment' | 'replicaset' | 'pod' | 'container' | 'probe'
  | 'cronjob' | 'job' | 'daemonset' | 'statefulset' | 'service' | 'endpoint' | 'customresource' | 'message'
  /** "Show 100 more": the next page of a long list of children */
  | 'more';

export interface DryRunTreeNode {
  /** Stable across runs, so expansion state survives a re-run */
  id: string;
  type: NodeType;
  label: string;
  description?: string;
  tooltip?: string;
  icon: string;
  color?: string;
  health?: Health;
  /** contextValue for menus: the type, plus `.failing` etc. */
  contextValue: string;
  ref?: ObjectRef;
  /** Where selecting the row takes the editor, when it is not looked up by `ref` (a manifest that was not simulated) */
  location?: LocationDto;
  expanded?: boolean;
  children: DryRunTreeNode[];
  /** For a `more` row: the id of the node whose children it pages */
  moreOf?: string;
}

/** Rows of a list shown at once; longer lists end in a "Show 100 more" row. */
export const PAGE_SIZE = 100;

/**
 * The children shown for `parentId` when `shown` of them are: the first `shown`, then a row that
 * shows the next page. 3,000 Deployments or 9,000 pods stay a tree a person can scroll.
 */
export function pageOf(parentId: string, children: DryRunTreeNode[], shown: number, t: Translate = identityTranslate): DryRunTreeNode[] {
  if (children.length <= shown) return children;
  const rest = children.length - shown;
  const hidden = children.slice(shown);
  const failing = hidden.filter((c) => c.health === 'failing').length;
  return [...children.slice(0, shown), {
    id: `more/${parentId}`, type: 'more', moreOf: parentId,
    label: t('Show {0} more', Math.min(PAGE_SIZE, rest)),
    description: failing ? t('{0} of {1} shown · {2} failing below', shown, children.length, failing) : t('{0} of {1} shown', shown, children.length),
    icon: 'ellipsis', color: failing ? HEALTH_STYLE.failing.color : undefined, contextValue: 'more', children: [],
  }];
}

/** How many children of a node must be shown for the child at `index` to be among them (whole pages). */
export function shownFor(index: number): number {
  return (Math.floor(index / PAGE_SIZE) + 1) * PAGE_SIZE;
}

const RECENT_EVENTS = 6;

export function eventsFor(snapshot: SimSnapshot, kind: string, name: string, namespace?: string): SimEvent[] {
  return snapshotIndex(snapshot).eventsOf(kind, name, namespace);
}

export const formatTime = formatSeconds;

function mdEscape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-!|<>]/g, (c) => `\\${c}`);
}

function tooltipFor(title: string, facts: [string, string][], events: SimEvent[], t: Translate): string {
  const lines = [`**${mdEscape(title)}**`, ''];
  for (const [k, v] of facts) lines.push(`${mdEscape(k)}: ${mdEscape(v)}  `);
  const recent = events.slice(-RECENT_EVENTS);
  if (recent.length) {
    lines.push('', `*${t('Recent events')}*`, '');
    for (const e of recent) lines.push(`- \`${formatTime(e.time)}\` ${e.type === 'Warning' ? '⚠ ' : ''}${mdEscape(e.reason)}: ${mdEscape(e.message)}`);
  }
  return lines.join('\n');
}

function styled(node: Omit<DryRunTreeNode, 'icon' | 'color'>, health: Health): DryRunTreeNode {
  const s = HEALTH_STYLE[health];
  return { ...node, health, icon: s.icon, color: s.color, contextValue: `${node.contextValue}.${health}` };
}

function ownerOf(ref: string | null | undefined): { kind: string; name: string } | undefined {
  if (!ref) return undefined;
  const p = parseObjectRef(ref);
  return { kind: canonicalKind(p.kind), name: p.name };
}

function isUnschedulable(snapshot: SimSnapshot, pod: SimPod): boolean {
  if (pod.node) return false;
  return eventsFor(snapshot, 'Pod', pod.name, pod.namespace).some((e) => e.reason === 'FailedScheduling');
}

function containerNode(snapshot: SimSnapshot, pod: SimPod, c: SimContainer, t: Translate): DryRunTreeNode {
  const parts: string[] = [c.reason ? `${c.state}: ${c.reason}` : c.state];
  if (c.exitCode !== undefined && c.exitCode !== null) parts.push(t('exit code {0}', c.exitCode));
  parts.push(c.restartCount === 1 ? t('1 restart') : t('{0} restarts', c.restartCount));
  if (c.ready) parts.push(t('ready'));
  const health: Health = c.state === 'running'
    ? (c.ready ? 'ok' : 'progressing')
    : c.state === 'terminated' && (c.reason === 'Completed' || c.exitCode === 0) && pod.status === 'Completed'
      ? 'completed'
      : statusHealth(c.reason ?? 'Pending');
  const probes = (c.probes ?? []).map((p, i): DryRunTreeNode => {
    const ok = /^(success|succeeded|true|ok)$/i.test(p.result);
    const unknown = /^(unknown|pending|)$/i.test(p.result);
    const label = `${p.kind}: ${p.result}`;
    return styled({
      id: `${pod.namespace}/${pod.name}/${c.name}/probe/${p.kind}/${i}`,
      type: 'probe',
      label,
      description: p.message ?? undefined,
      tooltip: p.message ? `**${mdEscape(label)}**\n\n${mdEscape(p.message)}` : undefined,
      contextValue: 'probe',
      ref: { kind: 'Pod', namespace: pod.namespace, name: pod.name, container: c.name },
      children: [],
    }, ok ? 'ok' : unknown ? 'progressing' : 'failing');
  });
  return styled({
    id: `${pod.namespace}/${pod.name}/${c.name}`,
    type: 'container',
    label: c.name,
    description: parts.join(' · '),
    tooltip: tooltipFor(c.name, [[t('Image'), c.image], [t('State'), parts.join(', ')]], [], t),
    contextValue: 'container',
    ref: { kind: 'Pod', namespace: pod.namespace, name: pod.name, container: c.name },
    children: probes,
    expanded: false,
  }, health);
}

export function podNode(snapshot: SimSnapshot, pod: SimPod, t: Translate): DryRunTreeNode {
  const health = podHealth(pod, isUnschedulable(snapshot, pod));
  const node = pod.node ?? t('unscheduled');
  const description = `${pod.status} · ${pod.ready} · ${pod.restarts === 1 ? t('1 restart') : t('{0} restarts', pod.restarts)} · ${node}`;
  const events = eventsFor(snapshot, 'Pod', pod.name, pod.namespace);
  return styled({
    id: `pod/${pod.namespace}/${pod.name}`,
    type: 'pod',
    label: pod.name,
    description,
    tooltip: tooltipFor(`Pod ${pod.name}`, [
      [t('Status'), pod.status], [t('Ready'), pod.ready], [t('Restarts'), String(pod.restarts)], [t('Node'), node],
    ], events, t),
    contextValue: 'pod',
    ref: { kind: 'Pod', namespace: pod.namespace, name: pod.name },
    children: pod.containers.map((c) => containerNode(snapshot, pod, c, t)),
    expanded: false,
  }, health);
}

function podsOwnedBy(snapshot: SimSnapshot, kind: string, name: string, namespace: string): SimPod[] {
  return snapshotIndex(snapshot).podsOwnedBy(kind, name, namespace);
}

/**
 * ReplicaSets by their Deployment (`namespace/name`): by owner when the simulator reports it, else
 * by the `<deployment>-<hash>` name. One pass over the workloads, newest revision first.
 */
function replicaSetsByDeployment(snapshot: SimSnapshot): Map<string, SimWorkload[]> {
  const deployments = new Set(snapshot.workloads.filter((w) => w.kind === 'Deployment').map((d) => `${d.namespace}/${d.name}`));
  const out = new Map<string, SimWorkload[]>();
  for (const w of snapshot.workloads) {
    if (w.kind !== 'ReplicaSet') continue;
    const o = ownerOf(w.owner);
    let d: string | undefined;
    if (o) d = o.kind === 'Deployment' ? `${w.namespace}/${o.name}` : undefined;
    else {
      const m = /^(.+)-([a-z0-9]+)$/.exec(w.name);
      if (m && deployments.has(`${w.namespace}/${m[1]}`)) d = `${w.namespace}/${m[1]}`;
    }
    if (!d) continue;
    const list = out.get(d);
    if (list) list.push(w);
    else out.set(d, [w]);
  }
  for (const list of out.values()) list.sort((a, b) => Number(b.revision ?? 0) - Number(a.revision ?? 0));
  return out;
}

function workloadHealth(w: SimWorkload, pods: DryRunTreeNode[]): Health {
  const conds = w.conditions ?? [];
  if (conds.some((c) => c.reason === 'ProgressDeadlineExceeded' || (c.type === 'ReplicaFailure' && c.status === 'True'))) return 'failing';
  const podHealths = pods.map((p) => p.health ?? 'ok');
  if (podHealths.includes('failing')) return 'failing';
  const rc = readyCounts(w.ready);
  if (rc && rc.ready < rc.total) return 'progressing';
  return worst(podHealths);
}

function workloadNode(snapshot: SimSnapshot, w: SimWorkload, type: NodeType, children: DryRunTreeNode[], allPods: DryRunTreeNode[], t: Translate): DryRunTreeNode {
  const health = workloadHealth(w, allPods);
  const parts = [t('{0} ready', String(w.ready))];
  if (w.upToDate != null) parts.push(t('{0} up-to-date', w.upToDate));
  if (w.available != null) parts.push(t('{0} available', w.available));
  if (w.revision != null && type === 'deployment') parts.push(t('revision {0}', String(w.revision)));
  const facts: [string, string][] = [[t('Ready'), String(w.ready)]];
  for (const c of w.conditions ?? []) facts.push([c.type, `${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`]);
  return styled({
    id: `${w.kind}/${w.namespace}/${w.name}`,
    type,
    label: w.name,
    description: parts.join(' · '),
    tooltip: tooltipFor(`${w.kind} ${w.name}`, facts, eventsFor(snapshot, w.kind, w.name, w.namespace), t),
    contextValue: type,
    ref: { kind: w.kind, namespace: w.namespace, name: w.name },
    children,
    expanded: true,
  }, health);
}

function jobNode(snapshot: SimSnapshot, j: SimJob, t: Translate): DryRunTreeNode {
  const pods = podsOwnedBy(snapshot, 'Job', j.name, j.namespace).map((p) => podNode(snapshot, p, t));
  const health: Health = /^(Complete|Completed|Succeeded)$/.test(j.status) ? 'completed'
    : /Fail|Deadline|BackoffLimit/.test(j.status) ? 'failing' : worst(pods.map((p) => p.health ?? 'progressing'));
  return styled({
    id: `Job/${j.namespace}/${j.name}`,
    type: 'job',
    label: j.name,
    description: `${j.status} · ${t('{0} completions', String(j.completions))}`,
    tooltip: tooltipFor(`Job ${j.name}`, [[t('Status'), j.status], [t('Completions'), String(j.completions)]], eventsFor(snapshot, 'Job', j.name, j.namespace), t),
    contextValue: 'job',
    ref: { kind: 'Job', namespace: j.namespace, name: j.name },
    children: pods,
    expanded: false,
  }, health);
}

function group(id: string, label: string, icon: string, children: DryRunTreeNode[]): DryRunTreeNode {
  const h = worst(children.map((c) => c.health ?? 'ok'));
  return {
    id: `group/${id}`, type: 'group', label, description: String(children.length), icon,
    color: h === 'failing' ? HEALTH_STYLE.failing.color : undefined, health: h, contextValue: `group.${id}`, children, expanded: true,
  };
}

/** `deploy.yaml` from a file URI (the extension passes a workspace-relative path instead). */
export function baseName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/**
 * The manifests the API server refuses: each with its file and line, and the API server's
 * message. They lead the tree, expanded, so a manifest that never ran is not mistaken for one that ran fine.
 */
export function rejectedGroup(rejected: readonly RejectedManifest[], t: Translate, fileLabel: (uri: string) => string = baseName): DryRunTreeNode {
  return {
    id: 'group/rejected', type: 'group', label: t('Not simulated (rejected by the API server)'), description: String(rejected.length),
    icon: 'error', color: 'list.errorForeground', contextValue: 'group.rejected', expanded: true, health: 'failing',
    children: rejected.map((r, i) => {
      const where = r.uri ? `${fileLabel(r.uri)}${r.range ? `:${r.range.start.line + 1}` : ''}` : '';
      return {
        id: `rejected/${i}/${r.uri ?? ''}/${r.object}`, type: 'message' as const, label: r.object,
        description: where ? `${where} · ${r.message}` : r.message,
        tooltip: `**${mdEscape(r.object)}**${where ? ` (${mdEscape(where)})` : ''}\n\n${mdEscape(r.message)}`,
        icon: 'circle-slash', color: 'list.errorForeground', contextValue: 'rejected', children: [],
        location: r.uri && r.range ? { uri: r.uri, range: r.range } : undefined,
      };
    }),
  };
}

/** The whole tree for a snapshot. Empty groups are left out. */
export function buildTree(snapshot: SimSnapshot, t: Translate = identityTranslate, rejected: readonly RejectedManifest[] = [], fileLabel?: (uri: string) => string): DryRunTreeNode[] {
  const groups: DryRunTreeNode[] = [];
  if (rejected.length) groups.push(rejectedGroup(rejected, t, fileLabel));
  const claimed = new Set<string>();
  const claim = (p: SimPod) => claimed.add(`${p.namespace}/${p.name}`);

  const nodes = snapshot.nodes.map((n): DryRunTreeNode => {
    const podsHere = snapshot.pods.filter((p) => p.node === n.name);
    const alloc = Object.entries(n.allocatable ?? {}).map(([k, v]) => `${k} ${v}`).join(', ');
    return styled({
      id: `Node/${n.name}`,
      type: 'node',
      label: n.name,
      description: `${n.ready ? t('Ready') : t('NotReady')}${n.unschedulable ? `,${t('SchedulingDisabled')}` : ''} · ${t('{0} pods', podsHere.length)}`,
      tooltip: tooltipFor(`Node ${n.name}`, [[t('Allocatable'), alloc]], eventsFor(snapshot, 'Node', n.name), t),
      contextValue: 'node',
      ref: { kind: 'Node', namespace: '', name: n.name },
      children: [],
    }, n.ready ? (n.unschedulable ? 'progressing' : 'ok') : 'failing');
  });
  if (nodes.length) groups.push(group('nodes', t('Nodes'), 'server', nodes));

  // Pods of a ReplicaSet the snapshot does not list (computed once: scanning every pod per Deployment is quadratic).
  let orphanPods: SimPod[] | undefined;
  const orphans = (): SimPod[] => {
    if (!orphanPods) {
      const listed = new Set(snapshot.workloads.filter((w) => w.kind === 'ReplicaSet').map((w) => `${w.namespace}/${w.name}`));
      orphanPods = snapshot.pods.filter((p) => ownerOf(p.owner)?.kind === 'ReplicaSet' && !listed.has(`${p.namespace}/${ownerOf(p.owner)!.name}`));
    }
    return orphanPods;
  };
  const rsOf = replicaSetsByDeployment(snapshot);
  const ownedRs = new Set([...rsOf.values()].flat());
  const deployments = snapshot.workloads.filter((w) => w.kind === 'Deployment').map((d) => {
    const rsNodes = (rsOf.get(`${d.namespace}/${d.name}`) ?? []).map((rs) => {
      const pods = podsOwnedBy(snapshot, 'ReplicaSet', rs.name, rs.namespace);
      pods.forEach(claim);
      const podNodes = pods.map((p) => podNode(snapshot, p, t));
      const n = workloadNode(snapshot, rs, 'replicaset', podNodes, podNodes, t);
      n.label = rs.revision != null ? t('revision {0}: {1}', String(rs.revision), rs.name) : rs.name;
      n.description = t('{0} ready', String(rs.ready));
      n.expanded = podNodes.length > 0;
      return n;
    });
    // Pods whose ReplicaSet the simulator did not list still belong under the Deployment.
    const loose = orphans().filter((p) => !claimed.has(`${p.namespace}/${p.name}`) && p.namespace === d.namespace && ownerOf(p.owner)!.name.startsWith(`${d.name}-`));
    loose.forEach(claim);
    const looseNodes = loose.map((p) => podNode(snapshot, p, t));
    const allPods = [...rsNodes.flatMap((r) => r.children), ...looseNodes];
    return workloadNode(snapshot, d, 'deployment', [...rsNodes, ...looseNodes], allPods, t);
  });
  // Bare ReplicaSets / ReplicationControllers are workloads too.
  const bareControllers = snapshot.workloads
    .filter((w) => (w.kind === 'ReplicaSet' || w.kind === 'ReplicationController') && !(ownerOf(w.owner)?.kind === 'Deployment')
      && !ownedRs.has(w))
    .map((w) => {
      const pods = podsOwnedBy(snapshot, w.kind, w.name, w.namespace);
      pods.forEach(claim);
      const podNodes = pods.map((p) => podNode(snapshot, p, t));
      return workloadNode(snapshot, w, 'replicaset', podNodes, podNodes, t);
    });
  if (deployments.length || bareControllers.length) groups.push(group('workloads', t('Workloads'), 'layers', [...deployments, ...bareControllers]));

  const setsOf = (kind: 'DaemonSet' | 'StatefulSet', type: NodeType) => snapshot.workloads.filter((w) => w.kind === kind).map((w) => {
    const pods = podsOwnedBy(snapshot, kind, w.name, w.namespace);
    pods.forEach(claim);
    const podNodes = pods.map((p) => podNode(snapshot, p, t))
      .sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
    return workloadNode(snapshot, w, type, podNodes, podNodes, t);
  });
  const daemonSets = setsOf('DaemonSet', 'daemonset');
  const statefulSets = setsOf('StatefulSet', 'statefulset');

  const cronJobs = snapshot.workloads.filter((w) => w.kind === 'CronJob').map((cj) => {
    const jobs = snapshot.jobs.filter((j) => j.namespace === cj.namespace && ownerOf(j.owner)?.kind === 'CronJob' && ownerOf(j.owner)!.name === cj.name);
    const jobNodes = jobs.map((j) => {
      podsOwnedBy(snapshot, 'Job', j.name, j.namespace).forEach(claim);
      return jobNode(snapshot, j, t);
    });
    const h = worst(jobNodes.map((j) => j.health ?? 'ok'));
    return styled({
      id: `CronJob/${cj.namespace}/${cj.name}`,
      type: 'cronjob',
      label: cj.name,
      description: t('{0} jobs', jobNodes.length),
      tooltip: tooltipFor(`CronJob ${cj.name}`, [], eventsFor(snapshot, 'CronJob', cj.name, cj.namespace), t),
      contextValue: 'cronjob',
      ref: { kind: 'CronJob', namespace: cj.namespace, name: cj.name },
      children: jobNodes,
      expanded: true,
    }, h === 'completed' || jobNodes.length === 0 ? 'ok' : h);
  });
  const standaloneJobs = snapshot.jobs.filter((j) => ownerOf(j.owner)?.kind !== 'CronJob').map((j) => {
    podsOwnedBy(snapshot, 'Job', j.name, j.namespace).forEach(claim);
    return jobNode(snapshot, j, t);
  });

  const barePods = snapshot.pods.filter((p) => !claimed.has(`${p.namespace}/${p.name}`)).map((p) => podNode(snapshot, p, t));
  if (barePods.length) groups.push(group('pods', t('Pods'), 'symbol-event', barePods));
  if (cronJobs.length || standaloneJobs.length) groups.push(group('jobs', t('Jobs and CronJobs'), 'watch', [...cronJobs, ...standaloneJobs]));
  if (daemonSets.length) groups.push(group('daemonsets', t('DaemonSets'), 'server-process', daemonSets));
  if (statefulSets.length) groups.push(group('statefulsets', t('StatefulSets'), 'database', statefulSets));

  const services = snapshot.services.map((s) => {
    const eps = s.endpoints.map((e): DryRunTreeNode => styled({
      id: `Service/${s.namespace}/${s.name}/ep/${e.pod}`,
      type: 'endpoint',
      label: e.pod,
      description: e.ready ? t('ready') : t('not ready'),
      contextValue: 'endpoint',
      ref: { kind: 'Pod', namespace: s.namespace, name: e.pod },
      children: [],
    }, e.ready ? 'ok' : 'progressing'));
    const readyCount = s.endpoints.filter((e) => e.ready).length;
    // ExternalName has no endpoints; `default/kubernetes` is the API server's own, not pods'.
    const selectorless = s.type === 'ExternalName' || (s.name === 'kubernetes' && s.namespace === 'default' && s.endpoints.length === 0);
    const health: Health = selectorless ? 'ok' : readyCount > 0 ? (readyCount === s.endpoints.length ? 'ok' : 'progressing') : 'failing';
    const ports = (s.ports ?? []).map((p) => typeof p === 'object' && p ? String((p as { port?: unknown }).port ?? '') : String(p)).filter(Boolean);
    return styled({
      id: `Service/${s.namespace}/${s.name}`,
      type: 'service',
      label: s.name,
      description: `${s.type}${ports.length ? ` ${ports.join(',')}` : ''} · ${selectorless ? t('no pod endpoints') : t('{0}/{1} endpoints ready', readyCount, s.endpoints.length)}`,
      tooltip: tooltipFor(`Service ${s.name}`, [[t('Type'), s.type], [t('Endpoints'), `${readyCount}/${s.endpoints.length}`]], eventsFor(snapshot, 'Service', s.name, s.namespace), t),
      contextValue: 'service',
      ref: { kind: 'Service', namespace: s.namespace, name: s.name },
      children: eps,
      expanded: true,
    }, health);
  });
  if (services.length) groups.push(group('services', t('Services'), 'plug', services));

  // Custom resources are stored as the API server stores them; no controller acts on them.
  const custom = (snapshot.customResources ?? []).map((c): DryRunTreeNode => {
    const where = c.namespace ?? t('cluster-scoped');
    return styled({
      id: `${c.kind}/${c.namespace ?? ''}/${c.name}`,
      type: 'customresource',
      label: `${c.kind} ${c.name}`,
      description: `${c.apiVersion} · ${where}`,
      tooltip: tooltipFor(`${c.kind} ${c.name}`, [[t('API version'), c.apiVersion], [t('Namespace'), where], [t('Controller'), t('not simulated: stored after validation and defaulting')]], eventsFor(snapshot, c.kind, c.name, c.namespace ?? undefined), t),
      contextValue: 'customresource',
      ref: { kind: c.kind, namespace: c.namespace ?? '', name: c.name },
      children: [],
    }, 'ok');
  });
  if (custom.length) groups.push(group('customresources', t('Custom resources'), 'symbol-class', custom));

  if (snapshot.assumptions.length) {
    // One row per assumption, with the objects it was made for (a template's 3,000 pods make one).
    const kinds = groupAssumptions(snapshot.assumptions);
    groups.push({
      id: 'group/assumptions', type: 'group', label: t('Assumptions'), description: String(kinds.length), icon: 'info',
      contextValue: 'group.assumptions', expanded: false,
      children: kinds.map((a, i) => ({
        id: `assumption/${i}`, type: 'message', label: a.message,
        description: a.objects.length === 1 ? a.objects[0] : t('{0} objects: {1}', a.objects.length, listed(a.objects, 3, t)),
        tooltip: `${mdEscape(a.message)}\n\n${mdEscape(listed(a.objects, 20, t))}`,
        icon: 'info', contextValue: 'assumption', children: [],
      })),
    });
  }
  return groups;
}

/** `a, b, c and 9 more` */
function listed(items: readonly string[], max: number, t: Translate): string {
  return items.length <= max ? items.join(', ') : t('{0} and {1} more', items.slice(0, max).join(', '), items.length - max);
}

/**
 * Assumptions by what was assumed: the same sentence made for many objects (each pod of a
 * template says `container web: ...`) is one entry listing its objects, in first-seen order.
 */
export function groupAssumptions(assumptions: readonly { object: string; message: string }[]): { message: string; objects: string[] }[] {
  const byMessage = new Map<string, Set<string>>();
  for (const a of assumptions) {
    const objects = byMessage.get(a.message);
    if (objects) objects.add(a.object);
    else byMessage.set(a.message, new Set([a.object]));
  }
  return [...byMessage].map(([message, objects]) => ({ message, objects: [...objects] }));
}

/** `3 ready, 1 failing` over the pods of a snapshot. */
export function summarize(snapshot: SimSnapshot): { ready: number; failing: number; progressing: number; completed: number } {
  const out = { ready: 0, failing: 0, progressing: 0, completed: 0 };
  for (const p of snapshot.pods) {
    const h = podHealth(p, isUnschedulable(snapshot, p));
    if (h === 'ok') out.ready++;
    else if (h === 'failing') out.failing++;
    else if (h === 'completed') out.completed++;
    else out.progressing++;
  }
  return out;
}

/** Depth-first search by id (for reveal). Returns the path from the root. */
export function findPath(roots: DryRunTreeNode[], predicate: (n: DryRunTreeNode) => boolean): DryRunTreeNode[] | undefined {
  for (const r of roots) {
    if (predicate(r)) return [r];
    const sub = findPath(r.children, predicate);
    if (sub) return [r, ...sub];
  }
  return undefined;
}
