/**
 * The controls of the Pod Security Standards (baseline and restricted), as the PodSecurity
 * admission plugin of Kubernetes 1.36 evaluates them: each control has an id, a level, and one
 * function per policy version where its behaviour changed. A control returns its forbidden reason
 * and detail in the admission controller's words, plus the fields that caused it (paths from the
 * pod's root: `spec`, `metadata`), so the checker can point at them.
 *
 * Plain data in and out: the values are a manifest's JSON (possibly malformed: every read is
 * defensive), never a typed object.
 */

export type Level = 'privileged' | 'baseline' | 'restricted';
export type FieldPath = (string | number)[];

export interface Violation {
  /** The upstream check id (`allowPrivilegeEscalation`, `hostNamespaces`, ...). */
  id: string;
  reason: string;
  detail: string;
  /** Where it is: an existing field, or (for a required field that is missing) the path it belongs at. */
  fields: FieldPath[];
}

export interface PodView {
  metadata?: unknown;
  spec?: unknown;
}

type CheckFn = (pod: Pod) => Omit<Violation, 'id'> | undefined;

interface VersionedCheck {
  /** Policy minor version (1.x) this behaviour starts at. */
  min: number;
  fn: CheckFn;
}

export interface Control {
  id: string;
  level: 'baseline' | 'restricted';
  versions: VersionedCheck[];
  /** Baseline controls this restricted control replaces. */
  overrides?: string[];
}

// ---------------------------------------------------------------------------
// Reading a pod defensively

type Rec = Record<string, unknown>;

function rec(v: unknown): Rec | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

interface ContainerRef {
  c: Rec;
  name: string;
  path: FieldPath;
}

class Pod {
  readonly meta: Rec;
  readonly spec: Rec;
  readonly psc: Rec | undefined;
  readonly containers: ContainerRef[] = [];

  constructor(view: PodView) {
    this.meta = rec(view.metadata) ?? {};
    this.spec = rec(view.spec) ?? {};
    this.psc = rec(this.spec.securityContext);
    // The order of the upstream visitor: init containers, containers, ephemeral containers.
    for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
      arr(this.spec[field]).forEach((c, i) => {
        const r = rec(c);
        if (r) this.containers.push({ c: r, name: str(r.name), path: ['spec', field, i] });
      });
    }
  }

  sc(c: ContainerRef): Rec | undefined {
    return rec(c.c.securityContext);
  }

  get windows(): boolean {
    return rec(this.spec.os)?.name === 'windows';
  }

  /** spec.hostUsers: false (a user namespace): the 1.35 controls relax some checks for it. */
  get userNamespace(): boolean {
    return this.spec.hostUsers === false;
  }
}

// ---------------------------------------------------------------------------
// Message helpers (the admission library's wording)

function pluralize(singular: string, plural: string, n: number): string {
  return n === 1 ? singular : plural;
}

function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

