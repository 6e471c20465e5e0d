import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG } from '../../server/src/sim/behaviour';
import { CatalogBehaviourModel } from '../../server/src/sim/behaviour/model';
import { replacementTags, tagExists } from '../../server/src/sim/behaviour/tags';

/** The tags offered in place of one that does not exist: newest release first, then the nearest versions. */

const spec = (repo: string) => CATALOG.find((p) => p.repository === repo)!.tags;

test('a version that does not exist: the newest release, then the nearest, in the precision written', () => {
  const nginx = spec('docker.io/library/nginx');
  assert.deepEqual(replacementTags(nginx, '1.200'), ['1.30', '1.29', '1.28']);
  assert.deepEqual(replacementTags(nginx, '1.25.9'), ['1.30.0', '1.25.5', '1.26.3'], 'the same minor at its newest patch comes right after the newest release');
  assert.deepEqual(replacementTags(nginx, '1.25.9-alpine'), ['1.30.0-alpine', '1.25.5-alpine', '1.26.3-alpine'], 'the variant is kept');
  assert.deepEqual(replacementTags(nginx, '2'), ['1']);
  assert.deepEqual(replacementTags(spec('docker.io/library/ubuntu'), '24.05'), ['26.04', '24.04', '24.10'], 'exact version tags keep their spelling');
  for (const [repo, tag] of [['docker.io/library/nginx', '1.200'], ['docker.io/library/alpine', '3.99'], ['docker.io/library/busybox', '1.36.5'], ['docker.io/library/postgres', '16.99']]) {
    const offered = replacementTags(spec(repo), tag);
    assert.ok(offered.length > 0, `${repo}:${tag}`);
    for (const t of offered) assert.ok(tagExists(spec(repo), t), `${repo}:${t} exists`);
  }
});

test('a misspelt named tag: the newest release, then the named tags spelt like it', () => {
  assert.deepEqual(replacementTags(spec('docker.io/library/nginx'), 'stabel'), ['1.30.0', 'stable']);
});

test('nothing to replace: the tag exists, any tag would do, or no tag is written', () => {
  assert.deepEqual(replacementTags(spec('docker.io/library/nginx'), '1.27'), []);
  const model = new CatalogBehaviourModel();
  assert.deepEqual(model.replacementTags('nginx:1.27.5'), []);
  assert.deepEqual(model.replacementTags('example.com/unknown/app:9.9'), [], 'an image the catalog does not know pulls any tag');
  assert.deepEqual(model.replacementTags('nginx@sha256:' + 'b'.repeat(64)), []);
  assert.deepEqual(model.replacementTags('nginx:1.200'), ['1.30', '1.29', '1.28']);
  // A workspace override's tags decide for its image.
  const custom = new CatalogBehaviourModel([{ image: 'example.com/team/app', tags: ['1.0.0', '1.1.0', '2.0.0'] }]);
  assert.deepEqual(custom.replacementTags('example.com/team/app:1.2.0'), ['2.0.0', '1.1.0', '1.0.0']);
});
