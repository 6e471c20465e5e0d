import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkspaceIndex, type IndexedObject } from '../../server/src/engine/workspace/index';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { failingRequirements, selectorFromMap, selectorMatches, type Selector } from '../../server/src/engine/rules/labels';
import { closeTemplates, isNearName, type CloseTemplates } from '../../server/src/engine/rules/selectorNearMiss';

/**
 * The search by label of a selector of equalities (merged label lists, stopped once settled) gives
 * the answer of comparing the selector with every template in workspace order, as the loop for
 * other selectors does: the first template off by one close value or key, and the first of those
 * satisfying the most requirements. Random workspaces over small alphabets (many near values).
 */

/** The answer by comparing with every template (no budget: the workspaces below have fewer than 100). */
function byEveryTemplate(sel: Selector, templates: readonly IndexedObject[]): { miss?: string; closest?: string } {
  let miss: string | undefined;
  let closest: { o: IndexedObject; n: number } | undefined;
  for (const o of templates) {
    const labels = o.podTemplate!.labels;
    const failing = failingRequirements(sel, labels);
    if (!miss && failing.length === 1) {
      const r = failing[0];
      const want = r.values[0];
      let m: string | undefined;
      if (Object.prototype.hasOwnProperty.call(labels, r.key)) m = isNearName(want, labels[r.key]) ? `${o.name} value ${labels[r.key]}` : undefined;
      else {
        const k = Object.keys(labels).find((k) => isNearName(k, r.key) && labels[k] === want) ?? Object.keys(labels).find((k) => labels[k] === want && !sel.requirements.some((q) => q.key === k));
        m = k ? `${o.name} key ${k}` : undefined;
      }
      miss = m;
    }
    if (failing.length < sel.requirements.length && (!closest || failing.length < closest.n)) closest = { o, n: failing.length };
  }
  return { miss, closest: closest?.o.name };
}

function summary(c: CloseTemplates): { miss?: string; closest?: string } {
  return { miss: c.miss ? `${c.miss.target.name} ${c.miss.keyTypo ? 'key' : 'value'} ${c.miss.have}` : undefined, closest: c.closest?.o.name };
}

test('a selector of equalities is looked up by label with the answer of the comparison with every template', () => {
  let seed = 42;
  const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const keys = ['app', 'apq', 'tier', 'role'];
  const values = ['web', 'wbe', 'webapp', 'api', 'db', 'dbx'];
  let compared = 0;
  for (let round = 0; round < 800; round++) {
    const docs: string[] = [];
    const count = 1 + next(40);
    for (let i = 0; i < count; i++) {
      const labels = new Map<string, string>();
      for (let j = 0, n = 1 + next(4); j < n; j++) labels.set(keys[next(keys.length)], values[next(values.length)]);
      const lines = [...labels].map(([k, v]) => `        ${k}: ${v}`).join('\n');
      docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d${i}\nspec:\n  selector:\n    matchLabels:\n${lines.replace(/^ {8}/gm, '      ')}\n  template:\n    metadata:\n      labels:\n${lines}\n    spec:\n      containers:\n        - name: c\n          image: nginx:1.27\n`);
    }
    const index = new WorkspaceIndex();
    index.update(parseYamlFile(`file:///ws/r${round}.yaml`, docs.join('---\n')));
    const templates = index.podTemplatesIn('default');
    for (let s = 0; s < 10; s++) {
      const want: Record<string, string> = {};
      if (s % 2) {
        // A template's labels with one of them changed (a close or another value, another key) and perhaps one more.
        Object.assign(want, templates[next(templates.length)].podTemplate!.labels);
        const k = Object.keys(want)[0];
        if (next(2)) want[k] = values[next(values.length)];
        else {
          want[keys[next(keys.length)]] = want[k];
          delete want[k];
        }
        if (next(2)) want[keys[next(keys.length)]] = values[next(values.length)];
      } else for (let j = 0, n = 1 + next(3); j < n; j++) want[keys[next(keys.length)]] = values[next(values.length)];
      if (Object.keys(want).length === 0) continue;
      const sel = selectorFromMap(want)!;
      // The search is asked only for a selector that matches nothing.
      if (templates.some((o) => selectorMatches(sel, o.podTemplate!.labels) === true)) continue;
      compared++;
      assert.deepEqual(summary(closeTemplates(sel, templates, index, 'default')), byEveryTemplate(sel, templates), `${JSON.stringify(want)} in round ${round}`);
    }
  }
  assert.ok(compared > 300, `${compared} selectors compared`);
});
