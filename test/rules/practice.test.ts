import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixAndRecheck, findingsFor, textAt } from './helpers';
import { RULES } from '../../server/src/engine/rules/index';

/** The best-practice rules (production and strict profiles): each fires on a bad manifest at an exact range and not on a good one. */

const pod = (spec: string, kind = 'Pod') =>
  kind === 'Pod'
    ? `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}`
    : `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n${spec.replace(/^/gm, '    ')}`;

const SECURE = `      securityContext:
        allowPrivilegeEscalation: false
        runAsNonRoot: true
        readOnlyRootFilesystem: true
        capabilities:
          drop: ["ALL"]
`;
const c = (extra = '', sc = SECURE) => `  containers:\n    - name: web\n      image: nginx:1.27\n${sc}${extra}`;

interface Case {
  id: string;
  bad: string;
  /** Text the finding's range covers, and its 0-based line. */
  at: [string, number];
  good: string;
  others?: Record<string, string>;
}

const CASES: Case[] = [
  { id: 'resources-missing', bad: pod(c()), at: ['web', 6], good: pod(c('      resources:\n        requests: {cpu: 100m, memory: 64Mi}\n        limits: {memory: 64Mi}\n')) },
  { id: 'probes-missing', bad: pod(c('      ports:\n        - containerPort: 8080\n'), 'Deployment'), at: ['web', 15], good: pod(c('      ports:\n        - containerPort: 8080\n      readinessProbe:\n        httpGet: {path: /, port: 8080}\n'), 'Deployment') },
  { id: 'privileged-container', bad: pod(c('', '      securityContext:\n        privileged: true\n')), at: ['true', 9], good: pod(c('', '      securityContext:\n        privileged: false\n')) },
  { id: 'dangerous-capabilities', bad: pod(c('', '      securityContext:\n        capabilities:\n          add: ["NET_BIND_SERVICE", "SYS_ADMIN"]\n')), at: ['"SYS_ADMIN"', 10], good: pod(c('', '      securityContext:\n        capabilities:\n          add: ["NET_BIND_SERVICE"]\n')) },
  { id: 'run-as-root', bad: pod(`  securityContext:\n    runAsUser: 0\n${c()}`), at: ['0', 6], good: pod(`  securityContext:\n    runAsUser: 1000\n${c()}`) },
  { id: 'host-namespaces', bad: pod(`  hostPID: true\n${c()}`), at: ['true', 5], good: pod(`  hostPID: false\n${c()}`) },
  { id: 'host-path-volume', bad: pod(`  volumes:\n    - name: logs\n      hostPath:\n        path: /var/log\n${c()}`), at: ['hostPath', 7], good: pod(`  volumes:\n    - name: logs\n      emptyDir: {}\n${c()}`) },
  { id: 'host-port', bad: pod(c('      ports:\n        - containerPort: 80\n          hostPort: 8080\n')), at: ['8080', 16], good: pod(c('      ports:\n        - containerPort: 80\n')) },
  { id: 'secret-in-env', bad: pod(c('      env:\n        - name: DB_PASSWORD\n          value: hunter2\n')), at: ['hunter2', 16], good: pod(c('      env:\n        - name: DB_PASSWORD_FILE\n          value: /run/secrets/db\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}\n')) },
  { id: 'secret-in-configmap', bad: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  log_level: debug\n  apiKey: sk9fJ2kLq81ZxPw0mN4vB7cR\n', at: ['sk9fJ2kLq81ZxPw0mN4vB7cR', 6], good: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  log_level: debug\n  secret_name: app-credentials\n' },
  { id: 'rbac-wildcard', bad: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\nrules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["*"]\n', at: ['"*"', 7], good: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\nrules:\n  - apiGroups: ["*"]\n    resources: ["pods"]\n    verbs: ["get", "list"]\n' },
  { id: 'cluster-admin-binding', bad: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: b\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: default\n', at: ['cluster-admin', 7], good: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: b\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: default\n' },
  { id: 'pdb-no-eviction', bad: 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 0\n  selector:\n    matchLabels:\n      app: web\n', at: ['0', 5], good: 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: web\n' },
  { id: 'single-replica', bad: pod(c(), 'Deployment').replace('replicas: 3', 'replicas: 1'), at: ['1', 5], good: pod(c(), 'Deployment').replace('replicas: 3', 'replicas: 1'), others: { 'file:///ws/hpa.yaml': 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 2\n  maxReplicas: 5\n' } },
  { id: 'hpa-single-min-replica', bad: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 1\n  maxReplicas: 5\n', at: ['1', 9], good: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 2\n  maxReplicas: 5\n' },
  { id: 'hpa-min-above-max', bad: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 6\n  maxReplicas: 5\n', at: ['5', 10], good: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 5\n  maxReplicas: 5\n' },
  { id: 'naked-pod', bad: pod(c()), at: ['Pod', 1], good: pod(c(), 'Deployment') },
  { id: 'privilege-escalation-allowed', bad: pod(c('', '      securityContext:\n        runAsNonRoot: true\n')), at: ['securityContext', 8], good: pod(c()) },
  { id: 'capabilities-not-dropped', bad: pod(c('', '      securityContext:\n        allowPrivilegeEscalation: false\n')), at: ['securityContext', 8], good: pod(c()) },
  { id: 'run-as-non-root-missing', bad: pod(c('', '      securityContext:\n        allowPrivilegeEscalation: false\n')), at: ['securityContext', 8], good: pod(`  securityContext:\n    runAsNonRoot: true\n${c('', '      securityContext:\n        allowPrivilegeEscalation: false\n')}`) },
  { id: 'writable-root-filesystem', bad: pod(c('', '      securityContext:\n        readOnlyRootFilesystem: false\n')), at: ['false', 9], good: pod(c()) },
  { id: 'default-service-account', bad: pod(`  serviceAccountName: default\n${c()}`), at: ['default', 5], good: pod(`  serviceAccountName: web\n${c()}`) },
  { id: 'service-account-token-automount', bad: pod(c()), at: ['spec', 4], good: pod(`  automountServiceAccountToken: false\n${c()}`) },
  { id: 'rbac-sensitive-access', bad: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\nrules:\n  - apiGroups: [""]\n    resources: ["configmaps", "secrets"]\n    verbs: ["get"]\n', at: ['"secrets"', 6], good: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\nrules:\n  - apiGroups: [""]\n    resources: ["configmaps", "secrets"]\n    verbs: ["create"]\n' },
  { id: 'service-type-nodeport', bad: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n    - port: 80\n', at: ['NodePort', 5], good: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ClusterIP\n  selector:\n    app: web\n  ports:\n    - port: 80\n' },
  { id: 'replicas-without-spread', bad: pod(c(), 'Deployment'), at: ['3', 5], good: pod(`topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: ScheduleAnyway\n    labelSelector:\n      matchLabels:\n        app: web\n${c()}`, 'Deployment') },
  { id: 'cronjob-starting-deadline', bad: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: j\nspec:\n  schedule: "0 * * * *"\n  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n            - name: c\n              image: busybox:1.36\n', at: ['"0 * * * *"', 5], good: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: j\nspec:\n  schedule: "0 * * * *"\n  startingDeadlineSeconds: 300\n  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n            - name: c\n              image: busybox:1.36\n' },
  { id: 'cronjob-concurrency-policy', bad: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: j\nspec:\n  schedule: "0 * * * *"\n  startingDeadlineSeconds: 300\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n            - name: c\n              image: busybox:1.36\n', at: ['"0 * * * *"', 5], good: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: j\nspec:\n  schedule: "0 * * * *"\n  startingDeadlineSeconds: 300\n  concurrencyPolicy: Allow\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n            - name: c\n              image: busybox:1.36\n' },
  { id: 'ingress-no-tls', bad: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - host: example.com\n', at: ['spec', 4], good: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls:\n    - hosts: [example.com]\n      secretName: web-tls\n  rules:\n    - host: example.com\n' },
];

for (const k of CASES) {
  test(`${k.id}: fires on the bad manifest at its field, not on the good one`, () => {
    const bad = findingsFor(k.bad, k.id, k.id === 'single-replica' ? {} : k.others);
    assert.equal(bad.length, 1, `${k.id}: ${bad.map((f) => f.message).join(' | ')}\n${k.bad}`);
    assert.equal(textAt(k.bad, bad[0].range), k.at[0]);
    assert.equal(bad[0].range.start.line, k.at[1]);
    assert.deepEqual(findingsFor(k.good, k.id, k.others).map((f) => f.message), []);
  });
}

test('every best-practice rule has a case here, a profile and a security or reliability tag', () => {
  const covered = new Set(CASES.map((k) => k.id));
  for (const r of RULES.filter((x) => x.profile)) {
    assert.ok(covered.has(r.id), `no case for ${r.id}`);
    assert.ok(r.tags?.some((t) => t === 'security' || t === 'reliability'), r.id);
  }
});

test('secrets: the value is never in the message; placeholders, references and flags are not secrets; random tokens are', () => {
  const env = (name: string, value: string) => pod(c(`      env:\n        - name: ${name}\n          value: "${value}"\n`));
  const f = findingsFor(env('API_TOKEN', 'hunter2hunter2'), 'secret-in-env');
  assert.equal(f.length, 1);
  assert.ok(!f[0].message.includes('hunter2'));
  for (const [n, v] of [['DB_PASSWORD', '$(DB_PASS)'], ['MYSQL_ALLOW_EMPTY_PASSWORD', '1'], ['TOKEN_TTL', '3600'], ['PASSWORD', ''], ['LOG_LEVEL', 'debug'], ['GREETING', 'Hello from the other side of the river']])
    assert.deepEqual(findingsFor(env(n, v), 'secret-in-env'), [], n);
  assert.equal(findingsFor(env('SETTING', 'Zq8vN3kP0rT6wY2mB5xL9cJ4'), 'secret-in-env').length, 1, 'high-entropy value');
  assert.deepEqual(findingsFor(env('IMAGE_DIGEST', 'sha256abcdefabcdefabcdef0123456789'), 'secret-in-env'), [], 'lowercase hex is not a key');
});

test('quick fixes: resources skeleton, a readiness probe on the declared port, a restricted securityContext', () => {
  const bare = pod('  containers:\n    - name: web\n      image: nginx:1.27\n      ports:\n        - containerPort: 8080\n', 'Deployment');
  const withResources = applyFixAndRecheck(bare, 'resources-missing', 'Add resources');
  assert.match(withResources, /\n {10}resources:\n {12}requests:\n {14}cpu: 100m\n {14}memory: 128Mi\n {12}limits:\n {14}memory: 128Mi\n/);
  const withProbe = applyFixAndRecheck(bare, 'probes-missing', 'Add a readiness probe on port 8080');
  assert.match(withProbe, /\n {10}readinessProbe:\n {12}tcpSocket:\n {14}port: 8080\n {12}periodSeconds: 10\n/);
  const partly = pod(c('', '      securityContext:\n        runAsUser: 1000\n'));
  const secured = applyFixAndRecheck(partly, 'privilege-escalation-allowed', 'Add a securityContext');
  assert.match(secured, /      securityContext:\n        runAsUser: 1000\n        allowPrivilegeEscalation: false\n        runAsNonRoot: true\n        capabilities:\n          drop: \["ALL"\]\n        seccompProfile:\n          type: RuntimeDefault\n/);
  assert.deepEqual(findingsFor(secured, 'capabilities-not-dropped'), []);
});

test('resources-missing: a request the API server defaults from the limit of the same resource is not missing', () => {
  // The real pattern of old examples (selenium, vitess): limits only. Requests default to them.
  const limitsOnly = pod(c('      resources:\n        limits:\n          cpu: ".5"\n          memory: 1000Mi\n'));
  assert.deepEqual(findingsFor(limitsOnly, 'resources-missing'), []);
  // A CPU limit makes the CPU request; the memory request and limit are still missing.
  const cpuLimit = pod(c('      resources:\n        limits:\n          cpu: 500m\n'));
  const f = findingsFor(cpuLimit, 'resources-missing');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /has no requests\.memory, limits\.memory:/);
  assert.equal(textAt(cpuLimit, f[0].range), 'resources');
});

test('service-account-token-automount: a ServiceAccount that says false mounts no token, so its pods are not reported', () => {
  const sa = (name: string, automount: boolean) => ({ 'file:///ws/sa.yaml': `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\nautomountServiceAccountToken: ${automount}\n` });
  const withSa = pod(`  serviceAccountName: web\n${c()}`);
  assert.deepEqual(findingsFor(withSa, 'service-account-token-automount', sa('web', false)), []);
  assert.equal(findingsFor(withSa, 'service-account-token-automount', sa('web', true)).length, 1);
  assert.equal(findingsFor(withSa, 'service-account-token-automount', sa('other', false)).length, 1, 'another ServiceAccount says nothing about this one');
  assert.deepEqual(findingsFor(pod(c()), 'service-account-token-automount', sa('default', false)), [], 'the default ServiceAccount, when the pod names none');
});
