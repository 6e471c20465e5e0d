import type { KObject } from '../types';
import { cpuMilli, matchesMap, matchesSelector, memBytes, selectorIsEmpty } from '../util';

/**
 * The API-server validation the simulator needs before it accepts an object: the rules that decide
 * whether a manifest would be created at all. Messages follow `The <Kind> "<name>" is invalid: ...`.
 */
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

const WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'ReplicationController']);

export function validateObject(obj: KObject): string | undefined {
  const errs: string[] = [];
  const name = obj.metadata?.name ?? '';
  if (!name && !obj.metadata?.generateName) errs.push('metadata.name: Required value: name or generateName is required');
  else if (name) {
    if (obj.kind === 'Service') {
      if (name.length > 63) errs.push(`metadata.name: Invalid value: "${name}": must be no more than 63 characters`);
      else if (!DNS1035.test(name)) errs.push(`metadata.name: Invalid value: "${name}": ${DNS1035_MSG}`);
    } else if (name.length > 253) errs.push(`metadata.name: Invalid value: "${name}": must be no more than 253 characters`);
    else if (!SUBDOMAIN.test(name)) errs.push(`metadata.name: Invalid value: "${name}": ${SUBDOMAIN_MSG}`);
  }
  // A missing spec is validated as an empty one: the API server reports what it lacks.
  const s = obj.spec ?? {};
  if (WORKLOADS.has(obj.kind)) {
    const tplLabels = s.template?.metadata?.labels;
    if (obj.kind === 'ReplicationController') {
      if (s.selector && Object.keys(s.selector).length > 0 && !matchesMap(s.selector, tplLabels))
        errs.push(`spec.template.metadata.labels: Invalid value: ${JSON.stringify(tplLabels ?? {})}: \`selector\` does not match template \`labels\``);
    } else if (!s.selector) errs.push('spec.selector: Required value');
    else if (selectorIsEmpty(s.selector)) errs.push(`spec.selector: Invalid value: ${JSON.stringify(s.selector)}: empty selector is invalid for deployment`);
    else if (!matchesSelector(s.selector, tplLabels))
      errs.push(`spec.template.metadata.labels: Invalid value: ${JSON.stringify(tplLabels ?? {})}: \`selector\` does not match template \`labels\``);
    const rp = s.template?.spec?.restartPolicy;
    if (rp !== undefined && rp !== 'Always') errs.push(`spec.template.spec.restartPolicy: Unsupported value: "${rp}": supported values: "Always"`);
    if (obj.kind === 'Deployment') {
      const st = s.strategy ?? {};
      if (st.type !== undefined && st.type !== 'RollingUpdate' && st.type !== 'Recreate')
        errs.push(`spec.strategy.type: Unsupported value: "${st.type}": supported values: "Recreate", "RollingUpdate"`);
      if (st.type === 'Recreate' && st.rollingUpdate) errs.push("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'");
      const ru = st.rollingUpdate;
      if (ru && isZero(ru.maxSurge) && isZero(ru.maxUnavailable))
        errs.push('spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0');
      for (const f of ['maxSurge', 'maxUnavailable'] as const) {
        const v = ru?.[f];
        if (typeof v === 'string' && !/^[0-9]+%$/.test(v))
          errs.push(`spec.strategy.rollingUpdate.${f}: Invalid value: "${v}": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`);
      }
      if (typeof ru?.maxUnavailable === 'string' && parseInt(ru.maxUnavailable, 10) > 100)
        errs.push(`spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "${ru.maxUnavailable}": must not be greater than 100%`);
      if (s.progressDeadlineSeconds !== undefined && s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0))
        errs.push(`spec.progressDeadlineSeconds: Invalid value: ${s.progressDeadlineSeconds}: must be greater than minReadySeconds`);
    }
    if (s.replicas !== undefined && (typeof s.replicas !== 'number' || !Number.isInteger(s.replicas))) errs.push(`spec.replicas: Invalid value: ${JSON.stringify(s.replicas)}: must be an integer`);
    else if (typeof s.replicas === 'number' && s.replicas < 0) errs.push(`spec.replicas: Invalid value: ${s.replicas}: must be greater than or equal to 0`);
    podSpecErrors(s.template?.spec, 'spec.template.spec', errs);
  } else if (obj.kind === 'Job' && s) {
    jobErrors(s, 'spec', errs);
  } else if (obj.kind === 'CronJob' && s) {
    if (!s.schedule) errs.push('spec.schedule: Required value');
    if (name.length > 52) errs.push(`metadata.name: Invalid value: "${name}": must be no more than 52 characters`);
    if (s.jobTemplate?.spec) jobErrors(s.jobTemplate.spec, 'spec.jobTemplate.spec', errs);
  } else if (obj.kind === 'Pod') {
    podSpecErrors(s, 'spec', errs);
  } else if (obj.kind === 'Service' && s) {
    const ports = Array.isArray(s.ports) ? s.ports : [];
    // Only an ExternalName or a headless Service may have no ports.
    if (ports.length === 0 && s.type !== 'ExternalName' && s.clusterIP !== 'None') errs.push('spec.ports: Required value');
    if (ports.length > 1) ports.forEach((p: { name?: string }, i: number) => { if (!p.name) errs.push(`spec.ports[${i}].name: Required value`); });
    ports.forEach((p: { port?: number; nodePort?: number }, i: number) => {
      if (typeof p.port !== 'number' || p.port < 1 || p.port > 65535) errs.push(`spec.ports[${i}].port: Invalid value: ${p.port}: must be between 1 and 65535, inclusive`);
      if (p.nodePort !== undefined && (p.nodePort < 30000 || p.nodePort > 32767))
        errs.push(`spec.ports[${i}].nodePort: Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is 30000-32767`);
    });
  }
  if (errs.length === 0) return undefined;
  const head = `The ${obj.kind} "${name}" is invalid: `;
  return head + (errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
}

