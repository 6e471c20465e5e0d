import type { Sim } from '../core';
import { authorize, impersonated, KUBECONFIG_USER } from '../apiserver/rbac';
import { flag, parseArgs, UsageError, boolFlag } from './args';

/**
 * `kubectl auth can-i VERB TYPE[/NAME] | VERB /URL [-n NS | -A] [--subresource S] [--as U]
 * [--as-group G]`: resolved as kubectl resolves it (its warnings for an unknown verb, an unknown
 * type, a cluster-scoped type), then decided by the RBAC authorizer serve's
 * SelfSubjectAccessReview uses. `yes` exits 0, `no` exits 1.
 */

const RESOURCE_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', '*', 'approve', 'sign', 'escalate', 'attest'];
const NON_RESOURCE_VERBS = ['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*'];

export interface CanIAnswer {
  allowed: boolean;
  stdout: string;
  stderr: string;
}

export function authCanI(sim: Sim, argv: string[]): CanIAnswer {
  const p = parseArgs(argv, { values: { namespace: 'n', subresource: undefined, as: undefined, 'as-group': undefined, v: 'v' }, bools: { 'all-namespaces': 'A', quiet: 'q', list: undefined, 'no-headers': undefined } }, 'auth can-i');
  if (boolFlag(p, 'list')) throw new UsageError('error: "kubectl auth can-i --list" is not simulated: ask about one verb and resource at a time');
  const usage = "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.";
  if (p.positional.length !== 2) throw new UsageError(usage);
  const [verb, target] = p.positional;
  const as = flag(p, 'as');
  const groups = (p.flags.get('as-group') ?? []);
  if (groups.length && !as) throw new UsageError('error: requesting uid, groups or user-extra for test without impersonating a user');
  const user = as ? impersonated(as, groups) : KUBECONFIG_USER;
  let stderr = '';
  const warn = (text: string) => (stderr += `Warning: ${text}\n\n`);
  let allowed: boolean;
  if (target.startsWith('/')) {
    if (flag(p, 'subresource')) throw new UsageError('error: --subresource can not be used with NonResourceURL');
    if (!NON_RESOURCE_VERBS.includes(verb)) warn(`verb '${verb}' is not a known verb`);
    allowed = authorize(sim.store, user, { verb, path: target }).allowed;
  } else {
    const slash = target.indexOf('/');
    const type = slash >= 0 ? target.slice(0, slash) : target;
    const name = slash >= 0 ? target.slice(slash + 1) : undefined;
    const r = sim.store.resources.forName(type);
    let group = '';
    let resource = type;
    if (r) {
      group = r.apiVersion.includes('/') ? r.apiVersion.split('/')[0] : '';
      resource = r.plural;
    } else {
      const dot = type.indexOf('.');
      const g = dot > 0 ? type.slice(dot + 1) : '';
      warn(g ? `the server doesn't have a resource type '${type.slice(0, dot)}' in group '${g}'` : `the server doesn't have a resource type '${type}'`);
    }
    const all = boolFlag(p, 'all-namespaces');
    if (r && !r.namespaced && !all) warn(group ? `resource '${resource}' is not namespace scoped in group '${group}'` : `resource '${resource}' is not namespace scoped`);
    if (!RESOURCE_VERBS.includes(verb)) warn(`verb '${verb}' is not a known verb`);
    const namespace = all ? '' : flag(p, 'namespace') ?? 'default';
    allowed = authorize(sim.store, user, { verb, group, resource, subresource: flag(p, 'subresource') || undefined, name, namespace }).allowed;
  }
  const quiet = boolFlag(p, 'quiet');
  return { allowed, stdout: quiet ? '' : allowed ? 'yes\n' : 'no\n', stderr: quiet ? '' : stderr };
}
