import { Document, parse, Scalar, visit } from 'yaml';
import type { Sim } from '../core';
import { jobCompletionsText, jobStatusText, servicePorts } from '../snapshot';
import { podLastRestartAt, podReadyText, podRestarts, podStatusText } from '../status';
import type { CrdDefinition, PrinterColumn } from '../../api/crd/definition';
import type { KObject } from '../types';
import { fieldValues } from './templates';
import { quotaUsage } from '../apiserver/admission';
import { clockText, humanDuration } from '../util';
import { rfc3339 } from './apiObject';

/** kubectl's table layout: columns padded to the widest cell plus 3 spaces. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  // Every cell but the last is padded, as kubectl's tab writer does: an empty last cell leaves the padding before it.
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] + 3))).join('');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function age(sim: Sim, o: KObject): string {
  return humanDuration((sim.now - o.metadata.creationTimestamp) / 1000);
}

export interface PrintOptions {
  wide?: boolean;
  /** Prefix names with `kind/` (kubectl get all, or several kinds at once). */
  withKind?: boolean;
  allNamespaces?: boolean;
  /** A last LABELS column (`--show-labels`). */
  showLabels?: boolean;
  /** `-L key`: a column per label key (header: the key's last path segment, upper case). */
  labelColumns?: string[];
}

/** `.group` of an object's apiVersion (empty for the core group): kubectl's `kind.group/name` form. */
export function groupSuffix(apiVersion: unknown): string {
  const v = String(apiVersion ?? '');
  return v.includes('/') ? '.' + v.split('/')[0] : '';
}

export function qualifiedRef(o: KObject): string {
  return `${o.kind.toLowerCase()}${groupSuffix(o.apiVersion)}/${o.metadata.name}`;
}

function intOrStringText(v: unknown): string {
  return v === undefined || v === null ? 'N/A' : String(v);
}

/** `epochMs`: the wall-clock time of virtual 0 where it is not the simulation's (serve's Tables), for printers that print a time. */
type Printer = { header: string[]; wideHeader?: string[]; row: (sim: Sim, o: KObject, epochMs?: number) => string[]; wideRow?: (sim: Sim, o: KObject) => string[] };

