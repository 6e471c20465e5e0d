import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { createBehaviourModel, type ImageBehaviourOverride } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS, type ClusterShape, type Simulation } from '../../server/src/sim/index';

export const FIXTURES = join(__dirname, '..', '..', 'test-fixtures', 'sim');

export function loadFixture(name: string): Record<string, unknown>[] {
  const text = readFileSync(join(FIXTURES, name), 'utf8');
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Record<string, unknown>)
    .filter((v) => v && typeof v === 'object');
}

export function simulate(fixtures: string[], opts: { horizon?: number; cluster?: ClusterShape; seed?: number; images?: ImageBehaviourOverride[] } = {}): Simulation {
  return createSimulation({
    objects: fixtures.flatMap(loadFixture),
    horizon: opts.horizon ?? 600,
    cluster: opts.cluster,
    seed: opts.seed ?? 1,
    behaviour: createBehaviourModel(opts.images ?? [], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }),
  });
}

/** Runs one kubectl command and fails the test on a non-zero exit. */
export function kubectl(sim: Simulation, line: string): string {
  const r = sim.runKubectl(line.split(/\s+/).filter(Boolean));
  if (r.exitCode !== 0) throw new Error(`kubectl ${line}: ${r.stderr}`);
  return r.stdout;
}

export function events(sim: Simulation, filter: { reason?: string; object?: string | RegExp } = {}) {
  return sim.snapshot().events.filter(
    (e) => (!filter.reason || e.reason === filter.reason) && (!filter.object || (typeof filter.object === 'string' ? e.object === filter.object : filter.object.test(e.object))),
  );
}

export function pods(sim: Simulation, prefix = '') {
  return sim.snapshot().pods.filter((p) => p.name.startsWith(prefix));
}

export function firstEventTime(sim: Simulation, reason: string, object: string | RegExp): number {
  const e = events(sim, { reason, object })[0];
  if (!e) throw new Error(`no ${reason} event for ${object}`);
  return e.time;
}
