import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseYamlFile, type YamlFile } from '../../server/src/engine/yaml/documents';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { checkFile, incrementalCheckCounts, profileOfRule } from '../../server/src/engine/check';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/engine/config';
import { kustomizeConfigFiles, kustomizePatchFiles } from '../../server/src/engine/kustomizePatches';

/**
 * Incrementality can never change an answer: a workspace edited step by step (each file parsed
 * from its previous parse, the same index updated, the cached per-document and cross-file
 * findings reused) must report exactly what a fresh index of the same files reports. The
 * documents come from small pools of names, labels and namespaces, so selectors, references,
 * duplicates and overlaps between them are frequent, and edits move lines and documents around.
 */

const NAMES = ['web', 'api', 'db'];
const LABELS = ['web', 'api', 'db', 'wbe'];
const NAMESPACES = ['', 'prod'];

function meta(name: string, ns: string, extra = ''): string {
  return `metadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}${extra}`;
}

const docArb: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...NAMESPACES), fc.constantFrom(...LABELS), fc.constantFrom(...LABELS), fc.constantFrom('Deployment', 'StatefulSet', 'ReplicaSet'), fc.constantFrom(...NAMES), fc.constantFrom(80, 8080, 'http')).map(
    ([name, ns, sel, label, kind, ref, port]) =>
      `apiVersion: apps/v1\nkind: ${kind}\n${meta(name, ns)}spec:\n${kind === 'StatefulSet' ? `  serviceName: ${ref}\n` : ''}  selector:\n    matchLabels:\n      app: ${sel}\n  template:\n    metadata:\n      labels:\n        app: ${label}\n    spec:\n      containers:\n        - name: c\n          image: nginx:1.27\n          ports:\n            - containerPort: ${typeof port === 'number' ? port : 80}\n              name: http\n          envFrom:\n            - configMapRef:\n                name: ${ref}\n`,
  ),
  fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...NAMESPACES), fc.constantFrom(...LABELS), fc.constantFrom(80, 8080, 'http', 'grpc')).map(
    ([name, ns, sel, target]) => `apiVersion: v1\nkind: Service\n${meta(name, ns)}spec:\n  selector:\n    app: ${sel}\n  ports:\n    - port: 80\n      targetPort: ${target}\n`,
  ),
  fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...NAMESPACES), fc.constantFrom(...LABELS), fc.constantFrom('PodDisruptionBudget', 'NetworkPolicy')).map(([name, ns, sel, kind]) =>
    kind === 'PodDisruptionBudget'
      ? `apiVersion: policy/v1\nkind: PodDisruptionBudget\n${meta(name, ns)}spec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app: ${sel}\n`
      : `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${meta(name, ns)}spec:\n  podSelector:\n    matchLabels:\n      app: ${sel}\n`,
  ),
  fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...NAMESPACES), fc.constantFrom(...NAMES), fc.constantFrom(80, 81, 'http')).map(
    ([name, ns, svc, port]) =>
      `apiVersion: networking.k8s.io/v1\nkind: Ingress\n${meta(name, ns)}spec:\n  defaultBackend:\n    service:\n      name: ${svc}\n      port:\n        ${typeof port === 'number' ? `number: ${port}` : `name: ${port}`}\n`,
  ),
  fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...NAMESPACES), fc.constantFrom(...NAMES), fc.constantFrom('Deployment', 'StatefulSet')).map(
    ([name, ns, target, kind]) => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n${meta(name, ns)}spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: ${kind}\n    name: ${target}\n  maxReplicas: 3\n`,
  ),
  fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...NAMESPACES), fc.constantFrom('ConfigMap', 'Secret', 'ServiceAccount')).map(([name, ns, kind]) => `apiVersion: v1\nkind: ${kind}\n${meta(name, ns)}`),
  fc.constantFrom('# only a comment\n', 'not: [kubernetes\n', 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: api\n'),
);

const FILES = ['file:///w/app/a.yaml', 'file:///w/app/b.yaml', 'file:///w/other/c.yaml'];

type Edit =
  | { op: 'replace' | 'insert'; file: number; at: number; doc: string }
  | { op: 'delete'; file: number; at: number }
  | { op: 'lines'; file: number; at: number; text: string }
  | { op: 'kustomize'; on: boolean };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('replace' as const, 'insert' as const), file: fc.nat(FILES.length - 1), at: fc.nat(), doc: docArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), file: fc.nat(FILES.length - 1), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('lines' as const), file: fc.nat(FILES.length - 1), at: fc.nat(), text: fc.constantFrom('\n', '# note\n', '\n\n\n', 'x') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('kustomize' as const), on: fc.boolean() }) },
);

const KUSTOMIZATION = 'file:///w/app/kustomization.yaml';

function render(docs: string[]): string {
  return docs.join('---\n');
}

const STRICT: Settings = { ...DEFAULT_SETTINGS, profile: 'strict' };

function findingsOf(files: readonly YamlFile[], index: WorkspaceIndex, settings?: Settings): string {
  const patchFiles = kustomizePatchFiles(index.allFiles());
  const configFiles = kustomizeConfigFiles(index.allFiles());
  return JSON.stringify(files.map((f) => [f.uri, checkFile(f, { index, patchFiles, configFiles, settings })]));
}

/**
 * Random edit sequences; after each edit, `compare` gets the incremental and from-scratch states.
 * Under the strict profile every best-practice rule runs too, with its quick fixes.
 */
function editSequences(numRuns: number, seed: number, settings: Settings | undefined): void {
  fc.assert(
    fc.property(fc.array(fc.array(docArb, { maxLength: 6 }), { minLength: FILES.length, maxLength: FILES.length }), fc.array(editArb, { minLength: 1, maxLength: 8 }), (initial, edits) => {
      const docs = initial.map((d) => [...d]);
      const texts = docs.map(render);
      const index = new WorkspaceIndex();
      let files = FILES.map((uri, i) => parseYamlFile(uri, texts[i]));
      for (const f of files) index.update(f);
      findingsOf(files, index, settings);
      for (const e of edits) {
        if (e.op === 'kustomize') {
          if (e.on) index.update(parseYamlFile(KUSTOMIZATION, 'resources:\n  - a.yaml\ncommonLabels:\n  team: x\n'));
          else index.remove(KUSTOMIZATION);
        } else {
          const list = docs[e.file];
          if (e.op === 'lines') {
            const t = texts[e.file];
            const lineStarts = [0, ...[...t.matchAll(/\n/g)].map((m) => m.index! + 1)];
            const at = lineStarts[e.at % lineStarts.length];
            texts[e.file] = t.slice(0, at) + e.text + t.slice(at);
          } else {
            const at = list.length === 0 ? 0 : e.at % (list.length + (e.op === 'insert' ? 1 : 0));
            if (e.op === 'replace' && list.length > 0) list[at] = e.doc;
            else if (e.op === 'insert' || e.op === 'replace') list.splice(at, 0, e.doc);
            else list.splice(at, 1);
            texts[e.file] = render(list);
          }
          // Line edits stay in the text; the next document edit starts from the list again.
          if (e.op !== 'lines') docs[e.file] = list;
          const next = parseYamlFile(FILES[e.file], texts[e.file], files[e.file]);
          files = files.map((f, i) => (i === e.file ? next : f));
          index.update(next);
        }
        const incremental = findingsOf(files, index, settings);
        const fresh = new WorkspaceIndex();
        for (const f of index.allFiles()) fresh.update(parseYamlFile(f.uri, f.text));
        const scratch = findingsOf(files.map((f) => fresh.file(f.uri)!), fresh, settings);
        assert.equal(incremental, scratch);
      }
    }),
    { numRuns, seed },
  );
}

test('incremental checks equal checks from scratch after random edit sequences', () => {
  const before = incrementalCheckCounts();
  editSequences(300, 1919, undefined);
  const after = incrementalCheckCounts();
  // Most re-checks take the edit plan (only the edited documents and the readers of changed keys
  // are visited), so the comparison above is about that path, not only the document-by-document one.
  assert.ok(after.planned - before.planned > 1000, `edit plans: ${after.planned - before.planned}, full checks: ${after.full - before.full}`);
});

test('incremental checks equal checks from scratch under the strict profile (best-practice rules and their quick fixes)', () => {
  editSequences(150, 2020, STRICT);
});

test('the learner profile reports exactly the correctness findings of the strict profile (the best-practice rules it skips change nothing else)', () => {
  fc.assert(
    fc.property(fc.array(fc.array(docArb, { maxLength: 6 }), { minLength: FILES.length, maxLength: FILES.length }), (initial) => {
      const index = new WorkspaceIndex();
      const files = FILES.map((uri, i) => parseYamlFile(uri, render(initial[i])));
      for (const f of files) index.update(f);
      const learner = findingsOf(files, index);
      const strict = JSON.parse(findingsOf(files, index, STRICT)) as [string, { code: string }[]][];
      assert.equal(learner, JSON.stringify(strict.map(([uri, found]) => [uri, found.filter((f) => !profileOfRule(f.code))])));
    }),
    { numRuns: 100, seed: 7 },
  );
});

test('two Services with the same text both follow a change of the pods they select', () => {
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 8080\n';
  const deployment = (port: number) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: c\n          image: nginx:1.27\n          ports:\n            - containerPort: ${port}\n`;
  const index = new WorkspaceIndex();
  const a = parseYamlFile('file:///w/a.yaml', service);
  const b = parseYamlFile('file:///w/b.yaml', service);
  let d = parseYamlFile('file:///w/d.yaml', deployment(8080));
  for (const f of [a, b, d]) index.update(f);
  const codes = (f: YamlFile) => checkFile(f, { index }).map((x) => x.code).filter((c) => c === 'service-target-port');
  assert.deepEqual([codes(a), codes(b)], [[], []]);
  d = parseYamlFile(d.uri, deployment(9090), d);
  index.update(d);
  assert.deepEqual([codes(a), codes(b)], [['service-target-port'], ['service-target-port']]);
});