/** Go's sort of strings (by UTF-16 code unit, as byte order for ASCII). */
function sorted(items: Iterable<string>): string[] {
  return [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

// ---------------------------------------------------------------------------
// Baseline

const hostNamespaces: CheckFn = (pod) => {
  const set: string[] = [];
  const fields: FieldPath[] = [];
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (pod.spec[f] === true) {
      set.push(`${f}=true`);
      fields.push(['spec', f]);
    }
  }
  return set.length ? { reason: 'host namespaces', detail: set.join(', '), fields } : undefined;
};

const privileged: CheckFn = (pod) => {
  const bad = pod.containers.filter((c) => pod.sc(c)?.privileged === true);
  if (!bad.length) return undefined;
  return { reason: 'privileged', detail: `${containersPhrase(bad.map((c) => c.name))} must not set securityContext.privileged=true`, fields: bad.map((c) => [...c.path, 'securityContext', 'privileged']) };
};

const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

const capabilitiesBaseline: CheckFn = (pod) => {
  const names: string[] = [];
  const caps: string[] = [];
  const fields: FieldPath[] = [];
  for (const c of pod.containers) {
    const add = arr(rec(pod.sc(c)?.capabilities)?.add);
    let bad = false;
    add.forEach((cap, i) => {
      if (!BASELINE_CAPABILITIES.has(str(cap))) {
        bad = true;
        caps.push(str(cap));
        fields.push([...c.path, 'securityContext', 'capabilities', 'add', i]);
      }
    });
    if (bad) names.push(c.name);
  }
  if (!names.length) return undefined;
  return { reason: 'non-default capabilities', detail: `${containersPhrase(names)} must not include ${joinQuote(sorted(caps))} in securityContext.capabilities.add`, fields };
};

const hostPathVolumes: CheckFn = (pod) => {
  const names: string[] = [];
  const fields: FieldPath[] = [];
  arr(pod.spec.volumes).forEach((v, i) => {
    const r = rec(v);
    if (r && r.hostPath !== undefined && r.hostPath !== null) {
      names.push(str(r.name));
      fields.push(['spec', 'volumes', i, 'hostPath']);
    }
  });
  if (!names.length) return undefined;
  return { reason: 'hostPath volumes', detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`, fields };
};

const hostPorts: CheckFn = (pod) => {
  const names: string[] = [];
  const ports: string[] = [];
  const fields: FieldPath[] = [];
  for (const c of pod.containers) {
    let bad = false;
    arr(c.c.ports).forEach((p, i) => {
      const hp = rec(p)?.hostPort;
      if (hp !== undefined && hp !== null && Number(hp) !== 0) {
        bad = true;
        ports.push(String(hp));
        fields.push([...c.path, 'ports', i, 'hostPort']);
      }
    });
    if (bad) names.push(c.name);
  }
  if (!names.length) return undefined;
  const list = sorted(ports);
  return { reason: 'hostPort', detail: `${containersPhrase(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('hostPort', 'hostPorts', list.length)} ${list.join(', ')}`, fields };
};

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

const appArmorProfile: CheckFn = (pod) => {
  const setters: string[] = [];
  const values: string[] = [];
  const fields: FieldPath[] = [];
  const okType = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
  const podProfile = rec(pod.psc?.appArmorProfile);
  if (podProfile && !okType(podProfile.type)) {
    setters.push('pod');
    values.push(str(podProfile.type));
    fields.push(['spec', 'securityContext', 'appArmorProfile', 'type']);
  }
  const bad: string[] = [];
  for (const c of pod.containers) {
    const p = rec(pod.sc(c)?.appArmorProfile);
    if (p && !okType(p.type)) {
      bad.push(c.name);
      values.push(str(p.type));
      fields.push([...c.path, 'securityContext', 'appArmorProfile', 'type']);
    }
  }
  if (bad.length) setters.push(containersPhrase(bad));
  const annotations: string[] = [];
  const ann = rec(pod.meta.annotations) ?? {};
  for (const k of Object.keys(ann)) {
    const v = str(ann[k]);
    if (k.startsWith(APPARMOR_ANNOTATION) && !(v === '' || v === 'runtime/default' || v.startsWith('localhost/'))) {
      annotations.push(`${k}=${JSON.stringify(v)}`);
      fields.push(['metadata', 'annotations', k]);
    }
  }
  const valueList = sorted(values);
  if (annotations.length) {
    valueList.push(...annotations.sort());
    setters.push(pluralize('annotation', 'annotations', annotations.length));
  }
  if (!setters.length) return undefined;
  return {
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', valueList.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(valueList)}`,
    fields,
  };
};

function seLinuxCheck(allowedTypes: ReadonlySet<string>): CheckFn {
  return (pod) => {
    const setters: string[] = [];
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    const fields: FieldPath[] = [];
    const valid = (opts: Rec, at: FieldPath): boolean => {
      let ok = true;
      if (!allowedTypes.has(str(opts.type))) {
        ok = false;
        badTypes.push(str(opts.type));
        fields.push([...at, 'type']);
      }
      if (str(opts.user) !== '') {
        ok = false;
        setUser = true;
        fields.push([...at, 'user']);
      }
      if (str(opts.role) !== '') {
        ok = false;
        setRole = true;
        fields.push([...at, 'role']);
      }
      return ok;
    };
    const podOpts = rec(pod.psc?.seLinuxOptions);
    if (podOpts && !valid(podOpts, ['spec', 'securityContext', 'seLinuxOptions'])) setters.push('pod');
    const bad: string[] = [];
    for (const c of pod.containers) {
      const o = rec(pod.sc(c)?.seLinuxOptions);
      if (o && !valid(o, [...c.path, 'securityContext', 'seLinuxOptions'])) bad.push(c.name);
    }
    if (bad.length) setters.push(containersPhrase(bad));
    if (!setters.length) return undefined;
    // As upstream: the user/role notes are only appended after a bad type.
    const data: string[] = [];
    const types = sorted(badTypes);
    if (types.length) {
      data.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
      if (setUser) data.push('user may not be set');
      if (setRole) data.push('role may not be set');
    }
    return { reason: 'seLinuxOptions', detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`, fields };
  };
}

const SELINUX_1_0 = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const SELINUX_1_31 = new Set([...SELINUX_1_0, 'container_engine_t']);

const procMount: CheckFn = (pod) => {
  const names: string[] = [];
  const types: string[] = [];
  const fields: FieldPath[] = [];
  for (const c of pod.containers) {
    const pm = pod.sc(c)?.procMount;
    if (pm === undefined || pm === null || pm === 'Default') continue;
    names.push(c.name);
    types.push(str(pm));
    fields.push([...c.path, 'securityContext', 'procMount']);
  }
  if (!names.length) return undefined;
  return { reason: 'procMount', detail: `${containersPhrase(names)} must not set securityContext.procMount to ${joinQuote(sorted(types))}`, fields };
};

const procMountBaseline135: CheckFn = (pod) => (pod.userNamespace ? undefined : procMount(pod));

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

/** Policy versions before 1.19 read the seccomp annotations, not the field. */
const seccompBaseline10: CheckFn = (pod) => {
  const ann = rec(pod.meta.annotations) ?? {};
  const okValue = (v: string) => v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
  const bad: string[] = [];
  const fields: FieldPath[] = [];
  const keys = [SECCOMP_POD_ANNOTATION, ...pod.containers.map((c) => SECCOMP_CONTAINER_ANNOTATION + c.name)];
  for (const k of keys) {
    if (!(k in ann)) continue;
    const v = str(ann[k]);
    if (!okValue(v)) {
      bad.push(`${k}=${JSON.stringify(v)}`);
      fields.push(['metadata', 'annotations', k]);
    }
  }
  if (!bad.length) return undefined;
  const list = sorted(bad);
  return { reason: 'seccompProfile', detail: `forbidden ${pluralize('annotation', 'annotations', list.length)} ${list.join(', ')}`, fields };
};

const validSeccomp = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';

/** Pod and containers that set seccompProfile.type to something else than RuntimeDefault or Localhost. */
function explicitSeccomp(pod: Pod): { setters: string[]; values: string[]; fields: FieldPath[]; podSet: boolean } {
  const setters: string[] = [];
  const values: string[] = [];
  const fields: FieldPath[] = [];
  let podSet = false;
  const podProfile = rec(pod.psc?.seccompProfile);
  if (podProfile) {
    if (!validSeccomp(podProfile.type)) {
      setters.push('pod');
      values.push(str(podProfile.type));
      fields.push(['spec', 'securityContext', 'seccompProfile', 'type']);
    } else podSet = true;
  }
  const bad: string[] = [];
  for (const c of pod.containers) {
    const p = rec(pod.sc(c)?.seccompProfile);
    if (p && !validSeccomp(p.type)) {
      bad.push(c.name);
      values.push(str(p.type));
      fields.push([...c.path, 'securityContext', 'seccompProfile', 'type']);
    }
  }
  if (bad.length) setters.push(containersPhrase(bad));
  return { setters, values, fields, podSet };
}

const seccompBaseline119: CheckFn = (pod) => {
  const e = explicitSeccomp(pod);
  if (!e.setters.length) return undefined;
  return { reason: 'seccompProfile', detail: `${e.setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sorted(e.values))}`, fields: e.fields };
};

function sysctlsCheck(allowed: ReadonlySet<string>): CheckFn {
  return (pod) => {
    const bad: string[] = [];
    const fields: FieldPath[] = [];
    arr(pod.psc?.sysctls).forEach((s, i) => {
      const name = str(rec(s)?.name);
      if (!allowed.has(name)) {
        bad.push(name);
        fields.push(['spec', 'securityContext', 'sysctls', i, 'name']);
      }
    });
    return bad.length ? { reason: 'forbidden sysctls', detail: bad.join(', '), fields } : undefined;
  };
}

const SYSCTLS_1_0 = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start']);
const SYSCTLS_1_27 = new Set([...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports']);
const SYSCTLS_1_29 = new Set([...SYSCTLS_1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']);
const SYSCTLS_1_32 = new Set([...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']);

const windowsHostProcess: CheckFn = (pod) => {
  const setters: string[] = [];
  const fields: FieldPath[] = [];
  if (rec(pod.psc?.windowsOptions)?.hostProcess === true) {
    setters.push('pod');
    fields.push(['spec', 'securityContext', 'windowsOptions', 'hostProcess']);
  }
  const bad: string[] = [];
  for (const c of pod.containers) {
    if (rec(pod.sc(c)?.windowsOptions)?.hostProcess === true) {
      bad.push(c.name);
      fields.push([...c.path, 'securityContext', 'windowsOptions', 'hostProcess']);
    }
  }
  if (bad.length) setters.push(containersPhrase(bad));
  if (!setters.length) return undefined;
  return { reason: 'hostProcess', detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`, fields };
};

const hostProbesAndHostLifecycle: CheckFn = (pod) => {
  const names = new Set<string>();
  const hosts: string[] = [];
  const fields: FieldPath[] = [];
  for (const c of pod.containers) {
    const handlers: [unknown, FieldPath][] = [
      [c.c.livenessProbe, [...c.path, 'livenessProbe']],
      [c.c.readinessProbe, [...c.path, 'readinessProbe']],
      [c.c.startupProbe, [...c.path, 'startupProbe']],
      [rec(c.c.lifecycle)?.postStart, [...c.path, 'lifecycle', 'postStart']],
      [rec(c.c.lifecycle)?.preStop, [...c.path, 'lifecycle', 'preStop']],
    ];
    for (const [h, at] of handlers) {
      for (const action of ['httpGet', 'tcpSocket']) {
        const host = rec(rec(h)?.[action])?.host;
        if (host !== undefined && host !== null && str(host) !== '') {
          names.add(c.name);
          hosts.push(str(host));
          fields.push([...at, action, 'host']);
        }
      }
    }
  }
  if (!names.size) return undefined;
  const list = sorted(names);
  const hostList = sorted(hosts);
  return {
    reason: 'probe or lifecycle host',
    detail: `${containersPhrase(list)} ${pluralize('uses', 'use', list.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', hostList.length)} ${joinQuote(hostList)}`,
    fields,
  };
};

// ---------------------------------------------------------------------------
// Restricted

const ALLOWED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
/** Restricted volume sources in the order upstream tests for them. */
const RESTRICTED_VOLUME_SOURCES = ['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos'];

const present = (r: Rec, k: string) => r[k] !== undefined && r[k] !== null;

const restrictedVolumes: CheckFn = (pod) => {
  const names: string[] = [];
  const types: string[] = [];
  const fields: FieldPath[] = [];
  arr(pod.spec.volumes).forEach((v, i) => {
    const r = rec(v);
    if (!r || ALLOWED_VOLUME_SOURCES.some((k) => present(r, k))) return;
    names.push(str(r.name));
    const type = RESTRICTED_VOLUME_SOURCES.find((k) => present(r, k));
    types.push(type ?? 'unknown');
    fields.push(type ? ['spec', 'volumes', i, type] : ['spec', 'volumes', i]);
  });
  if (!names.length) return undefined;
  const typeList = sorted(types);
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('restricted volume type', 'restricted volume types', typeList.length)} ${joinQuote(typeList)}`,
    fields,
  };
};

const allowPrivilegeEscalation18: CheckFn = (pod) => {
  const bad = pod.containers.filter((c) => pod.sc(c)?.allowPrivilegeEscalation !== false);
  if (!bad.length) return undefined;
  return {
    reason: 'allowPrivilegeEscalation != false',
    detail: `${containersPhrase(bad.map((c) => c.name))} must set securityContext.allowPrivilegeEscalation=false`,
    fields: bad.map((c) => [...c.path, 'securityContext', 'allowPrivilegeEscalation']),
  };
};

/** From policy 1.25 some restricted controls do not apply to Windows pods (spec.os.name: windows). */
const linuxOnly = (fn: CheckFn): CheckFn => (pod) => (pod.windows ? undefined : fn(pod));

const runAsNonRoot10: CheckFn = (pod) => {
  const setters: string[] = [];
  const fields: FieldPath[] = [];
  let podNonRoot = false;
  const podValue = pod.psc?.runAsNonRoot;
  if (podValue !== undefined && podValue !== null) {
    if (podValue !== true) {
      setters.push('pod');
      fields.push(['spec', 'securityContext', 'runAsNonRoot']);
    } else podNonRoot = true;
  }
  const explicit: string[] = [];
  const implicit: ContainerRef[] = [];
  for (const c of pod.containers) {
    const v = pod.sc(c)?.runAsNonRoot;
    if (v !== undefined && v !== null) {
      if (v !== true) {
        explicit.push(c.name);
        fields.push([...c.path, 'securityContext', 'runAsNonRoot']);
      }
    } else if (!podNonRoot) implicit.push(c);
  }
  if (explicit.length) setters.push(containersPhrase(explicit));
  if (setters.length) return { reason: 'runAsNonRoot != true', detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`, fields };
  if (implicit.length) {
    return {
      reason: 'runAsNonRoot != true',
      detail: `pod or ${containersPhrase(implicit.map((c) => c.name))} must set securityContext.runAsNonRoot=true`,
      fields: implicit.map((c) => [...c.path, 'securityContext', 'runAsNonRoot']),
    };
  }
  return undefined;
};

