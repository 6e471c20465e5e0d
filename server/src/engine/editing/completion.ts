import { msg, renderMessage, type MessageRef } from '../messages';
import { customResourceCompletions } from './customResources';
import type { CustomResourceRegistry } from '../../api/crd/registry';
import type { Position, TextEdit } from '../findings';
import { DEFINITIONS, KINDS, creatableKinds, deref, lookupKind, refName, versionsOfKind, type JsonSchema, type KindEntry } from '../schema/registry';
import type { WorkspaceIndex } from '../workspace/index';
import { asRecord, valueAt } from '../workspace/podTemplate';
import type { PathSegment, YamlFile } from '../yaml/documents';
import { cursorContext, type CursorContext } from './cursor';
import { eolOf } from './lines';
import { fieldAt, fieldPathText, isIntOrString, isQuantity, kindEntryOf, orderedFields, referenceUrl, shapeOf, shortName, topLevelScalar, typeLabel } from './schemaInfo';
import { SKELETONS } from './skeletons';
import { CompletionItemKind, InsertTextFormat, InsertTextMode, TRIGGER_SUGGEST, type CompletionItem, type CompletionList } from './types';
import { isNamespaced, referableNames, referenceTarget, inSelector, inTemplateLabels, namespaceOf, selectorLabelCandidates, templateLabelCandidates, type LabelCandidate } from './workspaceFacts';

/** What the editor features know about container images (the simulator's catalog). */
export interface ImageCatalog {
  /** Known image names (repository without tag) with the tags the simulator knows. */
  images(): { name: string; tags: string[]; summary?: string }[];
  describe(image: string): { known: boolean; summary: string; tags?: string[] };
}

export interface EditingEnv {
  index?: WorkspaceIndex;
  images?: ImageCatalog;
  /** The CRDs custom resources are completed and explained from. */
  crds?: CustomResourceRegistry;
  /** Renders our own texts (hovers) in the client's language; English when absent. */
  render?: (ref: MessageRef) => string;
}

/** The cursor, with the renderer of our texts (item details and documentation) in the client's language. */
type Ctx = CursorContext & { t: (ref: MessageRef) => string };

export function completions(file: YamlFile, position: Position, env: EditingEnv = {}): CompletionList {
  const at = cursorContext(file, position);
  if (!at) return { isIncomplete: false, items: [] };
  const ctx: Ctx = { ...at, t: env.render ?? ((ref) => renderMessage(ref)) };
  const custom = customResourceCompletions(ctx, env.crds, ctx.t);
  if (custom) return { isIncomplete: false, items: custom };
  const items = ctx.mode === 'key' ? keyCompletions(ctx, env) : valueCompletions(ctx, env);
  return { isIncomplete: false, items };
}

// ---------------------------------------------------------------------------
// Keys

