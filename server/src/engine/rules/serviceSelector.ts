import type { Finding, Fix } from '../findings';
import { msg, type MessageRef, fixTitle } from '../messages';
import { recordIndexReads, replayIndexReads, type IndexedObject, type IndexReads, type WorkspaceIndex } from '../workspace/index';
import { asRecord, templateLabelsPath, valueAt } from '../workspace/podTemplate';
import type { Rule, RuleContext } from './index';
import { selectorFromMap, selectorMatches, type Selector } from './labels';
import { closeTemplates, closenessHint } from './selectorNearMiss';
import { finding, rangeAt, relatedAt, replaceValueEdit, yamlString } from './ruleSupport';

export interface ServiceTargets {
  selector: Selector;
  matched: readonly IndexedObject[];
  unknown: boolean;
}

/** Two rules ask for the same Service's targets: computed once per parsed value and state of the index. */
const targetsMemo = new WeakMap<object, { index: WorkspaceIndex; version: number; result: ServiceTargets | undefined; reads: IndexReads }>();

/** The pod templates in the Service's namespace that its selector matches (unknown counts as a match). */
export function serviceTargets(ctx: RuleContext): ServiceTargets | undefined {
  if (ctx.doc.kind !== 'Service') return undefined;
  const value = ctx.doc.value as object;
  const m = targetsMemo.get(value);
  if (m && m.index === ctx.index && m.version === ctx.index.version) {
    // What it read counts for the document asking now too (see check.ts, workspace findings).
    replayIndexReads(m.reads);
    return m.result;
  }
  const { result, reads } = recordIndexReads(() => computeServiceTargets(ctx));
  targetsMemo.set(value, { index: ctx.index, version: ctx.index.version, result, reads });
  return result;
}

function computeServiceTargets(ctx: RuleContext): ServiceTargets | undefined {
  const spec = asRecord(valueAt(ctx.doc.value, ['spec']));
  if (!spec || spec.type === 'ExternalName') return undefined;
  const selector = selectorFromMap(spec.selector);
  if (!selector || selector.requirements.length === 0 || selector.templated) return undefined;
  const ns = ctx.doc.namespace ?? 'default';
  const matched: IndexedObject[] = [];
  let unknown = false;
  for (const o of ctx.index.candidateTemplates(ns, selector)) {
    const m = selectorMatches(selector, o.podTemplate!.labels, o.podTemplate!.labelsTemplated);
    if (m === true) matched.push(o);
    else if (m === undefined) unknown = true;
  }
  return { selector, matched, unknown };
}

/** A Service whose selector matches no pod template in its namespace routes traffic nowhere. */
export const serviceSelectsNothing: Rule = {
  id: 'service-selects-nothing',
  defaultSeverity: 'warning',
  description: 'A Service selector matches no pod template in the workspace (same namespace).',
  check(ctx) {
    const t = serviceTargets(ctx);
    if (!t || t.matched.length > 0 || t.unknown) return [];
    const k = ctx.index.kustomizeFor(ctx.file.uri);
    // Kustomize may add labels or rename things: what the files say is not what gets applied.
    if (k && (k.setsLabels || k.setsNames)) return [];
    const ns = ctx.doc.namespace ?? 'default';
    const candidates = ctx.index.podTemplatesIn(ns);
    // No workloads at all in that namespace: they are deployed by other means (Helm, an operator).
    if (candidates.length === 0) return [];
    const { miss, closest } = closeTemplates(t.selector, candidates, ctx.index, ns);
    // Nothing in the workspace even comes close: the pods are deployed by other means (a Helm
    // chart, an operator), so say nothing rather than guess.
    if (!miss && !closest) return [];
    const rendered = t.selector.requirements.map((r) => `${r.key}: ${r.values[0]}`).join(', ');
    let message: string | MessageRef = msg('service-selects-nothing', { selector: rendered, namespace: ns });
    const fixes: Fix[] = [];
    const related: NonNullable<Finding['related']> = [];
    let path: (string | number)[] = ['spec', 'selector'];
    let prefer: 'key' | 'value' = 'key';
    if (miss) {
      const m = miss;
      const labelsPath = templateLabelsPath(m.target.podTemplate!.location);
      path = ['spec', 'selector', m.key];
      if (m.keyTypo) {
        message = msg('service-selects-nothing.key-typo', { selector: rendered, namespace: ns, have: m.have, want: m.want, key: m.key, target: `${m.target.kind} ${m.target.name ?? ''}` });
        prefer = 'key';
        const edit = replaceKeyEdit(ctx, m.key, m.have);
        if (edit) fixes.push({ ...fixTitle(msg('fix.selector-key', { key: m.have })), edits: [edit], preferred: true });
        related.push(relatedAt(m.target, [...labelsPath, m.have], msg('related.labels', { kind: m.target.kind, name: m.target.name ?? '' })));
      } else {
        message = msg('service-selects-nothing.value-typo', { selector: rendered, namespace: ns, have: m.have, want: m.want, key: m.key, target: `${m.target.kind} ${m.target.name ?? ''}` });
        prefer = 'value';
        const edit = replaceValueEdit(ctx, path, yamlString(m.have));
        if (edit) fixes.push({ ...fixTitle(msg('fix.selector-value', { key: m.key, value: m.have })), edits: [edit], preferred: true });
        related.push(relatedAt(m.target, [...labelsPath, m.key], msg('related.labels', { kind: m.target.kind, name: m.target.name ?? '' })));
      }
    } else if (closest) {
      const c = closest;
      message = msg('service-selects-nothing.closest', { selector: rendered, namespace: ns, hint: closenessHint({ closest }) });
      related.push(relatedAt(c.o, templateLabelsPath(c.o.podTemplate!.location), msg('related.template-labels', { kind: c.o.kind, name: c.o.name ?? '' })));
    }
    return [finding(serviceSelectsNothing, ctx, path, message, { prefer, fixes, related })];
  },
};

function replaceKeyEdit(ctx: RuleContext, oldKey: string, newKey: string) {
  return { range: rangeAt(ctx, ['spec', 'selector', oldKey], 'key'), newText: yamlString(newKey) };
}
