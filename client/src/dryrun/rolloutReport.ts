import type { RolloutResult } from '../../../server/src/engine/dryrun/protocol';
import type { RolloutCause } from '../../../server/src/engine/dryrun/rollout';
import { relativeReason } from '../../../server/src/engine/dryrun/rollout';
import { formatSeconds } from '../../../server/src/engine/dryrun/format';
import { identityTranslate, type Translate } from './treeModel';

/**
 * The rollout preview as Markdown, shown rendered. Each workload once: its verdict, then for a
 * stuck one the cause first (what holds it: which pods, since when, the kubelet's words), then the
 * change and the consequences (stalled rollout, progress deadline). Pure, so it is tested without VS Code.
 */
export function renderRolloutReport(r: RolloutResult, t: Translate = identityTranslate): string {
  const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [`# ${t('Rollout preview from git HEAD')}`, ''];
  lines.push(t('The committed manifests run until steady ({0}), then the working tree is applied.', formatSeconds(r.appliedAt)), '');
  for (const w of r.workloads) {
    const verdict = w.outcome === 'complete' ? `✅ ${t('completes in {0}', formatSeconds(w.seconds))}`
      : w.outcome === 'refused' ? `⛔ ${t('the API server refuses the change')}`
      : `❌ ${t('stuck after {0}', formatSeconds(w.seconds))}`;
    lines.push(`## ${w.kind} ${md(w.name)}: ${verdict}`, '');
    if (w.cause) {
      lines.push(`**${t('Cause')}:** ${md(causeText(w.cause, t))}.`, '');
      if (w.cause.message) lines.push(`> ${md(w.cause.message)}`, '');
    }
    if (w.changes.length) lines.push(`**${t('Change')}:** ${md(w.changes.join('; '))}`, '');
    if (w.reasons.length) {
      lines.push(`**${w.outcome === 'refused' ? t('Refused') : t('Consequences')}:**`, '');
      for (const reason of w.reasons) lines.push(`- ${md(relativeReason(reason, r.appliedAt))}`);
      lines.push('');
    }
  }
  lines.push(`## ${t('In order')}`, '', `| ${t('after')} | ${t('what happens')} |`, '|---|---|');
  for (const s of r.steps) lines.push(`| +${formatSeconds(s.time - r.appliedAt)} | ${md(stepText(s.detail, t))} |`);
  if (r.steps.length === 0) lines.push(`| | ${t('no pod starts or stops')} |`);
  return lines.join('\n') + '\n';
}

/** `the image nginx:1.200 cannot be pulled: pod web-abc12 in ImagePullBackOff since +1s`, in the editor's language (the summary comes translated from the server; the status is kubectl's word). */
export function causeText(c: RolloutCause, t: Translate = identityTranslate): string {
  const first = c.pods.slice(0, 3).join(', ');
  const shown = c.pods.length > 3 ? t('{0}, and {1} more', first, c.pods.length - 3) : first;
  return c.pods.length === 1
    ? t('{0}: pod {1} in {2} since +{3}', c.summary, shown, c.status, formatSeconds(c.since))
    : t('{0}: {1} pods {2} in {3} since +{4}', c.summary, c.pods.length, shown, c.status, formatSeconds(c.since));
}

/** A step of the preview: a pod started or stopped is said in the editor's language; a scaling event stays the controller's words. */
function stepText(detail: string, t: Translate): string {
  const m = /^(start|stop) pod (\S*) \((.+)\)$/.exec(detail);
  if (!m) return detail;
  return m[1] === 'start' ? t('start pod {0} ({1})', m[2], m[3]) : t('stop pod {0} ({1})', m[2], m[3]);
}
