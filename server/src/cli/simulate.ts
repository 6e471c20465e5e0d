import { existsSync, statSync } from 'node:fs';
import { readRegularFile } from '../engine/safeRead';
import { escapeTerminal } from '../engine/terminalText';
import { readManifestPath } from '../shell/fileManifests';
import type { ManifestRead } from '../sim/kubectl/kubectl';
import { dirname, join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { walkManifestFiles } from '../engine/fileWalker';
import { kustomizationFileIn } from '../engine/kustomize/discover';
import { renderRoot } from '../engine/kustomize/render';
import { findKustomize } from '../engine/kustomize/runner';
import { isKustomizationFile } from '../engine/kustomizePatches';
import { parseYamlFile } from '../engine/yaml/documents';
import { createBehaviourModel, defaultClusterShape, parseWorkspaceConfig, type ImageBehaviourOverride } from '../sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS, printEvents, printTable, type ClusterShape, type SimLimits, type SimulationSnapshot } from '../sim/index';
import { parseDuration } from '../sim/util';
import { CustomResourceRegistry } from '../api/crd/registry';
import { loadCrdSources } from '../engine/crds/sources';
import { splitWords } from '../shell/words';
import { parseSpeed } from '../shell/clock';
import { markdownSimulation } from './simulationMarkdown';
import { runRolloutPreview, RolloutUsageError } from './rolloutPreview';
import { cliKubernetesVersion } from './targetVersion';
import { parseKubernetesVersion, versionLabel } from '../engine/version/kubernetesVersion';

/** `--kubernetes-version` of simulate and shell: a supported release, as "1.NN". */
export function parseKubernetesVersionOption(v: string): string {
  const p = parseKubernetesVersion(v);
  if ('problem' in p) throw new UsageError(`--kubernetes-version: ${p.problem}`);
  return versionLabel(p.minor);
}

/** `kube-rehearsal simulate`: run manifests in the simulated cluster and print the end state. */

const HELP = `Usage: kube-rehearsal simulate <file|dir>... [options]

Runs the manifests in a simulated cluster (virtual time, nothing is executed) and prints
what \`kubectl get all\` would show at the end, then the events in time order.

Options:
  --duration D       virtual time to simulate (default 10m; e.g. 90s, 5m, 1h30m)
  --step "T: CMD"    run a kubectl command at virtual time T, e.g. "90s: kubectl scale deploy/web --replicas=5"
                     (repeatable; apply -f paths are relative to the current folder)
  --nodes N          N minikube-like nodes (2 CPU, 4 GiB, 110 pods each)
  --cluster FILE     cluster shape from a YAML file (a \`cluster:\` section, as in .kube-rehearsal.yaml)
  --seed N           seed for generated names (default 1)
  --format F         text (default), json (the contract in docs/simulation.md) or markdown
                     (a summary a pull-request comment can carry)

Rollout preview of a change:
  --diff-against REF the manifests at git revision REF (e.g. origin/main) are the running cluster;
                     once steady, the working tree's versions of the given paths are applied as
                     \`kubectl apply\` would, and each changed workload's rollout is reported
  --diff-to REF2     apply the manifests at REF2 instead of the working tree
  Exit status with --diff-against: 0 every changed workload rolls out, 1 a rollout is stuck or
  refused by the API server, 2 usage, I/O or git errors (a missing ref, a shallow clone).

  --kustomize-command CMD   the kustomize or kubectl that builds kustomizations (default: found on PATH)
  --pod-security LEVEL      off (default), baseline or restricted: the Pod Security level the API server
                            enforces in namespaces without pod-security.kubernetes.io labels
  --kubernetes-version V    the Kubernetes release the cluster runs, 1.24 to 1.36 (default: targetVersion
                            in .kube-rehearsal.yaml, else 1.36): its API server refuses fields that
                            came later and drops fields behind gates that are off in it
  --crds PATH        CustomResourceDefinitions taken as installed in the cluster (repeatable): a CRD
                     file, a folder or a glob. CRDs among the manifests are applied like any object;
                     custom resources are validated and stored, their controllers are not simulated.

A folder that holds a kustomization.yaml (or the kustomization file itself) is simulated as what
kustomize builds from it (\`kubectl apply -k\`), built with plugins and Helm off.

Without --nodes/--cluster the cluster and image overrides come from .kube-rehearsal.yaml in the
current folder, if there is one. Exit status: 0 simulated, 2 usage or I/O error.
`;

export class UsageError extends Error {}

/**
 * Splits a command line into options and inputs (files, `-` for stdin). `option` gets each
 * `--name value` / `--name=value` with a `value()` that takes the value, and returns false for a
 * name it does not know (a usage error). `-h`/`--help` anywhere asks for help.
 */
export function parseCommandLine(argv: string[], command: string, option: (name: string, value: () => string) => boolean): { help: boolean; inputs: string[] } {
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return { help: true, inputs };
    if (!arg.startsWith('-') || arg === '-') {
      inputs.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value (see kube-rehearsal ${command} --help)`);
      return argv[++i];
    };
    if (!option(name, value)) throw new UsageError(`unknown option "${arg}" (see kube-rehearsal ${command} --help)`);
  }
  return { help: false, inputs };
}

/** `--nodes N` (shared by simulate and shell). */
export function parseNodesOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 5000) throw new UsageError(`--nodes must be a whole number from 1 to 5000, not "${v}"`);
  return n;
}

/** `--seed N` (shared by simulate and shell). */
export function parseSeedOption(v: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`--seed must be a non-negative whole number, not "${v}"`);
  return Number(v);
}

/** The cluster options simulate, shell and serve share. */
export interface ClusterOptions {
  nodes?: number;
  cluster?: string;
  seed: number;
  kubernetesVersion?: string;
}

/** Takes `name` into `a` when it is one of the shared cluster options; false when it is not. */
export function clusterOption(name: string, value: () => string, a: ClusterOptions): boolean {
  switch (name) {
    case '--nodes': a.nodes = parseNodesOption(value()); return true;
    case '--cluster': a.cluster = value(); return true;
    case '--seed': a.seed = parseSeedOption(value()); return true;
    case '--kubernetes-version': a.kubernetesVersion = parseKubernetesVersionOption(value()); return true;
    default: return false;
  }
}

/** The combinations of the shared cluster options that make no sense. */
export function checkClusterOptions(a: ClusterOptions): void {
  if (a.nodes !== undefined && a.cluster !== undefined) throw new UsageError('--nodes and --cluster cannot be used together');
}

/** `--speed` of shell and serve: virtual seconds per real second; serve also takes `max`. */
export function parseSpeedOption(v: string, max?: number): number {
  const s = max !== undefined && v === 'max' ? max : parseSpeed(v);
  if (s === undefined) throw new UsageError(`--speed must be a positive number up to 3600 (e.g. 10 or 60x)${max !== undefined ? ' or max' : ''}, not "${v}"`);
  return s;
}

interface Step {
  at: number;
  argv: string[];
  text: string;
}

export interface SimulateArgs extends ClusterOptions {
  inputs: string[];
  duration: number;
  steps: Step[];
  format: 'text' | 'json' | 'markdown';
  diffAgainst?: string;
  diffTo?: string;
  kustomizeCommand?: string;
  podSecurity?: 'baseline' | 'restricted';
  kubernetesVersion?: string;
  crds: string[];
}


function parseStep(text: string): Step {
  const m = /^\s*([^:\s]+)\s*:\s*(.*)$/.exec(text);
  if (!m) throw new UsageError(`--step must look like "90s: kubectl ...", not "${text}"`);
  const at = parseDuration(m[1]);
  if (at === undefined) throw new UsageError(`--step time "${m[1]}" is not a duration (e.g. 90s, 2m)`);
  const split = splitWords(m[2]);
  if (split.error) throw new UsageError(`unterminated quote in step "${text}"`);
  let argv = split.words;
  if (argv[0] === 'kubectl') argv = argv.slice(1);
  if (argv.length === 0) throw new UsageError(`--step "${text}" has no kubectl command`);
  return { at, argv, text: m[2].trim() };
}

function parseArgs(argv: string[]): SimulateArgs | 'help' {
  const a: SimulateArgs = { inputs: [], duration: 600, steps: [], seed: 1, format: 'text', crds: [] };
  const { help, inputs } = parseCommandLine(argv, 'simulate', (name, value) => {
    switch (name) {
      case '--duration': {
        const v = value();
        const d = parseDuration(v);
        if (d === undefined || d <= 0) throw new UsageError(`--duration must be a positive duration like 90s or 10m, not "${v}"`);
        a.duration = d;
        return true;
      }
      case '--step': a.steps.push(parseStep(value())); return true;
      case '--diff-against': a.diffAgainst = value(); return true;
      case '--diff-to': a.diffTo = value(); return true;
      case '--kustomize-command': a.kustomizeCommand = value(); return true;
      case '--pod-security': {
        const v = value();
        if (v !== 'off' && v !== 'baseline' && v !== 'restricted') throw new UsageError(`--pod-security must be off, baseline or restricted, not "${v}"`);
        a.podSecurity = v === 'off' ? undefined : v;
        return true;
      }
      case '--crds': a.crds.push(value()); return true;
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'markdown') throw new UsageError(`--format must be text, json or markdown, not "${v}"`);
        a.format = v;
        return true;
      }
      default:
        return clusterOption(name, value, a);
    }
  });
  if (help) return 'help';
  a.inputs = inputs;
  if (a.diffTo !== undefined && a.diffAgainst === undefined) throw new UsageError('--diff-to goes with --diff-against');
  if (a.diffAgainst !== undefined) {
    if (a.steps.length || a.nodes !== undefined || a.cluster !== undefined) throw new UsageError('--diff-against cannot be combined with --step, --nodes or --cluster');
    return a;
  }
  if (a.inputs.length === 0) throw new UsageError('nothing to simulate: give manifest files or folders (see kube-rehearsal simulate --help)');
  checkClusterOptions(a);
  if (a.steps.some((s) => s.at > a.duration)) throw new UsageError(`a --step is after the end of the run (--duration ${a.duration}s)`);
  return a;
}

export function ioMessage(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : e instanceof Error ? e.message : String(e);
  return `cannot read "${path}": ${why}`;
}

export interface Loaded {
  objects: Record<string, unknown>[];
  /** Documents not simulated, with the reason (YAML errors, non-Kubernetes documents). */
  problems: { object: string; message: string }[];
}

/**
 * Manifest files of the inputs: folders are walked like `check` does. A file named on the command
 * line is read as named; files of a folder only when they really are inside it.
 */
export function manifestFiles(input: string): { path: string; within?: string[] }[] {
  let st;
  try {
    st = statSync(input);
  } catch (e) {
    throw new UsageError(ioMessage(input, e));
  }
  if (!st.isDirectory()) return [{ path: input }];
  return walkManifestFiles(input).map((f) => ({ path: f.startsWith('/') ? f : join(input, f), within: [input] }));
}

/** A file's text, or a UsageError with one line (not a regular file, too large, outside the folder...). */
export function readInputFile(path: string, within?: readonly string[]): string {
  const r = readRegularFile(path, { within });
  if (!r.ok) throw new UsageError(`cannot read "${path}": ${r.message}`);
  return r.text;
}

export function loadFile(path: string, out: Loaded, within?: readonly string[]): void {
  const text = readInputFile(path, within);
  const file = parseYamlFile(path, text);
  const rel = relative(process.cwd(), path) || path;
  for (const doc of file.docs) {
    if (doc.empty) continue;
    const line = file.lines.positionAt(doc.start).line + 1;
    if (doc.doc.errors.length > 0) {
      out.problems.push({ object: `${rel}:${line}`, message: `not simulated: YAML error: ${doc.doc.errors[0].message.split('\n')[0]}` });
      continue;
    }
    if (!doc.isKubernetes || !doc.value || typeof doc.value !== 'object') continue;
    const v = doc.value as Record<string, unknown>;
    if (v.kind === 'List' && Array.isArray(v.items)) out.objects.push(...(v.items as Record<string, unknown>[]).filter((x) => x && typeof x === 'object'));
    else out.objects.push(v);
  }
}

/** `kubectl -f PATH` in the CLI shell: relative to the working directory, as kubectl reads it. */
export function readManifestsFor(path: string, opts?: { recursive?: boolean }): ManifestRead {
  return readManifestPath(path, opts);
}

/** `--from-file`, `--patch-file`: a plain file relative to the working directory. */
export function readPlainFile(path: string): string | undefined {
  const r = readRegularFile(path);
  return r.ok ? r.text : undefined;
}

export function loadWorkspaceConfig(args: Pick<SimulateArgs, 'nodes' | 'cluster'>): { cluster?: ClusterShape; images: ImageBehaviourOverride[]; problems: string[] } {
  if (args.nodes !== undefined) return { cluster: defaultClusterShape(args.nodes), images: readImagesOnly(), problems: [] };
  const path = args.cluster ?? (existsSync('.kube-rehearsal.yaml') ? '.kube-rehearsal.yaml' : undefined);
  if (!path) return { images: [], problems: [] };
  let value: unknown;
  const text = readInputFile(path);
  try {
    value = parseYaml(text);
  } catch (e) {
    throw new UsageError(`${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  // --cluster accepts a file with a `cluster:` section or the section itself.
  if (args.cluster && value && typeof value === 'object' && !('cluster' in value) && 'nodes' in value) value = { cluster: value };
  const cfg = parseWorkspaceConfig(value);
  if (args.cluster && cfg.errors.length) throw new UsageError(`${path}: ${cfg.errors[0]}`);
  if (args.cluster && !cfg.cluster) throw new UsageError(`${path}: no cluster section`);
  return { cluster: cfg.cluster, images: args.cluster ? readImagesOnly() : cfg.images, problems: cfg.errors.map((e) => `${path}: ${e}`) };
}

function readImagesOnly(): ImageBehaviourOverride[] {
  if (!existsSync('.kube-rehearsal.yaml')) return [];
  try {
    const r = readRegularFile('.kube-rehearsal.yaml');
    return r.ok ? parseWorkspaceConfig(parseYaml(r.text)).images : [];
  } catch {
    return [];
  }
}

function textReport(snap: SimulationSnapshot, sim: ReturnType<typeof createSimulation>, stepLog: string[], rejected: { object: string; message: string }[]): string {
  const core = sim.core;
  let out = '';
  for (const r of rejected) out += `error: ${r.object}: ${r.message}\n`;
  if (rejected.length) out += '\n';
  for (const s of stepLog) out += s;
  out += `At ${fmtTime(snap.time)} (virtual time):\n\n`;
  const sections: string[] = [];
  for (const kind of ['Pod', 'Service', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'Job', 'CronJob', 'ReplicationController']) {
    const objs = core.store.list(kind).filter((o) => !(kind === 'Service' && o.metadata.name === 'kubernetes' && o.metadata.namespace === 'default'));
    if (objs.length === 0) continue;
    const multiNs = new Set(objs.map((o) => o.metadata.namespace)).size > 1 || objs.some((o) => o.metadata.namespace !== 'default');
    sections.push(printTable(core, kind, objs, { withKind: true, allNamespaces: multiNs }));
  }
  for (const r of core.store.resources.customResources()) {
    // As kubectl lists them: by namespace, then name.
    const objs = core.store.list(r.kind).sort((a, b) => `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`));
    if (objs.length === 0) continue;
    const multiNs = r.namespaced && (new Set(objs.map((o) => o.metadata.namespace)).size > 1 || objs.some((o) => o.metadata.namespace !== 'default'));
    sections.push(printTable(core, r.kind, objs, { withKind: true, allNamespaces: multiNs }));
  }
  out += sections.length ? sections.join('\n') : 'No resources found.\n';
  const ev = printEvents(core);
  if (ev) out += `\nEvents:\n${ev}`;
  const notes = snap.assumptions;
  if (notes.length) {
    out += '\nAssumptions:\n';
    for (const a of notes) out += `  ${a.object}: ${a.message}\n`;
  }
  return out;
}

function fmtTime(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
}

/**
 * Reads the manifests and `.kube-rehearsal.yaml` named by the command line and creates the
 * simulation (shared by simulate and shell); the engine itself never touches the disk.
 */
export function simulationFromArgs(args: { inputs: string[]; seed?: number; epochMs?: number; kubernetesVersion?: string; crds?: string[]; limits?: Partial<SimLimits> } & Pick<SimulateArgs, 'nodes' | 'cluster' | 'podSecurity'>, horizon: number, built?: ReadonlyMap<string, Record<string, unknown>[]>): { loaded: Loaded; cfg: ReturnType<typeof loadWorkspaceConfig>; sim: ReturnType<typeof createSimulation> } {
  const loaded: Loaded = { objects: [], problems: [] };
  for (const input of args.inputs) {
    const objects = built?.get(input);
    if (objects) loaded.objects.push(...objects);
    else for (const f of manifestFiles(resolve(input))) loadFile(f.path, loaded, f.within);
  }
  const cfg = loadWorkspaceConfig(args);
  const target = cliKubernetesVersion(args.kubernetesVersion);
  if (target.problem) throw new UsageError(`.kube-rehearsal.yaml targetVersion: ${target.problem}`);
  const epochMs = args.epochMs ?? DEFAULT_EPOCH_MS;
  const behaviour = createBehaviourModel(cfg.images, { epochSeconds: epochMs / 1000 });
  let customResources: CustomResourceRegistry | undefined;
  if (args.crds?.length) {
    const crds = loadCrdSources(args.crds, process.cwd());
    if (crds.problems.length > 0) throw new UsageError(crds.problems[0]);
    customResources = new CustomResourceRegistry(crds.definitions);
  }
  const sim = createSimulation({ objects: loaded.objects, cluster: cfg.cluster, seed: args.seed, epochMs, horizon, limits: args.limits, behaviour, customResources, podSecurity: args.podSecurity, kubernetesMinor: target.minor, io: { readManifests: readManifestsFor, readFile: readPlainFile } });
  return { loaded, cfg, sim };
}

/** The kustomization an input names: a folder holding one, or the kustomization file itself. */
function kustomizationDirOf(input: string): string | undefined {
  const p = resolve(input);
  try {
    if (statSync(p).isDirectory()) return kustomizationFileIn(p) ? p : undefined;
  } catch {
    return undefined;
  }
  return isKustomizationFile(p.split('\\').join('/')) ? dirname(p) : undefined;
}

/** Builds every input that is a kustomization with kustomize: what `kubectl apply -k` would send. */
export async function buildKustomizationInputs(inputs: string[], command?: string): Promise<Map<string, Record<string, unknown>[]>> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const input of inputs) {
    const dir = kustomizationDirOf(input);
    if (!dir) continue;
    const tool = findKustomize(command);
    if (!tool) throw new UsageError(`${input} holds a kustomization, and ${command ? `"${command}" was not found` : 'neither kustomize nor kubectl was found on PATH'} to build it (install kubectl, or pass --kustomize-command)`);
    const file = kustomizationFileIn(dir)!;
    const value = parseYaml(readInputFile(file)) as unknown;
    const info = { file, dir, value: (value && typeof value === 'object' ? value : {}) as Record<string, unknown>, isComponent: false };
    const rendered = await renderRoot(tool, info);
    if (rendered.error) throw new UsageError(`${tool.label} failed for ${input}: ${rendered.error}`);
    out.set(input, rendered.file!.docs.filter((d) => d.isKubernetes).map((d) => d.value as Record<string, unknown>));
  }
  return out;
}

