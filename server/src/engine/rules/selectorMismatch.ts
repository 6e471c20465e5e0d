import { fixTitle, msg } from '../messages';
import type { Fix, TextEdit } from '../findings';
import type { PathSegment } from '../yaml/documents';
import { valueAt, asRecord } from '../workspace/podTemplate';
import type { Rule, RuleContext } from './index';
import { explainFailure, failingRequirements, parseLabelSelector, renderLabelMap, selectorFromMap, type Requirement, type Selector } from './labels';
import { finding, relatedAt } from './ruleSupport';
import { deleteMapEntryEdit, setMapEntriesEdits } from './yamlEdits';

/** The controller's selector, evaluated against its own pod template labels, as the API server does on create. */
export const selectorMismatch: Rule = {
  id: 'selector-mismatch',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: "The workload's selector does not match its pod template labels; the API server rejects it.",
  check(ctx) {
    const sel = workloadSelector(ctx);
    const obj = ctx.index.objectFor(ctx.file, ctx.doc);
    if (!sel || !obj?.podTemplate || sel.selector.templated || sel.selector.invalid || sel.selector.requirements.length === 0) return [];
    const tpl = obj.podTemplate;
    if (tpl.labelsTemplated) return [];
    const failing = failingRequirements(sel.selector, tpl.labels);
    if (failing.length === 0) return [];
    const labelsPath: PathSegment[] = [...tpl.location.path, 'metadata', 'labels'];
    const first = failing[0];
    // Point at the template label that differs when there is one, else at the labels map.
    const pointAt: PathSegment[] = Object.prototype.hasOwnProperty.call(tpl.labels, first.key) ? [...labelsPath, first.key] : labelsPath;
    const why = failing.map((r) => explainFailure(r, tpl.labels)).join('; ');
    const message = `spec.template.metadata.labels: Invalid value: ${renderLabelMap(tpl.labels)}: \`selector\` does not match template \`labels\` (${why})`;
    const fixes: Fix[] = [];
    const toSelector = fixSelectorToTemplate(ctx, sel, failing, tpl.labels);
    if (toSelector) fixes.push({ ...fixTitle(msg('fix.selector-to-template')), edits: toSelector });
    const toTemplate = fixTemplateToSelector(ctx, failing, labelsPath);
    if (toTemplate) fixes.push({ ...fixTitle(msg('fix.template-to-selector')), edits: toTemplate, preferred: true });
    return [
      finding(selectorMismatch, ctx, pointAt, message, {
        prefer: pointAt === labelsPath ? 'key' : 'value',
        fixes,
        related: [relatedAt(obj, requirementPath(sel, first), msg('related.selector-requirement'))],
      }),
    ];
  },
};

export interface WorkloadSelector {
  readonly selector: Selector;
  readonly path: readonly PathSegment[];
  readonly isMap: boolean;
}

/** Two or three rules read the same selector of each workload: parsed once per parsed value. */
const selectorMemo = new WeakMap<object, WorkloadSelector | null>();

/** The selector the API server validates against the template, or undefined when there is none to check. */
export function workloadSelector(ctx: RuleContext): WorkloadSelector | undefined {
  const value = ctx.doc.value;
  if (value === null || typeof value !== 'object') return parseWorkloadSelector(ctx);
  let sel = selectorMemo.get(value);
  if (sel === undefined) selectorMemo.set(value, (sel = parseWorkloadSelector(ctx) ?? null));
  return sel ?? undefined;
}

function parseWorkloadSelector(ctx: RuleContext): WorkloadSelector | undefined {
  const kind = ctx.doc.kind;
  const v = ctx.doc.value;
  const path: PathSegment[] = ['spec', 'selector'];
  const raw = valueAt(v, path);
  switch (kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'StatefulSet': {
      const s = parseLabelSelector(raw);
      return s ? { selector: s, path, isMap: false } : undefined;
    }
    case 'Job': {
      // Without manualSelector the Job controller generates the selector (controller-uid).
      if (valueAt(v, ['spec', 'manualSelector']) !== true) return undefined;
      const s = parseLabelSelector(raw);
      return s ? { selector: s, path, isMap: false } : undefined;
    }
    case 'ReplicationController': {
      // An omitted or empty map defaults to the template labels, so it always matches.
      const s = selectorFromMap(raw);
      return s && s.requirements.length > 0 ? { selector: s, path, isMap: true } : undefined;
    }
    default:
      return undefined;
  }
}

function requirementPath(sel: WorkloadSelector, req: Requirement): PathSegment[] {
  if (sel.isMap) return [...sel.path, req.key];
  if (req.expressionIndex !== undefined) return [...sel.path, 'matchExpressions', req.expressionIndex];
  return [...sel.path, 'matchLabels', req.key];
}

/** Rewrite matchLabels entries to the template's values; drop entries the template does not have. */
function fixSelectorToTemplate(ctx: RuleContext, sel: WorkloadSelector, failing: Requirement[], labels: Record<string, string>): TextEdit[] | undefined {
  if (failing.some((r) => r.expressionIndex !== undefined)) return undefined;
  const mapPath = sel.isMap ? sel.path : [...sel.path, 'matchLabels'];
  const replace: [string, string][] = [];
  const edits: TextEdit[] = [];
  let removed = 0;
  for (const r of failing) {
    if (Object.prototype.hasOwnProperty.call(labels, r.key)) replace.push([r.key, labels[r.key]]);
    else {
      const e = deleteMapEntryEdit(ctx, mapPath, r.key);
      if (!e) return undefined;
      edits.push(e);
      removed++;
    }
  }
  // Removing every requirement would leave an empty selector, which is invalid too.
  if (removed >= sel.selector.requirements.length) return undefined;
  if (replace.length) {
    const e = setMapEntriesEdits(ctx, mapPath, replace);
    if (!e) return undefined;
    edits.push(...e);
  }
  return edits;
}

/** Add or correct template labels so every failing single-value requirement holds. */
function fixTemplateToSelector(ctx: RuleContext, failing: Requirement[], labelsPath: PathSegment[]): TextEdit[] | undefined {
  const entries: [string, string][] = [];
  for (const r of failing) {
    if (r.operator !== 'In' || r.values.length !== 1) return undefined;
    entries.push([r.key, r.values[0]]);
  }
  if (!asRecord(ctx.doc.value)) return undefined;
  return setMapEntriesEdits(ctx, labelsPath, entries);
}
