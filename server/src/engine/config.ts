import type { Severity } from './findings';
import { parseDuration } from './dryrun/format';

/** The `kubeRehearsal.*` settings, as the server and the CLI use them. */

export type RuleLevel = Severity | 'off';

/** `kubeRehearsal.profile`: which checks run. learner: correctness only; production: adds best-practice checks; strict: all of them, as warnings. */
export type Profile = 'learner' | 'production' | 'strict';
export const PROFILES: readonly Profile[] = ['learner', 'production', 'strict'];

/** Whether `profile` runs a rule that belongs to `ruleProfile` (undefined: a correctness rule, always). */
export function profileIncludes(profile: Profile, ruleProfile: 'production' | 'strict' | undefined): boolean {
  if (!ruleProfile) return true;
  return profile === 'strict' || (profile === 'production' && ruleProfile === 'production');
}

/** `kubeRehearsal.podSecurity`: the Pod Security level namespaces without pod-security labels get. */
export type PodSecuritySetting = 'off' | 'baseline' | 'restricted';
export const POD_SECURITY_SETTINGS: readonly PodSecuritySetting[] = ['off', 'baseline', 'restricted'];

export interface Settings {
  enable: boolean;
  /** Per-rule severity override or `off`, keyed by code. */
  rules: Record<string, RuleLevel>;
  /** Globs of files to validate (relative to a workspace folder). */
  include: string[];
  /** Globs of files never validated. */
  exclude: string[];
  /** CRD sources outside the workspace: files, folders, globs, schema catalog folders. */
  crds: string[];
  /** `kubeRehearsal.kustomize.command`: the kustomize or kubectl to build kustomizations with ('' = look on PATH). */
  kustomizeCommand: string;
  /** Pod Security level applied to namespaces without pod-security.kubernetes.io labels ('off': none). */
  podSecurity: PodSecuritySetting;
  /** `kubeRehearsal.kubernetesVersion`: the release to judge for ("1.30"); '' = .kube-rehearsal.yaml targetVersion, else the newest. */
  kubernetesVersion: string;
  /** The profile the user chose; undefined: the workspace's .kube-rehearsal.yaml, else learner. */
  profile?: Profile;
  /** `kubeRehearsal.dryRun.*`: the editor's dry run (engine/dryrun/dryRunSettings.ts applies them). */
  dryRun: DryRunSettings;
}

/** The editor's dry-run settings; how they combine with `.kube-rehearsal.yaml`: engine/dryrun/dryRunSettings.ts. */
export interface DryRunSettings {
  /** Virtual seconds a run covers; undefined: until the cluster is steady (at most 15 minutes). */
  duration?: number;
  /** N identical minikube-like nodes (2 CPUs, 4 GiB, 110 pods each). */
  nodes?: number;
  /** A YAML file with a `cluster:` section (or the section itself), as `--cluster FILE`. */
  clusterFile?: string;
  /** Seed of generated names (pod suffixes). */
  seed?: number;
  /** The `.kube-rehearsal.yaml` to read the cluster and image behaviours from instead of the workspace's own. */
  configFile?: string;
}

/** Longest duration the setting accepts (as `check --duration`). */
const MAX_DURATION_SECONDS = 24 * 3600;
const MAX_NODES = 5000;

/** The `dryRun` section of the settings from untrusted data; invalid values are dropped (the settings schema flags them). */
export function normalizeDryRunSettings(raw: unknown): DryRunSettings {
  const r = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const out: DryRunSettings = {};
  const d = typeof r.duration === 'string' ? parseDuration(r.duration) : typeof r.duration === 'number' ? r.duration : undefined;
  if (d !== undefined && Number.isFinite(d) && d > 0 && d <= MAX_DURATION_SECONDS) out.duration = d;
  if (typeof r.nodes === 'number' && Number.isInteger(r.nodes) && r.nodes >= 1 && r.nodes <= MAX_NODES) out.nodes = r.nodes;
  if (typeof r.seed === 'number' && Number.isInteger(r.seed) && r.seed >= 0 && r.seed <= 999_999_999) out.seed = r.seed;
  for (const key of ['clusterFile', 'configFile'] as const) {
    const v = r[key];
    if (typeof v === 'string' && v.trim()) out[key] = v.trim();
  }
  return out;
}


