import type { Position } from '../findings';
import { msg, renderMessage, type MessageRef } from '../messages';
import type { PathSegment, YamlDoc, YamlFile } from '../yaml/documents';
import type { CrdDefinition, CrdVersion, StructuralSchema } from '../../api/crd/definition';
import { servedVersions, type CustomResourceRegistry } from '../../api/crd/registry';
import { groupOf } from '../schema/registry';
import type { CursorContext } from './cursor';
import { pathAtPosition } from './cursor';
import { CompletionItemKind, InsertTextFormat, InsertTextMode, TRIGGER_SUGGEST, type CompletionItem, type Hover } from './types';

/** Renders our own words (the client's language in the editor). */
type Render = (ref: MessageRef) => string;
const english: Render = (ref) => renderMessage(ref);

/**
 * Completion and hover for custom resources, from the schema of their CRD version. The CRD's
 * descriptions are the user's own data, so they are shown as written.
 */

export interface CustomKind {
  crd: CrdDefinition;
  version: CrdVersion;
}

/** The CRD version a document is written against (its served version, else the preferred one). */
export function customKindOf(doc: YamlDoc, registry: CustomResourceRegistry | undefined): CustomKind | undefined {
  if (!registry || registry.size === 0 || !doc.apiVersion || !doc.kind) return undefined;
  const group = groupOf(doc.apiVersion);
  if (!registry.knowsGroup(group)) return undefined;
  const found = registry.lookup(doc.apiVersion, doc.kind);
  if (!found) return undefined;
  const version = found.version?.schema ? found.version : servedVersions(found.crd).find((v) => v.schema);
  return version ? { crd: found.crd, version } : undefined;
}

const IMPLICIT_ROOT: Record<string, StructuralSchema> = {
  apiVersion: { type: 'string', description: 'The API group and version of this object.' },
  kind: { type: 'string', description: 'The kind of this object.' },
  metadata: { type: 'object', description: 'Name, namespace, labels and annotations of this object.' },
};

/** The schema at a path (map keys through properties or additionalProperties, numbers through items). */
export function customSchemaAt(kind: CustomKind, path: readonly PathSegment[]): { schema: StructuralSchema; required: boolean } | undefined {
  let s: StructuralSchema | undefined = kind.version.schema;
  let required = false;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (!s) return undefined;
    if (typeof seg === 'number') {
      s = s.items;
      required = false;
    } else if (s.properties && Object.prototype.hasOwnProperty.call(s.properties, seg)) {
      required = s.required?.includes(seg) ?? false;
      s = s.properties[seg];
    } else if (i === 0 && IMPLICIT_ROOT[seg]) {
      required = seg !== 'metadata';
      s = IMPLICIT_ROOT[seg];
    } else if (typeof s.additionalProperties === 'object') {
      s = s.additionalProperties;
      required = false;
    } else return undefined;
  }
  return s ? { schema: s, required } : undefined;
}

function typeLabel(s: StructuralSchema): string {
  if (s['x-kubernetes-int-or-string']) return 'integer | string';
  if (s.type === 'array') return `${s.items ? typeLabel(s.items) : 'any'}[]`;
  if (s.type === 'object' && typeof s.additionalProperties === 'object' && !s.properties) return `map[string]${typeLabel(s.additionalProperties)}`;
  return s.type ?? (s['x-kubernetes-preserve-unknown-fields'] ? 'any' : 'any');
}

function facts(s: StructuralSchema, t: Render): string[] {
  const out: string[] = [];
  if (s.enum) out.push(t(msg('hover.allowed-values', { values: s.enum.map((v) => `\`${String(v)}\``).join(', ') })));
  if (s.default !== undefined) out.push(t(msg('hover.default', { value: `\`${JSON.stringify(s.default)}\`` })));
  const bounds: string[] = [];
  if (s.minimum !== undefined) bounds.push(t(msg('cr.minimum', { value: String(s.minimum) })));
  if (s.maximum !== undefined) bounds.push(t(msg('cr.maximum', { value: String(s.maximum) })));
  if (s.maxLength !== undefined) bounds.push(t(msg('cr.max-length', { count: String(s.maxLength) })));
  if (s.pattern) bounds.push(t(msg('cr.pattern', { pattern: s.pattern })));
  if (s.format) bounds.push(t(msg('cr.format', { format: s.format })));
  if (bounds.length) out.push(bounds.join(', '));
  if (s['x-kubernetes-preserve-unknown-fields']) out.push(t(msg('cr.preserve-unknown')));
  if (s['x-kubernetes-embedded-resource']) out.push(t(msg('cr.embedded')));
  // The rule and its message are the CRD author's words.
  for (const r of s['x-kubernetes-validations'] ?? []) out.push(t(msg('cr.rule', { rule: r.rule })) + (r.message ? ` — ${r.message}` : ''));
  return out;
}

function pathText(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? '[]' : out ? `.${seg}` : seg;
  return out;
}

