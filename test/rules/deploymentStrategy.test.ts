import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOne, findingsFor } from './helpers';

const deployment = (specExtra: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
${specExtra}  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

test('deployment-strategy: rollingUpdate with Recreate', () => {
  const t = deployment('  strategy:\n    type: Recreate\n    rollingUpdate:\n      maxSurge: 1\n');
  const f = expectOne(findingsFor(t, 'deployment-strategy'), 'deployment-strategy', t, 'rollingUpdate', 7);
  assert.equal(f.message, "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'");
  assert.equal(findingsFor(deployment('  strategy:\n    type: Recreate\n'), 'deployment-strategy').length, 0);
});

test('deployment-strategy: maxSurge and maxUnavailable both zero, bad percentages, over 100%', () => {
  const zero = deployment('  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0%\n');
  const f = expectOne(findingsFor(zero, 'deployment-strategy'), 'deployment-strategy', zero, '0%', 8);
  assert.equal(f.message, 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0');
  const pct = deployment('  strategy:\n    rollingUpdate:\n      maxSurge: 25 %\n      maxUnavailable: 150%\n');
  const all = findingsFor(pct, 'deployment-strategy');
  assert.deepEqual(all.map((x) => x.range.start.line), [7, 8]);
  assert.match(all[0].message, /a valid percent string must be a numeric string followed by an ending '%'/);
  assert.match(all[1].message, /must not be greater than 100%/);
  assert.equal(findingsFor(deployment('  strategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n'), 'deployment-strategy').length, 0);
});

test('deployment-strategy: progressDeadlineSeconds must exceed minReadySeconds', () => {
  const t = deployment('  minReadySeconds: 30\n  progressDeadlineSeconds: 30\n');
  const f = expectOne(findingsFor(t, 'deployment-strategy'), 'deployment-strategy', t, '30', 6);
  assert.equal(f.message, 'spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds');
  assert.equal(findingsFor(deployment('  minReadySeconds: 30\n  progressDeadlineSeconds: 600\n'), 'deployment-strategy').length, 0);
});

test('missing-reference: a StatefulSet whose governing Service is not defined', () => {
  const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db-headless
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: postgres:16
`;
  const f = expectOne(findingsFor(sts, 'missing-reference'), 'missing-reference', sts, 'db-headless', 5);
  assert.match(f.message, /^Service "db-headless" is not defined in namespace "default"/);
  const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db-headless\nspec:\n  clusterIP: None\n  selector:\n    app: db\n';
  assert.equal(findingsFor(sts, 'missing-reference', { 'file:///ws/svc.yaml': svc }).length, 0);
});
