import type { Finding } from '../findings';
import type { IndexedObject } from '../workspace/index';
import { CONTROLLER_KINDS } from '../workspace/podTemplate';
import type { Rule } from './index';
import { isEmptySelector, renderSelector, selectorMatches } from './labels';
import { finding, relatedAt } from './ruleSupport';

function where(o: IndexedObject): string {
  return `${o.kind} "${o.name ?? '?'}"`;
}

/**
 * Two pod controllers in one namespace where one's selector matches the other's pods: both
 * claim the same pods and keep scaling them up and down. Reported on both controllers.
 */
export const selectorOverlap: Rule = {
  id: 'selector-overlap',
  defaultSeverity: 'warning',
  description: 'Two controllers in the same namespace select the same pods and will fight over them.',
  check(ctx) {
    const self = ctx.index.objectFor(ctx.file, ctx.doc);
    if (!self?.podTemplate || !self.selector || !CONTROLLER_KINDS.has(self.kind)) return [];
    const sel = self.selector;
    if (sel.templated || sel.invalid || isEmptySelector(sel)) return [];
    const ns = self.namespace;
    const others = new Map<IndexedObject, string>();
    for (const o of ctx.index.candidateTemplates(ns, sel)) {
      if (!isOtherController(self, o)) continue;
      if (selectorMatches(sel, o.podTemplate!.labels, o.podTemplate!.labelsTemplated) === true) others.set(o, `this selector (${renderSelector(sel)}) matches the pods of ${where(o)}`);
    }
    for (const o of ctx.index.candidateControllers(ns, self.podTemplate.labels)) {
      if (others.has(o) || !isOtherController(self, o) || !o.selector || isEmptySelector(o.selector)) continue;
      if (selectorMatches(o.selector, self.podTemplate.labels, self.podTemplate.labelsTemplated) === true) others.set(o, `the selector of ${where(o)} (${renderSelector(o.selector)}) matches this template's pods`);
    }
    const out: Finding[] = [];
    for (const [o, why] of others) {
      out.push(
        finding(this, ctx, ['spec', 'selector'], `${why}: both controllers will manage the same pods in namespace "${ns}"; give each a distinguishing label`, {
          prefer: 'key',
          related: [relatedAt(o, ['spec', 'selector'], `${where(o)} selector`)],
        }),
      );
    }
    return out;
  },
};

function isOtherController(self: IndexedObject, o: IndexedObject): boolean {
  if (o === self || !CONTROLLER_KINDS.has(o.kind)) return false;
  // The same object defined twice is a duplicate (reported by duplicate-object), not an overlap.
  if (o.kind === self.kind && o.name === self.name) return false;
  return true;
}