function isZero(v: unknown): boolean {
  return v === 0 || v === '0' || v === '0%';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function jobErrors(s: any, path: string, errs: string[]): void {
  const rp = s.template?.spec?.restartPolicy;
  if (rp !== 'OnFailure' && rp !== 'Never') {
    errs.push(rp === undefined || rp === 'Always'
      ? `${path}.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"`
      : `${path}.template.spec.restartPolicy: Unsupported value: "${rp}": supported values: "OnFailure", "Never"`);
  }
  for (const f of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished'])
    if (typeof s[f] === 'number' && s[f] < 0) errs.push(`${path}.${f}: Invalid value: ${s[f]}: must be greater than or equal to 0`);
  podSpecErrors(s.template?.spec, `${path}.template.spec`, errs);
}

/** Probe timings the API server requires to be non-negative integers (0 means "use the default"). */
const PROBE_COUNTS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function podSpecErrors(spec: any, path: string, errs: string[]): void {
  if (!spec) {
    errs.push(`${path}.containers: Required value`);
    return;
  }
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  if (containers.length === 0) errs.push(`${path}.containers: Required value`);
  const seen = new Set<string>();
  const check = (list: unknown[], field: string) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    list.forEach((c: any, i: number) => {
      const p = `${path}.${field}[${i}]`;
      if (!c?.name) errs.push(`${p}.name: Required value`);
      else if (seen.has(c.name)) errs.push(`${p}.name: Duplicate value: "${c.name}"`);
      else seen.add(c.name);
      if (!c?.image) errs.push(`${p}.image: Required value`);
      // The API server cannot even decode these; the kubelet must never see them.
      else if (typeof c.image !== 'string') errs.push(`${p}.image: Invalid value: ${JSON.stringify(c.image)}: must be a string`);
      if (c?.name !== undefined && typeof c.name !== 'string') errs.push(`${p}.name: Invalid value: ${JSON.stringify(c.name)}: must be a string`);
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const pr = c?.[probe];
        if (!pr || typeof pr !== 'object') continue;
        for (const f of PROBE_COUNTS) {
          const v = pr[f];
          if (v === undefined) continue;
          if (typeof v !== 'number' || !Number.isInteger(v)) errs.push(`${p}.${probe}.${f}: Invalid value: ${JSON.stringify(v)}: must be an integer`);
          else if (v < 0) errs.push(`${p}.${probe}.${f}: Invalid value: ${v}: must be greater than or equal to 0`);
        }
      }
      // A null port decodes to the zero ContainerPort: its containerPort is then missing.
      (Array.isArray(c?.ports) ? c.ports : []).forEach((port: { containerPort?: number }, j: number) => {
        const cp = port?.containerPort;
        if (cp === undefined || cp === 0) errs.push(`${p}.ports[${j}].containerPort: Required value`);
        else if (typeof cp === 'number' && (cp < 1 || cp > 65535)) errs.push(`${p}.ports[${j}].containerPort: Invalid value: ${cp}: must be between 1 and 65535, inclusive`);
      });
      const req = c?.resources?.requests ?? {};
      const lim = c?.resources?.limits ?? {};
      for (const r of ['cpu', 'memory'] as const) {
        if (req[r] === undefined || lim[r] === undefined) continue;
        const a = r === 'cpu' ? cpuMilli(req[r]) : memBytes(req[r]);
        const b = r === 'cpu' ? cpuMilli(lim[r]) : memBytes(lim[r]);
        if (a > b) errs.push(`${p}.resources.requests: Invalid value: "${req[r]}": must be less than or equal to ${r} limit of ${lim[r]}`);
      }
    });
  check(containers, 'containers');
  check(Array.isArray(spec.initContainers) ? spec.initContainers : [], 'initContainers');
  // A null volume decodes to the zero Volume: no name and no source.
  (Array.isArray(spec.volumes) ? spec.volumes : []).forEach((v: Record<string, unknown>, i: number) => {
    if (!v?.name) errs.push(`${path}.volumes[${i}].name: Required value`);
    if (!v || Object.keys(v).every((k) => k === 'name')) errs.push(`${path}.volumes[${i}]: Required value: must specify a volume type`);
  });
  const rp = spec.restartPolicy;
  if (rp !== undefined && !['Always', 'OnFailure', 'Never'].includes(rp))
    errs.push(`${path}.restartPolicy: Unsupported value: "${rp}": supported values: "Always", "OnFailure", "Never"`);
}
