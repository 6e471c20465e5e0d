import type { Finding } from '../findings';
import type { PathSegment } from '../yaml/documents';
import { asArray, asRecord } from '../workspace/podTemplate';
import type { Rule } from './index';
import { containersOf, type ContainerEntry } from './containerIterate';
import { fieldPath, finding, isTemplated } from './ruleSupport';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
type ProbeField = (typeof PROBES)[number];

interface ProbeEntry {
  field: ProbeField;
  probe: Record<string, unknown>;
  path: PathSegment[];
  entry: ContainerEntry;
}

function probesOf(entries: readonly ContainerEntry[]): ProbeEntry[] {
  const out: ProbeEntry[] = [];
  for (const entry of entries) {
    for (const field of PROBES) {
      const probe = asRecord(entry.container[field]);
      if (probe) out.push({ field, probe, path: [...entry.path, field], entry });
    }
  }
  return out;
}

function declaredPorts(container: Record<string, unknown>): { names: Set<string>; numbers: Set<number> } {
  const names = new Set<string>();
  const numbers = new Set<number>();
  for (const p of asArray(container.ports)) {
    const pr = asRecord(p);
    if (typeof pr?.name === 'string') names.add(pr.name);
    if (typeof pr?.containerPort === 'number') numbers.add(pr.containerPort);
  }
  return { names, numbers };
}

function probePort(pe: ProbeEntry): { value: unknown; path: PathSegment[] } | undefined {
  for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
    const h = asRecord(pe.probe[handler]);
    if (h && h.port !== undefined) return { value: h.port, path: [...pe.path, handler, 'port'] };
  }
  return undefined;
}

/** A probe on a named port the container does not declare can never run: the kubelet cannot resolve the name. */
export const probePortUnknown: Rule = {
  id: 'probe-port-unknown',
  defaultSeverity: 'error',
  description: 'A probe uses a named port that the container does not declare.',
  check(ctx) {
    const out: Finding[] = [];
    for (const pe of probesOf(containersOf(ctx, ['containers', 'initContainers']))) {
      const port = probePort(pe);
      if (!port || typeof port.value !== 'string' || isTemplated(port.value) || /^\d+$/.test(port.value)) continue;
      const { names } = declaredPorts(pe.entry.container);
      if (names.has(port.value)) continue;
      const known = names.size ? `; the container's named ports are ${[...names].map((n) => JSON.stringify(n)).join(', ')}` : '; the container declares no named ports';
      out.push(finding(probePortUnknown, ctx, port.path, `${fieldPath(port.path)}: the ${pe.field} uses port ${JSON.stringify(port.value)}, which container ${JSON.stringify(pe.entry.container.name)} does not declare${known}`));
    }
    return out;
  },
};

/**
 * A probe on a port number the container does not list, while it lists others: legal (ports are
 * informational), but usually a typo or a stale port.
 */
export const probePortUndeclared: Rule = {
  id: 'probe-port-undeclared',
  defaultSeverity: 'information',
  description: "A probe targets a port number that is not among the container's declared ports.",
  check(ctx) {
    const out: Finding[] = [];
    for (const pe of probesOf(containersOf(ctx, ['containers', 'initContainers']))) {
      const port = probePort(pe);
      if (!port) continue;
      const n = typeof port.value === 'number' ? port.value : typeof port.value === 'string' && /^\d+$/.test(port.value) ? Number(port.value) : undefined;
      if (n === undefined) continue;
      const { numbers } = declaredPorts(pe.entry.container);
      if (numbers.size === 0 || numbers.has(n)) continue;
      out.push(finding(probePortUndeclared, ctx, port.path, `the ${pe.field} targets port ${n}, but container ${JSON.stringify(pe.entry.container.name)} declares only ${[...numbers].join(', ')}`));
    }
    return out;
  },
};

/** httpGet without `path` probes `/`, which is often not the health endpoint. */
export const probeHttpPath: Rule = {
  id: 'probe-http-path',
  defaultSeverity: 'information',
  description: 'An httpGet probe has no path, so it probes "/".',
  check(ctx) {
    const out: Finding[] = [];
    for (const pe of probesOf(containersOf(ctx, ['containers', 'initContainers']))) {
      const h = asRecord(pe.probe.httpGet);
      if (!h || h.path !== undefined) continue;
      out.push(finding(probeHttpPath, ctx, [...pe.path, 'httpGet'], `the ${pe.field} httpGet has no path, so the kubelet requests "/"; set the health endpoint explicitly`, { prefer: 'key' }));
    }
    return out;
  },
};

/** Liveness and startup probes count one success as enough; any other successThreshold is rejected. */
export const probeSuccessThreshold: Rule = {
  id: 'probe-success-threshold',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A liveness or startup probe sets successThreshold to something other than 1.',
  check(ctx) {
    const out: Finding[] = [];
    for (const pe of probesOf(containersOf(ctx, ['containers', 'initContainers']))) {
      if (pe.field === 'readinessProbe') continue;
      const v = pe.probe.successThreshold;
      if (typeof v !== 'number' || v === 1) continue;
      const path = [...pe.path, 'successThreshold'];
      out.push(finding(probeSuccessThreshold, ctx, path, `${fieldPath(path)}: Invalid value: ${v}: must be 1`));
    }
    return out;
  },
};
