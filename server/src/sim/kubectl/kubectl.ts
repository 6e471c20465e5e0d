import { parse as parseYaml } from 'yaml';
import type { Sim } from '../core';
import { applyObject, refusal, toObject } from '../apiserver/apply';
import { recordScale } from '../apiserver/managedFields';
import { validateForApiServer } from '../../engine/apiServerValidation';
import { deleteObject, type Propagation } from '../controllers/gc';
import { deletePod } from '../controllers/podControl';
import { ApiError } from '../store/store';
import { EvictionRefused, evictPod } from '../apiserver/eviction';
import { controllerOf, type KObject } from '../types';
import { deepCopy, matchesSelector, parseSelectorString } from '../util';
import { apiObject } from './apiObject';
import { goTemplate, jsonPath } from './templates';
import { boolFlag, flag, parseArgs, takeStderrNotes, unknownSubcommand, UsageError, type FlagSpec, type ParsedArgs } from './args';
import { bindingObject, configMapObject, cronJobObject, deploymentObject, ingressObject, jobObject, namespaceObject, podObject, pdbObject, priorityClassObject, quotaObject, roleObject, runAttachment, secretObject, serviceAccountObject, serviceObject } from './generate';
import { jsonPatch, mergePatch, strategicMerge } from './patch';
import { groupSuffix, kubectlYaml, qualifiedRef } from './printers';
import { rolloutHistory, rolloutStatus, rolloutUndo } from './rollout';
import { getObject, listObjects, namedTargets, namespaceOf, selectTargets } from './targets';
import { minikubeObject } from './minikube';
import { ExecFailed, moreVerbs } from './verbs';
import { getCommand } from './get';
import { describeCommand } from './describe';
import { logsCommand } from './logs';
import { explainCommand } from './explain';
import { apiResourcesCommand } from './apiResources';
import { authCanI } from './auth';

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** What kubectl needs from the simulation: the core and `apply` of manifests. */
export interface KubectlTarget {
  readonly core: Sim;
  applyManifest(manifest: Record<string, unknown>, namespace?: string): { ref: string; result?: string; error?: string };
}

/** What `-f PATH` reads: the objects and, for each, the file it came from (as the user named it). */
export interface ManifestRead {
  objects: Record<string, unknown>[];
  sources?: string[];
  error?: string;
}

export interface KubectlIO {
  /** Reads `-f` files: manifests and per-document errors (the CLI supplies this; the engine never touches disk). */
  readManifests?(path: string, opts?: { recursive?: boolean }): ManifestRead;
  /** Reads a plain file (`--from-file`, `--patch-file`); undefined when it cannot be read. */
  readFile?(path: string): string | undefined;
}

const COMMON: FlagSpec = { values: { namespace: 'n', output: 'o', 'dry-run': undefined, 'field-manager': undefined, validate: undefined }, bools: { 'all-namespaces': 'A' } };
export const VERBS = ['create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale', 'certificate', 'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach', 'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events', 'diff', 'apply', 'patch', 'replace', 'wait', 'kustomize', 'label', 'annotate', 'completion', 'api-resources', 'api-versions', 'config', 'plugin', 'version', 'options'];

function spec(values: Record<string, string | undefined>, bools: Record<string, string | undefined> = {}): FlagSpec {
  return { values: { ...COMMON.values, ...values }, bools: { ...COMMON.bools, ...bools } };
}

class NotFound extends Error {}

/**
 * Runs one kubectl command line (argv without `kubectl`) against the simulation at its current time.
 * Output and errors follow kubectl's wording. No input throws: an unexpected failure is reported
 * as an error line, so a shell session always goes on.
 */
export function runKubectl(target: KubectlTarget, argv: string[], io: KubectlIO = {}): KubectlResult {
  const args = argv[0] === 'kubectl' ? argv.slice(1) : argv;
  // Warnings the API server returns for this command's requests (PodSecurity `warn`), printed
  // before what they belong to, as kubectl does; the shell shows stdout and stderr together.
  target.core.store.takeWarnings();
  const warned = (): string => target.core.store.takeWarnings().map((w) => `Warning: ${w}\n`).join('');
  const done = '';
  const { manager, rest } = fieldManagerOf(args);
  target.core.clientManager = manager;
  takeStderrNotes();
  try {
    const stdout = dispatch(target, rest, io);
    return { stdout: warned() + stdout, stderr: takeStderrNotes(), exitCode: 0 };
  } catch (e) {
    const r = failure(e, done);
    return { ...r, stdout: warned() + r.stdout, stderr: takeStderrNotes() + r.stderr };
  } finally {
    target.core.clientManager = undefined;
  }
}

/** The field manager kubectl 1.32 sends for a verb's writes (its `--field-manager` default). */
const FIELD_MANAGERS: Record<string, string> = {
  create: 'kubectl-create', apply: 'kubectl-client-side-apply', replace: 'kubectl-replace', patch: 'kubectl-patch', label: 'kubectl-label',
  annotate: 'kubectl-annotate', edit: 'kubectl-edit', set: 'kubectl-set', rollout: 'kubectl-rollout', expose: 'kubectl-expose', run: 'kubectl-run',
  autoscale: 'kubectl-autoscale', taint: 'kubectl-taint',
};

/**
 * The manager a command's writes are recorded under: `--field-manager` (taken out of the
 * arguments), else the verb's default. `apply --server-side` is not recorded (the shell's apply
 * is a client-side one); `scale` writes the scale subresource as `kubectl` (scale()).
 */
function fieldManagerOf(args: string[]): { manager?: string; rest: string[] } {
  const rest: string[] = [];
  let given: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--field-manager' && i + 1 < args.length) given = args[++i];
    else if (a.startsWith('--field-manager=')) given = a.slice('--field-manager='.length);
    else rest.push(a);
  }
  const verb = rest[0];
  if (verb === 'apply' && rest.some((a) => a === '--server-side' || a === '--server-side=true')) return { rest };
  return { manager: given || FIELD_MANAGERS[verb], rest };
}

function failure(e: unknown, done: string): KubectlResult {
  if (e instanceof UsageError || e instanceof NotFound) return { stdout: done, stderr: e.message.endsWith('\n') ? e.message : e.message + '\n', exitCode: 1 };
  if (e instanceof ApiError) return { stdout: done, stderr: apiErrorText(e) + '\n', exitCode: 1 };
  if (e instanceof PartialFailure) return { stdout: done + e.stdout, stderr: e.stderr, exitCode: 1 };
  if (e instanceof ExecFailed) return { stdout: e.output, stderr: e.message + '\n', exitCode: e.exitCode };
  return { stdout: done, stderr: `error: ${e instanceof Error ? e.message : String(e)}\n`, exitCode: 1 };
}

/** The API server's warnings for the requests so far, as kubectl prints them. */
function warningLines(t: KubectlTarget): string {
  return t.core.store.takeWarnings().map((w) => `Warning: ${w}\n`).join('');
}

/** Some objects were handled and some failed (several -f documents, several names): both are printed. */
class PartialFailure extends Error {
  constructor(readonly stdout: string, readonly stderr: string) {
    super(stderr);
  }
}

/**
 * An API error as kubectl prints it. With a context (`error when creating "f.yaml": `, the -f
 * verbs, whose errors kubectl aggregates) every error is `Error from server (<reason>): ...`;
 * a verb's own Invalid error is `The <Kind> "<name>" is invalid: ...` (one field error on the
 * line, several as a list), as cmdutil.CheckErr prints it.
 */
