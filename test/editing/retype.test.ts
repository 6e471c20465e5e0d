import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { completions } from '../../server/src/engine/editing/completion';
import { hover } from '../../server/src/engine/editing/hover';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { kindEntryOf } from '../../server/src/engine/editing/schemaInfo';
import { documentSymbols } from '../../server/src/engine/editing/symbols';
import { foldingRanges } from '../../server/src/engine/editing/folding';
import type { DocumentSymbol } from '../../server/src/engine/editing/types';
import type { Range } from '../../server/src/engine/findings';

/**
 * Re-typing real manifests: for every `key:` line of a schema-known document, cut the line back
 * to the first two letters of the key and ask for completions there (the rest of the file stays
 * as it was, so the document around the cursor is half-typed). The key must be offered, and
 * applying it must give back `key:` at the same column. Then hover on every original key must
 * name its field.
 */

const root = join(__dirname, '..', '..');
// Half-typed documents make the yaml library warn about collection keys; the sweep creates thousands.
process.removeAllListeners('warning');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

/** Keys inside free-form maps (labels, data, selectors) are the user's own names, not schema fields. */
const FREE_FORM_PARENTS = /^(labels|annotations|matchLabels|selector|data|stringData|binaryData|nodeSelector|limits|requests|capacity|parameters|hard|default|defaultRequest|max|min|maxLimitRequestRatio|allocatable)$/;

/** Keys whose values come from a closed set the completion knows. */
const ENUM_KEYS = new Set(['kind', 'apiVersion', 'restartPolicy', 'imagePullPolicy', 'protocol', 'concurrencyPolicy', 'pathType', 'operator', 'dnsPolicy', 'sessionAffinity', 'externalTrafficPolicy']);

function retype(path: string): { checked: number; misses: string[]; hovered: number; hoverMisses: string[] } {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const file = parseYamlFile('file:///w/x.yaml', text);
  let checked = 0;
  let hovered = 0;
  const misses: string[] = [];
  const hoverMisses: string[] = [];
  const parents: { col: number; key: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*(?:- )*)([A-Za-z][A-Za-z0-9]*):(?:\s|$)/.exec(lines[i]);
    const doc = file.docs.find((d) => d.start <= file.lines.lineStart(i) && file.lines.lineStart(i) < d.end);
    if (/^---/.test(lines[i])) parents.length = 0;
    if (!m || !doc || !doc.isKubernetes || doc.templated || !kindEntryOf(doc)) continue;
    const col = m[1].length;
    while (parents.length && parents[parents.length - 1].col >= col) parents.pop();
    const parent = parents[parents.length - 1]?.key;
    parents.push({ col, key: m[2] });
    if (parent && FREE_FORM_PARENTS.test(parent)) continue;
    if (m[2] === 'status') continue;
    const key = m[2];
    // hover on the intact file
    const h = hover(file, { line: i, character: col + 1 });
    hovered++;
    if (!h || !h.contents.value.includes(key) || /is not a field/.test(h.contents.value)) hoverMisses.push(`${path}:${i + 1} ${key}`);
    // completion on the half-typed line
    const cut = [...lines.slice(0, i), m[1] + key.slice(0, 2), ...lines.slice(i + 1)].join('\n');
    const f2 = parseYamlFile('file:///w/x.yaml', cut);
    const items = completions(f2, { line: i, character: col + 2 }).items;
    checked++;
    const item = items.find((it) => it.label === key);
    if (!item) {
      misses.push(`${path}:${i + 1} ${key} (offered: ${items.slice(0, 5).map((x) => x.label).join(', ')})`);
      continue;
    }
    assert.equal(item.textEdit.range.start.character, col, `${path}:${i + 1}`);
    assert.ok(item.textEdit.newText.startsWith(key + ':'), `${path}:${i + 1} ${item.textEdit.newText}`);
    // Values with a closed set: cut the value to its first letter; it must be offered back.
    const vm = /^(\s*(?:- )*[A-Za-z]+:\s+)["']?([A-Za-z][A-Za-z0-9./-]*)["']?\s*$/.exec(lines[i]);
    if (vm && ENUM_KEYS.has(key) && !(key === 'apiVersion' && col > 0) && !(key === 'kind' && col > 0)) {
      const cutValue = [...lines.slice(0, i), vm[1] + vm[2].slice(0, 1), ...lines.slice(i + 1)].join('\n');
      const f3 = parseYamlFile('file:///w/x.yaml', cutValue);
      const values = completions(f3, { line: i, character: vm[1].length + 1 }).items;
      checked++;
      if (!values.some((v) => v.label === vm[2])) misses.push(`${path}:${i + 1} ${key}: ${vm[2]} (offered: ${values.slice(0, 5).map((x) => x.label).join(', ')})`);
    }
  }
  return { checked, misses, hovered, hoverMisses };
}

