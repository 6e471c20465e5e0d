import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { checkFile } from '../../server/src/engine/check';
import { cliJs, ensureBuilt } from '../support/server';

/**
 * Alias amplification under the alias count: the parser shares an anchored value, everything
 * downstream walks it as a tree. Before, a 216 KB file ran the server to 4 GB; a chain of aliases
 * ended in "Maximum call stack size exceeded". Each is now one yaml-alias-limit on the alias.
 */

/** A 5,000-entry env list anchored once and aliased by 999 containers (about 220 KB). */
function amplified(): string {
  const l = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: amp', 'spec:', '  selector:', '    matchLabels: {app: a}', '  template:', '    metadata:', '      labels: {app: a}', '    spec:', '      containers:', '      - name: c0', '        image: busybox:1.36', '        env: &env'];
  for (let i = 0; i < 5000; i++) l.push(`        - {name: E${i}, value: v}`);
  for (let i = 1; i < 1000; i++) l.push(`      - {name: c${i}, image: busybox:1.36, env: *env}`);
  return l.join('\n') + '\n';
}

/** Each anchor one level deeper than the last: shallow text, 1,000 levels once expanded. */
function chain(): string {
  const l = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: deep', 'x0: &a0 [1]'];
  for (let i = 1; i < 1000; i++) l.push(`x${i}: &a${i} [*a${i - 1}]`);
  return l.join('\n') + '\n';
}

function codes(text: string) {
  return checkFile(parseYamlFile('file:///t.yaml', text)).map((f) => ({ code: f.code, line: f.range.start.line, message: f.message }));
}

test('a 5,000-entry anchor aliased 999 times: one yaml-alias-limit on the alias that crosses the bound', { timeout: 60_000 }, () => {
  const started = Date.now();
  const found = codes(amplified());
  assert.deepEqual(found.map((f) => f.code), ['yaml-alias-limit']);
  // The anchor is lines 15..5014 (0-based); c1.. alias it from line 5015: the 5th alias crosses 100,000.
  assert.equal(found[0].line, 5019);
  assert.match(found[0].message, /aliases expand this document beyond 100,000 nodes \(this alias adds 25,000\)/);
  assert.ok(Date.now() - started < 30_000);
});

test('a chain of aliases nesting 1,000 deep, a doubling chain, a value containing itself', () => {
  const deep = codes(chain());
  assert.deepEqual(deep.map((f) => f.code), ['yaml-alias-limit']);
  assert.match(deep[0].message, /deeper than 256 levels/);
  const l = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: laughs', 'x0: &a0 {k: 1}'];
  for (let i = 1; i < 60; i++) l.push(`x${i}: &a${i} {k: *a${i - 1}, j: *a${i - 1}}`);
  const laughs = codes(l.join('\n') + '\n');
  assert.deepEqual(laughs.map((f) => f.code), ['yaml-alias-limit']);
  const cyc = codes('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cyc\ndata: &a\n  x: *a\n');
  assert.deepEqual(cyc, [{ code: 'yaml-alias-limit', line: 5, message: 'the alias *a is inside the value it refers to: the value would contain itself' }]);
});

test('ordinary anchors and merge keys are read as before', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n  labels: &l {app: web, tier: front}\n  annotations: *l\ndata:\n  <<: {a: "1"}\n  b: "2"\n';
  assert.deepEqual(codes(text), []);
  const f = parseYamlFile('file:///t.yaml', text);
  assert.deepEqual((f.docs[0].value as { metadata: { annotations: unknown } }).metadata.annotations, { app: 'web', tier: 'front' });
});

test('check and simulate on the amplified file finish with the finding, not gigabytes', { timeout: 120_000 }, () => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'kr-alias-'));
  try {
    writeFileSync(join(dir, 'amp.yaml'), amplified());
    writeFileSync(join(dir, 'deep.yaml'), chain());
    for (const args of [['check', 'amp.yaml', 'deep.yaml'], ['simulate', 'amp.yaml', 'deep.yaml']]) {
      const r = spawnSync(process.execPath, ['--max-old-space-size=512', '--stack-size=400', cliJs, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
      assert.equal(r.error, undefined, `${args[0]} finished in time`);
      assert.doesNotMatch(r.stdout + r.stderr, /Maximum call stack|heap out of memory|TypeError/);
      if (args[0] === 'check') {
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stdout, /amp\.yaml:5020:\d+ error yaml-alias-limit/);
        assert.match(r.stdout, /deep\.yaml:\d+:\d+ error yaml-alias-limit/);
      } else assert.equal(r.status, 0, r.stdout + r.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