const PRINTERS: Record<string, Printer> = {
  Pod: {
    header: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wideHeader: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    row: (sim, p) => {
      const restarts = podRestarts(p);
      const last = podLastRestartAt(p);
      const r = restarts > 0 && last !== undefined ? `${restarts} (${humanDuration((sim.now - last) / 1000)} ago)` : String(restarts);
      return [p.metadata.name, podReadyText(p), podStatusText(p), r, age(sim, p)];
    },
    wideRow: (_sim, p) => [p.status?.podIP ?? '<none>', p.spec?.nodeName ?? '<none>', '<none>', '<none>'],
  },
  Deployment: {
    header: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wideHeader: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (sim, d) => [d.metadata.name, `${d.status?.readyReplicas ?? 0}/${d.spec.replicas ?? 1}`, String(d.status?.updatedReplicas ?? 0), String(d.status?.availableReplicas ?? 0), age(sim, d)],
    wideRow: (_sim, d) => containerCols(d.spec.template, selectorText(d.spec.selector)),
  },
  ReplicaSet: {
    header: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wideHeader: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (sim, rs) => [rs.metadata.name, String(rs.spec.replicas ?? 1), String(rs.status?.replicas ?? 0), String(rs.status?.readyReplicas ?? 0), age(sim, rs)],
    wideRow: (_sim, rs) => containerCols(rs.spec.template, selectorText(rs.spec.selector)),
  },
  ReplicationController: {
    header: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    row: (sim, rs) => [rs.metadata.name, String(rs.spec.replicas ?? 1), String(rs.status?.replicas ?? 0), String(rs.status?.readyReplicas ?? 0), age(sim, rs)],
  },
  StatefulSet: {
    header: ['NAME', 'READY', 'AGE'],
    row: (sim, s) => [s.metadata.name, `${s.status?.readyReplicas ?? 0}/${s.spec.replicas ?? 1}`, age(sim, s)],
  },
  DaemonSet: {
    header: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
    row: (sim, d) => {
      const s = d.status ?? {};
      const sel = Object.entries(d.spec.template?.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>';
      return [d.metadata.name, String(s.desiredNumberScheduled ?? 0), String(s.currentNumberScheduled ?? 0), String(s.numberReady ?? 0), String(s.updatedNumberScheduled ?? 0), String(s.numberAvailable ?? 0), sel, age(sim, d)];
    },
  },
  Service: {
    header: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wideHeader: ['SELECTOR'],
    row: (sim, s) => [s.metadata.name, s.spec.type ?? 'ClusterIP', s.spec.clusterIP ?? '<none>', s.spec.type === 'LoadBalancer' ? '<pending>' : (s.spec.externalIPs ?? []).join(',') || '<none>', servicePorts(s).join(',') || '<none>', age(sim, s)],
    wideRow: (_sim, s) => [Object.entries(s.spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'],
  },
  Job: {
    header: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
    row: (sim, j) => {
      const start = j.status?.startTime;
      const end = j.status?.completionTime ?? sim.now;
      return [j.metadata.name, jobStatusText(j), jobCompletionsText(j), start === undefined ? '' : humanDuration((end - start) / 1000), age(sim, j)];
    },
  },
  CronJob: {
    header: ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
    row: (sim, c) => [c.metadata.name, String(c.spec.schedule), c.spec.timeZone ?? '<none>', c.spec.suspend ? 'True' : 'False', String((c.status?.active ?? []).length), c.status?.lastScheduleTime === undefined ? '<none>' : humanDuration((sim.now - c.status.lastScheduleTime) / 1000), age(sim, c)],
  },
  Node: {
    header: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    row: (sim, n) => [
      n.metadata.name,
      n.spec?.unschedulable ? 'Ready,SchedulingDisabled' : 'Ready',
      Object.keys(n.metadata.labels).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length)).join(',') || '<none>',
      age(sim, n),
      n.status?.nodeInfo?.kubeletVersion ?? '',
    ],
    // kubectl's node printer: what the kubelet reports of the host, `<unknown>` for what it did not.
    wideHeader: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    wideRow: (_sim, n) => {
      const address = (type: string) => ((n.status?.addresses ?? []) as { type: string; address: string }[]).find((a) => a.type === type)?.address;
      const info = n.status?.nodeInfo ?? {};
      return [address('InternalIP') ?? '<none>', address('ExternalIP') ?? '<none>', info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>'];
    },
  },
  Endpoints: {
    header: ['NAME', 'ENDPOINTS', 'AGE'],
    row: (sim, e) => {
      const addrs: string[] = [];
      for (const s of e.subsets ?? []) for (const a of s.addresses ?? []) for (const p of s.ports ?? []) addrs.push(`${a.ip}:${p.port}`);
      const text = addrs.length > 3 ? `${addrs.slice(0, 3).join(',')} + ${addrs.length - 3} more...` : addrs.join(',') || '<none>';
      return [e.metadata.name, text, age(sim, e)];
    },
  },
  EndpointSlice: {
    header: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
    row: (sim, s) => [s.metadata.name, s.addressType ?? 'IPv4', (s.ports ?? []).map((p: { port: number }) => p.port).join(',') || '<unset>', (s.endpoints ?? []).map((e: { addresses: string[] }) => e.addresses[0]).join(',') || '<unset>', age(sim, s)],
  },
  HorizontalPodAutoscaler: {
    header: ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'],
    row: (sim, h) => {
      const ref = h.spec?.scaleTargetRef ?? {};
      const metrics = (h.spec?.metrics ?? []).map((m: { resource?: { name: string; target?: { averageUtilization?: number; averageValue?: string } } }) => `${m.resource?.name ?? 'metric'}: <unknown>/${m.resource?.target?.averageUtilization !== undefined ? `${m.resource.target.averageUtilization}%` : m.resource?.target?.averageValue ?? '?'}`);
      return [h.metadata.name, `${ref.kind}/${ref.name}`, metrics.join(', ') || '<none>', String(h.spec?.minReplicas ?? 1), String(h.spec?.maxReplicas ?? ''), String(h.status?.currentReplicas ?? 0), age(sim, h)];
    },
  },
  // printPodDisruptionBudget: the two budget fields as written (N/A when unset) and status.disruptionsAllowed.
  PodDisruptionBudget: {
    header: ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'],
    row: (sim, b) => [b.metadata.name, intOrStringText(b.spec?.minAvailable), intOrStringText(b.spec?.maxUnavailable), String(b.status?.disruptionsAllowed ?? 0), age(sim, b)],
  },
  ServiceAccount: { header: ['NAME', 'SECRETS', 'AGE'], row: (sim, a) => [a.metadata.name, String((a.secrets ?? []).length), age(sim, a)] },
  ConfigMap: { header: ['NAME', 'DATA', 'AGE'], row: (sim, c) => [c.metadata.name, String(Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length), age(sim, c)] },
  Secret: { header: ['NAME', 'TYPE', 'DATA', 'AGE'], row: (sim, c) => [c.metadata.name, c.type ?? 'Opaque', String(Object.keys(c.data ?? {}).length + Object.keys(c.stringData ?? {}).length), age(sim, c)] },
  // The apiextensions server's own table: the creation time itself, not an age.
  CustomResourceDefinition: { header: ['NAME', 'CREATED AT'], row: (sim, c, epochMs) => [c.metadata.name, rfc3339(sim, c.metadata.creationTimestamp, epochMs)] },
  Namespace: { header: ['NAME', 'STATUS', 'AGE'], row: (sim, n) => [n.metadata.name, n.metadata.deletionTimestamp !== undefined ? 'Terminating' : 'Active', age(sim, n)] },
  // RBAC roles have no printer in kubectl: the API server's default table (name and creation time).
  Role: { header: ['NAME', 'CREATED AT'], row: (sim, r, epochMs) => [r.metadata.name, rfc3339(sim, r.metadata.creationTimestamp, epochMs)] },
  ClusterRole: { header: ['NAME', 'CREATED AT'], row: (sim, r, epochMs) => [r.metadata.name, rfc3339(sim, r.metadata.creationTimestamp, epochMs)] },
  RoleBinding: bindingPrinter(),
  ClusterRoleBinding: bindingPrinter(),
  Ingress: {
    header: ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'],
    row: (sim, i) => [i.metadata.name, i.spec?.ingressClassName ?? '<none>', ingressHosts(i.spec?.rules ?? []), ingressAddress(i, false), i.spec?.tls?.length ? '80, 443' : '80', age(sim, i)],
  },
  IngressClass: {
    header: ['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE'],
    row: (sim, c) => {
      const p = c.spec?.parameters;
      return [c.metadata.name, c.spec?.controller ?? '', p ? `${p.kind}${p.apiGroup ? '.' + p.apiGroup : ''}/${p.name}` : '<none>', age(sim, c)];
    },
  },
  NetworkPolicy: { header: ['NAME', 'POD-SELECTOR', 'AGE'], row: (sim, n) => [n.metadata.name, labelSelectorText(n.spec?.podSelector) || '<none>', age(sim, n)] },
  PersistentVolume: {
    header: ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'],
    wideHeader: ['VOLUMEMODE'],
    row: (sim, v) => {
      const claim = v.spec?.claimRef ? `${v.spec.claimRef.namespace ?? ''}/${v.spec.claimRef.name ?? ''}` : '';
      const phase = v.metadata.deletionTimestamp !== undefined ? 'Terminating' : v.status?.phase ?? '';
      return [v.metadata.name, String(v.spec?.capacity?.storage ?? ''), accessModesText(v.spec?.accessModes), v.spec?.persistentVolumeReclaimPolicy ?? '', phase, claim, volumeClass(v), v.spec?.volumeAttributesClassName ?? '<unset>', v.status?.reason ?? '', age(sim, v)];
    },
    wideRow: (_sim, v) => [v.spec?.volumeMode ?? '<unset>'],
  },
  PersistentVolumeClaim: {
    header: ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'],
    wideHeader: ['VOLUMEMODE'],
    row: (sim, c) => {
      const phase = c.metadata.deletionTimestamp !== undefined ? 'Terminating' : c.status?.phase ?? '';
      // Capacity and access modes are the bound volume's (status), shown once a volume is named.
      const bound = Boolean(c.spec?.volumeName);
      return [c.metadata.name, phase, c.spec?.volumeName ?? '', bound ? String(c.status?.capacity?.storage ?? '') : '', bound ? accessModesText(c.status?.accessModes) : '', volumeClass(c), c.spec?.volumeAttributesClassName ?? '<unset>', age(sim, c)];
    },
    wideRow: (_sim, c) => [c.spec?.volumeMode ?? '<unset>'],
  },
  StorageClass: {
    header: ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'],
    row: (sim, c) => [c.metadata.name + (isDefaultClass(c) ? ' (default)' : ''), String(c.provisioner ?? ''), c.reclaimPolicy ?? 'Delete', c.volumeBindingMode ?? 'Immediate', c.allowVolumeExpansion ? 'true' : 'false', age(sim, c)],
  },
  PriorityClass: {
    header: ['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY'],
    row: (sim, c) => [c.metadata.name, String(c.value ?? 0), c.globalDefault ? 'true' : 'false', age(sim, c), c.preemptionPolicy ?? '<unset>'],
  },
  ResourceQuota: {
    header: ['NAME', 'AGE', 'REQUEST', 'LIMIT'],
    row: (sim, q) => {
      const used = quotaUsage(q, sim.store);
      const cell = (limits: boolean) => Object.keys(q.spec?.hard ?? {}).sort().filter((k) => k.startsWith('limits.') === limits).map((k) => `${k}: ${used[k]}/${q.spec.hard[k]}`).join(', ');
      return [q.metadata.name, age(sim, q), cell(false), cell(true)];
    },
  },
};

/** printRoleBinding / printClusterRoleBinding: `Kind/name` of the role; wide, the subjects by kind (SubjectsStrings). */
function bindingPrinter(): Printer {
  const subjects = (b: KObject, kind: string) =>
    ((b.subjects ?? []) as { kind?: string; name?: string; namespace?: string }[]).filter((s) => s.kind === kind).map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name ?? ''}` : String(s.name ?? ''))).join(', ');
  return {
    header: ['NAME', 'ROLE', 'AGE'],
    wideHeader: ['USERS', 'GROUPS', 'SERVICEACCOUNTS'],
    row: (sim, b) => [b.metadata.name, `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, age(sim, b)],
    wideRow: (_sim, b) => [subjects(b, 'User'), subjects(b, 'Group'), subjects(b, 'ServiceAccount')],
  };
}