/** Field and value completions inside a custom resource; undefined when the document is not one. */
export function customResourceCompletions(ctx: CursorContext, registry: CustomResourceRegistry | undefined, t: Render = english): CompletionItem[] | undefined {
  const kind = customKindOf(ctx.doc, registry);
  if (!kind) return undefined;
  if (ctx.path.length === 1 && (ctx.path[0] === 'kind' || ctx.path[0] === 'apiVersion') && ctx.mode === 'value') return undefined;
  const at = customSchemaAt(kind, ctx.path);
  if (!at) return [];
  const s = at.schema;
  if (ctx.mode === 'key') {
    const props = ctx.path.length === 0 ? { ...IMPLICIT_ROOT, ...(s.properties ?? {}) } : (s.type === 'array' ? s.items?.properties : s.properties) ?? {};
    const required = new Set(ctx.path.length === 0 ? ['apiVersion', 'kind', ...(s.required ?? [])] : (s.type === 'array' ? s.items?.required : s.required) ?? []);
    const out: CompletionItem[] = [];
    let order = 0;
    for (const name of Object.keys(props)) {
      if (ctx.existingKeys.has(name)) continue;
      const field = props[name];
      const nested = field.type === 'object' || field.type === 'array';
      const newText = ctx.keyHasColon ? name : ctx.flow ? `${name}: ` : nested ? `${name}:\n${' '.repeat(ctx.keyCol + 2)}${field.type === 'array' ? '- ' : ''}` : `${name}: `;
      out.push({
        label: name,
        kind: nested ? CompletionItemKind.Module : CompletionItemKind.Field,
        detail: required.has(name) ? t(msg('completion.required', { type: typeLabel(field) })) : typeLabel(field),
        documentation: { kind: 'markdown', value: [`\`${pathText([...ctx.path, name])}\` · ${kind.crd.group}/${kind.version.name} ${kind.crd.names.kind}`, field.description ?? '', ...facts(field, t)].filter(Boolean).join('\n\n') },
        sortText: `${required.has(name) ? 0 : 1}${String(order++).padStart(4, '0')}`,
        filterText: name,
        insertTextFormat: InsertTextFormat.PlainText,
        insertTextMode: InsertTextMode.asIs,
        textEdit: { range: ctx.replace, newText },
        ...(field.enum || (!nested && !ctx.keyHasColon) ? { command: TRIGGER_SUGGEST } : {}),
      });
    }
    return out;
  }
  const values: { v: string; detail: string; preselect: boolean }[] = [];
  if (s.enum) for (const v of s.enum) values.push({ v: String(v), detail: t(msg(s.default === v ? 'completion.default' : 'completion.allowed-value')), preselect: s.default === v });
  else if (s.type === 'boolean') for (const v of ['true', 'false']) values.push({ v, detail: t(msg('completion.boolean')), preselect: String(s.default) === v });
  else if (s.default !== undefined && typeof s.default !== 'object') values.push({ v: String(s.default), detail: t(msg('completion.default')), preselect: true });
  return values.map((x, i) => ({
    label: x.v,
    kind: CompletionItemKind.Value,
    detail: x.detail,
    sortText: String(i).padStart(4, '0'),
    filterText: x.v,
    preselect: x.preselect || undefined,
    insertTextFormat: InsertTextFormat.PlainText,
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range: ctx.replace, newText: `${ctx.needsSpace ? ' ' : ''}${x.v}` },
  }));
}

/** Hover on a custom resource's field: path, type, required, the CRD's description and constraints. */
export function customResourceHover(file: YamlFile, position: Position, registry: CustomResourceRegistry | undefined, t: Render = english): Hover | undefined {
  const at = pathAtPosition(file, position);
  if (!at || at.path.length === 0) return undefined;
  const kind = customKindOf(at.doc, registry);
  if (!kind) return undefined;
  if (at.path.length === 1 && at.path[0] === 'kind') {
    const c = kind.crd;
    const text = [
      `**${c.names.kind}** · \`${c.group}/${kind.version.name}\` · ${t(msg(c.fromCatalog ? 'cr.from-catalog' : c.scope === 'Cluster' ? 'hover.cluster-scoped' : 'hover.namespaced'))}`,
      kind.version.schema?.description ?? '',
      c.fromCatalog
        ? ''
        : t(msg(c.names.shortNames.length ? 'cr.resource-short' : 'cr.resource', { plural: `\`${c.names.plural}\``, short: c.names.shortNames.map((n) => `\`${n}\``).join(', '), versions: servedVersions(c).map((v) => `\`${v.name}\``).join(', ') })),
      t(msg('cr.defined-by', { source: `\`${c.source.replace(/^file:\/\//, '')}\`` })),
    ];
    return { contents: { kind: 'markdown', value: text.filter(Boolean).join('\n\n') }, range: at.range };
  }
  const field = customSchemaAt(kind, at.path);
  if (!field) return undefined;
  const head = [`\`${pathText(at.path)}\``, `\`${typeLabel(field.schema)}\``];
  if (typeof at.path[at.path.length - 1] === 'string') head.push(t(msg(field.required ? 'hover.required' : 'hover.optional')));
  const sections = [head.join(' · '), field.schema.description ?? '', ...facts(field.schema, t)].filter(Boolean);
  return { contents: { kind: 'markdown', value: sections.join('\n\n') }, range: at.range };
}
