import type { Finding } from '../findings';
import { asArray, asRecord, valueAt } from '../workspace/podTemplate';
import type { Rule } from './index';
import { fieldPath, finding } from './ruleSupport';

/** Service ports need unique names (and a name each when there are several) and unique port/protocol pairs. */
export const serviceDuplicatePort: Rule = {
  id: 'service-duplicate-port',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A Service repeats a port name or port/protocol pair, or leaves a port unnamed in a multi-port Service.',
  check(ctx) {
    if (ctx.doc.kind !== 'Service') return [];
    const ports = asArray(valueAt(ctx.doc.value, ['spec', 'ports']));
    const out: Finding[] = [];
    const names = new Set<string>();
    const pairs = new Set<string>();
    ports.forEach((p, i) => {
      const pr = asRecord(p);
      if (!pr) return;
      const name = pr.name;
      if (typeof name === 'string' && name !== '') {
        if (names.has(name)) out.push(finding(serviceDuplicatePort, ctx, ['spec', 'ports', i, 'name'], `${fieldPath(['spec', 'ports', i, 'name'])}: Duplicate value: ${JSON.stringify(name)}`));
        names.add(name);
      } else if (ports.length > 1) {
        out.push(finding(serviceDuplicatePort, ctx, ['spec', 'ports', i], `${fieldPath(['spec', 'ports', i, 'name'])}: Required value`, { prefer: 'key' }));
      }
      if (typeof pr.port === 'number') {
        const protocol = typeof pr.protocol === 'string' ? pr.protocol : 'TCP';
        const key = `${pr.port}/${protocol}`;
        if (pairs.has(key)) out.push(finding(serviceDuplicatePort, ctx, ['spec', 'ports', i, 'port'], `${fieldPath(['spec', 'ports', i])}: Duplicate value: {"port":${pr.port},"protocol":${JSON.stringify(protocol)}}`));
        pairs.add(key);
      }
    });
    return out;
  },
};

/** A Service needs at least one port, unless it is headless (`clusterIP: None`) or an ExternalName. */
export const servicePortsRequired: Rule = {
  id: 'service-ports-required',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A Service without ports that is neither headless nor an ExternalName.',
  check(ctx) {
    if (ctx.doc.kind !== 'Service' || ctx.doc.apiVersion !== 'v1') return [];
    const spec = asRecord(valueAt(ctx.doc.value, ['spec']));
    if (!spec || spec.type === 'ExternalName' || spec.clusterIP === 'None') return [];
    const ports = spec.ports;
    if (Array.isArray(ports) ? ports.length > 0 : ports !== undefined && ports !== null) return [];
    return [finding(servicePortsRequired, ctx, Array.isArray(ports) ? ['spec', 'ports'] : ['spec'], 'spec.ports: Required value', { prefer: 'key' })];
  },
};
