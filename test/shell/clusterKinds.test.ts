import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { newShell } from './helpers';

/**
 * RBAC, Ingress, IngressClass, NetworkPolicy, PersistentVolume, StorageClass and PriorityClass in
 * the built-in shell: `get` (with -o wide) and `describe`, word for word as kubectl 1.32 printed
 * them for the same objects (taken from the real kubectl against `kube-rehearsal serve` of this
 * fixture; ages at the paused clock are 0s, the creation time is the simulation's epoch).
 */

const FIXTURE = join(__dirname, '..', '..', 'test-fixtures', 'cluster-kinds', 'kinds.yaml');
const objects = () => parseAllDocuments(readFileSync(FIXTURE, 'utf8')).map((d) => d.toJSON() as Record<string, unknown>);

const CASES: [string, string][] = [
  ["kubectl get roles", "NAME         CREATED AT\npod-reader   2026-01-01T00:00:00Z\n"],
  ["kubectl get rolebindings -o wide", "NAME        ROLE              AGE   USERS   GROUPS   SERVICEACCOUNTS\nread-pods   Role/pod-reader   0s    jane             default/robot\n"],
  ["kubectl get clusterroles", "NAME             CREATED AT\nadmin            2026-01-01T00:00:00Z\ncluster-admin    2026-01-01T00:00:00Z\nedit             2026-01-01T00:00:00Z\nmetrics-reader   2026-01-01T00:00:00Z\nview             2026-01-01T00:00:00Z\n"],
  ["kubectl get clusterrolebindings -o wide", "NAME            ROLE                         AGE   USERS   GROUPS              SERVICEACCOUNTS\ncluster-admin   ClusterRole/cluster-admin    0s            system:masters      \nread-metrics    ClusterRole/metrics-reader   0s            system:monitoring   \n"],
  ["kubectl get ingress", "NAME              CLASS    HOSTS                                                   ADDRESS   PORTS     AGE\nminimal-ingress   nginx    foo.example.com                                                   80        0s\ntls-ingress       <none>   a.example.com,b.example.com,c.example.com + 1 more...             80, 443   0s\n"],
  ["kubectl get ingressclass", "NAME    CONTROLLER             PARAMETERS   AGE\nnginx   k8s.io/ingress-nginx   <none>       0s\n"],
  ["kubectl get netpol", "NAME                  POD-SELECTOR   AGE\ndb-access             role=db        0s\ndefault-deny          <none>         0s\ntest-network-policy   role=db        0s\n"],
  ["kubectl get pv -o wide", "NAME             CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS      CLAIM   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE   VOLUMEMODE\ntask-pv-volume   10Gi       RWO            Retain           Available           manual         <unset>                          0s    Filesystem\n"],
  ["kubectl get sc", "NAME                 PROVISIONER                RECLAIMPOLICY   VOLUMEBINDINGMODE   ALLOWVOLUMEEXPANSION   AGE\nfast                 k8s.io/minikube-hostpath   Delete          Immediate           false                  0s\nstandard (default)   k8s.io/minikube-hostpath   Delete          Immediate           false                  0s\n"],
  ["kubectl get pc", "NAME                      VALUE        GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY\nhigh-priority             1000000      false            0s    PreemptLowerPriority\nsystem-cluster-critical   2000000000   false            0s    PreemptLowerPriority\nsystem-node-critical      2000001000   false            0s    PreemptLowerPriority\n"],
  ["kubectl describe clusterrole metrics-reader", "Name:         metrics-reader\nLabels:       <none>\nAnnotations:  <none>\nPolicyRule:\n  Resources         Non-Resource URLs  Resource Names  Verbs\n  ---------         -----------------  --------------  -----\n  deployments       []                 []              [get list]\n  pods/log          []                 []              [get list]\n  pods              []                 []              [get list]\n  deployments.apps  []                 []              [get list]\n  pods.apps/log     []                 []              [get list]\n  pods.apps         []                 []              [get list]\n                    [/healthz]         []              [get]\n                    [/metrics]         []              [get]\n  configmaps        []                 [a]             [get]\n  configmaps        []                 [b]             [get]\n"],
  ["kubectl describe clusterrolebinding read-metrics", "Name:         read-metrics\nLabels:       <none>\nAnnotations:  <none>\nRole:\n  Kind:  ClusterRole\n  Name:  metrics-reader\nSubjects:\n  Kind   Name               Namespace\n  ----   ----               ---------\n  Group  system:monitoring  \n"],
  ["kubectl describe ingress tls-ingress", "Name:             tls-ingress\nLabels:           <none>\nNamespace:        default\nAddress:          \nIngress Class:    <none>\nDefault backend:  test:http ()\nTLS:\n  ab-tls terminates a.example.com,b.example.com\nRules:\n  Host           Path  Backends\n  ----           ----  --------\n  a.example.com  \n                 /      test:80 ()\n                 /api   api:8080 (<error: services \"api\" not found>)\n  b.example.com  \n                 /   test:80 ()\n  c.example.com  \n                 /   test:80 ()\n  d.example.com  \n                 /   test:80 ()\nAnnotations:     nginx.ingress.kubernetes.io/rewrite-target: /\nEvents:          <none>\n"],
  ["kubectl describe ingressclass nginx", "Name:         nginx\nLabels:       <none>\nAnnotations:  <none>\nController:   k8s.io/ingress-nginx\nEvents:       <none>\n"],
  ["kubectl describe netpol db-access", "Name:         db-access\nNamespace:    default\nCreated on:   2026-01-01 00:00:00 +0000 UTC\nLabels:       <none>\nAnnotations:  <none>\nSpec:\n  PodSelector:     role=db\n  Allowing ingress traffic:\n    To Port: 6379/TCP\n    From:\n      IPBlock:\n        CIDR: 172.17.0.0/16\n        Except: 172.17.1.0/24\n    From:\n      NamespaceSelector: project=myproject\n    From:\n      PodSelector: role=frontend\n    ----------\n    To Port: <any> (traffic allowed to all ports)\n    From: <any> (traffic not restricted by source)\n  Allowing egress traffic:\n    To Port: 5978/TCP\n    To:\n      IPBlock:\n        CIDR: 10.0.0.0/24\n        Except: \n  Policy Types: Ingress, Egress\n"],
  ["kubectl describe pv", "Name:            task-pv-volume\nLabels:          <none>\nAnnotations:     <none>\nFinalizers:      []\nStorageClass:    manual\nStatus:          Available\nClaim:           \nReclaim Policy:  Retain\nAccess Modes:    RWO\nVolumeMode:      Filesystem\nCapacity:        10Gi\nNode Affinity:   <none>\nMessage:         \nSource:\n    Type:          HostPath (bare host directory volume)\n    Path:          /mnt/data\n    HostPathType:  <none>\nEvents:            <none>\n"],
  ["kubectl describe sc", "Name:                  fast\nIsDefaultClass:        No\nAnnotations:           <none>\nProvisioner:           k8s.io/minikube-hostpath\nParameters:            <none>\nAllowVolumeExpansion:  <unset>\nMountOptions:          <none>\nReclaimPolicy:         Delete\nVolumeBindingMode:     Immediate\nEvents:                <none>\n\n\nName:            standard\nIsDefaultClass:  Yes\nAnnotations:     kubectl.kubernetes.io/last-applied-configuration={\"apiVersion\":\"storage.k8s.io/v1\",\"kind\":\"StorageClass\",\"metadata\":{\"annotations\":{\"storageclass.kubernetes.io/is-default-class\":\"true\"},\"labels\":{\"addonmanager.kubernetes.io/mode\":\"EnsureExists\"},\"name\":\"standard\"},\"provisioner\":\"k8s.io/minikube-hostpath\"}\n,storageclass.kubernetes.io/is-default-class=true\nProvisioner:           k8s.io/minikube-hostpath\nParameters:            <none>\nAllowVolumeExpansion:  <unset>\nMountOptions:          <none>\nReclaimPolicy:         Delete\nVolumeBindingMode:     Immediate\nEvents:                <none>\n"],
];

