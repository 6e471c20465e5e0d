import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloneFinding, deferFixes, hasDeferredFixes } from '../../server/src/engine/deferredFixes';
import type { Finding, Fix } from '../../server/src/engine/findings';
import { checkFiles } from '../../server/src/engine/check';
import { DEFAULT_SETTINGS } from '../../server/src/engine/config';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';

/** Quick fixes computed on first read give what an eager computation gives, wherever the finding moved. */

const range = (line: number) => ({ start: { line, character: 2 }, end: { line, character: 5 } });
const fix = (line: number): Fix[] => [{ title: 't', edits: [{ range: range(line), newText: 'x' }], preferred: true }];

test('a deferred fix is computed once, on first read, moved by the lines its copies were moved by', () => {
  let calls = 0;
  const f: Finding = { range: range(1), severity: 'warning', code: 'c', message: 'm', source: 's' };
  deferFixes(f, () => (calls++, fix(1)), 10);
  const moved = cloneFinding(f, { range: range(21) }, 10);
  const warned = cloneFinding(moved, { severity: 'information' });
  assert.equal(calls, 0);
  assert.ok(hasDeferredFixes(warned));
  // Same keys, same order as the eager object.
  assert.equal(JSON.stringify(warned), JSON.stringify({ range: range(21), severity: 'information', code: 'c', message: 'm', source: 's', fixes: fix(21) }));
  assert.equal(JSON.stringify(f), JSON.stringify({ range: range(1), severity: 'warning', code: 'c', message: 'm', source: 's', fixes: fix(11) }));
  assert.equal(calls, 2);
  assert.equal(f.fixes, f.fixes);
  assert.equal(calls, 2);
  assert.ok(!hasDeferredFixes(f));
});

test('a deferred fix without edits leaves no fixes key, as an eager one would', () => {
  const f: Finding = { range: range(1), severity: 'warning', code: 'c', message: 'm' };
  deferFixes(f, () => undefined);
  assert.equal(JSON.stringify(f), JSON.stringify({ range: range(1), severity: 'warning', code: 'c', message: 'm' }));
  assert.ok(!('fixes' in f));
});

test('production profile: the quick fixes of a document moved by an edit above it equal those of a fresh check', () => {
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          ports:\n            - containerPort: 80\n';
  const settings = { ...DEFAULT_SETTINGS, profile: 'production' as const };
  const before = parseYamlFile('file:///w/a.yaml', deployment);
  checkFiles([before], { settings });
  const after = parseYamlFile('file:///w/a.yaml', `# a comment\n\n${deployment}`, before);
  const found = checkFiles([after], { settings }).get(after.uri)!;
  const fresh = checkFiles([parseYamlFile(after.uri, after.text)], { settings }).get(after.uri)!;
  const probe = found.find((x) => x.code === 'probes-missing');
  assert.ok(probe?.fixes?.[0].edits[0].range.start.line! > 2, 'the fix points below the inserted lines');
  assert.equal(JSON.stringify(found), JSON.stringify(fresh));
});
