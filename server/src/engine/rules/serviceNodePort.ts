import type { Finding } from '../findings';
import { asArray, asRecord, valueAt } from '../workspace/podTemplate';
import type { Rule } from './index';
import { fieldPath, finding } from './ruleSupport';

/** The API server's default --service-node-port-range. */
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

export const serviceNodePort: Rule = {
  id: 'service-node-port',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A nodePort is outside 30000-32767, or set on a Service that is not NodePort or LoadBalancer.',
  check(ctx) {
    if (ctx.doc.kind !== 'Service') return [];
    const spec = asRecord(valueAt(ctx.doc.value, ['spec']));
    if (!spec) return [];
    const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
    const out: Finding[] = [];
    asArray(spec.ports).forEach((p, i) => {
      const np = asRecord(p)?.nodePort;
      if (typeof np !== 'number' || np === 0) return;
      const path = ['spec', 'ports', i, 'nodePort'];
      if (type !== 'NodePort' && type !== 'LoadBalancer') {
        out.push(finding(serviceNodePort, ctx, path, `${fieldPath(path)}: Forbidden: may not be used when \`type\` is '${type}'`));
      } else if (np < NODE_PORT_MIN || np > NODE_PORT_MAX) {
        out.push(finding(serviceNodePort, ctx, path, `${fieldPath(path)}: Invalid value: ${np}: provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`));
      }
    });
    return out;
  },
};
