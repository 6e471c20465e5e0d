import type { ContainerStartSpec } from '../behaviour/types';
import type { Store } from '../store/store';
import type { KObject } from '../types';
import { memBytes } from '../util';

/**
 * Resolves a container's environment the way the kubelet does before creating it. A missing
 * ConfigMap/Secret or key (not optional) is a CreateContainerConfigError with the kubelet's text.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function resolveEnv(pod: KObject, c: any, store: Store): { env: Record<string, string>; error?: string } {
  const ns = pod.metadata.namespace;
  const env: Record<string, string> = {};
  for (const src of c.envFrom ?? []) {
    const ref = src.configMapRef ?? src.secretRef;
    if (!ref) continue;
    const kind = src.configMapRef ? 'ConfigMap' : 'Secret';
    const obj = store.get(kind, ns, ref.name);
    if (!obj) {
      if (ref.optional) continue;
      return { env, error: `${kind.toLowerCase()} "${ref.name}" not found` };
    }
    for (const [k, v] of Object.entries(dataOf(obj))) env[(src.prefix ?? '') + k] = v;
  }
  for (const e of c.env ?? []) {
    if (!e?.name) continue;
    if (e.value !== undefined) {
      env[e.name] = String(e.value).replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, n) => (n in env ? env[n] : m));
      continue;
    }
    const vf = e.valueFrom ?? {};
    const ref = vf.configMapKeyRef ?? vf.secretKeyRef;
    if (ref) {
      const kind = vf.configMapKeyRef ? 'ConfigMap' : 'Secret';
      const obj = store.get(kind, ns, ref.name);
      if (!obj) {
        if (ref.optional) continue;
        return { env, error: `${kind.toLowerCase()} "${ref.name}" not found` };
      }
      const data = dataOf(obj);
      if (!(ref.key in data)) {
        if (ref.optional) continue;
        return { env, error: `couldn't find key ${ref.key} in ${kind} ${ns}/${ref.name}` };
      }
      env[e.name] = data[ref.key];
    } else if (vf.fieldRef?.fieldPath) {
      const p = vf.fieldRef.fieldPath as string;
      env[e.name] =
        p === 'metadata.name' ? pod.metadata.name : p === 'metadata.namespace' ? ns ?? '' : p === 'spec.nodeName' ? pod.spec.nodeName ?? '' : p === 'status.podIP' ? pod.status?.podIP ?? '' : '';
    } else env[e.name] = '';
  }
  return { env };
}

function dataOf(obj: KObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj.data ?? {})) out[k] = obj.kind === 'Secret' ? safeBase64(String(v)) : String(v);
  for (const [k, v] of Object.entries(obj.stringData ?? {})) out[k] = String(v);
  for (const [k, v] of Object.entries(obj.binaryData ?? {})) out[k] = String(v);
  return out;
}

function safeBase64(v: string): string {
  try {
    return Buffer.from(v, 'base64').toString('utf8');
  } catch {
    return v;
  }
}

/** Volumes from ConfigMaps/Secrets that do not exist keep the pod in ContainerCreating (FailedMount). */
export function missingVolume(pod: KObject, store: Store): string | undefined {
  for (const v of pod.spec?.volumes ?? []) {
    const cm = v.configMap;
    const sec = v.secret;
    if (cm?.name && !cm.optional && !store.get('ConfigMap', pod.metadata.namespace, cm.name))
      return `MountVolume.SetUp failed for volume "${v.name}" : configmap "${cm.name}" not found`;
    if (sec?.secretName && !sec.optional && !store.get('Secret', pod.metadata.namespace, sec.secretName))
      return `MountVolume.SetUp failed for volume "${v.name}" : secret "${sec.secretName}" not found`;
  }
  return undefined;
}