function keyCompletions(ctx: Ctx, env: EditingEnv): CompletionItem[] {
  const entry = kindEntryOf(ctx.doc);
  const out: CompletionItem[] = [];
  if (ctx.path.length === 0) {
    if (!entry && ctx.keyCol === 0 && !ctx.flow && ![...ctx.existingKeys].some((k) => k !== 'apiVersion' && k !== 'kind')) {
      if (ctx.existingKeys.size === 0) out.push(...skeletonItems(ctx));
    }
    if (!entry) {
      // Another kind of YAML (a CI workflow, a Helm values file): stay out of its way.
      if (!ctx.existingKeys.has('apiVersion') && [...ctx.existingKeys].some((k) => !['kind', 'metadata'].includes(k))) return [];
      // No (valid) kind yet: the two keys every manifest starts with.
      for (const [i, key] of ['apiVersion', 'kind'].entries()) {
        if (ctx.existingKeys.has(key)) continue;
        out.push(fieldItem(ctx, key, { type: 'string' }, true, i, undefined, undefined, true));
      }
      if (!ctx.existingKeys.has('metadata')) {
        out.push(fieldItem(ctx, 'metadata', { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }, true, 2, undefined, undefined));
      }
      return out;
    }
  }
  if (!entry) return out;
  const here = ctx.path.length === 0 ? { resolved: DEFINITIONS[entry.definition], schema: { $ref: `#/definitions/${entry.definition}` } as JsonSchema } : fieldAt(entry.definition, ctx.path);
  if (!here) return out;
  const shape = shapeOf(here.schema);
  const last = ctx.path[ctx.path.length - 1];
  if (typeof last === 'number' && shape !== 'object') {
    // A scalar sequence item (`args:\n  - |`): values, not keys.
    return valueCompletions({ ...ctx, mode: 'value' }, env);
  }
  if (shape === 'map' && (last === 'requests' || last === 'limits') && ctx.path[ctx.path.length - 2] === 'resources') {
    return RESOURCE_KEYS.filter(([k]) => !ctx.existingKeys.has(k)).map(([k, v], i) => ({
      ...valueItem(ctx, k, ctx.t(msg('completion.quantity-example', { example: v })), i, i === 0, CompletionItemKind.Property),
      textEdit: { range: ctx.replace, newText: ctx.keyHasColon || ctx.flow ? (ctx.flow ? `${k}: ` : k) : `${k}: ` },
      command: ctx.keyHasColon ? undefined : TRIGGER_SUGGEST,
    }));
  }
  if (shape === 'map') return labelKeyItems(ctx, env, entry);
  if (shape === 'array-object' && !ctx.flow && !ctx.keyHasColon) {
    // Under `ports:` without a dash yet: the item's fields, each starting a new `- ` item.
    const itemSchema = here.resolved.items!;
    const item = deref(itemSchema)!;
    const itemCtx = { ...ctx, path: [...ctx.path, 0], existingKeys: new Set<string>() };
    let order = 0;
    for (const f of orderedFields(item, false)) out.push(fieldItem(itemCtx, f.name, item.properties![f.name], f.required, order++, entry, refName(itemSchema), false, '- '));
    return out;
  }
  if (shape !== 'object') return out;
  const owner = refName(here.schema) ?? (ctx.path.length === 0 ? entry.definition : undefined);
  const fields = orderedFields(here.resolved, ctx.path.length === 0);
  let order = 0;
  for (const f of fields) {
    if (ctx.existingKeys.has(f.name)) continue;
    const schema = here.resolved.properties![f.name];
    out.push(fieldItem(ctx, f.name, schema, f.required, order++, entry, owner));
  }
  return out;
}

function fieldItem(
  ctx: Ctx,
  name: string,
  schema: JsonSchema,
  required: boolean,
  order: number,
  entry: KindEntry | undefined,
  owner: string | undefined,
  reopen = false,
  dash = '',
): CompletionItem {
  const eol = eolOf(ctx.doc.text);
  let newText: string;
  let format: number = InsertTextFormat.Snippet;
  let command = reopen ? TRIGGER_SUGGEST : undefined;
  if (ctx.keyHasColon) {
    newText = dash + yamlKey(name);
    format = InsertTextFormat.PlainText;
  } else if (ctx.flow) {
    newText = `${dash}${yamlKey(name)}: `;
    format = InsertTextFormat.PlainText;
  } else {
    const built = new SnippetBuilder(ctx, eol, entry?.kind).field(name, schema, ctx.keyCol, [...ctx.path, name], owner, dash);
    newText = built;
    const shape = shapeOf(schema);
    if (!newText.includes('${') && /\$1$/.test(newText) && (shape === 'map' || isEnumLike(schema) || ctx.path.length === 0)) command = TRIGGER_SUGGEST;
    if (name === 'kind' && ctx.path.length === 0) command = TRIGGER_SUGGEST;
  }
  const path = [...ctx.path, name];
  const link = referenceUrl(entry, owner);
  return {
    label: name,
    kind: shapeOf(schema) === 'scalar' ? CompletionItemKind.Field : CompletionItemKind.Module,
    detail: required ? ctx.t(msg('completion.required', { type: typeLabel(schema) })) : typeLabel(schema),
    documentation: { kind: 'markdown', value: `\`${fieldPathText(path)}\`${defaultsLine(ctx, schema)}\n\n[${ctx.t(msg('hover.api-reference'))}](${link})` },
    sortText: `${required ? 0 : 1}${String(order).padStart(4, '0')}`,
    filterText: name,
    insertTextFormat: format,
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range: ctx.replace, newText },
    ...(command ? { command } : {}),
  };
}