export function apiErrorText(e: ApiError, context?: string): string {
  if (e.reason === 'NoMatch') return `error: ${e.message}`;
  if (e.reason === 'Invalid' && !context && e.details) {
    const head = `The ${e.details.kind} "${e.details.name}" is invalid: `;
    return e.details.causes.length === 1 ? head + e.details.causes[0] : `${head}\n${e.details.causes.map((c) => `* ${c}`).join('\n')}`;
  }
  const reason = e.reason === 'NotSupported' ? undefined : e.reason;
  return `Error from server${reason ? ` (${reason})` : ''}: ${context ?? ''}${e.message}`;
}

/** kubectl's RESTMapper failure for an object of a file: it never reaches the server. */
function noMatchText(m: Record<string, unknown>, source: string, namespace: string | undefined, message: string): string {
  const meta = (m.metadata ?? {}) as { name?: unknown };
  if (message.startsWith('resource mapping not found')) return message.replace('from "manifest"', `from "${source}"`);
  return `resource mapping not found for name: "${String(meta.name ?? '')}" namespace: "${namespace ?? ''}" from "${source}": ${message}\nensure CRDs are installed first`;
}

function dispatch(t: KubectlTarget, args: string[], io: KubectlIO): string {
  const verb = args[0];
  const rest = args.slice(1);
  if (!verb) throw new UsageError('kubectl controls the Kubernetes cluster manager.\n\nUsage:\n  kubectl [flags] [options]\n\nUse "kubectl <command> --help" for more information about a given command.');
  switch (verb) {
    case 'apply': return fromFiles(t, rest, io, 'apply');
    case 'create': return create(t, rest, io);
    case 'replace': return fromFiles(t, rest, io, 'replace');
    case 'run': return run(t, rest);
    case 'delete': return del(t, rest, io);
    case 'get': return getCommand(t, rest);
    case 'describe': return describeCommand(t, rest);
    case 'logs': return logsCommand(t, rest);
    case 'explain': return explainCommand(rest, t.core.store.resources);
    case 'api-resources': return apiResourcesCommand(rest, t.core.store.resources);
    case 'scale': return scale(t, rest, io);
    case 'label': return label(t, rest, 'label', io);
    case 'annotate': return label(t, rest, 'annotate', io);
    case 'set': return setCommand(t, rest);
    case 'rollout': return rollout(t, rest, io);
    case 'patch': return patch(t, rest, io);
    case 'cordon': case 'uncordon': return cordon(t, rest, verb === 'cordon');
    case 'drain': return drain(t, rest);
    case 'auth': {
      if (rest[0] !== 'can-i') return moreVerbs(t, verb, rest, io);
      const a = authCanI(t.core, rest.slice(1));
      // The warnings go to stderr before the answer; `no` is exit status 1, as kubectl's.
      if (!a.allowed) throw new PartialFailure(a.stderr + a.stdout, '');
      return a.stderr + a.stdout;
    }
    default: {
      if (VERBS.includes(verb)) return moreVerbs(t, verb, rest, io);
      const near = VERBS.filter((v) => v.startsWith(verb.slice(0, 2)) || levenshtein(v, verb) <= 2);
      throw new UsageError(`Error: unknown command "${verb}" for "kubectl"${near.length ? `\n\nDid you mean this?\n${near.map((n) => `\t${n}\n`).join('')}\n` : ''}`);
    }
  }
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

function ns(p: ParsedArgs): string {
  return namespaceOf(p);
}

/** `-o name|yaml|json` for a verb's result objects; undefined: the verb prints its own line. */
function printResult(o: Record<string, unknown>, output: string | undefined, line: string): string {
  if (output === undefined || output === '') return line;
  if (output === 'name') return `${refOf(o)}\n`;
  if (output === 'yaml') return kubectlYaml(o);
  if (output === 'json') return JSON.stringify(o, null, 4) + '\n';
  // The template printers of a created object (kubectl run|create ... -o jsonpath=...), as `get` has them.
  const eq = output.indexOf('=');
  const kind = eq > 0 ? output.slice(0, eq) : output;
  const template = eq > 0 ? output.slice(eq + 1) : '';
  if (['jsonpath', 'go-template', 'template'].includes(kind)) {
    if (!template) throw new UsageError('error: template format specified but no template given');
    return kind === 'jsonpath' ? jsonPath(template, o) : goTemplate(template, o);
  }
  throw new UsageError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`);
}

function refOf(o: Record<string, unknown>): string {
  return `${String(o.kind).toLowerCase()}${groupSuffix(o.apiVersion)}/${(o.metadata as { name?: string })?.name ?? ''}`;
}

function dryRun(p: ParsedArgs): 'none' | 'client' | 'server' {
  const v = flag(p, 'dry-run');
  if (v === undefined || v === 'none' || v === 'false') return 'none';
  if (v === 'client' || v === 'true' || v === '') return 'client';
  if (v === 'server') return 'server';
  throw new UsageError(`error: Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

/** Sends a built object: a dry run prints it, otherwise the API server creates it. */
function submit(t: KubectlTarget, p: ParsedArgs, o: Record<string, unknown>): string {
  const mode = dryRun(p);
  const output = flag(p, 'output');
  const namespace = ns(p);
  const res = t.core.store.resources.forKind(String(o.kind));
  if (mode === 'client') {
    if (flag(p, 'namespace') && res?.namespaced) (o.metadata as Record<string, unknown>).namespace = namespace;
    return printResult(o, output, `${refOf(o)} created (dry run)\n`);
  }
  if (mode === 'server') {
    const verdict = validateForApiServer(o);
    if (verdict) throw refusal(verdict);
    const obj = toObject(o);
    if (res?.namespaced) obj.metadata.namespace ||= namespace;
    if (t.core.store.get(obj.kind, obj.metadata.namespace, obj.metadata.name)) throw new ApiError('AlreadyExists', `${res?.qualified ?? obj.kind} "${obj.metadata.name}" already exists`);
    return printResult(o, output, `${refOf(o)} created (server dry run)\n`);
  }
  const created = createRequest(t.core, o, namespace);
  return printResult(apiObject(t.core, created), output, `${qualifiedRef(created)} created\n`);
}

/** POST: the API server validates, defaults and stores a new object. */
function createRequest(sim: Sim, manifest: Record<string, unknown>, namespace: string): KObject {
  const res = sim.store.resources.forKind(String(manifest.kind));
  const meta = (manifest.metadata ?? {}) as { name?: string; namespace?: string };
  if (res && meta.name && sim.store.get(res.kind, res.namespaced ? meta.namespace || namespace : undefined, meta.name)) throw new ApiError('AlreadyExists', `${res.qualified} "${meta.name}" already exists`);
  return applyObject(sim, manifest, namespace).obj;
}

/** PUT: the object must exist; the API server validates the whole new object as an update. */
function replaceRequest(sim: Sim, manifest: Record<string, unknown>, namespace: string): { result: string; obj: KObject } {
  const res = sim.store.resources.forKind(String(manifest.kind));
  const meta = (manifest.metadata ?? {}) as { name?: string; namespace?: string };
  if (res && !sim.store.get(res.kind, res.namespaced ? meta.namespace || namespace : undefined, String(meta.name ?? ''))) throw new ApiError('NotFound', `${res.qualified} "${meta.name ?? ''}" not found`);
  return applyObject(sim, manifest, namespace);
}

/** `apply|create|replace -f`: each object of each file, in order; failures are reported per object and the rest goes on. */
function fromFiles(t: KubectlTarget, argv: string[], io: KubectlIO, verb: 'apply' | 'create' | 'replace'): string {
  const p = parseArgs(argv, spec({ filename: 'f', kustomize: 'k', selector: 'l' }, { recursive: 'R', force: undefined, 'server-side': undefined, 'save-config': undefined, 'record': undefined, 'overwrite': undefined, prune: undefined, wait: undefined }), verb);
  const files = p.flags.get('filename') ?? [];
  if (flag(p, 'kustomize') !== undefined) throw new UsageError(`error: -k is not simulated in the shell: render with "kubectl kustomize DIR" and apply the files, or open the folder in the editor (kustomizations feed the dry run)`);
  if (files.length === 0) throw new UsageError('error: must specify one of -f and -k');
  if (p.positional.length) throw new UsageError(`error: Unexpected args: [${p.positional.join(' ')}]\nSee 'kubectl ${verb} -h' for help and examples`);
  const mode = dryRun(p);
  let stdout = '';
  let stderr = '';
  for (const f of files) {
    if (f === '-') {
      stderr += 'error: reading from stdin (-f -) is not simulated: the shell has no pipes; save the manifest to a file and use -f FILE\n';
      continue;
    }
    if (!io.readManifests) {
      stderr += `error: the path "${f}" does not exist\n`;
      continue;
    }
    const r = io.readManifests(f, { recursive: boolFlag(p, 'recursive') });
    r.objects.forEach((m, i) => {
      const source = r.sources?.[i] ?? f;
      const meta = (m.metadata ?? {}) as { namespace?: string };
      const given = flag(p, 'namespace');
      if (given && meta.namespace && meta.namespace !== given) {
        stderr += `error: the namespace from the provided object "${meta.namespace}" does not match the namespace "${given}". You must pass '--namespace=${meta.namespace}' to perform this operation.\n`;
        return;
      }
      let word = verb === 'replace' ? 'replacing' : 'creating';
      try {
        if (mode !== 'none') {
          const verdict = mode === 'server' ? validateForApiServer(m) : undefined;
          if (verdict) throw refusal(verdict);
          const obj = toObject(m);
          const exists = t.core.store.get(obj.kind, obj.metadata.namespace || ns(p), obj.metadata.name);
          const what = verb === 'create' ? 'created' : verb === 'replace' ? 'replaced' : exists ? 'configured' : 'created';
          stdout += printResult(m, flag(p, 'output'), `${refOf(m)} ${what} (${mode === 'server' ? 'server dry run' : 'dry run'})\n`);
          return;
        }
        if (verb === 'create') {
          const o = createRequest(t.core, m, ns(p));
          stdout += warningLines(t) + printResult(apiObject(t.core, o), flag(p, 'output'), `${qualifiedRef(o)} created\n`);
        } else if (verb === 'replace') {
          const { obj } = replaceRequest(t.core, m, ns(p));
          stdout += warningLines(t) + printResult(apiObject(t.core, obj), flag(p, 'output'), `${qualifiedRef(obj)} replaced\n`);
        } else {
          // kubectl apply creates what is missing and patches what exists: its errors say which.
          const kind = t.core.store.resources.forKind(String(m.kind ?? ''));
          const name = (m.metadata as { name?: unknown } | undefined)?.name;
          if (kind && (name === undefined || name === null || name === '')) {
            // apply asks for the live object first, by name, before sending anything.
            const gv = kind.apiVersion.includes('/') ? kind.apiVersion : `/${kind.apiVersion}`;
            stderr += `error: error when retrieving current configuration of:\nResource: "${gv}, Resource=${kind.plural}", GroupVersionKind: "${gv}, Kind=${kind.kind}"\nName: "", Namespace: "${kind.namespaced ? meta.namespace || ns(p) : ''}"\nfrom server for: "${source}": resource name may not be empty\n`;
            return;
          }
          if (kind && t.core.store.get(kind.kind, kind.namespaced ? meta.namespace || ns(p) : undefined, String((m.metadata as { name?: unknown })?.name ?? ''))) word = 'patching';
          const { result, obj } = applyObject(t.core, m, ns(p));
          stdout += warningLines(t) + printResult(apiObject(t.core, obj), flag(p, 'output'), `${qualifiedRef(obj)} ${result}\n`);
        }
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        stdout += warningLines(t);
        if (e.reason === 'NoMatch') stderr += `error: ${noMatchText(m, source, meta.namespace, e.message)}\n`;
        else stderr += apiErrorText(e, `error when ${word} "${source}": `) + '\n';
      }
    });
    if (r.error) stderr += r.error.endsWith('\n') ? r.error : r.error + '\n';
    else if (r.objects.length === 0 && mode === 'none') stderr += `error: no objects passed to ${verb}\n`;
  }
  if (stderr) throw new PartialFailure(stdout, stderr);
  return stdout;
}

const NOT_SIMULATED_GENERATORS = new Set(['token']);

function create(t: KubectlTarget, argv: string[], io: KubectlIO): string {
  const sub = argv[0];
  const GENERATORS = ['deployment', 'deploy', 'service', 'svc', 'job', 'cronjob', 'cj', 'configmap', 'cm', 'secret', 'namespace', 'ns', 'serviceaccount', 'sa', 'quota', 'resourcequota', 'poddisruptionbudget', 'pdb', 'role', 'clusterrole', 'rolebinding', 'clusterrolebinding', 'ingress', 'ing', 'priorityclass', 'pc'];
  if (!sub || sub.startsWith('-') || !GENERATORS.includes(sub)) {
    // kubectl's other generators make kinds the simulator does not model (RBAC, Ingress, ...).
    if (sub && NOT_SIMULATED_GENERATORS.has(sub)) throw new UsageError(`error: "kubectl create ${sub}" is not simulated by kube-rehearsal: the simulator does not model its kind`);
    if (sub && !sub.startsWith('-')) {
      // kubectl create parses its own flags first (-f, -o, --dry-run, ...): the rest are the unexpected args.
      let args = argv.filter((a) => !a.startsWith('-'));
      try {
        args = parseArgs(argv, spec({ filename: 'f', kustomize: 'k', selector: 'l' }, { recursive: 'R', 'save-config': undefined, edit: undefined, 'windows-line-endings': undefined }), 'create').positional;
      } catch { /* an unknown flag: the plain words are the arguments */ }
      throw new UsageError(`error: Unexpected args: [${args.join(' ')}]\nSee 'kubectl create -h' for help and examples`);
    }
    return fromFiles(t, argv, io, 'create');
  }
  const readFile = io.readFile;
  const generic = spec({ image: undefined, replicas: 'r', port: undefined, tcp: undefined, 'node-port': undefined, clusterip: undefined, 'external-name': undefined, schedule: undefined, restart: undefined, from: undefined, 'from-literal': undefined, 'from-file': undefined, 'from-env-file': undefined, type: undefined, cert: undefined, key: undefined, 'docker-server': undefined, 'docker-username': undefined, 'docker-password': undefined, 'docker-email': undefined, hard: undefined, scopes: undefined }, { 'save-config': undefined, 'append-hash': undefined });
  const pdbFlags = spec({ selector: undefined, 'min-available': undefined, 'max-unavailable': undefined }, { 'save-config': undefined });
  const isPdb = sub === 'poddisruptionbudget' || sub === 'pdb';
  const rbacFlags = spec({ verb: undefined, resource: undefined, 'resource-name': undefined, 'non-resource-url': undefined, 'aggregation-rule': undefined, role: undefined, clusterrole: undefined, user: undefined, group: undefined, serviceaccount: undefined, rule: undefined, class: undefined, 'default-backend': undefined, annotation: undefined, value: undefined, description: undefined, 'preemption-policy': undefined }, { 'save-config': undefined, 'global-default': undefined });
  const OWN_FLAGS = ['role', 'clusterrole', 'rolebinding', 'clusterrolebinding', 'ingress', 'ing', 'priorityclass', 'pc'];
  const lookup = (word: string) => {
    const r = t.core.store.resources.forName(word);
    return r ? { plural: r.plural, group: r.apiVersion.includes('/') ? r.apiVersion.split('/')[0] : '' } : undefined;
  };
  let o: Record<string, unknown>;
  switch (sub) {
    case 'deployment': case 'deploy':
      o = deploymentObject(parseArgs(argv.slice(1), generic, 'create deployment'));
      break;
    case 'service': case 'svc': {
      const type = argv[1];
      if (!type || !['clusterip', 'nodeport', 'loadbalancer', 'externalname'].includes(type)) throw type ? unknownSubcommand('create service', argv.slice(1)) : new UsageError( 'Create a service using a specified subcommand.\n\nAliases:\nservice, svc\n\nAvailable Commands:\n  clusterip       Create a ClusterIP service\n  externalname    Create an ExternalName service\n  loadbalancer    Create a LoadBalancer service\n  nodeport        Create a NodePort service\n\nUsage:\n  kubectl create service [flags] [options]');
      o = serviceObject(parseArgs(argv.slice(2), generic, `create service ${type}`), type);
      break;
    }
    case 'job':
      o = jobObject(parseArgs(argv.slice(1), generic, 'create job'), (name) => t.core.store.get('CronJob', flag(parseArgs(argv.slice(1), generic, 'create job'), 'namespace') || 'default', name));
      break;
    case 'cronjob': case 'cj':
      o = cronJobObject(parseArgs(argv.slice(1), generic, 'create cronjob'));
      break;
    case 'configmap': case 'cm':
      o = configMapObject(parseArgs(argv.slice(1), generic, 'create configmap'), readFile);
      break;
    case 'secret': {
      const type = argv[1];
      if (!type || !['generic', 'tls', 'docker-registry'].includes(type)) throw type ? unknownSubcommand('create secret', argv.slice(1)) : new UsageError( 'Create a secret with specified type.\n\nAvailable Commands:\n  docker-registry   Create a secret for use with a Docker registry\n  generic           Create a secret from a local file, directory, or literal value\n  tls               Create a TLS secret\n\nUsage:\n  kubectl create secret (docker-registry | generic | tls) [options]');
      o = secretObject(parseArgs(argv.slice(2), generic, `create secret ${type}`), type, readFile);
      break;
    }
    case 'namespace': case 'ns':
      o = namespaceObject(parseArgs(argv.slice(1), generic, 'create namespace'));
      break;
    case 'quota': case 'resourcequota':
      o = quotaObject(parseArgs(argv.slice(1), generic, `create ${sub}`), sub);
      break;
    case 'poddisruptionbudget': case 'pdb':
      o = pdbObject(parseArgs(argv.slice(1), pdbFlags, 'create poddisruptionbudget'), 'poddisruptionbudget');
      break;
    case 'role':
      o = roleObject(parseArgs(argv.slice(1), rbacFlags, 'create role'), 'Role', lookup);
      break;
    case 'clusterrole':
      o = roleObject(parseArgs(argv.slice(1), rbacFlags, 'create clusterrole'), 'ClusterRole', lookup);
      break;
    case 'rolebinding':
      o = bindingObject(parseArgs(argv.slice(1), rbacFlags, 'create rolebinding'), 'RoleBinding');
      break;
    case 'clusterrolebinding':
      o = bindingObject(parseArgs(argv.slice(1), rbacFlags, 'create clusterrolebinding'), 'ClusterRoleBinding');
      break;
    case 'ingress': case 'ing':
      o = ingressObject(parseArgs(argv.slice(1), rbacFlags, 'create ingress'));
      break;
    case 'priorityclass': case 'pc':
      o = priorityClassObject(parseArgs(argv.slice(1), rbacFlags, 'create priorityclass'));
      break;
    default:
      o = serviceAccountObject(parseArgs(argv.slice(1), generic, 'create serviceaccount'));
  }
  const cmd = sub === 'service' || sub === 'svc' || sub === 'secret' ? argv.slice(0, 2) : argv.slice(0, 1);
  try {
    return submit(t, parseArgs(argv.slice(cmd.length), isPdb ? pdbFlags : OWN_FLAGS.includes(sub) ? rbacFlags : generic, `create ${cmd.join(' ')}`), o);
  } catch (e) {
    // Each generator words a failed request its own way (create_deployment.go, create_configmap.go, ...).
    if (!(e instanceof ApiError) || sub === 'namespace' || sub === 'ns') throw e;
    const what = sub === 'secret' ? 'secret ' : isPdb ? 'poddisruptionbudgets: ' : sub === 'service' || sub === 'svc' ? `${String((o.spec as { type?: string })?.type)} service: ` : `${{ deploy: 'deployment', cj: 'cronjob', cm: 'configmap', sa: 'serviceaccount', ing: 'ingress', pc: 'priorityclass' }[sub] ?? sub}: `;
    throw new UsageError(`error: failed to create ${what}${e.message}`);
  }
}

/** The flags of `kubectl run`. */
export const RUN_FLAGS = spec(
  { image: undefined, restart: undefined, labels: 'l', port: undefined, env: undefined, 'image-pull-policy': undefined, annotations: undefined, overrides: undefined, 'pod-running-timeout': undefined, timeout: undefined },
  { stdin: 'i', tty: 't', rm: undefined, attach: undefined, command: undefined, quiet: 'q', expose: undefined, privileged: undefined, 'leave-stdin-open': undefined },
);

/**
 * `kubectl run`: builds the Pod and creates it. Staying attached (output as it happens, `--rm`)
 * needs the clock, so the shell does that part; here the checks kubectl makes first.
 */
function run(t: KubectlTarget, argv: string[]): string {
  const p = parseArgs(argv, RUN_FLAGS, 'run');
  const a = runAttachment(p);
  if (a.rm && !a.attach) throw new UsageError("error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples");
  if (dryRun(p) !== 'none' && (a.attach || a.stdin || a.tty)) throw new UsageError("error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)\nSee 'kubectl run -h' for help and examples");
  if (flag(p, 'overrides') !== undefined) throw new UsageError('error: --overrides is not simulated: write the Pod manifest and use apply -f');
  if (boolFlag(p, 'expose')) throw new UsageError('error: --expose is not simulated: run the pod, then "kubectl expose pod NAME --port=PORT"');
  const pod = podObject(p);
  if (a.attach) {
    // The shell attaches and prints; this only creates the pod.
    createRequest(t.core, pod, ns(p));
    return '';
  }
  return submit(t, p, pod);
}

function del(t: KubectlTarget, argv: string[], io: KubectlIO): string {
  const p = parseArgs(argv, spec({ selector: 'l', cascade: undefined, 'grace-period': undefined, filename: 'f', timeout: undefined, 'field-selector': undefined }, { all: undefined, force: undefined, wait: undefined, now: undefined, 'ignore-not-found': undefined, recursive: 'R' }), 'delete');
  const sim = t.core;
  const cascade = flag(p, 'cascade') ?? 'background';
  const propagation: Propagation | undefined = cascade === 'orphan' || cascade === 'false' ? 'Orphan' : cascade === 'foreground' ? 'Foreground' : cascade === 'background' || cascade === 'true' ? 'Background' : undefined;
  if (!propagation) throw new UsageError(`error: invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan".`);
  let grace = flag(p, 'grace-period') !== undefined ? Number(flag(p, 'grace-period')) : undefined;
  if (grace !== undefined && !Number.isInteger(grace)) throw new UsageError(`error: invalid argument "${flag(p, 'grace-period')}" for "--grace-period" flag: strconv.ParseInt: parsing "${flag(p, 'grace-period')}": invalid syntax`);
  if (grace !== undefined && grace < 0) grace = undefined;
  if (boolFlag(p, 'now')) {
    if (grace !== undefined) throw new UsageError('error: --now and --grace-period cannot be specified together');
    grace = 1;
  }
  const force = boolFlag(p, 'force');
  if (force && grace === undefined) grace = 0;
  if (grace === 0 && !force) grace = 1; // kubectl: a grace period of 0 without --force means 1
  const ignoreNotFound = boolFlag(p, 'ignore-not-found');
  const objs: KObject[] = [];
  let stderr = '';
  const files = p.flags.get('filename') ?? [];
  if (files.length) {
    if (p.positional.length) throw new UsageError('error: resource(s) were provided, but no name was specified');
    for (const f of files) {
      const r = io.readManifests?.(f, { recursive: boolFlag(p, 'recursive') });
      if (!r) throw new UsageError(`error: the path "${f}" does not exist`);
      for (const m of r.objects) {
        const meta = (m.metadata ?? {}) as { name?: string; namespace?: string };
        const res = sim.store.resources.forKind(String(m.kind));
        const o = res ? sim.store.get(res.kind, res.namespaced ? meta.namespace || ns(p) : undefined, String(meta.name)) : undefined;
        if (o) objs.push(o);
        else if (!ignoreNotFound) stderr += `Error from server (NotFound): error when deleting "${f}": ${res?.qualified ?? String(m.kind).toLowerCase()} "${meta.name}" not found\n`;
      }
      if (r.error) stderr += r.error + '\n';
    }
  } else {
    if (p.positional.length === 0) throw new UsageError('error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
    const { refs, types } = namedTargets(sim, p.positional);
    if (refs.length) {
      if (boolFlag(p, 'all') || flag(p, 'selector') !== undefined) throw new UsageError('error: name cannot be provided when a selector is specified');
      for (const r of refs) {
        const o = sim.store.get(r.resource.kind, r.resource.namespaced ? ns(p) : undefined, r.name);
        if (o) objs.push(o);
        else if (minikubeObject(sim, r.resource.kind, r.resource.namespaced ? ns(p) : undefined, r.name)) getObject(sim, r.resource, ns(p), r.name);
        else if (!ignoreNotFound) stderr += `Error from server (NotFound): ${r.resource.qualified} "${r.name}" not found\n`;
      }
    } else if (boolFlag(p, 'all') || flag(p, 'selector') !== undefined) {
      for (const tp of types) objs.push(...listObjects(sim, tp.kind, p).filter((o) => o.metadata.deletionTimestamp === undefined || o.kind === 'Pod'));
      if (objs.length === 0) return boolFlag(p, 'all-namespaces') ? 'No resources found\n' : `No resources found\n`;
    } else throw new UsageError('error: resource(s) were provided, but no name was specified');
  }
  let stdout = force && grace === 0 ? 'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n' : '';
  for (const o of objs) {
    if (o.kind === 'Pod') deletePod(sim, o, grace);
    else deleteObject(sim, o, propagation);
    stdout += deletedLine(o, force && grace === 0);
  }
  if (stderr) throw new PartialFailure(stdout, stderr);
  return stdout;
}

/** kubectl 1.34+: `pod "web" deleted from default namespace` (cluster-scoped objects: no namespace). */
export function deletedLine(o: KObject, force = false): string {
  const what = `${o.kind.toLowerCase()}${groupSuffix(o.apiVersion)} "${o.metadata.name}" ${force ? 'force deleted' : 'deleted'}`;
  return o.metadata.namespace !== undefined ? `${what} from ${o.metadata.namespace} namespace\n` : `${what}\n`;
}

const SCALABLE = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'];

/**
 * `-f FILE` of a verb that acts on existing objects (`kubectl scale --replicas=2 -f deploy.yaml`,
 * label, annotate, rollout): the objects the files name, as `kind/name` arguments before the
 * others; their namespace when the command gives none.
 */
function addFileTargets(t: KubectlTarget, p: ParsedArgs, io: KubectlIO): void {
  const files = p.flags.get('filename') ?? [];
  if (files.length === 0) return;
  const named: string[] = [];
  for (const f of files) {
    if (f === '-') throw new UsageError('error: reading from stdin (-f -) is not simulated: the shell has no pipes; save the manifest to a file and use -f FILE');
    const r = io.readManifests?.(f) ?? { objects: [], error: `error: the path "${f}" does not exist` };
    if (r.error) throw new UsageError(r.error);
    for (const m of r.objects) {
      const meta = (m.metadata ?? {}) as { name?: unknown; namespace?: unknown };
      const res = t.core.store.resources.forKind(String(m.kind ?? ''));
      if (!res || typeof meta.name !== 'string') continue;
      named.push(`${res.plural}/${meta.name}`);
      if (typeof meta.namespace === 'string' && meta.namespace && flag(p, 'namespace') === undefined) p.flags.set('namespace', [meta.namespace]);
    }
  }
  p.positional.unshift(...named);
}

function scale(t: KubectlTarget, argv: string[], io: KubectlIO): string {
  const p = parseArgs(argv, spec({ replicas: undefined, selector: 'l', 'current-replicas': undefined, 'resource-version': undefined, timeout: undefined, filename: 'f' }, { all: undefined }), 'scale');
  const r = flag(p, 'replicas');
  if (r === undefined) throw new UsageError("error: required flag(s) \"replicas\" not set");
  const n = Number(r);
  if (!/^-?\d+$/.test(r)) throw new UsageError(`error: invalid argument "${r}" for "--replicas" flag: strconv.ParseInt: parsing "${r}": invalid syntax`);
  if (n < 0) throw new UsageError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  addFileTargets(t, p, io);
  const objs = selectTargets(t.core, p, p.positional);
  const current = flag(p, 'current-replicas');
  let out = '';
  for (const o of objs) {
    if (!SCALABLE.includes(o.kind)) throw new UsageError(`error: no objects passed to scale ${t.core.store.resources.forKind(o.kind)?.qualified ?? o.kind} "${o.metadata.name}" is not scalable`);
    const have = o.spec.replicas ?? 1;
    if (current !== undefined && Number(current) !== -1 && Number(current) !== have) throw new UsageError(`error: Expected replicas to be ${current}, was ${have}`);
    if (o.spec.replicas !== n) {
      const { obj } = updateFields(t.core, o, (m) => { (m.spec as Record<string, unknown>).replicas = n; });
      // Through the scale subresource: kubectl sends no field manager there, so its User-Agent's `kubectl` owns .spec.replicas.
      recordScale(t.core, obj, 'kubectl');
      out += `${qualifiedRef(obj)} scaled\n`;
    } else out += `${qualifiedRef(o)} scaled\n`;
  }
  return out;
}

/**
 * An update through the API server: the stored object as a manifest, changed by `change`, then
 * validated and written as a PUT would be.
 */
function updateFields(sim: Sim, o: KObject, change: (m: Record<string, unknown>) => void): { result: string; obj: KObject } {
  const m = manifestOf(o);
  change(m);
  return applyObject(sim, m, o.metadata.namespace ?? 'default');
}

/** What a client sends back for an update: apiVersion, kind, metadata (name, namespace, labels, annotations) and the content fields. */
function manifestOf(o: KObject): Record<string, unknown> {
  const m: Record<string, unknown> = deepCopy({ ...o });
  delete m.status;
  const meta = o.metadata;
  m.metadata = deepCopy({ name: meta.name, namespace: meta.namespace, labels: meta.labels, annotations: meta.annotations });
  if (meta.namespace === undefined) delete (m.metadata as Record<string, unknown>).namespace;
  return m;
}

function label(t: KubectlTarget, argv: string[], verb: 'label' | 'annotate', io: KubectlIO): string {
  const p = parseArgs(argv, spec({ selector: 'l', 'resource-version': undefined, filename: 'f', 'field-selector': undefined }, { overwrite: undefined, all: undefined, list: undefined, local: undefined }), verb);
  addFileTargets(t, p, io);
  const sim = t.core;
  const pos = p.positional;
  const isChange = (x: string) => (x.includes('=') || (x.endsWith('-') && x.length > 1)) && !(x.includes('/') && !x.includes('=') && !x.endsWith('-'));
  let firstChange = pos.findIndex((x, i) => i > 0 && isChange(x));
  if (firstChange < 0) firstChange = pos.length;
  const refs = pos.slice(0, firstChange);
  const changes = pos.slice(firstChange);
  const what = verb === 'label' ? 'label' : 'annotation';
  if (refs.length === 0 && !flag(p, 'filename')) throw new UsageError('error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (changes.length === 0 && !boolFlag(p, 'list')) throw new UsageError(`error: at least one ${what} update is required`);
  const objs = selectTargets(sim, p, refs, `error: resource(s) were provided, but no name was specified`);
  const adds: [string, string][] = [];
  const removes: string[] = [];
  for (const c of changes) {
    if (!c.includes('=') && c.endsWith('-')) removes.push(c.slice(0, -1));
    else {
      const i = c.indexOf('=');
      const k = c.slice(0, i);
      const v = c.slice(i + 1);
      if (verb === 'label' && !/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(v)) throw new UsageError(`error: invalid label value: "${c}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`);
      adds.push([k, v]);
    }
  }
  let out = '';
  for (const o of objs) {
    const map = { ...(verb === 'label' ? o.metadata.labels : o.metadata.annotations) };
    if (boolFlag(p, 'list')) {
      out += Object.entries(map).map(([k, v]) => `${k}=${v}\n`).join('');
      continue;
    }
    for (const [k, v] of adds) {
      if (k in map && map[k] !== v && !boolFlag(p, 'overwrite')) throw new UsageError(`error: '${k}' already has a value (${map[k]}), and --overwrite is false`);
      map[k] = v;
    }
    for (const k of removes) {
      if (!(k in map)) out += `${verb === 'label' ? 'label' : 'annotation'} "${k}" not found.\n`;
      delete map[k];
    }
    const before = JSON.stringify(verb === 'label' ? o.metadata.labels : o.metadata.annotations);
    const changed = before !== JSON.stringify(map);
    if (changed) updateFields(sim, o, (m) => { (m.metadata as Record<string, unknown>)[verb === 'label' ? 'labels' : 'annotations'] = map; });
    const word = verb === 'label' ? (adds.length === 0 ? 'unlabeled' : 'labeled') : 'annotated';
    out += `${qualifiedRef(o)} ${changed ? word : `not ${word}`}\n`;
  }
  return out;
}

function podSpecOf(o: KObject): Record<string, unknown> & { containers?: Container[]; initContainers?: Container[] } | undefined {
  if (o.kind === 'Pod') return o.spec;
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  return o.spec?.template?.spec;
}

interface Container {
  name: string;
  image?: string;
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
}

function setCommand(t: KubectlTarget, argv: string[]): string {
  const sub = argv[0];
  if (!sub || !['image', 'env', 'resources', 'selector', 'serviceaccount', 'sa'].includes(sub)) {
    if (sub && !sub.startsWith('-')) throw unknownSubcommand('set', argv);
    throw new UsageError('Configure application resources.\n\n These commands help you make changes to existing application resources.\n\nAvailable Commands:\n  env              Update environment variables on a pod template\n  image            Update the image of a pod template\n  resources        Update resource requests/limits on objects with pod templates\n  selector         Set the selector on a resource\n  serviceaccount   Update the service account of a resource\n  subject          Update the user, group, or service account in a role binding or cluster role binding\n\nUsage:\n  kubectl set SUBCOMMAND [options]');
  }
  const p = parseArgs(argv.slice(1), spec({ selector: 'l', containers: 'c', env: 'e', limits: undefined, requests: undefined, from: undefined, filename: 'f' }, { all: undefined, list: undefined, overwrite: undefined, local: undefined }), `set ${sub}`);
  const pairs = sub === 'image' || sub === 'env' ? p.positional.filter((x, i) => i > 0 && x.includes('=') || (sub === 'env' && i > 0 && /^[A-Za-z_][A-Za-z0-9_]*-$/.test(x))) : [];
  const refs = p.positional.filter((x) => !pairs.includes(x));
  if (sub === 'serviceaccount' || sub === 'sa' || sub === 'selector') throw new UsageError(`error: "kubectl set ${sub}" is not simulated: edit the manifest and apply it`);
  if (sub === 'env' && refs.length === 0 && !flag(p, 'filename')) throw new UsageError('error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
  const objs = selectTargets(t.core, p, sub === 'image' || sub === 'env' ? refs : p.positional);
  if (sub === 'image' && pairs.length === 0) throw new UsageError("error: at least one image update is required\nSee 'kubectl set image -h' for help and examples");
  if (sub === 'env' && pairs.length === 0 && !p.flags.has('env') && !boolFlag(p, 'list')) throw new UsageError('error: at least one environment variable must be provided');
  if (sub === 'resources' && !flag(p, 'limits') && !flag(p, 'requests')) throw new UsageError('error: you must specify an update to requests or limits (in the form of --requests/--limits)');
  let out = '';
  for (const o of objs) {
    const spec0 = podSpecOf(o);
    if (!spec0) throw new UsageError(`error: ${qualifiedRef(o)} does not have a pod template`);
    const containerFilter = flag(p, 'containers') ?? '*';
    if (sub === 'env' && boolFlag(p, 'list')) {
      for (const c of spec0.containers ?? []) {
        out += `# ${o.kind.toLowerCase()}s/${o.metadata.name}, container ${c.name}\n`;
        for (const e of c.env ?? []) out += e.value !== undefined ? `${e.name}=${e.value}\n` : `# ${e.name} from a reference\n`;
      }
      continue;
    }
    let changed = false;
    const { result } = updateFields(t.core, o, (m) => {
      const ps = podSpecOf(m as KObject)!;
      const all = [...(ps.initContainers ?? []), ...(ps.containers ?? [])];
      if (sub === 'image') {
        for (const pair of pairs) {
          const i = pair.indexOf('=');
          const name = pair.slice(0, i);
          const image = pair.slice(i + 1);
          const hit = name === '*' ? all : all.filter((c) => c.name === name);
          if (hit.length === 0) throw new UsageError(`error: unable to find container named "${name}"`);
          for (const c of hit) if (c.image !== image) (c.image = image), (changed = true);
        }
      } else {
        const targetsC = (ps.containers ?? []).filter((c) => containerFilter === '*' || c.name === containerFilter);
        if (targetsC.length === 0) throw new UsageError(`error: unable to find container named ${containerFilter}`);
        for (const c of targetsC) {
          if (sub === 'env') {
            for (const pair of [...pairs, ...(p.flags.get('env') ?? [])]) {
              if (!pair.includes('=')) {
                const name = pair.slice(0, -1);
                if ((c.env ?? []).some((e) => e.name === name)) (c.env = c.env!.filter((e) => e.name !== name)), (changed = true);
                continue;
              }
              const i = pair.indexOf('=');
              const name = pair.slice(0, i);
              const value = pair.slice(i + 1);
              c.env ??= [];
              const e = c.env.find((x) => x.name === name);
              if (e && e.value === value) continue;
              if (e) e.value = value;
              else c.env.push({ name, value });
              changed = true;
            }
            if (c.env?.length === 0) delete c.env;
          } else {
            for (const [field, text] of [['limits', flag(p, 'limits')], ['requests', flag(p, 'requests')]] as const) {
              if (!text) continue;
              c.resources ??= {};
              const cur = (c.resources[field] ??= {});
              for (const kv of text.split(',')) {
                const [k, v] = kv.split('=');
                if (!k || v === undefined) throw new UsageError(`error: invalid resource specification: ${kv}`);
                if (cur[k] !== v) (cur[k] = v), (changed = true);
              }
            }
          }
        }
      }
    });
    const verbWord = sub === 'image' ? 'image updated' : sub === 'env' ? 'env updated' : 'resource requirements updated';
    out += `${qualifiedRef(o)} ${changed || result !== 'unchanged' ? verbWord : verbWord}\n`;
  }
  return out;
}

/** `kubectl rollout` alone prints the group's help, as kubectl 1.32 does. */
const ROLLOUT_HELP = "Manage the rollout of one or many resources.\n        \n Valid resource types include:\n\n  *  deployments\n  *  daemonsets\n  *  statefulsets\n\nExamples:\n  # Rollback to the previous deployment\n  kubectl rollout undo deployment/abc\n  \n  # Check the rollout status of a daemonset\n  kubectl rollout status daemonset/foo\n  \n  # Restart a deployment\n  kubectl rollout restart deployment/abc\n  \n  # Restart deployments with the 'app=nginx' label\n  kubectl rollout restart deployment --selector=app=nginx\n\nAvailable Commands:\n  history       View rollout history\n  pause         Mark the provided resource as paused\n  restart       Restart a resource\n  resume        Resume a paused resource\n  status        Show the status of the rollout\n  undo          Undo a previous rollout\n\nUsage:\n  kubectl rollout SUBCOMMAND [options]\n\nUse \"kubectl rollout <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).";

function rollout(t: KubectlTarget, argv: string[], io: KubectlIO): string {
  const sub = argv[0];
  const SUBS = ['undo', 'status', 'history', 'pause', 'resume', 'restart'];
  if (!sub || !SUBS.includes(sub)) {
    if (sub && !sub.startsWith('-')) throw unknownSubcommand('rollout', argv);
    throw new UsageError(ROLLOUT_HELP);
  }
  const p = parseArgs(argv.slice(1), spec({ 'to-revision': undefined, revision: undefined, timeout: undefined, selector: 'l', filename: 'f' }, { watch: 'w' }), `rollout ${sub}`);
  addFileTargets(t, p, io);
  if (p.positional.length === 0) throw new UsageError('error: required resource not specified');
  const objs = selectTargets(t.core, p, p.positional);
  let out = '';
  for (const d of objs) {
    if (d.kind !== 'Deployment') {
      if (['DaemonSet', 'StatefulSet'].includes(d.kind) && sub === 'status') {
        out += rolloutStatusOther(d);
        continue;
      }
      if (['DaemonSet', 'StatefulSet'].includes(d.kind) && sub === 'history') {
        // Their history is their ControllerRevisions, which the simulator does not store: none found.
        out += `${qualifiedRef(d)} \nNo rollout history found.\n`;
        continue;
      }
      if (['DaemonSet', 'StatefulSet'].includes(d.kind) && sub === 'restart') {
        restartTemplate(t.core, d);
        out += `${qualifiedRef(d)} restarted\n`;
        continue;
      }
      throw new UsageError(`error: no ${sub === 'status' ? 'status viewer' : sub === 'history' ? 'history viewer' : sub === 'undo' ? 'rollbacker' : sub === 'restart' ? 'restarter' : sub === 'pause' ? 'pauser' : 'resumer'} has been implemented for {${groupSuffix(d.apiVersion).slice(1)} ${d.kind}}`);
    }
    if (sub === 'undo') out += rolloutUndo(t.core, d, Number(flag(p, 'to-revision') ?? 0));
    else if (sub === 'history') out += rolloutHistory(t.core, d, flag(p, 'revision') !== undefined ? Number(flag(p, 'revision')) : undefined);
    else if (sub === 'status') {
      const s = rolloutStatus(d);
      if (s.failed) throw new UsageError(s.text);
      out += s.text;
    } else if (sub === 'pause' || sub === 'resume') {
      const want = sub === 'pause';
      if (!!d.spec.paused === want) throw new UsageError(`error: deployments.apps "${d.metadata.name}" is ${want ? 'already paused' : 'not paused'}`);
      updateFields(t.core, d, (m) => { (m.spec as Record<string, unknown>).paused = want || undefined; });
      out += `deployment.apps/${d.metadata.name} ${want ? 'paused' : 'resumed'}\n`;
    } else {
      if (d.spec.paused) throw new UsageError(`error: deployments.apps "${d.metadata.name}" can't restart paused deployment (run rollout resume first)`);
      restartTemplate(t.core, d);
      out += `deployment.apps/${d.metadata.name} restarted\n`;
    }
  }
  return out;
}

function restartTemplate(sim: Sim, d: KObject): void {
  updateFields(sim, d, (m) => {
    const tpl = ((m.spec as Record<string, unknown>).template ??= {}) as { metadata?: { annotations?: Record<string, string> } };
    tpl.metadata ??= {};
    tpl.metadata.annotations = { ...(tpl.metadata.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': new Date(sim.epochMs + sim.now).toISOString().replace(/\.\d+Z$/, 'Z') };
  });
}

function rolloutStatusOther(o: KObject): string {
  const name = o.metadata.name;
  const s = o.status ?? {};
  if (o.kind === 'DaemonSet') {
    const want = s.desiredNumberScheduled ?? 0;
    if ((s.updatedNumberScheduled ?? 0) < want) return `Waiting for daemon set "${name}" rollout to finish: ${s.updatedNumberScheduled ?? 0} out of ${want} new pods have been updated...\n`;
    if ((s.numberAvailable ?? 0) < want) return `Waiting for daemon set "${name}" rollout to finish: ${s.numberAvailable ?? 0} of ${want} updated pods are available...\n`;
    return `daemon set "${name}" successfully rolled out\n`;
  }
  // StatefulSetStatusViewer, read from the object as kubectl reads it.
  if (o.spec.updateStrategy?.type === 'OnDelete') throw new UsageError('error: rollout status is only available for RollingUpdate strategy type');
  if (!s.observedGeneration || o.metadata.generation > s.observedGeneration) return 'Waiting for statefulset spec update to be observed...\n';
  const want = o.spec.replicas ?? 1;
  if ((s.readyReplicas ?? 0) < want) return `Waiting for ${want - (s.readyReplicas ?? 0)} pods to be ready...\n`;
  const ru = o.spec.updateStrategy?.type === 'RollingUpdate' ? o.spec.updateStrategy.rollingUpdate : undefined;
  if (ru) {
    if (ru.partition !== undefined && (s.updatedReplicas ?? 0) < want - ru.partition)
      return `Waiting for partitioned roll out to finish: ${s.updatedReplicas ?? 0} out of ${want - ru.partition} new pods have been updated...\n`;
    return `partitioned roll out complete: ${s.updatedReplicas ?? 0} new pods have been updated...\n`;
  }
  if (s.updateRevision !== s.currentRevision) return `waiting for statefulset rolling update to complete ${s.updatedReplicas ?? 0} pods at revision ${s.updateRevision}...\n`;
  return `statefulset rolling update complete ${s.currentReplicas ?? 0} pods at revision ${s.currentRevision}...\n`;
}

/** kubectl reads `-p` as YAML or JSON (YAML is a superset). */
function parsePatch(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return parseYaml(text);
    } catch (e) {
      throw new UsageError(`error: unable to parse "${text}": yaml: ${(e as Error).message.split('\n')[0]}`);
    }
  }
}

function patch(t: KubectlTarget, argv: string[], io: KubectlIO): string {
  const p = parseArgs(argv, spec({ patch: 'p', type: undefined, 'patch-file': undefined, filename: 'f', subresource: undefined }, { local: undefined }), 'patch');
  const type = flag(p, 'type') ?? 'strategic';
  if (!['strategic', 'merge', 'json'].includes(type)) throw new UsageError(`error: --type must be one of [json merge strategic], not "${type}"`);
  let body = flag(p, 'patch');
  const file = flag(p, 'patch-file');
  if (body !== undefined && file !== undefined) throw new UsageError('error: cannot specify --patch and --patch-file together');
  if (file !== undefined) {
    body = io.readFile?.(file);
    if (body === undefined) throw new UsageError(`error: unable to read patch file: open ${file}: no such file or directory`);
  }
  if (body === undefined) throw new UsageError('error: must specify --patch or --patch-file containing the contents of the patch');
  const json = parsePatch(body);
  const objs = selectTargets(t.core, p, p.positional);
  let out = '';
  for (const o of objs) {
    const before = manifestOf(o);
    // Custom resources take JSON and merge patches only: they have no strategic-merge metadata.
    if (type === 'strategic' && t.core.store.resources.forKind(o.kind)?.custom) {
      const slash = o.apiVersion.lastIndexOf('/');
      throw new UsageError(`error: application/strategic-merge-patch+json is not supported by ${o.apiVersion.slice(0, slash)}/${o.apiVersion.slice(slash + 1)}, Kind=${o.kind}: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
    }
    let after: Record<string, unknown>;
    if (type === 'json') after = jsonPatch(before, json);
    else {
      if (!json || typeof json !== 'object' || Array.isArray(json)) throw new ApiError('BadRequest', `json: cannot unmarshal ${Array.isArray(json) ? 'array' : typeof json} into Go value of type map[string]interface {}`);
      after = type === 'merge' ? mergePatch(before, json) : strategicMerge(before, json);
    }
    if (!after || typeof after !== 'object' || Array.isArray(after)) throw new ApiError('BadRequest', 'the patch does not result in an object');
    const meta = (after.metadata ?? {}) as Record<string, unknown>;
    if (after.kind !== o.kind || meta.name !== o.metadata.name || (meta.namespace ?? o.metadata.namespace) !== o.metadata.namespace) throw new ApiError('Invalid', `${t.core.store.resources.forKind(o.kind)?.qualified} "${o.metadata.name}" is invalid: metadata.name: Invalid value: "${String(meta.name)}": field is immutable`);
    if (JSON.stringify(after) === JSON.stringify(before)) {
      out += `${qualifiedRef(o)} patched (no change)\n`;
      continue;
    }
    applyObject(t.core, after, o.metadata.namespace ?? 'default');
    out += `${qualifiedRef(o)} patched\n`;
  }
  return out;
}

function cordon(t: KubectlTarget, argv: string[], on: boolean): string {
  const p = parseArgs(argv, spec({ selector: 'l' }, {}), on ? 'cordon' : 'uncordon');
  const name = p.positional[0];
  if (!name) throw new UsageError(`error: USAGE: ${on ? 'cordon' : 'uncordon'} NODE [flags]\nSee 'kubectl ${on ? 'cordon' : 'uncordon'} -h' for help and examples`);
  const n = getNode(t.core, name);
  if (!!n.spec.unschedulable === on) return `node/${name} already ${on ? 'cordoned' : 'uncordoned'}\n`;
  setUnschedulable(t.core, n, on);
  return `node/${name} ${on ? 'cordoned' : 'uncordoned'}\n`;
}

function setUnschedulable(sim: Sim, n: KObject, on: boolean): void {
  n.spec.unschedulable = on || undefined;
  const taints = (n.spec.taints ?? []).filter((x: { key: string }) => x.key !== 'node.kubernetes.io/unschedulable');
  if (on) taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: sim.now });
  n.spec.taints = taints.length ? taints : undefined;
  sim.store.update(n, true);
}

export const DRAIN_FLAGS = spec({ 'grace-period': undefined, selector: 'l', timeout: undefined, 'pod-selector': undefined }, { 'ignore-daemonsets': undefined, force: undefined, 'delete-emptydir-data': undefined });

function drain(t: KubectlTarget, argv: string[]): string {
  const p = parseArgs(argv, DRAIN_FLAGS, 'drain');
  const name = p.positional[0];
  if (!name) throw new UsageError("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples");
  const sim = t.core;
  const n = getNode(sim, name);
  let out = '';
  if (!n.spec.unschedulable) {
    setUnschedulable(sim, n, true);
    out += `node/${name} cordoned\n`;
  } else out += `node/${name} already cordoned\n`;
  const podSelector = flag(p, 'pod-selector');
  const pods = sim.store.podsOn(name).filter((x) => x.metadata.deletionTimestamp === undefined && (podSelector === undefined || matchesSelector(parseSelectorString(podSelector), x.metadata.labels)));
  const ds = pods.filter((x) => controllerOf(x)?.kind === 'DaemonSet');
  const bare = pods.filter((x) => !controllerOf(x));
  const errs: string[] = [];
  if (ds.length && !boolFlag(p, 'ignore-daemonsets')) errs.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${ds.map((x) => `${x.metadata.namespace}/${x.metadata.name}`).join(', ')}`);
  // kubectl 1.32 words this one "cannot delete cannot delete ..." (its message repeats the verb).
  if (bare.length && !boolFlag(p, 'force')) errs.push(`cannot delete cannot delete Pods that declare no controller (use --force to override): ${bare.map((x) => `${x.metadata.namespace}/${x.metadata.name}`).join(', ')}`);
  // An aggregate: `[a, b]` on the first line, one error per line at the end, without `error: `.
  if (errs.length) throw new UsageError(`${out}error: unable to drain node "${name}" due to error: ${errs.length > 1 ? `[${errs.join(', ')}]` : errs[0]}, continuing command...\nThere are pending nodes to be drained:\n ${name}\n${errs.join('\n')}`);
  if (ds.length) out += `Warning: ignoring DaemonSet-managed Pods: ${ds.map((x) => `${x.metadata.namespace}/${x.metadata.name}`).join(', ')}\n`;
  const grace = flag(p, 'grace-period') !== undefined ? Number(flag(p, 'grace-period')) : undefined;
  // Each pod through the eviction API (apiserver/eviction.ts), as kubectl drain does: a budget
  // that allows no disruption refuses with 429 and kubectl retries the pod 5 s later (the shell's
  // drain watcher runs this command again for the pods left; shell/session.ts).
  const evicted: KObject[] = [];
  const refused: string[] = [];
  const failed: string[] = [];
  for (const x of pods) {
    if (ds.includes(x)) continue;
    out += `evicting pod ${x.metadata.namespace}/${x.metadata.name}\n`;
    try {
      evictPod(sim, x, { graceSeconds: grace !== undefined && grace >= 0 ? grace : undefined });
      evicted.push(x);
    } catch (e) {
      if (e instanceof EvictionRefused) refused.push(`error when evicting pods/"${x.metadata.name}" -n "${x.metadata.namespace}" (will retry after 5s): ${e.message}\n`);
      else if (e instanceof ApiError) failed.push(`error when evicting pods/"${x.metadata.name}" -n "${x.metadata.namespace}": ${e.message}`);
      else throw e;
    }
  }
  out += refused.join('');
  for (const x of evicted) out += `pod/${x.metadata.name} evicted\n`;
  if (failed.length) throw new UsageError(out + drainFailure(name, failed, pods.filter((x) => !ds.includes(x) && !evicted.includes(x)).map((x) => x.metadata.name)));
  if (!refused.length) out += `node/${name} drained\n`;
  return out;
}


/**
 * What kubectl drain prints when evictions failed (a refusal other than 429, or its --timeout):
 * the pods left, then the node's error, the aggregate as `[a, b]` inline and one per line at the end.
 */
export function drainFailure(node: string, errors: string[], pending: string[]): string {
  const agg = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
  return `There are pending pods in node "${node}" when an error occurred: ${agg}\n${pending.map((p) => `pod/${p}\n`).join('')}error: unable to drain node "${node}" due to error: ${agg}, continuing command...\nThere are pending nodes to be drained:\n ${node}\n${errors.join('\n')}`;
}

function getNode(sim: Sim, name: string): KObject {
  const n = sim.store.get('Node', undefined, name);
  if (!n) throw new ApiError('NotFound', `nodes "${name}" not found`);
  return n;
}