/**
 * The container's volume mounts as its filesystem shows them: each mountPath a directory (an
 * emptyDir starts empty), ConfigMap and Secret volumes (also through `projected`) holding their
 * keys as files (or the `items` paths), a `subPath` of such a volume the one file at mountPath.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function volumeMountsOf(pod: KObject, c: any, store: Store): NonNullable<ContainerStartSpec['volumeMounts']> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const volumes = new Map<string, any>((pod.spec?.volumes ?? []).filter((v: { name?: string }) => v?.name).map((v: { name: string }) => [v.name, v]));
  const out: NonNullable<ContainerStartSpec['volumeMounts']> = [];
  for (const m of c.volumeMounts ?? []) {
    if (!m?.mountPath || typeof m.mountPath !== 'string') continue;
    const v = volumes.get(m.name);
    const files = v ? volumeFiles(pod, v, store) : undefined;
    const sub = typeof m.subPath === 'string' && m.subPath ? m.subPath : undefined;
    if (sub && files && sub in files) {
      const path = m.mountPath.replace(/\/+$/, '');
      const i = path.lastIndexOf('/');
      out.push({ mountPath: path.slice(0, i) || '/', files: { [path.slice(i + 1)]: files[sub] } });
      continue;
    }
    out.push(files && !sub ? { mountPath: m.mountPath, files } : { mountPath: m.mountPath });
  }
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function volumeFiles(pod: KObject, v: any, store: Store): Record<string, string> | undefined {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const sources: { kind: 'ConfigMap' | 'Secret'; name: string; items?: any[] }[] = [];
  if (v.configMap?.name) sources.push({ kind: 'ConfigMap', name: v.configMap.name, items: v.configMap.items });
  if (v.secret?.secretName) sources.push({ kind: 'Secret', name: v.secret.secretName, items: v.secret.items });
  const files: Record<string, string> = {};
  // The pod's own facts a projected or downwardAPI volume writes (the ServiceAccount plugin's token volume has the namespace).
  const fieldItems = [...(v.downwardAPI?.items ?? []), ...(v.projected?.sources ?? []).flatMap((s: { downwardAPI?: { items?: unknown[] } }) => s?.downwardAPI?.items ?? [])];
  for (const it of fieldItems) {
    const field = it?.fieldRef?.fieldPath;
    const value = field === 'metadata.namespace' ? pod.metadata.namespace : field === 'metadata.name' ? pod.metadata.name : field === 'metadata.uid' ? pod.metadata.uid : undefined;
    if (typeof it?.path === 'string' && value !== undefined) files[it.path] = value ?? '';
  }
  for (const s of v.projected?.sources ?? []) {
    if (s?.configMap?.name) sources.push({ kind: 'ConfigMap', name: s.configMap.name, items: s.configMap.items });
    if (s?.secret?.name) sources.push({ kind: 'Secret', name: s.secret.name, items: s.secret.items });
    // A bound token: its form only (a JWT's three parts), nothing a real API server would accept.
    if (typeof s?.serviceAccountToken?.path === 'string') files[s.serviceAccountToken.path] = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: `system:serviceaccount:${pod.metadata.namespace}:${pod.spec?.serviceAccountName ?? 'default'}` })).toString('base64url')}.simulated`;
  }
  if (sources.length === 0 && Object.keys(files).length === 0) return undefined;
  for (const src of sources) {
    const obj = store.get(src.kind, pod.metadata.namespace, src.name);
    if (!obj) continue;
    const data = dataOf(obj);
    if (Array.isArray(src.items) && src.items.length) {
      for (const it of src.items) if (it?.key in data && typeof it.path === 'string') files[it.path] = data[it.key];
    } else Object.assign(files, data);
  }
  return files;
}

/** What the behaviour model is told when a container of `podName` starts (also used to replay its logs). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function containerStartSpec(spec: any, env: Record<string, string>, podName: string, podIP: string | undefined, volumeMounts?: ContainerStartSpec['volumeMounts']): ContainerStartSpec {
  return {
    name: spec.name,
    image: spec.image,
    command: spec.command?.map(String),
    args: spec.args?.map(String),
    env,
    ports: (spec.ports ?? []).map((p: { containerPort: number; name?: string; protocol?: string }) => ({ containerPort: p.containerPort, name: p.name, protocol: p.protocol })),
    memoryLimitBytes: spec.resources?.limits?.memory !== undefined ? memBytes(spec.resources.limits.memory) : undefined,
    workingDir: spec.workingDir,
    stdin: spec.stdin,
    tty: spec.tty,
    podName,
    podIP,
    ...(volumeMounts?.length ? { volumeMounts } : {}),
  };
}
