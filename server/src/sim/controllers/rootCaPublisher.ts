import type { Sim } from '../core';
import { ApiError } from '../store/store';
import type { KObject } from '../types';
import { fnv32a } from '../util';

/**
 * The root CA certificate publisher (kube-controller-manager's root-ca-cert-publisher): every
 * namespace has a ConfigMap `kube-root-ca.crt` whose `ca.crt` is the cluster's CA (what a pod's
 * projected service-account volume mounts), created when the namespace appears, created again
 * when it is deleted, and its data and description annotation put back when they are changed.
 */

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
export const ROOT_CA_DESCRIPTION = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/**
 * The simulated cluster's CA: a self-signed certificate for CN=minikubeCA (as minikube names its
 * CA), valid 2025-12-01 to 2035-11-29, made once for the simulator; its key was not kept, so it
 * verifies nothing (nothing in the simulation speaks TLS to the simulated API server).
 */
export const CLUSTER_CA_PEM =
  '-----BEGIN CERTIFICATE-----\n' +
  'MIIC5zCCAc+gAwIBAgIBATANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDDAptaW5p\n' +
  'a3ViZUNBMB4XDTI1MTIwMTAwMDAwMFoXDTM1MTEyOTAwMDAwMFowFTETMBEGA1UE\n' +
  'AwwKbWluaWt1YmVDQTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAMcS\n' +
  'v/QlhVVhId3vPyNyj13qHfpL0mrPhcyTwxmO8w9RkMfrh8JnUvkgg6hIFy2JZig5\n' +
  'TtGBRNk2axnn2rFOd7vjSFH5kC2LJCuD0DFP+CM2pdsJ70WbkIKs6quWAF1tX0vP\n' +
  'UybNe6x6hE3vrYXGfDx/q22SrWaYOZdRVzcA/qpoJmOq6cloGcWuGailHdjthHad\n' +
  'TxFkTpHwTdibiRKCbDuo1kf1IC3ubglUPTpfCkKFSfyr+3wHboPPQnpiVdLrrV9K\n' +
  '4tgus5KvvmFsFRp2/6wUSrBwEPdRJfFGXKMr+HMNZN0NxNc7A9DA94QZF2MfIIjA\n' +
  'Ntm4BJQwaAY+zDE68iUCAwEAAaNCMEAwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8B\n' +
  'Af8EBAMCAqQwHQYDVR0OBBYEFEiuSWjYURsMuDsFvU3Q67ZexZtdMA0GCSqGSIb3\n' +
  'DQEBCwUAA4IBAQBidboKODOYjRnMsXCKMIJFIGZaDu8RAHbamEfwLtPiMQj9sX7c\n' +
  'J1tHdRH+h0AFLiLD26X6l5yBs5303s3U8PsyNkNb1zBe026FNvZVQMrFqyZMQsPq\n' +
  'v8foqMR+xZkEF8oBk36IhjEQ0IxMNVK5CVzj3a8bj4s2haQwG+q5UfLOCpzoDqoz\n' +
  '0/5FOw+gKDDpQ85MSWeI6OfST+6lkoHfDFuvp25cvYFUZvO1oFC0q7gMdjSVwTSj\n' +
  'ZQuInBi/C5TnPFjIfwpxKJz8xVdY7qXQMtFsL7uSSeo+WCbbCr3R7jx8SWOO7G0z\n' +
  'xaxeaU2MCWDDNACZAVSOJs2Ip79dumEu5Nm3\n' +
  '-----END CERTIFICATE-----\n';

/**
 * The uid of an object these controllers create: from its name and the store's version at its
 * creation (a new uid each time it is made again, as kubectl's wait after a delete expects), so it
 * draws nothing from the seeded generator and leaves every generated name of the run as it was.
 */
export function systemUid(sim: Sim, kind: string, namespace: string, name: string): string {
  const h = (s: string) => fnv32a(s).toString(16).padStart(8, '0');
  const a = h(`${kind}/${namespace}/${name}@${sim.store.resourceVersion}`);
  const b = h(`${name}#${namespace}`);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-8${a.slice(1, 4)}-${h(`${namespace}:${kind}`)}${b.slice(0, 4)}`;
}

function syncNamespace(sim: Sim, namespace: string): void {
  const ns = sim.store.get('Namespace', undefined, namespace);
  if (!ns || ns.metadata.deletionTimestamp !== undefined) return;
  const cm = sim.store.get('ConfigMap', namespace, ROOT_CA_CONFIGMAP);
  const data = { 'ca.crt': CLUSTER_CA_PEM };
  if (!cm) {
    const obj: KObject = {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: ROOT_CA_CONFIGMAP, namespace, uid: '', resourceVersion: '', generation: 0, creationTimestamp: 0, labels: {}, annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION } },
      data,
    };
    try {
      sim.store.create(obj, { uid: systemUid(sim, 'ConfigMap', namespace, ROOT_CA_CONFIGMAP) });
    } catch (e) {
      // A namespace that is going away (or gone) gets none, as the publisher does not retry those.
      if (!(e instanceof ApiError)) throw e;
    }
    return;
  }
  if (JSON.stringify(cm.data ?? {}) === JSON.stringify(data) && cm.metadata.annotations['kubernetes.io/description']) return;
  cm.data = data;
  cm.metadata.annotations = { ...cm.metadata.annotations, 'kubernetes.io/description': ROOT_CA_DESCRIPTION };
  sim.store.update(cm);
}

export function installRootCaPublisher(sim: Sim): void {
  sim.store.watch('Namespace', (type, ns) => {
    if (type === 'ADDED' || (type === 'MODIFIED' && ns.metadata.deletionTimestamp === undefined)) sim.enqueue('root-ca-cert-publisher', ns.metadata.name);
  });
  sim.store.watch('ConfigMap', (type, cm) => {
    if (cm.metadata.name === ROOT_CA_CONFIGMAP && type !== 'ADDED' && cm.metadata.namespace) sim.enqueue('root-ca-cert-publisher', cm.metadata.namespace);
  });
  sim.registerController('root-ca-cert-publisher', (namespace) => syncNamespace(sim, namespace));
}
