import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, repoRoot } from '../support/server';

test('the build ships the license of every bundled npm package in dist/THIRD_PARTY_NOTICES.txt', () => {
  ensureBuilt();
  const path = join(repoRoot, 'dist', 'THIRD_PARTY_NOTICES.txt');
  assert.ok(existsSync(path), 'notices file missing');
  const text = readFileSync(path, 'utf8');
  for (const name of ['yaml', 'js-yaml', 'ajv', 'cron-parser', 'vscode-languageserver', 'vscode-languageclient', 'vscode-jsonrpc']) {
    assert.match(text, new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\d+\\.\\d+\\.\\d+ \\(`, 'm'), `${name} missing`);
  }
  // Each section carries the license text itself, not just its name.
  assert.ok((text.match(/Permission is hereby granted|Redistribution and use/g) ?? []).length >= 10);
  const ignore = readFileSync(join(repoRoot, '.vscodeignore'), 'utf8');
  assert.match(ignore, /^!dist\/THIRD_PARTY_NOTICES\.txt$/m, 'the .vsix must include the notices');
});
