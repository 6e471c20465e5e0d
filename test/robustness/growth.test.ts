import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Inputs whose cost used to grow with the square of their size (issue 20): 60,000 invalid env
 * entries (23 s), 4,000 Services whose selectors miss (41 s, the did-you-mean search), a flow map
 * of 40,000 keys (9.7 s), a million `---` lines (11.8 s and 1.9 GB). Each is built, parsed, indexed,
 * checked, hovered and outlined in a child process at a quarter of its size and at its full size.
 *
 * Time is measured as the CPU time of that work (not wall time: the machine may be busy), and the
 * bounds are generous so that noise cannot fail them: the full size stays under a minute and 1 GB
 * (about a second or two and a few hundred MB on a quiet machine), and four times the input costs
 * at most ten times the time (linear work costs four times; the quadratic versions cost 15-30).
 */

const script = join(__dirname, 'support', 'largeInputs.ts');

interface Cost {
  cpuMs: number;
  maxRssMB: number;
  /** Heap kept by the file's parse, index entries and last check (after a full collection). */
  retainedMB: number;
  documents: number;
  codes: Record<string, number>;
  sample?: string;
}

function measure(name: string, scale: number): Cost {
  const r = spawnSync(process.execPath, ['--max-old-space-size=2048', '--expose-gc', '--import', 'tsx', script, name, String(scale)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 300_000 });
  assert.equal(r.status, 0, `${name} x${scale}: ${r.error ?? ''} ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Cost;
}

function grows(name: string): Cost {
  const small = measure(name, 0.25);
  const full = measure(name, 1);
  console.log(`${name}: ${small.cpuMs} ms at a quarter, ${full.cpuMs} ms and ${full.maxRssMB} MB at full size (${full.retainedMB} MB kept)`);
  assert.ok(full.cpuMs < 60_000, `${name}: ${full.cpuMs} ms of CPU`);
  assert.ok(full.maxRssMB < 1024, `${name}: ${full.maxRssMB} MB`);
  // The small run pays the start-up of the validators and rules too: a floor keeps the ratio honest.
  const ratio = full.cpuMs / Math.max(small.cpuMs, 250);
  assert.ok(ratio < 10, `${name}: four times the input took ${ratio.toFixed(1)} times as long (${small.cpuMs} -> ${full.cpuMs} ms)`);
  return full;
}

test('60,000 invalid env entries: each reported, in linear time', { timeout: 900_000 }, () => {
  const c = grows('env');
  assert.equal(c.codes['wrong-type'], 60_000);
});

test('4,000 Services whose selectors miss 4,000 Deployments: each warned with its hint, in linear time', { timeout: 900_000 }, () => {
  const c = grows('services');
  assert.equal(c.documents, 8000);
  assert.ok(c.codes['service-selects-nothing'] >= 1000, JSON.stringify(c.codes));
  assert.match(c.sample ?? '', /selector \{app: web-\d+\} .* did you mean `app: dep-\d+`/);
});

test('a flow map and a block map of 40,000 keys: the duplicate found, in linear time', { timeout: 900_000 }, () => {
  const c = grows('flowMap');
  assert.deepEqual(c.codes, { 'duplicate-key': 1 });
});

test('a million `---` lines: a million empty documents, in linear time and bounded memory', { timeout: 900_000 }, () => {
  const c = grows('separators');
  assert.equal(c.documents, 1_000_000);
  assert.deepEqual(c.codes, {});
  // A million empty documents are a million small records (text, place) sharing one read and one
  // empty check: about 100 MB kept. Each with its own object facts, check slot and placed findings
  // kept 300 MB.
  assert.ok(c.retainedMB < 200, `a million empty documents keep ${c.retainedMB} MB`);
});
