/**
 * Generates schemas/ from the Kubernetes 1.36 OpenAPI v2 document.
 *
 *   npm run gen:schemas [-- path/to/swagger.json [outDir]]
 *
 * Takes structure only (types, formats, required, refs, group/version/kind, scope); description
 * prose is dropped. The swagger carries no machine-readable enums or defaults, so the enum and
 * default tables below are facts from the Kubernetes API reference, kept here as data.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

type Json = Record<string, any>;

const swaggerPath = process.argv[2] ?? join(__dirname, '..', '..', 'shared', 'k8s-openapi', 'swagger-v1.36.json');
const outDir = process.argv[3] ?? join(__dirname, '..', 'schemas');

/** Closed value sets the API server enforces (definition short name . property). */
export const ENUMS: Record<string, string[]> = {
  'core.v1.PodSpec.restartPolicy': ['Always', 'OnFailure', 'Never'],
  'core.v1.PodSpec.dnsPolicy': ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'],
  'core.v1.PodSpec.preemptionPolicy': ['PreemptLowerPriority', 'Never'],
  'core.v1.Container.imagePullPolicy': ['Always', 'Never', 'IfNotPresent'],
  'core.v1.Container.terminationMessagePolicy': ['File', 'FallbackToLogsOnError'],
  'core.v1.Container.restartPolicy': ['Always'],
  'core.v1.EphemeralContainer.imagePullPolicy': ['Always', 'Never', 'IfNotPresent'],
  'core.v1.ContainerPort.protocol': ['TCP', 'UDP', 'SCTP'],
  'core.v1.ServicePort.protocol': ['TCP', 'UDP', 'SCTP'],
  'core.v1.EndpointPort.protocol': ['TCP', 'UDP', 'SCTP'],
  'core.v1.ServiceSpec.type': ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
  'core.v1.ServiceSpec.sessionAffinity': ['ClientIP', 'None'],
  'core.v1.ServiceSpec.externalTrafficPolicy': ['Cluster', 'Local'],
  'core.v1.ServiceSpec.internalTrafficPolicy': ['Cluster', 'Local'],
  'core.v1.ServiceSpec.ipFamilyPolicy': ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
  'core.v1.HTTPGetAction.scheme': ['HTTP', 'HTTPS'],
  'core.v1.Toleration.operator': ['Exists', 'Equal'],
  'core.v1.Toleration.effect': ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
  'core.v1.Taint.effect': ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
  'core.v1.NodeSelectorRequirement.operator': ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'],
  'core.v1.PersistentVolumeClaimSpec.volumeMode': ['Filesystem', 'Block'],
  'core.v1.PersistentVolumeSpec.persistentVolumeReclaimPolicy': ['Retain', 'Recycle', 'Delete'],
  'core.v1.PersistentVolumeSpec.volumeMode': ['Filesystem', 'Block'],
  'core.v1.HostPathVolumeSource.type': ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'],
  'core.v1.TopologySpreadConstraint.whenUnsatisfiable': ['DoNotSchedule', 'ScheduleAnyway'],
  'core.v1.TopologySpreadConstraint.nodeAffinityPolicy': ['Honor', 'Ignore'],
  'core.v1.TopologySpreadConstraint.nodeTaintsPolicy': ['Honor', 'Ignore'],
  'core.v1.SeccompProfile.type': ['Localhost', 'RuntimeDefault', 'Unconfined'],
  'core.v1.AppArmorProfile.type': ['Localhost', 'RuntimeDefault', 'Unconfined'],
  'core.v1.PodSecurityContext.fsGroupChangePolicy': ['OnRootMismatch', 'Always'],
  'core.v1.ScopedResourceSelectorRequirement.operator': ['In', 'NotIn', 'Exists', 'DoesNotExist'],
  'core.v1.LimitRangeItem.type': ['Container', 'Pod', 'PersistentVolumeClaim'],
  'apps.v1.DeploymentStrategy.type': ['Recreate', 'RollingUpdate'],
  'apps.v1.DaemonSetUpdateStrategy.type': ['RollingUpdate', 'OnDelete'],
  'apps.v1.StatefulSetUpdateStrategy.type': ['RollingUpdate', 'OnDelete'],
  'apps.v1.StatefulSetSpec.podManagementPolicy': ['OrderedReady', 'Parallel'],
  'apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy.whenDeleted': ['Retain', 'Delete'],
  'apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy.whenScaled': ['Retain', 'Delete'],
  'batch.v1.CronJobSpec.concurrencyPolicy': ['Allow', 'Forbid', 'Replace'],
  'batch.v1.JobSpec.completionMode': ['NonIndexed', 'Indexed'],
  'batch.v1.JobSpec.podReplacementPolicy': ['TerminatingOrFailed', 'Failed'],
  'batch.v1.PodFailurePolicyRule.action': ['FailJob', 'FailIndex', 'Ignore', 'Count'],
  'batch.v1.PodFailurePolicyOnExitCodesRequirement.operator': ['In', 'NotIn'],
  'networking.v1.HTTPIngressPath.pathType': ['Exact', 'Prefix', 'ImplementationSpecific'],
  'meta.v1.LabelSelectorRequirement.operator': ['In', 'NotIn', 'Exists', 'DoesNotExist'],
  'autoscaling.v2.MetricTarget.type': ['Utilization', 'Value', 'AverageValue'],
  'autoscaling.v2.MetricSpec.type': ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'],
  'autoscaling.v2.HPAScalingRules.selectPolicy': ['Max', 'Min', 'Disabled'],
  'autoscaling.v2.HPAScalingPolicy.type': ['Pods', 'Percent'],
  'policy.v1.PodDisruptionBudgetSpec.unhealthyPodEvictionPolicy': ['IfHealthyBudget', 'AlwaysAllow'],
};