const runAsUser123: CheckFn = (pod) => {
  const setters: string[] = [];
  const fields: FieldPath[] = [];
  const isZero = (v: unknown) => v !== undefined && v !== null && v !== '' && Number(v) === 0;
  if (isZero(pod.psc?.runAsUser)) {
    setters.push('pod');
    fields.push(['spec', 'securityContext', 'runAsUser']);
  }
  const bad: string[] = [];
  for (const c of pod.containers) {
    if (isZero(pod.sc(c)?.runAsUser)) {
      bad.push(c.name);
      fields.push([...c.path, 'securityContext', 'runAsUser']);
    }
  }
  if (bad.length) setters.push(containersPhrase(bad));
  return setters.length ? { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0`, fields } : undefined;
};

const skipForUserNamespace = (fn: CheckFn): CheckFn => (pod) => (pod.userNamespace ? undefined : fn(pod));

const seccompRestricted119: CheckFn = (pod) => {
  const e = explicitSeccomp(pod);
  if (e.setters.length) return { reason: 'seccompProfile', detail: `${e.setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sorted(e.values))}`, fields: e.fields };
  if (e.podSet) return undefined;
  const implicit = pod.containers.filter((c) => !rec(pod.sc(c)?.seccompProfile));
  if (!implicit.length) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `pod or ${containersPhrase(implicit.map((c) => c.name))} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    fields: implicit.map((c) => [...c.path, 'securityContext', 'seccompProfile', 'type']),
  };
};

