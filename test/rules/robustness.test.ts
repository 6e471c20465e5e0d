import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { runRules } from '../../server/src/engine/rules/index';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import { parseYamlFile } from '../../server/src/engine/yaml/documents';

/** Rules see half-typed manifests while people type: any shape must give findings, never a crash. */

const KINDS = ['Deployment', 'ReplicationController', 'Job', 'CronJob', 'Pod', 'Service', 'Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'ConfigMap'];

const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -5, max: 70000 }), fc.boolean(), fc.constant(null), fc.constantFrom('app', 'http', '{{ .Values.x }}', '80', 'In', 'Exists', '500M', '1GB', 'Always'));
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('app', 'name', 'port', 'ports', 'selector', 'matchLabels', 'matchExpressions', 'key', 'operator', 'values', 'containers', 'template', 'spec', 'metadata', 'labels', 'targetPort', 'image', 'env', 'resources', 'limits', 'requests', 'cpu', 'httpGet', 'livenessProbe', 'jobTemplate', 'schedule', 'timeZone', 'backend', 'service', 'scaleTargetRef', 'podSelector'), tie('v'), { maxKeys: 4 })),
})).v;

test('rules never throw on arbitrary shapes of the fields they read', () => {
  fc.assert(
    fc.property(fc.constantFrom(...KINDS), value, value, (kind, spec, other) => {
      const text = stringify({ apiVersion: kind === 'Deployment' ? 'apps/v1' : kind.endsWith('Job') ? 'batch/v1' : 'v1', kind, metadata: { name: 'x', labels: other }, spec }) + '---\n' + stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'y' }, spec: other });
      const file = parseYamlFile('file:///ws/f.yaml', text);
      const index = new WorkspaceIndex();
      index.update(file);
      for (const doc of file.docs) {
        const crashes = runRules(file, doc, index).filter((f) => f.code === 'internal-error');
        assert.deepEqual(crashes.map((f) => f.message), [], text);
      }
    }),
    { numRuns: 400, seed: 42 },
  );
});
