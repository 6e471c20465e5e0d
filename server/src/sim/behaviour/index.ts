/**
 * The behaviour model: what a container would do, decided without running anything.
 * The kubelet uses it through the contract in ./types.ts.
 */
import type { BehaviourModel, ImageBehaviourOverride } from './types';
import { CatalogBehaviourModel, type BehaviourModelOptions } from './model';

export * from './types';
export { parseWorkspaceConfig, defaultClusterShape, parseCpuMillis, parseMemoryBytes, DEFAULT_NODE } from './workspaceConfig';
export type { ClusterShape, ClusterNode, NodeTaint } from './workspaceConfig';
export type { BehaviourModelOptions } from './model';
export { DEFAULT_EPOCH_SECONDS } from './shell/dateText';
export { DEFAULT_POD_IP } from './containerRun';
export { parseImageRef } from './imageRef';
export { CATALOG } from './catalog';

export function createBehaviourModel(overrides?: ImageBehaviourOverride[], options?: BehaviourModelOptions): BehaviourModel {
  return new CatalogBehaviourModel(overrides ?? [], options);
}
