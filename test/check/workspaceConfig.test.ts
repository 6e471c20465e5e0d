import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile } from '../../server/src/engine/check';
import { isWorkspaceConfigFile } from '../../server/src/engine/workspaceConfigCheck';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';

test('only .kube-rehearsal.yaml / .yml files are workspace config files', () => {
  assert.equal(isWorkspaceConfigFile('file:///w/.kube-rehearsal.yaml'), true);
  assert.equal(isWorkspaceConfigFile('/w/sub/.kube-rehearsal.yml'), true);
  assert.equal(isWorkspaceConfigFile('file:///w/kube-rehearsal.yaml'), false);
});

test('a valid workspace config has no findings', () => {
  const text = 'images:\n  - image: "myapp:*"\n    startupSeconds: 5\n    ports:\n      - port: 8080\ncluster:\n  nodes:\n    - name: n1\n      cpu: "4"\n';
  assert.deepEqual(checkFile(parseYamlFile('file:///w/.kube-rehearsal.yaml', text)), []);
});

test('unknown fields and wrong types in the workspace config are reported where they are', () => {
  const text = 'images:\n  - image: "myapp:*"\n    startupSecond: 5\n    ports:\n      - port: web\n';
  const findings = checkFile(parseYamlFile('file:///w/.kube-rehearsal.yaml', text));
  const unknown = findings.find((f) => f.message.includes('startupSecond'));
  assert.ok(unknown, JSON.stringify(findings));
  assert.equal(unknown.code, 'workspace-config');
  assert.deepEqual(unknown.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 17 } });
  const type = findings.find((f) => f.message.startsWith('images.0.ports.0.port'));
  assert.ok(type, JSON.stringify(findings));
  assert.deepEqual(type.range.start, { line: 4, character: 14 });
});

test('Kubernetes rules do not run on the workspace config', () => {
  const findings = checkFile(parseYamlFile('file:///w/.kube-rehearsal.yaml', 'apiVersion: v1\nkind: Podd\n'));
  assert.ok(findings.every((f) => f.code === 'workspace-config'), JSON.stringify(findings));
});
