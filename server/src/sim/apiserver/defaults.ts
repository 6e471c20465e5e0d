import type { KObject } from '../types';

/** SetDefaults_* for the fields the simulator reads (pkg/apis/{core,apps,batch}/v1/defaults.go). */
export function setDefaults(obj: KObject): void {
  const s = obj.spec;
  switch (obj.kind) {
    case 'Namespace':
      // SetDefaults_Namespace; a generated name gets it at Canonicalize (namespaceNameLabel).
      if (obj.metadata.name) namespaceNameLabel(obj);
      break;
    case 'Pod':
      obj.spec ??= {};
      defaultPodSpec(obj.spec);
      // SetDefaults_Pod; a Pod (not a template) also shows the structs Go always writes
      // (`securityContext: {}`, `resources: {}`). Templates are left without them: their hash
      // (pod-template-hash, controller-revision-hash) is taken over the template as stored.
      obj.spec.enableServiceLinks ??= true;
      obj.spec.securityContext ??= {};
      for (const c of [...(obj.spec.initContainers ?? []), ...(obj.spec.containers ?? [])]) if (c && typeof c === 'object') c.resources ??= {};
      break;
    case 'Deployment':
      if (!s) break;
      s.replicas ??= 1;
      s.strategy ??= {};
      s.strategy.type ??= 'RollingUpdate';
      if (s.strategy.type === 'RollingUpdate') {
        s.strategy.rollingUpdate ??= {};
        s.strategy.rollingUpdate.maxUnavailable ??= '25%';
        s.strategy.rollingUpdate.maxSurge ??= '25%';
      }
      s.revisionHistoryLimit ??= 10;
      s.progressDeadlineSeconds ??= 600;
      s.minReadySeconds ??= 0;
      defaultTemplate(s.template);
      break;
    case 'ReplicaSet':
      if (!s) break;
      s.replicas ??= 1;
      s.minReadySeconds ??= 0;
      defaultTemplate(s.template);
      break;
    case 'ReplicationController':
      if (!s) break;
      s.replicas ??= 1;
      s.minReadySeconds ??= 0;
      if (!s.selector || Object.keys(s.selector).length === 0) s.selector = { ...(s.template?.metadata?.labels ?? {}) };
      if (Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...(s.template?.metadata?.labels ?? {}) };
      defaultTemplate(s.template);
      break;
    case 'DaemonSet':
      if (!s) break;
      s.updateStrategy ??= {};
      s.updateStrategy.type ??= 'RollingUpdate';
      if (s.updateStrategy.type === 'RollingUpdate') {
        s.updateStrategy.rollingUpdate ??= {};
        s.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
        s.updateStrategy.rollingUpdate.maxSurge ??= 0;
      }
      s.revisionHistoryLimit ??= 10;
      s.minReadySeconds ??= 0;
      defaultTemplate(s.template);
      break;
    case 'StatefulSet':
      if (!s) break;
      s.replicas ??= 1;
      s.podManagementPolicy ??= 'OrderedReady';
      s.updateStrategy ??= { type: 'RollingUpdate' };
      s.updateStrategy.type ??= 'RollingUpdate';
      if (s.updateStrategy.type === 'RollingUpdate') {
        s.updateStrategy.rollingUpdate ??= {};
        s.updateStrategy.rollingUpdate.partition ??= 0;
      }
      s.persistentVolumeClaimRetentionPolicy ??= {};
      s.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
      s.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
      s.revisionHistoryLimit ??= 10;
      s.minReadySeconds ??= 0;
      defaultTemplate(s.template);
      break;
    case 'Job':
      if (!s) break;
      defaultJobSpec(obj);
      break;
    case 'CronJob':
      if (!s) break;
      s.concurrencyPolicy ??= 'Allow';
      s.suspend ??= false;
      s.successfulJobsHistoryLimit ??= 3;
      s.failedJobsHistoryLimit ??= 1;
      if (s.jobTemplate?.spec) {
        const j = s.jobTemplate.spec;
        if (j.completions === undefined && j.parallelism === undefined) j.parallelism = 1;
        j.parallelism ??= 1;
        j.backoffLimit ??= 6;
        j.completionMode ??= 'NonIndexed';
        j.suspend ??= false;
        if (j.template?.spec) defaultPodSpec(j.template.spec);
      }
      break;
    case 'Service':
      if (!s) break;
      s.type ??= 'ClusterIP';
      s.sessionAffinity ??= 'None';
      // SetDefaults_Service: the traffic policies.
      if (s.type !== 'ExternalName') s.internalTrafficPolicy ??= 'Cluster';
      if (s.type === 'NodePort' || s.type === 'LoadBalancer') s.externalTrafficPolicy ??= 'Cluster';
      if (s.type === 'LoadBalancer') s.allocateLoadBalancerNodePorts ??= true;
      for (const p of s.ports ?? []) {
        p.protocol ??= 'TCP';
        if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
      }
      break;
    case 'Secret':
      // SetDefaults_Secret; the v1 conversion merges the write-only stringData into data (base64).
      obj.type ??= 'Opaque';
      if (obj.stringData && typeof obj.stringData === 'object') {
        obj.data = { ...(obj.data ?? {}) };
        for (const [k, v] of Object.entries(obj.stringData)) obj.data[k] = Buffer.from(String(v), 'utf8').toString('base64');
        delete obj.stringData;
      }
      break;
    case 'PersistentVolume':
      obj.spec ??= {};
      obj.spec.persistentVolumeReclaimPolicy ??= 'Retain';
      obj.spec.volumeMode ??= 'Filesystem';
      // The registry's PrepareForCreate: a new volume or claim starts Pending.
      obj.status ??= { phase: 'Pending' };
      break;
    case 'PersistentVolumeClaim':
      obj.spec ??= {};
      obj.spec.volumeMode ??= 'Filesystem';
      obj.status ??= { phase: 'Pending' };
      break;
    case 'StorageClass':
      obj.reclaimPolicy ??= 'Delete';
      obj.volumeBindingMode ??= 'Immediate';
      break;
    case 'PriorityClass':
      obj.preemptionPolicy ??= 'PreemptLowerPriority';
      break;
    case 'Ingress':
      // The registry's PrepareForCreate starts an Ingress with an empty load balancer status (kubectl -o yaml shows it).
      obj.status ??= { loadBalancer: {} };
      break;
    case 'NetworkPolicy':
      // SetDefaults_NetworkPolicySpec: Ingress always, Egress when egress rules are given.
      obj.spec ??= {};
      obj.spec.policyTypes ??= obj.spec.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
      break;
  }
}

