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
  ["kubectl get clusterroles", "NAME             CREATED AT\nmetrics-reader   2026-01-01T00:00:00Z\n"],
  ["kubectl get clusterrolebindings -o wide", "NAME           ROLE                         AGE   USERS   GROUPS              SERVICEACCOUNTS\nread-metrics   ClusterRole/metrics-reader   0s            system:monitoring   \n"],
  ["kubectl get ingress", "NAME              CLASS    HOSTS                                                   ADDRESS   PORTS     AGE\nminimal-ingress   nginx    foo.example.com                                                   80        0s\ntls-ingress       <none>   a.example.com,b.example.com,c.example.com + 1 more...             80, 443   0s\n"],
  ["kubectl get ingressclass", "NAME    CONTROLLER             PARAMETERS   AGE\nnginx   k8s.io/ingress-nginx   <none>       0s\n"],
  ["kubectl get netpol", "NAME                  POD-SELECTOR   AGE\ndb-access             role=db        0s\ndefault-deny          <none>         0s\ntest-network-policy   role=db        0s\n"],
  ["kubectl get pv -o wide", "NAME             CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS    CLAIM   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE   VOLUMEMODE\ntask-pv-volume   10Gi       RWO            Retain           Pending           manual         <unset>                          0s    Filesystem\n"],
  ["kubectl get sc", "NAME   PROVISIONER                RECLAIMPOLICY   VOLUMEBINDINGMODE   ALLOWVOLUMEEXPANSION   AGE\nfast   k8s.io/minikube-hostpath   Delete          Immediate           false                  0s\n"],
  ["kubectl get pc", "NAME            VALUE     GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY\nhigh-priority   1000000   false            0s    PreemptLowerPriority\n"],
  ["kubectl describe clusterrole metrics-reader", "Name:         metrics-reader\nLabels:       <none>\nAnnotations:  <none>\nPolicyRule:\n  Resources         Non-Resource URLs  Resource Names  Verbs\n  ---------         -----------------  --------------  -----\n  deployments       []                 []              [get list]\n  pods/log          []                 []              [get list]\n  pods              []                 []              [get list]\n  deployments.apps  []                 []              [get list]\n  pods.apps/log     []                 []              [get list]\n  pods.apps         []                 []              [get list]\n                    [/healthz]         []              [get]\n                    [/metrics]         []              [get]\n  configmaps        []                 [a]             [get]\n  configmaps        []                 [b]             [get]\n"],
  ["kubectl describe clusterrolebinding read-metrics", "Name:         read-metrics\nLabels:       <none>\nAnnotations:  <none>\nRole:\n  Kind:  ClusterRole\n  Name:  metrics-reader\nSubjects:\n  Kind   Name               Namespace\n  ----   ----               ---------\n  Group  system:monitoring  \n"],
  ["kubectl describe ingress tls-ingress", "Name:             tls-ingress\nLabels:           <none>\nNamespace:        default\nAddress:          \nIngress Class:    <none>\nDefault backend:  test:http ()\nTLS:\n  ab-tls terminates a.example.com,b.example.com\nRules:\n  Host           Path  Backends\n  ----           ----  --------\n  a.example.com  \n                 /      test:80 ()\n                 /api   api:8080 (<error: services \"api\" not found>)\n  b.example.com  \n                 /   test:80 ()\n  c.example.com  \n                 /   test:80 ()\n  d.example.com  \n                 /   test:80 ()\nAnnotations:     nginx.ingress.kubernetes.io/rewrite-target: /\nEvents:          <none>\n"],
  ["kubectl describe ingressclass nginx", "Name:         nginx\nLabels:       <none>\nAnnotations:  <none>\nController:   k8s.io/ingress-nginx\nEvents:       <none>\n"],
  ["kubectl describe netpol db-access", "Name:         db-access\nNamespace:    default\nCreated on:   2026-01-01 00:00:00 +0000 UTC\nLabels:       <none>\nAnnotations:  <none>\nSpec:\n  PodSelector:     role=db\n  Allowing ingress traffic:\n    To Port: 6379/TCP\n    From:\n      IPBlock:\n        CIDR: 172.17.0.0/16\n        Except: 172.17.1.0/24\n    From:\n      NamespaceSelector: project=myproject\n    From:\n      PodSelector: role=frontend\n    ----------\n    To Port: <any> (traffic allowed to all ports)\n    From: <any> (traffic not restricted by source)\n  Allowing egress traffic:\n    To Port: 5978/TCP\n    To:\n      IPBlock:\n        CIDR: 10.0.0.0/24\n        Except: \n  Policy Types: Ingress, Egress\n"],
  ["kubectl describe pv", "Name:            task-pv-volume\nLabels:          <none>\nAnnotations:     <none>\nFinalizers:      []\nStorageClass:    manual\nStatus:          Pending\nClaim:           \nReclaim Policy:  Retain\nAccess Modes:    RWO\nVolumeMode:      Filesystem\nCapacity:        10Gi\nNode Affinity:   <none>\nMessage:         \nSource:\n    Type:          HostPath (bare host directory volume)\n    Path:          /mnt/data\n    HostPathType:  <none>\nEvents:            <none>\n"],
  ["kubectl describe sc", "Name:                  fast\nIsDefaultClass:        No\nAnnotations:           <none>\nProvisioner:           k8s.io/minikube-hostpath\nParameters:            <none>\nAllowVolumeExpansion:  <unset>\nMountOptions:          <none>\nReclaimPolicy:         Delete\nVolumeBindingMode:     Immediate\nEvents:                <none>\n"],
];

test('get and describe of the cluster kinds print what kubectl 1.32 prints', async () => {
  const { sim, session } = newShell({ objects: objects() });
  assert.deepEqual(sim.applied.filter((a) => a.error), [], 'every object of the fixture is stored');
  for (const [line, expected] of CASES) assert.equal((await session.execute(line)).output, expected, line);
});

test('an empty list of a cluster-scoped kind says "No resources found", without a namespace', async () => {
  const { session } = newShell();
  assert.equal((await session.execute('kubectl get clusterrolebindings')).output, 'No resources found\n');
  assert.equal((await session.execute('kubectl get roles')).output, 'No resources found in default namespace.\n');
});
