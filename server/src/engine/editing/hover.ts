import { msg, renderMessage, type MessageId, type MessageRef } from '../messages';
import { customResourceHover } from './customResources';
import type { Position } from '../findings';
import { DEFINITIONS, deref, lookupKind, versionsOfKind } from '../schema/registry';
import { renderSelector, selectorMatches } from '../rules/labels';
import { valueAt } from '../workspace/podTemplate';
import type { PathSegment, YamlFile } from '../yaml/documents';
import type { EditingEnv } from './completion';
import { pathAtPosition } from './cursor';
import { fieldAt, fieldPathText, kindEntryOf, referenceUrl, typeLabel } from './schemaInfo';
import type { Hover } from './types';
import { isSameDoc, inSelector, inTemplateLabels, namespaceOf, objectTitle, selectorOf, selectorsPicking, templateLabelsOf, templatesSelectedBy } from './workspaceFacts';

/**
 * Hover: what a field is (path, type, required, default, allowed values, reference link), and
 * for selectors, template labels and images what the workspace and the simulator make of them.
 * Facts only: no description prose is copied from the API documentation.
 */
export function hover(file: YamlFile, position: Position, env: EditingEnv = {}): Hover | undefined {
  const t = (id: MessageId, args: MessageRef['args'] = {}) => (env.render ?? renderMessage)(msg(id, args));
  const custom = customResourceHover(file, position, env.crds, env.render);
  if (custom) return custom;
  const at = pathAtPosition(file, position);
  if (!at || at.path.length === 0) return undefined;
  const { doc, path } = at;
  const entry = kindEntryOf(doc);
  const sections: string[] = [];

  if (path.length === 1 && path[0] === 'kind' && at.on === 'value') {
    const kind = doc.kind ?? String(valueAt(doc.value, ['kind']) ?? '');
    const versions = versionsOfKind(kind);
    if (versions.length === 0) return { contents: md(t('hover.not-built-in', { kind })), range: at.range };
    const v = (doc.apiVersion && lookupKind(doc.apiVersion, kind)) || versions[0];
    sections.push(`**${kind}** · \`${v.apiVersion}\` · ${t(v.namespaced ? 'hover.namespaced' : 'hover.cluster-scoped')}`);
    if (versions.length > 1) sections.push(t('hover.served-as', { versions: versions.map((k) => `\`${k.apiVersion}\``).join(', ') }));
    sections.push(`[${t('hover.api-reference-kind', { kind })}](${referenceUrl(v, v.definition)})`);
    return { contents: md(sections.join('\n\n')), range: at.range };
  }
  if (path.length === 1 && path[0] === 'apiVersion' && at.on === 'value') {
    const apiVersion = String(valueAt(doc.value, ['apiVersion']) ?? '');
    const kind = doc.kind ?? String(valueAt(doc.value, ['kind']) ?? '');
    const served = lookupKind(apiVersion, kind);
    const versions = versionsOfKind(kind);
    if (served) sections.push(versions.length > 1 ? t('hover.serves-also', { apiVersion, kind, versions: versions.filter((v) => v !== served).map((v) => `\`${v.apiVersion}\``).join(', ') }) : t('hover.serves', { apiVersion, kind }));
    else if (versions.length) sections.push(t(versions.length > 1 ? 'hover.does-not-serve-many' : 'hover.does-not-serve-one', { apiVersion, kind, versions: versions.map((v) => `\`${v.apiVersion}\``).join(', ') }));
    else sections.push(`\`${apiVersion}\``);
    const ref = served ?? versions[0];
    if (ref) sections.push(`[${t('hover.api-reference-kind', { kind: ref.kind })}](${referenceUrl(ref, ref.definition)})`);
    return { contents: md(sections.join('\n\n')), range: at.range };
  }
  if (!entry) return undefined;

  const field = fieldAt(entry.definition, path);
  if (field) {
    const s = field.resolved;
    const head = [`\`${fieldPathText(path)}\``, `\`${typeLabel(field.schema)}\``];
    if (typeof path[path.length - 1] === 'string') head.push(t(field.required ? 'hover.required' : 'hover.optional'));
    sections.push(head.join(' · '));
    const facts: string[] = [];
    if (s.enum) facts.push(t('hover.allowed-values', { values: s.enum.map((v) => `\`${v}\``).join(', ') }));
    if (s.default !== undefined) facts.push(t('hover.default', { value: `\`${JSON.stringify(s.default)}\`` }));
    if (s.format === 'int-or-string') facts.push(t('hover.int-or-string'));
    if (s.format === 'quantity') facts.push(t('hover.quantity'));
    const req = s.properties ? (s.required ?? []) : deref(s.items)?.required ?? [];
    if (req.length) facts.push(t('hover.requires', { fields: req.map((r) => `\`${r}\``).join(', ') }));
    if (facts.length) sections.push(facts.join('  \n'));
  } else if (!DEFINITIONS[entry.definition]) {
    return undefined;
  } else {
    sections.push(t('hover.not-a-field', { path: fieldPathText(path), kind: entry.kind, apiVersion: entry.apiVersion }));
  }

  const ws = workspaceSection(file, doc, path, env, t);
  if (ws) sections.push(ws);
  const image = imageSection(doc.value, path, env, t);
  if (image) sections.push(image);
  if (field) sections.push(`[${t('hover.api-reference')}](${referenceUrl(entry, field.parentDefinition)})`);
  return { contents: md(sections.join('\n\n')), range: at.range };
}