export async function runSimulate(argv: string[]): Promise<number> {
  let args: SimulateArgs | 'help';
  try {
    args = parseArgs(argv);
    if (args === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    if (args.diffAgainst !== undefined) {
      try {
        const r = await runRolloutPreview({ inputs: args.inputs, against: args.diffAgainst, to: args.diffTo, seed: args.seed, format: args.format });
        process.stdout.write(r.output);
        return r.exitCode;
      } catch (e) {
        if (e instanceof RolloutUsageError) throw new UsageError(e.message);
        throw e;
      }
    }
    const built = await buildKustomizationInputs(args.inputs, args.kustomizeCommand);
    const { loaded, cfg, sim } = simulationFromArgs(args, args.duration, built);
    const rejected = [...loaded.problems];
    for (const a of sim.applied) if (a.error) rejected.push({ object: a.ref, message: `not simulated: ${a.error}` });
    for (const p of cfg.problems) rejected.push({ object: '.kube-rehearsal.yaml', message: p });
    const stepLog: string[] = [];
    const steps = [...args.steps].sort((x, y) => x.at - y.at);
    for (const step of steps) {
      sim.runUntil(step.at);
      if (sim.stoppedBy) break;
      const r = sim.runKubectl(step.argv);
      stepLog.push(`${fmtTime(step.at)}: $ kubectl ${step.argv.join(' ')}\n${r.stdout}${r.stderr}\n`);
      if (r.exitCode !== 0) sim.core.assume(`step ${fmtTime(step.at)}`, `kubectl ${step.argv.join(' ')}: ${(r.stderr || r.stdout).trim().split('\n')[0]}`);
    }
    sim.runUntil(args.duration);
    const snap = sim.snapshot();
    if (args.format === 'json') {
      snap.assumptions.unshift(...rejected.map((r) => ({ object: r.object, message: r.message })));
      process.stdout.write(JSON.stringify(snap, null, 2) + '\n');
    } else if (args.format === 'markdown') process.stdout.write(escapeTerminal(markdownSimulation(snap, rejected)));
    // Names, images, messages and logs come from the manifests: no escape sequence reaches the terminal.
    else process.stdout.write(escapeTerminal(textReport(snap, sim, stepLog, rejected)));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`kube-rehearsal simulate: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