test('get and describe of the cluster kinds print what kubectl 1.32 prints', async () => {
  const { sim, session } = newShell({ objects: objects() });
  assert.deepEqual(sim.applied.filter((a) => a.error), [], 'every object of the fixture is stored');
  for (const [line, expected] of CASES) assert.equal((await session.execute(line)).output, expected, line);
});

test('an empty list of a cluster-scoped kind says "No resources found", without a namespace', async () => {
  const { session } = newShell();
  assert.equal((await session.execute('kubectl get ingressclasses')).output, 'No resources found\n');
  assert.equal((await session.execute('kubectl get roles')).output, 'No resources found in default namespace.\n');
});

/**
 * `kubectl create role|clusterrole|rolebinding|clusterrolebinding|ingress|priorityclass
 * --dry-run=client -o yaml`, as kubectl 1.32 printed them (its `creationTimestamp: null` left out,
 * as the shell's other generators leave it out, as newer kubectl releases do).
 */
const GENERATED: [string, string][] = [
  ["kubectl create role r2 --verb=get,list --resource=pods,deployments.apps --resource-name=x --dry-run=client -o yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r2\nrules:\n- apiGroups:\n  - \"\"\n  resourceNames:\n  - x\n  resources:\n  - pods\n  verbs:\n  - get\n  - list\n- apiGroups:\n  - apps\n  resourceNames:\n  - x\n  resources:\n  - deployments\n  verbs:\n  - get\n  - list\n"],
  ["kubectl create role r3 --verb=* --resource=pods/log --dry-run=client -o yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r3\nrules:\n- apiGroups:\n  - \"\"\n  resources:\n  - pods/log\n  verbs:\n  - '*'\n"],
  ["kubectl create clusterrole cr --verb=get --resource=nodes --non-resource-url=/logs --dry-run=client -o yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: cr\nrules:\n- apiGroups:\n  - \"\"\n  resources:\n  - nodes\n  verbs:\n  - get\n- nonResourceURLs:\n  - /logs\n  verbs:\n  - get\n"],
  ["kubectl create clusterrole agg --aggregation-rule=rbac.example.com/aggregate-to-monitoring=true --dry-run=client -o yaml", "aggregationRule:\n  clusterRoleSelectors:\n  - matchLabels:\n      rbac.example.com/aggregate-to-monitoring: \"true\"\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: agg\nrules: null\n"],
  ["kubectl create rolebinding rb --role=r2 --user=bob --serviceaccount=default:sa1 --group=g1 --dry-run=client -o yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: r2\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: User\n  name: bob\n- apiGroup: rbac.authorization.k8s.io\n  kind: Group\n  name: g1\n- kind: ServiceAccount\n  name: sa1\n  namespace: default\n"],
  ["kubectl create rolebinding rb2 --clusterrole=view --user=bob --dry-run=client -o yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb2\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: User\n  name: bob\n"],
  ["kubectl create clusterrolebinding crb --clusterrole=cr --user=alice --dry-run=client -o yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: crb\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cr\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: User\n  name: alice\n"],
  ["kubectl create ingress simple --rule=foo.com/bar=svc1:8080,tls=my-cert --class=nginx --dry-run=client -o yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: simple\nspec:\n  ingressClassName: nginx\n  rules:\n  - host: foo.com\n    http:\n      paths:\n      - backend:\n          service:\n            name: svc1\n            port:\n              number: 8080\n        path: /bar\n        pathType: Exact\n  tls:\n  - hosts:\n    - foo.com\n    secretName: my-cert\nstatus:\n  loadBalancer: {}\n"],
  ["kubectl create ingress catch --default-backend=svc:80 --rule=/path*=svc2:http --dry-run=client -o yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: catch\nspec:\n  defaultBackend:\n    service:\n      name: svc\n      port:\n        number: 80\n  rules:\n  - http:\n      paths:\n      - backend:\n          service:\n            name: svc2\n            port:\n              name: http\n        path: /path\n        pathType: Prefix\nstatus:\n  loadBalancer: {}\n"],
  ["kubectl create priorityclass pc0 --value=0 --dry-run=client -o yaml", "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: pc0\npreemptionPolicy: PreemptLowerPriority\nvalue: 0\n"],
  ["kubectl create priorityclass high --value=1000 --description=hi --preemption-policy=Never --global-default --dry-run=client -o yaml", "apiVersion: scheduling.k8s.io/v1\ndescription: hi\nglobalDefault: true\nkind: PriorityClass\nmetadata:\n  name: high\npreemptionPolicy: Never\nvalue: 1000\n"],
];

