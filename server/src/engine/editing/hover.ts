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
  const custom = customResourceHover(file, position, env.crds);
  if (custom) return custom;
  const at = pathAtPosition(file, position);
  if (!at || at.path.length === 0) return undefined;
  const { doc, path } = at;
  const entry = kindEntryOf(doc);
  const sections: string[] = [];

  if (path.length === 1 && path[0] === 'kind' && at.on === 'value') {
    const kind = doc.kind ?? String(valueAt(doc.value, ['kind']) ?? '');
    const versions = versionsOfKind(kind);
    if (versions.length === 0) return { contents: md(`**${kind}** is not a built-in kind of Kubernetes 1.36.`), range: at.range };
    const v = (doc.apiVersion && lookupKind(doc.apiVersion, kind)) || versions[0];
    sections.push(`**${kind}** · \`${v.apiVersion}\` · ${v.namespaced ? 'namespaced' : 'cluster-scoped'}`);
    if (versions.length > 1) sections.push(`Served as ${versions.map((k) => `\`${k.apiVersion}\``).join(', ')}`);
    sections.push(`[API reference: ${kind}](${referenceUrl(v, v.definition)})`);
    return { contents: md(sections.join('\n\n')), range: at.range };
  }
  if (path.length === 1 && path[0] === 'apiVersion' && at.on === 'value') {
    const apiVersion = String(valueAt(doc.value, ['apiVersion']) ?? '');
    const kind = doc.kind ?? String(valueAt(doc.value, ['kind']) ?? '');
    const served = lookupKind(apiVersion, kind);
    const versions = versionsOfKind(kind);
    if (served) sections.push(`\`${apiVersion}\` serves **${kind}**${versions.length > 1 ? ` (also ${versions.filter((v) => v !== served).map((v) => `\`${v.apiVersion}\``).join(', ')})` : ''}`);
    else if (versions.length) sections.push(`\`${apiVersion}\` does not serve **${kind}** in Kubernetes 1.36: ${versions.map((v) => `\`${v.apiVersion}\``).join(', ')} ${versions.length > 1 ? 'do' : 'does'}`);
    else sections.push(`\`${apiVersion}\``);
    const ref = served ?? versions[0];
    if (ref) sections.push(`[API reference: ${ref.kind}](${referenceUrl(ref, ref.definition)})`);
    return { contents: md(sections.join('\n\n')), range: at.range };
  }
  if (!entry) return undefined;

  const field = fieldAt(entry.definition, path);
  if (field) {
    const s = field.resolved;
    const head = [`\`${fieldPathText(path)}\``, `\`${typeLabel(field.schema)}\``];
    if (typeof path[path.length - 1] === 'string') head.push(field.required ? 'required' : 'optional');
    sections.push(head.join(' · '));
    const facts: string[] = [];
    if (s.enum) facts.push(`Allowed values: ${s.enum.map((v) => `\`${v}\``).join(', ')}`);
    if (s.default !== undefined) facts.push(`Default: \`${JSON.stringify(s.default)}\``);
    if (s.format === 'int-or-string') facts.push('A number, or a string such as a named port or a percentage');
    if (s.format === 'quantity') facts.push('A quantity such as `500m`, `1`, `128Mi` or `1Gi`');
    const req = s.properties ? (s.required ?? []) : deref(s.items)?.required ?? [];
    if (req.length) facts.push(`Requires: ${req.map((r) => `\`${r}\``).join(', ')}`);
    if (facts.length) sections.push(facts.join('  \n'));
  } else if (!DEFINITIONS[entry.definition]) {
    return undefined;
  } else {
    sections.push(`\`${fieldPathText(path)}\` is not a field of ${entry.kind} (\`${entry.apiVersion}\`).`);
  }

  const ws = workspaceSection(file, doc, path, env);
  if (ws) sections.push(ws);
  const image = imageSection(doc.value, path, env);
  if (image) sections.push(image);
  if (field) sections.push(`[API reference](${referenceUrl(entry, field.parentDefinition)})`);
  return { contents: md(sections.join('\n\n')), range: at.range };
}

function md(value: string): Hover['contents'] {
  return { kind: 'markdown', value };
}

