import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileAtRuntime, hasPregenerated, validatorFor } from '../../server/src/engine/schema/validate';

/**
 * The validators generated at build time (scripts/gen-validators.mjs) must report exactly what a
 * runtime compile reports, error for error, since the checker turns those errors into findings.
 */

const container = { name: 'web', image: 'nginx:1.27', ports: [{ containerPort: '80', protocol: 'TCPX' }], imagePullPolicy: 'Sometimes', bogus: 1 };
const CASES: [string, unknown][] = [
  ['io.k8s.api.apps.v1.Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { a: 1 } }, spec: { replicas: 'two', template: { spec: { containers: [container] } }, strategy: { type: 'Sometimes' } } }],
  ['io.k8s.api.apps.v1.Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ok' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } }],
  ['io.k8s.api.core.v1.Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'Nope', ports: [{ port: 'http' }, {}], selectr: {} } }],
  ['io.k8s.api.batch.v1.CronJob', { apiVersion: 'batch/v1', kind: 'CronJob', spec: { schedule: 5, jobTemplate: { spec: { template: { spec: { containers: 'x', restartPolicy: 'Always' } } } } } }],
  ['io.k8s.api.core.v1.ReplicationController', { apiVersion: 'v1', kind: 'ReplicationController', spec: { template: { spec: { volumes: [{ name: 'v', configMap: { items: [{ key: 1 }] } }], containers: [container] } } } }],
  ['io.k8s.api.rbac.v1.ClusterRole', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', rules: [{ verbs: 'get', resources: ['pods'] }], aggregationRule: [] }],
];

test('build-time validators report the same errors as a runtime compile', (t) => {
  if (!hasPregenerated('io.k8s.api.apps.v1.Deployment')) {
    t.skip('generated validators absent (run `npm run build` first): only the runtime path exists');
    return;
  }
  for (const [definition, value] of CASES) {
    assert.ok(hasPregenerated(definition), definition);
    const pre = validatorFor(definition);
    const runtime = compileAtRuntime(definition);
    const okPre = pre(value);
    const okRuntime = runtime(value);
    assert.equal(okPre, okRuntime, definition);
    assert.deepEqual(pre.errors ?? null, runtime.errors ?? null, definition);
  }
});