/** formatHosts: hosts until three are listed, `+ N more...` (N counted in rules) after, `*` when none names one. */
function ingressHosts(rules: { host?: string }[]): string {
  const list: string[] = [];
  let more = false;
  for (const r of rules) {
    if (list.length === 3) more = true;
    if (!more && r.host) list.push(r.host);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${rules.length - 3} more...` : list.join(',');
}

/** The load balancer's addresses (IP, else hostname), sorted; cut to 16 characters unless wide. */
function ingressAddress(i: KObject, wide: boolean): string {
  const set = new Set<string>();
  for (const e of (i.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[]) if (e.ip) set.add(e.ip); else if (e.hostname) set.add(e.hostname);
  const text = [...set].sort().join(',');
  return !wide && text.length > 16 ? text.slice(0, 13) + '...' : text;
}

/** GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order. */
export function accessModesText(modes: string[] | undefined): string {
  const m = modes ?? [];
  return ([['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']] as const).filter(([mode]) => m.includes(mode)).map(([, short]) => short).join(',');
}

/** The class of a volume or claim: the beta annotation first, then spec.storageClassName. */
export function volumeClass(o: KObject): string {
  return o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? o.spec?.storageClassName ?? '';
}

/** storageutil.IsDefaultAnnotation: the GA or the beta annotation set to "true". */
export function isDefaultClass(c: KObject): boolean {
  const a = c.metadata.annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * A LabelSelector as kubectl prints it (labels.Selector's String()): requirements sorted by key,
 * `k=v`, `k in (a,b)`, `k notin (a,b)`, `k` (Exists), `!k` (DoesNotExist), values sorted.
 */
export function labelSelectorText(sel: LabelSelector | undefined): string {
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel?.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const text = e.operator === 'In' ? `${e.key} in (${values})` : e.operator === 'NotIn' ? `${e.key} notin (${values})` : e.operator === 'Exists' ? e.key : e.operator === 'DoesNotExist' ? `!${e.key}` : `${e.key} ${e.operator} (${values})`;
    reqs.push({ key: e.key, text });
  }
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((r) => r.text).join(',');
}

function selectorText(sel: LabelSelector | undefined): string {
  return labelSelectorText(sel);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function containerCols(template: any, selector: string): string[] {
  const cs = template?.spec?.containers ?? [];
  return [cs.map((c: { name: string }) => c.name).join(','), cs.map((c: { image: string }) => c.image).join(','), selector];
}

/**
 * The table of a kind a CRD serves: NAME, then the version's additionalPrinterColumns (priority 0
 * always, the others with -o wide), or AGE when it declares none, as the API server's table
 * convertor builds it.
 */
function customPrinter(crd: CrdDefinition, apiVersion: string | undefined): Printer {
  const version = crd.versions.find((v) => `${crd.group}/${v.name}` === apiVersion) ?? crd.versions.find((v) => v.served);
  const columns: PrinterColumn[] = version?.printerColumns?.length ? version.printerColumns : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', priority: 0 }];
  const cell = (sim: Sim, o: KObject, c: PrinterColumn): string => {
    if (c.jsonPath === '.metadata.creationTimestamp') return age(sim, o);
    let values: unknown[];
    try {
      values = fieldValues(c.jsonPath, o as never);
    } catch {
      return '';
    }
    if (values.length === 0 || values[0] === null || values[0] === undefined) return '';
    const v = values[0];
    if (c.type === 'date' && typeof v === 'string' && !Number.isNaN(Date.parse(v))) return humanDuration((sim.epochMs + sim.now - Date.parse(v)) / 1000);
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  const main = columns.filter((c) => c.priority === 0);
  const wide = columns.filter((c) => c.priority !== 0);
  return {
    header: ['NAME', ...main.map((c) => c.name.toUpperCase())],
    wideHeader: wide.map((c) => c.name.toUpperCase()),
    row: (sim, o) => [o.metadata.name, ...main.map((c) => cell(sim, o, c))],
    wideRow: (sim, o) => wide.map((c) => cell(sim, o, c)),
  };
}

export function hasPrinter(kind: string): boolean {
  return kind in PRINTERS;
}

/**
 * The columns and cells of a kind's table, as the API server's Table response carries them
 * (`serve`): the wide columns are the ones kubectl shows only with `-o wide` (priority 1).
 */
export function tableColumns(kind: string, sim?: Sim, apiVersion?: string): { header: string[]; wideHeader: string[] } {
  const p = printerOf(sim, kind, apiVersion);
  return { header: p.header, wideHeader: p.wideHeader ?? [] };
}

export function tableCells(sim: Sim, o: KObject, epochMs?: number): string[] {
  const p = printerOf(sim, o.kind, o.apiVersion);
  return p.wideRow ? [...p.row(sim, o, epochMs), ...p.wideRow(sim, o)] : p.row(sim, o, epochMs);
}

/** A built-in kind's printer, a custom kind's (its CRD's printer columns), else NAME and AGE. */
function printerOf(sim: Sim | undefined, kind: string, apiVersion?: string): Printer {
  const builtIn = PRINTERS[kind];
  if (builtIn) return builtIn;
  const custom = sim?.store.resources.forKind(kind)?.custom;
  return custom ? customPrinter(custom.crd, apiVersion) : DEFAULT_PRINTER;
}

const DEFAULT_PRINTER: Printer = { header: ['NAME', 'AGE'], row: (s: Sim, o: KObject) => [o.metadata.name, age(s, o)] };

/** One `kubectl get` table for objects of a single kind. */
export function printTable(sim: Sim, kind: string, objs: KObject[], opts: PrintOptions = {}): string {
  const custom = sim.store.resources.forKind(kind)?.custom;
  const p = PRINTERS[kind] ?? (custom ? customPrinter(custom.crd, objs[0]?.apiVersion) : DEFAULT_PRINTER);
  let header = [...p.header];
  if (opts.withKind) header[0] = 'NAME';
  const rows = objs.map((o) => {
    const r = p.row(sim, o);
    if (opts.withKind) r[0] = qualifiedRef(o);
    return opts.wide && p.wideRow ? [...r, ...p.wideRow(sim, o)] : r;
  });
  if (opts.wide && p.wideHeader) header = [...header, ...p.wideHeader];
  for (const key of opts.labelColumns ?? []) {
    header = [...header, key.split('/').pop()!.toUpperCase()];
    rows.forEach((r, i) => r.push(objs[i].metadata.labels?.[key] ?? ''));
  }
  if (opts.showLabels) {
    header = [...header, 'LABELS'];
    // labels.FormatLabels: sorted by key.
    rows.forEach((r, i) => r.push(Object.entries(objs[i].metadata.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'));
  }
  if (opts.allNamespaces) {
    header = ['NAMESPACE', ...header];
    rows.forEach((r, i) => r.unshift(objs[i].metadata.namespace ?? ''));
  }
  return table(header, rows);
}

/** `kubectl get events` in time order, with the time since the start (the simulator's clock). */
export function printEvents(sim: Sim, namespace?: string): string {
  const rows = sim.events
    .filter((e) => namespace === undefined || e.namespace === namespace)
    .map((e) => [clockText(e.at / 1000), e.type, e.reason, e.object, e.message]);
  if (rows.length === 0) return '';
  return table(['TIME', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], rows);
}


function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

/**
 * `-o yaml` as kubectl writes it: the JSON form converted to YAML (keys sorted at every level,
 * lists not indented under their key, strings YAML 1.1 would read as something else quoted).
 */
export function kubectlYaml(v: unknown): string {
  // As Go's yaml.v2 quotes: a string that would read back as another type (`"10"`, `"true"`, `""`)
  // in double quotes, one that only cannot be plain (`'*/5 * * * *'`, `'x: y'`) in single quotes.
  const doc = new Document(sortKeys(v), { version: '1.1' });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && !node.value.includes('\n') && readsAsOtherType(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0, indentSeq: false, singleQuote: true });
}

/**
 * `-o json` as kubectl writes an object the API server returned: keys sorted (Go's maps), four
 * spaces, and `<`, `>`, `&`, U+2028, U+2029 escaped as Go's encoder escapes them.
 */
export function kubectlJson(v: unknown): string {
  return JSON.stringify(sortKeys(v), null, 4).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

function readsAsOtherType(s: string): boolean {
  try {
    const back: unknown = parse(s, { version: '1.1' });
    // A timestamp too: go-yaml resolves `2026-01-01T00:00:00Z` to one, so kubectl quotes it.
    return back === null || typeof back === 'number' || typeof back === 'boolean' || back instanceof Date;
  } catch {
    return false;
  }
}