function sweep(dirs: string[]) {
  let checked = 0;
  let hovered = 0;
  const misses: string[] = [];
  const hoverMisses: string[] = [];
  for (const dir of dirs) {
    for (const f of yamlFiles(dir)) {
      const r = retype(f);
      checked += r.checked;
      hovered += r.hovered;
      misses.push(...r.misses);
      hoverMisses.push(...r.hoverMisses);
    }
  }
  return { checked, misses, hovered, hoverMisses };
}

test('re-typing every key of the tutorial manifests offers it at the right column', () => {
  const r = sweep([join(root, 'test-fixtures', 'tutorial')]);
  assert.ok(r.checked > 50, `checked ${r.checked}`);
  assert.deepEqual(r.misses, []);
  assert.deepEqual(r.hoverMisses, []);
});

test('re-typing keys across the public corpora (../shared)', (t) => {
  const corpora = join(root, '..', 'shared', 'corpora');
  if (!existsSync(corpora)) {
    t.skip('corpus sweep: ../shared not present');
    return;
  }
  const r = sweep([join(corpora, 'microservices-demo'), join(corpora, 'k8s-website')]);
  for (const m of [...r.misses, ...r.hoverMisses]) t.diagnostic(m.replace(corpora, ''));
  t.diagnostic(`checked ${r.checked} keys, hovered ${r.hovered}; ${r.misses.length} completion misses, ${r.hoverMisses.length} hover misses`);
  assert.ok(r.checked > 1000);
  // Manifests with genuine mistakes or unusual layouts may miss; nearly all must work.
  assert.ok(r.misses.length <= r.checked * 0.01, r.misses.slice(0, 60).join('\n'));
  assert.ok(r.hoverMisses.length <= r.hovered * 0.01, r.hoverMisses.slice(0, 60).join('\n'));
});

test('outline and folding are well-formed on every corpus file (selection inside range, children inside parents)', (t) => {
  const corpora = join(root, '..', 'shared', 'corpora');
  const dirs = [join(root, 'test-fixtures')];
  if (existsSync(corpora)) dirs.push(corpora);
  else t.diagnostic('../shared not present: only the fixtures are checked');
  const le = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  const inside = (i: Range, o: Range) => le(o.start, i.start) && le(i.end, o.end);
  let symbols = 0;
  const check = (s: DocumentSymbol, parent: Range | undefined, where: string) => {
    symbols++;
    assert.ok(inside(s.selectionRange, s.range), `${where}: ${s.name} selection outside its range`);
    if (parent) assert.ok(inside(s.range, parent), `${where}: ${s.name} outside its parent`);
    for (const c of s.children ?? []) check(c, s.range, where);
  };
  for (const dir of dirs) {
    for (const f of yamlFiles(dir)) {
      const file = parseYamlFile('file:///w/x.yaml', readFileSync(f, 'utf8'));
      for (const s of documentSymbols(file)) check(s, undefined, f);
      for (const r of foldingRanges(file)) assert.ok(r.startLine < r.endLine && r.endLine < file.lines.lineCount, `${f}: fold ${r.startLine}-${r.endLine}`);
    }
  }
  assert.ok(symbols > 100);
});