function defaultsLine(ctx: Ctx, schema: JsonSchema): string {
  const s = deref(schema);
  const parts: string[] = [];
  if (s?.enum) parts.push(ctx.t(msg('completion.one-of', { values: s.enum.map((v) => `\`${v}\``).join(', ') })));
  if (s?.default !== undefined) parts.push(ctx.t(msg('completion.default-is', { value: `\`${JSON.stringify(s.default)}\`` })));
  return parts.length ? ` — ${parts.join('; ')}` : '';
}

function isEnumLike(schema: JsonSchema): boolean {
  const s = deref(schema);
  return !!s && (!!s.enum || s.type === 'boolean');
}

export function yamlKey(name: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(name) && !/^[-?]/.test(name) ? name : JSON.stringify(name);
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/** Children worth pre-filling besides the required ones, by declaring type. */
const PREFILL: Record<string, string[]> = {
  Container: ['name', 'image'],
  EphemeralContainer: ['name', 'image'],
  LabelSelector: ['matchLabels'],
  PodTemplateSpec: ['metadata', 'spec'],
  ServicePort: ['port', 'targetPort'],
  EnvVar: ['name', 'value'],
  VolumeMount: ['name', 'mountPath'],
  ContainerPort: ['containerPort'],
  JobTemplateSpec: ['spec'],
  HTTPGetAction: ['path', 'port'],
  Probe: ['httpGet'],
  ObjectMeta: ['name'],
  ResourceRequirements: ['requests', 'limits'],
};

/** Keys of `resources.requests` / `resources.limits` (a map of quantities) with example values. */
const RESOURCE_KEYS: [string, string][] = [['cpu', '100m'], ['memory', '128Mi'], ['ephemeral-storage', '1Gi']];
/** Overrides by `Type.field` where the field's own type would pick the wrong children. */
const PREFILL_AT: Record<string, string[]> = {
  'PodTemplateSpec.metadata': ['labels'],
  'JobTemplateSpec.spec': ['template'],
  'JobTemplateSpec.metadata': [],
};
const MAX_DEPTH = 5;

/** Builds the inserted text for a field: `:` plus the shape of its value at the right indentation. */
class SnippetBuilder {
  private tab = 1;
  private appTab: number | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly eol: string,
    private readonly kind: string | undefined,
  ) {}

  private next(): number {
    return this.tab++;
  }

  field(name: string, schema: JsonSchema, col: number, path: PathSegment[], owner: string | undefined, dash = ''): string {
    const depth = path.length - this.ctx.path.length - 1;
    const key = dash + escapeSnippet(yamlKey(name));
    if (dash) col += dash.length;
    const s = deref(schema);
    const shape = shapeOf(schema);
    const pad = (n: number) => ' '.repeat(n);
    const nl = (n: number) => this.eol + pad(n);
    switch (shape) {
      case 'object': {
        const kids = this.children(schema, owner, name, depth);
        if (kids.length === 0) return `${key}:${nl(col + 2)}$${this.next()}`;
        const ownerName = refName(schema);
        return `${key}:` + kids.map((k) => nl(col + 2) + this.field(k, s!.properties![k], col + 2, [...path, k], ownerName)).join('');
      }
      case 'map': {
        if (this.isLabelMap(name, owner, path)) return `${key}:${nl(col + 2)}app: ${this.appLabel()}`;
        if (owner && shortName(owner) === 'ResourceRequirements' && (name === 'requests' || name === 'limits')) {
          const keys = name === 'limits' ? RESOURCE_KEYS.slice(1, 2) : RESOURCE_KEYS.slice(0, 2);
          return `${key}:` + keys.map(([k, v]) => `${nl(col + 2)}${k}: \${${this.next()}:${v}}`).join('');
        }
        return `${key}:${nl(col + 2)}$${this.next()}`;
      }
      case 'array-object': {
        const itemSchema = s!.items!;
        const kids = this.children(itemSchema, undefined, name, depth);
        if (kids.length === 0) return `${key}:${nl(col + 2)}- $${this.next()}`;
        const itemOwner = refName(itemSchema);
        const item = deref(itemSchema)!;
        const lines = kids.map((k, i) => (i === 0 ? '' : nl(col + 4)) + this.field(k, item.properties![k], col + 4, [...path, 0, k], itemOwner));
        return `${key}:${nl(col + 2)}- ${lines.join('')}`;
      }
      case 'array-scalar':
        return `${key}:${nl(col + 2)}- $${this.next()}`;
      default:
        return `${key}: ${this.scalar(schema, name)}`;
    }
  }

  private scalar(schema: JsonSchema, name: string): string {
    const s = deref(schema);
    if (s?.enum?.length) {
      const values = [...s.enum.map(String)];
      if (s.default !== undefined) values.sort((a, b) => (a === String(s.default) ? -1 : b === String(s.default) ? 1 : 0));
      return `\${${this.next()}|${values.map((v) => v.replace(/[,|$}\\]/g, (c) => `\\${c}`)).join(',')}|}`;
    }
    if (s?.type === 'boolean') return `\${${this.next()}|${s.default === true ? 'true,false' : 'false,true'}|}`;
    if (s?.default !== undefined && typeof s.default !== 'object') return `\${${this.next()}:${escapeSnippet(String(s.default))}}`;
    if (name === 'name' && this.appTab !== undefined) return `\${${this.next()}:${this.appDefault()}}`;
    return `$${this.next()}`;
  }

  private children(schema: JsonSchema, owner: string | undefined, name: string, depth: number): string[] {
    if (depth >= MAX_DEPTH) return [];
    const s = deref(schema);
    if (!s?.properties) return [];
    const type = refName(schema) ? shortName(refName(schema)!) : undefined;
    const at = owner ? PREFILL_AT[`${shortName(owner)}.${name}`] : undefined;
    const wanted = at ?? [...(s.required ?? []), ...((type && PREFILL[type]) ?? [])];
    return [...new Set(wanted)].filter((k) => k in s.properties!);
  }

  /** Maps whose entries are labels that must agree (selector and template labels). */
  private isLabelMap(name: string, owner: string | undefined, path: PathSegment[]): boolean {
    const o = owner ? shortName(owner) : '';
    return (name === 'matchLabels' && o === 'LabelSelector') || (name === 'labels' && !!this.kind && inTemplateLabels(this.kind, path)) || (name === 'selector' && o === 'ServiceSpec');
  }

  /** One tab stop shared by every `app:` label the snippet writes, so they stay equal. */
  private appLabel(): string {
    if (this.appTab === undefined) this.appTab = this.next();
    return `\${${this.appTab}:${this.appDefault()}}`;
  }

  private appDefault(): string {
    const fromDoc = this.ctx.doc.name ?? (valueAt(this.ctx.doc.value, ['metadata', 'name']) as string | undefined);
    return escapeSnippet(typeof fromDoc === 'string' && fromDoc ? fromDoc : 'app');
  }
}

