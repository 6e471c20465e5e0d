import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import { parseLabelSelector } from '../../server/src/engine/rules/labels';

const deploy = (name: string, app: string, ns = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${ns ? `  namespace: ${ns}\n` : ''}spec:
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
    spec:
      serviceAccountName: runner
      containers:
      - name: c
        image: nginx:1.27
        ports:
        - containerPort: 80
          name: http
        envFrom:
        - secretRef:
            name: creds
`;

test('indexed objects carry labels, template facts, selector, references and source ranges', () => {
  const index = new WorkspaceIndex();
  const file = parseYamlFile('file:///ws/a.yaml', `${deploy('web', 'web')}---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: x\n`);
  index.update(file);
  const [d, sc] = index.objectsIn('file:///ws/a.yaml');
  assert.equal(d.namespace, 'default');
  assert.equal(sc.namespace, '', 'cluster-scoped kinds have no namespace');
  assert.deepEqual(d.podTemplate?.labels, { app: 'web' });
  assert.deepEqual(d.podTemplate?.containers[0].ports, [{ name: 'http', containerPort: 80, protocol: 'TCP', path: ['spec', 'template', 'spec', 'containers', 0, 'ports', 0] }]);
  assert.deepEqual(d.selector?.requirements.map((r) => `${r.key}=${r.values[0]}`), ['app=web']);
  assert.deepEqual(d.references.map((r) => `${r.kind}/${r.name}`), ['ServiceAccount/runner', 'Secret/creds']);
  assert.deepEqual(d.nameRange, { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } });
  assert.equal(d.range.start.line, 0);
  assert.equal(sc.range.start.line, 23);
});

test('lookups are namespace-aware and narrowed by label', () => {
  const index = new WorkspaceIndex();
  index.update(parseYamlFile('file:///ws/a.yaml', deploy('web', 'web')));
  index.update(parseYamlFile('file:///ws/b.yaml', deploy('api', 'api')));
  index.update(parseYamlFile('file:///ws/c.yaml', deploy('web', 'web', 'prod')));
  assert.equal(index.lookup('Deployment', 'default', 'web').length, 1);
  assert.equal(index.lookup('Deployment', 'prod', 'web').length, 1);
  assert.equal(index.countOf('Deployment', 'default'), 2);
  assert.equal(index.podTemplatesIn('default').length, 2);
  const sel = parseLabelSelector({ matchLabels: { app: 'api' } })!;
  assert.deepEqual(index.candidateTemplates('default', sel).map((o) => o.name), ['api']);
  assert.deepEqual(index.candidateTemplates('prod', sel).map((o) => o.name), []);
  assert.deepEqual(index.candidateControllers('default', { app: 'web', tier: 'x' }).map((o) => o.name), ['web']);
  // Re-updating a file replaces its objects in every table.
  index.update(parseYamlFile('file:///ws/b.yaml', deploy('api2', 'web')));
  assert.deepEqual(index.candidateTemplates('default', sel).map((o) => o.name), []);
  assert.deepEqual(index.candidateControllers('default', { app: 'web' }).map((o) => o.name).sort(), ['api2', 'web']);
  assert.equal(index.lookup('Deployment', 'default', 'api').length, 0);
});

test('kustomizations apply to their folder and subfolders, and go away with their file', () => {
  const index = new WorkspaceIndex();
  index.update(parseYamlFile('file:///ws/overlay/kustomization.yaml', 'namePrefix: dev-\nresources:\n- ../base\n'));
  index.update(parseYamlFile('file:///ws/base/kustomization.yaml', 'resources:\n- deploy.yaml\n'));
  assert.deepEqual(index.kustomizeFor('file:///ws/overlay/sub/x.yaml'), { setsLabels: false, setsSelectors: false, setsNames: true, setsNamespace: false });
  assert.deepEqual(index.kustomizeFor('file:///ws/base/deploy.yaml'), { setsLabels: false, setsSelectors: false, setsNames: false, setsNamespace: false });
  assert.equal(index.kustomizeFor('file:///ws/other/x.yaml'), undefined);
  index.remove('file:///ws/overlay/kustomization.yaml');
  assert.equal(index.kustomizeFor('file:///ws/overlay/sub/x.yaml'), undefined);
});

test('the items of a List document are known after edits of other documents, and one added by an edit is found', () => {
  const index = new WorkspaceIndex();
  const uri = 'file:///ws/lists.yaml';
  const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
  const list = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: from-list\n';
  let file = parseYamlFile(uri, [cm('a'), cm('b'), cm('c')].join('---\n'));
  index.update(file);
  assert.equal(index.has(['ConfigMap'], 'default', 'from-list'), false);
  // An edit that adds a List document to a file without any: the edit's documents are read.
  file = parseYamlFile(uri, [cm('a'), list, cm('b'), cm('c')].join('---\n'), file);
  assert.ok(file.edit, 'read as an edit');
  index.update(file);
  assert.equal(index.has(['ConfigMap'], 'default', 'from-list'), true);
  // An edit of a document two further keeps the item.
  file = parseYamlFile(uri, [cm('a'), list, cm('b'), cm('c2')].join('---\n'), file);
  assert.equal(file.edit?.first, 2);
  index.update(file);
  assert.equal(index.has(['ConfigMap'], 'default', 'from-list'), true);
  // And removing the List forgets it.
  file = parseYamlFile(uri, [cm('a'), cm('b'), cm('c2')].join('---\n'), file);
  index.update(file);
  assert.equal(index.has(['ConfigMap'], 'default', 'from-list'), false);
});
