import { evaluateControls, MAX_POLICY_MINOR, type Level, type PodView, type Violation } from './checks';

/**
 * Pod Security Admission as a namespace sees it: which level and version each mode (enforce,
 * audit, warn) applies, read from the namespace's `pod-security.kubernetes.io/*` labels the way
 * the admission plugin reads them, and the verdict on a pod in the plugin's words. The checker
 * (findings) and the simulated API server (admission) both call this: one truth.
 */

export type { Level, Violation, PodView, FieldPath } from './checks';
export { CONTROLS, MAX_POLICY_MINOR } from './checks';

export type Mode = 'enforce' | 'audit' | 'warn';
export const MODES: readonly Mode[] = ['enforce', 'audit', 'warn'];
export const LABEL_PREFIX = 'pod-security.kubernetes.io/';

export interface LevelVersion {
  level: Level;
  /** Policy minor version (1.x); `latest` evaluates the newest policy. */
  version: number | 'latest';
}

export type NamespacePolicy = Record<Mode, LevelVersion>;

export interface LabelError {
  label: string;
  value: string;
  message: string;
}

const LEVELS: readonly Level[] = ['privileged', 'baseline', 'restricted'];
const VERSION = /^v1\.(0|[1-9][0-9]*)$/;

export const PRIVILEGED: LevelVersion = Object.freeze({ level: 'privileged', version: 'latest' }) as LevelVersion;

/** `restricted:latest`, `baseline:v1.30`: how the plugin names a policy in its messages. */
export function policyText(lv: LevelVersion): string {
  return `${lv.level}:${lv.version === 'latest' ? 'latest' : `v1.${lv.version}`}`;
}

function levelRank(l: Level): number {
  return LEVELS.indexOf(l);
}

/**
 * The policy of a namespace from its labels. `defaults` is what an unlabelled namespace gets (the
 * cluster's admission configuration: privileged unless set). An invalid level or version fails
 * closed to `restricted` / `latest`, as the plugin does, and is reported in `errors`. When only
 * `enforce` is set, `warn` follows it (to the enforce version unless warn-version is set).
 */
export function namespacePolicy(labels: Readonly<Record<string, string>> | undefined, defaults: Partial<NamespacePolicy> = {}): { policy: NamespacePolicy; errors: LabelError[] } {
  const policy: NamespacePolicy = {
    enforce: { ...(defaults.enforce ?? PRIVILEGED) },
    audit: { ...(defaults.audit ?? PRIVILEGED) },
    warn: { ...(defaults.warn ?? PRIVILEGED) },
  };
  const errors: LabelError[] = [];
  if (!labels) return { policy, errors };
  const has = (k: string) => Object.prototype.hasOwnProperty.call(labels, k);
  let enforceLevelSet = false;
  let warnLevelSet = false;
  let warnVersionSet = false;
  for (const mode of MODES) {
    const levelLabel = LABEL_PREFIX + mode;
    const versionLabel = `${LABEL_PREFIX}${mode}-version`;
    if (has(levelLabel)) {
      const v = labels[levelLabel];
      if ((LEVELS as readonly string[]).includes(v)) {
        policy[mode].level = v as Level;
        if (mode === 'enforce') enforceLevelSet = true;
      } else {
        policy[mode].level = 'restricted';
        errors.push({ label: levelLabel, value: v, message: `must be one of ${LEVELS.join(', ')}` });
      }
      if (mode === 'warn') warnLevelSet = true;
    }
    if (has(versionLabel)) {
      const v = labels[versionLabel];
      const m = VERSION.exec(v);
      if (v === 'latest') policy[mode].version = 'latest';
      else if (m) policy[mode].version = Number(m[1]);
      else {
        policy[mode].version = 'latest';
        errors.push({ label: versionLabel, value: v, message: 'must be "latest" or "v1.x"' });
      }
      if (mode === 'warn') warnVersionSet = true;
    }
  }
  if (!warnLevelSet && enforceLevelSet && levelRank(policy.enforce.level) > levelRank(policy.warn.level)) {
    policy.warn.level = policy.enforce.level;
    if (!warnVersionSet) policy.warn.version = policy.enforce.version;
  }
  return { policy, errors };
}

/** Whether a namespace's labels mention Pod Security at all. */
export function hasPodSecurityLabels(labels: Readonly<Record<string, string>> | undefined): boolean {
  return !!labels && Object.keys(labels).some((k) => k.startsWith(LABEL_PREFIX));
}

/** The failing controls of a pod under one policy (none for privileged). */
export function evaluatePod(lv: LevelVersion, pod: PodView): Violation[] {
  if (lv.level === 'privileged') return [];
  return evaluateControls(lv.level, lv.version === 'latest' ? MAX_POLICY_MINOR : lv.version, pod);
}

/** `reason (detail), reason (detail)`: AggregateCheckResults(...).ForbiddenDetail(). */
export function forbiddenDetail(violations: readonly Violation[]): string {
  return violations.map((v) => (v.detail ? `${v.reason} (${v.detail})` : v.reason)).join(', ');
}

/** The error of a pod refused by `enforce`: after `pods "<name>" is forbidden: `. */
export function violatesMessage(lv: LevelVersion, violations: readonly Violation[]): string {
  return `violates PodSecurity "${policyText(lv)}": ${forbiddenDetail(violations)}`;
}

/** The warning of `warn` (kubectl prints it after `Warning: `). */
export function wouldViolateMessage(lv: LevelVersion, violations: readonly Violation[]): string {
  return `would violate PodSecurity "${policyText(lv)}": ${forbiddenDetail(violations)}`;
}

/** Where each kind that carries a pod template keeps it (PSA evaluates these "pod controllers"). */
export const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

/** The pod (metadata + spec) a manifest describes, or undefined for kinds without one. */
export function podViewOf(obj: Record<string, unknown>): { view: PodView; base: readonly string[] } | undefined {
  const base = typeof obj.kind === 'string' ? POD_TEMPLATE_PATHS[obj.kind] : undefined;
  if (!base) return undefined;
  let v: unknown = obj;
  for (const k of base) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const t = v as Record<string, unknown>;
  return { view: { metadata: t.metadata, spec: t.spec }, base };
}
