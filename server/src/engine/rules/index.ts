import type { Finding } from '../findings';
import { localizable, msg } from '../messages';
import { documentHeadRange, type YamlDoc, type YamlFile } from '../yaml/documents';
import type { WorkspaceIndex } from '../workspace/index';
import type { Settings } from '../config';
import { invalidAnnotations } from './annotations';
import { duplicateContainerPort, duplicatePortName, portOutOfRange } from './containerPorts';
import { cronjobSchedule } from './cronSchedule';
import { cronjobTimeZone } from './cronTimeZone';
import { deploymentStrategy } from './deploymentStrategy';
import { pdbBudget } from './pdbBudget';
import { duplicateContainerName } from './duplicateContainerName';
import { duplicateEnvName } from './duplicateEnvName';
import { duplicateObject, duplicateObjectAcrossFiles } from './duplicateObject';
import { hpaTarget } from './hpaTarget';
import { hpaMinAboveMax } from './hpaReplicas';
import { resourcesMissing } from './practice/resources';
import { probesMissing } from './practice/probes';
import { capabilitiesNotDropped, dangerousCapabilities, privilegedContainer, privilegeEscalationAllowed, runAsNonRootMissing, runAsRoot, writableRootFilesystem } from './practice/containerSecurity';
import { hostNamespaces, hostPathVolume, hostPort } from './practice/hostAccess';
import { defaultServiceAccount, serviceAccountTokenAutomount } from './practice/serviceAccount';
import { secretInConfigMap, secretInEnv } from './practice/secrets';
import { clusterAdminBinding, rbacSensitiveAccess, rbacWildcard } from './practice/rbac';
import { hpaSingleMinReplica, nakedPod, pdbNoEviction, replicasWithoutSpread, singleReplica } from './practice/availability';
import { cronjobConcurrencyPolicy, cronjobStartingDeadline, ingressNoTls, nodePortService } from './practice/workloadPolicies';
import { imageLatestTag } from './imageTag';
import { ingressBackend } from './ingressBackend';
import { invalidContainerName } from './invalidContainerName';
import { invalidLabel } from './invalidLabel';
import { invalidObjectName } from './invalidObjectName';
import { invalidPortName } from './invalidPortName';
import { missingReference } from './missingReference';
import { podSecurity } from './podSecurity';
import { probeNeverSucceeds } from './probeNeverSucceeds';
import { containerImageRequired, containersRequired, invalidSecurityContext, negativeValue, probeHandler, topologySpreadConstraint } from './podSpecValidation';
import { probeHttpPath, probePortUndeclared, probePortUnknown, probeSuccessThreshold } from './probes';
import { invalidQuantity, requestsExceedLimits, suspiciousQuantity } from './resourceQuantities';
import { restartPolicy } from './restartPolicy';
import { selectorEmpty } from './selectorEmpty';
import { selectorImmutable } from './selectorImmutable';
import { selectorMismatch } from './selectorMismatch';
import { selectorOverlap, selectorOverlapAcrossFiles } from './selectorOverlap';
import { networkPolicySelectsNothing, pdbSelectsNothing } from './selectsNothing';
import { serviceNodePort } from './serviceNodePort';
import { serviceDuplicatePort, servicePortsRequired } from './servicePorts';
import { serviceSelectsNothing } from './serviceSelector';
import { serviceTargetPort } from './serviceTargetPort';

/** A semantic rule: a pure function of one document (and the workspace index) to findings. */
export interface Rule {
  id: string;
  defaultSeverity: Finding['severity'];
  description: string;
  /**
   * What this rule finds, the API server refuses (its message is the API server's field error):
   * the simulated API server rejects such an object with it (engine/apiServerValidation.ts).
   */
  rejectedByApiServer?: boolean;
  /**
   * Its messages are Kubernetes' own words (the API server's warnings, as kubectl prints them),
   * shown in English in every language, like those of the rules the API server rejects with. Every
   * other rule's findings carry a catalogued message (messages.ts) with a Korean text
   * (test/l10n/rules.test.ts holds every rule to this).
   */
  kubernetesWords?: boolean;
  /** Extra SARIF tags (beyond the category), e.g. `security` for a hardening rule */
  tags?: string[];
  /**
   * A best-practice rule: the least profile that runs it (`production` or `strict`); its
   * defaultSeverity is the severity there (strict turns every one into a warning). Correctness
   * rules have none and run in every profile.
   */
  profile?: 'production' | 'strict';
  check(ctx: RuleContext): Finding[];
}

