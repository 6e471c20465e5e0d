import { CronExpressionParser } from 'cron-parser';
import { valueAt } from '../workspace/podTemplate';
import type { Rule } from './index';
import { finding, isTemplated } from './ruleSupport';

/**
 * Kubernetes parses schedules with robfig/cron v3 `ParseStandard`: exactly five fields or a
 * descriptor (@yearly @annually @monthly @weekly @daily @midnight @hourly, `@every <duration>`).
 * cron-parser checks value ranges and steps; the stricter field syntax (no L, W, #, no seconds
 * field, day of week 0-6) is checked here first, since cron-parser accepts those extensions.
 */

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const GO_DURATION = /^([0-9]+(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$/;
const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
const DAYS = 'sun|mon|tue|wed|thu|fri|sat';
const FIELD_NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'];

/** The robfig-style error for a schedule, or undefined when Kubernetes accepts it. */
export function scheduleError(schedule: string): string | undefined {
  const s = schedule.trim();
  if (/^(CRON_)?TZ=/.test(s)) return 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
  if (s.startsWith('@')) {
    if (DESCRIPTORS.has(s)) return undefined;
    if (s.startsWith('@every ')) {
      const d = s.slice('@every '.length).trim();
      return GO_DURATION.test(d) ? undefined : `failed to parse duration ${s}: time: invalid duration ${JSON.stringify(d)}`;
    }
    return `unrecognized descriptor: ${s}`;
  }
  const fields = s.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    const f = fields[i].toLowerCase();
    const names = i === 3 ? `|${MONTHS}` : i === 4 ? `|${DAYS}` : '';
    const atom = `(?:[0-9]+${names})`;
    const term = new RegExp(`^(?:\\*|\\?|${atom}(?:-${atom})?)(?:/[0-9]+)?$`);
    for (const part of f.split(',')) {
      if (!term.test(part)) return `failed to parse ${FIELD_NAMES[i]} field: ${JSON.stringify(fields[i])}`;
    }
    if (i === 4) {
      for (const part of f.split(',')) {
        for (const n of part.split('/')[0].split('-')) {
          if (/^[0-9]+$/.test(n) && Number(n) > 6) return `end of range (${n}) above maximum (6): ${part}`;
        }
      }
    }
  }
  try {
    CronExpressionParser.parse(fields.join(' '));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // robfig accepts dates that never occur (Feb 31); the job just never runs.
    if (/explicit day of month/i.test(msg)) return undefined;
    return msg;
  }
  return undefined;
}

export const cronjobSchedule: Rule = {
  id: 'cronjob-schedule',
  defaultSeverity: 'error',
  description: 'A CronJob schedule is not a five-field cron expression or macro that Kubernetes accepts.',
  check(ctx) {
    if (ctx.doc.kind !== 'CronJob') return [];
    const path = ['spec', 'schedule'];
    const v = valueAt(ctx.doc.value, path);
    if (typeof v !== 'string' || isTemplated(v)) return [];
    const err = scheduleError(v);
    return err ? [finding(cronjobSchedule, ctx, path, `spec.schedule: Invalid value: ${JSON.stringify(v)}: ${err}`)] : [];
  },
};
