import type { Finding } from '../findings';
import { msg, type MessageId, type MessageRef } from '../messages';
import type { PathSegment } from '../yaml/documents';
import {
  evaluatePod,
  hasPodSecurityLabels,
  LABEL_PREFIX,
  namespacePolicy,
  podViewOf,
  policyText,
  type LevelVersion,
  type Mode,
  type NamespacePolicy,
} from '../../api/podSecurity/policy';
import type { Rule, RuleContext } from './index';
import { finding } from './ruleSupport';
import { valueAt } from '../workspace/podTemplate';

/**
 * Pod Security Admission as the checker sees it: a Pod or pod template in a namespace whose
 * `pod-security.kubernetes.io/*` labels (in the workspace) or kubeRehearsal.podSecurity apply a
 * level gets one finding per failing control, on the field, in the admission plugin's words. The
 * verdict comes from api/podSecurity, the module the simulated API server admits pods with.
 */

const WHAT: Record<Mode, { severity: Finding['severity']; message: (kind: string) => MessageId }> = {
  enforce: { severity: 'error', message: (kind) => (kind === 'Pod' ? 'pod-security.enforce' : 'pod-security.enforce-owner') },
  warn: { severity: 'warning', message: () => 'pod-security.warn' },
  audit: { severity: 'information', message: () => 'pod-security.audit' },
};

function namespaceLabels(ctx: RuleContext, namespace: string): Record<string, string> | undefined {
  const found = ctx.index.lookup('Namespace', '', namespace);
  return found.length ? found[0].labels : undefined;
}

/** The policy of a namespace and where it comes from (its labels, or the setting for unlabelled ones). */
function policyOf(ctx: RuleContext, namespace: string): { policy: NamespacePolicy; source: MessageRef } | undefined {
  const labels = namespaceLabels(ctx, namespace);
  if (hasPodSecurityLabels(labels)) return { policy: namespacePolicy(labels).policy, source: msg('pod-security.namespace', { namespace }) };
  const level = ctx.settings?.podSecurity;
  if (!level || level === 'off') return undefined;
  const lv: LevelVersion = { level, version: 'latest' };
  return { policy: { enforce: lv, warn: lv, audit: lv }, source: msg('pod-security.namespace-setting', { namespace }) };
}

export const podSecurity: Rule = {
  id: 'pod-security',
  defaultSeverity: 'error',
  description: 'A Pod or pod template violates the Pod Security level its namespace enforces, warns or audits (pod-security.kubernetes.io labels or kubeRehearsal.podSecurity).',
  tags: ['security'],
  check(ctx) {
    const value = ctx.doc.value as Record<string, unknown>;
    if (ctx.doc.kind === 'Namespace') return labelErrors(ctx, value);
    const pod = podViewOf(value);
    if (!pod || ctx.doc.kind === 'PodTemplate') return [];
    const namespace = ctx.doc.namespace ?? 'default';
    const p = policyOf(ctx, namespace);
    if (!p) return [];
    const out: Finding[] = [];
    const reported = new Set<string>();
    for (const mode of ['enforce', 'warn', 'audit'] as const) {
      const lv = p.policy[mode];
      for (const v of evaluatePod(lv, pod.view)) {
        for (const field of v.fields) {
          const path: PathSegment[] = [...pod.base, ...field];
          const key = `${v.id}\u0000${path.join('.')}`;
          if (reported.has(key)) continue;
          reported.add(key);
          const verb = mode === 'enforce' ? 'violates' : 'would violate';
          const at = valueAt(ctx.doc.value, path);
          // A scalar is shown by its value; a section (or a missing field's parent) by its key.
          const prefer = at !== null && typeof at === 'object' ? 'key' : at === undefined ? 'key' : 'value';
          // The admission plugin's words (what kubectl prints) stay as they are; the consequence is ours.
          const violation = `${verb} PodSecurity "${policyText(lv)}": ${v.reason} (${v.detail})`;
          const f = finding(podSecurity, ctx, path, msg(WHAT[mode].message(ctx.doc.kind ?? ''), { violation, source: p.source, level: lv.level, kind: ctx.doc.kind ?? '' }), { prefer });
          f.severity = WHAT[mode].severity;
          out.push(f);
        }
      }
    }
    return out;
  },
};

/** Invalid pod-security label values: the plugin reads them as restricted:latest (it fails closed). */
function labelErrors(ctx: RuleContext, value: Record<string, unknown>): Finding[] {
  const labels = (value.metadata as { labels?: Record<string, unknown> } | undefined)?.labels;
  if (!labels || typeof labels !== 'object') return [];
  const strings: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (k.startsWith(LABEL_PREFIX)) strings[k] = String(v);
  return namespacePolicy(strings).errors.map((e) =>
    finding(podSecurity, ctx, ['metadata', 'labels', e.label], msg('pod-security.label-error', { error: `metadata.labels[${e.label}]: Invalid value: "${e.value}": ${e.message}` })),
  );
}
