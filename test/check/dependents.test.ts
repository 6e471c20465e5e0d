import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseYamlFile, type YamlFile } from '../../server/src/engine/yaml/documents';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { checkFile, lastCheckMayDiffer } from '../../server/src/engine/check';
import { registryForWorkspace } from '../../server/src/engine/crds/sources';
import type { Finding } from '../../server/src/engine/findings';

/**
 * After a change to one file, the language server re-checks only the files for which
 * lastCheckMayDiffer answers true. So a false answer must mean the file's findings are exactly
 * those of its last check: checked against a fresh index of the workspace as it now is, the file
 * gives the same findings. And the answer must be selective: a file that reads nothing of the
 * change is not re-checked.
 */

const deployment = (name: string, label: string, configMap: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels:\n      app: ${label}\n  template:\n    metadata:\n      labels:\n        app: ${label}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n        envFrom:\n        - configMapRef:\n            name: ${configMap}\n`;
const service = (name: string, label: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${label}\n  ports:\n  - port: 80\n`;
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  A: b\n`;

const WORDS = ['web', 'api', 'wbe', 'db'];
const docArb = fc.oneof(
  fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...WORDS), fc.constantFrom(...WORDS)).map(([n, l, c]) => deployment(n, l, c)),
  fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...WORDS)).map(([n, l]) => service(n, l)),
  fc.constantFrom(...WORDS).map(configMap),
);
const fileArb = fc.array(docArb, { minLength: 1, maxLength: 3 }).map((docs) => docs.join('---\n'));

const URIS = ['a', 'b', 'c', 'd', 'e'].map((n) => `file:///ws/${n}.yaml`);
const json = (fs: Finding[]) => JSON.stringify(fs.map((f) => ({ code: f.code, range: f.range, message: f.message, severity: f.severity })));

function freshCheck(texts: Map<string, string>, uri: string): Finding[] {
  const index = new WorkspaceIndex();
  const files = [...texts].map(([u, t]) => parseYamlFile(u, t));
  for (const f of files) index.update(f);
  return checkFile(files.find((f) => f.uri === uri)!, { index });
}

test('a file judged unaffected by a change has exactly the findings a fresh check gives', () => {
  fc.assert(
    fc.property(fc.array(fileArb, { minLength: URIS.length, maxLength: URIS.length }), fc.array(fc.tuple(fc.nat(URIS.length - 1), fileArb), { minLength: 1, maxLength: 6 }), (initial, changes) => {
      const texts = new Map(URIS.map((u, i) => [u, initial[i]]));
      const index = new WorkspaceIndex();
      const files = new Map<string, YamlFile>();
      for (const [u, t] of texts) files.set(u, parseYamlFile(u, t));
      for (const f of files.values()) index.update(f);
      const last = new Map<string, string>();
      for (const f of files.values()) last.set(f.uri, json(checkFile(f, { index })));
      for (const [which, text] of changes) {
        const uri = URIS[which];
        texts.set(uri, text);
        const file = parseYamlFile(uri, text, files.get(uri));
        files.set(uri, file);
        index.update(file);
        last.set(uri, json(checkFile(file, { index })));
        const crds = registryForWorkspace(index, []);
        for (const f of files.values()) {
          if (f.uri === uri) continue;
          if (lastCheckMayDiffer(f, { index, crds })) last.set(f.uri, json(checkFile(f, { index })));
          else assert.equal(json(freshCheck(texts, f.uri)), last.get(f.uri), `${f.uri} was judged unaffected by the change to ${uri}`);
        }
      }
    }),
    { numRuns: 60, seed: 20261207 },
  );
});

test('only the files that read what changed are judged affected', () => {
  const index = new WorkspaceIndex();
  const files = [parseYamlFile('file:///ws/web.yaml', deployment('web', 'web', 'web')), parseYamlFile('file:///ws/front.yaml', service('front', 'web')), parseYamlFile('file:///ws/other.yaml', service('other', 'db') + '---\n' + deployment('db', 'db', 'db'))];
  for (const f of files) index.update(f);
  for (const f of files) checkFile(f, { index });
  const crds = registryForWorkspace(index, []);
  assert.deepEqual(files.filter((f) => lastCheckMayDiffer(f, { index, crds })).map((f) => f.uri), [], 'nothing changed yet');
  const edited = parseYamlFile('file:///ws/web.yaml', deployment('web', 'webx', 'web'), files[0]);
  index.update(edited);
  const affected = [files[1], files[2]].filter((f) => lastCheckMayDiffer(f, { index, crds })).map((f) => f.uri);
  assert.deepEqual(affected, ['file:///ws/front.yaml']);
  // A file never checked against this index may differ, whatever changed.
  assert.equal(lastCheckMayDiffer(files[2], { index: new WorkspaceIndex(), crds }), true);
});
