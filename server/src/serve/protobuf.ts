import { DEFINITIONS, lookupKind, type JsonSchema } from '../engine/schema/registry';
import { HttpError } from './status';

/**
 * Request bodies in Kubernetes' protobuf encoding, which kubectl's generators send (`create
 * deployment|namespace|configmap|secret|job|cronjob|service|quota|serviceaccount|pdb|role|clusterrole|
 * rolebinding|clusterrolebinding|ingress|priorityclass`, `auth can-i`).
 * The body is `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw}; `raw` is the object's
 * message. The structure (which field is a string, a list, a map, a nested object) comes from the
 * bundled schemas; what this file adds is the field numbers of the messages those commands send,
 * as Kubernetes' generated.proto files number them. A field whose number is not listed here is
 * rejected (415) when it carries a value, never guessed; an empty one carries nothing and is skipped.
 */

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const CORE = 'io.k8s.api.core.v1.';

const FIELDS: Record<string, Record<number, string>> = {
  [`${META}ObjectMeta`]: { 1: 'name', 2: 'generateName', 3: 'namespace', 4: 'selfLink', 5: 'uid', 6: 'resourceVersion', 7: 'generation', 8: 'creationTimestamp', 11: 'labels', 12: 'annotations' },
  [`${META}LabelSelector`]: { 1: 'matchLabels', 2: 'matchExpressions' },
  [`${META}LabelSelectorRequirement`]: { 1: 'key', 2: 'operator', 3: 'values' },
  'io.k8s.api.apps.v1.Deployment': { 1: 'metadata', 2: 'spec', 3: 'status' },
  'io.k8s.api.apps.v1.DeploymentSpec': { 1: 'replicas', 2: 'selector', 3: 'template', 4: 'strategy', 5: 'minReadySeconds', 6: 'revisionHistoryLimit', 7: 'paused', 9: 'progressDeadlineSeconds' },
  'io.k8s.api.apps.v1.DeploymentStrategy': { 1: 'type', 2: 'rollingUpdate' },
  'io.k8s.api.apps.v1.DeploymentStatus': {},
  [`${CORE}PodTemplateSpec`]: { 1: 'metadata', 2: 'spec' },
  [`${CORE}PodSpec`]: { 2: 'containers', 3: 'restartPolicy', 4: 'terminationGracePeriodSeconds', 5: 'activeDeadlineSeconds', 6: 'dnsPolicy', 7: 'nodeSelector', 8: 'serviceAccountName', 9: 'serviceAccount', 10: 'nodeName', 11: 'hostNetwork', 12: 'hostPID', 13: 'hostIPC', 16: 'hostname', 17: 'subdomain', 19: 'schedulerName', 24: 'priorityClassName' },
  [`${CORE}Container`]: { 1: 'name', 2: 'image', 3: 'command', 4: 'args', 5: 'workingDir', 6: 'ports', 7: 'env', 8: 'resources', 13: 'terminationMessagePath', 14: 'imagePullPolicy', 16: 'stdin', 17: 'stdinOnce', 18: 'tty', 20: 'terminationMessagePolicy' },
  [`${CORE}ContainerPort`]: { 1: 'name', 2: 'hostPort', 3: 'containerPort', 4: 'protocol', 5: 'hostIP' },
  [`${CORE}EnvVar`]: { 1: 'name', 2: 'value' },
  [`${CORE}ResourceRequirements`]: { 1: 'limits', 2: 'requests' },
  'io.k8s.api.batch.v1.Job': { 1: 'metadata', 2: 'spec', 3: 'status' },
  'io.k8s.api.batch.v1.JobSpec': { 1: 'parallelism', 2: 'completions', 3: 'activeDeadlineSeconds', 4: 'selector', 5: 'manualSelector', 6: 'template', 7: 'backoffLimit', 8: 'ttlSecondsAfterFinished' },
  'io.k8s.api.batch.v1.JobStatus': {},
  'io.k8s.api.batch.v1.CronJob': { 1: 'metadata', 2: 'spec', 3: 'status' },
  'io.k8s.api.batch.v1.CronJobSpec': { 1: 'schedule', 2: 'startingDeadlineSeconds', 3: 'concurrencyPolicy', 4: 'suspend', 5: 'jobTemplate', 6: 'successfulJobsHistoryLimit', 7: 'failedJobsHistoryLimit', 8: 'timeZone' },
  'io.k8s.api.batch.v1.JobTemplateSpec': { 1: 'metadata', 2: 'spec' },
  'io.k8s.api.batch.v1.CronJobStatus': {},
  [`${CORE}ConfigMap`]: { 1: 'metadata', 2: 'data' },
  [`${CORE}Secret`]: { 1: 'metadata', 2: 'data', 3: 'type' },
  [`${CORE}Namespace`]: { 1: 'metadata', 2: 'spec', 3: 'status' },
  [`${CORE}NamespaceSpec`]: { 1: 'finalizers' },
  [`${CORE}NamespaceStatus`]: { 1: 'phase' },
  [`${CORE}ServiceAccount`]: { 1: 'metadata' },
  [`${CORE}Service`]: { 1: 'metadata', 2: 'spec', 3: 'status' },
  [`${CORE}ServiceSpec`]: { 1: 'ports', 2: 'selector', 3: 'clusterIP', 4: 'type' },
  [`${CORE}ServicePort`]: { 1: 'name', 2: 'protocol', 3: 'port', 4: 'targetPort', 5: 'nodePort' },
  [`${CORE}ServiceStatus`]: {},
  [`${CORE}ResourceQuota`]: { 1: 'metadata', 2: 'spec' },
  'io.k8s.api.policy.v1.PodDisruptionBudget': { 1: 'metadata', 2: 'spec', 3: 'status' },
  // kubectl autoscale (1.32) posts an autoscaling/v1 HorizontalPodAutoscaler.
  'io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler': { 1: 'metadata', 2: 'spec', 3: 'status' },
  'io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerSpec': { 1: 'scaleTargetRef', 2: 'minReplicas', 3: 'maxReplicas', 4: 'targetCPUUtilizationPercentage' },
  'io.k8s.api.autoscaling.v1.CrossVersionObjectReference': { 1: 'kind', 2: 'name', 3: 'apiVersion' },
  'io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerStatus': {},
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec': { 1: 'minAvailable', 2: 'selector', 3: 'maxUnavailable', 4: 'unhealthyPodEvictionPolicy' },
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus': {},
  [`${CORE}ResourceQuotaSpec`]: { 1: 'hard' },
  'io.k8s.api.authorization.v1.SelfSubjectAccessReview': { 1: 'metadata', 2: 'spec', 3: 'status' },
  'io.k8s.api.authorization.v1.SelfSubjectAccessReviewSpec': { 1: 'resourceAttributes', 2: 'nonResourceAttributes' },
  'io.k8s.api.authorization.v1.ResourceAttributes': { 1: 'namespace', 2: 'verb', 3: 'group', 4: 'version', 5: 'resource', 6: 'subresource', 7: 'name' },
  'io.k8s.api.authorization.v1.NonResourceAttributes': { 1: 'path', 2: 'verb' },
  'io.k8s.api.authorization.v1.SubjectAccessReviewStatus': {},
  'io.k8s.api.rbac.v1.Role': { 1: 'metadata', 2: 'rules' },
  'io.k8s.api.rbac.v1.ClusterRole': { 1: 'metadata', 2: 'rules', 3: 'aggregationRule' },
  'io.k8s.api.rbac.v1.AggregationRule': { 1: 'clusterRoleSelectors' },
  'io.k8s.api.rbac.v1.PolicyRule': { 1: 'verbs', 2: 'apiGroups', 3: 'resources', 4: 'resourceNames', 5: 'nonResourceURLs' },
  'io.k8s.api.rbac.v1.RoleBinding': { 1: 'metadata', 2: 'subjects', 3: 'roleRef' },
  'io.k8s.api.rbac.v1.ClusterRoleBinding': { 1: 'metadata', 2: 'subjects', 3: 'roleRef' },
  'io.k8s.api.rbac.v1.Subject': { 1: 'kind', 2: 'apiGroup', 3: 'name', 4: 'namespace' },
  'io.k8s.api.rbac.v1.RoleRef': { 1: 'apiGroup', 2: 'kind', 3: 'name' },
  'io.k8s.api.networking.v1.Ingress': { 1: 'metadata', 2: 'spec', 3: 'status' },
  'io.k8s.api.networking.v1.IngressSpec': { 1: 'defaultBackend', 2: 'tls', 3: 'rules', 4: 'ingressClassName' },
  'io.k8s.api.networking.v1.IngressStatus': {},
  'io.k8s.api.networking.v1.IngressTLS': { 1: 'hosts', 2: 'secretName' },
  'io.k8s.api.networking.v1.IngressRule': { 1: 'host' },
  'io.k8s.api.networking.v1.HTTPIngressRuleValue': { 1: 'paths' },
  'io.k8s.api.networking.v1.HTTPIngressPath': { 1: 'path', 2: 'backend', 3: 'pathType' },
  'io.k8s.api.networking.v1.IngressBackend': { 4: 'service' },
  'io.k8s.api.networking.v1.IngressServiceBackend': { 1: 'name', 2: 'port' },
  'io.k8s.api.networking.v1.ServiceBackendPort': { 1: 'name', 2: 'number' },
  'io.k8s.api.scheduling.v1.PriorityClass': { 1: 'metadata', 2: 'value', 3: 'globalDefault', 4: 'description', 5: 'preemptionPolicy' },
};

