import type { Finding } from '../findings';
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

const WHAT: Record<Mode, { severity: Finding['severity']; consequence: (kind: string) => string }> = {
  enforce: {
    severity: 'error',
    consequence: (kind) => (kind === 'Pod' ? 'so the API server refuses this pod' : `so the API server refuses the pods this ${kind} creates (FailedCreate) and it never becomes ready`),
  },
  warn: { severity: 'warning', consequence: () => 'so kubectl apply prints this as a warning' },
  audit: { severity: 'information', consequence: () => 'so the API server records it in the audit log' },
};

function namespaceLabels(ctx: RuleContext, namespace: string): Record<string, string> | undefined {
  const found = ctx.index.lookup('Namespace', '', namespace);
  return found.length ? found[0].labels : undefined;
}

/** The policy of a namespace and where it comes from (its labels, or the setting for unlabelled ones). */
function policyOf(ctx: RuleContext, namespace: string): { policy: NamespacePolicy; source: string } | undefined {
  const labels = namespaceLabels(ctx, namespace);
  if (hasPodSecurityLabels(labels)) return { policy: namespacePolicy(labels).policy, source: `namespace "${namespace}"` };
  const level = ctx.settings?.podSecurity;
  if (!level || level === 'off') return undefined;
  const lv: LevelVersion = { level, version: 'latest' };
  return { policy: { enforce: lv, warn: lv, audit: lv }, source: `namespace "${namespace}" (no pod-security labels; kubeRehearsal.podSecurity)` };
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
          const f = finding(podSecurity, ctx, path, `${verb} PodSecurity "${policyText(lv)}": ${v.reason} (${v.detail}): ${p.source} ${mode === 'enforce' ? 'enforces' : mode === 'warn' ? 'warns on' : 'audits'} ${lv.level}, ${WHAT[mode].consequence(ctx.doc.kind ?? '')}`, { prefer });
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
    finding(podSecurity, ctx, ['metadata', 'labels', e.label], `metadata.labels[${e.label}]: Invalid value: "${e.value}": ${e.message} (pods in this namespace are then held to restricted:latest)`),
  );
}
