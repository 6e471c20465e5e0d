import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * No memory growth across 10,000 edits of a document: a child process (so it can run with
 * --expose-gc) edits, parses, checks, completes and hovers 10,000 times and reports the heap after
 * a full GC. The bound is generous: it catches a leak (growth with every edit), not a few MB of
 * bounded caches filling up.
 */
test('10,000 edits of one document: the heap after GC stops growing', { timeout: 900_000 }, () => {
  const script = join(__dirname, 'support', 'editLoop.ts');
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, '10000'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  const { samples } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { samples: { edit: number; heapMB: number }[] };
  console.log(samples.map((s) => `after ${s.edit} edits: ${s.heapMB} MB`).join('; '));
  const at = (n: number) => samples.find((s) => s.edit === n)!.heapMB;
  // Caches may fill up to their bounds; a leak keeps growing between the last checkpoints too
  // (before the parse cache was bounded by size it grew 62 MB here; now about 4 MB).
  const late = at(10_000) - at(5000);
  assert.ok(late < 24, `heap grew ${late} MB between edit 5,000 and 10,000: ${JSON.stringify(samples)}`);
  assert.ok(at(10_000) < 1024, `heap at 10,000 edits is ${at(10_000)} MB`);
});
