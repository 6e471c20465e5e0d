import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixAndRecheck, expectOne, findingsFor } from './helpers';
import { scheduleError } from '../../server/src/engine/rules/cronSchedule';
import { isKnownTimeZone } from '../../server/src/engine/rules/cronTimeZone';

const cronjob = (schedule: string, timeZone = '') => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: ${JSON.stringify(schedule)}
${timeZone ? `  timeZone: ${JSON.stringify(timeZone)}\n` : ''}  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: busybox:1.36
`;

test('cronjob-schedule: Kubernetes accepts five fields, names, steps and descriptors', () => {
  for (const s of ['*/5 * * * *', '0 0-23/2 * * *', '0 9 * * MON-FRI', '15 3 1 jan,jul *', '? * * * *', '@hourly', '@daily', '@midnight', '@annually', '@every 1h30m', '0 0 31 2 *']) {
    assert.equal(scheduleError(s), undefined, s);
    assert.equal(findingsFor(cronjob(s), 'cronjob-schedule').length, 0, s);
  }
});

test('cronjob-schedule: wrong field count, out-of-range values, cron extensions robfig rejects', () => {
  const t = cronjob('0 * * *');
  const f = expectOne(findingsFor(t, 'cronjob-schedule'), 'cronjob-schedule', t, '"0 * * *"', 5);
  assert.equal(f.message, 'spec.schedule: Invalid value: "0 * * *": expected exactly 5 fields, found 4: [0 * * *]');
  for (const s of ['0 0 * * * *', '60 * * * *', '0 0 L * *', '0 0 * * 1#2', '0 0 * * 7', '@reboot', '@every 1 hour', '*/0 * * * *', 'every day']) {
    assert.ok(scheduleError(s), s);
  }
});

test('cronjob-schedule: CRON_TZ= and TZ= inside the schedule', () => {
  const t = cronjob('CRON_TZ=Europe/Paris 0 9 * * *');
  const f = expectOne(findingsFor(t, 'cronjob-schedule'), 'cronjob-schedule', t, '"CRON_TZ=Europe/Paris 0 9 * * *"', 5);
  assert.match(f.message, /cannot use TZ or CRON_TZ in schedule, use timeZone field instead/);
  assert.ok(scheduleError('TZ=UTC 0 9 * * *'));
});

test('cronjob-time-zone: unknown zone with a did-you-mean fix; IANA names, links and Etc zones pass', () => {
  const t = cronjob('0 9 * * *', 'Europe/Pariss');
  const f = expectOne(findingsFor(t, 'cronjob-time-zone'), 'cronjob-time-zone', t, '"Europe/Pariss"', 6);
  assert.equal(f.message, 'spec.timeZone: Invalid value: "Europe/Pariss": unknown time zone Europe/Pariss (did you mean Europe/Paris?)');
  applyFixAndRecheck(t, 'cronjob-time-zone', 'Change to Europe/Paris');
  for (const z of ['Europe/Paris', 'UTC', 'Etc/UTC', 'Etc/GMT+5', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata']) assert.ok(isKnownTimeZone(z), z);
  for (const z of ['europe/paris', 'Mars/Olympus', '+01:00', 'Local']) assert.ok(!isKnownTimeZone(z), z);
  const local = cronjob('0 9 * * *', 'Local');
  assert.match(findingsFor(local, 'cronjob-time-zone')[0].message, /timeZone must be an explicit time zone/);
  assert.equal(findingsFor(cronjob('0 9 * * *', 'Asia/Tokyo'), 'cronjob-time-zone').length, 0);
});