/** Defaults the API server applies (shown in hovers and used by the simulator's defaulting). */
export const DEFAULTS: Record<string, unknown> = {
  'core.v1.PodSpec.restartPolicy': 'Always',
  'core.v1.PodSpec.dnsPolicy': 'ClusterFirst',
  'core.v1.PodSpec.terminationGracePeriodSeconds': 30,
  'core.v1.PodSpec.schedulerName': 'default-scheduler',
  'core.v1.Container.terminationMessagePath': '/dev/termination-log',
  'core.v1.Container.terminationMessagePolicy': 'File',
  'core.v1.ContainerPort.protocol': 'TCP',
  'core.v1.ServicePort.protocol': 'TCP',
  'core.v1.ServiceSpec.type': 'ClusterIP',
  'core.v1.ServiceSpec.sessionAffinity': 'None',
  'core.v1.HTTPGetAction.scheme': 'HTTP',
  'core.v1.Probe.initialDelaySeconds': 0,
  'core.v1.Probe.periodSeconds': 10,
  'core.v1.Probe.timeoutSeconds': 1,
  'core.v1.Probe.successThreshold': 1,
  'core.v1.Probe.failureThreshold': 3,
  'apps.v1.DeploymentSpec.replicas': 1,
  'apps.v1.DeploymentSpec.revisionHistoryLimit': 10,
  'apps.v1.DeploymentSpec.progressDeadlineSeconds': 600,
  'apps.v1.DeploymentSpec.minReadySeconds': 0,
  'apps.v1.DeploymentStrategy.type': 'RollingUpdate',
  'apps.v1.RollingUpdateDeployment.maxSurge': '25%',
  'apps.v1.RollingUpdateDeployment.maxUnavailable': '25%',
  'apps.v1.ReplicaSetSpec.replicas': 1,
  'apps.v1.StatefulSetSpec.replicas': 1,
  'apps.v1.StatefulSetSpec.podManagementPolicy': 'OrderedReady',
  'apps.v1.StatefulSetSpec.revisionHistoryLimit': 10,
  'apps.v1.StatefulSetUpdateStrategy.type': 'RollingUpdate',
  'apps.v1.DaemonSetSpec.revisionHistoryLimit': 10,
  'apps.v1.DaemonSetUpdateStrategy.type': 'RollingUpdate',
  'apps.v1.RollingUpdateDaemonSet.maxUnavailable': 1,
  'apps.v1.RollingUpdateDaemonSet.maxSurge': 0,
  'core.v1.ReplicationControllerSpec.replicas': 1,
  'batch.v1.JobSpec.completions': 1,
  'batch.v1.JobSpec.parallelism': 1,
  'batch.v1.JobSpec.backoffLimit': 6,
  'batch.v1.JobSpec.completionMode': 'NonIndexed',
  'batch.v1.CronJobSpec.concurrencyPolicy': 'Allow',
  'batch.v1.CronJobSpec.suspend': false,
  'batch.v1.CronJobSpec.successfulJobsHistoryLimit': 3,
  'batch.v1.CronJobSpec.failedJobsHistoryLimit': 1,
  'networking.v1.HTTPIngressPath.pathType': 'ImplementationSpecific',
  'core.v1.Toleration.operator': 'Equal',
};

