import type { Sim } from '../core';
import { jobStatusText } from '../snapshot';
import { ApiError } from '../store/store';
import { podStatusText } from '../status';
import { controllerOf, type KObject } from '../types';
import { cpuMilli, formatCpu, formatMem, humanDuration, matchesSelector, memBytes, parseSelectorString } from '../util';
import { apiObject, rfc1123z } from './apiObject';
import { flag, parseArgs, UsageError } from './args';
import { aggregatedEvents, eventAge } from './events';
import { tabwrite } from './tabwriter';
import { accessModesText, isDefaultClass, labelSelectorText, volumeClass } from './printers';
import { minikubeObject, withMinikube } from './minikube';
import { podQosClass, quotaUsage } from '../apiserver/admission';

/**
 * `kubectl describe`: the human summary of an object with its Events section, laid out through a
 * tab writer with padding 2 the way kubectl's describers write it. Kinds without a dedicated
 * describer get the common metadata and events.
 */

type Lines = string[];

/** kubectl's prefix writer: `level` indents by two spaces; cells are tab-separated. */
class Out {
  readonly lines: Lines = [];
  w(level: number, ...cells: string[]): void {
    this.lines.push('  '.repeat(level) + cells.join('\t'));
  }
  text(): string {
    return tabwrite(this.lines.join('\n') + '\n', 2);
  }
}

function mapLines(out: Out, level: number, title: string, m: Record<string, string> | undefined, sep = '='): void {
  // printAnnotationsMultiline leaves out kubectl's own last-applied-configuration.
  const entries = Object.entries(m ?? {}).filter(([k]) => sep === '=' || k !== 'kubectl.kubernetes.io/last-applied-configuration').sort(([a], [b]) => (a < b ? -1 : 1));
  if (entries.length === 0) return out.w(level, `${title}:`, '<none>');
  entries.forEach(([k, v], i) => out.w(level, i === 0 ? `${title}:` : '', `${k}${sep}${v}`));
}

function selectorText(sel: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | Record<string, string> | undefined, plain = false): string {
  if (!sel) return '<none>';
  const parts: string[] = [];
  const labels = plain ? (sel as Record<string, string>) : (sel as { matchLabels?: Record<string, string> }).matchLabels ?? {};
  for (const [k, v] of Object.entries(labels)) parts.push(`${k}=${v}`);
  if (!plain) return labelSelectorText(sel as { matchLabels?: Record<string, string> }) || '<none>';
  return parts.join(',') || '<none>';
}

function events(sim: Sim, out: Out, o: KObject): void {
  const ref = `${o.kind.toLowerCase()}/${o.metadata.name}`;
  const evs = aggregatedEvents(sim, (e) => e.object === ref && (e.namespace ?? '') === (o.metadata.namespace ?? ''));
  if (evs.length === 0) return out.w(0, 'Events:', '<none>');
  out.w(0, 'Events:');
  out.w(1, 'Type', 'Reason', 'Age', 'From', 'Message');
  out.w(1, '----', '------', '----', '----', '-------');
  for (const e of evs) out.w(1, e.type, e.reason, eventAge(sim, e), e.source, e.message);
}

function meta(out: Out, o: KObject, annotations = true): void {
  out.w(0, 'Name:', o.metadata.name);
  if (o.metadata.namespace !== undefined) out.w(0, 'Namespace:', o.metadata.namespace ?? 'default');
  mapLines(out, 0, 'Labels', o.metadata.labels);
  if (annotations) mapLines(out, 0, 'Annotations', o.metadata.annotations, ': ');
}

/* eslint-disable @typescript-eslint/no-explicit-any */