const capabilitiesRestricted122: CheckFn = (pod) => {
  const missingDrop: ContainerRef[] = [];
  const adding: string[] = [];
  const caps: string[] = [];
  const fields: FieldPath[] = [];
  for (const c of pod.containers) {
    const capabilities = rec(pod.sc(c)?.capabilities);
    if (!capabilities) {
      missingDrop.push(c);
      continue;
    }
    if (!arr(capabilities.drop).some((d) => d === 'ALL')) missingDrop.push(c);
    let bad = false;
    arr(capabilities.add).forEach((cap, i) => {
      if (cap !== 'NET_BIND_SERVICE') {
        bad = true;
        caps.push(str(cap));
        fields.push([...c.path, 'securityContext', 'capabilities', 'add', i]);
      }
    });
    if (bad) adding.push(c.name);
  }
  const details: string[] = [];
  if (missingDrop.length) {
    details.push(`${containersPhrase(missingDrop.map((c) => c.name))} must set securityContext.capabilities.drop=["ALL"]`);
    fields.unshift(...missingDrop.map((c) => [...c.path, 'securityContext', 'capabilities', 'drop']));
  }
  if (adding.length) details.push(`${containersPhrase(adding)} must not include ${joinQuote(sorted(caps))} in securityContext.capabilities.add`);
  return details.length ? { reason: 'unrestricted capabilities', detail: details.join('; '), fields } : undefined;
};

