import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definition, references } from '../../server/src/engine/editing/navigation';
import { documentSymbols, fuzzyScore, SECTIONS_MAX_DOCUMENTS, workspaceSymbols } from '../../server/src/engine/editing/symbols';
import { foldingRanges } from '../../server/src/engine/editing/folding';
import { completions } from '../../server/src/engine/editing/completion';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';
import type { Range } from '../../server/src/engine/findings';
import { withCursor } from './helpers';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      serviceAccountName: robot
      containers:
        - name: web
          image: nginx:1.27
          env:
            - name: LEVEL
              valueFrom:
                configMapKeyRef:
                  name: settings
                  key: LOG_LEVEL
          envFrom:
            - secretRef:
                name: creds
      volumes:
        - name: data
          persistentVolumeClaim:
            claimName: data
`;
const SVC = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n';
const OTHER = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: stray\n  labels:\n    app: api\nspec:\n  containers:\n    - name: c\n      image: busybox\n';
const DEFS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  LOG_LEVEL: debug
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
stringData:
  password: x
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: robot
`;

function workspace(): WorkspaceIndex {
  const index = new WorkspaceIndex();
  index.update(parseYamlFile('file:///w/deploy.yaml', DEPLOY));
  index.update(parseYamlFile('file:///w/svc.yaml', SVC));
  index.update(parseYamlFile('file:///w/other.yaml', OTHER));
  index.update(parseYamlFile('file:///w/defs.yaml', DEFS));
  return index;
}

function at(text: string, needle: string, uri: string, offsetIn = 1) {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return withCursor(text.slice(0, i + offsetIn) + '|' + text.slice(i + offsetIn), uri);
}

const line = (r: Range) => r.start.line;

test('definition from a Service selector goes to the pod templates it selects', () => {
  const index = workspace();
  const { file, position } = at(SVC, 'app: web', 'file:///w/svc.yaml');
  const locs = definition(file, position, index);
  assert.deepEqual(locs.map((l) => [l.uri, line(l.range)]), [['file:///w/deploy.yaml', 10]]);
});

test('definition from a controller selector includes its own template', () => {
  const index = workspace();
  const { file, position } = at(DEPLOY, 'matchLabels', 'file:///w/deploy.yaml');
  assert.deepEqual(definition(file, position, index).map((l) => [l.uri, line(l.range)]), [['file:///w/deploy.yaml', 10]]);
});

test('definition from configMapKeyRef, its key, secretRef, claimName and serviceAccountName', () => {
  const index = workspace();
  const go = (needle: string, offsetIn = 8) => {
    const { file, position } = at(DEPLOY, needle, 'file:///w/deploy.yaml', offsetIn);
    return definition(file, position, index).map((l) => [l.uri, line(l.range), l.range.start.character]);
  };
  assert.deepEqual(go('name: settings'), [['file:///w/defs.yaml', 3, 8]]);
  assert.deepEqual(go('key: LOG_LEVEL', 7), [['file:///w/defs.yaml', 5, 2]]);
  assert.deepEqual(go('name: creds'), [['file:///w/defs.yaml', 10, 8]]);
  assert.deepEqual(go('claimName: data', 12), [['file:///w/defs.yaml', 17, 8]]);
  assert.deepEqual(go('serviceAccountName: robot', 21), [['file:///w/defs.yaml', 27, 8]]);
  assert.deepEqual(go('image: nginx', 9), []);
});

test('references from template labels list the selectors that pick them', () => {
  const index = workspace();
  const { file, position } = at(DEPLOY, 'app: web\n    spec', 'file:///w/deploy.yaml');
  const refs = references(file, position, index, false).map((l) => `${l.uri.slice(10)}:${line(l.range)}`).sort();
  assert.deepEqual(refs, ['deploy.yaml:5', 'svc.yaml:5']);
  const withDecl = references(file, position, index, true);
  assert.equal(withDecl.length, 3);
});

test('references from a ConfigMap name list the pods that use it', () => {
  const index = workspace();
  const { file, position } = at(DEFS, 'name: settings', 'file:///w/defs.yaml', 8);
  const refs = references(file, position, index, false).map((l) => `${l.uri.slice(10)}:${line(l.range)}`);
  assert.deepEqual(refs, ['deploy.yaml:21']);
});

