import type { Finding } from '../findings';
import { msg, type MessageRef } from '../messages';
import { asArray, asRecord, valueAt } from '../workspace/podTemplate';
import type { Rule } from './index';
import { serviceTargets } from './serviceSelector';
import { finding, isTemplated, relatedAt } from './ruleSupport';

/**
 * A named targetPort must be a port name of the selected containers (else the pod is left out of
 * the endpoints); a numeric one is used as-is, so it is only reported when every selected
 * container lists its ports and none has that number.
 */
export const serviceTargetPort: Rule = {
  id: 'service-target-port',
  defaultSeverity: 'warning',
  description: 'A Service targetPort (name or number) is not exposed by any container the Service selects.',
  check(ctx) {
    const t = serviceTargets(ctx);
    if (!t || t.matched.length === 0 || t.unknown) return [];
    const containers = t.matched.flatMap((o) => o.podTemplate!.containers.filter((c) => !c.init).map((c) => ({ o, c })));
    if (containers.length === 0) return [];
    const out: Finding[] = [];
    asArray(valueAt(ctx.doc.value, ['spec', 'ports'])).forEach((p, i) => {
      const pr = asRecord(p);
      if (!pr) return;
      const protocol = typeof pr.protocol === 'string' ? pr.protocol : 'TCP';
      const target = pr.targetPort ?? pr.port;
      const path = pr.targetPort !== undefined ? ['spec', 'ports', i, 'targetPort'] : ['spec', 'ports', i, 'port'];
      if (isTemplated(target)) return;
      if (typeof target === 'string' && !/^\d+$/.test(target)) {
        const ok = containers.some(({ c }) => c.ports.some((cp) => cp.name === target && cp.protocol === protocol));
        if (ok) return;
        const names = [...new Set(containers.flatMap(({ c }) => c.ports.map((cp) => cp.name).filter((n): n is string => !!n)))];
        const first = t.matched[0];
        out.push(
          finding(serviceTargetPort, ctx, path, msg('service-target-port.name', { target: JSON.stringify(target), protocol, targets: describeTargets(t.matched), names: names.length ? msg('service-target-port.names', { names: names.join(', ') }) : msg('service-target-port.no-names') }), {
            related: [relatedAt(first, [...first.podTemplate!.location.path, 'spec', 'containers'], msg('related.containers', { kind: first.kind, name: first.name ?? '' }))],
          }),
        );
        return;
      }
      const n = typeof target === 'number' ? target : typeof target === 'string' ? Number(target) : undefined;
      if (n === undefined || !Number.isInteger(n)) return;
      // Undeclared ports are legal: only flag when every selected container declares its ports.
      if (containers.some(({ c }) => c.ports.length === 0)) return;
      if (containers.some(({ c }) => c.ports.some((cp) => cp.containerPort === n))) return;
      // Told to listen there by its arguments or environment: Kubernetes routes to it all the same.
      if (containers.some(({ c }) => c.announcedPorts.includes(n))) return;
      const declared = [...new Set(containers.flatMap(({ c }) => c.ports.map((cp) => cp.containerPort)).filter((x) => x !== undefined))];
      out.push(finding(serviceTargetPort, ctx, path, msg('service-target-port.number', { port: String(n), targets: describeTargets(t.matched), declared: declared.join(', ') })));
    });
    return out;
  },
};

function describeTargets(objs: readonly { kind: string; name?: string }[]): string | MessageRef {
  const shown = objs.slice(0, 3).map((o) => `${o.kind} ${o.name ?? '?'}`);
  return objs.length > 3 ? msg('list.and-more', { items: shown.join(', '), count: String(objs.length - 3) }) : shown.join(', ');
}
