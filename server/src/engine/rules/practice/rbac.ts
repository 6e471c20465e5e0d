import type { Finding } from '../../findings';
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
        out.push(practice(rbacWildcard, ctx, ['rules', i, field, at], `"*" in ${field} grants ${field === 'verbs' ? 'every verb (including delete, escalate, impersonate where they apply)' : 'every resource of the groups, including Secrets and ones added later'}: list what is needed`));
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
    const scope = ctx.doc.kind === 'ClusterRoleBinding' ? 'everything in every namespace' : `everything in namespace "${ctx.doc.namespace ?? 'default'}"`;
    return [practice(clusterAdminBinding, ctx, ['roleRef', 'name'], `binds cluster-admin: its subjects can do ${scope}; bind a role with only the permissions they use`)];
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
        if (res === 'secrets' && verbs.some((v) => READ_SECRETS.has(v))) out.push(practice(rbacSensitiveAccess, ctx, ['rules', i, 'resources', j], 'grants reading Secrets: whoever holds this role reads every password and token in its scope'));
        else if ((res === 'pods/exec' || res === 'pods/attach') && verbs.some((v) => v === 'create' || v === 'get' || v === '*')) out.push(practice(rbacSensitiveAccess, ctx, ['rules', i, 'resources', j], `grants ${res}: whoever holds this role runs commands inside the pods in its scope`));
      });
    }
    return out;
  },
};
