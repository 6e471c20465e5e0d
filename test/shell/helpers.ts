import { readManifestsFor, readPlainFile } from '../../server/src/cli/simulate';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS } from '../../server/src/sim/index';
import { SimulationBackend } from '../../server/src/shell/backend';
import { ShellClock } from '../../server/src/shell/clock';
import { ShellSession } from '../../server/src/shell/session';

/** A shell on a fresh simulated cluster (one minikube node), with a paused clock unless told. */
export function newShell(opts: { objects?: Record<string, unknown>[]; now?: () => number; speed?: number } = {}) {
  const sim = createSimulation({
    objects: opts.objects ?? [],
    seed: 1,
    horizon: 3600,
    behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }),
    io: { readManifests: readManifestsFor, readFile: readPlainFile },
  });
  const backend = new SimulationBackend(sim);
  const session = new ShellSession(backend, new ShellClock(opts.now ?? (() => 0), opts.speed ?? 1, !opts.now));
  return { sim, backend, session };
}

/** Lines of a kubectl table, each split on runs of 2+ spaces. */
export function rows(text: string): string[][] {
  return text.trim().split('\n').map((l) => l.trim().split(/\s{2,}/));
}
