import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/server';

/**
 * The client's texts in Korean: every string the extension passes to vscode.l10n.t (or to the `t`
 * translators built on it) has a Korean entry in l10n/bundle.l10n.ko.json, every %key% of
 * package.json (commands, views, settings, walkthrough) one in package.nls.ko.json, with the same
 * placeholders, and the walkthrough's localized pages exist.
 */

const read = (rel: string) => JSON.parse(readFileSync(join(repoRoot, rel), 'utf8')) as Record<string, string>;
const placeholders = (s: string, re: RegExp) => [...s.matchAll(re)].map((m) => m[0]).sort();

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The literal first arguments of l10n.t('...') and t('...') calls (single-quoted, as the client writes them). */
function clientMessages(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(join(repoRoot, 'client', 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:\bl10n\.t|(?<![\w.])t)\(\s*'((?:[^'\\]|\\.)*)'/g)) found.add(m[1].replace(/\\'/g, "'").replace(/\\n/g, '\n').replace(/\\\\/g, '\\'));
  }
  return found;
}

test('every client string has a Korean translation with the same {n} placeholders', () => {
  const english = read('l10n/bundle.l10n.json');
  const korean = read('l10n/bundle.l10n.ko.json');
  const used = clientMessages();
  assert.ok(used.size > 100, `found ${used.size} client strings: the pattern should see the l10n.t calls`);
  const missing = [...used].filter((s) => !(s in korean));
  assert.deepEqual(missing, [], 'strings without a Korean entry in l10n/bundle.l10n.ko.json');
  const notInBundle = [...used].filter((s) => !(s in english));
  assert.deepEqual(notInBundle, [], 'strings missing from l10n/bundle.l10n.json');
  for (const [key, text] of Object.entries(korean)) {
    assert.ok(key in english, `${JSON.stringify(key)} is a key of bundle.l10n.json`);
    assert.deepEqual(placeholders(text, /\{\d+\}/g), placeholders(key, /\{\d+\}/g), key);
  }
});

test('every %key% of package.json has an English and a Korean text; the walkthrough pages exist in both', () => {
  const manifest = readFileSync(join(repoRoot, 'package.json'), 'utf8');
  const keys = new Set([...manifest.matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]));
  const english = read('package.nls.json');
  const korean = read('package.nls.ko.json');
  assert.ok(keys.size > 30);
  for (const k of keys) {
    assert.ok(k in english, `${k} in package.nls.json`);
    assert.ok(k in korean, `${k} in package.nls.ko.json`);
  }
  for (const [k, text] of Object.entries(korean)) {
    assert.ok(k in english, `${k} (package.nls.ko.json) is an English key`);
    // Code spans (`learner`, setting names, commands) stay as they are: they are what the user types.
    assert.deepEqual(placeholders(text, /`[^`]*`/g), placeholders(english[k], /`[^`]*`/g), `code spans of ${k}`);
  }
  const media = Object.keys(english).filter((k) => k.startsWith('walkthrough.') && k.endsWith('.media'));
  assert.equal(media.length, 4);
  for (const k of media) {
    assert.ok(existsSync(join(repoRoot, english[k])), english[k]);
    assert.ok(existsSync(join(repoRoot, korean[k])), korean[k]);
    assert.notEqual(korean[k], english[k], `${k}: a Korean page of its own`);
    assert.match(readFileSync(join(repoRoot, korean[k]), 'utf8'), /[가-힣]/, `${korean[k]} is written in Korean`);
  }
});

test('no user-visible English literal in the client bypasses vscode.l10n.t', () => {
  // A message, status, prompt or a tree/quick-pick label written as a literal English phrase would
  // stay English in a Korean window: the client passes every such text through l10n.t (or `t`).
  const bypass = [
    /\b(?:show(?:Information|Warning|Error)Message|setStatusBarMessage|showInputBox|showQuickPick)\(\s*['"`]/,
    /\b(?:title|label|tooltip|description|placeHolder|prompt|detail|message)\s*[:=]\s*['"`][A-Z][a-z]+ [a-z]+/,
  ];
  const found: string[] = [];
  for (const file of sources(join(repoRoot, 'client', 'src'))) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (/^\s*(\/\/|\*)/.test(line)) return;
      if (bypass.some((re) => re.test(line))) found.push(`${file.slice(repoRoot.length + 1)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
});
