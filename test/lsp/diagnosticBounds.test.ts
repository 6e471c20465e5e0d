import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundFindings, MAX_DIAGNOSTICS_PER_DOCUMENT } from '../../server/src/lsp/diagnosticBounds';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { checkFiles } from '../../server/src/engine/check';
import { setClientLocale } from '../../server/src/lsp/l10n/index';
import type { Finding, Severity } from '../../server/src/engine/findings';
import { LARGE_INPUTS } from '../robustness/support/largeInputs';

/** The editor's bound on a file's diagnostics (issue 20): the first findings of each document, and one note per cut. */

function at(line: number, severity: Severity = 'error', code = 'wrong-type'): Finding {
  return { range: { start: { line, character: 2 }, end: { line, character: 5 } }, severity, code, message: `m${line}` };
}

// Three documents: lines 0-1, 3-4, 6-7.
const file = parseYamlFile('file:///ws/dir/three%20docs.yaml', 'a: 1\nb: 2\n---\nc: 3\nd: 4\n---\ne: 5\nf: 6\n');

test('a file within the bounds is published whole, the same array', () => {
  const findings = [at(0), at(3), at(6)];
  const b = boundFindings(file, findings);
  assert.equal(b.shown, findings);
  assert.deepEqual(b.notes, []);
});

test('each document keeps its first findings; one note on the first left out says how many more and the worst severity', () => {
  setClientLocale(undefined);
  const findings = [at(0), at(1, 'warning'), at(1, 'warning'), at(1, 'warning'), at(3), at(6, 'hint'), at(7, 'hint'), at(7, 'warning'), at(7, 'hint')];
  const b = boundFindings(file, findings, 2, 100);
  assert.deepEqual(b.shown, [findings[0], findings[1], findings[4], findings[5], findings[6]]);
  assert.equal(b.notes.length, 2);
  assert.deepEqual(b.notes[0].range, findings[2].range);
  assert.equal(b.notes[0].severity, 2 /* Warning */);
  assert.equal(b.notes[0].message, '2 more findings in this document are not shown in the editor, which shows the first 2 of each document: `kube-rehearsal check three docs.yaml` lists them all');
  assert.deepEqual(b.notes[1].range, findings[7].range);
  assert.equal(b.notes[1].severity, 2, 'a warning among the hints left out');
});

test('a file keeps its first findings in all; the note of the cut is in the client language', () => {
  const findings = [at(0), at(1), at(3), at(4), at(6), at(7)];
  const b = boundFindings(file, findings, 100, 4);
  assert.deepEqual(b.shown, findings.slice(0, 4));
  assert.equal(b.notes.length, 1);
  assert.match(b.notes[0].message, /^2 more findings in this file are not shown in the editor, which shows the first 4 of each file/);
  setClientLocale('ko');
  try {
    assert.match(boundFindings(file, findings, 100, 4).notes[0].message, /^이 파일의 발견 사항 중 2개는 편집기에 표시하지 않습니다/);
  } finally {
    setClientLocale(undefined);
  }
});

test('60,000 wrong env entries of one Pod: the editor gets the first thousand and a note on the next; the check keeps all', () => {
  const text = LARGE_INPUTS.env(0.1);
  const big = parseYamlFile('file:///ws/env.yaml', text);
  const findings = checkFiles([big]).get(big.uri)!;
  assert.equal(findings.length, 6000);
  const b = boundFindings(big, findings);
  assert.equal(b.shown.length, MAX_DIAGNOSTICS_PER_DOCUMENT);
  assert.deepEqual(b.shown, findings.slice(0, MAX_DIAGNOSTICS_PER_DOCUMENT));
  assert.equal(b.notes.length, 1);
  assert.deepEqual(b.notes[0].range, findings[MAX_DIAGNOSTICS_PER_DOCUMENT].range);
  assert.match(b.notes[0].message, /^5,000 more findings in this document/);
});
