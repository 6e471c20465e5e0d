import { DEFINITIONS, deref, refName, versionsOfKind, type JsonSchema } from '../../engine/schema/registry';
import { servedVersions } from '../../api/crd/registry';
import type { StructuralSchema } from '../../api/crd/definition';
import { resourceForName, type ResourceInfo, type ResourceTable } from '../store/resources';
import { boolFlag, flag, parseArgs, UsageError } from './args';

/**
 * `kubectl explain TYPE[.field.path] [--recursive] [--api-version]` from the bundled 1.36 schemas:
 * field names, types and which are required. The schemas carry no descriptions, and none are
 * invented: the output says so once.
 */

const NO_DESCRIPTION = '    (field descriptions are not bundled with kube-rehearsal; the types and required fields are)';

function shortName(definition: string | undefined): string {
  return definition ? definition.split('.').pop()! : 'Object';
}

/** `<string>`, `<integer>`, `<[]Container>`, `<map[string]string>`, `<ObjectMeta>`, `<IntOrString>`. */
export function typeText(s: JsonSchema | undefined): string {
  if (!s) return 'Object';
  if (s.$ref) return shortName(refName(s));
  if (s.format === 'int-or-string') return 'IntOrString';
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'array') return `[]${typeText(s.items)}`;
  if (type === 'object' && typeof s.additionalProperties === 'object') return `map[string]${typeText(s.additionalProperties)}`;
  if (type === 'object') return 'Object';
  return type ?? 'Object';
}

function fieldLines(s: JsonSchema | undefined, indent: number, recursive: boolean, seen: Set<string>): string[] {
  const d = deref(s);
  const target = d?.type === 'array' || (Array.isArray(d?.type) && d?.type.includes('array')) ? deref(d?.items) : d;
  const props = target?.properties ?? {};
  const required = new Set(target?.required ?? []);
  const out: string[] = [];
  for (const name of Object.keys(props).sort()) {
    const f = props[name];
    const req = required.has(name) ? ' -required-' : '';
    out.push(`${' '.repeat(indent)}${name}\t<${typeText(f)}>${req}`);
    const values = recursive ? undefined : enumOf(f);
    if (values) out.push(`${' '.repeat(indent)}enum: ${values.join(', ')}`);
    if (recursive) {
      const ref = refName(f) ?? refName(f.items);
      if (ref && !seen.has(ref)) {
        seen.add(ref);
        out.push(...fieldLines(f, indent + 2, true, seen));
        seen.delete(ref);
      } else if (!ref && indent < 40 && (f.properties || f.items?.properties)) {
        // Inline schemas (a CRD's) have no $ref to follow: descend into them directly.
        out.push(...fieldLines(f, indent + 2, true, seen));
      }
    }
  }
  return out;
}

/** The values a field may take, where the bundled schema lists them. */
function enumOf(s: JsonSchema | undefined): string[] | undefined {
  const values = (deref(s) as { enum?: unknown[] } | undefined)?.enum;
  return Array.isArray(values) && values.length ? values.map(String) : undefined;
}

