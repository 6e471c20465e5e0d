import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob, globProblem, matchesAny, matchesGlob, MAX_GLOB_LENGTH } from '../../server/src/engine/glob';
import { globSettingProblems } from '../../server/src/engine/config';

/** The include/exclude globs come from the repository's settings: a matcher without backtracking. */

test('glob semantics: **, *, ?, {a,b} (nested), [classes], folders and bare names', () => {
  const yes: [string, string][] = [
    ['a.yaml', '**/*.yaml'], ['deep/er/a.yml', '**/*.{yaml,yml}'], ['x/node_modules/p/a.yaml', '**/node_modules/**'],
    ['build/out/a.yaml', 'build'], ['src/.git/config', '**/.git'], ['charts/a/templates/x.yaml', 'charts/*/templates/**'],
    ['k1.yaml', 'k?.yaml'], ['a/b.yaml', '[ab]/*.yaml'], ['c/b.yaml', '[!ab]/*.yaml'], ['q/b.yaml', '[^ab]/*.yaml'], ['x/y/z.yaml', 'x/**/z.yaml'],
    ['x/z.yaml', 'x/**/z.yaml'], ['q/c/b', '{a,q/{b,c}}/b'], ['foo.yml', '*.{json,{yaml,yml}}'], ['m/k7.yaml', 'm/k[0-9].yaml'],
    ['a/b/c.yaml', './a/'], ['a[b.yaml', 'a[b.yaml'], ['x/a.yaml', '***/a.yaml'],
  ];
  const no: [string, string][] = [
    ['a.yaml.bak', '**/*.yaml'], ['charts/a/b/templates/x.yaml', 'charts/*/templates/**'], ['a/b.yaml', '[!ab]/*.yaml'],
    ['xz.yaml', 'x/**/z.yaml'], ['a/b.yaml', 'a?b.yaml'], ['a/b.yaml', 'a[/]b.yaml'], ['m/ka.yaml', 'm/k[0-9].yaml'],
  ];
  for (const [p, g] of yes) assert.ok(matchesGlob(p, g), `${g} should match ${p}`);
  for (const [p, g] of no) assert.ok(!matchesGlob(p, g), `${g} should not match ${p}`);
  assert.ok(matchesAny('a/b.json', ['**/*.yaml', '**/*.json']));
});

test('a pattern that makes a backtracking matcher exponential is answered at once', () => {
  const evil = '*a*a*a*a*a*a*a*a*a*a*a*a*b';
  const started = performance.now();
  assert.equal(matchesGlob('a'.repeat(100), evil), false);
  assert.equal(matchesGlob(`x/${'a'.repeat(5000)}/y.yaml`, `**/${evil}/**`), false);
  assert.equal(matchesAny(`${'a'.repeat(300)}/${'a'.repeat(300)}`, [evil, `{${evil},**/${evil}}`, `**/${'*a'.repeat(28)}*b/**`]), false);
  assert.equal(matchesGlob('a'.repeat(60) + 'b', evil), true);
  const ms = performance.now() - started;
  // A backtracking matcher takes hours here; this one takes milliseconds (generous for slow CI).
  assert.ok(ms < 2000, `${ms} ms`);
});

test('invalid globs are reported, match nothing, and never throw', () => {
  assert.match(globProblem('[z-a]')!, /range "z-a" .* out of order/);
  assert.match(globProblem('{a,b')!, /"\{" is not closed/);
  assert.match(globProblem('*'.repeat(MAX_GLOB_LENGTH + 1))!, /longer than/);
  assert.equal(globProblem('**/*.{yaml,yml}'), undefined);
  assert.equal(matchesGlob('z', '[z-a]'), false);
  assert.equal(matchesGlob('a', '{a,b'), false);
  // Deep nesting is no recursion: no stack overflow.
  assert.equal(compileGlob('{'.repeat(400) + 'a' + '}'.repeat(400)).test('a'), true);
  assert.deepEqual(globSettingProblems({ include: ['**/*.yaml', '[z-a]'], exclude: ['{a,b'] }, ['ok/**', '[b-a]']), [
    'kubeRehearsal.include: "[z-a]" is not a valid glob (the range "z-a" in "[z-a]" is out of order); it matches nothing',
    'kubeRehearsal.exclude: "{a,b" is not a valid glob ("{" is not closed by "}"); it matches nothing',
    'files.exclude: "[b-a]" is not a valid glob (the range "b-a" in "[b-a]" is out of order); it matches nothing',
  ]);
});
