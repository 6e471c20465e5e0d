/**
 * A Swagger 2.0 document (openapi.ts: openApiV2) in the protobuf form client-go asks for
 * (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`): gnostic's `openapi.v2.Document`
 * message. Maps are repeated (name, value) pairs in document order; vendor extensions, defaults,
 * enum values and examples are `Any` messages carrying their value as YAML text (JSON is YAML).
 * Only what the API server's document holds is encoded (no security schemes beyond an API key).
 */

type Json = Record<string, unknown>;

class Writer {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  private push(b: Uint8Array): void {
    this.parts.push(b);
    this.size += b.length;
  }

  private varint(n: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(n));
    const out: number[] = [];
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    this.push(Uint8Array.from(out));
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  string(field: number, v: unknown): void {
    if (typeof v !== 'string' || v === '') return;
    const b = new TextEncoder().encode(v);
    this.tag(field, 2);
    this.varint(b.length);
    this.push(b);
  }

  strings(field: number, v: unknown): void {
    if (Array.isArray(v)) for (const s of v) this.string(field, String(s));
  }

  bool(field: number, v: unknown): void {
    if (v !== true) return;
    this.tag(field, 0);
    this.varint(1);
  }

  int(field: number, v: unknown): void {
    if (typeof v !== 'number' || !Number.isInteger(v) || v === 0) return;
    this.tag(field, 0);
    this.varint(v);
  }

  double(field: number, v: unknown): void {
    if (typeof v !== 'number' || v === 0) return;
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.tag(field, 1);
    this.push(b);
  }