export function explainCommand(argv: string[], resources?: ResourceTable): string {
  const p = parseArgs(argv, { values: { 'api-version': undefined, output: 'o' }, bools: { recursive: undefined } }, 'explain');
  const what = p.positional[0];
  if (!what) throw new UsageError('error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.');
  const [typeName, ...path] = what.split('.');
  const r = resources ? resources.forName(typeName) : resourceForName(typeName);
  if (r?.custom) return explainCustom(r, path, flag(p, 'api-version'), boolFlag(p, 'recursive'));
  const kind = r?.kind ?? typeName;
  const versions = versionsOfKind(kind);
  const apiVersion = flag(p, 'api-version');
  const entry = apiVersion ? versions.find((v) => v.apiVersion === apiVersion) : versions[0];
  if (!entry) throw new UsageError(apiVersion ? `error: couldn't find resource for "${kind}" in ${apiVersion}` : `error: the server doesn't have a resource type "${typeName}"`);
  let schema: JsonSchema | undefined = DEFINITIONS[entry.definition];
  let fieldName: string | undefined;
  let fieldSchema: JsonSchema | undefined;
  let requiredHere = false;
  for (const seg of path) {
    let d = deref(schema);
    if (d?.type === 'array') d = deref(d.items);
    const next = d?.properties?.[seg];
    if (!next) throw new UsageError(`error: field "${seg}" does not exist`);
    requiredHere = (d?.required ?? []).includes(seg);
    fieldName = seg;
    fieldSchema = next;
    schema = next;
  }
  const lines: string[] = [];
  if (entry.group) lines.push(`GROUP:      ${entry.group}`);
  lines.push(`KIND:       ${entry.kind}`, `VERSION:    ${entry.version}`, '');
  if (fieldName) {
    lines.push(`FIELD: ${fieldName} <${typeText(fieldSchema)}>${requiredHere ? ' -required-' : ''}`);
    const values = enumOf(fieldSchema);
    if (values) lines.push('ENUM:', ...values.map((v) => `    ${v}`));
    const def = deref(fieldSchema)?.default;
    if (def !== undefined) lines.push(`DEFAULT: ${typeof def === 'string' ? def : JSON.stringify(def)}`);
    lines.push('');
  }
  lines.push('DESCRIPTION:', NO_DESCRIPTION, '');
  const fields = fieldLines(schema, 2, boolFlag(p, 'recursive'), new Set());
  if (fields.length) {
    lines.push('FIELDS:');
    // kubectl aligns the type a tab after the name.
    const width = Math.max(...fields.map((l) => l.split('\t')[0].length));
    for (const l of fields) {
      if (!l.includes('\t')) {
        lines.push(l);
        continue;
      }
      const [name, rest] = l.split('\t');
      lines.push(boolFlag(p, 'recursive') ? `${name.padEnd(width)}\t${rest}` : `${name}\t${rest}`);
    }
    lines.push('');
  }
  return lines.join('\n') + '\n';
}

function descriptionLines(s: StructuralSchema | undefined): string[] {
  const text = s?.description?.trim();
  if (!text) return ['    <empty>'];
  return text.split('\n').map((l) => (l ? `    ${l}` : ''));
}

/**
 * `kubectl explain` of a kind a CRD serves: from the served version's schema, with the CRD's own
 * descriptions (the user's data, so they are shown).
 */
function explainCustom(r: ResourceInfo, path: string[], apiVersion: string | undefined, recursive: boolean): string {
  const crd = r.custom!.crd;
  const served = servedVersions(crd);
  const version = apiVersion ? served.find((v) => `${crd.group}/${v.name}` === apiVersion) : served[0];
  if (!version) throw new UsageError(`error: couldn't find resource for "${crd.group}/${apiVersion?.split('/').pop() ?? ''}, Kind=${crd.names.kind}"`);
  let schema = version.schema;
  let fieldName: string | undefined;
  let requiredHere = false;
  for (const seg of path) {
    let d = schema;
    if (d?.type === 'array') d = d.items;
    const next = d?.properties?.[seg];
    if (!next) throw new UsageError(`error: field "${seg}" does not exist`);
    requiredHere = (d?.required ?? []).includes(seg);
    fieldName = seg;
    schema = next;
  }
  const lines = [`GROUP:      ${crd.group}`, `KIND:       ${crd.names.kind}`, `VERSION:    ${version.name}`, ''];
  if (fieldName) {
    lines.push(`FIELD: ${fieldName} <${typeText(schema as JsonSchema)}>${requiredHere ? ' -required-' : ''}`);
    const values = enumOf(schema as JsonSchema);
    if (values) lines.push('ENUM:', ...values.map((v) => `    ${v}`));
    if (schema?.default !== undefined) lines.push(`DEFAULT: ${typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default)}`);
    lines.push('');
  }
  lines.push('DESCRIPTION:', ...descriptionLines(schema), '');
  const fields = fieldLines(schema as JsonSchema, 2, recursive, new Set());
  if (fields.length) lines.push('FIELDS:', ...fields, '');
  return lines.join('\n') + '\n';
}
