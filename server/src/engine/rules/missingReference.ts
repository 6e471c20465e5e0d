import { msg } from '../messages';
import type { Finding } from '../findings';
import type { Rule } from './index';
import { finding } from './ruleSupport';

/** ServiceAccounts every namespace has without anyone defining them. */
const IMPLICIT_SERVICE_ACCOUNTS = new Set(['default']);

/**
 * ConfigMaps, Secrets, PVCs and ServiceAccounts a pod needs but the workspace does not define.
 * Information only: they may be created in the cluster by other means (kubectl create secret,
 * an operator, kustomize generators).
 */
export const missingReference: Rule = {
  id: 'missing-reference',
  defaultSeverity: 'information',
  description: "A pod references a ConfigMap, Secret, PersistentVolumeClaim or ServiceAccount (or a StatefulSet its Service) that no file in the workspace defines.",
  check(ctx) {
    const obj = ctx.index.objectFor(ctx.file, ctx.doc);
    if (!obj || obj.references.length === 0) return [];
    const out: Finding[] = [];
    const reported = new Set<string>();
    for (const ref of obj.references) {
      if (ref.optional) continue;
      if (ref.kind === 'ServiceAccount' && IMPLICIT_SERVICE_ACCOUNTS.has(ref.name)) continue;
      if (ref.kind === 'ConfigMap' && ref.name === 'kube-root-ca.crt') continue;
      const key = `${ref.kind}/${ref.name}`;
      if (reported.has(key)) continue;
      if (ctx.index.has([ref.kind], obj.namespace, ref.name)) continue;
      // Made by a kustomize generator (with a hash suffix the build fills in): not missing.
      if ((ref.kind === 'ConfigMap' || ref.kind === 'Secret') && ctx.index.isKustomized(obj.uri) && ctx.index.generates(ref.kind, ref.name)) continue;
      // A StatefulSet's volumeClaimTemplates create the claims its pods mount.
      if (ref.kind === 'PersistentVolumeClaim' && obj.kind === 'StatefulSet') continue;
      reported.add(key);
      out.push(finding(missingReference, ctx, ref.path, msg(ref.kind === 'Service' ? 'missing-reference.service' : 'missing-reference', { kind: ref.kind, name: ref.name, namespace: obj.namespace })));
    }
    return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  },
};
