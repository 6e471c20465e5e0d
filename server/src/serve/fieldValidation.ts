import { DEFINITIONS, deref, lookupKind, type JsonSchema } from '../engine/schema/registry';

/**
 * `fieldValidation=Strict|Warn|Ignore`: the fields of a request body that the kind's schema does
 * not know, as the API server's strict decoder names them (`spec.replica`, `containers[0].imagee`).
 * This is decoding, not validation: what is invalid is decided by the simulated API server.
 */
export function unknownFields(apiVersion: string, kind: string, body: unknown): string[] {
  const entry = lookupKind(apiVersion, kind);
  if (!entry) return [];
  const out: string[] = [];
  walk(body, DEFINITIONS[entry.definition], '', out);
  return out;
}

function walk(v: unknown, schema: JsonSchema | undefined, path: string, out: string[]): void {
  const s = deref(schema);
  if (!s || v === null || v === undefined) return;
  if (Array.isArray(v)) {
    if (s.items) v.forEach((x, i) => walk(x, s.items, `${path}[${i}]`, out));
    return;
  }
  if (typeof v !== 'object') return;
  // Objects without declared properties (RawExtension, free-form maps) take any field.
  if (!s.properties && typeof s.additionalProperties !== 'object') return;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const sub = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
    const p = path ? `${path}.${k}` : k;
    if (!sub) out.push(p);
    else walk(x, sub, p, out);
  }
}