/** `io.k8s.api.apps.v1.Deployment` -> `apps.v1.Deployment` (the key used by the tables above). */
export function shortName(defName: string): string {
  return defName
    .replace(/^io\.k8s\.api\./, '')
    .replace(/^io\.k8s\.apimachinery\.pkg\.apis\./, '')
    .replace(/^io\.k8s\.apimachinery\.pkg\./, '')
    .replace(/^io\.k8s\.apiextensions-apiserver\.pkg\.apis\./, '')
    .replace(/^io\.k8s\.kube-aggregator\.pkg\.apis\./, '');
}

const KEEP_EXTENSIONS = ['x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-patch-merge-key', 'x-kubernetes-map-type'];

function cleanSchema(s: Json, owner: string, prop?: string): Json {
  const out: Json = {};
  if (s.$ref) {
    out.$ref = s.$ref.replace('#/definitions/', '#/definitions/');
    return out;
  }
  if (s.type) out.type = s.type;
  if (s.format) out.format = s.format;
  if (s.required) out.required = [...s.required].sort();
  for (const k of KEEP_EXTENSIONS) if (s[k] !== undefined) out[k] = s[k];
  if (s.items) out.items = cleanSchema(s.items, owner);
  if (s.properties) {
    out.properties = {};
    for (const name of Object.keys(s.properties)) out.properties[name] = cleanSchema(s.properties[name], owner, name);
    if (!s.additionalProperties) out.additionalProperties = false; // strict field validation
  }
  if (s.additionalProperties !== undefined) {
    out.additionalProperties = typeof s.additionalProperties === 'object' ? cleanSchema(s.additionalProperties, owner) : s.additionalProperties;
  }
  if (prop) {
    const key = `${shortName(owner)}.${prop}`;
    if (ENUMS[key]) out.enum = ENUMS[key];
    if (DEFAULTS[key] !== undefined) out.default = DEFAULTS[key];
    if (out.type === 'array' && out.items && !out.items.$ref && ENUMS[`${key}[]`]) out.items.enum = ENUMS[`${key}[]`];
  }
  return out;
}

function specialDefinition(name: string, def: Json): Json | undefined {
  switch (name) {
    case 'io.k8s.apimachinery.pkg.util.intstr.IntOrString':
      return { type: ['integer', 'string'], format: 'int-or-string' };
    case 'io.k8s.apimachinery.pkg.api.resource.Quantity':
      // YAML numbers are accepted as quantities (`cpu: 1`); the quantity syntax is a rule of its own.
      return { type: ['string', 'number'], format: 'quantity' };
    case 'io.k8s.apimachinery.pkg.apis.meta.v1.Time':
    case 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime':
      return { type: 'string', format: 'date-time' };
    default:
      if (!def.type && !def.properties) return {}; // free-form JSON (CRD schemas, raw extensions)
      return undefined;
  }
}

