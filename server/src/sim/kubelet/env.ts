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

/** What the behaviour model is told when a container of `podName` starts (also used to replay its logs). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function containerStartSpec(spec: any, env: Record<string, string>, podName: string, podIP: string | undefined): ContainerStartSpec {
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
  };
}
