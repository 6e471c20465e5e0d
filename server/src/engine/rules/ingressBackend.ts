import { fixTitle, msg } from '../messages';
import type { Finding } from '../findings';
import type { PathSegment } from '../yaml/documents';
import { asArray, asRecord, valueAt } from '../workspace/podTemplate';
import type { Rule } from './index';
import { finding, isTemplated, relatedAt, replaceValueEdit, yamlString } from './ruleSupport';
import { isTypo } from './selectorNearMiss';

interface Backend {
  service: string;
  port?: number | string;
  path: PathSegment[];
  portPath: PathSegment[];
}

function backendsOf(spec: Record<string, unknown>): Backend[] {
  const out: Backend[] = [];
  const add = (b: unknown, path: PathSegment[]) => {
    const svc = asRecord(asRecord(b)?.service);
    if (svc && typeof svc.name === 'string') {
      const port = asRecord(svc.port);
      const p = typeof port?.number === 'number' ? port.number : typeof port?.name === 'string' ? port.name : undefined;
      out.push({ service: svc.name, port: p, path: [...path, 'service', 'name'], portPath: [...path, 'service', 'port', typeof port?.number === 'number' ? 'number' : 'name'] });
    }
  };
  add(spec.defaultBackend, ['spec', 'defaultBackend']);
  asArray(spec.rules).forEach((r, i) => {
    asArray(asRecord(asRecord(r)?.http)?.paths).forEach((p, j) => add(asRecord(p)?.backend, ['spec', 'rules', i, 'http', 'paths', j, 'backend']));
  });
  return out;
}

/** An Ingress backend naming a Service (or a port of it) that the workspace does not define. */
export const ingressBackend: Rule = {
  id: 'ingress-backend',
  defaultSeverity: 'warning',
  description: 'An Ingress backend refers to a Service, or a Service port, that does not exist in the workspace.',
  check(ctx) {
    if (ctx.doc.kind !== 'Ingress') return [];
    const spec = asRecord(valueAt(ctx.doc.value, ['spec']));
    if (!spec || ctx.index.isKustomized(ctx.file.uri)) return [];
    const ns = ctx.doc.namespace ?? 'default';
    const out: Finding[] = [];
    for (const b of backendsOf(spec)) {
      if (isTemplated(b.service) || isTemplated(b.port)) continue;
      const svcs = ctx.index.lookup('Service', ns, b.service);
      if (svcs.length === 0) {
        // Only a Service whose name is a typo away is evidence of a mistake; any other name is a
        // Service made elsewhere (`kubectl expose`, a chart, another repository), and the other
        // Services of the namespace say nothing about it.
        const close = ctx.index.ofKind('Service', ns).find((s) => s.name !== undefined && isTypo(b.service, s.name));
        if (!close) continue;
        const edit = replaceValueEdit(ctx, b.path, yamlString(close.name!));
        out.push(
          finding(ingressBackend, ctx, b.path, msg('ingress-backend.service', { service: b.service, namespace: ns, suggestion: close.name! }), {
            related: [relatedAt(close, ['metadata', 'name'], `Service ${close.name}`)],
            fixes: edit ? [{ ...fixTitle(msg('fix.change-value', { value: close.name! })), edits: [edit], preferred: true }] : [],
          }),
        );
        continue;
      }
      if (b.port === undefined) continue;
      const svc = svcs[0];
      const ports = asArray(valueAt(svc.doc.value, ['spec', 'ports'])).map((p) => asRecord(p) ?? {});
      const found = ports.some((p) => (typeof b.port === 'number' ? p.port === b.port : p.name === b.port));
      if (!found) {
        const have = ports.map((p) => (p.name ? `${p.name} (${p.port})` : String(p.port))).join(', ');
        out.push(
          finding(ingressBackend, ctx, b.portPath, `Service "${b.service}" has no port ${typeof b.port === 'number' ? b.port : JSON.stringify(b.port)}; its ports are ${have || 'none'}`, {
            related: [relatedAt(svc, ['spec', 'ports'], msg('related.service-ports', { name: b.service }))],
          }),
        );
      }
    }
    return out;
  },
};
