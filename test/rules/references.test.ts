import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOne, findingsFor, workspace, MAIN } from './helpers';

const podWithRefs = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      serviceAccountName: api-sa
      containers:
      - name: api
        image: example/api:1.0
        envFrom:
        - configMapRef:
            name: api-config
        env:
        - name: TOKEN
          valueFrom:
            secretKeyRef:
              name: api-secret
              key: token
        - name: OPTIONAL
          valueFrom:
            secretKeyRef:
              name: maybe
              key: x
              optional: true
      volumes:
      - name: data
        persistentVolumeClaim:
          claimName: api-data
`;

test('missing-reference: ConfigMap, Secret, PVC and ServiceAccount not defined anywhere (information)', () => {
  const all = findingsFor(podWithRefs, 'missing-reference');
  assert.deepEqual(all.map((f) => f.message.split(' is not')[0]), ['ServiceAccount "api-sa"', 'ConfigMap "api-config"', 'Secret "api-secret"', 'PersistentVolumeClaim "api-data"']);
  assert.ok(all.every((f) => f.severity === 'information'));
  expectOne(findingsFor(podWithRefs, 'missing-reference').filter((f) => f.message.startsWith('ConfigMap')), 'missing-reference', podWithRefs, 'api-config', 19);
});

test('missing-reference: defined in another file of the workspace, default ServiceAccount, optional refs do not fire', () => {
  const defs = `apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
---
apiVersion: v1
kind: Secret
metadata:
  name: api-secret
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: api-sa
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: api-data
`;
  assert.equal(findingsFor(podWithRefs, 'missing-reference', { 'file:///ws/defs.yaml': defs }).length, 0);
  assert.equal(findingsFor(podWithRefs.replace('api-sa', 'default'), 'missing-reference').filter((f) => f.message.includes('ServiceAccount')).length, 0);
  // A definition in another namespace does not count.
  const elsewhere = defs.replace(/name: api-config\n/, 'name: api-config\n  namespace: other\n');
  assert.equal(findingsFor(podWithRefs, 'missing-reference', { 'file:///ws/defs.yaml': elsewhere }).length, 1);
});

const svc = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
`;

