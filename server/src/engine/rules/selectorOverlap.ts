import type { Finding } from '../findings';
import { msg, type MessageRef } from '../messages';
import { recordIndexReads, replayIndexReads, type IndexedObject, type IndexReads, type WorkspaceIndex } from '../workspace/index';
import { CONTROLLER_KINDS } from '../workspace/podTemplate';
import type { Rule, RuleContext } from './index';
import { isEmptySelector, renderSelector, selectorMatches } from './labels';
import { finding, relatedAt } from './ruleSupport';

function where(o: IndexedObject): string {
  return `${o.kind} "${o.name ?? '?'}"`;
}

interface Overlaps {
  self: IndexedObject;
  others: Map<IndexedObject, MessageRef>;
}

/**
 * Both rules below need the same overlaps, one right after the other (they are adjacent in the
 * catalog): the last answer is kept for its object and state of the index.
 */
let last: { self: IndexedObject; index: WorkspaceIndex; version: number; result: Overlaps | undefined; reads: IndexReads } | undefined;

function overlaps(ctx: RuleContext): Overlaps | undefined {
  const self = ctx.index.objectFor(ctx.file, ctx.doc);
  if (!self?.podTemplate || !self.selector || !CONTROLLER_KINDS.has(self.kind)) return undefined;
  if (last && last.self === self && last.index === ctx.index && last.version === ctx.index.version) {
    replayIndexReads(last.reads);
    return last.result;
  }
  const { result, reads } = recordIndexReads(() => computeOverlaps(ctx, self));
  last = { self, index: ctx.index, version: ctx.index.version, result, reads };
  return result;
}

/** Other controllers in the namespace whose pods this one selects, or that select this one's pods. */
function computeOverlaps(ctx: RuleContext, self: IndexedObject): Overlaps | undefined {
  if (!self.podTemplate || !self.selector || !CONTROLLER_KINDS.has(self.kind)) return undefined;
  const sel = self.selector;
  if (sel.templated || sel.invalid || isEmptySelector(sel)) return undefined;
  const ns = self.namespace;
  const others = new Map<IndexedObject, MessageRef>();
  const seen = new Set<string>();
  const add = (o: IndexedObject, why: MessageRef) => {
    // The same object defined in several files is reported once.
    const key = `${o.kind}/${o.name}/${o.uri === self.uri}`;
    if (seen.has(key)) return;
    seen.add(key);
    others.set(o, why);
  };
  for (const o of ctx.index.candidateTemplates(ns, sel)) {
    if (!isOtherController(self, o)) continue;
    if (selectorMatches(sel, o.podTemplate!.labels, o.podTemplate!.labelsTemplated) === true) add(o, msg('selector-overlap.selects-theirs', { selector: renderSelector(sel), object: where(o), namespace: ns }));
  }
  for (const o of ctx.index.candidateControllers(ns, self.podTemplate.labels)) {
    if (others.has(o) || !isOtherController(self, o) || !o.selector || isEmptySelector(o.selector)) continue;
    if (selectorMatches(o.selector, self.podTemplate.labels, self.podTemplate.labelsTemplated) === true) add(o, msg('selector-overlap.selected-by', { selector: renderSelector(o.selector), object: where(o), namespace: ns }));
  }
  return { self, others };
}

function report(rule: Rule, ctx: RuleContext, others: [IndexedObject, MessageRef][], file: (o: IndexedObject) => string | MessageRef): Finding[] {
  return others.map(([o, why]) =>
    finding(rule, ctx, ['spec', 'selector'], { id: why.id, args: { ...why.args, file: file(o) } }, {
      prefer: 'key',
      related: [relatedAt(o, ['spec', 'selector'], msg('related.selector', { object: where(o) }))],
    }),
  );
}

/**
 * Two pod controllers in one file where one's selector matches the other's pods: both claim
 * the same pods (Services route to both, orphans get adopted by either). Reported on both.
 */
export const selectorOverlap: Rule = {
  id: 'selector-overlap',
  defaultSeverity: 'warning',
  description: 'Two controllers in the same file and namespace select the same pods.',
  check(ctx) {
    const r = overlaps(ctx);
    if (!r) return [];
    return report(selectorOverlap, ctx, [...r.others].filter(([o]) => o.uri === r.self.uri), () => '');
  },
};

/**
 * The same across files of one folder (what `kubectl apply -f <folder>` applies together).
 * Information only: folders often hold alternative versions of one app.
 */
export const selectorOverlapAcrossFiles: Rule = {
  id: 'selector-overlap-across-files',
  defaultSeverity: 'information',
  description: 'A controller in another file of the same folder and namespace selects the same pods.',
  check(ctx) {
    const r = overlaps(ctx);
    if (!r) return [];
    const sameDir = [...r.others].filter(([o]) => o.uri !== r.self.uri && o.dir === r.self.dir);
    return report(selectorOverlapAcrossFiles, ctx, sameDir, (o) => msg('selector-overlap.in-file', { file: o.uri.slice(o.uri.lastIndexOf('/') + 1) }));
  },
};

function isOtherController(self: IndexedObject, o: IndexedObject): boolean {
  if (o === self || !CONTROLLER_KINDS.has(o.kind)) return false;
  // The same object defined twice is a duplicate (reported by duplicate-object), not an overlap.
  if (o.kind === self.kind && o.name === self.name) return false;
  return true;
}