// ---------------------------------------------------------------------------
// The registry

export const CONTROLS: readonly Control[] = [
  { id: 'appArmorProfile', level: 'baseline', versions: [{ min: 0, fn: appArmorProfile }] },
  { id: 'capabilities_baseline', level: 'baseline', versions: [{ min: 0, fn: capabilitiesBaseline }] },
  { id: 'hostNamespaces', level: 'baseline', versions: [{ min: 0, fn: hostNamespaces }] },
  { id: 'hostPathVolumes', level: 'baseline', versions: [{ min: 0, fn: hostPathVolumes }] },
  { id: 'hostPorts', level: 'baseline', versions: [{ min: 0, fn: hostPorts }] },
  { id: 'hostProbesAndHostLifecycle', level: 'baseline', versions: [{ min: 34, fn: hostProbesAndHostLifecycle }] },
  { id: 'privileged', level: 'baseline', versions: [{ min: 0, fn: privileged }] },
  { id: 'procMount', level: 'baseline', versions: [{ min: 0, fn: procMount }, { min: 35, fn: procMountBaseline135 }] },
  { id: 'seLinuxOptions', level: 'baseline', versions: [{ min: 0, fn: seLinuxCheck(SELINUX_1_0) }, { min: 31, fn: seLinuxCheck(SELINUX_1_31) }] },
  { id: 'seccompProfile_baseline', level: 'baseline', versions: [{ min: 0, fn: seccompBaseline10 }, { min: 19, fn: seccompBaseline119 }] },
  {
    id: 'sysctls',
    level: 'baseline',
    versions: [
      { min: 0, fn: sysctlsCheck(SYSCTLS_1_0) },
      { min: 27, fn: sysctlsCheck(SYSCTLS_1_27) },
      { min: 29, fn: sysctlsCheck(SYSCTLS_1_29) },
      { min: 32, fn: sysctlsCheck(SYSCTLS_1_32) },
    ],
  },
  { id: 'windowsHostProcess', level: 'baseline', versions: [{ min: 0, fn: windowsHostProcess }] },
  { id: 'allowPrivilegeEscalation', level: 'restricted', versions: [{ min: 8, fn: allowPrivilegeEscalation18 }, { min: 25, fn: linuxOnly(allowPrivilegeEscalation18) }] },
  { id: 'capabilities_restricted', level: 'restricted', overrides: ['capabilities_baseline'], versions: [{ min: 22, fn: capabilitiesRestricted122 }, { min: 25, fn: linuxOnly(capabilitiesRestricted122) }] },
  { id: 'procMount_restricted', level: 'restricted', overrides: ['procMount'], versions: [{ min: 35, fn: procMount }] },
  { id: 'restrictedVolumes', level: 'restricted', overrides: ['hostPathVolumes'], versions: [{ min: 0, fn: restrictedVolumes }] },
  { id: 'runAsNonRoot', level: 'restricted', versions: [{ min: 0, fn: runAsNonRoot10 }, { min: 35, fn: skipForUserNamespace(runAsNonRoot10) }] },
  { id: 'runAsUser', level: 'restricted', versions: [{ min: 23, fn: runAsUser123 }, { min: 35, fn: skipForUserNamespace(runAsUser123) }] },
  { id: 'seccompProfile_restricted', level: 'restricted', overrides: ['seccompProfile_baseline'], versions: [{ min: 19, fn: seccompRestricted119 }, { min: 25, fn: linuxOnly(seccompRestricted119) }] },
];

