import type { YamlFile } from '../yaml/documents';
import type { SimulationFactory } from './session';

/**
 * Adapter from the dry-run session to the simulator (server/src/sim). The workspace files are
 * passed so the cluster shape and image behaviours of `.kube-rehearsal.yaml` apply.
 */
export function createSimulationFactory(files: () => YamlFile[]): SimulationFactory {
  void files;
  return () => {
    throw new Error('the simulator is not built yet (server/src/sim/index.ts)');
  };
}
