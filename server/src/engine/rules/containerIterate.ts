import type { PathSegment } from '../yaml/documents';
import { asArray, asRecord, valueAt } from '../workspace/podTemplate';
import type { RuleContext } from './index';

export interface ContainerEntry {
  readonly container: Record<string, unknown>;
  readonly path: readonly PathSegment[];
  readonly field: 'containers' | 'initContainers' | 'ephemeralContainers';
}

const DEFAULT_FIELDS: readonly ContainerEntry['field'][] = ['initContainers', 'containers'];

/**
 * A dozen rules walk the same containers of every document: the entries are listed once per
 * parsed value and field list, and shared (read-only) between the rules.
 */
const entriesByValue = new WeakMap<object, Map<string, readonly ContainerEntry[]>>();

/** Every container of the document's pod template (or bare Pod), with its path. */
export function containersOf(ctx: RuleContext, fields: readonly ContainerEntry['field'][] = DEFAULT_FIELDS): readonly ContainerEntry[] {
  const obj = ctx.index.objectFor(ctx.file, ctx.doc);
  if (!obj?.podTemplate) return [];
  const value = ctx.doc.value as object;
  let byFields = entriesByValue.get(value);
  if (!byFields) entriesByValue.set(value, (byFields = new Map()));
  const key = `${obj.kind}\u0000${fields.join(',')}`;
  let entries = byFields.get(key);
  if (!entries) {
    const specPath = [...obj.podTemplate.location.path, 'spec'];
    const out: ContainerEntry[] = [];
    for (const field of fields) {
      asArray(valueAt(value, [...specPath, field])).forEach((c, i) => {
        const container = asRecord(c);
        if (container) out.push({ container, path: [...specPath, field, i], field });
      });
    }
    byFields.set(key, (entries = out));
  }
  return entries;
}