  message(field: number, encode: (w: Writer) => void): void {
    const w = new Writer();
    encode(w);
    const b = w.bytes();
    this.tag(field, 2);
    this.varint(b.length);
    this.push(b);
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** Any { string yaml = 2 }. */
function any(w: Writer, field: number, v: unknown): void {
  if (v === undefined) return;
  w.message(field, (a) => a.string(2, JSON.stringify(v)));
}

/** The `x-` keys of an object as repeated NamedAny { name = 1, value = 2 }. */
function extensions(w: Writer, field: number, o: Json): void {
  for (const [k, v] of Object.entries(o)) {
    if (!k.startsWith('x-')) continue;
    w.message(field, (n) => {
      n.string(1, k);
      any(n, 2, v);
    });
  }
}

function schema(w: Writer, s: Json): void {
  w.string(1, s.$ref);
  w.string(2, s.format);
  w.string(3, s.title);
  w.string(4, s.description);
  any(w, 5, s.default);
  w.double(6, s.multipleOf);
  w.double(7, s.maximum);
  w.bool(8, s.exclusiveMaximum);
  w.double(9, s.minimum);
  w.bool(10, s.exclusiveMinimum);
  w.int(11, s.maxLength);
  w.int(12, s.minLength);
  w.string(13, s.pattern);
  w.int(14, s.maxItems);
  w.int(15, s.minItems);
  w.bool(16, s.uniqueItems);
  w.int(17, s.maxProperties);
  w.int(18, s.minProperties);
  w.strings(19, s.required);
  if (Array.isArray(s.enum)) for (const e of s.enum) any(w, 20, e);
  // AdditionalPropertiesItem { Schema schema = 1; bool boolean = 2 }
  if (isObject(s.additionalProperties)) w.message(21, (a) => a.message(1, (x) => schema(x, s.additionalProperties as Json)));
  else if (typeof s.additionalProperties === 'boolean') w.message(21, (a) => a.bool(2, s.additionalProperties));
  // TypeItem { repeated string value = 1 }
  if (s.type !== undefined) w.message(22, (t) => t.strings(1, Array.isArray(s.type) ? s.type : [s.type]));
  // ItemsItem { repeated Schema schema = 1 }
  if (isObject(s.items)) w.message(23, (i) => i.message(1, (x) => schema(x, s.items as Json)));
  if (Array.isArray(s.allOf)) for (const a of s.allOf) if (isObject(a)) w.message(24, (x) => schema(x, a));
  // Properties { repeated NamedSchema additional_properties = 1 }
  if (isObject(s.properties)) w.message(25, (p) => namedSchemas(p, 1, s.properties as Json));
  w.string(26, s.discriminator);
  w.bool(27, s.readOnly);
  any(w, 30, s.example);
  extensions(w, 31, s);
}

function namedSchemas(w: Writer, field: number, map: Json): void {
  for (const [name, v] of Object.entries(map)) {
    if (!isObject(v)) continue;
    w.message(field, (n) => {
      n.string(1, name);
      n.message(2, (x) => schema(x, v));
    });
  }
}

/** ParametersItem { Parameter parameter = 1 } -> Parameter { BodyParameter body = 1; NonBodyParameter non_body = 2 }. */
function parameter(w: Writer, p: Json): void {
  w.message(1, (param) => {
    if (p.in === 'body') {
      param.message(1, (b) => {
        b.string(1, p.description);
        b.string(2, p.name);
        b.string(3, p.in);
        b.bool(4, p.required);
        if (isObject(p.schema)) b.message(5, (x) => schema(x, p.schema as Json));
        extensions(b, 6, p);
      });
      return;
    }
    // NonBodyParameter: query = 3 (QueryParameterSubSchema), path = 4 (PathParameterSubSchema), header = 1.
    param.message(2, (nb) => {
      if (p.in === 'path' || p.in === 'header') {
        // PathParameterSubSchema and HeaderParameterSubSchema number these fields alike.
        nb.message(p.in === 'path' ? 4 : 1, (q) => {
          q.bool(1, p.required);
          q.string(2, p.in);
          q.string(3, p.description);
          q.string(4, p.name);
          q.string(5, p.type);
          q.bool(19, p.uniqueItems);
          extensions(q, 22, p);
        });
      } else {
        nb.message(3, (q) => {
          q.bool(1, p.required);
          q.string(2, p.in);
          q.string(3, p.description);
          q.string(4, p.name);
          q.string(6, p.type);
          q.bool(20, p.uniqueItems);
          extensions(q, 23, p);
        });
      }
    });
  });
}

function operation(w: Writer, op: Json): void {
  w.strings(1, op.tags);
  w.string(2, op.summary);
  w.string(3, op.description);
  w.string(5, op.operationId);
  w.strings(6, op.produces);
  w.strings(7, op.consumes);
  if (Array.isArray(op.parameters)) for (const p of op.parameters) if (isObject(p)) w.message(8, (x) => parameter(x, p));
  // Responses { repeated NamedResponseValue response_code = 1 } -> ResponseValue { Response response = 1 }.
  if (isObject(op.responses)) {
    w.message(9, (rs) => {
      for (const [code, r] of Object.entries(op.responses as Json)) {
        if (!isObject(r)) continue;
        rs.message(1, (n) => {
          n.string(1, code);
          n.message(2, (rv) => rv.message(1, (resp) => {
            resp.string(1, r.description);
            // SchemaItem { Schema schema = 1 }
            if (isObject(r.schema)) resp.message(2, (si) => si.message(1, (x) => schema(x, r.schema as Json)));
          }));
        });
      }
    });
  }
  w.strings(10, op.schemes);
  w.bool(11, op.deprecated);
  extensions(w, 13, op);
}

const METHODS: [string, number][] = [['get', 2], ['put', 3], ['post', 4], ['delete', 5], ['options', 6], ['head', 7], ['patch', 8]];

function pathItem(w: Writer, item: Json): void {
  w.string(1, item.$ref);
  for (const [m, field] of METHODS) if (isObject(item[m])) w.message(field, (x) => operation(x, item[m] as Json));
  if (Array.isArray(item.parameters)) for (const p of item.parameters) if (isObject(p)) w.message(9, (x) => parameter(x, p));
  extensions(w, 10, item);
}

/** Document { swagger = 1, info = 2, paths = 8, definitions = 9, security = 12, security_definitions = 13 }. */
export function encodeOpenApiV2(doc: Json): Uint8Array {
  const w = new Writer();
  w.string(1, doc.swagger);
  if (isObject(doc.info)) {
    const info = doc.info;
    w.message(2, (i) => {
      i.string(1, info.title);
      i.string(2, info.version);
      i.string(3, info.description);
    });
  }
  w.string(3, doc.host);
  w.string(4, doc.basePath);
  w.strings(5, doc.schemes);
  w.strings(6, doc.consumes);
  w.strings(7, doc.produces);
  if (isObject(doc.paths)) {
    const paths = doc.paths;
    // Paths { repeated NamedPathItem path = 2 }
    w.message(8, (ps) => {
      for (const [p, item] of Object.entries(paths)) {
        if (!isObject(item)) continue;
        ps.message(2, (n) => {
          n.string(1, p);
          n.message(2, (x) => pathItem(x, item));
        });
      }
    });
  }
  // Definitions { repeated NamedSchema additional_properties = 1 }
  if (isObject(doc.definitions)) {
    const defs = doc.definitions;
    w.message(9, (d) => namedSchemas(d, 1, defs));
  }
  // SecurityRequirement { repeated NamedStringArray additional_properties = 1 } -> StringArray { repeated string value = 1 }.
  if (Array.isArray(doc.security)) {
    for (const req of doc.security) {
      if (!isObject(req)) continue;
      w.message(12, (r) => {
        for (const [name, scopes] of Object.entries(req)) r.message(1, (n) => {
          n.string(1, name);
          n.message(2, (a) => a.strings(1, scopes));
        });
      });
    }
  }
  // SecurityDefinitions { repeated NamedSecurityDefinitionsItem = 1 } -> item { ApiKeySecurity api_key_security = 2 }.
  if (isObject(doc.securityDefinitions)) {
    const defs = doc.securityDefinitions;
    w.message(13, (sd) => {
      for (const [name, def] of Object.entries(defs)) {
        if (!isObject(def) || def.type !== 'apiKey') continue;
        sd.message(1, (n) => {
          n.string(1, name);
          n.message(2, (item) => item.message(2, (k) => {
            k.string(1, def.type);
            k.string(2, def.name);
            k.string(3, def.in);
            k.string(4, def.description);
          }));
        });
      }
    });
  }
  extensions(w, 16, doc);
  return w.bytes();
}
