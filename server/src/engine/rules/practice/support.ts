import type { Finding, Fix } from '../../findings';
import { fixTitle, type MessageRef } from '../../messages';
import type { PathSegment } from '../../yaml/documents';
import { asRecord, valueAt } from '../../workspace/podTemplate';
import type { Rule, RuleContext } from '../index';
import { finding } from '../ruleSupport';
import { mergeBlockEdits } from '../yamlEdits';
import { deferFixes } from '../../deferredFixes';
import { standaloneFile } from '../../yaml/documents';

/** Plumbing of the best-practice rules (the production and strict profiles). */

/** The pod template of the document (a bare Pod is its own), with its path; undefined for other kinds. */
export function podTemplateOf(ctx: RuleContext): { path: readonly PathSegment[]; spec: Record<string, unknown>; kind: string } | undefined {
  const obj = ctx.index.objectFor(ctx.file, ctx.doc);
  const loc = obj?.podTemplate?.location;
  if (!loc || loc.operator || ctx.doc.kind === 'PodTemplate') return undefined;
  const spec = asRecord(valueAt(ctx.doc.value, [...loc.path, 'spec']));
  return spec ? { path: loc.path, spec, kind: ctx.doc.kind ?? '' } : undefined;
}

/** Quick fixes computed when asked for (deferredFixes.ts), with the line their edits are counted from. */
export interface LaterFix {
  compute: () => Fix[] | undefined;
  line: number;
}

/** A finding of a best-practice rule: the message (catalogued, so localized) says what and why, in one sentence each. */
export function practice(rule: Pick<Rule, 'id' | 'defaultSeverity'>, ctx: RuleContext, path: readonly PathSegment[], message: MessageRef, fix?: LaterFix): Finding {
  const v = valueAt(ctx.doc.value, path);
  const prefer = v !== undefined && (v === null || typeof v !== 'object') ? 'value' : 'key';
  const f = finding(rule, ctx, path, message, { prefer });
  if (fix) deferFixes(f, fix.compute, fix.line);
  return f;
}

/**
 * A quick fix that merges `block` into the block map at `path` (none when it cannot be written
 * safely). It needs the document's full parse, so it is computed only when a code action asks
 * for it, from the document's text alone: nothing else of the file is kept for it.
 */
export function mergeFix(ctx: RuleContext, title: MessageRef, path: readonly PathSegment[], block: Record<string, unknown>): LaterFix | undefined {
  if (ctx.doc.templated) return undefined;
  const text = ctx.doc.text;
  const uri = ctx.file.uri;
  const compute = (): Fix[] | undefined => {
    const edits = mergeBlockEdits(standaloneFile(uri, text), path, block);
    return edits && edits.length ? [{ ...fixTitle(title), edits, preferred: true }] : undefined;
  };
  return { compute, line: ctx.file.lines.positionAt(ctx.doc.start).line };
}

/** The securityContext a container needs to meet the restricted Pod Security level. */
export const RESTRICTED_CONTAINER_CONTEXT = {
  securityContext: {
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  },
};

export function isTemplatedValue(v: unknown): boolean {
  return typeof v === 'string' && (v.includes('{{') || v.includes('${'));
}