/** describeContainers: each container's lines; `space` is the template's indent (two spaces), statuses only for a pod. */
function containersLines(sim: Sim, out: Out, label: string, containers: any[], statuses: any[] | undefined, space: string, pod?: KObject): void {
  out.lines.push(`${space}${label}:${containers.length ? '' : ' <none>'}`);
  const byName = new Map<string, any>((statuses ?? []).map((st) => [st.name, st]));
  for (const c of containers) {
    const st = byName.get(c.name);
    out.w(1, `${space ? ' ' : ''}${c.name}:`);
    if (st) out.w(2, 'Container ID:', st.containerID ?? '');
    out.w(2, 'Image:', c.image ?? '');
    if (st) out.w(2, 'Image ID:', st.imageID ?? '');
    const ports = (c.ports ?? []) as { containerPort: number; protocol?: string; hostPort?: number }[];
    const portText = ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
    const hostText = ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
    out.w(2, portText.includes(',') ? 'Ports:' : 'Port:', portText || '<none>');
    out.w(2, hostText.includes(',') ? 'Host Ports:' : 'Host Port:', hostText || '<none>');
    for (const [title, list] of [['Command', c.command], ['Args', c.args]] as const) {
      if (!list?.length) continue;
      out.w(2, `${title}:`);
      for (const x of list) for (const line of String(x).split('\n')) out.w(3, line);
    }
    if (st) {
      stateLines(sim, out, 2, 'State', st.state ?? {});
      if (st.lastState?.terminated) stateLines(sim, out, 2, 'Last State', st.lastState);
      out.w(2, 'Ready:', st.ready ? 'True' : 'False');
      out.w(2, 'Restart Count:', String(st.restartCount ?? 0));
    }
    const res = c.resources ?? {};
    for (const [title, m] of [['Limits', res.limits], ['Requests', res.requests]] as const) {
      if (!m || Object.keys(m).length === 0) continue;
      out.w(2, `${title}:`);
      for (const k of Object.keys(m).sort()) out.w(3, `${k}:`, String(m[k]));
    }
    for (const [title, pr] of [['Liveness', c.livenessProbe], ['Readiness', c.readinessProbe], ['Startup', c.startupProbe]] as const) if (pr) out.w(2, `${title}:`, probeText(pr));
    if (c.envFrom?.length) {
      out.w(2, 'Environment Variables from:');
      for (const e of c.envFrom) {
        const [from, ref] = e.configMapRef ? ['ConfigMap', e.configMapRef] : e.secretRef ? ['Secret', e.secretRef] : ['', {}];
        out.w(3, ref.name ?? '', e.prefix ? `${from} with prefix '${e.prefix}'` : from, `Optional: ${ref.optional === true}`);
      }
    }
    const env = (c.env ?? []) as any[];
    if (env.length === 0) out.w(2, 'Environment:', '<none>');
    else out.w(2, 'Environment:');
    for (const e of env) {
      const from = e.valueFrom;
      if (!from) {
        String(e.value ?? '').split('\n').forEach((line, i) => (i === 0 ? out.w(3, `${e.name}:`, line) : out.w(3, '', line)));
      } else if (from.fieldRef) out.w(3, `${e.name}:`, `${pod ? fieldValue(sim, pod, from.fieldRef.fieldPath) : ''} (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})`);
      else if (from.resourceFieldRef) out.w(3, `${e.name}:`, `${resourceValue(c, from.resourceFieldRef)} (${from.resourceFieldRef.resource})`);
      else if (from.secretKeyRef) out.w(3, `${e.name}:`, `<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name}'>`, `Optional: ${from.secretKeyRef.optional === true}`);
      else if (from.configMapKeyRef) out.w(3, `${e.name}:`, `<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name}'>`, `Optional: ${from.configMapKeyRef.optional === true}`);
    }
    const mounts = [...((c.volumeMounts ?? []) as any[])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
    if (mounts.length === 0) out.w(2, 'Mounts:', '<none>');
    else out.w(2, 'Mounts:');
    for (const m of mounts) out.w(3, `${m.mountPath} from ${m.name} (${[m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : [])].join(',')})`);
  }
}

/** EnvValueRetriever: the value a fieldRef resolves to in this pod. */
function fieldValue(sim: Sim, p: KObject, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (m) return (p.metadata[m[1] as 'labels' | 'annotations'] ?? {})[m[2]] ?? '';
  switch (path) {
    case 'metadata.name': return p.metadata.name;
    case 'metadata.namespace': return p.metadata.namespace ?? '';
    case 'metadata.uid': return p.metadata.uid;
    case 'spec.nodeName': return p.spec.nodeName ?? '';
    case 'spec.serviceAccountName': return p.spec.serviceAccountName ?? '';
    case 'status.hostIP': return p.status?.hostIP ?? '';
    case 'status.podIP': return p.status?.podIP ?? '';
    case 'status.podIPs': return (p.status?.podIPs ?? []).map((x: { ip: string }) => x.ip).join(',');
    case 'status.hostIPs': return (p.status?.hostIPs ?? []).map((x: { ip: string }) => x.ip).join(',');
    default: return '';
  }
}

/** ExtractContainerResourceValue, with kubectl's words for a limit left to the node. */
function resourceValue(c: any, ref: { resource: string; divisor?: string }): string {
  const [kind, name] = ref.resource.split('.') as ['limits' | 'requests', string];
  const v = c.resources?.[kind]?.[name];
  if (v === undefined) return kind === 'limits' && (name === 'cpu' || name === 'memory') ? 'node allocatable' : '0';
  if (name === 'cpu') return String(Math.ceil(cpuMilli(v) / (ref.divisor ? cpuMilli(ref.divisor) : 1000)));
  if (name === 'memory' || name === 'ephemeral-storage') return String(Math.ceil(memBytes(v) / (ref.divisor ? memBytes(ref.divisor) : 1)));
  return String(v);
}

function probeText(p: any): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const host = p.httpGet.host ?? '';
    return `http-get ${String(p.httpGet.scheme ?? 'HTTP').toLowerCase()}://${host.includes(':') ? `[${host}]` : host}:${p.httpGet.port}${p.httpGet.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

/** describeStatus: a waiting state shows only its reason (kubectl 1.32 prints no message for it). */
function stateLines(sim: Sim, out: Out, level: number, title: string, state: any): void {
  if (state.running) {
    out.w(level, `${title}:`, 'Running');
    out.w(level + 1, 'Started:', rfc1123z(sim, state.running.startedAt));
  } else if (state.terminated) {
    const t = state.terminated;
    out.w(level, `${title}:`, 'Terminated');
    if (t.reason) out.w(level + 1, 'Reason:', t.reason);
    if (t.message) out.w(level + 1, 'Message:', t.message);
    out.w(level + 1, 'Exit Code:', String(t.exitCode ?? 0));
    if (t.signal) out.w(level + 1, 'Signal:', String(t.signal));
    out.w(level + 1, 'Started:', rfc1123z(sim, t.startedAt));
    out.w(level + 1, 'Finished:', rfc1123z(sim, t.finishedAt));
  } else {
    out.w(level, `${title}:`, 'Waiting');
    if (state.waiting?.reason) out.w(level + 1, 'Reason:', state.waiting.reason);
  }
}

/** describeVolumes, at the pod's level or (space = two spaces) a template's. */
function volumesLines(out: Out, volumes: any[], space: string): void {
  if (volumes.length === 0) return out.w(0, `${space}Volumes:`, '<none>');
  out.lines.push(`${space}Volumes:`);
  for (const v of volumes) {
    out.w(1, `${space ? ' ' : ''}${v.name}:`);
    const two = (type: string, rows: [string, string][]) => {
      out.w(2, 'Type:', type);
      for (const [k, x] of rows) out.lines.push(`    ${k}:\t${x}`);
    };
    if (v.hostPath) two('HostPath (bare host directory volume)', [['Path', v.hostPath.path ?? ''], ['HostPathType', v.hostPath.type || '<none>']]);
    else if (v.emptyDir) two('EmptyDir (a temporary directory that shares a pod\'s lifetime)', [['Medium', v.emptyDir.medium ?? ''], ['SizeLimit', v.emptyDir.sizeLimit && memBytes(v.emptyDir.sizeLimit) > 0 ? String(v.emptyDir.sizeLimit) : '<unset>']]);
    else if (v.secret) two('Secret (a volume populated by a Secret)', [['SecretName', v.secret.secretName ?? ''], ['Optional', String(v.secret.optional === true)]]);
    else if (v.configMap) two('ConfigMap (a volume populated by a ConfigMap)', [['Name', v.configMap.name ?? ''], ['Optional', String(v.configMap.optional === true)]]);
    else if (v.persistentVolumeClaim) two('PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)', [['ClaimName', v.persistentVolumeClaim.claimName ?? ''], ['ReadOnly', String(v.persistentVolumeClaim.readOnly === true)]]);
    else if (v.projected) {
      out.w(2, 'Type:', 'Projected (a volume that contains injected data from multiple sources)');
      for (const src of v.projected.sources ?? []) {
        // A pointer kubectl prints with %v: <nil> when unset.
        const opt = (o: any) => (o?.optional === undefined ? '<nil>' : String(o.optional));
        if (src.secret) { out.w(2, 'SecretName:', src.secret.name ?? ''); out.lines.push(`    SecretOptionalName:\t${opt(src.secret)}`); }
        else if (src.downwardAPI) out.w(2, 'DownwardAPI:', 'true');
        else if (src.configMap) { out.w(2, 'ConfigMapName:', src.configMap.name ?? ''); out.lines.push(`    ConfigMapOptional:\t${opt(src.configMap)}`); }
        else if (src.serviceAccountToken) out.w(2, 'TokenExpirationSeconds:', String(src.serviceAccountToken.expirationSeconds ?? 3600));
      }
    } else if (v.downwardAPI) {
      out.w(2, 'Type:', 'DownwardAPI (a volume populated by information about the pod)');
      out.lines.push('    Items:');
      for (const it of v.downwardAPI.items ?? []) {
        if (it.fieldRef) out.w(3, `${it.fieldRef.fieldPath} -> ${it.path}`);
        if (it.resourceFieldRef) out.w(3, `${it.resourceFieldRef.resource} -> ${it.path}`);
      }
    } else out.w(1, '<unknown>');
  }
}

/** printTolerationsMultilineWithIndent, sorted by key. */
function tolerationLines(out: Out, title: string, tolerations: any[] | undefined): void {
  const tol = [...(tolerations ?? [])].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  if (tol.length === 0) return out.w(0, `${title}:`, '<none>');
  tol.forEach((t, i) => {
    let text = t.key ?? '';
    if (t.value) text += `=${t.value}`;
    if (t.effect) text += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) text += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) text += ` for ${t.tolerationSeconds}s`;
    out.w(0, i === 0 ? `${title}:` : '', text);
  });
}

/** DescribePodTemplate. */
function podTemplate(sim: Sim, out: Out, tpl: any): void {
  out.w(0, 'Pod Template:');
  if (!tpl) return out.w(1, '<unset>');
  mapLines(out, 0, '  Labels', tpl.metadata?.labels);
  if (Object.keys(tpl.metadata?.annotations ?? {}).length) mapLines(out, 0, '  Annotations', tpl.metadata.annotations, ': ');
  const spec = tpl.spec ?? {};
  if (spec.serviceAccountName) out.w(1, 'Service Account:', spec.serviceAccountName);
  if (spec.initContainers?.length) containersLines(sim, out, 'Init Containers', spec.initContainers, undefined, '  ');
  containersLines(sim, out, 'Containers', spec.containers ?? [], undefined, '  ');
  volumesLines(out, spec.volumes ?? [], '  ');
  if (spec.priorityClassName) out.w(1, 'Priority Class Name:', spec.priorityClassName);
  mapLines(out, 0, '  Node-Selectors', spec.nodeSelector);
  tolerationLines(out, '  Tolerations', spec.tolerations);
}

function describePod(sim: Sim, out: Out, p: KObject): void {
  const st = p.status ?? {};
  out.w(0, 'Name:', p.metadata.name);
  out.w(0, 'Namespace:', p.metadata.namespace ?? 'default');
  if (p.spec.priority !== undefined) out.w(0, 'Priority:', String(p.spec.priority));
  if (p.spec.priorityClassName) out.w(0, 'Priority Class Name:', p.spec.priorityClassName);
  if (p.spec.runtimeClassName) out.w(0, 'Runtime Class Name:', p.spec.runtimeClassName);
  if (p.spec.serviceAccountName) out.w(0, 'Service Account:', p.spec.serviceAccountName);
  out.w(0, 'Node:', p.spec.nodeName ? `${p.spec.nodeName}/${st.hostIP ?? ''}` : '<none>');
  if (st.startTime !== undefined) out.w(0, 'Start Time:', rfc1123z(sim, st.startTime));
  mapLines(out, 0, 'Labels', p.metadata.labels);
  mapLines(out, 0, 'Annotations', p.metadata.annotations, ': ');
  if (p.metadata.deletionTimestamp !== undefined && st.phase !== 'Failed' && st.phase !== 'Succeeded') {
    out.w(0, 'Status:', `Terminating (lasts ${humanDuration((sim.now - p.metadata.deletionTimestamp) / 1000)})`);
    out.w(0, 'Termination Grace Period:', `${p.metadata.deletionGracePeriodSeconds ?? p.spec.terminationGracePeriodSeconds ?? 30}s`);
  } else out.w(0, 'Status:', st.phase ?? '');
  if (st.reason) out.w(0, 'Reason:', st.reason);
  if (st.message) out.w(0, 'Message:', st.message);
  const seccomp = p.spec.securityContext?.seccompProfile;
  if (seccomp) {
    out.w(0, 'SeccompProfile:', seccomp.type ?? '');
    if (seccomp.type === 'Localhost') out.w(0, 'LocalhostProfile:', seccomp.localhostProfile ?? '');
  }
  out.w(0, 'IP:', st.podIP ?? '');
  const ips = (st.podIPs ?? []) as { ip: string }[];
  if (ips.length === 0) out.w(0, 'IPs:', '<none>');
  else {
    out.w(0, 'IPs:');
    for (const ip of ips) out.w(1, 'IP:', ip.ip);
  }
  const owner = controllerOf(p);
  if (owner) out.w(0, 'Controlled By:', `${owner.kind}/${owner.name}`);
  if (st.nominatedNodeName) out.w(0, 'NominatedNodeName:', st.nominatedNodeName);
  if ((p.spec.initContainers ?? []).length) containersLines(sim, out, 'Init Containers', p.spec.initContainers, st.initContainerStatuses, '', p);
  containersLines(sim, out, 'Containers', p.spec.containers ?? [], st.containerStatuses ?? [], '', p);
  const conds = (st.conditions ?? []) as { type: string; status: string }[];
  if (conds.length) {
    out.w(0, 'Conditions:');
    out.w(1, 'Type', 'Status');
    // kubectl writes "%v \t%v \n": the type's cell ends in a space.
    for (const c of conds) out.w(1, `${c.type} `, `${c.status} `);
  }
  volumesLines(out, p.spec.volumes ?? [], '');
  out.w(0, 'QoS Class:', st.qosClass ?? podQosClass(p.spec));
  mapLines(out, 0, 'Node-Selectors', p.spec.nodeSelector);
  tolerationLines(out, 'Tolerations', p.spec.tolerations);
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function podCounts(sim: Sim, o: KObject): string {
  const pods = withMinikube(sim, 'Pod', sim.store.list('Pod', o.metadata.namespace), o.metadata.namespace).filter((p) => controllerOf(p)?.uid === o.metadata.uid);
  const n = (phase: string) => pods.filter((p) => (p.status?.phase ?? 'Pending') === phase).length;
  return `${n('Running')} Running / ${n('Pending')} Waiting / ${n('Succeeded')} Succeeded / ${n('Failed')} Failed`;
}

function describeDeployment(sim: Sim, out: Out, d: KObject): void {
  out.w(0, 'Name:', d.metadata.name);
  out.w(0, 'Namespace:', d.metadata.namespace ?? '');
  out.w(0, 'CreationTimestamp:', rfc1123z(sim, d.metadata.creationTimestamp));
  mapLines(out, 0, 'Labels', d.metadata.labels);
  mapLines(out, 0, 'Annotations', d.metadata.annotations, ': ');
  out.w(0, 'Selector:', selectorText(d.spec.selector));
  const s = d.status ?? {};
  out.w(0, 'Replicas:', `${d.spec.replicas ?? 1} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable`);
  const strategy = d.spec.strategy?.type ?? 'RollingUpdate';
  out.w(0, 'StrategyType:', strategy);
  out.w(0, 'MinReadySeconds:', String(d.spec.minReadySeconds ?? 0));
  if (strategy === 'RollingUpdate') {
    const ru = d.spec.strategy?.rollingUpdate ?? {};
    out.w(0, 'RollingUpdateStrategy:', `${ru.maxUnavailable ?? '25%'} max unavailable, ${ru.maxSurge ?? '25%'} max surge`);
  }
  podTemplate(sim, out, d.spec.template);
  conditionsTable(out, s.conditions);
  const rss = sim.store.list('ReplicaSet', d.metadata.namespace).filter((r) => controllerOf(r)?.uid === d.metadata.uid);
  const newest = rss.sort((a, b) => Number(b.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0) - Number(a.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0))[0];
  const old = rss.filter((r) => r !== newest && (r.spec.replicas ?? 0) > 0);
  const rsText = (r: KObject) => `${r.metadata.name} (${r.status?.replicas ?? 0}/${r.spec.replicas ?? 0} replicas created)`;
  out.w(0, 'OldReplicaSets:', old.length ? old.map(rsText).join(', ') : '<none>');
  out.w(0, 'NewReplicaSet:', newest ? rsText(newest) : '<none>');
  events(sim, out, d);
}

function conditionsTable(out: Out, conds: { type: string; status: string; reason?: string }[] | undefined): void {
  if (!conds?.length) return;
  out.w(0, 'Conditions:');
  out.w(1, 'Type', 'Status', 'Reason');
  out.w(1, '----', '------', '------');
  for (const c of conds) out.w(1, c.type, c.status, c.reason ?? '');
}

function describeReplicaSet(sim: Sim, out: Out, r: KObject): void {
  out.w(0, 'Name:', r.metadata.name);
  out.w(0, 'Namespace:', r.metadata.namespace ?? '');
  out.w(0, 'Selector:', r.kind === 'ReplicationController' ? selectorText(r.spec.selector, true) : selectorText(r.spec.selector));
  mapLines(out, 0, 'Labels', r.metadata.labels);
  mapLines(out, 0, 'Annotations', r.metadata.annotations, ': ');
  const owner = controllerOf(r);
  if (owner) out.w(0, 'Controlled By:', `${owner.kind}/${owner.name}`);
  out.w(0, 'Replicas:', `${r.status?.replicas ?? 0} current / ${r.spec.replicas ?? 1} desired`);
  out.w(0, 'Pods Status:', podCounts(sim, r));
  podTemplate(sim, out, r.spec.template);
  events(sim, out, r);
}

function describeJob(sim: Sim, out: Out, j: KObject): void {
  out.w(0, 'Name:', j.metadata.name);
  out.w(0, 'Namespace:', j.metadata.namespace ?? '');
  out.w(0, 'Selector:', labelSelectorText(j.spec.selector));
  mapLines(out, 0, 'Labels', j.metadata.labels);
  mapLines(out, 0, 'Annotations', j.metadata.annotations, ': ');
  const owner = controllerOf(j);
  if (owner) out.w(0, 'Controlled By:', `${owner.kind}/${owner.name}`);
  if (j.spec.parallelism !== undefined) out.w(0, 'Parallelism:', String(j.spec.parallelism));
  out.w(0, 'Completions:', j.spec.completions !== undefined ? String(j.spec.completions) : '<unset>');
  if (j.spec.completionMode) out.w(0, 'Completion Mode:', j.spec.completionMode);
  if (j.spec.suspend !== undefined) out.w(0, 'Suspend:', String(j.spec.suspend));
  if (j.spec.backoffLimit !== undefined) out.w(0, 'Backoff Limit:', String(j.spec.backoffLimit));
  if (j.spec.ttlSecondsAfterFinished !== undefined) out.w(0, 'TTL Seconds After Finished:', String(j.spec.ttlSecondsAfterFinished));
  const st = j.status ?? {};
  if (st.startTime !== undefined) out.w(0, 'Start Time:', rfc1123z(sim, st.startTime));
  if (st.completionTime !== undefined) out.w(0, 'Completed At:', rfc1123z(sim, st.completionTime));
  if (st.startTime !== undefined && st.completionTime !== undefined) out.w(0, 'Duration:', humanDuration((st.completionTime - st.startTime) / 1000));
  if (j.spec.activeDeadlineSeconds !== undefined) out.w(0, 'Active Deadline Seconds:', `${j.spec.activeDeadlineSeconds}s`);
  out.w(0, 'Pods Statuses:', st.ready === undefined ? `${st.active ?? 0} Active / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed` : `${st.active ?? 0} Active (${st.ready} Ready) / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed`);
  podTemplate(sim, out, j.spec.template);
  events(sim, out, j);
}

function describeCronJob(sim: Sim, out: Out, c: KObject): void {
  meta(out, c);
  out.w(0, 'Schedule:', String(c.spec.schedule));
  out.w(0, 'Concurrency Policy:', c.spec.concurrencyPolicy ?? '');
  out.w(0, 'Suspend:', c.spec.suspend === undefined ? '<unset>' : c.spec.suspend ? 'True' : 'False');
  out.w(0, 'Successful Job History Limit:', c.spec.successfulJobsHistoryLimit !== undefined ? String(c.spec.successfulJobsHistoryLimit) : '<unset>');
  out.w(0, 'Failed Job History Limit:', c.spec.failedJobsHistoryLimit !== undefined ? String(c.spec.failedJobsHistoryLimit) : '<unset>');
  out.w(0, 'Starting Deadline Seconds:', c.spec.startingDeadlineSeconds !== undefined ? `${c.spec.startingDeadlineSeconds}s` : '<unset>');
  // describeJobTemplate
  const jt = c.spec.jobTemplate?.spec ?? {};
  out.w(0, 'Selector:', jt.selector ? labelSelectorText(jt.selector) : '<unset>');
  out.w(0, 'Parallelism:', jt.parallelism !== undefined ? String(jt.parallelism) : '<unset>');
  out.w(0, 'Completions:', jt.completions !== undefined ? String(jt.completions) : '<unset>');
  if (jt.activeDeadlineSeconds !== undefined) out.w(0, 'Active Deadline Seconds:', `${jt.activeDeadlineSeconds}s`);
  podTemplate(sim, out, jt.template);
  out.w(0, 'Last Schedule Time:', c.status?.lastScheduleTime !== undefined ? rfc1123z(sim, c.status.lastScheduleTime) : '<unset>');
  const active = (c.status?.active ?? []) as { name: string }[];
  out.w(0, 'Active Jobs:', active.length ? active.map((a) => a.name).join(', ') : '<none>');
  events(sim, out, c);
}

/** describeEndpoints: each subset's ready and not-ready addresses and its ports. */
function describeEndpoints(sim: Sim, out: Out, e: KObject): void {
  meta(out, e);
  out.lines.push('Subsets:');
  for (const sub of (e.subsets ?? []) as { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[]; ports?: { name?: string; port: number; protocol?: string }[] }[]) {
    out.w(1, 'Addresses:', (sub.addresses ?? []).map((a) => a.ip).join(',') || '<none>');
    out.w(1, 'NotReadyAddresses:', (sub.notReadyAddresses ?? []).map((a) => a.ip).join(',') || '<none>');
    if (sub.ports?.length) {
      out.w(1, 'Ports:');
      out.w(2, 'Name', 'Port', 'Protocol');
      out.w(2, '----', '----', '--------');
      for (const p of sub.ports) out.w(2, p.name || '<unset>', String(p.port), p.protocol ?? 'TCP');
    }
    out.lines.push('');
  }
  events(sim, out, e);
}

function describeService(sim: Sim, out: Out, s: KObject): void {
  meta(out, s);
  out.w(0, 'Selector:', Object.entries((s.spec.selector ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(',') || '<none>');
  out.w(0, 'Type:', s.spec.type ?? '');
  if (s.spec.ipFamilyPolicy) out.w(0, 'IP Family Policy:', s.spec.ipFamilyPolicy);
  out.w(0, 'IP Families:', (s.spec.ipFamilies ?? []).join(',') || '<none>');
  out.w(0, 'IP:', s.spec.clusterIP ?? '');
  out.w(0, 'IPs:', (s.spec.clusterIPs ?? []).join(',') || '<none>');
  if (s.spec.externalIPs?.length) out.w(0, 'External IPs:', s.spec.externalIPs.join(','));
  if (s.spec.loadBalancerIP) out.w(0, 'IP:', s.spec.loadBalancerIP);
  if (s.spec.externalName) out.w(0, 'External Name:', s.spec.externalName);
  const eps = sim.store.list('EndpointSlice', s.metadata.namespace).filter((e) => e.metadata.labels?.['kubernetes.io/service-name'] === s.metadata.name);
  for (const p of (s.spec.ports ?? []) as { name?: string; port: number; protocol?: string; targetPort?: number | string; nodePort?: number }[]) {
    const name = p.name || '<unset>';
    out.w(0, 'Port:', name, `${p.port}/${p.protocol ?? 'TCP'}`);
    out.w(0, 'TargetPort:', `${p.targetPort ?? p.port}/${p.protocol ?? 'TCP'}`);
    if (p.nodePort) out.w(0, 'NodePort:', name, `${p.nodePort}/${p.protocol ?? 'TCP'}`);
    const addrs: string[] = [];
    for (const e of eps) {
      const port = (e.ports ?? []).find((x: { name?: string }) => (x.name ?? '') === (p.name ?? ''))?.port;
      for (const ep of e.endpoints ?? []) if (ep.conditions?.ready !== false) addrs.push(`${ep.addresses[0]}${port !== undefined ? `:${port}` : ''}`);
    }
    out.w(0, 'Endpoints:', addrs.join(','));
  }
  out.w(0, 'Session Affinity:', s.spec.sessionAffinity ?? '');
  if (s.spec.externalTrafficPolicy) out.w(0, 'External Traffic Policy:', s.spec.externalTrafficPolicy);
  if (s.spec.internalTrafficPolicy) out.w(0, 'Internal Traffic Policy:', s.spec.internalTrafficPolicy);
  if (s.spec.healthCheckNodePort) out.w(0, 'HealthCheck NodePort:', String(s.spec.healthCheckNodePort));
  if (s.spec.loadBalancerSourceRanges?.length) out.w(0, 'LoadBalancer Source Ranges:', s.spec.loadBalancerSourceRanges.join(','));
  events(sim, out, s);
}

function describeNode(sim: Sim, out: Out, n: KObject): void {
  out.w(0, 'Name:', n.metadata.name);
  const roles = Object.keys(n.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24));
  out.w(0, 'Roles:', roles.join(',') || '<none>');
  mapLines(out, 0, 'Labels', n.metadata.labels);
  mapLines(out, 0, 'Annotations', n.metadata.annotations, ': ');
  out.w(0, 'CreationTimestamp:', rfc1123z(sim, n.metadata.creationTimestamp));
  const taints = (n.spec?.taints ?? []) as { key: string; value?: string; effect: string }[];
  if (!taints.length) out.w(0, 'Taints:', '<none>');
  taints.forEach((t, i) => out.w(0, i === 0 ? 'Taints:' : '', `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`));
  out.w(0, 'Unschedulable:', n.spec?.unschedulable ? 'true' : 'false');
  // The kubelet renews its lease and posts its status continuously: both are as of now.
  out.w(0, 'Lease:');
  out.w(1, 'HolderIdentity:', n.metadata.name);
  out.w(1, 'AcquireTime:', '<unset>');
  out.w(1, 'RenewTime:', rfc1123z(sim, sim.now));
  out.w(0, 'Conditions:');
  out.w(1, 'Type', 'Status', 'LastHeartbeatTime', 'LastTransitionTime', 'Reason', 'Message');
  out.w(1, '----', '------', '-----------------', '------------------', '------', '-------');
  for (const c of (n.status?.conditions ?? []) as { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: number }[])
    out.w(1, c.type, c.status, rfc1123z(sim, sim.now), rfc1123z(sim, c.lastTransitionTime ?? n.metadata.creationTimestamp), c.reason ?? '', c.message ?? '');
  out.w(0, 'Addresses:');
  for (const a of (n.status?.addresses ?? []) as { type: string; address: string }[]) out.w(1, `${a.type}:`, a.address);
  // kubectl lists resources by name (SortedResourceNames).
  for (const [title, m] of [['Capacity', n.status?.capacity], ['Allocatable', n.status?.allocatable]] as const) {
    out.w(0, `${title}:`);
    for (const k of Object.keys(m ?? {}).sort()) out.w(1, `${k}:`, String(m[k]));
  }
  const info = n.status?.nodeInfo ?? {};
  out.w(0, 'System Info:');
  for (const [label, key] of [['Machine ID', 'machineID'], ['System UUID', 'systemUUID'], ['Boot ID', 'bootID'], ['Kernel Version', 'kernelVersion'], ['OS Image', 'osImage'], ['Operating System', 'operatingSystem'], ['Architecture', 'architecture'], ['Container Runtime Version', 'containerRuntimeVersion'], ['Kubelet Version', 'kubeletVersion'], ['Kube-Proxy Version', 'kubeProxyVersion']])
    out.w(1, `${label}:`, String(info[key] ?? ''));
  if (n.spec?.podCIDR) out.w(0, 'PodCIDR:', n.spec.podCIDR);
  if (n.spec?.podCIDRs?.length) out.w(0, 'PodCIDRs:', n.spec.podCIDRs.join(','));
  // The pods bound to the node that have not finished, the simulation's and minikube's own.
  const bound = [...sim.store.podsOn(n.metadata.name), ...withMinikube(sim, 'Pod', [], undefined).filter((p) => p.spec?.nodeName === n.metadata.name)];
  const pods = bound.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    .sort((x, y) => (x.metadata.namespace ?? '').localeCompare(y.metadata.namespace ?? '') || x.metadata.name.localeCompare(y.metadata.name));
  const allocatable = n.status?.allocatable ?? {};
  const cpuAlloc = cpuMilli(allocatable.cpu);
  const memAlloc = memBytes(allocatable.memory);
  const pct = (v: number, total: number) => (total > 0 ? Math.trunc((v / total) * 100) : 0);
  const cpuText = (m: number) => `${m === 0 ? '0' : formatCpu(m)} (${pct(m, cpuAlloc)}%)`;
  const memText = (b: number) => `${b === 0 ? '0' : formatMem(b)} (${pct(b, memAlloc)}%)`;
  const sums = (p: KObject) => {
    const total = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0 };
    for (const c of (p.spec?.containers ?? []) as { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[]) {
      total.cpuReq += cpuMilli(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu ?? 0);
      total.cpuLim += cpuMilli(c.resources?.limits?.cpu ?? 0);
      total.memReq += memBytes(c.resources?.requests?.memory ?? c.resources?.limits?.memory ?? 0);
      total.memLim += memBytes(c.resources?.limits?.memory ?? 0);
    }
    return total;
  };
  out.w(0, 'Non-terminated Pods:', `(${pods.length} in total)`);
  out.w(1, 'Namespace', 'Name', 'CPU Requests', 'CPU Limits', 'Memory Requests', 'Memory Limits', 'Age');
  out.w(1, '---------', '----', '------------', '----------', '---------------', '-------------', '---');
  const all = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0 };
  for (const p of pods) {
    const t = sums(p);
    all.cpuReq += t.cpuReq; all.cpuLim += t.cpuLim; all.memReq += t.memReq; all.memLim += t.memLim;
    out.w(1, p.metadata.namespace ?? '', p.metadata.name, cpuText(t.cpuReq), cpuText(t.cpuLim), memText(t.memReq), memText(t.memLim), humanDuration((sim.now - p.metadata.creationTimestamp) / 1000));
  }
  out.w(0, 'Allocated resources:');
  out.w(1, '(Total limits may be over 100 percent, i.e., overcommitted.)');
  out.w(1, 'Resource', 'Requests', 'Limits');
  out.w(1, '--------', '--------', '------');
  out.w(1, 'cpu', cpuText(all.cpuReq), cpuText(all.cpuLim));
  out.w(1, 'memory', memText(all.memReq), memText(all.memLim));
  for (const r of Object.keys(allocatable).filter((k) => k === 'ephemeral-storage' || k.startsWith('hugepages-')).sort()) out.w(1, r, '0 (0%)', '0 (0%)');
  events(sim, out, n);
}

function describeDaemonSet(sim: Sim, out: Out, d: KObject): void {
  out.w(0, 'Name:', d.metadata.name);
  out.w(0, 'Selector:', selectorText(d.spec.selector));
  out.w(0, 'Node-Selector:', Object.entries(d.spec.template?.spec?.nodeSelector ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(',') || '<none>');
  mapLines(out, 0, 'Labels', d.metadata.labels);
  mapLines(out, 0, 'Annotations', d.metadata.annotations, ': ');
  const s = d.status ?? {};
  // kubectl writes these five without a tab: they are not aligned.
  out.lines.push(`Desired Number of Nodes Scheduled: ${s.desiredNumberScheduled ?? 0}`);
  out.lines.push(`Current Number of Nodes Scheduled: ${s.currentNumberScheduled ?? 0}`);
  out.lines.push(`Number of Nodes Scheduled with Up-to-date Pods: ${s.updatedNumberScheduled ?? 0}`);
  out.lines.push(`Number of Nodes Scheduled with Available Pods: ${s.numberAvailable ?? 0}`);
  out.lines.push(`Number of Nodes Misscheduled: ${s.numberMisscheduled ?? 0}`);
  out.w(0, 'Pods Status:', podCounts(sim, d));
  podTemplate(sim, out, d.spec.template);
  events(sim, out, d);
}
function describeStatefulSet(sim: Sim, out: Out, s: KObject): void {
  out.w(0, 'Name:', s.metadata.name);
  out.w(0, 'Namespace:', s.metadata.namespace ?? 'default');
  out.w(0, 'CreationTimestamp:', rfc1123z(sim, s.metadata.creationTimestamp));
  out.w(0, 'Selector:', selectorText(s.spec.selector));
  mapLines(out, 0, 'Labels', s.metadata.labels);
  mapLines(out, 0, 'Annotations', s.metadata.annotations, ': ');
  out.w(0, 'Replicas:', `${s.spec.replicas ?? 1} desired | ${s.status?.replicas ?? 0} total`);
  out.w(0, 'Update Strategy:', s.spec.updateStrategy?.type ?? '');
  const ru = s.spec.updateStrategy?.rollingUpdate;
  if (ru?.partition !== undefined) {
    out.w(1, 'Partition:', String(ru.partition));
    if (ru.maxUnavailable !== undefined) out.w(1, 'MaxUnavailable:', String(ru.maxUnavailable));
  }
  out.w(0, 'Pods Status:', podCounts(sim, s));
  podTemplate(sim, out, s.spec.template);
  const claims = (s.spec.volumeClaimTemplates ?? []) as { metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: { storageClassName?: string; resources?: { requests?: { storage?: string } }; accessModes?: string[] } }[];
  if (!claims.length) out.w(0, 'Volume Claims:', '<none>');
  else {
    out.w(0, 'Volume Claims:');
    for (const c of claims) {
      out.w(1, 'Name:', c.metadata.name);
      out.w(1, 'StorageClass:', c.spec?.storageClassName ?? '');
      mapLines(out, 1, 'Labels', c.metadata.labels);
      mapLines(out, 1, 'Annotations', c.metadata.annotations, '=');
      out.w(1, 'Capacity:', c.spec?.resources?.requests?.storage ?? '<default>');
      // %s of a slice: [ReadWriteOnce ReadOnlyMany]
      out.w(1, 'Access Modes:', `[${(c.spec?.accessModes ?? []).join(' ')}]`);
    }
  }
  events(sim, out, s);
}

function describeNamespace(sim: Sim, out: Out, n: KObject): void {
  meta(out, n);
  out.w(0, 'Status:', n.metadata.deletionTimestamp !== undefined ? 'Terminating' : 'Active');
  const quotas = sim.store.list('ResourceQuota', n.metadata.name);
  const limits = sim.store.list('LimitRange', n.metadata.name);
  out.lines.push('');
  if (!quotas.length) out.lines.push('No resource quota.');
  for (const q of quotas) {
    out.w(0, 'Resource Quotas');
    out.w(1, 'Name:', q.metadata.name);
    out.w(1, 'Resource', 'Used', 'Hard');
    out.w(1, '--------', '---', '---');
    for (const [k, v] of Object.entries(q.spec?.hard ?? {})) out.w(1, k, String(q.status?.used?.[k] ?? '0'), String(v));
  }
  out.lines.push('');
  out.lines.push(limits.length ? `${limits.length} LimitRange resource${limits.length === 1 ? '' : 's'}: ${limits.map((l) => l.metadata.name).join(', ')}` : 'No LimitRange resource.');
}

function describeConfigMap(sim: Sim, out: Out, c: KObject): void {
  meta(out, c);
  out.lines.push('', 'Data', '====');
  for (const [k, v] of Object.entries(c.data ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) out.lines.push(`${k}:`, '----', String(v), '');
  out.lines.push('', 'BinaryData', '====', '');
  events(sim, out, c);
}

function describeSecret(sim: Sim, out: Out, c: KObject): void {
  meta(out, c);
  out.lines.push('');
  out.w(0, 'Type:', c.type ?? 'Opaque');
  out.lines.push('', 'Data', '====');
  const sizes: Record<string, number> = {};
  for (const [k, v] of Object.entries(c.data ?? {})) sizes[k] = Buffer.from(String(v), 'base64').length;
  for (const [k, v] of Object.entries(c.stringData ?? {})) sizes[k] = Buffer.from(String(v)).length;
  for (const k of Object.keys(sizes).sort()) out.w(0, `${k}:`, `${sizes[k]} bytes`);
}

function describeServiceAccount(sim: Sim, out: Out, a: KObject): void {
  meta(out, a);
  out.w(0, 'Image pull secrets:', (a.imagePullSecrets ?? []).map((s: { name: string }) => s.name).join(', ') || '<none>');
  out.w(0, 'Mountable secrets:', '<none>');
  out.w(0, 'Tokens:', '<none>');
  events(sim, out, a);
}

function describeHpa(sim: Sim, out: Out, h: KObject): void {
  meta(out, h);
  out.w(0, 'CreationTimestamp:', rfc1123z(sim, h.metadata.creationTimestamp));
  const ref = h.spec?.scaleTargetRef ?? {};
  out.w(0, 'Reference:', `${ref.kind}/${ref.name}`);
  out.w(0, 'Metrics:', '( current / target )');
  for (const m of h.spec?.metrics ?? []) {
    const t = m.resource?.target ?? {};
    out.w(1, `resource ${m.resource?.name} on pods${t.averageUtilization !== undefined ? '  (as a percentage of request)' : ''}:`, `<unknown> / ${t.averageUtilization !== undefined ? `${t.averageUtilization}%` : t.averageValue ?? ''}`);
  }
  out.w(0, 'Min replicas:', String(h.spec?.minReplicas ?? 1));
  out.w(0, 'Max replicas:', String(h.spec?.maxReplicas ?? ''));
  out.w(0, `${ref.kind} pods:`, `${h.status?.currentReplicas ?? 0} current / ${h.status?.desiredReplicas ?? 0} desired`);
  // The HPA controller's conditions (controllers/hpa.ts), as describeHorizontalPodAutoscalerV2 lists them.
  const conds = (h.status?.conditions ?? []) as { type: string; status: string; reason?: string; message?: string }[];
  if (conds.length) {
    out.w(0, 'Conditions:');
    out.w(1, 'Type', 'Status', 'Reason', 'Message');
    out.w(1, '----', '------', '------', '-------');
    for (const c of conds) out.w(1, c.type, c.status, c.reason ?? '', c.message ?? '');
  }
  events(sim, out, h);
}

/** kubectl's describePodDisruptionBudget: the budget as written, the selector, then the status the disruption controller keeps. */
function describePdb(sim: Sim, out: Out, b: KObject): void {
  out.w(0, 'Name:', b.metadata.name);
  out.w(0, 'Namespace:', b.metadata.namespace ?? 'default');
  const { minAvailable, maxUnavailable, selector } = b.spec ?? {};
  if (minAvailable !== undefined && minAvailable !== null) out.w(0, 'Min available:', String(minAvailable));
  else if (maxUnavailable !== undefined && maxUnavailable !== null) out.w(0, 'Max unavailable:', String(maxUnavailable));
  // A nil selector selects nothing and an empty one everything: both print as an empty string.
  out.w(0, 'Selector:', selector ? labelSelectorText(selector) : '');
  out.w(0, 'Status:');
  const st = b.status ?? {};
  out.w(2, 'Allowed disruptions:', String(st.disruptionsAllowed ?? 0));
  out.w(2, 'Current:', String(st.currentHealthy ?? 0));
  out.w(2, 'Desired:', String(st.desiredHealthy ?? 0));
  out.w(2, 'Total:', String(st.expectedPods ?? 0));
  events(sim, out, b);
}

/** kubectl's describeQuota: name, namespace, scopes, then each resource's use against its limit. */
function describeQuota(sim: Sim, out: Out, q: KObject): void {
  out.w(0, 'Name:', q.metadata.name);
  out.w(0, 'Namespace:', q.metadata.namespace ?? 'default');
  const scopes = (q.spec?.scopes ?? []) as string[];
  if (scopes.length) {
    out.w(0, 'Scopes:', scopes.join(', '));
  }
  const used = quotaUsage(q, sim.store);
  out.w(0, 'Resource', 'Used', 'Hard');
  out.w(0, '--------', '----', '----');
  for (const k of Object.keys(q.spec?.hard ?? {}).sort()) out.w(0, k, used[k], String(q.spec.hard[k]));
}

// ---- RBAC, networking, storage, scheduling (kubectl's describers for these kinds) ----------------

interface Rule { verbs?: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] }

/** rbac.BreakdownRule, CompactRules and SortableRuleSlice: one row per group and resource, verbs merged, sorted as the rules print. */
function policyRows(rules: Rule[]): string[][] {
  const broken: Rule[] = [];
  for (const r of rules) {
    for (const g of r.apiGroups ?? [])
      for (const res of r.resources ?? []) {
        if (!r.resourceNames?.length) broken.push({ verbs: [...(r.verbs ?? [])], apiGroups: [g], resources: [res] });
        for (const n of r.resourceNames ?? []) broken.push({ verbs: [...(r.verbs ?? [])], apiGroups: [g], resources: [res], resourceNames: [n] });
      }
    for (const u of r.nonResourceURLs ?? []) broken.push({ verbs: [...(r.verbs ?? [])], nonResourceURLs: [u] });
  }
  const compact: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of broken) {
    if ((r.resourceNames?.length ?? 0) > 1 || r.nonResourceURLs?.length) {
      compact.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups, r.resources, r.resourceNames]);
    const known = simple.get(key);
    if (known) known.verbs!.push(...(r.verbs ?? []));
    else {
      simple.set(key, r);
      compact.push(r);
    }
  }
  const list = (v: string[] | undefined) => `[${(v ?? []).join(' ')}]`;
  const text = (r: Rule) => `&PolicyRule{Verbs:${list(r.verbs)},APIGroups:${list(r.apiGroups)},Resources:${list(r.resources)},ResourceNames:${list(r.resourceNames)},NonResourceURLs:${list(r.nonResourceURLs)},}`;
  return compact
    .map((r, i) => ({ r, i, t: text(r) }))
    .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i))
    .map(({ r }) => {
      const res = r.resources?.[0] ?? '';
      const [head, sub] = res.split(/\/(.*)/s);
      const group = r.apiGroups?.[0] ?? '';
      const combined = res ? `${head}${group ? '.' + group : ''}${sub !== undefined ? '/' + sub : ''}` : '';
      return [combined, list(r.nonResourceURLs), list(r.resourceNames), list(r.verbs)];
    });
}

function describeRole(_sim: Sim, out: Out, r: KObject): void {
  out.w(0, 'Name:', r.metadata.name);
  mapLines(out, 0, 'Labels', r.metadata.labels);
  mapLines(out, 0, 'Annotations', r.metadata.annotations, ': ');
  out.w(0, 'PolicyRule:');
  out.w(1, 'Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs');
  out.w(1, '---------', '-----------------', '--------------', '-----');
  for (const row of policyRows(r.rules ?? [])) out.w(1, ...row);
}

function describeBinding(_sim: Sim, out: Out, b: KObject): void {
  out.w(0, 'Name:', b.metadata.name);
  mapLines(out, 0, 'Labels', b.metadata.labels);
  mapLines(out, 0, 'Annotations', b.metadata.annotations, ': ');
  out.w(0, 'Role:');
  out.w(1, 'Kind:', String(b.roleRef?.kind ?? ''));
  out.w(1, 'Name:', String(b.roleRef?.name ?? ''));
  out.w(0, 'Subjects:');
  out.w(1, 'Kind', 'Name', 'Namespace');
  out.w(1, '----', '----', '---------');
  for (const s of (b.subjects ?? []) as { kind?: string; name?: string; namespace?: string }[]) out.w(1, s.kind ?? '', s.name ?? '', s.namespace ?? '');
}

/** labels.FormatLabels: `k=v,k2=v2` sorted by key, `<none>` when empty (what some describers print annotations as). */
function formatLabels(m: Record<string, unknown> | undefined): string {
  const entries = Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length ? entries.map(([k, v]) => `${k}=${String(v)}`).join(',') : '<none>';
}

/** Go's time.Time String() in UTC: `2026-01-01 00:00:00 +0000 UTC`. */
function goTime(sim: Sim, ms: number): string {
  return new Date(sim.epochMs + ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' +0000 UTC');
}

function describeStorageClass(sim: Sim, out: Out, c: KObject): void {
  out.w(0, 'Name:', c.metadata.name);
  out.w(0, 'IsDefaultClass:', isDefaultClass(c) ? 'Yes' : 'No');
  out.w(0, 'Annotations:', formatLabels(c.metadata.annotations));
  out.w(0, 'Provisioner:', String(c.provisioner ?? ''));
  out.w(0, 'Parameters:', formatLabels(c.parameters));
  out.w(0, 'AllowVolumeExpansion:', c.allowVolumeExpansion === undefined ? '<unset>' : String(Boolean(c.allowVolumeExpansion)));
  out.w(0, 'MountOptions:', (c.mountOptions ?? []).length ? '' : '<none>');
  for (const m of c.mountOptions ?? []) out.w(1, String(m));
  out.w(0, 'ReclaimPolicy:', c.reclaimPolicy ?? 'Delete');
  out.w(0, 'VolumeBindingMode:', c.volumeBindingMode ?? 'Immediate');
  events(sim, out, c);
}

function describePriorityClass(sim: Sim, out: Out, c: KObject): void {
  out.w(0, 'Name:', c.metadata.name);
  out.w(0, 'Value:', String(c.value ?? 0));
  out.w(0, 'GlobalDefault:', String(Boolean(c.globalDefault)));
  out.w(0, 'PreemptionPolicy:', c.preemptionPolicy ?? '<unset>');
  out.w(0, 'Description:', c.description ?? '');
  out.w(0, 'Annotations:', formatLabels(c.metadata.annotations));
  events(sim, out, c);
}

function volumeSource(out: Out, spec: Record<string, any>): void {
  if (spec.hostPath) {
    out.w(2, 'Type:', 'HostPath (bare host directory volume)');
    out.w(2, 'Path:', String(spec.hostPath.path ?? ''));
    out.w(2, 'HostPathType:', spec.hostPath.type || '<none>');
  } else if (spec.local) {
    out.w(2, 'Type:', 'LocalVolume (a persistent volume backed by local storage on a node)');
    out.w(2, 'Path:', String(spec.local.path ?? ''));
  } else if (spec.nfs) {
    out.w(2, 'Type:', 'NFS (an NFS mount that lasts the lifetime of a pod)');
    out.w(2, 'Server:', String(spec.nfs.server ?? ''));
    out.w(2, 'Path:', String(spec.nfs.path ?? ''));
    out.w(2, 'ReadOnly:', String(Boolean(spec.nfs.readOnly)));
  } else if (spec.csi) {
    out.w(2, 'Type:', 'CSI (a Container Storage Interface (CSI) volume source)');
    out.w(2, 'Driver:', String(spec.csi.driver ?? ''));
    out.w(2, 'FSType:', String(spec.csi.fsType ?? ''));
    out.w(2, 'VolumeHandle:', String(spec.csi.volumeHandle ?? ''));
    out.w(2, 'ReadOnly:', String(Boolean(spec.csi.readOnly)));
  }
}

function describePersistentVolume(sim: Sim, out: Out, v: KObject): void {
  const spec = v.spec ?? {};
  out.w(0, 'Name:', v.metadata.name);
  mapLines(out, 0, 'Labels', v.metadata.labels);
  mapLines(out, 0, 'Annotations', v.metadata.annotations, ': ');
  out.w(0, 'Finalizers:', `[${((v.metadata as { finalizers?: string[] }).finalizers ?? []).join(' ')}]`);
  out.w(0, 'StorageClass:', volumeClass(v));
  out.w(0, 'Status:', v.metadata.deletionTimestamp !== undefined ? 'Terminating (lasts <unknown>)' : v.status?.phase ?? '');
  out.w(0, 'Claim:', spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '');
  out.w(0, 'Reclaim Policy:', spec.persistentVolumeReclaimPolicy ?? '');
  out.w(0, 'Access Modes:', accessModesText(spec.accessModes));
  out.w(0, 'VolumeMode:', spec.volumeMode ?? 'Filesystem');
  out.w(0, 'Capacity:', String(spec.capacity?.storage ?? ''));
  const terms = (spec.nodeAffinity?.required?.nodeSelectorTerms ?? []) as { matchExpressions?: { key: string; operator: string; values?: string[] }[] }[];
  if (!terms.length) out.w(0, 'Node Affinity:', '<none>');
  else {
    out.w(0, 'Node Affinity:', '');
    out.w(1, 'Required Terms:', '');
    terms.forEach((t, i) => (t.matchExpressions ?? []).forEach((e, j) => out.w(2, j === 0 ? `Term ${i}:` : '', `${e.key} ${e.operator.toLowerCase()} [${(e.values ?? []).join(', ')}]`)));
  }
  out.w(0, 'Message:', v.status?.message ?? '');
  out.w(0, 'Source:');
  volumeSource(out, spec);
  events(sim, out, v);
}

function describeIngressClass(sim: Sim, out: Out, c: KObject): void {
  out.w(0, 'Name:', c.metadata.name);
  mapLines(out, 0, 'Labels', c.metadata.labels);
  mapLines(out, 0, 'Annotations', c.metadata.annotations, ': ');
  out.w(0, 'Controller:', String(c.spec?.controller ?? ''));
  const p = c.spec?.parameters;
  if (p) {
    out.w(0, 'Parameters:');
    if (p.apiGroup) out.w(1, 'APIGroup:', String(p.apiGroup));
    out.w(1, 'Kind:', String(p.kind ?? ''));
    out.w(1, 'Name:', String(p.name ?? ''));
    if (p.namespace) out.w(1, 'Namespace:', String(p.namespace));
    if (p.scope) out.w(1, 'Scope:', String(p.scope));
  }
  events(sim, out, c);
}

/** describePersistentVolumeClaim: the claim, its volume once bound, and the pods that mount it. */
function describePersistentVolumeClaim(sim: Sim, out: Out, c: KObject): void {
  const ns = c.metadata.namespace ?? 'default';
  out.w(0, 'Name:', c.metadata.name);
  out.w(0, 'Namespace:', ns);
  out.w(0, 'StorageClass:', volumeClass(c));
  out.w(0, 'Status:', c.metadata.deletionTimestamp !== undefined ? 'Terminating (lasts <unknown>)' : c.status?.phase ?? '');
  out.w(0, 'Volume:', c.spec?.volumeName ?? '');
  mapLines(out, 0, 'Labels', c.metadata.labels);
  mapLines(out, 0, 'Annotations', c.metadata.annotations, ': ');
  out.w(0, 'Finalizers:', `[${((c.metadata as { finalizers?: string[] }).finalizers ?? []).join(' ')}]`);
  const bound = Boolean(c.spec?.volumeName);
  out.w(0, 'Capacity:', bound ? String(c.status?.capacity?.storage ?? '') : '');
  out.w(0, 'Access Modes:', bound ? accessModesText(c.status?.accessModes) : '');
  if (c.spec?.volumeMode) out.w(0, 'VolumeMode:', String(c.spec.volumeMode));
  const users = sim.store.list('Pod', ns).filter((p) => (p.spec?.volumes ?? []).some((v: { persistentVolumeClaim?: { claimName?: string } }) => v.persistentVolumeClaim?.claimName === c.metadata.name)).map((p) => p.metadata.name).sort();
  if (!users.length) out.w(0, 'Used By:', '<none>');
  users.forEach((u, i) => out.w(0, i === 0 ? 'Used By:' : '', u));
  events(sim, out, c);
}

/** describeNetworkPolicy: the spec in words (which pods, what traffic each rule allows). */
function describeNetworkPolicy(sim: Sim, out: Out, n: KObject): void {
  out.w(0, 'Name:', n.metadata.name);
  out.w(0, 'Namespace:', n.metadata.namespace ?? 'default');
  out.w(0, 'Created on:', goTime(sim, n.metadata.creationTimestamp));
  mapLines(out, 0, 'Labels', n.metadata.labels);
  mapLines(out, 0, 'Annotations', n.metadata.annotations, ': ');
  const spec = n.spec ?? {};
  out.lines.push('Spec:');
  const sel = labelSelectorText(spec.podSelector);
  out.lines.push(`  PodSelector:     ${sel || '<none> (Allowing the specific traffic to all pods in this namespace)'}`);
  const types: string[] = spec.policyTypes?.length ? spec.policyTypes : spec.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
  const rules = (list: any[] | undefined, dir: 'ingress' | 'egress') => {
    const ind = '    ';
    const peerWord = dir === 'ingress' ? 'From' : 'To';
    if (!list?.length) return out.lines.push(`${ind}<none> (Selected pods are isolated for ${dir} connectivity)`);
    list.forEach((r, i) => {
      if (!r.ports?.length) out.lines.push(`${ind}To Port: <any> (traffic allowed to all ports)`);
      else for (const p of r.ports) out.lines.push(`${ind}To Port: ${p.port ?? '<any>'}${p.endPort ? `-${p.endPort}` : ''}/${p.protocol ?? 'TCP'}`);
      const peers = (dir === 'ingress' ? r.from : r.to) ?? [];
      if (!peers.length) out.lines.push(`${ind}${peerWord}: <any> (traffic not restricted by ${dir === 'ingress' ? 'source' : 'destination'})`);
      for (const peer of peers) {
        out.lines.push(`${ind}${peerWord}:`);
        const fmt = (s: unknown) => labelSelectorText(s as never) || '<none>';
        if (peer.podSelector && peer.namespaceSelector) {
          out.lines.push(`  ${ind}NamespaceSelector: ${fmt(peer.namespaceSelector)}`, `  ${ind}PodSelector: ${fmt(peer.podSelector)}`);
        } else if (peer.podSelector) out.lines.push(`  ${ind}PodSelector: ${fmt(peer.podSelector)}`);
        else if (peer.namespaceSelector) out.lines.push(`  ${ind}NamespaceSelector: ${fmt(peer.namespaceSelector)}`);
        else if (peer.ipBlock) out.lines.push(`  ${ind}IPBlock:`, `    ${ind}CIDR: ${peer.ipBlock.cidr ?? ''}`, `    ${ind}Except: ${(peer.ipBlock.except ?? []).join(', ')}`);
      }
      if (i !== list.length - 1) out.lines.push(`${ind}----------`);
    });
  };
  if (types.includes('Ingress')) {
    out.lines.push('  Allowing ingress traffic:');
    rules(spec.ingress, 'ingress');
  } else out.lines.push('  Not affecting ingress traffic');
  if (types.includes('Egress')) {
    out.lines.push('  Allowing egress traffic:');
    rules(spec.egress, 'egress');
  } else out.lines.push('  Not affecting egress traffic');
  out.lines.push(`  Policy Types: ${types.join(', ')}`);
}

/** describeIngressV1: TLS, rules by host and path, and each backend's endpoints (or the lookup's error). */
function describeIngress(sim: Sim, out: Out, ing: KObject): void {
  const ns = ing.metadata.namespace ?? 'default';
  const spec = ing.spec ?? {};
  const backend = (b: any): string => {
    if (!b?.service) return b?.resource ? `APIGroup: ${b.resource.apiGroup ?? ''}, Kind: ${b.resource.kind ?? ''}, Name: ${b.resource.name ?? ''}` : '';
    const port = b.service.port?.number !== undefined ? String(b.service.port.number) : String(b.service.port?.name ?? '');
    const head = `${b.service.name}:${port}`;
    const svc = sim.store.get('Service', ns, b.service.name);
    if (!svc) return `${head} (<error: services "${b.service.name}" not found>)`;
    const sp = (svc.spec?.ports ?? []).find((p: { port?: number; name?: string }) => (b.service.port?.number ? p.port === b.service.port.number : p.name === b.service.port?.name));
    const portName = sp?.name ?? '';
    const addrs: string[] = [];
    for (const slice of sim.store.list('EndpointSlice', ns).filter((e) => e.metadata.labels?.['kubernetes.io/service-name'] === b.service.name))
      for (const p of slice.ports ?? []) if ((p.name ?? '') === portName) for (const e of slice.endpoints ?? []) if (e.conditions?.ready !== false) addrs.push(`${e.addresses[0]}:${p.port}`);
    const text = addrs.length > 3 ? `${addrs.slice(0, 3).join(',')} + ${addrs.length - 3} more...` : addrs.join(',');
    return `${head} (${text})`;
  };
  out.w(0, 'Name:', ing.metadata.name);
  mapLines(out, 0, 'Labels', ing.metadata.labels);
  out.w(0, 'Namespace:', ns);
  const lb = ((ing.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[]).map((e) => e.ip || e.hostname).filter(Boolean);
  out.w(0, 'Address:', lb.join(','));
  out.w(0, 'Ingress Class:', spec.ingressClassName ?? '<none>');
  out.w(0, 'Default backend:', spec.defaultBackend ? backend(spec.defaultBackend) : '<default>');
  if (spec.tls?.length) {
    out.lines.push('TLS:');
    for (const t of spec.tls) out.lines.push(t.secretName ? `  ${t.secretName} terminates ${(t.hosts ?? []).join(',')}` : `  SNI routes ${(t.hosts ?? []).join(',')}`);
  }
  out.lines.push('Rules:');
  out.w(1, 'Host', 'Path', 'Backends');
  out.w(1, '----', '----', '--------');
  let count = 0;
  for (const r of spec.rules ?? []) {
    if (!r.http) continue;
    count++;
    out.w(1, r.host || '*', '');
    for (const p of r.http.paths ?? []) out.w(2, '', `${p.path ?? ''} `, backend(p.backend));
  }
  if (count === 0) out.w(1, '*', '*', spec.defaultBackend ? backend(spec.defaultBackend) : '');
  mapLines(out, 0, 'Annotations', ing.metadata.annotations, ': ');
  events(sim, out, ing);
}

function describeGeneric(sim: Sim, out: Out, o: KObject): void {
  meta(out, o);
  events(sim, out, o);
}

/** kubectl's smartLabelFor: `apiVersion` -> `API Version`, `minReplicas` -> `Min Replicas`. */
function smartLabel(field: string): string {
  if (/[^A-Za-z-]/.test(field)) return field;
  const parts = field.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|-/g) ?? [field];
  return parts.map((p) => (['API', 'URL', 'UID', 'OSB', 'GUID'].includes(p.toUpperCase()) ? p.toUpperCase() : p[0].toUpperCase() + p.slice(1))).join(' ');
}

const UNSTRUCTURED_SKIP = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);

function unstructured(out: Out, level: number, content: Record<string, unknown>, prefix: string): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const at = `${prefix}.${field}`;
    if (UNSTRUCTURED_SKIP.has(at)) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      out.w(level, `${smartLabel(field)}:`);
      unstructured(out, level + 1, value as Record<string, unknown>, at);
    } else if (Array.isArray(value)) {
      out.w(level, `${smartLabel(field)}:`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child)) unstructured(out, level + 1, child as Record<string, unknown>, at);
        else out.w(level + 1, goValue(child));
      }
    } else out.w(level, `${smartLabel(field)}:`, goValue(value));
  }
}

/** A value as Go's %v prints it from unstructured JSON (nil as <nil>, lists as [a b]). */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v).sort().map((k) => `${k}:${goValue((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  return String(v);
}

/** kubectl's generic describer, used for custom resources: every field of the object, then Events. */
function describeUnstructured(sim: Sim, out: Out, o: KObject): void {
  out.w(0, 'Name:', o.metadata.name);
  out.w(0, 'Namespace:', o.metadata.namespace ?? '');
  mapLines(out, 0, 'Labels', o.metadata.labels);
  mapLines(out, 0, 'Annotations', o.metadata.annotations, ': ');
  unstructured(out, 0, apiObject(sim, o), '');
  events(sim, out, o);
}

const DESCRIBERS: Record<string, (sim: Sim, out: Out, o: KObject) => void> = {
  Pod: (sim, out, p) => {
    describePod(sim, out, p);
    events(sim, out, p);
  },
  Deployment: describeDeployment,
  ReplicaSet: describeReplicaSet,
  ReplicationController: describeReplicaSet,
  Job: describeJob,
  CronJob: describeCronJob,
  Endpoints: describeEndpoints,
  Service: describeService,
  Node: describeNode,
  ResourceQuota: describeQuota,
  DaemonSet: describeDaemonSet,
  StatefulSet: describeStatefulSet,
  Namespace: describeNamespace,
  ConfigMap: describeConfigMap,
  Secret: describeSecret,
  ServiceAccount: describeServiceAccount,
  HorizontalPodAutoscaler: describeHpa,
  PodDisruptionBudget: describePdb,
  Role: describeRole,
  ClusterRole: describeRole,
  RoleBinding: describeBinding,
  ClusterRoleBinding: describeBinding,
  StorageClass: describeStorageClass,
  PriorityClass: describePriorityClass,
  PersistentVolume: describePersistentVolume,
  NetworkPolicy: describeNetworkPolicy,
  Ingress: describeIngress,
  IngressClass: describeIngressClass,
  PersistentVolumeClaim: describePersistentVolumeClaim,
};

/** A pod template as `kubectl rollout history --revision` prints it: describe's lines, tabs as they are (no tab writer). */
export function podTemplateText(sim: Sim, tpl: KObject['spec']): string {
  const out = new Out();
  podTemplate(sim, out, tpl);
  return out.lines.join('\n') + '\n';
}

export function describeObject(sim: Sim, o: KObject): string {
  const out = new Out();
  const custom = !DESCRIBERS[o.kind] && sim.store.resources.forKind(o.kind)?.custom;
  (DESCRIBERS[o.kind] ?? (custom ? describeUnstructured : describeGeneric))(sim, out, o);
  return out.text();
}

/** `kubectl describe TYPE [NAME_PREFIX] | TYPE/NAME [-l SELECTOR] [-n NS | -A]`. */
export function describeCommand(t: { readonly core: Sim }, argv: string[]): string {
  const p = parseArgs(argv, { values: { namespace: 'n', selector: 'l' }, bools: { 'all-namespaces': 'A', 'show-events': undefined } }, 'describe');
  const sim = t.core;
  const ns = flag(p, 'namespace') ?? 'default';
  const all = p.flags.has('all-namespaces');
  const first = p.positional[0];
  if (!first) throw new UsageError('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
  const resolve = (type: string) => {
    const r = sim.store.resources.forName(type);
    if (!r) throw new UsageError(`error: the server doesn't have a resource type "${type}"`);
    return r;
  };
  const found: KObject[] = [];
  if (first.includes('/')) {
    for (const x of p.positional) {
      const [type, name] = x.split('/');
      const r = resolve(type);
      const o = sim.store.get(r.kind, r.namespaced ? ns : undefined, name) ?? minikubeObject(sim, r.kind, r.namespaced ? ns : undefined, name);
      if (!o) throw new ApiError('NotFound', `${r.qualified} "${name}" not found`);
      found.push(o);
    }
  } else {
    const r = resolve(first);
    const scope = r.namespaced && !all ? ns : undefined;
    let objs = withMinikube(sim, r.kind, sim.store.list(r.kind, scope), scope);
    const sel = flag(p, 'selector');
    if (sel) {
      const s = parseSelectorString(sel);
      objs = objs.filter((o) => matchesSelector(s, o.metadata.labels));
    }
    const names = p.positional.slice(1);
    if (names.length) {
      for (const name of names) {
        // kubectl describe matches an exact name, else every object whose name starts with it.
        const exact = objs.find((o) => o.metadata.name === name);
        const matches = exact ? [exact] : objs.filter((o) => o.metadata.name.startsWith(name));
        if (!matches.length) throw new ApiError('NotFound', `${r.qualified} "${name}" not found`);
        found.push(...matches);
      }
    } else found.push(...objs.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)));
    if (!found.length) return all ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`;
  }
  return found.map((o) => describeObject(sim, o)).join('\n\n');
}
