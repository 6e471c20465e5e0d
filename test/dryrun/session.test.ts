import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DryRunSession, type SimulationHandle, type SimulationInput } from '../../server/src/engine/dryrun/session';
import type { SimSnapshot } from '../../server/src/engine/dryrun/contract';

/**
 * A recording stand-in for the simulator, to test the session's bookkeeping (time travel and
 * what-if replay) in isolation: pods appear one per 20 s up to `replicas`, `scale` changes it.
 */
class RecordingSim implements SimulationHandle {
  time = 0;
  replicas = 3;
  readonly log: string[] = [];
  constructor(readonly input: SimulationInput, readonly builds: RecordingSim[]) {
    builds.push(this);
  }
  runUntil(t: number): void {
    this.time = t;
  }
  snapshot(): SimSnapshot {
    const n = Math.min(this.replicas, Math.floor(this.time / 20));
    return {
      time: this.time, nodes: [], workloads: [], services: [], jobs: [], events: [], timeline: [], assumptions: [],
      pods: Array.from({ length: n }, (_, i) => ({ namespace: 'default', name: `p${i}`, owner: null, node: 'n', phase: 'Running', status: 'Running', ready: '1/1', restarts: 0, containers: [] })),
    };
  }
  kubectl(argv: string[]): { ok: boolean; output: string } {
    this.log.push(`${this.time}:${argv.join(' ')}`);
    if (argv[0] !== 'scale') return { ok: false, output: `error: unknown command "${argv[0]}"` };
    this.replicas = Number(argv[2].split('=')[1]);
    return { ok: true, output: 'scaled' };
  }
  apply(): { ok: boolean; output: string } {
    return { ok: true, output: '' };
  }
}

test('seek forward, what-if, seek back replays the what-if at its time, a past what-if drops later ones', async () => {
  const builds: RecordingSim[] = [];
  const s = new DryRunSession((input) => new RecordingSim(input, builds), [{ kind: 'Deployment' }], 7, 3600);
  assert.equal(builds[0].input.seed, 7);
  await s.seek(50);
  assert.equal(s.time, 50);
  assert.equal(s.whatIf(['scale', 'deploy/x', '--replicas=1']).ok, true);
  assert.equal(s.diverged, true);
  assert.equal(s.whatIf(['frobnicate']).ok, false);
  assert.equal(s.whatIfs.length, 1, 'failed commands are not recorded');
  await s.seek(100);
  await s.seek(30); // back in time: a fresh simulation, the what-if (at 50) not yet applied
  assert.equal(builds.length, 2);
  assert.equal(s.diverged, false);
  assert.deepEqual(builds[1].log, []);
  await s.seek(80);
  assert.deepEqual(builds[1].log, ['50:scale deploy/x --replicas=1']);
  assert.equal(s.snapshot().pods.length, 1);
  await s.seek(20);
  s.whatIf(['scale', 'deploy/x', '--replicas=5']);
  assert.deepEqual(s.whatIfs.map((w) => w.time), [20], 'the later what-if belongs to the abandoned history');
  s.reset();
  assert.equal(s.time, 0);
  assert.equal(s.whatIfs.length, 0);
});

test('run to steady state stops once nothing visible changes for a minute', async () => {
  const builds: RecordingSim[] = [];
  const s = new DryRunSession((input) => new RecordingSim(input, builds), [], 1, 3600);
  await s.runToSteady(900);
  // Pods appear at 20, 40, 60 s; nothing changes after 60 s.
  assert.equal(s.time, 60);
  assert.equal(s.snapshot().pods.length, 3);
});

test('cancellation stops a long run', async () => {
  const s = new DryRunSession((input) => new RecordingSim(input, []), [], 1, 3600);
  await assert.rejects(s.seek(3000, { isCancellationRequested: true }), /cancelled/);
});