function skeletonItems(ctx: Ctx): CompletionItem[] {
  const eol = eolOf(ctx.file.text);
  return SKELETONS.map((s, i) => ({
    label: s.label,
    kind: CompletionItemKind.Snippet,
    detail: s.detailId ? ctx.t(msg(s.detailId)) : s.detail,
    documentation: { kind: 'markdown', value: '```yaml\n' + s.body.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1') + '\n```' },
    sortText: `!${String(i).padStart(3, '0')}`,
    filterText: `${s.label} ${s.label.split(' ')[0].toLowerCase()}`,
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range: ctx.replace, newText: s.body.replace(/\n/g, eol) },
  }));
}

// ---------------------------------------------------------------------------
// Values

function valueCompletions(ctx: Ctx, env: EditingEnv): CompletionItem[] {
  const path = ctx.path;
  if (path.length === 1 && path[0] === 'kind') return kindItems(ctx);
  if (path.length === 1 && path[0] === 'apiVersion') return apiVersionItems(ctx);
  const entry = kindEntryOf(ctx.doc);
  if (!entry) return [];
  const field = fieldAt(entry.definition, path);
  const out: CompletionItem[] = [];
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const kind = entry.kind;
  // Labels: the value of a selector or template label.
  if (typeof last === 'string' && (inLabelMap(kind, parentPath))) {
    return labelValueItems(ctx, env, kind, parentPath, last);
  }
  const expr = path.lastIndexOf('matchExpressions');
  if (expr >= 0 && inSelector(kind, path.slice(0, expr))) {
    const within = path.slice(expr + 2);
    if (within.length === 1 && within[0] === 'key') return labelKeyValueItems(ctx, env, kind, path.slice(0, expr), undefined);
    if (within.length === 2 && within[0] === 'values') {
      const key = asRecord(valueAt(ctx.doc.value, path.slice(0, expr + 2)))?.key;
      if (typeof key === 'string') return labelKeyValueItems(ctx, env, kind, path.slice(0, expr), key);
    }
  }
  if (last === 'image' && field && shapeOf(field.schema) === 'scalar') out.push(...imageItems(ctx, env));
  out.push(...referenceNameItems(ctx, env, path));
  if (field) {
    const s = field.resolved;
    // Protocol fields the published schema leaves open still take Kubernetes' Protocol values.
    const values = s.enum ?? (last === 'protocol' && s.type === 'string' ? ['TCP', 'UDP', 'SCTP'] : undefined);
    const dflt = s.enum ? s.default : values ? 'TCP' : undefined;
    if (values) {
      values.forEach((v, i) => out.push(valueItem(ctx, String(v), ctx.t(msg(dflt === v ? 'completion.default' : 'completion.allowed-value')), i, dflt === v)));
    } else if (s.type === 'boolean') {
      ['true', 'false'].forEach((v, i) => out.push(valueItem(ctx, v, ctx.t(msg(s.default !== undefined && String(s.default) === v ? 'completion.default' : 'completion.boolean')), i, String(s.default) === v)));
    } else if (isIntOrString(field.schema)) {
      out.push(...intOrStringItems(ctx, env, path));
    } else if (isQuantity(field.schema)) {
      const examples = path.includes('memory') || last === 'memory' || last === 'storage' ? ['128Mi', '256Mi', '1Gi'] : ['100m', '250m', '500m', '1'];
      examples.forEach((v, i) => out.push(valueItem(ctx, v, ctx.t(msg('completion.quantity')), i, false)));
    } else if (s.default !== undefined && typeof s.default !== 'object') {
      out.push(valueItem(ctx, String(s.default), ctx.t(msg('completion.default')), 0, true));
    }
  }
  return out;
}

function inLabelMap(kind: string, mapPath: PathSegment[]): boolean {
  const last = mapPath[mapPath.length - 1];
  return (inSelector(kind, mapPath) && (last === 'matchLabels' || kind === 'Service' || kind === 'ReplicationController')) || (inTemplateLabels(kind, mapPath) && last === 'labels');
}

function valueItem(ctx: Ctx, value: string, detail: string, order: number, preselect: boolean, kind: number = CompletionItemKind.Value): CompletionItem {
  const text = needsQuotes(value) ? JSON.stringify(value) : value;
  return {
    label: value,
    kind,
    detail,
    sortText: `${preselect ? 0 : 1}${String(order).padStart(4, '0')}`,
    filterText: value,
    ...(preselect ? { preselect: true } : {}),
    insertTextFormat: InsertTextFormat.PlainText,
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range: ctx.replace, newText: (ctx.needsSpace ? ' ' : '') + text },
  };
}

/** Strings YAML 1.1 would read as something else (`on`, `yes`, `1.0`, `null`) or that start with an indicator. */
function needsQuotes(v: string): boolean {
  if (v === '') return true;
  if (/^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/.test(v)) return true;
  if (/^[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:[eE][-+]?\d+)?$/.test(v) && /\d/.test(v)) return false; // numbers stay numbers where asked
  return /^[\s\-?:,[\]{}#&*!|>'"%@`]|: | #|\s$/.test(v);
}

function kindItems(ctx: Ctx): CompletionItem[] {
  const currentApi = ctx.doc.apiVersion ?? topLevelScalar(ctx.doc, 'apiVersion');
  const apiLine = ctx.shapes.find((s) => !s.blank && s.key === 'apiVersion' && s.keyCol === 0 && s.items.length === 0);
  return creatableKinds().map((kind, i) => {
    const versions = versionsOfKind(kind).filter((k) => k.creatable);
    const preferred = versions[0];
    const keep = currentApi && lookupKind(currentApi, kind)?.creatable;
    const edits: TextEdit[] = [];
    if (preferred && !keep) {
      if (apiLine) {
        const start = apiLine.valueCol!;
        edits.push({ range: { start: { line: apiLine.line, character: start }, end: { line: apiLine.line, character: start + apiLine.value!.length } }, newText: (start === apiLine.keyEnd! + 1 ? ' ' : '') + preferred.apiVersion });
      } else {
        const eol = eolOf(ctx.file.text);
        edits.push({ range: { start: { line: ctx.position.line, character: 0 }, end: { line: ctx.position.line, character: 0 } }, newText: `apiVersion: ${preferred.apiVersion}${eol}` });
      }
    }
    const item = valueItem(ctx, kind, keep ? currentApi! : preferred?.apiVersion ?? '', i, false, CompletionItemKind.Class);
    item.documentation = { kind: 'markdown', value: `${kind} (${versions.map((v) => `\`${v.apiVersion}\``).join(', ')})${preferred && !keep ? `\n\n${ctx.t(msg('completion.sets-api-version', { apiVersion: preferred.apiVersion }))}` : ''}\n\n[${ctx.t(msg('hover.api-reference'))}](${referenceUrl(preferred, preferred?.definition)})` };
    if (edits.length) item.additionalTextEdits = edits;
    return item;
  });
}

function apiVersionItems(ctx: Ctx): CompletionItem[] {
  const kind = ctx.doc.kind ?? topLevelScalar(ctx.doc, 'kind');
  const forKind = kind ? versionsOfKind(kind) : [];
  if (forKind.length) return forKind.map((k, i) => valueItem(ctx, k.apiVersion, ctx.t(msg(i === 0 ? 'completion.preferred-for' : 'completion.serves', { kind: kind ?? '' })), i, i === 0, CompletionItemKind.Module));
  const all = [...new Set(KINDS.map((k) => k.apiVersion))].sort((a, b) => apiRank(a) - apiRank(b) || a.localeCompare(b));
  return all.map((v, i) => valueItem(ctx, v, ctx.t(msg('completion.api-group-version')), i, false, CompletionItemKind.Module));
}

function apiRank(v: string): number {
  return v === 'v1' ? 0 : v === 'apps/v1' ? 1 : v === 'batch/v1' ? 2 : v === 'networking.k8s.io/v1' ? 3 : /alpha|beta/.test(v) ? 9 : 5;
}

// ---------------------------------------------------------------------------
// Workspace-aware values

function labelKeyItems(ctx: Ctx, env: EditingEnv, entry: KindEntry): CompletionItem[] {
  const kind = entry.kind;
  if (!inLabelMap(kind, ctx.path)) return [];
  const candidates = labelCandidatesFor(ctx, env, kind, ctx.path);
  // One item per distinct label (`key: value`), best source first.
  const byLabel = new Map<string, LabelCandidate[]>();
  for (const c of candidates) {
    if (ctx.existingKeys.has(c.key)) continue;
    const id = `${c.key}\u0000${c.value}`;
    byLabel.set(id, [...(byLabel.get(id) ?? []), c]);
  }
  const items: CompletionItem[] = [];
  const groups = [...byLabel.values()].map((list) => ({ list, best: Math.min(...list.map((c) => c.rank)) })).sort((a, b) => a.best - b.best);
  groups.forEach(({ list, best }, order) => {
    const { key, value } = list[0];
    const sources = [...new Set(list.map((c) => sourceText(ctx, c.source)))];
    const text = ctx.keyHasColon ? yamlKey(key) : `${yamlKey(key)}: ${value !== '' ? quoteIfNeeded(value) : ''}`;
    items.push({
      label: value !== '' ? `${key}: ${value}` : key,
      kind: CompletionItemKind.Property,
      detail: sources.length > 3 ? ctx.t(msg('list.and-more', { items: sources.slice(0, 3).join(', '), count: String(sources.length - 3) })) : sources.join(', '),
      sortText: `${best}${String(order).padStart(4, '0')}`,
      filterText: key,
      ...(best === 0 && order === 0 ? { preselect: true } : {}),
      insertTextFormat: InsertTextFormat.PlainText,
      insertTextMode: InsertTextMode.asIs,
      textEdit: { range: ctx.replace, newText: text },
      ...(value === '' && !ctx.keyHasColon ? { command: TRIGGER_SUGGEST } : {}),
    });
  });
  return items;
}

function labelCandidatesFor(ctx: Ctx, env: EditingEnv, kind: string, mapPath: PathSegment[]): LabelCandidate[] {
  const ns = namespaceOf(ctx.doc);
  return inSelector(kind, mapPath) ? templateLabelCandidates(env.index, ctx.file.uri, ctx.doc, ns) : selectorLabelCandidates(env.index, ctx.file.uri, ctx.doc, ns);
}

function labelValueItems(ctx: Ctx, env: EditingEnv, kind: string, mapPath: PathSegment[], key: string): CompletionItem[] {
  const candidates = labelCandidatesFor(ctx, env, kind, mapPath).filter((c) => c.key === key && c.value !== '');
  const byValue = new Map<string, LabelCandidate[]>();
  for (const c of candidates) byValue.set(c.value, [...(byValue.get(c.value) ?? []), c]);
  let order = 0;
  return [...byValue].map(([value, list]) => {
    const best = Math.min(...list.map((c) => c.rank));
    const item = valueItem(ctx, value, [...new Set(list.map((c) => sourceText(ctx, c.source)))].slice(0, 3).join(', '), order++, false, CompletionItemKind.EnumMember);
    item.sortText = `${best}${item.sortText}`;
    return item;
  });
}

/** matchExpressions: label keys (key undefined) or the values of one key that pod templates carry. */
function labelKeyValueItems(ctx: Ctx, env: EditingEnv, kind: string, selectorPath: PathSegment[], key: string | undefined): CompletionItem[] {
  const candidates = labelCandidatesFor(ctx, env, kind, [...selectorPath, 'matchLabels']);
  const seen = new Map<string, string[]>();
  for (const c of candidates) {
    const v = key === undefined ? c.key : c.key === key ? c.value : undefined;
    if (v === undefined || v === '') continue;
    seen.set(v, [...(seen.get(v) ?? []), sourceText(ctx, c.source)]);
  }
  return [...seen].map(([v, sources], i) => valueItem(ctx, v, [...new Set(sources)].slice(0, 3).join(', '), i, false, CompletionItemKind.EnumMember));
}

function sourceText(ctx: Ctx, source: string | MessageRef): string {
  return typeof source === 'string' ? source : ctx.t(source);
}

function quoteIfNeeded(v: string): string {
  return needsQuotes(v) || /^[-+]?\d/.test(v) || /^(true|false)$/i.test(v) ? JSON.stringify(v) : v;
}

function imageItems(ctx: Ctx, env: EditingEnv): CompletionItem[] {
  const catalog = env.images;
  if (!catalog) return [];
  const out: CompletionItem[] = [];
  const colon = ctx.prefix.lastIndexOf(':');
  let order = 0;
  // After `name:` only the tags of that image (each replacing the whole value); a name the catalog
  // does not know has no tags to offer (a registry's `host:port/` is not a tag either).
  if (colon >= 0) {
    const name = ctx.prefix.slice(0, colon);
    const img = catalog.images().find((i) => i.name === name);
    return (img?.tags ?? []).map((t) => valueItem(ctx, `${img!.name}:${t}`, img!.summary ?? ctx.t(msg('completion.known-image')), order++, false, CompletionItemKind.Constant));
  }
  for (const img of catalog.images()) {
    const tags = img.tags.length ? img.tags : [];
    const value = tags.length ? `${img.name}:${tags[0]}` : img.name;
    const item = valueItem(ctx, value, img.summary ?? ctx.t(msg('completion.known-image')), order++, false, CompletionItemKind.Constant);
    if (tags.length > 1) item.documentation = { kind: 'markdown', value: ctx.t(msg('completion.known-tags', { tags: tags.map((t) => `\`${t}\``).join(', ') })) };
    out.push(item);
  }
  return out;
}

