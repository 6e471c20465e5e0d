import type { Finding } from '../../findings';
import { msg } from '../../messages';
import { asArray, asRecord } from '../../workspace/podTemplate';
import { containersOf } from '../containerIterate';
import type { Rule } from '../index';
import { mergeFix, podTemplateOf, practice } from './support';

const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);

/**
 * A container of a long-running workload that declares a port but has no readiness probe: it gets
 * traffic as soon as it starts, before it can answer, and keeps getting it when it cannot.
 */
export const probesMissing: Rule = {
  id: 'probes-missing',
  defaultSeverity: 'information',
  profile: 'production',
  tags: ['reliability'],
  description: 'A serving container of a long-running workload has no readiness probe.',
  check(ctx) {
    if (!LONG_RUNNING.has(ctx.doc.kind ?? '') || !podTemplateOf(ctx)) return [];
    const out: Finding[] = [];
    for (const { container, path } of containersOf(ctx, ['containers'])) {
      if (container.readinessProbe !== undefined) continue;
      const port = asArray(container.ports).map((p) => asRecord(p)?.containerPort).find((p) => typeof p === 'number' || (typeof p === 'string' && /^\d+$/.test(p)));
      if (port === undefined) continue;
      const liveness = container.livenessProbe === undefined ? msg('probes-missing.no-liveness') : '';
      const fix = mergeFix(ctx, msg('fix.add-readiness-probe', { port: String(port) }), path, { readinessProbe: { tcpSocket: { port: Number(port) }, periodSeconds: 10 } });
      out.push(practice(probesMissing, ctx, [...path, 'name'], msg('probes-missing', { container: String(container.name ?? ''), port: String(port), liveness }), fix));
    }
    return out;
  },
};
