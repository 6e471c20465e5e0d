import type { IndexedObject } from '../workspace/index';
import { editDistance } from './editDistance';
import { explainFailure, failingRequirements, type Requirement, type Selector } from './labels';

/**
 * How close the pod templates of a namespace come to a selector that matches none of them. The
 * "selects nothing" rules speak only when something comes close: a selector that nothing in the
 * workspace even partly matches selects pods deployed by other means (a Helm chart, an operator,
 * another repository, or a workload a kustomize component removed), and saying so would be a guess.
 */

/** Close enough to be a typo: ngnix/nginx, wbe/web (one or two edits, by length). */
export const isTypo = (a: string, b: string): boolean => a !== b && editDistance(a, b) <= Math.max(1, Math.min(2, Math.floor(Math.max(a.length, b.length) / 3)));

/** Close enough to be a typo (ngnix/nginx) or a truncation (web/webapp). */
export const isNearName = (a: string, b: string): boolean => isTypo(a, b) || (a !== b && Math.min(a.length, b.length) >= 3 && (a.includes(b) || b.includes(a)));

export interface NearMiss {
  target: IndexedObject;
  key: string;
  want: string;
  have: string;
  /** The selector key itself is misspelt (have is the template's key) */
  keyTypo: boolean;
}

/** Whether template `t`, failing only requirement `r` of the selector, differs by one close value (or one close key). */
function nearMiss(sel: Selector, t: IndexedObject, r: Requirement): NearMiss | undefined {
  // Only an equality (matchLabels, or In with one value) has a value that can be misspelt.
  if (r.operator !== 'In' || r.values.length !== 1) return undefined;
  const labels = t.podTemplate!.labels;
  const want = r.values[0];
  if (Object.prototype.hasOwnProperty.call(labels, r.key)) {
    return isNearName(want, labels[r.key]) ? { target: t, key: r.key, want, have: labels[r.key], keyTypo: false } : undefined;
  }
  // A misspelt key with the right value, or the right value under another key (tier vs component)
  const k = Object.keys(labels).find((k) => isNearName(k, r.key) && labels[k] === want) ?? Object.keys(labels).find((k) => labels[k] === want && !sel.requirements.some((q) => q.key === k));
  return k ? { target: t, key: r.key, want, have: k, keyTypo: true } : undefined;
}

export interface CloseTemplates {
  /** The first template off by one close value or key. */
  miss?: NearMiss;
  /** The template that satisfies the most requirements of the selector (some, not all). */
  closest?: { o: IndexedObject; failing: Requirement[] };
}

/** In one pass over `candidates`: the first near miss, and the closest partial match. */
export function closeTemplates(sel: Selector, candidates: readonly IndexedObject[]): CloseTemplates {
  let miss: NearMiss | undefined;
  let closest: CloseTemplates['closest'];
  for (const o of candidates) {
    const failing = failingRequirements(sel, o.podTemplate!.labels);
    if (!miss && failing.length === 1) miss = nearMiss(sel, o, failing[0]);
    if (failing.length < sel.requirements.length && (!closest || failing.length < closest.failing.length)) closest = { o, failing };
  }
  return { miss, closest };
}

/** The part of a message that says what came close: a did-you-mean, or the closest template and why it fails. */
export function closenessHint(c: CloseTemplates): string {
  if (c.miss) {
    const m = c.miss;
    const who = `${m.target.kind} ${m.target.name ?? ''}`;
    return m.keyTypo ? `; did you mean \`${m.have}: ${m.want}\` (${who} has \`${m.have}\`, not \`${m.key}\`)?` : `; did you mean \`${m.key}: ${m.have}\` (${who} has \`${m.key}: ${m.have}\`, not \`${m.key}: ${m.want}\`)?`;
  }
  if (c.closest) {
    const { o, failing } = c.closest;
    return `; closest: ${o.kind} ${o.name ?? ''} (${failing.map((r) => explainFailure(r, o.podTemplate!.labels)).join('; ')})`;
  }
  return '';
}