/** Files in schemas/ that are written by hand, not generated: the generator leaves them alone. */
export const HAND_WRITTEN_SCHEMAS = ['kube-rehearsal-config.json'];

export interface KindEntry {
  group: string;
  version: string;
  kind: string;
  apiVersion: string;
  definition: string;
  namespaced: boolean;
  /** Can be created (has a POST endpoint): false for List kinds, options and review-only types. */
  creatable: boolean;
  file: string;
}

function main(): void {
  const swagger = JSON.parse(readFileSync(swaggerPath, 'utf8'));
  const defs: Json = swagger.definitions;
  const definitions: Json = {};
  for (const name of Object.keys(defs).sort()) {
    definitions[name] = specialDefinition(name, defs[name]) ?? cleanSchema(defs[name], name);
  }

  // Scope and creatability from the paths: a POST body under /namespaces/{namespace}/ is namespaced.
  const creatable = new Map<string, boolean>(); // definition -> namespaced
  for (const [path, ops] of Object.entries<Json>(swagger.paths)) {
    const post = ops.post;
    if (!post) continue;
    const body = (post.parameters ?? []).find((p: Json) => p.in === 'body');
    const ref: string | undefined = body?.schema?.$ref;
    if (!ref) continue;
    const def = ref.replace('#/definitions/', '');
    const segments = path.split('/');
    // Only top-level resources (…/<plural>), not subresources such as …/{name}/eviction.
    if (segments[segments.length - 1].startsWith('{') || segments.includes('{name}')) continue;
    const namespaced = path.includes('/namespaces/{namespace}/');
    creatable.set(def, (creatable.get(def) ?? false) || namespaced);
  }

  const kinds: KindEntry[] = [];
  for (const name of Object.keys(defs).sort()) {
    if (!/^io\.k8s\.(api|apiextensions-apiserver|kube-aggregator)\./.test(name)) continue;
    for (const gvk of defs[name]['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      const file = `${gvk.group || 'core'}/${gvk.version}/${gvk.kind}.json`;
      kinds.push({
        group: gvk.group,
        version: gvk.version,
        kind: gvk.kind,
        apiVersion,
        definition: name,
        namespaced: creatable.get(name) ?? false,
        creatable: creatable.has(name),
        file,
      });
    }
  }
  kinds.sort((a, b) => a.apiVersion.localeCompare(b.apiVersion) || a.kind.localeCompare(b.kind));

  // Replace everything generated, keep the hand-written schemas.
  if (existsSync(outDir)) {
    for (const name of readdirSync(outDir)) if (!HAND_WRITTEN_SCHEMAS.includes(name)) rmSync(join(outDir, name), { recursive: true, force: true });
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, '_definitions.json'), JSON.stringify({ definitions }) + '\n');
  for (const k of kinds) {
    const schema = {
      $id: `kube-rehearsal/${k.file}`,
      title: `${k.apiVersion} ${k.kind}`,
      allOf: [{ $ref: `${'../'.repeat(2)}_definitions.json#/definitions/${k.definition}` }],
      properties: { apiVersion: { const: k.apiVersion }, kind: { const: k.kind } },
      required: ['apiVersion', 'kind'],
    };
    const p = join(outDir, k.file);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, JSON.stringify(schema, null, 1) + '\n');
  }
  writeFileSync(
    join(outDir, 'index.json'),
    JSON.stringify({ kubernetesVersion: '1.36', source: 'swagger-v1.36.json', kinds }, null, 1) + '\n',
  );
  console.log(`gen-schemas: ${Object.keys(definitions).length} definitions, ${kinds.length} kinds -> ${outDir}`);
}

if (require.main === module) main();
