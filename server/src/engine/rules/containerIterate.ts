import type { PathSegment } from '../yaml/documents';
import { asArray, asRecord, valueAt } from '../workspace/podTemplate';
import type { RuleContext } from './index';

export interface ContainerEntry {
  container: Record<string, unknown>;
  path: PathSegment[];
  field: 'containers' | 'initContainers' | 'ephemeralContainers';
}

/** Every container of the document's pod template (or bare Pod), with its path. */
export function containersOf(ctx: RuleContext, fields: ContainerEntry['field'][] = ['initContainers', 'containers']): ContainerEntry[] {
  const obj = ctx.index.objectFor(ctx.file, ctx.doc);
  if (!obj?.podTemplate) return [];
  const specPath = [...obj.podTemplate.location.path, 'spec'];
  const out: ContainerEntry[] = [];
  for (const field of fields) {
    asArray(valueAt(ctx.doc.value, [...specPath, field])).forEach((c, i) => {
      const container = asRecord(c);
      if (container) out.push({ container, path: [...specPath, field, i], field });
    });
  }
  return out;
}
