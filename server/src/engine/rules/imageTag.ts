import type { Finding } from '../findings';
import { msg } from '../messages';
import type { Rule } from './index';
import { containersOf } from './containerIterate';
import { finding, isTemplated } from './ruleSupport';

/** Splits `registry:5000/ns/name:tag@sha256:…` into its tag and digest. */
export function imageTagAndDigest(image: string): { tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const ref = at >= 0 ? image.slice(0, at) : image;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return { tag: colon > slash ? ref.slice(colon + 1) : undefined, digest };
}

/**
 * No tag means `:latest`: imagePullPolicy then defaults to Always and what runs changes with
 * every push. Information only: it is legal and common in examples.
 */
export const imageLatestTag: Rule = {
  id: 'image-latest-tag',
  defaultSeverity: 'information',
  description: 'A container image has no tag or uses :latest, so what runs can change between pulls.',
  check(ctx) {
    const out: Finding[] = [];
    for (const { container, path } of containersOf(ctx)) {
      const image = container.image;
      if (typeof image !== 'string' || image === '' || isTemplated(image) || image.includes('$')) continue;
      const { tag, digest } = imageTagAndDigest(image);
      if (digest) continue;
      if (tag === undefined) out.push(finding(imageLatestTag, ctx, [...path, 'image'], msg('image-latest-tag.untagged', { image })));
      else if (tag === 'latest') out.push(finding(imageLatestTag, ctx, [...path, 'image'], msg('image-latest-tag.latest', { image })));
    }
    return out;
  },
};
