import type { Finding } from '../../findings';
import { msg } from '../../messages';
import { asArray, asRecord } from '../../workspace/podTemplate';
import type { Rule } from '../index';
import { practice } from './support';

/** RBAC grants broader than they look. */

const ROLE_KINDS = new Set(['Role', 'ClusterRole']);
const RBAC_GROUP = 'rbac.authorization.k8s.io/';

function rulesOf(ctx: Parameters<Rule['check']>[0]): { rule: Record<string, unknown>; i: number }[] {
  if (!ROLE_KINDS.has(ctx.doc.kind ?? '') || !(ctx.doc.apiVersion ?? '').startsWith(RBAC_GROUP)) return [];
  return asArray(asRecord(ctx.doc.value)?.rules)
    .map((r, i) => ({ rule: asRecord(r)!, i }))
    .filter((x) => x.rule);
}

export const rbacWildcard: Rule = {
  id: 'rbac-wildcard',
  defaultSeverity: 'warning',
  profile: 'production',
  tags: ['security'],
  description: 'A Role or ClusterRole grants "*" verbs or resources.',
  check(ctx) {
    const out: Finding[] = [];
    for (const { rule, i } of rulesOf(ctx)) {
      for (const field of ['verbs', 'resources'] as const) {
        const list = asArray(rule[field]);
        const at = list.findIndex((x) => x === '*');
        if (at < 0) continue;
        out.push(practice(rbacWildcard, ctx, ['rules', i, field, at], msg(`rbac-wildcard.${field}`)));
      }
    }
    return out;
  },
};

export const clusterAdminBinding: Rule = {
  id: 'cluster-admin-binding',
  defaultSeverity: 'warning',
  profile: 'production',
  tags: ['security'],
  description: 'A RoleBinding or ClusterRoleBinding grants the cluster-admin ClusterRole.',
  check(ctx) {
    if ((ctx.doc.kind !== 'ClusterRoleBinding' && ctx.doc.kind !== 'RoleBinding') || !(ctx.doc.apiVersion ?? '').startsWith(RBAC_GROUP)) return [];
    const ref = asRecord(asRecord(ctx.doc.value)?.roleRef);
    if (ref?.kind !== 'ClusterRole' || ref.name !== 'cluster-admin') return [];
    return [practice(clusterAdminBinding, ctx, ['roleRef', 'name'], ctx.doc.kind === 'ClusterRoleBinding' ? msg('cluster-admin-binding.cluster') : msg('cluster-admin-binding.namespace', { namespace: ctx.doc.namespace ?? 'default' }))];
  },
};

const READ_SECRETS = new Set(['get', 'list', 'watch', '*']);

export const rbacSensitiveAccess: Rule = {
  id: 'rbac-sensitive-access',
  defaultSeverity: 'information',
  profile: 'strict',
  tags: ['security'],
  description: 'A Role or ClusterRole grants reading Secrets or exec/attach into pods.',
  check(ctx) {
    const out: Finding[] = [];
    for (const { rule, i } of rulesOf(ctx)) {
      const verbs = asArray(rule.verbs).map(String);
      const groups = asArray(rule.apiGroups).map(String);
      if (!groups.includes('') && !groups.includes('*')) continue;
      asArray(rule.resources).forEach((r, j) => {
        const res = String(r);
        if (res === 'secrets' && verbs.some((v) => READ_SECRETS.has(v))) out.push(practice(rbacSensitiveAccess, ctx, ['rules', i, 'resources', j], msg('rbac-sensitive-access.secrets')));
        else if ((res === 'pods/exec' || res === 'pods/attach') && verbs.some((v) => v === 'create' || v === 'get' || v === '*')) out.push(practice(rbacSensitiveAccess, ctx, ['rules', i, 'resources', j], msg('rbac-sensitive-access.exec', { resource: res })));
      });
    }
    return out;
  },
};