const ingress = (service: string, port: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: ${service}
            port:
              ${port}
`;

test('ingress-backend: unknown Service or port; existing ones pass', () => {
  const others = { 'file:///ws/svc.yaml': svc };
  const t = ingress('wbe', 'number: 80');
  const f = expectOne(findingsFor(t, 'ingress-backend', others), 'ingress-backend', t, 'wbe', 12);
  assert.match(f.message, /Service "wbe" is not defined in namespace "default"/);
  const p = ingress('web', 'number: 8080');
  const g = expectOne(findingsFor(p, 'ingress-backend', others), 'ingress-backend', p, '8080', 14);
  assert.match(g.message, /Service "web" has no port 8080; its ports are http \(80\)/);
  assert.equal(findingsFor(ingress('web', 'number: 80'), 'ingress-backend', others).length, 0);
  assert.equal(findingsFor(ingress('web', 'name: http'), 'ingress-backend', others).length, 0);
  // No Services at all in the workspace: they live elsewhere.
  assert.equal(findingsFor(ingress('wbe', 'number: 80'), 'ingress-backend').length, 0);
});

test('ingress-backend: a Service no name of the namespace comes close to is made elsewhere, not missing', () => {
  // kubernetes.io's ingress example routes to "web", which its page makes with `kubectl expose`;
  // other Services in the namespace say nothing about it.
  const others = { 'file:///ws/svc.yaml': svc };
  assert.deepEqual(findingsFor(ingress('api', 'number: 80'), 'ingress-backend', others), []);
  assert.deepEqual(findingsFor(ingress('web-canary', 'number: 80'), 'ingress-backend', others), [], 'a longer name is another Service, not a typo');
  const t = ingress('wbe', 'number: 80');
  const f = expectOne(findingsFor(t, 'ingress-backend', others), 'ingress-backend', t, 'wbe', 12);
  assert.match(f.message, /did you mean "web"\?$/);
  assert.equal(f.fixes?.[0]?.title, 'Change to web');
});

const deploy = `apiVersion: apps/v1
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
        role: frontend
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

test('hpa-target: scaleTargetRef not found', () => {
  const hpa = (name: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${name}
  minReplicas: 1
  maxReplicas: 3
`;
  const others = { 'file:///ws/deploy.yaml': deploy };
  const t = hpa('webb');
  const f = expectOne(findingsFor(t, 'hpa-target', others), 'hpa-target', t, 'webb', 8);
  assert.match(f.message, /did you mean "web"\?$/);
  assert.equal(findingsFor(hpa('web'), 'hpa-target', others).length, 0);
  // A name nothing comes close to: a workload made elsewhere.
  assert.deepEqual(findingsFor(hpa('php-apache'), 'hpa-target', others), []);
});

test('pdb-selects-nothing and network-policy-selects-nothing; empty podSelector means all pods', () => {
  const others = { 'file:///ws/deploy.yaml': deploy };
  const pdb = (value: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: ${value}
`;
  const t = pdb('wbe');
  expectOne(findingsFor(t, 'pdb-selects-nothing', others), 'pdb-selects-nothing', t, 'selector', 6);
  assert.equal(findingsFor(pdb('web'), 'pdb-selects-nothing', others).length, 0);
  const np = (sel: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
spec:
  podSelector:${sel}
  policyTypes: [Ingress]
`;
  const n = np('\n    matchExpressions:\n    - {key: role, operator: In, values: [fronted]}');
  const nf = expectOne(findingsFor(n, 'network-policy-selects-nothing', others), 'network-policy-selects-nothing', n, 'podSelector', 5);
  assert.match(nf.message, /did you mean `role: frontend` \(Deployment web has `role: frontend`, not `role: fronted`\)/);
  assert.equal(findingsFor(np(' {}'), 'network-policy-selects-nothing', others).length, 0);
  assert.equal(findingsFor(np('\n    matchLabels:\n      role: frontend'), 'network-policy-selects-nothing', others).length, 0);
});

test('selects-nothing rules say nothing when nothing in the namespace comes close: those pods are made elsewhere', () => {
  // A budget or a policy for pods a chart, an operator or another repository makes, beside
  // workloads of the workspace that have nothing in common with them (kubernetes.io's zookeeper
  // budget; a kustomize component that removes redis-cart while another keeps its policy).
  const others = { 'file:///ws/deploy.yaml': deploy };
  const pdb = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: zk\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: zookeeper\n';
  assert.deepEqual(findingsFor(pdb, 'pdb-selects-nothing', others), []);
  const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db\nspec:\n  podSelector:\n    matchLabels:\n      role: db\n  policyTypes: [Ingress]\n';
  assert.deepEqual(findingsFor(np, 'network-policy-selects-nothing', others), []);
  // Part of the selector matches a template (app: web), the rest does not: that is reported, with the closest.
  const partly = pdb.replace('app.kubernetes.io/name: zookeeper', 'app: web\n      track: canary');
  const f = expectOne(findingsFor(partly, 'pdb-selects-nothing', others), 'pdb-selects-nothing', partly, 'selector', 6);
  assert.match(f.message, /closest: Deployment web \(track: selector wants "canary", template has no such label\)/);
});

test('selector-overlap: two controllers in one file select the same pods; across files of a folder it is information', () => {
  const second = deploy.replace('name: web\nspec', 'name: web-canary\nspec').replace(/app: web\n    spec/, 'app: web\n        track: canary\n    spec');
  const t = `${deploy}---\n${second}`;
  const all = findingsFor(t, 'selector-overlap');
  assert.equal(all.length, 2);
  assert.equal(all[0].range.start.line, 5);
  assert.match(all[0].message, /this selector \(app=web\) matches the pods of Deployment "web-canary"/);
  assert.match(all[1].message, /this selector \(app=web\) matches the pods of Deployment "web"/);
  // Only one direction holds: the canary's selector is narrower than the stable pods' labels.
  const narrow = `${deploy}---\n${second.replace(/matchLabels:\n      app: web/, 'matchLabels:\n      app: web\n      track: canary')}`;
  const n = findingsFor(narrow, 'selector-overlap');
  assert.equal(n.length, 2);
  assert.match(n[1].message, /the selector of Deployment "web" \(app=web\) matches this template's pods/);
  const distinct = `${deploy}---\n${second.replace(/matchLabels:\n      app: web/, 'matchLabels:\n      app: web\n      track: canary')}`.replace(/(name: web\nspec:\n  selector:\n    matchLabels:\n      app: web)/, '$1\n      track: stable').replace('role: frontend', 'role: frontend\n        track: stable');
  assert.equal(findingsFor(distinct, 'selector-overlap').length, 0);
  const across = findingsFor(deploy, 'selector-overlap-across-files', { 'file:///ws/canary.yaml': second, 'file:///other/canary.yaml': second.replace('web-canary', 'web-canary-2') });
  assert.equal(across.length, 1);
  assert.equal(across[0].severity, 'information');
});

test('duplicate-object: same kind, namespace and name twice in a file; across files in one folder is information', () => {
  const cm = (ns = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n${ns}data:\n  a: "1"\n`;
  const t = `${cm()}---\n${cm()}`;
  const f = expectOne(findingsFor(t, 'duplicate-object'), 'duplicate-object', t, 'settings', 10);
  assert.match(f.message, /ConfigMap "settings" in namespace "default" is already defined in this file \(document 1\)/);
  assert.equal(findingsFor(`${cm()}---\n${cm('  namespace: prod\n')}`, 'duplicate-object').length, 0);
  const across = findingsFor(cm(), 'duplicate-object-across-files', { 'file:///ws/other.yaml': cm() });
  assert.equal(across.length, 1);
  assert.equal(across[0].severity, 'information');
  assert.equal(findingsFor(cm(), 'duplicate-object-across-files', { 'file:///elsewhere/other.yaml': cm() }).length, 0);
  // Cluster-scoped kinds have no namespace.
  const sc = 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\n  namespace: ignored\nprovisioner: x\n';
  const scAll = findingsFor(`${sc}---\n${sc.replace('  namespace: ignored\n', '')}`, 'duplicate-object');
  assert.equal(scAll.length, 1);
  assert.match(scAll[0].message, /^StorageClass "fast" is already defined/);
});

test('the index is incremental: update replaces one file, remove drops it', () => {
  const ws = workspace({ [MAIN]: svc.replace('app: web', 'app: wbe'), 'file:///ws/deploy.yaml': deploy });
  assert.equal(ws.findings().filter((f) => f.code === 'service-selects-nothing').length, 1);
  const { parseYamlFile } = require('../../server/src/engine/yaml/documents') as typeof import('../../server/src/engine/yaml/documents');
  ws.index.update(parseYamlFile('file:///ws/deploy.yaml', deploy.replace(/app: web/g, 'app: wbe')));
  assert.equal(ws.findings().filter((f) => f.code === 'service-selects-nothing').length, 0);
  assert.equal(ws.index.objects().length, 2);
  ws.index.remove('file:///ws/deploy.yaml');
  assert.equal(ws.index.objects().length, 1);
  assert.equal(ws.index.podTemplatesIn('default').length, 0);
  assert.equal(ws.index.lookup('Deployment', 'default', 'web').length, 0);
  assert.equal(ws.index.countOf('Deployment', 'default'), 0);
});
