import type { PathSegment } from '../yaml/documents';
import { asArray, asRecord, valueAt } from '../workspace/podTemplate';
import type { RuleContext } from './index';

export interface ContainerEntry {
  readonly container: Record<string, unknown>;
  readonly path: readonly PathSegment[];
  readonly field: 'containers' | 'initContainers' | 'ephemeralContainers';
}

type ContainerField = ContainerEntry['field'];

const DEFAULT_FIELDS: readonly ContainerField[] = ['initContainers', 'containers'];
const NONE: readonly ContainerEntry[] = Object.freeze([]);

/**
 * A dozen rules walk the same containers of every document: each field's entries are listed
 * once per parsed value and shared (read-only) between the rules.
 */
const entriesByValue = new WeakMap<object, Partial<Record<ContainerField, readonly ContainerEntry[]>>>();

/** The last value's lists: the rules ask about one document after another. */
let lastValue: object | undefined;
let lastByField: Partial<Record<ContainerField, readonly ContainerEntry[]>> = {};

function fieldEntries(value: object, templatePath: readonly PathSegment[], field: ContainerField): readonly ContainerEntry[] {
  let byField = value === lastValue ? lastByField : entriesByValue.get(value);
  if (!byField) entriesByValue.set(value, (byField = {}));
  lastValue = value;
  lastByField = byField;
  let entries = byField[field];
  if (!entries) {
    const list = asArray(valueAt(value, [...templatePath, 'spec', field]));
    const out: ContainerEntry[] = [];
    list.forEach((c, i) => {
      const container = asRecord(c);
      if (container) out.push({ container, path: [...templatePath, 'spec', field, i], field });
    });
    byField[field] = entries = out.length ? out : NONE;
  }
  return entries;
}

/** Every container of the document's pod template (or bare Pod), with its path. */
export function containersOf(ctx: RuleContext, fields: readonly ContainerField[] = DEFAULT_FIELDS): readonly ContainerEntry[] {
  const obj = ctx.index.objectFor(ctx.file, ctx.doc);
  if (!obj?.podTemplate) return NONE;
  const value = ctx.doc.value as object;
  const templatePath = obj.podTemplate.location.path;
  // Usually one field has entries (no init containers): its list is returned without a copy.
  let only: readonly ContainerEntry[] = NONE;
  let joined: ContainerEntry[] | undefined;
  for (let i = 0; i < fields.length; i++) {
    const entries = fieldEntries(value, templatePath, fields[i]);
    if (entries.length === 0) continue;
    if (only.length === 0) only = entries;
    else (joined ??= [...only]).push(...entries);
  }
  return joined ?? only;
}