/**
 * Every Namespace carries `kubernetes.io/metadata.name: <its name>`: set by defaulting and again
 * by the namespace strategy's Canonicalize on every write, so a client can neither remove nor change it.
 */
export function namespaceNameLabel(obj: KObject): void {
  if (obj.kind !== 'Namespace') return;
  obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name };
}

function defaultTemplate(t: { spec?: Record<string, unknown> } | undefined): void {
  if (t?.spec) defaultPodSpec(t.spec);
}

function defaultJobSpec(obj: KObject): void {
  const s = obj.spec;
  if (s.completions === undefined && s.parallelism === undefined) {
    s.completions = 1;
    s.parallelism = 1;
  }
  s.parallelism ??= 1;
  s.backoffLimit ??= 6;
  s.completionMode ??= 'NonIndexed';
  s.suspend ??= false;
  if (Object.keys(obj.metadata.labels ?? {}).length === 0 && s.template?.metadata?.labels) obj.metadata.labels = { ...s.template.metadata.labels };
  if (s.template?.spec) defaultPodSpec(s.template.spec);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function defaultPodSpec(spec: any): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) defaultContainer(c);
  // SetDefaults_Volume: a volume that names no source is an emptyDir.
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) {
    if (v && typeof v === 'object' && Object.keys(v).every((k) => k === 'name' || v[k] === undefined || v[k] === null)) v.emptyDir = {};
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function defaultContainer(c: any): void {
  if (typeof c !== 'object' || !c) return;
  if (c.imagePullPolicy === undefined && typeof c.image === 'string') {
    const tag = imageTag(c.image);
    c.imagePullPolicy = tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  // If only limits are set, requests default to the limits (SetDefaults_Pod).
  if (c.resources?.limits) {
    c.resources.requests ??= {};
    for (const [k, v] of Object.entries(c.resources.limits)) if (c.resources.requests[k] === undefined) c.resources.requests[k] = v;
  }
  for (const p of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
    if (!p || typeof p !== 'object') continue;
    // SetDefaults_Probe treats 0 as unset: periodSeconds 0 must not become a zero-length probe loop.
    if (!p.timeoutSeconds) p.timeoutSeconds = 1;
    if (!p.periodSeconds) p.periodSeconds = 10;
    if (!p.successThreshold) p.successThreshold = 1;
    if (!p.failureThreshold) p.failureThreshold = 3;
    p.initialDelaySeconds ??= 0;
    if (p.httpGet) {
      p.httpGet.path ??= '/';
      p.httpGet.scheme ??= 'HTTP';
    }
  }
}

/** The tag of an image reference, or undefined (digests count as pinned). */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return 'digest';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const i = last.indexOf(':');
  return i < 0 ? undefined : last.slice(i + 1);
}
