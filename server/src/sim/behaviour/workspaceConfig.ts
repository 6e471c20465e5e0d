/**
 * `.kube-rehearsal.yaml`: image behaviour overrides and the cluster shape. The JSON Schema for
 * editors is schemas/kube-rehearsal-config.json; this parser is what the simulator trusts, and it
 * reports every problem as `path: message` instead of throwing.
 */
import type { ImageBehaviourOverride } from './types';

export interface NodeTaint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface ClusterNode {
  name: string;
  /** Allocatable CPU in millicores. */
  cpuMillis: number;
  /** Allocatable memory in bytes. */
  memoryBytes: number;
  /** As written (or the default), for display: `2`, `4Gi`. */
  cpu: string;
  memory: string;
  pods: number;
  labels: Record<string, string>;
  taints: NodeTaint[];
  unschedulable: boolean;
}

export interface ClusterShape {
  nodes: ClusterNode[];
}

const GI = 1024 ** 3;
/** A fresh `minikube start`: one node named minikube, 2 CPUs, 4 GiB (the default is 4000 MB, close to it), 110 pods. */
export const DEFAULT_NODE = { cpu: '2', memory: '4Gi', pods: 110 };

export function defaultNodeName(index: number): string {
  // minikube names extra nodes minikube-m02, minikube-m03, ...
  return index === 0 ? 'minikube' : `minikube-m${String(index + 1).padStart(2, '0')}`;
}

function defaultLabels(name: string, primary: boolean): Record<string, string> {
  const labels: Record<string, string> = {
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'minikube.k8s.io/name': 'minikube',
    'minikube.k8s.io/primary': String(primary),
  };
  if (primary) labels['node-role.kubernetes.io/control-plane'] = '';
  return labels;
}

export function defaultClusterShape(count = 1): ClusterShape {
  const nodes: ClusterNode[] = [];
  for (let i = 0; i < count; i++) nodes.push(makeNode(defaultNodeName(i), i === 0, {}));
  return { nodes };
}

function makeNode(name: string, primary: boolean, o: { cpu?: string; memory?: string; pods?: number; labels?: Record<string, string>; taints?: NodeTaint[]; unschedulable?: boolean }): ClusterNode {
  const cpu = o.cpu ?? DEFAULT_NODE.cpu;
  const memory = o.memory ?? DEFAULT_NODE.memory;
  return {
    name,
    cpu,
    memory,
    cpuMillis: parseCpuMillis(cpu) ?? 2000,
    memoryBytes: parseMemoryBytes(memory) ?? 4 * GI,
    pods: o.pods ?? DEFAULT_NODE.pods,
    labels: { ...defaultLabels(name, primary), ...(o.labels ?? {}) },
    taints: o.taints ?? [],
    unschedulable: o.unschedulable ?? false,
  };
}

/** `2`, `1.5`, `500m` -> millicores. */
export function parseCpuMillis(q: string | number): number | undefined {
  const text = String(q).trim();
  const m = /^([0-9]+(?:\.[0-9]+)?)(m?)$/.exec(text);
  if (!m) return undefined;
  return m[2] ? Math.round(Number(m[1])) : Math.round(Number(m[1]) * 1000);
}

