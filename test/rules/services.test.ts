import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixAndRecheck, expectOne, findingsFor, MAIN } from './helpers';

const deployment = (labels: string, ports = '        ports:\n        - containerPort: 8080\n          name: http\n') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
${labels}
    spec:
      containers:
      - name: web
        image: nginx:1.27
${ports}`;

const service = (selector: string, ports = '  - port: 80\n    targetPort: http\n', type = '') => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
${type}  selector:
${selector}
  ports:
${ports}`;

const others = (labels = '        app: nginx\n        tier: web', ports?: string) => ({ 'file:///ws/deploy.yaml': deployment(labels, ports) });

test('service-selects-nothing: near miss ngnix vs nginx, with a replacement fix', () => {
  const t = service('    app: ngnix');
  const f = expectOne(findingsFor(t, 'service-selects-nothing', others()), 'service-selects-nothing', t, 'ngnix', 6);
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /did you mean `app: nginx` \(Deployment web has `app: nginx`, not `app: ngnix`\)/);
  assert.equal(f.related?.[0].file, 'file:///ws/deploy.yaml');
  applyFixAndRecheck(t, 'service-selects-nothing', 'Change the selector to app: nginx', others());
});

test('service-selects-nothing: partial match names the label that differs; exact match does not fire', () => {
  const t = service('    app: nginx\n    tier: backend');
  const f = expectOne(findingsFor(t, 'service-selects-nothing', others()), 'service-selects-nothing', t, 'selector', 5);
  assert.match(f.message, /closest: Deployment web \(tier: selector wants "backend", template has "web"\)/);
  assert.equal(findingsFor(service('    app: nginx'), 'service-selects-nothing', others()).length, 0);
});

test('service-selects-nothing: exempt for ExternalName, no selector, other namespaces without workloads, unrelated selectors and kustomize labels', () => {
  const ext = `apiVersion: v1
kind: Service
metadata:
  name: ext
spec:
  type: ExternalName
  externalName: example.com
  selector:
    app: nothing
`;
  assert.equal(findingsFor(ext, 'service-selects-nothing', others()).length, 0);
  const noSel = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n';
  assert.equal(findingsFor(noSel, 'service-selects-nothing', others()).length, 0);
  // Pods deployed by a chart elsewhere: nothing in the workspace even resembles the selector.
  assert.equal(findingsFor(service('    app.kubernetes.io/name: exporter'), 'service-selects-nothing', others()).length, 0);
  const inOtherNs = service('    app: ngnix').replace('  name: web\n', '  name: web\n  namespace: prod\n');
  assert.equal(findingsFor(inOtherNs, 'service-selects-nothing', others()).length, 0);
  const kustomized = {
    ...others(),
    'file:///ws/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncommonLabels:\n  team: a\nresources:\n- main.yaml\n',
  };
  assert.equal(findingsFor(service('    app: ngnix'), 'service-selects-nothing', kustomized).length, 0);
});

test('service-selects-nothing: templated pod labels count as unknown, not as a mismatch', () => {
  const helm = { 'file:///ws/deploy.yaml': deployment('        app: {{ .Values.app }}') };
  assert.equal(findingsFor(service('    app: ngnix'), 'service-selects-nothing', helm).length, 0);
});

test('service-target-port: named targetPort missing from the selected containers', () => {
  const t = service('    app: nginx', '  - port: 80\n    targetPort: web\n');
  const f = expectOne(findingsFor(t, 'service-target-port', others()), 'service-target-port', t, 'web', 9);
  assert.match(f.message, /targetPort "web" is not a TCP port name of any selected container \(Deployment web\); named ports there: http/);
  assert.equal(findingsFor(service('    app: nginx'), 'service-target-port', others()).length, 0);
});

test('service-target-port: numeric target only reported when every container declares ports', () => {
  const t = service('    app: nginx', '  - port: 80\n    targetPort: 9090\n');
  expectOne(findingsFor(t, 'service-target-port', others()), 'service-target-port', t, '9090', 9);
  assert.equal(findingsFor(service('    app: nginx', '  - port: 80\n    targetPort: 8080\n'), 'service-target-port', others()).length, 0);
  assert.equal(findingsFor(t, 'service-target-port', others(undefined, '')).length, 0);
  // port doubles as the target when targetPort is omitted
  const implicit = service('    app: nginx', '  - port: 80\n');
  expectOne(findingsFor(implicit, 'service-target-port', others()), 'service-target-port', implicit, '80', 8);
});

test('service-node-port: out of range, and set on a ClusterIP Service', () => {
  const t = service('    app: nginx', '  - port: 80\n    targetPort: http\n    nodePort: 8080\n', '  type: NodePort\n');
  const f = expectOne(findingsFor(t, 'service-node-port', others()), 'service-node-port', t, '8080', 11);
  assert.equal(f.message, 'spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767');
  const cip = service('    app: nginx', '  - port: 80\n    targetPort: http\n    nodePort: 30080\n');
  const g = expectOne(findingsFor(cip, 'service-node-port', others()), 'service-node-port', cip, '30080', 10);
  assert.equal(g.message, "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
  assert.equal(findingsFor(cip.replace('spec:\n', 'spec:\n  type: LoadBalancer\n'), 'service-node-port', others()).length, 0);
});

test('service-duplicate-port: repeated names, port/protocol pairs and unnamed ports in multi-port Services', () => {
  const t = service('    app: nginx', '  - name: http\n    port: 80\n    targetPort: http\n  - name: http\n    port: 80\n    targetPort: http\n  - port: 443\n    targetPort: http\n');
  const all = findingsFor(t, 'service-duplicate-port', others());
  assert.deepEqual(all.map((f) => f.message), [
    'spec.ports[1].name: Duplicate value: "http"',
    'spec.ports[1]: Duplicate value: {"port":80,"protocol":"TCP"}',
    'spec.ports[2].name: Required value',
  ]);
  assert.deepEqual(all.map((f) => f.range.start.line), [11, 12, 14]);
  const ok = service('    app: nginx', '  - name: http\n    port: 80\n    targetPort: http\n  - name: dns\n    port: 80\n    protocol: UDP\n    targetPort: http\n');
  assert.equal(findingsFor(ok, 'service-duplicate-port', others()).length, 0);
});

test('service-selects-nothing: the right value under another key is a near miss, with a key fix', () => {
  const pods = others('        app.kubernetes.io/name: guestbook\n        app.kubernetes.io/component: frontend');
  const t = service('    app.kubernetes.io/name: guestbook\n    tier: frontend');
  const f = expectOne(findingsFor(t, 'service-selects-nothing', pods), 'service-selects-nothing', t, 'tier', 7);
  assert.match(f.message, /did you mean `app\.kubernetes\.io\/component: frontend`/);
  const fixed = applyFixAndRecheck(t, 'service-selects-nothing', 'Change the selector key to app.kubernetes.io/component', pods);
  assert.match(fixed, /\n    app\.kubernetes\.io\/component: frontend\n/);
  assert.ok(MAIN.endsWith('main.yaml'));
});
