import { fixTitle, msg } from '../messages';
import { valueAt } from '../workspace/podTemplate';
import type { Rule } from './index';
import { editDistance } from './editDistance';
import { finding, isTemplated, replaceValueEdit } from './ruleSupport';

let zones: Set<string> | undefined;
function knownZones(): Set<string> {
  if (!zones) {
    const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
    zones = new Set(intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : []);
    zones.add('UTC');
  }
  return zones;
}

/** Whether Go's time.LoadLocation (tzdata) would find `tz`: canonical names, links and Etc/* zones, case-sensitive. */
export function isKnownTimeZone(tz: string): boolean {
  if (knownZones().has(tz) || /^Etc\/(UTC|GMT|UCT|Universal|Zulu|Greenwich|GMT[+-](?:[0-9]|1[0-4]))$/.test(tz)) return true;
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
  try {
    // Links (US/Eastern, Asia/Calcutta) are accepted by ICU; ICU ignores case, Go does not, so
    // require each path segment to start the way tzdata spells it.
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.split('/').every((seg) => /^[A-Z]/.test(seg));
  } catch {
    return false;
  }
}

export const cronjobTimeZone: Rule = {
  id: 'cronjob-time-zone',
  defaultSeverity: 'error',
  rejectedByApiServer: true,
  description: 'A CronJob timeZone is not an IANA time zone name.',
  check(ctx) {
    if (ctx.doc.kind !== 'CronJob') return [];
    const path = ['spec', 'timeZone'];
    const tz = valueAt(ctx.doc.value, path);
    if (typeof tz !== 'string' || isTemplated(tz)) return [];
    if (tz.toLowerCase() === 'local') {
      return [finding(cronjobTimeZone, ctx, path, `spec.timeZone: Invalid value: ${JSON.stringify(tz)}: timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones`)];
    }
    if (isKnownTimeZone(tz)) return [];
    let best: string | undefined;
    let bestD = Infinity;
    for (const z of knownZones()) {
      const d = editDistance(z.toLowerCase(), tz.toLowerCase());
      if (d < bestD) (bestD = d), (best = z);
    }
    const suggestion = best && bestD <= 3 ? best : undefined;
    const edit = suggestion ? replaceValueEdit(ctx, path, suggestion) : undefined;
    return [
      finding(cronjobTimeZone, ctx, path, `spec.timeZone: Invalid value: ${JSON.stringify(tz)}: unknown time zone ${tz}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`, {
        fixes: edit ? [{ ...fixTitle(msg('fix.change-value', { value: suggestion ?? '' })), edits: [edit], preferred: true }] : [],
      }),
    ];
  },
};