test('the RBAC, Ingress and PriorityClass generators build what kubectl builds', async () => {
  const { session } = newShell();
  for (const [line, expected] of GENERATED) assert.equal((await session.execute(line)).output, expected, line);
  // Created for real: stored, and listed with the printers.
  assert.equal((await session.execute('kubectl create role r2 --verb=get,list --resource=pods,deployments.apps')).output, 'role.rbac.authorization.k8s.io/r2 created\n');
  assert.equal((await session.execute('kubectl create rolebinding rb --role=r2 --user=bob')).output, 'rolebinding.rbac.authorization.k8s.io/rb created\n');
  assert.equal((await session.execute('kubectl create ingress web --rule=foo.com/*=web:80 --class=nginx')).output, 'ingress.networking.k8s.io/web created\n');
  assert.equal((await session.execute('kubectl create priorityclass high --value=1000')).output, 'priorityclass.scheduling.k8s.io/high created\n');
  assert.equal((await session.execute('kubectl create role r2 --verb=get --resource=pods')).output, 'error: failed to create role: roles.rbac.authorization.k8s.io "r2" already exists\n');
  assert.equal((await session.execute('kubectl create role bad --verb=frob --resource=pods')).output, "error: invalid verb: 'frob'\n");
  assert.equal((await session.execute('kubectl auth can-i list deployments.apps --as bob')).output, 'yes\n');
});

