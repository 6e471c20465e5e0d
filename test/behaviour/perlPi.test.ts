import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBehaviourModel } from '../../server/src/sim/behaviour/index';
import { piDigits } from '../../server/src/sim/behaviour/piDigits';

test('piDigits prints pi to N significant digits, rounded like Perl bpi', () => {
  assert.equal(piDigits(1), '3');
  assert.equal(piDigits(10), '3.141592654');
  assert.equal(piDigits(50), '3.1415926535897932384626433832795028841971693993751');
});

test('the Job example `perl -Mbignum=bpi -wle print bpi(2000)` logs 2000 digits of pi and completes', () => {
  const run = createBehaviourModel().start({ name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'], env: {}, ports: [] }, 0, 600);
  assert.deepEqual(run.exit, { at: 5, exitCode: 0, reason: 'Completed' });
  const out = run.logs(600).join('\n').trim();
  assert.equal(out.replace('.', '').length, 2000);
  assert.ok(out.startsWith('3.14159265358979323846'));
  assert.deepEqual(run.assumptions, []);
});
