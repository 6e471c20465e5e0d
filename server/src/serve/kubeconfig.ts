/** The kubeconfig `serve` writes (the CLI's and the editor's): how the user's kubectl finds and trusts the server. */

/** A kubeconfig with one cluster, user and context, all named kube-rehearsal. */
export function kubeconfigText(url: string, token: string, ca: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: kube-rehearsal
  cluster:
    certificate-authority-data: ${Buffer.from(ca).toString('base64')}
    server: ${url}
contexts:
- name: kube-rehearsal
  context:
    cluster: kube-rehearsal
    namespace: default
    user: kube-rehearsal
current-context: kube-rehearsal
preferences: {}
users:
- name: kube-rehearsal
  user:
    token: ${token}
`;
}
