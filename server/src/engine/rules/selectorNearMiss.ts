import { msg, type MessageRef } from '../messages';
import type { IndexedObject, WorkspaceIndex } from '../workspace/index';
import { editDistance } from './editDistance';
import { explainFailuresRef, failingRequirements, type Requirement, type Selector } from './labels';

/**
 * How close the pod templates of a namespace come to a selector that matches none of them. The
 * "selects nothing" rules speak only when something comes close: a selector that nothing in the
 * workspace even partly matches selects pods deployed by other means (a Helm chart, an operator,
 * another repository, or a workload a kustomize component removed), and saying so would be a guess.
 */

/** Close enough to be a typo: ngnix/nginx, wbe/web (one or two edits, by length). */
export function isTypo(a: string, b: string): boolean {
  if (a === b) return false;
  const limit = Math.max(1, Math.min(2, Math.floor(Math.max(a.length, b.length) / 3)));
  return editDistance(a, b, limit) <= limit;
}

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

/**
 * The first near miss and the closest partial match among `candidates` (the pod templates of
 * namespace `ns`, in workspace order). A selector of equalities (a Service's, matchLabels) is
 * looked up by label; others are compared with every template.
 */
export function closeTemplates(sel: Selector, candidates: readonly IndexedObject[], index: WorkspaceIndex, ns: string): CloseTemplates {
  if (sel.requirements.length > 0 && sel.requirements.every((r) => r.operator === 'In' && r.values.length === 1)) return searchByLabel(sel, labelTable(index, ns, candidates));
  let miss: NearMiss | undefined;
  let closest: CloseTemplates['closest'];
  for (const o of candidates) {
    const failing = failingRequirements(sel, o.podTemplate!.labels);
    if (!miss && failing.length === 1) miss = nearMiss(sel, o, failing[0]);
    if (failing.length < sel.requirements.length && (!closest || failing.length < closest.failing.length)) closest = { o, failing };
  }
  return { miss, closest };
}

/**
 * The pod templates of a namespace by label. Comparing every selector with every template made
 * 4,000 Services that miss 4,000 Deployments take 40 s; by label, a selector visits only the
 * templates that share a label with it (and, for a one-label selector, the distinct values of that
 * label). Built once per namespace and state of the index.
 */
interface LabelTable {
  templates: readonly IndexedObject[];
  /** key -> value -> positions in `templates` (ascending) of the templates with that label */
  byPair: Map<string, Map<string, number[]>>;
  /** value -> positions of the templates with that value under some key */
  byValue: Map<string, number[]>;
}

const NO_POSITIONS: number[] = [];

const labelTables = new WeakMap<WorkspaceIndex, { version: number; byNamespace: Map<string, LabelTable> }>();

function labelTable(index: WorkspaceIndex, ns: string, templates: readonly IndexedObject[]): LabelTable {
  let memo = labelTables.get(index);
  if (!memo || memo.version !== index.version) labelTables.set(index, (memo = { version: index.version, byNamespace: new Map() }));
  const known = memo.byNamespace.get(ns);
  if (known) return known;
  const table: LabelTable = { templates, byPair: new Map(), byValue: new Map() };
  templates.forEach((o, p) => {
    const labels = o.podTemplate!.labels;
    for (const k in labels) {
      if (!Object.prototype.hasOwnProperty.call(labels, k)) continue;
      let values = table.byPair.get(k);
      if (!values) table.byPair.set(k, (values = new Map()));
      append(values, labels[k], p);
      append(table.byValue, labels[k], p);
    }
  });
  memo.byNamespace.set(ns, table);
  return table;
}

function append(m: Map<string, number[]>, key: string, p: number): void {
  const list = m.get(key);
  if (!list) m.set(key, [p]);
  else if (list[list.length - 1] !== p) list.push(p);
}

/**
 * Close values are looked for among the first 100 templates (or distinct values of the label) that
 * could be one: a typo is a hint, and a namespace of thousands of workloads would make every
 * selector compare with every template again.
 */
const NEAR_MISS_BUDGET = 100;

/** closeTemplates for a selector of equalities: the same answer as the loop, within the budget above. */
function searchByLabel(sel: Selector, table: LabelTable): CloseTemplates {
  const k = sel.requirements.length;
  // The templates that share a label with the selector, in workspace order: a merge of the
  // requirements' lists (each ascending), how many lists hold a template being how many
  // requirements it satisfies. No template satisfies all (none matches), so the first satisfying
  // all but one is the closest, and the merge stops once the near miss is settled too: a
  // namespace of 4,000 workloads of one tier is not gone through for each of 4,000 Services.
  const lists: readonly number[][] = sel.requirements.map((r) => table.byPair.get(r.key)?.get(r.values[0]) ?? NO_POSITIONS);
  const at = new Int32Array(k);
  let closestAt = -1;
  let most = 0;
  let miss: NearMiss | undefined;
  // Failing exactly one requirement means satisfying all the others: the candidates for a near miss (k > 1).
  let missSettled = k === 1;
  let budget = NEAR_MISS_BUDGET;
  for (;;) {
    let p = Infinity;
    for (let i = 0; i < k; i++) if (at[i] < lists[i].length && lists[i][at[i]] < p) p = lists[i][at[i]];
    if (p === Infinity) break;
    let count = 0;
    for (let i = 0; i < k; i++) {
      if (at[i] < lists[i].length && lists[i][at[i]] === p) {
        count++;
        at[i]++;
      }
    }
    if (count > most) {
      closestAt = p;
      most = count;
    }
    if (!missSettled && count === k - 1) {
      if (budget-- === 0) missSettled = true;
      else {
        const o = table.templates[p];
        // The one requirement it fails (it satisfies all the others).
        const labels = o.podTemplate!.labels;
        const failing = sel.requirements.find((r) => !Object.prototype.hasOwnProperty.call(labels, r.key) || labels[r.key] !== r.values[0])!;
        if ((miss = nearMiss(sel, o, failing))) missSettled = true;
      }
    }
    if (missSettled && most >= k - 1) break;
  }
  const closest = closestAt >= 0 ? { o: table.templates[closestAt], failing: failingRequirements(sel, table.templates[closestAt].podTemplate!.labels) } : undefined;
  if (k === 1) {
    // One requirement, which every template fails: the first with a close value under the key, or
    // with the wanted value under another key.
    const r = sel.requirements[0];
    const want = r.values[0];
    let first = Infinity;
    let budget = NEAR_MISS_BUDGET;
    for (const [value, at] of table.byPair.get(r.key) ?? []) {
      if (budget-- === 0) break;
      if (at[0] < first && isNearName(want, value)) first = at[0];
    }
    for (const p of table.byValue.get(want) ?? []) {
      if (p >= first) break;
      if (!Object.prototype.hasOwnProperty.call(table.templates[p].podTemplate!.labels, r.key)) first = p;
    }
    if (first < Infinity) miss = nearMiss(sel, table.templates[first], r);
  }
  return { miss, closest };
}

/** The part of a message that says what came close: a did-you-mean, or the closest template and why it fails. */
export function closenessHint(c: CloseTemplates): string | MessageRef {
  if (c.miss) {
    const m = c.miss;
    const target = `${m.target.kind} ${m.target.name ?? ''}`;
    return msg(m.keyTypo ? 'near-miss.key-typo' : 'near-miss.value-typo', { have: m.have, want: m.want, key: m.key, target });
  }
  if (c.closest) {
    const { o, failing } = c.closest;
    return msg('near-miss.closest', { target: `${o.kind} ${o.name ?? ''}`, reasons: explainFailuresRef(failing, o.podTemplate!.labels) });
  }
  return '';
}
