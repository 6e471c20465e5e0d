import { CATALOG, createBehaviourModel, type BehaviourModel } from '../../sim/behaviour/index';
import type { ImageCatalog } from './completion';

/**
 * The simulator's image catalog as the editor sees it: names people write (`nginx`,
 * `registry.k8s.io/pause`) with the tags the simulator knows, and its summary of an image.
 */
export function simulatorImageCatalog(model: BehaviourModel = createBehaviourModel()): ImageCatalog {
  let list: { name: string; tags: string[]; summary?: string }[] | undefined;
  return {
    images() {
      list ??= CATALOG.map((p) => {
        const name = p.repository.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
        // Version tags first and `latest` last: a pinned tag is what a manifest should carry.
        const rank = (t: string) => (/^v?\d/.test(t) ? 0 : t === 'latest' ? 2 : 1);
        const tags = [...(model.describeImage(name).tags ?? [])].sort((a, b) => rank(a) - rank(b));
        return { name, tags, summary: p.summary };
      });
      return list;
    },
    describe: (image) => model.describeImage(image),
  };
}
