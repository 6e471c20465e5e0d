import type { Finding } from '../findings';
import type { PathSegment } from '../yaml/documents';
import { asArray, asRecord } from '../workspace/podTemplate';
import type { Rule } from './index';
import { containersOf } from './containerIterate';
import { fieldPath, finding } from './ruleSupport';

const RANGE_MESSAGE = 'must be between 1 and 65535, inclusive';
const SERVICE_PORTS: readonly PathSegment[] = ['spec', 'ports'];

/** containerPort and hostPort must be valid TCP/UDP port numbers. */
export const portOutOfRange: Rule = {
  id: 'port-out-of-range',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A container port, host port or Service port is not between 1 and 65535.',
  check(ctx) {
    const out: Finding[] = [];
    // The path is built only for a port out of range (this runs for every port of every document).
    const checkPort = (v: unknown, allowZero: boolean, at: readonly PathSegment[], index: number, field: string) => {
      if (typeof v !== 'number') return;
      if (allowZero && v === 0) return;
      if (Number.isInteger(v) && v >= 1 && v <= 65535) return;
      const path = [...at, index, field];
      // validateContainerPorts: an unset (zero) containerPort is missing, not out of range.
      const message = v === 0 && field === 'containerPort' ? 'Required value' : `Invalid value: ${v}: ${RANGE_MESSAGE}`;
      out.push(finding(portOutOfRange, ctx, path, `${fieldPath(path)}: ${message}`));
    };
    for (const { container, path } of containersOf(ctx)) {
      const ports = asArray(container.ports);
      if (ports.length === 0) continue;
      const at = [...path, 'ports'];
      ports.forEach((p, j) => {
        const pr = asRecord(p);
        if (!pr) return;
        checkPort(pr.containerPort, false, at, j, 'containerPort');
        checkPort(pr.hostPort, true, at, j, 'hostPort');
      });
    }
    if (ctx.doc.kind === 'Service') {
      asArray(asRecord(asRecord(ctx.doc.value)?.spec)?.ports).forEach((p, i) => {
        const pr = asRecord(p);
        if (!pr) return;
        checkPort(pr.port, false, SERVICE_PORTS, i, 'port');
        checkPort(pr.targetPort, true, SERVICE_PORTS, i, 'targetPort');
      });
    }
    return out;
  },
};

/** Port names must be unique within a pod: Services and probes refer to ports by name. */
export const duplicatePortName: Rule = {
  id: 'duplicate-port-name',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'Two container ports of one pod have the same name.',
  check(ctx) {
    const out: Finding[] = [];
    const names = new Map<string, string>();
    for (const { container, path } of containersOf(ctx)) {
      asArray(container.ports).forEach((p, j) => {
        const name = asRecord(p)?.name;
        if (typeof name !== 'string' || name === '') return;
        const portPath = [...path, 'ports', j];
        if (names.has(name)) out.push(finding(duplicatePortName, ctx, [...portPath, 'name'], `${fieldPath([...portPath, 'name'])}: Duplicate value: ${JSON.stringify(name)} (also ${names.get(name)})`));
        else names.set(name, fieldPath(portPath));
      });
    }
    return out;
  },
};

/** The same containerPort and protocol twice in one container: the API server only warns, but it is always a mistake. */
export const duplicateContainerPort: Rule = {
  id: 'duplicate-container-port',
  kubernetesWords: true, // the API server's warning (with the port it repeats)
  defaultSeverity: 'warning',
  description: 'A container declares the same port number and protocol twice.',
  check(ctx) {
    const out: Finding[] = [];
    for (const { container, path } of containersOf(ctx)) {
      const numbers = new Map<string, number>();
      asArray(container.ports).forEach((p, j) => {
        const pr = asRecord(p);
        if (!pr || typeof pr.containerPort !== 'number') return;
        const key = `${pr.containerPort}/${typeof pr.protocol === 'string' ? pr.protocol : 'TCP'}`;
        const prev = numbers.get(key);
        if (prev === undefined) {
          numbers.set(key, j);
          return;
        }
        const portPath = [...path, 'ports', j];
        out.push(finding(duplicateContainerPort, ctx, [...portPath, 'containerPort'], `${fieldPath(portPath)}: duplicate port definition with ${fieldPath([...path, 'ports', prev])} (${key})`));
      });
    }
    return out;
  },
};
