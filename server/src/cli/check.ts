import { appendFileSync, statSync } from 'node:fs';
import { readRegularFile, readStdin, type ReadOutcome } from '../engine/safeRead';
import { escapeTerminal } from '../engine/terminalText';
import type { Finding, Severity } from '../engine/findings';
import { parseYamlFile, tooLargeFile, type YamlFile } from '../engine/yaml/documents';
import { applySettings } from '../engine/check';
import { checkWithKustomize } from '../engine/kustomize/checkBuilds';
import { findKustomize } from '../engine/kustomize/runner';
import { DEFAULT_SETTINGS, POD_SECURITY_SETTINGS, PROFILES, type PodSecuritySetting, type Profile, type RuleLevel, type Settings } from '../engine/config';
import { walkManifestFiles } from '../engine/fileWalker';
import { parseDuration } from '../engine/dryrun/format';
import { predictionsByFile, runWorkspace } from '../engine/dryrun/workspaceRun';
import { failsAt, formatReport, REPORT_FORMATS, type ReportFormat } from './reportFormats';
import { loadCrdSources } from '../engine/crds/sources';
import type { CrdDefinition } from '../api/crd/definition';
import { cliKubernetesVersion } from './targetVersion';
import { parseKubernetesVersion, versionLabel } from '../engine/version/kubernetesVersion';
import { CustomResourceRegistry } from '../api/crd/registry';

/** `kube-rehearsal check`: the same findings as the editor (and, with --dry-run, its predictions) in the formats CI reads. */

const HELP = `Usage: kube-rehearsal check <file|dir|->... [options]

Validates Kubernetes manifests offline against the bundled Kubernetes schemas and rules.
Directories are searched for *.yaml, *.yml and *.json (not node_modules or dot-folders);
"-" reads one file from standard input.

Kustomizations are checked as kustomize builds them: each root kustomization (one no other names)
is built with \`kustomize build\` or \`kubectl kustomize\` (found on PATH, or --kustomize-command),
plugins and Helm off, and the findings are shown on the source lines, naming the build. Without
kustomize the files are checked one by one.

Options:
  --format F        text (default), json, sarif, junit or github
  --dry-run         also simulate the manifests and report what the dry run predicts
                    (crash loops, image pulls, pods never ready, stalled rollouts, ...)
  --duration D      virtual time the dry run covers (e.g. 10m); default: until the cluster is steady (at most 15m)
  --seed N          seed of the dry run's generated names (default 1)
  --fail-on LEVEL   error (default), warning or information: the least severe finding that makes the exit status 1
  --rule ID=LEVEL   set a rule's severity: error, warning, information, hint or off (repeatable)
  --kustomize-command CMD
                    the kustomize or kubectl that builds kustomizations (default: found on PATH)
  --profile P       learner (default: correctness only), production (adds best-practice checks:
                    resources, probes, security contexts, secrets, RBAC, availability) or strict
                    (all of them, as warnings); overrides the profile of a .kube-rehearsal.yaml
  --pod-security LEVEL
                    off (default), baseline or restricted: the Pod Security level namespaces without
                    pod-security.kubernetes.io labels get (labelled namespaces always use their labels)
  --kubernetes-version V
                    the Kubernetes release to judge for, 1.24 to 1.36 (default: targetVersion in
                    ./.kube-rehearsal.yaml or among the checked files, else 1.36): removed and
                    deprecated APIs, and fields that came later, are reported for that release
  --markdown-summary FILE
                    also append a Markdown summary of the findings to FILE (e.g. $GITHUB_STEP_SUMMARY)
  --crds PATH       CustomResourceDefinitions to check custom resources against (repeatable): a CRD
                    file, a folder, a glob, or a schema catalog folder laid out as
                    {group}/{kind}_{version}.json; CRDs among the checked files are always used.
                    Nothing is downloaded.

Output:
  text    path:line:col severity code message   (1-based line and column)
  json    {"diagnostics":[{file, range, severity, code, message}]}   (0-based LSP positions)
  sarif   SARIF 2.1.0, with rule metadata (help, default level, tags) and related locations
  junit   JUnit XML: a test case per object and rule that fired on it
  github  GitHub Actions workflow commands (::error file=...,line=...::message), one annotation per finding
  markdown  a table of the findings, for a job summary or a pull-request comment

Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or I/O error.
`;

class UsageError extends Error {}

const FAIL_LEVELS: readonly Severity[] = ['error', 'warning', 'information'];
const RULE_LEVELS: readonly RuleLevel[] = ['error', 'warning', 'information', 'hint', 'off'];