/**
 * Embedded Go structs whose fields JSON inlines into the parent: IngressRule's field 2 is an
 * IngressRuleValue message whose field 1 is the rule's `http`.
 */
const INLINED: Record<string, Record<number, Record<number, string>>> = {
  'io.k8s.api.networking.v1.IngressRule': { 2: { 1: 'http' } },
};

/** Pointer fields: an explicit 0 or false is a value (`--replicas=0`), not an absent field. */
const KEEP_ZERO = new Set(['io.k8s.api.apps.v1.DeploymentSpec.replicas', 'io.k8s.api.batch.v1.JobSpec.parallelism', 'io.k8s.api.batch.v1.JobSpec.completions', 'io.k8s.api.batch.v1.JobSpec.backoffLimit', 'io.k8s.api.batch.v1.CronJobSpec.suspend', 'io.k8s.api.scheduling.v1.PriorityClass.value']);

interface Field {
  num: number;
  wire: number;
  /** Varint value (wire 0), as a bigint to keep 64 bits. */
  int?: bigint;
  bytes?: Uint8Array;
}

function fields(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = (): bigint => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      if (i >= buf.length) throw new HttpError('BadRequest', 'the protobuf body is truncated');
      const b = buf[i++];
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
      shift += 7n;
      if (shift > 70n) throw new HttpError('BadRequest', 'the protobuf body has a malformed varint');
    }
  };
  while (i < buf.length) {
    const key = Number(varint());
    const f: Field = { num: key >>> 3, wire: key & 7 };
    if (f.wire === 0) f.int = varint();
    else if (f.wire === 2) {
      const n = Number(varint());
      if (i + n > buf.length) throw new HttpError('BadRequest', 'the protobuf body is truncated');
      f.bytes = buf.subarray(i, i + n);
      i += n;
    } else if (f.wire === 1) {
      f.bytes = buf.subarray(i, i + 8);
      i += 8;
    } else if (f.wire === 5) {
      f.bytes = buf.subarray(i, i + 4);
      i += 4;
    } else throw new HttpError('BadRequest', `the protobuf body uses wire type ${f.wire}, which Kubernetes objects do not`);
    out.push(f);
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const text = (b: Uint8Array | undefined) => utf8.decode(b ?? new Uint8Array());

function isEmpty(f: Field): boolean {
  return f.wire === 0 ? f.int === 0n : (f.bytes?.length ?? 0) === 0;
}

function refName(s: JsonSchema | undefined): string | undefined {
  return s?.$ref?.replace('#/definitions/', '');
}

function scalar(f: Field, s: JsonSchema, where: string): unknown {
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'integer' || type === 'number') {
    if (f.wire !== 0) throw unsupported(where);
    return Number(BigInt.asIntN(64, f.int!));
  }
  if (type === 'boolean') {
    if (f.wire !== 0) throw unsupported(where);
    return f.int !== 0n;
  }
  if (f.wire !== 2) throw unsupported(where);
  if (s.format === 'byte') return Buffer.from(f.bytes!).toString('base64');
  return text(f.bytes);
}