function md(value: string): Hover['contents'] {
  return { kind: 'markdown', value };
}

type Say = (id: MessageId, args?: MessageRef['args']) => string;

function workspaceSection(file: YamlFile, doc: YamlFile['docs'][number], path: PathSegment[], env: EditingEnv, t: Say): string | undefined {
  const index = env.index;
  const kind = doc.kind;
  if (!index || !kind) return undefined;
  const ns = namespaceOf(doc);
  if (inSelector(kind, path)) {
    const sel = selectorOf(kind, doc.value);
    if (!sel) return undefined;
    const own = templateLabelsOf(kind, doc.value);
    const matched = templatesSelectedBy(index, ns, sel.selector, { uri: file.uri, doc });
    const lines = [t('hover.selector', { selector: renderSelector(sel.selector) || t('hover.selector-empty'), namespace: ns })];
    if (own) lines.push(t(selectorMatches(sel.selector, own) === false ? 'hover.own-template-mismatch' : 'hover.own-template-matches'));
    if (matched.length) for (const o of matched.slice(0, 10)) lines.push(t('hover.matches', { object: objectTitle(o), file: o.uri === file.uri ? t('hover.this-file') : shortUri(o.uri, file.uri) }));
    else if (!own) lines.push(t('hover.matches-none'));
    if (matched.length > 10) lines.push(t('hover.and-more', { count: String(matched.length - 10) }));
    if (own && kind !== 'Service') {
      // Services that send traffic to the pods this controller makes
      const services = selectorsPicking(index, ns, own).filter((p) => p.obj.kind === 'Service');
      for (const p of services.slice(0, 10)) lines.push(t('hover.selected-by-service', { object: objectTitle(p.obj), selector: renderSelector(p.selector) }));
      if (services.length === 0) lines.push(t('hover.no-service'));
    }
    return lines.join('\n');
  }
  if (kind === 'Service' && path.length === 4 && path[0] === 'spec' && path[1] === 'ports' && path[3] === 'targetPort') {
    return targetPortSection(index, doc, ns, path, t);
  }
  if (inTemplateLabels(kind, path)) {
    const labels = templateLabelsOf(kind, doc.value) ?? {};
    const pickers = selectorsPicking(index, ns, labels).sort((a, b) => Number(isSameDoc(b.obj, file.uri, doc)) - Number(isSameDoc(a.obj, file.uri, doc)) || objectTitle(a.obj).localeCompare(objectTitle(b.obj)));
    if (pickers.length === 0) return t('hover.labels-unselected');
    return [t('hover.selected-by'), ...pickers.slice(0, 10).map((p) => `- ${isSameDoc(p.obj, file.uri, doc) ? t('hover.this-kind', { kind }) : objectTitle(p.obj)} (\`${renderSelector(p.selector)}\`)`)].join('\n');
  }
  return undefined;
}

function imageSection(value: unknown, path: PathSegment[], env: EditingEnv, t: Say): string | undefined {
  if (path[path.length - 1] !== 'image' || !env.images) return undefined;
  const image = valueAt(value, path);
  if (typeof image !== 'string' || image === '') return undefined;
  const d = env.images.describe(image);
  const lines = [t('hover.simulator', { summary: d.summary })];
  if (!d.known) lines.push(t('hover.unknown-image'));
  if (d.tags?.length) lines.push(t('hover.known-tags', { tags: d.tags.slice(0, 12).map((tag) => `\`${tag}\``).join(', ') }));
  return lines.join('  \n');
}

function shortUri(uri: string, from: string): string {
  if (uri === from) return 'this file';
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/** Which container port a Service's targetPort reaches in the pods its selector picks. */
function targetPortSection(index: NonNullable<EditingEnv['index']>, doc: YamlFile['docs'][number], ns: string, path: PathSegment[], t: Say): string | undefined {
  const sel = selectorOf('Service', doc.value);
  const target = valueAt(doc.value, path) ?? valueAt(doc.value, [...path.slice(0, -1), 'port']);
  if (!sel || target === undefined) return undefined;
  const pods = templatesSelectedBy(index, ns, sel.selector);
  if (pods.length === 0) return t('hover.no-pod-template');
  const lines: string[] = [];
  for (const o of pods.slice(0, 10)) {
    const hits = o.podTemplate!.containers.flatMap((c) =>
      c.ports.filter((p) => (typeof target === 'number' ? p.containerPort === target : p.name === String(target) || String(p.containerPort) === String(target))).map((p) => t('hover.port-hit', { container: c.name, port: String(p.containerPort ?? '?'), name: p.name ? ` (\`${p.name}\`)` : '' })),
    );
    if (hits.length) lines.push(`- ${objectTitle(o)}: ${hits.join(', ')}`);
    else if (typeof target === 'string' && !/^\d+$/.test(target)) lines.push(t('hover.no-named-port', { object: objectTitle(o), target }));
    else lines.push(t('hover.no-port', { object: objectTitle(o), target: String(target) }));
  }
  return [t('hover.reaches'), ...lines].join('\n');
}