test('document symbols: Kind name per document, with sections and containers by name', () => {
  const file = parseYamlFile('file:///w/all.yaml', DEPLOY + '---\n' + SVC);
  const syms = documentSymbols(file);
  assert.deepEqual(syms.map((s) => s.name), ['Deployment web', 'Service web']);
  assert.deepEqual(syms[0].children!.map((c) => c.name), ['metadata', 'spec']);
  const spec = syms[0].children![1];
  const podSpec = spec.children!.find((c) => c.name === 'template')!.children!.find((c) => c.name === 'spec')!;
  const containers = podSpec.children!.find((c) => c.name === 'containers')!;
  assert.deepEqual(containers.children!.map((c) => [c.name, c.detail]), [['web', 'nginx:1.27']]);
  assert.equal(syms[1].range.start.line, DEPLOY.split('\n').length); // the line after ---
  assert.equal(syms[0].selectionRange.start.line, 3);
});

test('document symbols of a file with very many documents list the documents only (no full parse)', () => {
  const many = Array.from({ length: SECTIONS_MAX_DOCUMENTS + 1 }, (_, i) => SVC.replace('name: web', `name: web-${i}`)).join('---\n');
  const file = parseYamlFile('file:///w/many.yaml', many);
  const syms = documentSymbols(file);
  assert.equal(syms.length, SECTIONS_MAX_DOCUMENTS + 1);
  assert.equal(syms[7].name, 'Service web-7');
  assert.ok(syms.every((s) => s.children === undefined));
});

test('workspace symbols: "Deployment web" from anywhere, fuzzy', () => {
  const index = workspace();
  assert.deepEqual(workspaceSymbols(index, 'Deployment web').map((s) => s.name), ['Deployment web']);
  assert.equal(workspaceSymbols(index, 'depweb')[0].name, 'Deployment web');
  assert.deepEqual(workspaceSymbols(index, 'web').map((s) => s.name).sort(), ['Deployment web', 'Service web']);
  assert.equal(workspaceSymbols(index, '').length, 7);
  assert.equal(fuzzyScore('xyz', 'Deployment web'), undefined);
  const loc = workspaceSymbols(index, 'robot')[0].location;
  assert.equal(loc.uri, 'file:///w/defs.yaml');
  assert.equal(loc.range.start.line, 27);
});

test('folding: each document and nested mappings and sequences, even half-typed', () => {
  const file = parseYamlFile('file:///w/all.yaml', SVC + '---\n' + 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n  - nam\n');
  const ranges = foldingRanges(file).map((r) => `${r.startLine}-${r.endLine}`);
  assert.ok(ranges.includes('0-8'), 'first document');
  assert.ok(ranges.includes('4-8'), 'spec');
  assert.ok(ranges.includes('5-6'), 'selector');
  assert.ok(ranges.includes('7-8'), 'ports');
  assert.ok(ranges.includes('9-16'), 'second document, from its --- line');
  assert.ok(ranges.includes('12-16'), 'spec of the half-typed pod');
  assert.ok(ranges.includes('13-16'), 'compact sequence under containers');
  assert.ok(ranges.includes('14-15'), 'first container item');
});

test('definition from volumes: configMap name and secret secretName (CRLF file)', () => {
  const index = workspace();
  const pod = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n    - name: c\r\n      image: busybox\r\n  volumes:\r\n    - name: conf\r\n      configMap:\r\n        name: settings\r\n    - name: sec\r\n      secret:\r\n        secretName: creds\r\n';
  const go = (needle: string, offsetIn: number) => {
    const { file, position } = at(pod, needle, 'file:///w/pod.yaml', offsetIn);
    return definition(file, position, index).map((l) => [l.uri, line(l.range)]);
  };
  assert.deepEqual(go('name: settings', 8), [['file:///w/defs.yaml', 3]]);
  assert.deepEqual(go('secretName: creds', 13), [['file:///w/defs.yaml', 10]]);
  // a name that nothing defines: no location
  assert.deepEqual(go('name: conf', 7), []);
});

test('cluster-scoped names: storageClassName and namespaces, completion and definition', () => {
  const index = workspace();
  index.update(parseYamlFile('file:///w/cluster.yaml', 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: x\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n'));
  const pvc = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: d\n  namespace: shop\nspec:\n  storageClassName: fast\n';
  const { file, position } = at(pvc, 'fast', 'file:///w/pvc.yaml', 2);
  assert.deepEqual(definition(file, position, index).map((l) => [l.uri, line(l.range)]), [['file:///w/cluster.yaml', 3]]);
  const ns = at(pvc, 'namespace: shop', 'file:///w/pvc.yaml', 12);
  assert.deepEqual(definition(ns.file, ns.position, index).map((l) => [l.uri, line(l.range)]), [['file:///w/cluster.yaml', 9]]);
  const c = withCursor(pvc.replace('storageClassName: fast', 'storageClassName: |'));
  assert.deepEqual(completions(c.file, c.position, { index }).items.map((i) => i.label), ['fast']);
});
