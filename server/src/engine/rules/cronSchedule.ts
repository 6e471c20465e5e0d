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

/** One term of each field: `*`, `?` or a number (or a month/day name) or range, with an optional step. */
const FIELD_TERMS = FIELD_NAMES.map((_, i) => {
  const names = i === 3 ? `|${MONTHS}` : i === 4 ? `|${DAYS}` : '';
  const atom = `(?:[0-9]+${names})`;
  return new RegExp(`^(?:\\*|\\?|${atom}(?:-${atom})?)(?:/[0-9]+)?$`);
});

/** Value ranges of the five fields (day of week without 7: values above 6 are refused above). */
const FIELD_RANGES: readonly (readonly [number, number])[] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
];
const PLAIN_TERM = /^(?:\*(?:\/([0-9]{1,4}))?|([0-9]{1,4})(?:-([0-9]{1,4}))?)$/;

/**
 * A field that cron-parser accepts for certain: one term (lists may repeat values, which it
 * refuses), `*` with an optional step of at least 1, `n` or `a-b` (a <= b) within the field's
 * range. A day of month that some month lacks (Feb 30) passes either way: robfig accepts it.
 */
function plainFieldInRange(field: string, [min, max]: readonly [number, number]): boolean {
  const m = PLAIN_TERM.exec(field);
  if (!m) return false;
  if (m[1] !== undefined) return Number(m[1]) >= 1;
  if (m[2] === undefined) return true;
  const a = Number(m[2]);
  const b = m[3] !== undefined ? Number(m[3]) : a;
  return a >= min && b <= max && a <= b;
}

/** Verdicts by schedule: workspaces repeat the same few schedules, and cron-parser is slow. */
const verdicts = new Map<string, string | undefined>();
const VERDICT_CACHE_LIMIT = 1000;

/** The robfig-style error for a schedule, or undefined when Kubernetes accepts it. */
export function scheduleError(schedule: string): string | undefined {
  if (verdicts.has(schedule)) return verdicts.get(schedule);
  const verdict = computeScheduleError(schedule);
  if (verdicts.size >= VERDICT_CACHE_LIMIT) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(schedule, verdict);
  return verdict;
}

function computeScheduleError(schedule: string): string | undefined {
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
    const term = FIELD_TERMS[i];
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
  // Plain numeric fields within range need no parser (and loading luxon's locale data for them
  // costs more than a whole document's checks); anything else goes to cron-parser for its message.
  if (fields.every((f, i) => plainFieldInRange(f, FIELD_RANGES[i]))) return undefined;
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
  rejectedByApiServer: true,
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
