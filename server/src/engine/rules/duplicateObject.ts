import { msg } from '../messages';
import type { Finding } from '../findings';
import type { IndexedObject } from '../workspace/index';
import type { Rule } from './index';
import { finding, relatedAt } from './ruleSupport';
import { groupOf } from '../schema/registry';

/**
 * Two documents defining the same kind, namespace and name: the later apply silently replaces
 * the earlier one. In one file that is a mistake (warning); across files it may be an
 * alternative version of the same object (in the same folder, which `kubectl apply -f` applies
 * together), so it is only information.
 */
export const duplicateObject: Rule = {
  id: 'duplicate-object',
  defaultSeverity: 'warning',
  description: 'Two documents in one file define an object with the same API group, kind, namespace and name.',
  check(ctx) {
    const self = ctx.index.objectFor(ctx.file, ctx.doc);
    if (!self?.name || self.templated) return [];
    let first: IndexedObject | undefined;
    for (const o of ctx.index.sameName(self)) {
      if (o.uri === self.uri && o.doc.index < self.doc.index && !o.templated && sameGroup(o, self)) {
        first = o;
        break;
      }
    }
    if (!first) return [];
    return [
      finding(duplicateObject, ctx, ['metadata', 'name'], msg('duplicate-object', { kind: self.kind, name: self.name, namespace: self.namespace === '' ? '' : msg('duplicate-object.namespace', { namespace: self.namespace }), document: String(first.doc.index + 1) }), {
        related: [relatedAt(first, ['metadata', 'name'], msg('related.first-definition'))],
      }),
    ];
  },
};

export const duplicateObjectAcrossFiles: Rule = {
  id: 'duplicate-object-across-files',
  defaultSeverity: 'information',
  // Same folder only: per-environment folders legitimately repeat names.
  description: 'Another file in the same folder defines an object with the same API group, kind, namespace and name.',
  check(ctx): Finding[] {
    const self = ctx.index.objectFor(ctx.file, ctx.doc);
    if (!self?.name || self.templated || ctx.index.isKustomized(self.uri)) return [];
    const named = ctx.index.sameName(self);
    // Most names are defined once (by this document): nothing else to look at.
    if (named.size === 0 || (named.size === 1 && named.has(self))) return [];
    const elsewhere = [...named].filter((o) => o.uri !== self.uri && o.dir === self.dir && !o.templated && sameGroup(o, self) && !ctx.index.isKustomized(o.uri));
    if (elsewhere.length === 0) return [];
    const o = elsewhere[0];
    const file = o.uri.slice(o.uri.lastIndexOf('/') + 1);
    return [
      finding(duplicateObjectAcrossFiles, ctx, ['metadata', 'name'], msg('duplicate-object-across-files', { kind: self.kind, name: self.name, namespace: self.namespace === '' ? '' : msg('duplicate-object.namespace', { namespace: self.namespace }), file, more: elsewhere.length > 1 ? msg('duplicate-object-across-files.more', { count: String(elsewhere.length - 1) }) : '' }), {
        related: elsewhere.slice(0, 5).map((e) => relatedAt(e, ['metadata', 'name'], msg('related.other-definition'))),
      }),
    ];
  },
};

/** `apps/v1 Deployment web` and `example.io/v1 Deployment web` are different objects; versions of one group are the same. */
function sameGroup(a: IndexedObject, b: IndexedObject): boolean {
  return groupOf(a.apiVersion) === groupOf(b.apiVersion);
}