function referenceNameItems(ctx: Ctx, env: EditingEnv, path: PathSegment[]): CompletionItem[] {
  const index = env.index;
  if (!index) return [];
  const ns = namespaceOf(ctx.doc);
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  // configMapKeyRef.key / secretKeyRef.key: keys of the object its `name` names
  if (last === 'key' && (parent === 'configMapKeyRef' || parent === 'secretKeyRef')) {
    const name = asRecord(valueAt(ctx.doc.value, path.slice(0, -1)))?.name;
    if (typeof name !== 'string') return [];
    const target = index.lookup(parent === 'configMapKeyRef' ? 'ConfigMap' : 'Secret', ns, name)[0];
    const data = { ...(asRecord(valueAt(target?.doc.value, ['data'])) ?? {}), ...(asRecord(valueAt(target?.doc.value, ['stringData'])) ?? {}), ...(asRecord(valueAt(target?.doc.value, ['binaryData'])) ?? {}) };
    return Object.keys(data).map((k, i) => valueItem(ctx, k, ctx.t(msg('completion.key-of', { kind: parent === 'configMapKeyRef' ? 'ConfigMap' : 'Secret', name })), i, false, CompletionItemKind.Reference));
  }
  const kind = referenceTarget(ctx.doc.value, ctx.doc.kind ?? '', path);
  if (!kind) return [];
  const where = isNamespaced(kind) ? ctx.t(msg('completion.in-namespace', { kind, namespace: ns })) : kind;
  return referableNames(index, kind, ns).map((n, i) => valueItem(ctx, n, where, i, false, CompletionItemKind.Reference));
}

