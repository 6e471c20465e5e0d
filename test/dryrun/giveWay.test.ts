import { test } from 'node:test';
import assert from 'node:assert/strict';
import { giveWay } from '../../server/src/engine/giveWay';
import { createSimulation, DEFAULT_EPOCH_MS } from '../../server/src/sim/index';
import { createBehaviourModel } from '../../server/src/sim/behaviour';

/**
 * Background work hands the event loop back with giveWay: work that comes in while a slice runs
 * (a message read from the client: here a timer, which runs at the same point of the loop, before
 * the slice's pause resumes) and what it queues for the turn after run before the next slice.
 */

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

/** Slices of `sliceMs` with giveWay (or a plain setImmediate) between them, until stopped. */
function background(sliceMs: number, pause: () => Promise<void>) {
  const state = { slices: 0, stop: false, done: undefined as Promise<void> | undefined };
  state.done = (async () => {
    while (!state.stop) {
      busy(sliceMs);
      state.slices++;
      await pause();
    }
  })();
  return state;
}

/** A chain of `levels` turns started by a timer, each `workMs` long: the slice count seen at each level. */
function foregroundChain(levels: number, workMs: number, seen: () => number): Promise<number[]> {
  return new Promise((resolve) => {
    const out: number[] = [];
    const level = () => {
      busy(workMs);
      out.push(seen());
      if (out.length < levels) setImmediate(level);
      else resolve(out);
    };
    setTimeout(level, 1);
  });
}

const plainImmediate = () => new Promise<void>((r) => setImmediate(r));

test('a message handled in its own turn and the quick work it queues for the next both run before the next slice', async () => {
  for (let round = 0; round < 20; round++) {
    const bg = background(3, giveWay);
    const seen = await foregroundChain(2, 0, () => bg.slices);
    bg.stop = true;
    await bg.done;
    assert.equal(seen[0], seen[1], `round ${round}: a slice ran between the two turns (${seen.join(', ')})`);
  }
  // A plain setImmediate lets the next slice in between (what giveWay is for).
  let between = 0;
  for (let round = 0; round < 20; round++) {
    const bg = background(3, plainImmediate);
    const seen = await foregroundChain(2, 0, () => bg.slices);
    bg.stop = true;
    await bg.done;
    if (seen[1] > seen[0]) between++;
  }
  assert.ok(between > 0, 'with setImmediate alone no slice ever ran between the two turns: the test would not tell');
});

test('foreground work that keeps taking turns runs before the next slice, up to a bound', async () => {
  const bg = background(3, giveWay);
  const seen = await foregroundChain(5, 1, () => bg.slices);
  bg.stop = true;
  await bg.done;
  assert.deepEqual(seen, seen.map(() => seen[0]), `slices ran in between: ${seen.join(', ')}`);
  // Endless foreground turns do not stall the background for good.
  const bg2 = background(1, giveWay);
  const start = bg2.slices;
  await foregroundChain(60, 1, () => bg2.slices);
  bg2.stop = true;
  await bg2.done;
  assert.ok(bg2.slices > start + 1, `the background ran ${bg2.slices - start} slices during 60 busy foreground turns`);
});

test('a simulation run to a deadline that has passed still moves on one event per call, and ends where a run without deadlines ends', () => {
  const manifest = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
  };
  const make = () => createSimulation({ objects: [manifest], seed: 1, horizon: 120, behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }) });
  const whole = make();
  whole.runUntil(60);
  const sliced = make();
  let calls = 0;
  while (!sliced.runUntil(60, Date.now() - 1)) calls++;
  assert.ok(calls > 10, `only ${calls} pauses`);
  assert.equal(sliced.time, 60);
  assert.deepEqual(sliced.snapshot(), whole.snapshot());
});