function workspaceSection(file: YamlFile, doc: YamlFile['docs'][number], path: PathSegment[], env: EditingEnv): string | undefined {
  const index = env.index;
  const kind = doc.kind;
  if (!index || !kind) return undefined;
  const ns = namespaceOf(doc);
  if (inSelector(kind, path)) {
    const sel = selectorOf(kind, doc.value);
    if (!sel) return undefined;
    const own = templateLabelsOf(kind, doc.value);
    const matched = templatesSelectedBy(index, ns, sel.selector, { uri: file.uri, doc });
    const lines = [`Selector \`${renderSelector(sel.selector) || '(empty)'}\` in namespace \`${ns}\``];
    if (own) lines.push(`- its own pod template: ${selectorMatches(sel.selector, own) === false ? '**does not match**' : 'matches'}`);
    if (matched.length) for (const o of matched.slice(0, 10)) lines.push(`- matches ${objectTitle(o)} (${shortUri(o.uri, file.uri)})`);
    else if (!own) lines.push('- matches no pod template in the workspace');
    if (matched.length > 10) lines.push(`- and ${matched.length - 10} more`);
    if (own && kind !== 'Service') {
      // Services that send traffic to the pods this controller makes
      const services = selectorsPicking(index, ns, own).filter((p) => p.obj.kind === 'Service');
      for (const p of services.slice(0, 10)) lines.push(`- its pods are selected by ${objectTitle(p.obj)} (\`${renderSelector(p.selector)}\`)`);
      if (services.length === 0) lines.push('- no Service in the workspace selects its pods');
    }
    return lines.join('\n');
  }
  if (kind === 'Service' && path.length === 4 && path[0] === 'spec' && path[1] === 'ports' && path[3] === 'targetPort') {
    return targetPortSection(index, doc, ns, path);
  }
  if (inTemplateLabels(kind, path)) {
    const labels = templateLabelsOf(kind, doc.value) ?? {};
    const pickers = selectorsPicking(index, ns, labels).sort((a, b) => Number(isSameDoc(b.obj, file.uri, doc)) - Number(isSameDoc(a.obj, file.uri, doc)) || objectTitle(a.obj).localeCompare(objectTitle(b.obj)));
    if (pickers.length === 0) return 'No Service or controller in the workspace selects these labels.';
    return ['Selected by:', ...pickers.slice(0, 10).map((p) => `- ${isSameDoc(p.obj, file.uri, doc) ? `this ${kind}` : objectTitle(p.obj)} (\`${renderSelector(p.selector)}\`)`)].join('\n');
  }
  return undefined;
}

function imageSection(value: unknown, path: PathSegment[], env: EditingEnv): string | undefined {
  if (path[path.length - 1] !== 'image' || !env.images) return undefined;
  const image = valueAt(value, path);
  if (typeof image !== 'string' || image === '') return undefined;
  const d = env.images.describe(image);
  const lines = [`**Simulator:** ${d.summary}`];
  if (!d.known) lines.push('Unknown to the simulator\'s image catalog: describe its behaviour in `.kube-rehearsal.yaml` to change these assumptions.');
  if (d.tags?.length) lines.push(`Known tags: ${d.tags.slice(0, 12).map((t) => `\`${t}\``).join(', ')}`);
  return lines.join('  \n');
}

function shortUri(uri: string, from: string): string {
  if (uri === from) return 'this file';
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/** Which container port a Service's targetPort reaches in the pods its selector picks. */
function targetPortSection(index: NonNullable<EditingEnv['index']>, doc: YamlFile['docs'][number], ns: string, path: PathSegment[]): string | undefined {
  const sel = selectorOf('Service', doc.value);
  const target = valueAt(doc.value, path) ?? valueAt(doc.value, [...path.slice(0, -1), 'port']);
  if (!sel || target === undefined) return undefined;
  const pods = templatesSelectedBy(index, ns, sel.selector);
  if (pods.length === 0) return 'The selector picks no pod template in the workspace.';
  const lines: string[] = [];
  for (const o of pods.slice(0, 10)) {
    const hits = o.podTemplate!.containers.flatMap((c) =>
      c.ports.filter((p) => (typeof target === 'number' ? p.containerPort === target : p.name === String(target) || String(p.containerPort) === String(target))).map((p) => `container \`${c.name}\` port ${p.containerPort ?? '?'}${p.name ? ` (\`${p.name}\`)` : ''}`),
    );
    if (hits.length) lines.push(`- ${objectTitle(o)}: ${hits.join(', ')}`);
    else if (typeof target === 'string' && !/^\d+$/.test(target)) lines.push(`- ${objectTitle(o)}: **no container declares a port named \`${target}\`**`);
    else lines.push(`- ${objectTitle(o)}: no container declares port ${target} (traffic still goes there if the process listens)`);
  }
  return ['Reaches:', ...lines].join('\n');
}
