import { DEFINITIONS, groupOf, lookupKind, refName, versionsOfKind, type JsonSchema } from '../../engine/schema/registry';

/**
 * The API server's decoding of a request body into its Go types, before any validation: a value
 * of the wrong JSON type (`command: sleep 3600`, `env: {FOO: bar}`, `ports: [80]`, `spec:
 * ClusterIP`, a mapping as a name or a label value) is refused with the decoder's message, so no
 * type-confused object ever reaches a controller. `null` decodes to Go's zero value as it does in
 * the API server: a null field is dropped and a null item of a list of objects becomes `{}` (the
 * body is normalized in place). Walked with an explicit stack, never recursion on the input.
 */

interface Frame {
  value: unknown;
  schema: JsonSchema | undefined;
  /** The Go struct that holds the field being decoded, and the JSON path from the root (no indices). */
  struct: string;
  path: string;
}

const QUANTITY_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

function resolve(schema: JsonSchema | undefined): { schema: JsonSchema | undefined; ref: string | undefined } {
  let s = schema;
  let ref: string | undefined;
  for (let i = 0; s?.$ref && i < 10; i++) {
    ref = refName(s);
    s = DEFINITIONS[ref!];
  }
  return { schema: s, ref };
}

/** `io.k8s.api.core.v1.Container` -> `v1.Container` (the Go package and type). */
function goName(ref: string): string {
  const parts = ref.split('.');
  return parts.slice(-2).join('.');
}

function goType(schema: JsonSchema | undefined): string {
  const { schema: s, ref } = resolve(schema);
  if (!s) return 'interface {}';
  if (s.format === 'int-or-string') return 'intstr.IntOrString';
  if (s.format === 'quantity') return 'resource.Quantity';
  if (ref && (s.type === 'object' || s.properties)) return goName(ref);
  if (s.type === 'array') return `[]${goType(s.items)}`;
  if (s.type === 'object') return typeof s.additionalProperties === 'object' ? `map[string]${goType(s.additionalProperties)}` : 'map[string]interface {}';
  if (s.type === 'string') return ref && ref.endsWith('.Time') ? 'v1.Time' : 'string';
  if (s.type === 'integer') return s.format === 'int32' ? 'int32' : s.format === 'int64' ? 'int64' : 'int';
  if (s.type === 'number') return 'float64';
  if (s.type === 'boolean') return 'bool';
  return 'interface {}';
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // string, number
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The schema definition of a kind (its own apiVersion, else the stored version of the kind). */
function definitionOf(apiVersion: unknown, kind: unknown): string | undefined {
  if (typeof kind !== 'string') return undefined;
  if (typeof apiVersion !== 'string') return undefined;
  const own = lookupKind(apiVersion, kind);
  if (own) return own.definition;
  // An older version the release converts: the same group's kind (never a custom resource's namesake).
  const group = groupOf(apiVersion);
  return versionsOfKind(kind).find((k) => k.group === group)?.definition;
}

/**
 * Decodes `body` as its kind's Go type; returns the decoder's message for the first value of the
 * wrong type (undefined when it decodes), after dropping nulls as the decoder does.
 */
export function decodeBody(body: Record<string, unknown>): string | undefined {
  const definition = definitionOf(body.apiVersion, body.kind);
  if (!definition) return undefined;
  const root = goName(definition).split('.')[1];
  const stack: Frame[] = [];
  // Pushed last-first, so the first wrong value in document order is the one reported.
  for (const [k, v] of Object.entries(body).reverse()) stack.push({ value: v, schema: DEFINITIONS[definition].properties?.[k], struct: root, path: k });
  // Nulls are dropped on the way (the zero value); the parents are fixed after the walk.
  const nullFields: [Record<string, unknown>, string][] = [];
  for (const [k, v] of Object.entries(body)) if (v === null) nullFields.push([body, k]);
  while (stack.length) {
    const f = stack.pop()!;
    if (f.value === null || f.value === undefined) continue;
    const { schema: s, ref } = resolve(f.schema);
    if (!s) continue; // a field the schema does not know: strict decoding reports it elsewhere
    const wrong = (): string => `json: cannot unmarshal ${jsonKind(f.value)} into Go struct field ${f.struct}.${f.path} of type ${goType(f.schema)}`;
    const v = f.value;
    if (s.format === 'int-or-string') {
      if (typeof v !== 'string' && !(typeof v === 'number' && Number.isInteger(v))) return wrong();
      continue;
    }
    if (s.format === 'quantity') {
      if (typeof v !== 'string' && typeof v !== 'number') return QUANTITY_MESSAGE;
      continue;
    }
    const type = Array.isArray(s.type) ? undefined : s.type;
    if (type === 'string') {
      if (typeof v !== 'string') return wrong();
    } else if (type === 'integer') {
      if (typeof v !== 'number') return wrong();
      if (!Number.isInteger(v)) return `json: cannot unmarshal number ${v} into Go struct field ${f.struct}.${f.path} of type ${goType(f.schema)}`;
    } else if (type === 'number') {
      if (typeof v !== 'number') return wrong();
    } else if (type === 'boolean') {
      if (typeof v !== 'boolean') return wrong();
    } else if (type === 'array') {
      if (!Array.isArray(v)) return wrong();
      const item = resolve(s.items).schema;
      const itemIsObject = item?.type === 'object' || !!item?.properties;
      for (let i = v.length - 1; i >= 0; i--) {
        if (v[i] === null) {
          // A null item: the zero value of the item's type.
          v[i] = itemIsObject ? {} : item?.type === 'string' ? '' : item?.type === 'integer' || item?.type === 'number' ? 0 : item?.type === 'boolean' ? false : null;
          continue;
        }
        stack.push({ value: v[i], schema: s.items, struct: f.struct, path: f.path });
      }
    } else if (type === 'object' || s.properties) {
      if (!isRecord(v)) return wrong();
      const struct = ref && s.properties ? goName(ref).split('.')[1] : f.struct;
      for (const [k, x] of Object.entries(v).reverse()) {
        if (x === null) {
          nullFields.push([v, k]);
          continue;
        }
        // A struct's field extends the path; a map's value keeps it (Go names the map field).
        if (s.properties) stack.push({ value: x, schema: s.properties[k], struct, path: `${f.path}.${k}` });
        else if (typeof s.additionalProperties === 'object') stack.push({ value: x, schema: s.additionalProperties, struct, path: f.path });
      }
    }
  }
  for (const [parent, key] of nullFields) delete parent[key];
  return undefined;
}