export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  rules: {},
  include: ['**/*.yaml', '**/*.yml', '**/*.json'],
  exclude: ['**/node_modules/**'],
  crds: [],
  kustomizeCommand: '',
  podSecurity: 'off',
  kubernetesVersion: '',
  dryRun: {},
};

const LEVELS = new Set<RuleLevel>(['error', 'warning', 'information', 'hint', 'off']);

function stringList(v: unknown, fallback: string[]): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : fallback;
}

/** A rule-level map from untrusted data (`info` means information); other values are dropped. */
export function ruleLevels(raw: unknown): Record<string, RuleLevel> {
  const rules: Record<string, RuleLevel> = {};
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [code, level] of Object.entries(raw as Record<string, unknown>)) {
      // `off` unquoted in YAML 1.1 (.kube-rehearsal.yaml) reads as false.
      const l = level === false ? 'off' : typeof level === 'string' ? (level.toLowerCase() === 'info' ? 'information' : level.toLowerCase()) : '';
      if (LEVELS.has(l as RuleLevel)) rules[code] = l as RuleLevel;
    }
  }
  return rules;
}

/** Settings from untrusted JSON (client configuration): wrong shapes fall back to defaults. */
export function normalizeSettings(raw: unknown): Settings {
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const rules = ruleLevels(r.rules);
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_SETTINGS.enable,
    rules,
    include: stringList(r.include, DEFAULT_SETTINGS.include),
    exclude: stringList(r.exclude, DEFAULT_SETTINGS.exclude),
    crds: stringList(r.crds, DEFAULT_SETTINGS.crds),
    kustomizeCommand: typeof (r.kustomize as { command?: unknown } | undefined)?.command === 'string' ? ((r.kustomize as { command: string }).command) : '',
    podSecurity: (POD_SECURITY_SETTINGS as readonly unknown[]).includes(r.podSecurity) ? (r.podSecurity as PodSecuritySetting) : 'off',
    kubernetesVersion: typeof r.kubernetesVersion === 'string' ? r.kubernetesVersion.trim() : typeof r.kubernetesVersion === 'number' ? String(r.kubernetesVersion) : '',
    dryRun: normalizeDryRunSettings(r.dryRun),
    ...((PROFILES as readonly unknown[]).includes(r.profile) && r.profile !== 'learner' ? { profile: r.profile as Profile } : {}),
  };
}

/** `files.exclude`-style object ({glob: true}) to a glob list. */
export function enabledGlobs(obj: unknown): string[] {
  if (!obj || typeof obj !== 'object') return [];
  return Object.entries(obj as Record<string, unknown>)
    .filter(([, on]) => on === true)
    .map(([g]) => g);
}

// Globs live in glob.ts (a matcher without backtracking); re-exported for the existing callers.
export { matchesAny, matchesGlob } from './glob';
import { globProblem } from './glob';

/**
 * One line per invalid glob of the file-pattern settings (`[z-a]`, `{a,b`): such a glob matches
 * nothing, and the editor shows these lines as a warning instead of silently checking nothing.
 */
export function globSettingProblems(settings: Pick<Settings, 'include' | 'exclude'>, filesExclude: readonly string[] = []): string[] {
  const out: string[] = [];
  const scan = (setting: string, globs: readonly string[]) => {
    for (const g of globs) {
      const why = globProblem(g);
      if (why) out.push(`${setting}: "${g.length > 80 ? g.slice(0, 80) + '...' : g}" is not a valid glob (${why}); it matches nothing`);
    }
  };
  scan('kubeRehearsal.include', settings.include);
  scan('kubeRehearsal.exclude', settings.exclude);
  scan('files.exclude', filesExclude);
  return out;
}