/**
 * `kubectl auth can-i` on the fixture's roles and bindings and the seeded cluster-admin binding,
 * word for word (warnings included) as kubectl 1.32 printed them against serve; `no` exits 1.
 */
const CAN_I: [string, string][] = [
  ["kubectl auth can-i delete pods", "yes\n"],
  ["kubectl auth can-i list pods --as jane", "yes\n"],
  ["kubectl auth can-i get pods/log --as jane", "yes\n"],
  ["kubectl auth can-i delete pods --as jane", "no\n"],
  ["kubectl auth can-i list pods --as system:serviceaccount:default:robot", "yes\n"],
  ["kubectl auth can-i list pods --as system:serviceaccount:default:robot -n kube-system", "no\n"],
  ["kubectl auth can-i list nodes", "Warning: resource 'nodes' is not namespace scoped\n\nyes\n"],
  ["kubectl auth can-i list nodes --as jane", "Warning: resource 'nodes' is not namespace scoped\n\nno\n"],
  ["kubectl auth can-i get /healthz", "yes\n"],
  ["kubectl auth can-i get /metrics --as-group system:monitoring --as bob", "yes\n"],
  ["kubectl auth can-i frob pods", "Warning: verb 'frob' is not a known verb\n\nyes\n"],
  ["kubectl auth can-i get foos", "Warning: the server doesn't have a resource type 'foos'\n\nyes\n"],
  ["kubectl auth can-i list deployments.apps -A --as jane", "no\n"],
  ["kubectl auth can-i get pods mypod --as jane", "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n"],
  ["kubectl auth can-i get pods/mypod --as jane", "yes\n"],
  ["kubectl auth can-i list pods --subresource=log --as jane", "no\n"],
  ["kubectl auth can-i list secrets --as system:serviceaccount:default:robot -n default", "no\n"],
  ["kubectl auth can-i create deployments --as system:serviceaccount:default:default", "no\n"],
  ["kubectl auth can-i list configmaps --as-group system:monitoring --as x", "no\n"],
];

test('auth can-i answers from the RBAC rules, for the kubeconfig\'s user, a user and a service account', async () => {
  const { session } = newShell({ objects: objects() });
  for (const [line, expected] of CAN_I) assert.equal((await session.execute(line)).output, expected, line);
  const r = await session.execute('kubectl auth can-i delete pods --as jane');
  assert.equal(r.exitCode, 1);
  // A ClusterRole labelled to aggregate into view adds its rules to view.
  await session.execute('kubectl create rolebinding viewer --clusterrole=view --user=ann');
  assert.equal((await session.execute('kubectl auth can-i list secrets --as ann')).output, 'no\n');
  assert.equal((await session.execute('kubectl create clusterrole secret-lister --verb=list --resource=secrets')).exitCode, 0);
  assert.equal((await session.execute('kubectl label clusterrole secret-lister rbac.authorization.k8s.io/aggregate-to-view=true')).exitCode, 0);
  assert.equal((await session.execute('kubectl auth can-i list secrets --as ann')).output, 'yes\n');
  assert.equal((await session.execute('kubectl auth can-i list deployments.apps --as ann')).output, 'yes\n');
  assert.equal((await session.execute('kubectl auth can-i list deployments.apps --as ann -n kube-system')).output, 'no\n');
});