/** `4Gi`, `4096Mi`, `4G`, `1e9`, `4294967296` -> bytes. */
export function parseMemoryBytes(q: string | number): number | undefined {
  const text = String(q).trim();
  const m = /^([0-9]+(?:\.[0-9]+)?(?:e[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E|m)?$/.exec(text);
  if (!m) return undefined;
  const factor: Record<string, number> = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: GI, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, m: 1e-3 };
  return Math.round(Number(m[1]) * factor[m[2] ?? '']);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const OVERRIDE_KEYS = new Set(['image', 'startupSeconds', 'ports', 'http', 'exitAfterSeconds', 'exitCode', 'memoryMiB', 'handlesSigterm', 'logs', 'tags', 'pullable']);
const PROTOCOLS = new Set(['TCP', 'UDP', 'HTTP', 'GRPC']);
const EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

function parseOverride(raw: unknown, path: string, errors: string[]): ImageBehaviourOverride | undefined {
  if (!isObject(raw)) { errors.push(`${path}: must be a mapping`); return undefined; }
  for (const k of Object.keys(raw)) if (!OVERRIDE_KEYS.has(k)) errors.push(`${path}.${k}: unknown field (expected one of ${[...OVERRIDE_KEYS].join(', ')})`);
  if (typeof raw.image !== 'string' || raw.image.trim() === '') { errors.push(`${path}.image: required, an image pattern such as "myapp:*"`); return undefined; }
  const o: ImageBehaviourOverride = { image: raw.image.trim() };
  const num = (key: 'startupSeconds' | 'exitAfterSeconds' | 'memoryMiB', min = 0) => {
    const v = raw[key];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) errors.push(`${path}.${key}: must be a number >= ${min}`);
    else o[key] = v;
  };
  num('startupSeconds');
  num('exitAfterSeconds');
  num('memoryMiB');
  if (raw.exitCode !== undefined) {
    if (typeof raw.exitCode !== 'number' || !Number.isInteger(raw.exitCode) || raw.exitCode < 0 || raw.exitCode > 255) errors.push(`${path}.exitCode: must be an integer from 0 to 255`);
    else o.exitCode = raw.exitCode;
  }
  for (const key of ['handlesSigterm', 'pullable'] as const) {
    if (raw[key] === undefined) continue;
    if (typeof raw[key] !== 'boolean') errors.push(`${path}.${key}: must be true or false`);
    else o[key] = raw[key] as boolean;
  }
  for (const key of ['logs', 'tags'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (!Array.isArray(v)) { errors.push(`${path}.${key}: must be a list of strings`); continue; }
    o[key] = v.map((x) => (typeof x === 'string' || typeof x === 'number' ? String(x) : (errors.push(`${path}.${key}: must be a list of strings`), ''))).filter((x) => x !== '');
  }
  if (raw.ports !== undefined) {
    if (!Array.isArray(raw.ports)) errors.push(`${path}.ports: must be a list`);
    else {
      o.ports = [];
      raw.ports.forEach((p, i) => {
        const pp = `${path}.ports[${i}]`;
        const port = isObject(p) ? p.port : undefined;
        const protocol = isObject(p) ? p.protocol : undefined;
        if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) { errors.push(`${pp}.port: must be an integer from 1 to 65535`); return; }
        if (protocol !== undefined && (typeof protocol !== 'string' || !PROTOCOLS.has(protocol))) { errors.push(`${pp}.protocol: must be one of TCP, UDP, HTTP, GRPC`); return; }
        o.ports!.push(protocol ? { port, protocol: protocol as 'TCP' } : { port });
      });
    }
  }
  if (raw.http !== undefined) {
    if (!Array.isArray(raw.http)) errors.push(`${path}.http: must be a list`);
    else {
      o.http = [];
      raw.http.forEach((h, i) => {
        const hp = `${path}.http[${i}]`;
        if (!isObject(h)) { errors.push(`${hp}: must be a mapping`); return; }
        if (typeof h.path !== 'string' || !h.path.startsWith('/')) { errors.push(`${hp}.path: must be a path starting with /`); return; }
        if (typeof h.status !== 'number' || !Number.isInteger(h.status) || h.status < 100 || h.status > 599) { errors.push(`${hp}.status: must be an HTTP status code (100-599)`); return; }
        const route: NonNullable<ImageBehaviourOverride['http']>[number] = { path: h.path, status: h.status };
        for (const key of ['port', 'afterSeconds', 'untilSeconds'] as const) {
          if (h[key] === undefined) continue;
          if (typeof h[key] !== 'number' || (h[key] as number) < 0) errors.push(`${hp}.${key}: must be a number >= 0`);
          else route[key] = h[key] as number;
        }
        o.http!.push(route);
      });
    }
  }
  return o;
}

function parseNodeFields(raw: Record<string, unknown>, path: string, errors: string[]) {
  const out: { cpu?: string; memory?: string; pods?: number; labels?: Record<string, string>; taints?: NodeTaint[]; unschedulable?: boolean } = {};
  if (raw.cpu !== undefined) {
    if ((typeof raw.cpu !== 'string' && typeof raw.cpu !== 'number') || parseCpuMillis(raw.cpu) === undefined || parseCpuMillis(raw.cpu)! <= 0) errors.push(`${path}.cpu: must be a CPU quantity such as 2, 1.5 or 500m`);
    else out.cpu = String(raw.cpu);
  }
  if (raw.memory !== undefined) {
    if ((typeof raw.memory !== 'string' && typeof raw.memory !== 'number') || !parseMemoryBytes(raw.memory)) errors.push(`${path}.memory: must be a memory quantity such as 4Gi or 8192Mi`);
    else out.memory = String(raw.memory);
  }
  if (raw.pods !== undefined) {
    if (typeof raw.pods !== 'number' || !Number.isInteger(raw.pods) || raw.pods < 1) errors.push(`${path}.pods: must be a positive integer`);
    else out.pods = raw.pods;
  }
  if (raw.labels !== undefined) {
    if (!isObject(raw.labels)) errors.push(`${path}.labels: must be a mapping of label keys to values`);
    else out.labels = Object.fromEntries(Object.entries(raw.labels).map(([k, v]) => [k, v === null ? '' : String(v)]));
  }
  if (raw.unschedulable !== undefined) {
    if (typeof raw.unschedulable !== 'boolean') errors.push(`${path}.unschedulable: must be true or false`);
    else out.unschedulable = raw.unschedulable;
  }
  if (raw.taints !== undefined) {
    if (!Array.isArray(raw.taints)) errors.push(`${path}.taints: must be a list`);
    else {
      out.taints = [];
      raw.taints.forEach((t, i) => {
        const tp = `${path}.taints[${i}]`;
        if (typeof t === 'string') {
          // kubectl form: key[=value]:Effect
          const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(t);
          if (!m) { errors.push(`${tp}: must be key[=value]:Effect or a mapping with key, value, effect`); return; }
          out.taints!.push({ key: m[1], ...(m[2] !== undefined ? { value: m[2] } : {}), effect: m[3] as NodeTaint['effect'] });
          return;
        }
        if (!isObject(t) || typeof t.key !== 'string' || !t.key) { errors.push(`${tp}.key: required`); return; }
        if (typeof t.effect !== 'string' || !EFFECTS.has(t.effect)) { errors.push(`${tp}.effect: must be NoSchedule, PreferNoSchedule or NoExecute`); return; }
        out.taints!.push({ key: t.key, ...(t.value !== undefined && t.value !== null ? { value: String(t.value) } : {}), effect: t.effect as NodeTaint['effect'] });
      });
    }
  }
  return out;
}

const NODE_NAME_RE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function parseCluster(raw: unknown, errors: string[]): ClusterShape | undefined {
  if (!isObject(raw)) { errors.push('cluster: must be a mapping'); return undefined; }
  for (const k of Object.keys(raw)) if (k !== 'nodes') errors.push(`cluster.${k}: unknown field (expected nodes)`);
  const nodes = raw.nodes;
  if (nodes === undefined) return defaultClusterShape();
  const shape: ClusterShape = { nodes: [] };
  if (Array.isArray(nodes)) {
    nodes.forEach((n, i) => {
      const p = `cluster.nodes[${i}]`;
      if (!isObject(n)) { errors.push(`${p}: must be a mapping`); return; }
      const name = n.name === undefined ? defaultNodeName(i) : n.name;
      if (typeof name !== 'string' || !NODE_NAME_RE.test(name)) { errors.push(`${p}.name: must be a lowercase DNS name`); return; }
      shape.nodes.push(makeNode(name, i === 0, parseNodeFields(n, p, errors)));
    });
  } else if (isObject(nodes)) {
    const p = 'cluster.nodes';
    const names = nodes.names;
    let count = nodes.count;
    if (names !== undefined && (!Array.isArray(names) || names.some((n) => typeof n !== 'string' || !NODE_NAME_RE.test(n)))) {
      errors.push(`${p}.names: must be a list of lowercase DNS names`);
      return undefined;
    }
    if (count === undefined) count = Array.isArray(names) ? names.length : 1;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 5000) { errors.push(`${p}.count: must be an integer from 1 to 5000`); return undefined; }
    if (Array.isArray(names) && names.length !== count && nodes.count !== undefined && names.length > count) errors.push(`${p}.names: lists ${names.length} names for ${count} nodes`);
    const fields = parseNodeFields(nodes, p, errors);
    for (let i = 0; i < count; i++) {
      const name = (Array.isArray(names) && (names[i] as string)) || defaultNodeName(i);
      shape.nodes.push(makeNode(name, i === 0, fields));
    }
  } else {
    errors.push('cluster.nodes: must be a list of nodes or a mapping with count, names, cpu, memory, pods, labels, taints');
    return undefined;
  }
  const seen = new Set<string>();
  for (const n of shape.nodes) {
    if (seen.has(n.name)) errors.push(`cluster.nodes: duplicate node name "${n.name}"`);
    seen.add(n.name);
  }
  return shape.nodes.length ? shape : undefined;
}

/** Reads the parsed YAML of `.kube-rehearsal.yaml`. Unknown or invalid parts are reported and skipped. */
export function parseWorkspaceConfig(value: unknown): { images: ImageBehaviourOverride[]; cluster?: ClusterShape; errors: string[] } {
  const errors: string[] = [];
  const images: ImageBehaviourOverride[] = [];
  if (value === undefined || value === null) return { images, errors };
  if (!isObject(value)) return { images, errors: ['(root): must be a mapping with images, cluster and/or targetVersion'] };
  // targetVersion is read by engine/version/kubernetesVersion.ts (workspaceTargetVersion).
  for (const k of Object.keys(value)) if (k !== 'images' && k !== 'cluster' && k !== 'targetVersion') errors.push(`${k}: unknown field (expected images, cluster or targetVersion)`);
  const rawImages = value.images;
  if (Array.isArray(rawImages)) {
    rawImages.forEach((r, i) => { const o = parseOverride(r, `images[${i}]`, errors); if (o) images.push(o); });
  } else if (rawImages !== undefined && rawImages !== null) errors.push('images: must be a list of image behaviours');
  const cluster = value.cluster === undefined || value.cluster === null ? undefined : parseCluster(value.cluster, errors);
  return { images, cluster, errors };
}
