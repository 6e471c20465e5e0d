import type { Finding } from '../findings';
import { asArray, asRecord } from '../workspace/podTemplate';
import type { Rule } from './index';
import { containersOf } from './containerIterate';
import { fieldPath, finding } from './ruleSupport';

const RANGE_MESSAGE = 'must be between 1 and 65535, inclusive';

/** containerPort and hostPort must be valid TCP/UDP port numbers. */
export const portOutOfRange: Rule = {
  id: 'port-out-of-range',
  defaultSeverity: 'error',
  description: 'A container port, host port or Service port is not between 1 and 65535.',
  check(ctx) {
    const out: Finding[] = [];
    const checkPort = (v: unknown, path: (string | number)[], allowZero: boolean) => {
      if (typeof v !== 'number') return;
      if (allowZero && v === 0) return;
      if (!Number.isInteger(v) || v < 1 || v > 65535) out.push(finding(portOutOfRange, ctx, path, `${fieldPath(path)}: Invalid value: ${v}: ${RANGE_MESSAGE}`));
    };
    for (const { container, path } of containersOf(ctx)) {
      asArray(container.ports).forEach((p, j) => {
        const pr = asRecord(p);
        if (!pr) return;
        checkPort(pr.containerPort, [...path, 'ports', j, 'containerPort'], false);
        checkPort(pr.hostPort, [...path, 'ports', j, 'hostPort'], true);
      });
    }
    if (ctx.doc.kind === 'Service') {
      asArray(asRecord(asRecord(ctx.doc.value)?.spec)?.ports).forEach((p, i) => {
        const pr = asRecord(p);
        if (!pr) return;
        checkPort(pr.port, ['spec', 'ports', i, 'port'], false);
        checkPort(pr.targetPort, ['spec', 'ports', i, 'targetPort'], true);
      });
    }
    return out;
  },
};

/** Port names must be unique within a pod: Services and probes refer to ports by name. */
export const duplicatePortName: Rule = {
  id: 'duplicate-port-name',
  defaultSeverity: 'error',
  description: 'Two container ports of one pod have the same name.',
  check(ctx) {
    const out: Finding[] = [];
    const names = new Map<string, string>();
    for (const { container, path } of containersOf(ctx)) {
      asArray(container.ports).forEach((p, j) => {
        const name = asRecord(p)?.name;
        const portPath = [...path, 'ports', j];
        if (typeof name !== 'string' || name === '') return;
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
  defaultSeverity: 'warning',
  description: 'A container declares the same port number and protocol twice.',
  check(ctx) {
    const out: Finding[] = [];
    for (const { container, path } of containersOf(ctx)) {
      const numbers = new Map<string, number>();
      asArray(container.ports).forEach((p, j) => {
        const pr = asRecord(p);
        if (!pr || typeof pr.containerPort !== 'number') return;
        const portPath = [...path, 'ports', j];
        const key = `${pr.containerPort}/${typeof pr.protocol === 'string' ? pr.protocol : 'TCP'}`;
        const prev = numbers.get(key);
        if (prev !== undefined) out.push(finding(duplicateContainerPort, ctx, [...portPath, 'containerPort'], `${fieldPath(portPath)}: duplicate port definition with ${fieldPath([...path, 'ports', prev])} (${key})`));
        else numbers.set(key, j);
      });
    }
    return out;
  },
};
