import { evaluatePod, namespacePolicy, podViewOf, violatesMessage, wouldViolateMessage, type Level, type NamespacePolicy } from '../../api/podSecurity/policy';
import { ApiError, type Store } from '../store/store';
import type { KObject } from '../types';

/**
 * The PodSecurity admission plugin: a Pod is refused when the `enforce` policy of its namespace
 * fails (`pods "x" is forbidden: violates PodSecurity "restricted:latest": ...`); otherwise the
 * `warn` policy adds a warning. Workload objects (pod controllers) are only warned about, never
 * refused: their pods are refused when the controller creates them. `audit` writes the audit log,
 * which the simulation does not have.
 */

export interface PodSecurityOptions {
  /** The level unlabelled namespaces get (the cluster's admission configuration defaults); privileged when unset. */
  defaultLevel?: Level;
}

function policyFor(store: Store, namespace: string | undefined, opts: PodSecurityOptions): NamespacePolicy {
  const ns = namespace ? store.get('Namespace', undefined, namespace) : undefined;
  const lv = { level: opts.defaultLevel ?? 'privileged', version: 'latest' as const };
  return namespacePolicy(ns?.metadata.labels, { enforce: lv, warn: lv, audit: lv }).policy;
}

export function installPodSecurity(store: Store, opts: PodSecurityOptions = {}): void {
  store.validation.push((obj) => admitPodSecurity(obj, store, opts));
  store.updateAdmission.push((obj) => podSecurityUpdateWarnings(obj, store, opts));
}

/** The plugin's decision on a create: throws for a refused Pod, queues warnings on the store. */
export function admitPodSecurity(obj: KObject, store: Store, opts: PodSecurityOptions = {}): void {
  if (obj.kind === 'Namespace') return;
  const pod = podViewOf(obj);
  if (!pod) return;
  const policy = policyFor(store, obj.metadata.namespace, opts);
  if (obj.kind === 'Pod') {
    const enforced = evaluatePod(policy.enforce, pod.view);
    if (enforced.length) throw new ApiError('Forbidden', `pods "${obj.metadata.name || obj.metadata.generateName || ''}" is forbidden: ${violatesMessage(policy.enforce, enforced)}`);
  }
  const warned = evaluatePod(policy.warn, pod.view);
  if (warned.length) store.warn(wouldViolateMessage(policy.warn, warned));
}

/** Warnings for an update of a workload or pod (the plugin evaluates updates that change the template). */
export function podSecurityUpdateWarnings(obj: KObject, store: Store, opts: PodSecurityOptions = {}): void {
  if (obj.kind === 'Pod' || obj.kind === 'Namespace') return;
  const pod = podViewOf(obj);
  if (!pod) return;
  const policy = policyFor(store, obj.metadata.namespace, opts);
  const warned = evaluatePod(policy.warn, pod.view);
  if (warned.length) store.warn(wouldViolateMessage(policy.warn, warned));
}
