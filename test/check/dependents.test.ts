import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseYamlFile, type YamlFile } from '../../server/src/engine/yaml/documents';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { checkFile, checksAffectedSince, lastCheckMayDiffer } from '../../server/src/engine/check';
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

/** The files of URIS with these texts, indexed, and each one's findings from a check against the whole. */
function checkedWorkspace(texts: string[]): { index: WorkspaceIndex; files: Map<string, YamlFile>; last: Map<string, string> } {
  const index = new WorkspaceIndex();
  const files = new Map<string, YamlFile>();
  URIS.forEach((u, i) => files.set(u, parseYamlFile(u, texts[i])));
  for (const f of files.values()) index.update(f);
  const last = new Map<string, string>();
  for (const f of files.values()) last.set(f.uri, json(checkFile(f, { index })));
  return { index, files, last };
}

test('a file judged unaffected by a change has exactly the findings a fresh check gives', () => {
  fc.assert(
    fc.property(fc.array(fileArb, { minLength: URIS.length, maxLength: URIS.length }), fc.array(fc.tuple(fc.nat(URIS.length - 1), fileArb), { minLength: 1, maxLength: 6 }), (initial, changes) => {
      const texts = new Map(URIS.map((u, i) => [u, initial[i]]));
      const { index, files, last } = checkedWorkspace(initial);
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

/**
 * The language server does not ask every file: it asks the files checksAffectedSince finds from
 * the keys changed since its last look (and those not settled then). Every file it leaves out must
 * be one lastCheckMayDiffer would clear, with a fresh check's findings. Changes come several
 * between two looks, some move the objects of a file without changing them (a document inserted
 * above: findings pointing into them move), and a stale file may be checked only after a later
 * look (the server's queue): until then it is looked at again each time.
 */
const changeArb = fc.record({
  which: fc.nat(URIS.length - 1),
  text: fc.oneof(fileArb, fc.constantFrom(...WORDS).map((name) => configMap(name) + '---\n')),
  look: fc.boolean(),
  late: fc.boolean(),
});

test('the files found from the keys changed since the last look include every file whose check may differ', () => {
  fc.assert(
    fc.property(fc.array(fileArb, { minLength: URIS.length, maxLength: URIS.length }), fc.array(changeArb, { minLength: 1, maxLength: 10 }), (initial, changes) => {
      const texts = new Map(URIS.map((u, i) => [u, initial[i]]));
      const { index, files, last } = checkedWorkspace(initial);
      let since = index.version;
      let unsettled = new Set<string>();
      // Files found stale and queued: checked before or after the next change (the server's queue).
      let pending: string[] = [];
      const runPending = () => {
        for (const u of pending) last.set(u, json(checkFile(files.get(u)!, { index })));
        pending = [];
      };
      for (const change of changes) {
        if (!change.late) runPending();
        const uri = URIS[change.which];
        // A ConfigMap inserted on top moves the file's objects without changing them.
        const text = change.text.endsWith('---\n') ? change.text + texts.get(uri)! : change.text;
        texts.set(uri, text);
        const file = parseYamlFile(uri, text, files.get(uri));
        files.set(uri, file);
        index.update(file);
        last.set(uri, json(checkFile(file, { index })));
        if (change.late) runPending();
        if (!change.look) continue;
        const crds = registryForWorkspace(index, []);
        const affected = checksAffectedSince(index, since);
        assert.ok(affected, 'the log of changes reaches back over a few edits');
        since = index.version;
        const candidates = new Set([...affected, ...unsettled]);
        unsettled = new Set(pending);
        for (const f of files.values()) {
          if (pending.includes(f.uri)) continue;
          if (candidates.has(f.uri)) {
            if (lastCheckMayDiffer(f, { index, crds })) {
              pending.push(f.uri);
              unsettled.add(f.uri);
            }
            continue;
          }
          assert.equal(lastCheckMayDiffer(f, { index, crds }), false, `${f.uri} was left out after the change to ${uri}`);
          assert.equal(json(freshCheck(texts, f.uri)), last.get(f.uri), `${f.uri} was left out after the change to ${uri}`);
        }
      }
    }),
    { numRuns: 80, seed: 20261207 },
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