interface CheckArgs {
  inputs: string[];
  format: ReportFormat;
  dryRun: boolean;
  duration?: number;
  seed: number;
  failOn: Severity;
  rules: Record<string, RuleLevel>;
  markdownSummary?: string;
  crds: string[];
  kustomizeCommand?: string;
  podSecurity: PodSecuritySetting;
  kubernetesVersion?: string;
  profile?: Profile;
}

function parseArgs(argv: string[]): CheckArgs | 'help' {
  const a: CheckArgs = { inputs: [], format: 'text', dryRun: false, seed: 1, failOn: 'error', rules: {}, crds: [], podSecurity: 'off' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return 'help';
    if (!arg.startsWith('-') || arg === '-') {
      a.inputs.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value (see kube-rehearsal check --help)`);
      return argv[++i];
    };
    switch (name) {
      case '--format':
      case '-f': {
        const v = value();
        if (!(REPORT_FORMATS as readonly string[]).includes(v)) throw new UsageError(`--format must be ${REPORT_FORMATS.slice(0, -1).join(', ')} or ${REPORT_FORMATS[REPORT_FORMATS.length - 1]}, not "${v}"`);
        a.format = v as ReportFormat;
        break;
      }
      case '--dry-run':
        if (eq > 0) throw new UsageError('--dry-run takes no value');
        a.dryRun = true;
        break;
      case '--duration': {
        const v = value();
        const d = parseDuration(v);
        if (d === undefined || d <= 0 || d > 24 * 3600) throw new UsageError(`--duration must be a positive duration up to 24h like 90s or 10m, not "${v}"`);
        a.duration = d;
        break;
      }
      case '--seed': {
        const v = value();
        if (!/^\d{1,9}$/.test(v)) throw new UsageError(`--seed must be a non-negative whole number, not "${v}"`);
        a.seed = Number(v);
        break;
      }
      case '--fail-on': {
        const v = value();
        if (!(FAIL_LEVELS as readonly string[]).includes(v)) throw new UsageError(`--fail-on must be error, warning or information, not "${v}"`);
        a.failOn = v as Severity;
        break;
      }
      case '--rule': {
        const v = value();
        const m = /^([a-z0-9][a-z0-9-]*)=([a-z]+)$/.exec(v);
        if (!m || !(RULE_LEVELS as readonly string[]).includes(m[2])) throw new UsageError(`--rule must look like image-latest-tag=off (levels: ${RULE_LEVELS.join(', ')}), not "${v}"`);
        a.rules[m[1]] = m[2] as RuleLevel;
        break;
      }
      case '--markdown-summary':
        a.markdownSummary = value();
        break;
      case '--crds': {
        const v = value();
        if (!v) throw new UsageError('--crds needs a path (a CRD file, a folder or a glob)');
        a.crds.push(v);
        break;
      }
      case '--kustomize-command':
        a.kustomizeCommand = value();
        break;
      case '--profile': {
        const v = value();
        if (!(PROFILES as readonly string[]).includes(v)) throw new UsageError(`--profile must be learner, production or strict, not "${v}"`);
        a.profile = v as Profile;
        break;
      }
      case '--pod-security': {
        const v = value();
        if (!(POD_SECURITY_SETTINGS as readonly string[]).includes(v)) throw new UsageError(`--pod-security must be off, baseline or restricted, not "${v}"`);
        a.podSecurity = v as PodSecuritySetting;
        break;
      }
      case '--kubernetes-version': {
        const v = value();
        const p = parseKubernetesVersion(v);
        if ('problem' in p) throw new UsageError(`--kubernetes-version: ${p.problem}`);
        a.kubernetesVersion = versionLabel(p.minor);
        break;
      }
      default:
        throw new UsageError(`unknown option "${arg}" (see kube-rehearsal check --help)`);
    }
  }
  if (a.inputs.length === 0) throw new UsageError('nothing to check: give files, folders or - (see kube-rehearsal check --help)');
  if (a.duration !== undefined && !a.dryRun) throw new UsageError('--duration goes with --dry-run');
  return a;
}

function ioMessage(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : e instanceof Error ? e.message : String(e);
  return `cannot read "${path}": ${why}`;
}

async function readInputs(inputs: string[]): Promise<YamlFile[]> {
  const files: YamlFile[] = [];
  const seen = new Set<string>();
  const add = (display: string, text: string) => {
    if (seen.has(display)) return;
    seen.add(display);
    files.push(parseYamlFile(display, text));
  };
  const addRead = (display: string, path: string, r: ReadOutcome): void => {
    if (r.ok) return add(display, r.text);
    // A regular file over the limit is reported as not validated, as the editor does.
    if (r.reason === 'too-large' && path !== '-') {
      if (!seen.has(display)) files.push(tooLargeFile(display, r.sizeBytes ?? 0));
      seen.add(display);
      return;
    }
    throw new UsageError(`cannot read ${path === '-' ? 'standard input' : `"${path}"`}: ${r.message}`);
  };
  for (const input of inputs) {
    if (input === '-') {
      addRead('<stdin>', '-', await readStdin());
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(input).isDirectory();
    } catch (e) {
      throw new UsageError(ioMessage(input, e));
    }
    // A file named on the command line is read as named; files found in a folder only when
    // they really are inside it (a symlink out of the folder is skipped).
    if (!isDir) addRead(input, input, readRegularFile(input));
    else for (const p of walkManifestFiles(input)) addRead(p, p, readRegularFile(p, { within: [input] }));
  }
  return files;
}

export async function runCheck(argv: string[]): Promise<number> {
  let args: CheckArgs | 'help';
  let files: YamlFile[];
  let extraCrds: CrdDefinition[] = [];
  try {
    args = parseArgs(argv);
    if (args === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    files = await readInputs(args.inputs);
    if (args.crds.length > 0) {
      const loaded = loadCrdSources(args.crds, process.cwd());
      if (loaded.problems.length > 0) throw new UsageError(loaded.problems[0]);
      extraCrds = loaded.definitions;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`kube-rehearsal: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const settings: Settings = { ...DEFAULT_SETTINGS, rules: { ...DEFAULT_SETTINGS.rules, ...args.rules }, podSecurity: args.podSecurity, kubernetesVersion: args.kubernetesVersion ?? '', ...(args.profile ? { profile: args.profile } : {}) };
  const target = cliKubernetesVersion(args.kubernetesVersion, files);
  if (target.problem) {
    process.stderr.write(`kube-rehearsal: .kube-rehearsal.yaml targetVersion: ${target.problem}\n`);
    return 2;
  }
  const tool = findKustomize(args.kustomizeCommand);
  if (args.kustomizeCommand && !tool) {
    process.stderr.write(`kube-rehearsal: --kustomize-command: "${args.kustomizeCommand}" was not found (give an absolute path, or a name on PATH)\n`);
    return 2;
  }
  const checked = await checkWithKustomize(files, { settings, extraCrds, tool, baseDir: process.cwd(), kubernetesMinor: target.minor });
  if (checked.hasKustomizations && !tool) {
    process.stderr.write('kube-rehearsal: neither kustomize nor kubectl was found on PATH: kustomizations are checked file by file, not as kustomize builds them (install kubectl or kustomize, or pass --kustomize-command)\n');
  }
  const results = new Map<string, Finding[]>();
  // The given files in their order, then files outside them that a build read (a base elsewhere).
  for (const f of files) results.set(f.uri, checked.findings.get(f.uri) ?? []);
  for (const [uri, fs] of checked.findings) if (!results.has(uri) && fs.length) results.set(uri, fs);
  if (args.dryRun) await addPredictions(files, results, settings, args, target.minor, extraCrds);
  const ctx = { files, failOn: args.failOn };
  const report = formatReport(args.format, results, ctx);
  // Messages quote values from the manifests: the text formats never carry escape sequences.
  process.stdout.write(args.format === 'text' || args.format === 'github' ? escapeTerminal(report) : report);
  if (args.markdownSummary) {
    try {
      appendFileSync(args.markdownSummary, formatReport('markdown', results, ctx));
    } catch (e) {
      process.stderr.write(`kube-rehearsal: cannot write the summary to "${args.markdownSummary}": ${(e as Error).message}\n`);
      return 2;
    }
  }
  let errors = 0;
  let warnings = 0;
  let failing = 0;
  for (const fs of results.values()) {
    for (const f of fs) {
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      if (failsAt(f, args.failOn)) failing++;
    }
  }
  if (args.format === 'text' || args.format === 'github') {
    process.stderr.write(`${files.length} file${files.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  }
  return failing > 0 ? 1 : 0;
}

/** Runs the dry run on the checked files and adds its predictions, under the same settings and suppressions. */
async function addPredictions(files: YamlFile[], results: Map<string, Finding[]>, settings: Settings, args: CheckArgs, kubernetesMinor: number, extraCrds: CrdDefinition[]): Promise<void> {
  const run = await runWorkspace(files, { duration: args.duration, seed: args.seed, podSecurity: args.podSecurity, kubernetesMinor, customResources: extraCrds.length ? new CustomResourceRegistry(extraCrds) : undefined });
  const byUri = new Map(files.map((f) => [f.uri, f]));
  for (const [uri, predicted] of predictionsByFile(run.predictions)) {
    const file = byUri.get(uri);
    if (!file) continue;
    const kept = applySettings(file, predicted, settings);
    if (kept.length === 0) continue;
    const all = [...(results.get(uri) ?? []), ...kept];
    all.sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
    results.set(uri, all);
  }
}
