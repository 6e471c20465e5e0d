import { isSeq, type Node, type YAMLSeq } from 'yaml';
import type { Finding, Fix, TextEdit } from '../findings';
import { msg, fixTitle } from '../messages';
import { nodeAtPath, nodeOffsets, type PathSegment } from '../yaml/documents';
import { asArray, asRecord } from '../workspace/podTemplate';
import type { Rule, RuleContext } from './index';
import { containersOf, type ContainerEntry } from './containerIterate';
import { fieldPath, finding, isTemplated, replaceValueEdit, yamlString } from './ruleSupport';

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

/** The container's declared ports as a probe may name them: by name where named, else by number. */
function portTargets(container: Record<string, unknown>): (string | number)[] {
  const out: (string | number)[] = [];
  for (const p of asArray(container.ports)) {
    const pr = asRecord(p);
    const target = typeof pr?.name === 'string' && pr.name ? pr.name : typeof pr?.containerPort === 'number' ? pr.containerPort : undefined;
    if (target !== undefined && !out.includes(target)) out.push(target);
  }
  return out;
}

/** "Point the probe at port X", one per declared port. */
function pointAtFixes(ctx: RuleContext, path: readonly PathSegment[], targets: (string | number)[]): Fix[] {
  return targets.flatMap((t) => {
    const edit = replaceValueEdit(ctx, path, typeof t === 'number' ? String(t) : yamlString(t));
    return edit ? [{ ...fixTitle(msg('fix.point-probe', { port: String(t) })), edits: [edit], preferred: targets.length === 1 }] : [];
  });
}

/** An edit appending `- containerPort: n` to the container's block `ports` list (undefined for flow lists). */
function declarePortEdit(ctx: RuleContext, containerPath: readonly PathSegment[], n: number): TextEdit | undefined {
  const ports = nodeAtPath(ctx.doc.doc, [...containerPath, 'ports']);
  if (!isSeq(ports) || (ports as YAMLSeq).flow || ports.items.length === 0) return undefined;
  const first = nodeOffsets(ctx.doc, ports.items[0] as Node);
  const last = nodeOffsets(ctx.doc, ports.items[ports.items.length - 1] as Node);
  if (!first || !last) return undefined;
  // The dash of the first item sets the indentation of the new one.
  const lines = ctx.file.lines;
  const firstLine = lines.positionAt(first[0]).line;
  const dash = ctx.file.text.lastIndexOf('-', first[0]);
  if (dash < lines.lineStart(firstLine)) return undefined;
  let end = last[1];
  while (end > 0 && /[\r\n]/.test(ctx.file.text[end - 1])) end--;
  const at = lines.lineEnd(lines.positionAt(end).line);
  return { range: lines.range(at, at), newText: `\n${' '.repeat(dash - lines.lineStart(firstLine))}- containerPort: ${n}` };
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
      const args = { field: fieldPath(port.path), probe: pe.field, port: JSON.stringify(port.value), container: JSON.stringify(pe.entry.container.name) };
      const message = names.size ? msg('probe-port-unknown.named', { ...args, names: [...names].map((n) => JSON.stringify(n)).join(', ') }) : msg('probe-port-unknown.none', args);
      const fixes = pointAtFixes(ctx, port.path, portTargets(pe.entry.container));
      out.push(finding(probePortUnknown, ctx, port.path, message, { fixes }));
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
      const fixes = pointAtFixes(ctx, port.path, [...numbers]);
      const declare = declarePortEdit(ctx, pe.entry.path, n);
      if (declare) fixes.push({ ...fixTitle(msg('fix.declare-port', { port: String(n) })), edits: [declare] });
      out.push(finding(probePortUndeclared, ctx, port.path, msg('probe-port-undeclared', { probe: pe.field, port: String(n), container: JSON.stringify(pe.entry.container.name), declared: [...numbers].join(', ') }), { fixes }));
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
      out.push(finding(probeHttpPath, ctx, [...pe.path, 'httpGet'], msg('probe-http-path', { probe: pe.field }), { prefer: 'key' }));
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
