import type { Finding } from '../findings';
import type { PathSegment } from '../yaml/documents';
import { asArray, asRecord, podTemplateLocation, valueAt } from '../workspace/podTemplate';
import { isBuiltInApiVersion } from '../schema/registry';
import type { Rule, RuleContext } from './index';
import { containersOf } from './containerIterate';
import { fieldPath, finding, isTemplated } from './ruleSupport';

/**
 * The API server's own checks of pod specs and workload counts that the schema cannot express
 * (pkg/apis/core/validation, pkg/apis/apps/validation, pkg/apis/batch/validation): each finding's
 * message is the field error the API server returns, so the simulated API server refuses with it.
 */

/** Only built-in kinds: an operator's custom resource has its own rules for its pod fields. */
function builtInTemplate(ctx: RuleContext): PathSegment[] | undefined {
  const kind = ctx.doc.kind ?? '';
  if (!ctx.doc.apiVersion || !isBuiltInApiVersion(ctx.doc.apiVersion)) return undefined;
  return podTemplateLocation(kind)?.path;
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

export const containerImageRequired: Rule = {
  id: 'container-image-required',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A container of a pod or pod template has no image (the API server requires one).',
  check(ctx) {
    if (!builtInTemplate(ctx) || ctx.doc.kind === 'PodTemplate' || ctx.doc.syntaxErrors.some((e) => e.code !== 'DUPLICATE_KEY')) return [];
    const out: Finding[] = [];
    for (const { container, path } of containersOf(ctx, ['initContainers', 'containers'])) {
      const image = container.image;
      if (image === undefined || image === null || image === '') out.push(finding(containerImageRequired, ctx, typeof container.name === 'string' ? [...path, 'name'] : path, `${fieldPath([...path, 'image'])}: Required value`));
    }
    return out;
  },
};

export const containersRequired: Rule = {
  id: 'containers-required',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A pod or pod template without containers (none listed, or an empty list): the API server requires at least one.',
  check(ctx) {
    const tpl = builtInTemplate(ctx);
    if (!tpl || ctx.doc.kind === 'PodTemplate') return [];
    // A missing template is the schema's finding (spec.template: Required value); its own spec is not.
    const template = tpl.length === 0 ? ctx.doc.value : valueAt(ctx.doc.value, tpl);
    if (!asRecord(template)) return [];
    const specPath: PathSegment[] = [...tpl, 'spec'];
    const spec = valueAt(ctx.doc.value, specPath);
    const containers = asRecord(spec) ? (spec as Record<string, unknown>).containers : undefined;
    // A value of another type is the decoder's refusal (wrong-type), reported by the schema.
    if (spec !== undefined && spec !== null && !asRecord(spec)) return [];
    if (containers !== undefined && containers !== null && !(Array.isArray(containers) && containers.length === 0)) return [];
    const at = containers !== undefined ? [...specPath, 'containers'] : spec !== undefined ? specPath : tpl.length ? tpl : ['kind'];
    return [finding(containersRequired, ctx, at, `${fieldPath([...specPath, 'containers'])}: Required value`, { prefer: 'key' })];
  },
};

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const PROBE_FIELDS = new Set([...HANDLERS, 'initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds']);

export const probeHandler: Rule = {
  id: 'probe-handler',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A probe without a handler (exec, httpGet, tcpSocket or grpc), or with more than one.',
  check(ctx) {
    if (!builtInTemplate(ctx)) return [];
    const out: Finding[] = [];
    for (const { container, path } of containersOf(ctx, ['initContainers', 'containers'])) {
      for (const probe of PROBES) {
        const p = asRecord(container[probe]);
        if (!p) continue;
        const at = [...path, probe];
        // A misspelt handler (`gRPC:`) is an unknown field: the API server refuses that first, and check says so.
        if (Object.keys(p).some((k) => !PROBE_FIELDS.has(k))) continue;
        const set = HANDLERS.filter((h) => p[h] !== undefined && p[h] !== null);
        if (set.length === 0) out.push(finding(probeHandler, ctx, at, `${fieldPath(at)}: Required value: must specify a handler type`, { prefer: 'key' }));
        // The API server takes the first in its order (exec, httpGet, tcpSocket, grpc) and refuses each other one.
        for (const h of set.slice(1)) out.push(finding(probeHandler, ctx, [...at, h], `${fieldPath([...at, h])}: Forbidden: may not specify more than 1 handler type`, { prefer: 'key' }));
      }
    }
    return out;
  },
};

const PROC_MOUNTS = ['Default', 'Unmasked'];

export const invalidSecurityContext: Rule = {
  id: 'invalid-security-context',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A securityContext the API server rejects: seccomp Localhost without localhostProfile (or a profile with another type), an unknown procMount.',
  check(ctx) {
    const tpl = builtInTemplate(ctx);
    if (!tpl) return [];
    const out: Finding[] = [];
    const seccomp = (sc: Record<string, unknown> | undefined, at: PathSegment[]) => {
      const prof = asRecord(sc?.seccompProfile);
      if (!prof || typeof prof.type !== 'string' || isTemplated(prof.type)) return;
      const p = [...at, 'seccompProfile'];
      if (prof.type === 'Localhost' && (prof.localhostProfile === undefined || prof.localhostProfile === null))
        out.push(finding(invalidSecurityContext, ctx, [...p, 'type'], `${fieldPath([...p, 'localhostProfile'])}: Required value: must be set when seccomp type is Localhost`));
      else if (prof.type !== 'Localhost' && typeof prof.localhostProfile === 'string')
        out.push(finding(invalidSecurityContext, ctx, [...p, 'localhostProfile'], `${fieldPath([...p, 'localhostProfile'])}: Invalid value: ${JSON.stringify(prof.localhostProfile)}: can only be set when seccomp type is Localhost`));
    };
    const podSc: PathSegment[] = [...tpl, 'spec', 'securityContext'];
    seccomp(asRecord(valueAt(ctx.doc.value, podSc)), podSc);
    for (const { container, path } of containersOf(ctx, ['initContainers', 'containers'])) {
      const sc = asRecord(container.securityContext);
      if (!sc) continue;
      const at = [...path, 'securityContext'];
      seccomp(sc, at);
      const pm = sc.procMount;
      if (typeof pm === 'string' && !isTemplated(pm) && !PROC_MOUNTS.includes(pm))
        out.push(finding(invalidSecurityContext, ctx, [...at, 'procMount'], `${fieldPath([...at, 'procMount'])}: Unsupported value: ${JSON.stringify(pm)}: supported values: "Default", "Unmasked"`));
    }
    return out;
  },
};

export const topologySpreadConstraint: Rule = {
  id: 'topology-spread-constraint',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A topology spread constraint the API server rejects: maxSkew or minDomains not positive, minDomains without DoNotSchedule.',
  check(ctx) {
    const tpl = builtInTemplate(ctx);
    if (!tpl) return [];
    const out: Finding[] = [];
    const base: PathSegment[] = [...tpl, 'spec', 'topologySpreadConstraints'];
    asArray(valueAt(ctx.doc.value, base)).forEach((c, i) => {
      const tsc = asRecord(c);
      if (!tsc) return;
      const at = [...base, i];
      if (isInt(tsc.maxSkew) && tsc.maxSkew <= 0) out.push(finding(topologySpreadConstraint, ctx, [...at, 'maxSkew'], `${fieldPath([...at, 'maxSkew'])}: Invalid value: ${tsc.maxSkew}: must be greater than zero`));
      if (isInt(tsc.minDomains)) {
        if (tsc.minDomains <= 0) out.push(finding(topologySpreadConstraint, ctx, [...at, 'minDomains'], `${fieldPath([...at, 'minDomains'])}: Invalid value: ${tsc.minDomains}: must be greater than zero`));
        else if (typeof tsc.whenUnsatisfiable === 'string' && tsc.whenUnsatisfiable !== 'DoNotSchedule')
          out.push(finding(topologySpreadConstraint, ctx, [...at, 'minDomains'], `${fieldPath([...at, 'minDomains'])}: Invalid value: ${tsc.minDomains}: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${tsc.whenUnsatisfiable}`));
      }
    });
    return out;
  },
};

/** Counts the API server requires to be non-negative (ValidateNonnegativeField), by kind. */
const WORKLOAD_COUNTS: Record<string, string[]> = {
  Deployment: ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds'],
  ReplicaSet: ['replicas', 'minReadySeconds'],
  ReplicationController: ['replicas', 'minReadySeconds'],
  StatefulSet: ['replicas', 'minReadySeconds', 'revisionHistoryLimit'],
  DaemonSet: ['minReadySeconds', 'revisionHistoryLimit'],
  Job: ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished'],
  CronJob: ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'],
};
/** Probe timings: 0 means "use the default"; below that the API server refuses. */
const PROBE_COUNTS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds'];

export const negativeValue: Rule = {
  id: 'negative-value',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A count or a duration the API server requires to be 0 or more (replicas, Job counts, probe timings, history limits).',
  check(ctx) {
    const tpl = builtInTemplate(ctx);
    if (!tpl) return [];
    const out: Finding[] = [];
    const nonNegative = (at: PathSegment[]) => {
      const v = valueAt(ctx.doc.value, at);
      if (isInt(v) && v < 0) out.push(finding(negativeValue, ctx, at, `${fieldPath(at)}: Invalid value: ${v}: must be greater than or equal to 0`));
    };
    for (const f of WORKLOAD_COUNTS[ctx.doc.kind ?? ''] ?? []) nonNegative(['spec', f]);
    if (ctx.doc.kind === 'CronJob') for (const f of WORKLOAD_COUNTS.Job) nonNegative(['spec', 'jobTemplate', 'spec', f]);
    for (const { container, path } of containersOf(ctx, ['initContainers', 'containers'])) {
      for (const probe of PROBES) if (asRecord(container[probe])) for (const f of PROBE_COUNTS) nonNegative([...path, probe, f]);
    }
    return out;
  },
};