function unsupported(where: string): HttpError {
  return new HttpError('UnsupportedMediaType', `the protobuf body sets ${where}, which kube-rehearsal serve does not read from protobuf: send the object as JSON or YAML (kubectl create -f, kubectl apply -f)`);
}

/** A value of schema `s` from one field occurrence. */
function value(f: Field, s: JsonSchema, where: string): unknown {
  const ref = refName(s);
  if (ref === `${META}Time` || ref === `${META}MicroTime`) {
    let seconds = 0n;
    let nanos = 0n;
    for (const x of fields(f.bytes ?? new Uint8Array())) {
      if (x.num === 1) seconds = x.int ?? 0n;
      else if (x.num === 2) nanos = x.int ?? 0n;
    }
    if (seconds === 0n && nanos === 0n) return null;
    return new Date(Number(seconds) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  }
  if (ref === 'io.k8s.apimachinery.pkg.api.resource.Quantity') {
    const x = fields(f.bytes ?? new Uint8Array()).find((y) => y.num === 1);
    return text(x?.bytes);
  }
  if (ref === 'io.k8s.apimachinery.pkg.util.intstr.IntOrString') {
    let type = 0n;
    let intVal = 0n;
    let strVal = '';
    for (const x of fields(f.bytes ?? new Uint8Array())) {
      if (x.num === 1) type = x.int ?? 0n;
      else if (x.num === 2) intVal = x.int ?? 0n;
      else if (x.num === 3) strVal = text(x.bytes);
    }
    return type === 1n ? strVal : Number(BigInt.asIntN(32, intVal));
  }
  if (ref) {
    if (f.wire !== 2) throw unsupported(where);
    return message(f.bytes!, ref, where);
  }
  return scalar(f, s, where);
}

function message(buf: Uint8Array, definition: string, where: string, only?: Record<number, string>): Record<string, unknown> {
  const schema = DEFINITIONS[definition];
  const numbers = FIELDS[definition];
  const out: Record<string, unknown> = {};
  for (const f of fields(buf)) {
    const inlined = INLINED[definition]?.[f.num];
    if (inlined && f.wire === 2) {
      Object.assign(out, message(f.bytes!, definition, where, inlined));
      continue;
    }
    const name = (only ?? numbers)?.[f.num];
    const prop = name ? schema?.properties?.[name] : undefined;
    if (!name || !prop) {
      if (isEmpty(f)) continue;
      throw unsupported(`${where ? where + '.' : ''}<field ${f.num} of ${definition.split('.').pop()}>`);
    }
    const path = where ? `${where}.${name}` : name;
    const resolved = prop.$ref ? prop : prop;
    const type = Array.isArray(resolved.type) ? resolved.type[0] : resolved.type;
    if (type === 'array' && resolved.items) {
      const list = (out[name] ??= []) as unknown[];
      const items = resolved.items;
      const itemType = Array.isArray(items.type) ? items.type[0] : items.type;
      if (f.wire === 2 && (itemType === 'integer' || itemType === 'boolean')) {
        // A packed list of numbers.
        let i = 0;
        const b = f.bytes!;
        while (i < b.length) {
          let v = 0n;
          let shift = 0n;
          for (;;) {
            const c = b[i++];
            v |= BigInt(c & 0x7f) << shift;
            if (c < 0x80) break;
            shift += 7n;
          }
          list.push(itemType === 'boolean' ? v !== 0n : Number(BigInt.asIntN(64, v)));
        }
      } else list.push(value(f, items, path));
      continue;
    }
    if (type === 'object' && typeof resolved.additionalProperties === 'object' && !resolved.$ref) {
      // A map entry: key 1, value 2.
      let key = '';
      let entry: Field | undefined;
      for (const x of fields(f.bytes ?? new Uint8Array())) {
        if (x.num === 1) key = text(x.bytes);
        else if (x.num === 2) entry = x;
      }
      const map = (out[name] ??= {}) as Record<string, unknown>;
      map[key] = entry ? value(entry, resolved.additionalProperties, `${path}[${key}]`) : scalar({ num: 2, wire: 2, bytes: new Uint8Array() }, resolved.additionalProperties, path);
      continue;
    }
    if (isEmpty(f) && !KEEP_ZERO.has(`${definition}.${name}`) && !prop.$ref) continue;
    const v = value(f, prop, path);
    if (v === null) continue;
    out[name] = v;
  }
  return out;
}

/** The JSON form of a protobuf request body, or a 415 that says what could not be read. */
export function decodeProtobuf(body: Uint8Array): Record<string, unknown> {
  if (body.length < 4 || body[0] !== 0x6b || body[1] !== 0x38 || body[2] !== 0x73 || body[3] !== 0) throw new HttpError('BadRequest', 'the protobuf body does not start with the Kubernetes envelope (k8s\\0)');
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array | undefined;
  for (const f of fields(body.subarray(4))) {
    if (f.num === 1 && f.bytes) {
      for (const t of fields(f.bytes)) {
        if (t.num === 1) apiVersion = text(t.bytes);
        else if (t.num === 2) kind = text(t.bytes);
      }
    } else if (f.num === 2) raw = f.bytes;
  }
  const entry = lookupKind(apiVersion, kind);
  if (!entry || !FIELDS[entry.definition]) throw new HttpError('UnsupportedMediaType', `kube-rehearsal serve does not read ${kind || 'this object'} (${apiVersion}) from protobuf: send it as JSON or YAML (kubectl create -f, kubectl apply -f)`);
  return { apiVersion, kind, ...message(raw ?? new Uint8Array(), entry.definition, '') };
}
