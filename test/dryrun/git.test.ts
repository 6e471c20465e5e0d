import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { filesAtHead, repositoryRoot, showAtHead } from '../../server/src/engine/dryrun/git';

function hasGit(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('reads HEAD with plumbing only; a hostile repository config runs nothing', async (t) => {
  if (!hasGit()) return t.skip('git is not installed');
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'kr-git-')));
  try {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    mkdirSync(join(dir, 'k8s'));
    writeFileSync(join(dir, 'k8s', 'web.yaml'), 'kind: Deployment\nimage: nginx:1.16.1\n');
    writeFileSync(join(dir, 'README.md'), 'hi\n');
    git('add', '.');
    git('commit', '-q', '-m', 'init');
    // Filters, textconv and fsmonitor configured by the repository would run commands: none may run.
    const marker = join(dir, 'ran');
    git('config', 'core.fsmonitor', `touch ${marker}`);
    git('config', 'filter.evil.smudge', `touch ${marker}`);
    git('config', 'diff.evil.textconv', `touch ${marker}`);
    writeFileSync(join(dir, '.gitattributes'), '*.yaml filter=evil diff=evil\n');
    writeFileSync(join(dir, 'k8s', 'web.yaml'), 'kind: Deployment\nimage: nginx:1.200\n');

    assert.equal(await repositoryRoot(join(dir, 'k8s')), dir);
    assert.deepEqual(await filesAtHead(dir, (p) => p.endsWith('.yaml')), ['k8s/web.yaml']);
    assert.equal(await showAtHead(dir, 'k8s/web.yaml'), 'kind: Deployment\nimage: nginx:1.16.1\n');
    assert.throws(() => execFileSync('test', ['-e', marker]), 'no command configured by the repository ran');
    assert.equal(await repositoryRoot(tmpdir()), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