/** The newest policy version any control defines: what `latest` means on a 1.36 API server. */
export const MAX_POLICY_MINOR = Math.max(...CONTROLS.flatMap((c) => c.versions.map((v) => v.min)));

/**
 * The controls in force for a level at a policy minor version, in the admission plugin's order
 * (baseline ids sorted, then restricted ids sorted; a restricted control drops the baseline ones it
 * overrides).
 */
export function controlsFor(level: Level, minor: number): { id: string; fn: CheckFn }[] {
  if (level === 'privileged') return [];
  const m = Math.min(minor, MAX_POLICY_MINOR);
  const pick = (c: Control) => [...c.versions].reverse().find((v) => v.min <= m);
  const restricted = level === 'restricted' ? CONTROLS.filter((c) => c.level === 'restricted' && pick(c)) : [];
  const overridden = new Set(restricted.flatMap((c) => c.overrides ?? []));
  const baseline = CONTROLS.filter((c) => c.level === 'baseline' && pick(c) && !overridden.has(c.id));
  return [...baseline, ...restricted].map((c) => ({ id: c.id, fn: pick(c)!.fn }));
}

/** The failing controls of a pod (metadata + spec) at a level and policy minor version. */
export function evaluateControls(level: Level, minor: number, view: PodView): Violation[] {
  const pod = new Pod(view);
  const out: Violation[] = [];
  for (const { id, fn } of controlsFor(level, minor)) {
    const r = fn(pod);
    if (r) out.push({ id, ...r });
  }
  return out;
}
