import type { Rule } from './index';
import { dns1035Label, dns1123Label, dns1123Subdomain } from './nameValidation';
import { finding, isTemplated } from './ruleSupport';
import { lookupKind } from '../schema/registry';

/** Kinds whose names are DNS-1123 subdomains (ValidateObjectMeta with NameIsDNSSubdomain). */
const SUBDOMAIN_KINDS = new Set([
  'Pod', 'Deployment', 'ReplicaSet', 'ReplicationController', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob',
  'ConfigMap', 'Secret', 'PersistentVolumeClaim', 'PersistentVolume', 'ServiceAccount', 'Ingress', 'IngressClass',
  'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'StorageClass', 'PriorityClass', 'LimitRange',
  'ResourceQuota', 'PodTemplate', 'Endpoints', 'EndpointSlice',
]);

/** The CronJob controller appends `-<minutes since epoch>` (11 characters) to make Job names. */
const CRONJOB_NAME_MAX = 52;

export const invalidObjectName: Rule = {
  id: 'invalid-object-name',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'metadata.name is missing (without generateName) or not a valid name for its kind (DNS-1123 subdomain, or DNS-1035 label for Services).',
  check(ctx) {
    const kind = ctx.doc.kind ?? '';
    const name = ctx.doc.name;
    if (ctx.doc.apiVersion?.includes('.') && !ctx.doc.apiVersion.includes('k8s.io')) return [];
    if (name === undefined) {
      // A document that does not parse has lost what it said: only its syntax error is reported.
      if (ctx.doc.syntaxErrors.some((e) => e.code !== 'DUPLICATE_KEY')) return [];
      // ValidateObjectMeta: every object needs a name, or a generateName the API server completes.
      const meta = (ctx.doc.value as { metadata?: { name?: unknown; generateName?: unknown } }).metadata;
      if (!lookupKind(ctx.doc.apiVersion ?? '', kind)?.creatable || (meta && typeof meta === 'object' && (meta.generateName || meta.name !== undefined && meta.name !== null && meta.name !== ''))) return [];
      return [finding(invalidObjectName, ctx, meta && typeof meta === 'object' ? ['metadata'] : ['kind'], 'metadata.name: Required value: name or generateName is required', { prefer: 'key' })];
    }
    if (isTemplated(name)) return [];
    let errs: string[];
    if (kind === 'Service') errs = dns1035Label(name);
    else if (kind === 'Namespace') errs = dns1123Label(name);
    else if (SUBDOMAIN_KINDS.has(kind)) errs = dns1123Subdomain(name);
    else return [];
    if (kind === 'CronJob' && name.length > CRONJOB_NAME_MAX) errs.unshift(`must be no more than ${CRONJOB_NAME_MAX} characters`);
    if (errs.length === 0) return [];
    return [finding(invalidObjectName, ctx, ['metadata', 'name'], `metadata.name: Invalid value: ${JSON.stringify(name)}: ${errs.join(', ')}`)];
  },
};
