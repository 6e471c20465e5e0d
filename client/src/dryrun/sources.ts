import { locationKey, type LocationDto } from '../../../server/src/engine/dryrun/protocol';
import { identityTranslate, type DryRunTreeNode, type Translate } from './treeModel';

/**
 * The dry run of a kustomization simulates what kustomize built, not the files: each workload,
 * Service and Job row says which source file its object came from (the file name before the row's
 * description, the workspace-relative path in its tooltip). Pure, so it is tested without VS Code.
 */
export function annotateSources(roots: DryRunTreeNode[], locations: Record<string, LocationDto>, relativePath: (uri: string) => string, t: Translate = identityTranslate): void {
  const visit = (n: DryRunTreeNode) => {
    if (n.ref && !n.ref.container && n.type !== 'pod' && n.type !== 'replicaset' && n.type !== 'container') {
      const loc = locations[locationKey(n.ref.kind, n.ref.namespace, n.ref.name)];
      if (loc) {
        const path = relativePath(loc.uri);
        const name = path.slice(path.lastIndexOf('/') + 1);
        // First, so a narrow side bar still shows it.
        n.description = n.description ? `${name} · ${n.description}` : name;
        n.tooltip = `${n.tooltip ?? ''}\n\n${t('Source: `{0}`, line {1}', path, loc.range.start.line + 1)}`.trim();
      }
    }
    n.children.forEach(visit);
  };
  roots.forEach(visit);
}