function intOrStringItems(ctx: Ctx, env: EditingEnv, path: PathSegment[]): CompletionItem[] {
  const last = path[path.length - 1];
  const kind = ctx.doc.kind;
  const out: CompletionItem[] = [];
  if (last === 'targetPort' && kind === 'Service' && env.index) {
    // The ports the selected pods declare, by number and by name.
    const sel = asRecord(valueAt(ctx.doc.value, ['spec', 'selector']));
    const ns = namespaceOf(ctx.doc);
    const seen = new Set<string>();
    for (const o of env.index.podTemplatesIn(ns)) {
      const t = o.podTemplate;
      if (!t || !sel || !Object.entries(sel).every(([k, v]) => t.labels[k] === String(v))) continue;
      for (const c of t.containers) {
        for (const p of c.ports) {
          for (const v of [p.name, p.containerPort !== undefined ? String(p.containerPort) : undefined]) {
            if (!v || seen.has(v)) continue;
            seen.add(v);
            out.push(valueItem(ctx, v, ctx.t(msg('completion.port-of', { container: c.name, object: `${o.kind} ${o.name ?? ''}` })), out.length, out.length === 0, CompletionItemKind.Reference));
          }
        }
      }
    }
    return out;
  }
  if (last === 'maxSurge' || last === 'maxUnavailable') {
    ['25%', '1', '0'].forEach((v, i) => out.push(valueItem(ctx, v, ctx.t(msg(i === 0 ? 'completion.surge-default' : 'completion.pod-count')), i, i === 0)));
    return out;
  }
  if (last === 'port' && path.includes('httpGet')) {
    // Probes: the container's own declared ports
    const container = asRecord(valueAt(ctx.doc.value, path.slice(0, path.indexOf('livenessProbe') > 0 ? path.indexOf('livenessProbe') : path.findIndex((p) => typeof p === 'string' && /Probe$/.test(p)))));
    for (const p of (container?.ports as unknown[]) ?? []) {
      const pr = asRecord(p);
      for (const v of [pr?.name, pr?.containerPort]) if (v !== undefined) out.push(valueItem(ctx, String(v), ctx.t(msg('completion.declared-port')), out.length, out.length === 0, CompletionItemKind.Reference));
    }
  }
  return out;
}

/** For clients without snippet support: placeholders become their default text, tab stops vanish. */
export function snippetToPlainText(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|((?:\\.|[^,|\\])*)(?:,(?:\\.|[^|\\])*)*\|\}/g, '$1')
    .replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\,|])/g, '$1');
}

/** The same list for a client that cannot expand snippets. */
export function withoutSnippets(list: CompletionList): CompletionList {
  return {
    ...list,
    items: list.items.map((it) =>
      it.insertTextFormat === InsertTextFormat.Snippet
        ? { ...it, insertTextFormat: InsertTextFormat.PlainText, textEdit: { ...it.textEdit, newText: snippetToPlainText(it.textEdit.newText) } }
        : it,
    ),
  };
}