export interface RuleContext {
  file: YamlFile;
  doc: YamlDoc;
  index: WorkspaceIndex;
  /** Given to workspace rules only (document rules are cached by text and must not depend on settings). */
  settings?: Settings;
}

/** The rule catalog: one module per rule (closely related rules share a module and its helpers). */
export const RULES: Rule[] = [
  // workload structure
  selectorMismatch,
  selectorEmpty,
  selectorImmutable,
  restartPolicy,
  deploymentStrategy,
  pdbBudget,
  // names and labels
  invalidObjectName,
  invalidContainerName,
  invalidPortName,
  invalidLabel,
  invalidAnnotations,
  // containers
  duplicateContainerName,
  duplicateEnvName,
  duplicatePortName,
  duplicateContainerPort,
  portOutOfRange,
  invalidQuantity,
  suspiciousQuantity,
  requestsExceedLimits,
  imageLatestTag,
  containerImageRequired,
  containersRequired,
  invalidSecurityContext,
  topologySpreadConstraint,
  negativeValue,
  // probes
  probePortUnknown,
  probePortUndeclared,
  probeHttpPath,
  probeSuccessThreshold,
  probeHandler,
  probeNeverSucceeds,
  // services
  serviceSelectsNothing,
  serviceTargetPort,
  serviceNodePort,
  serviceDuplicatePort,
  servicePortsRequired,
  // cron jobs
  cronjobSchedule,
  cronjobTimeZone,
  // cross-references across the workspace
  missingReference,
  ingressBackend,
  hpaTarget,
  hpaMinAboveMax,
  pdbSelectsNothing,
  networkPolicySelectsNothing,
  selectorOverlap,
  selectorOverlapAcrossFiles,
  duplicateObject,
  duplicateObjectAcrossFiles,
  // security
  podSecurity,
  // best practices: only in the production and strict profiles (see `profile`)
  resourcesMissing,
  probesMissing,
  privilegedContainer,
  dangerousCapabilities,
  runAsRoot,
  hostNamespaces,
  hostPathVolume,
  hostPort,
  secretInEnv,
  secretInConfigMap,
  rbacWildcard,
  clusterAdminBinding,
  pdbNoEviction,
  singleReplica,
  hpaSingleMinReplica,
  nakedPod,
  privilegeEscalationAllowed,
  capabilitiesNotDropped,
  runAsNonRootMissing,
  writableRootFilesystem,
  defaultServiceAccount,
  serviceAccountTokenAutomount,
  rbacSensitiveAccess,
  nodePortService,
  replicasWithoutSpread,
  cronjobStartingDeadline,
  cronjobConcurrencyPolicy,
  ingressNoTls,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

/** Runs every rule on one Kubernetes document; a rule that throws is reported, never fatal. */
export function runRules(file: YamlFile, doc: YamlDoc, index: WorkspaceIndex): Finding[] {
  const out: Finding[] = [];
  if (!doc.isKubernetes || doc.value === undefined) return out;
  const ctx: RuleContext = { file, doc, index };
  for (const rule of RULES) {
    try {
      out.push(...rule.check(ctx));
    } catch (e) {
      // A broken rule must not hide the other findings; surface it where it happened.
      out.push({
        range: documentHeadRange(file, doc),
        severity: 'information',
        code: 'internal-error',
        ...localizable(msg('internal-error.rule', { rule: rule.id, error: e instanceof Error ? e.message : String(e) })),
      });
    }
  }
  return out;
}
