import type { Finding } from '../../findings';
import { msg } from '../../messages';
import { asArray, valueAt } from '../../workspace/podTemplate';
import type { Rule } from '../index';
import { practice } from './support';

/** Small production settings of Services, CronJobs and Ingresses. */

export const nodePortService: Rule = {
  id: 'service-type-nodeport',
  defaultSeverity: 'information',
  profile: 'strict',
  tags: ['security'],
  description: 'A Service of type NodePort opens a port on every node.',
  check(ctx) {
    if (ctx.doc.kind !== 'Service' || valueAt(ctx.doc.value, ['spec', 'type']) !== 'NodePort') return [];
    return [practice(nodePortService, ctx, ['spec', 'type'], msg('service-type-nodeport'))];
  },
};

export const cronjobStartingDeadline: Rule = {
  id: 'cronjob-starting-deadline',
  defaultSeverity: 'information',
  profile: 'strict',
  tags: ['reliability'],
  description: 'A CronJob has no startingDeadlineSeconds.',
  check(ctx) {
    if (ctx.doc.kind !== 'CronJob' || valueAt(ctx.doc.value, ['spec', 'startingDeadlineSeconds']) !== undefined) return [];
    return [practice(cronjobStartingDeadline, ctx, ['spec', 'schedule'], msg('cronjob-starting-deadline'))];
  },
};

export const cronjobConcurrencyPolicy: Rule = {
  id: 'cronjob-concurrency-policy',
  defaultSeverity: 'information',
  profile: 'strict',
  tags: ['reliability'],
  description: 'A CronJob does not choose a concurrencyPolicy (Allow, the default, lets runs pile up).',
  check(ctx) {
    if (ctx.doc.kind !== 'CronJob' || valueAt(ctx.doc.value, ['spec', 'concurrencyPolicy']) !== undefined) return [];
    return [practice(cronjobConcurrencyPolicy, ctx, ['spec', 'schedule'], msg('cronjob-concurrency-policy'))];
  },
};

export const ingressNoTls: Rule = {
  id: 'ingress-no-tls',
  defaultSeverity: 'information',
  profile: 'strict',
  tags: ['security'],
  description: 'An Ingress serves its hosts without TLS.',
  check(ctx): Finding[] {
    if (ctx.doc.kind !== 'Ingress' || asArray(valueAt(ctx.doc.value, ['spec', 'tls'])).length > 0) return [];
    return [practice(ingressNoTls, ctx, ['spec'], msg('ingress-no-tls'))];
  },
};
