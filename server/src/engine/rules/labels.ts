import { msg, renderMessage, type MessageRef } from '../messages';
import { asArray, asRecord } from '../workspace/podTemplate';
import { valueText } from '../valueText';

/**
 * Label selectors evaluated the way the API machinery does (`metav1.LabelSelectorAsSelector`):
 * matchLabels become `In` requirements with one value, and every requirement must hold.
 */

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
  /** Index in matchExpressions, or undefined for a matchLabels entry. */
  expressionIndex?: number;
}

export interface Selector {
  requirements: Requirement[];
  /** Some key or value comes from a template (`{{ … }}`): matching is unknown. */
  templated: boolean;
  /** An operator we do not know (schema validation reports it): matching is unknown. */
  invalid: boolean;
}

export const isTemplatedString = (s: unknown): boolean => typeof s === 'string' && s.includes('{{');

/** A `metav1.LabelSelector` (matchLabels + matchExpressions); undefined when `v` is not a map. */
export function parseLabelSelector(v: unknown): Selector | undefined {
  const r = asRecord(v);
  if (!r) return undefined;
  const sel: Selector = { requirements: [], templated: false, invalid: false };
  const ml = asRecord(r.matchLabels);
  if (ml) addMapRequirements(sel, ml);
  else if (isTemplatedString(r.matchLabels)) sel.templated = true;
  asArray(r.matchExpressions).forEach((e, i) => {
    const er = asRecord(e);
    if (!er) return;
    const key = String(er.key ?? '');
    const op = String(er.operator ?? '');
    const values = asArray(er.values).map((x) => String(x));
    if (isTemplatedString(key) || values.some(isTemplatedString) || isTemplatedString(op)) sel.templated = true;
    if (op === 'In' || op === 'NotIn' || op === 'Exists' || op === 'DoesNotExist') {
      sel.requirements.push({ key, operator: op, values, expressionIndex: i });
    } else {
      sel.invalid = true;
    }
  });
  if (isTemplatedString(r.matchExpressions)) sel.templated = true;
  return sel;
}

/** A plain `map[string]string` selector (ReplicationController, Service). */
export function selectorFromMap(v: unknown): Selector | undefined {
  const r = asRecord(v);
  if (!r) return undefined;
  const sel: Selector = { requirements: [], templated: false, invalid: false };
  addMapRequirements(sel, r);
  return sel;
}

function addMapRequirements(sel: Selector, map: Record<string, unknown>): void {
  for (const k in map) {
    if (!Object.prototype.hasOwnProperty.call(map, k)) continue;
    const raw = map[k];
    // `app: {{ .Values.x }}` unquoted parses as a flow map: a value we cannot know.
    if (raw !== null && typeof raw === 'object') sel.invalid = true;
    const value = valueText(raw);
    if (isTemplatedString(k) || isTemplatedString(value)) sel.templated = true;
    sel.requirements.push({ key: k, operator: 'In', values: [value] });
  }
}

export function isEmptySelector(sel: Selector): boolean {
  return sel.requirements.length === 0 && !sel.templated && !sel.invalid;
}

export function requirementMatches(req: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  switch (req.operator) {
    case 'In':
      return has && req.values.includes(labels[req.key]);
    case 'NotIn':
      return !has || !req.values.includes(labels[req.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/**
 * Whether `sel` selects an object with `labels`: true, false, or undefined when either side is
 * templated or the selector is malformed (unknown, never a mismatch).
 * An empty selector matches everything (callers that forbid empty selectors check that first).
 */
export function selectorMatches(sel: Selector, labels: Record<string, string>, labelsTemplated = false): boolean | undefined {
  if (sel.templated || sel.invalid) return undefined;
  // Asked for every candidate of every selector: no list of the failing requirements is built.
  if (sel.requirements.every((r) => requirementMatches(r, labels))) return true;
  if (labelsTemplated || Object.keys(labels).some(isTemplatedString) || Object.values(labels).some(isTemplatedString)) return undefined;
  return false;
}

/** The requirements `labels` fail, for messages. */
export function failingRequirements(sel: Selector, labels: Record<string, string>): Requirement[] {
  return sel.requirements.filter((r) => !requirementMatches(r, labels));
}

/** Human reading of why a requirement fails, e.g. `app: selector wants "web", template has "api"`. */
export function explainFailure(req: Requirement, labels: Record<string, string>): string {
  return renderMessage(explainFailureRef(req, labels));
}

/** The same, as a message an editor can show in the user's language. */
export function explainFailureRef(req: Requirement, labels: Record<string, string>): MessageRef {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const actual = has ? JSON.stringify(labels[req.key]) : msg('selector-failure.no-label');
  switch (req.operator) {
    case 'In':
      return req.values.length === 1
        ? msg('selector-failure.wants', { key: req.key, want: JSON.stringify(req.values[0]), actual })
        : msg('selector-failure.wants-one-of', { key: req.key, values: req.values.map((v) => JSON.stringify(v)).join(', '), actual });
    case 'NotIn':
      return msg('selector-failure.excludes', { key: req.key, value: JSON.stringify(labels[req.key]) });
    case 'Exists':
      return msg('selector-failure.exists', { key: req.key });
    case 'DoesNotExist':
      return msg('selector-failure.absent', { key: req.key, actual });
  }
}

/** Why a template fails a selector, every failing requirement, joined by "; ". */
export function explainFailuresRef(reqs: readonly Requirement[], labels: Record<string, string>): string | MessageRef {
  const refs = reqs.map((r) => explainFailureRef(r, labels));
  if (refs.length === 0) return '';
  return refs.slice(1).reduce<MessageRef>((acc, r) => msg('list.semicolon', { first: acc, rest: r }), refs[0]);
}

/** Go-like rendering of a label map the way the API server prints invalid values (1.34+: JSON). */
export function renderLabelMap(labels: Record<string, string>): string {
  // As the API server prints the value (Go's %#v of a map: keys sorted).
  return `map[string]string{${Object.keys(labels).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(labels[k])}`).join(', ')}}`;
}

/** Human rendering of a selector: `app=web,tier in (a,b),!legacy`. */
export function renderSelector(sel: Selector): string {
  return sel.requirements
    .map((r) => {
      switch (r.operator) {
        case 'In':
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return `${r.key} notin (${r.values.join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
      }
    })
    .join(',');
}
