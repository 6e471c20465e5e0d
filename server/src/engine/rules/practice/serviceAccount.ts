import type { Rule } from '../index';
import { msg } from '../../messages';
import { asRecord } from '../../workspace/podTemplate';
import { podTemplateOf, practice } from './support';

/** Which identity pods carry to the API server. */

export const defaultServiceAccount: Rule = {
  id: 'default-service-account',
  defaultSeverity: 'information',
  profile: 'strict',
  tags: ['security'],
  description: 'A pod runs as its namespace\'s default ServiceAccount.',
  check(ctx) {
    const t = podTemplateOf(ctx);
    if (!t) return [];
    const sa = t.spec.serviceAccountName ?? t.spec.serviceAccount;
    if (sa !== undefined && sa !== 'default') return [];
    if (t.spec.automountServiceAccountToken === false) return [];
    const at = sa === 'default' ? [...t.path, 'spec', t.spec.serviceAccountName !== undefined ? 'serviceAccountName' : 'serviceAccount'] : [...t.path, 'spec'];
    return [practice(defaultServiceAccount, ctx, at, msg('default-service-account'))];
  },
};

export const serviceAccountTokenAutomount: Rule = {
  id: 'service-account-token-automount',
  defaultSeverity: 'information',
  profile: 'strict',
  tags: ['security'],
  description: 'A pod gets an API token mounted without asking (automountServiceAccountToken is not false).',
  check(ctx) {
    const t = podTemplateOf(ctx);
    if (!t || t.spec.automountServiceAccountToken !== undefined) return [];
    // Unset on the pod, the ServiceAccount decides: one that says false mounts no token.
    const sa = t.spec.serviceAccountName ?? t.spec.serviceAccount ?? 'default';
    if (typeof sa === 'string' && ctx.index.lookup('ServiceAccount', ctx.doc.namespace ?? 'default', sa).some((o) => asRecord(o.doc.value)?.automountServiceAccountToken === false)) return [];
    return [practice(serviceAccountTokenAutomount, ctx, [...t.path, 'spec'], msg('service-account-token-automount'))];
  },
};
