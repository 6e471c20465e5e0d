import type { Sim } from '../core';
import { deleteObject, type Propagation } from '../controllers/gc';
import { deletePod } from '../controllers/podControl';
import { ApiError } from '../store/store';
import { isNamespaced, resourceForName, resourceForKind, RESOURCES } from '../store/resources';
import { controllerOf, type KObject } from '../types';
import { deepCopy, matchesSelector, parseSelectorString } from '../util';
import { boolFlag, flag, parseArgs, UsageError, type FlagSpec, type ParsedArgs } from './args';
import { qualifiedRef } from './printers';
import { rolloutHistory, rolloutStatus, rolloutUndo } from './rollout';
import { getCommand } from './get';
import { describeCommand } from './describe';
import { logsCommand } from './logs';
import { explainCommand } from './explain';
import { apiResourcesCommand } from './apiResources';

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

export interface KubectlIO {
  /** Reads `-f` files: manifests and per-document errors (the CLI supplies this; the engine never touches disk). */
  readManifests?(path: string): { objects: Record<string, unknown>[]; error?: string };
}

const COMMON: FlagSpec = { values: { namespace: 'n' }, bools: { 'all-namespaces': 'A' } };
const VERBS = ['logs', 'apply', 'create', 'run', 'delete', 'get', 'scale', 'label', 'set', 'rollout', 'patch', 'cordon', 'uncordon', 'drain', 'annotate', 'describe', 'logs', 'explain', 'api-resources'];

function spec(values: Record<string, string | undefined>, bools: Record<string, string | undefined> = {}): FlagSpec {
  return { values: { ...COMMON.values, ...values }, bools: { ...COMMON.bools, ...bools } };
}

class NotFound extends Error {}

/**
 * Runs one kubectl command line (argv without `kubectl`) against the simulation at its current time.
 * Output and errors follow kubectl's wording.
 */
export function runKubectl(target: KubectlTarget, argv: string[], io: KubectlIO = {}): KubectlResult {
  const args = argv[0] === 'kubectl' ? argv.slice(1) : argv;
  try {
    return { stdout: dispatch(target, args, io), stderr: '', exitCode: 0 };
  } catch (e) {
    if (e instanceof UsageError || e instanceof NotFound) return { stdout: '', stderr: e.message.endsWith('\n') ? e.message : e.message + '\n', exitCode: 1 };
    if (e instanceof ApiError) return { stdout: '', stderr: `Error from server (${e.reason}): ${e.message}\n`, exitCode: 1 };
    throw e;
  }
}

function dispatch(t: KubectlTarget, args: string[], io: KubectlIO): string {
  const verb = args[0];
  const rest = args.slice(1);
  if (!verb) throw new UsageError('error: a command is required (e.g. kubectl get pods)');
  switch (verb) {
    case 'apply': return apply(t, rest, io);
    case 'create': return create(t, rest);
    case 'run': return run(t, rest);
    case 'delete': return del(t, rest, io);
    case 'get': return getCommand(t, rest);
    case 'describe': return describeCommand(t, rest);
    case 'logs': return logsCommand(t, rest);
    case 'explain': return explainCommand(rest);
    case 'api-resources': return apiResourcesCommand(rest);
    case 'scale': return scale(t, rest);
    case 'label': return label(t, rest, 'label');
    case 'annotate': return label(t, rest, 'annotate');
    case 'set': return setImage(t, rest);
    case 'rollout': return rollout(t, rest);
    case 'patch': return patch(t, rest);
    case 'cordon': case 'uncordon': return cordon(t, rest, verb === 'cordon');
    case 'drain': return drain(t, rest);
    default: {
      const near = VERBS.find((v) => v.startsWith(verb.slice(0, 2)));
      throw new UsageError(`error: unknown command "${verb}" for "kubectl"${near ? `\n\nDid you mean this?\n\t${near}` : ''}`);
    }
  }
}

function ns(p: ParsedArgs): string {
  return flag(p, 'namespace') ?? 'default';
}

function resolveType(type: string): { kind: string; qualified: string } {
  const r = resourceForName(type);
  if (!r) throw new UsageError(`error: the server doesn't have a resource type "${type}"`);
  return { kind: r.kind, qualified: r.qualified };
}

/** `kind/name` or `kind name...` -> targets. */
function targets(p: ParsedArgs, from = 0): { kind: string; qualified: string; name: string }[] {
  const pos = p.positional.slice(from);
  if (pos.length === 0) return [];
  if (pos[0].includes('/')) {
    return pos.map((x) => {
      const [type, name] = x.split('/');
      return { ...resolveType(type), name };
    });
  }
  const r = resolveType(pos[0]);
  return pos.slice(1).map((name) => ({ ...r, name }));
}

function mustGet(sim: Sim, kind: string, qualified: string, namespace: string, name: string): KObject {
  const o = sim.store.get(kind, namespace, name);
  if (!o) throw new ApiError('NotFound', `${qualified} "${name}" not found`);
  return o;
}

function apply(t: KubectlTarget, argv: string[], io: KubectlIO): string {
  const p = parseArgs(argv, spec({ filename: 'f' }, { recursive: 'R' }), 'apply');
  const files = p.flags.get('filename') ?? [];
  if (files.length === 0) throw new UsageError("error: must specify one of -f and -k");
  let out = '';
  const errors: string[] = [];
  for (const f of files) {
    if (!io.readManifests) throw new UsageError(`error: the path "${f}" does not exist`);
    const r = io.readManifests(f);
    if (r.error) throw new UsageError(r.error);
    for (const m of r.objects) {
      const res = t.applyManifest(m, ns(p));
      if (res.error) errors.push(`Error from server: ${res.error}`);
      else out += `${qualifiedRefFor(res.ref)} ${res.result}\n`;
    }
  }
  if (errors.length) throw Object.assign(new UsageError(out + errors.join('\n')), {});
  return out;
}

function qualifiedRefFor(ref: string): string {
  const [kind, name] = ref.split('/');
  const r = resourceForName(kind);
  const group = r && r.apiVersion.includes('/') ? '.' + r.apiVersion.split('/')[0] : '';
  return `${kind}${group}/${name}`;
}

function create(t: KubectlTarget, argv: string[]): string {
  const p = parseArgs(argv, spec({ image: undefined, replicas: 'r', port: undefined }, {}), 'create');
  const [what, name] = p.positional;
  if (what !== 'deployment' && what !== 'deploy') throw new UsageError(what ? `error: unknown command "${what}" for "kubectl create"` : 'error: must specify one of -f and -k');
  if (!name) throw new UsageError('error: exactly one NAME is required, got 0');
  const images = p.flags.get('image') ?? [];
  if (images.length === 0) throw new UsageError('error: required flag(s) "image" not set');
  const replicas = Number(flag(p, 'replicas') ?? 1);
  const containers = images.map((img) => {
    const base = img.split('/').pop()!.split(':')[0].split('@')[0];
    const c: Record<string, unknown> = { name: images.length > 1 ? base : base, image: img };
    if (flag(p, 'port')) c.ports = [{ containerPort: Number(flag(p, 'port')) }];
    return c;
  });
  const m = {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name, namespace: ns(p), labels: { app: name } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers } } },
  };
  if (t.core.store.get('Deployment', ns(p), name)) throw new ApiError('AlreadyExists', `deployments.apps "${name}" already exists`);
  const r = t.applyManifest(m, ns(p));
  if (r.error) throw new UsageError(`error: ${r.error}`);
  return `deployment.apps/${name} created\n`;
}

function run(t: KubectlTarget, argv: string[]): string {
  const p = parseArgs(argv, spec({ image: undefined, restart: undefined, labels: 'l', port: undefined, env: undefined, command: undefined }, { stdin: 'i', tty: 't', rm: undefined }), 'run');
  const name = p.positional[0];
  if (!name) throw new UsageError('error: NAME is required for run');
  const image = flag(p, 'image');
  if (!image) throw new UsageError('error: required flag(s) "image" not set');
  const restart = flag(p, 'restart') ?? 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw new UsageError(`error: invalid restart policy: ${restart}`);
  const labels: Record<string, string> = { run: name };
  if (flag(p, 'labels')) {
    for (const kv of flag(p, 'labels')!.split(',')) {
      const [k, v] = kv.split('=');
      labels[k] = v ?? '';
    }
    delete labels.run;
  }
  const c: Record<string, unknown> = { name, image };
  const extra = [...p.positional.slice(1), ...p.rest];
  if (extra.length) c[boolFlag(p, 'command') ? 'command' : 'args'] = extra;
  if (flag(p, 'port')) c.ports = [{ containerPort: Number(flag(p, 'port')) }];
  if (p.flags.get('env')) c.env = p.flags.get('env')!.map((kv) => ({ name: kv.split('=')[0], value: kv.split('=').slice(1).join('=') }));
  if (boolFlag(p, 'stdin')) c.stdin = true;
  if (boolFlag(p, 'tty')) c.tty = true;
  if (t.core.store.get('Pod', ns(p), name)) throw new ApiError('AlreadyExists', `pods "${name}" already exists`);
  const r = t.applyManifest({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns(p), labels }, spec: { restartPolicy: restart, containers: [c] } }, ns(p));
  if (r.error) throw new UsageError(`error: ${r.error}`);
  return `pod/${name} created\n`;
}

function selectObjects(sim: Sim, kind: string, p: ParsedArgs): KObject[] {
  const all = boolFlag(p, 'all-namespaces');
  let objs = sim.store.list(kind, isNamespaced(kind) && !all ? ns(p) : undefined);
  const sel = flag(p, 'selector');
  if (sel) {
    const s = parseSelectorString(sel);
    objs = objs.filter((o) => matchesSelector(s, o.metadata.labels));
  }
  return objs;
}

function del(t: KubectlTarget, argv: string[], io: KubectlIO): string {
  const p = parseArgs(argv, spec({ selector: 'l', cascade: undefined, 'grace-period': undefined, filename: 'f' }, { all: undefined, force: undefined, wait: undefined, now: undefined }), 'delete');
  const sim = t.core;
  const cascade = flag(p, 'cascade') ?? 'background';
  const propagation: Propagation | undefined = cascade === 'orphan' || cascade === 'false' ? 'Orphan' : cascade === 'foreground' ? 'Foreground' : cascade === 'background' || cascade === 'true' ? 'Background' : undefined;
  if (!propagation) throw new UsageError(`error: invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan".`);
  let grace = flag(p, 'grace-period') !== undefined ? Number(flag(p, 'grace-period')) : undefined;
  if (boolFlag(p, 'now')) grace = 1;
  if (boolFlag(p, 'force') && grace === undefined) grace = 0;
  let objs: KObject[] = [];
  let out = '';
  if (p.flags.get('filename')) {
    for (const f of p.flags.get('filename')!) {
      const r = io.readManifests?.(f);
      if (!r || r.error) throw new UsageError(r?.error ?? `error: the path "${f}" does not exist`);
      for (const m of r.objects) {
        const meta = (m.metadata ?? {}) as { name?: string; namespace?: string };
        const o = sim.store.get(String(m.kind), meta.namespace ?? ns(p), String(meta.name));
        if (o) objs.push(o);
        else out += `Error from server (NotFound): ${resourceForKind(String(m.kind))?.qualified ?? m.kind} "${meta.name}" not found\n`;
      }
    }
  } else {
    const type = p.positional[0];
    if (!type) throw new UsageError('error: You must provide one or more resources by argument or filename.');
    if (type.includes('/')) {
      for (const tg of targets(p)) objs.push(mustGet(sim, tg.kind, tg.qualified, ns(p), tg.name));
    } else {
      const types = type.split(',').map(resolveType);
      const names = p.positional.slice(1);
      if (names.length) {
        for (const tp of types) for (const n of names) objs.push(mustGet(sim, tp.kind, tp.qualified, ns(p), n));
      } else if (boolFlag(p, 'all') || flag(p, 'selector')) {
        for (const tp of types) objs.push(...selectObjects(sim, tp.kind, p));
        if (objs.length === 0) return `No resources found\n`;
      } else throw new UsageError('error: resource(s) were provided, but no name was specified');
    }
  }
  for (const o of objs) {
    const r = resourceForKind(o.kind)!;
    if (o.kind === 'Pod') deletePod(sim, o, grace);
    else deleteObject(sim, o, propagation);
    out += `${qualifiedRef(o).split('/')[0]} "${o.metadata.name}" deleted\n`;
  }
  return out;
}


function scale(t: KubectlTarget, argv: string[]): string {
  const p = parseArgs(argv, spec({ replicas: undefined, selector: 'l', 'current-replicas': undefined }, {}), 'scale');
  const r = flag(p, 'replicas');
  if (r === undefined) throw new UsageError('error: required flag(s) "replicas" not set');
  const n = Number(r);
  if (!Number.isInteger(n) || n < 0) throw new UsageError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const tg = targets(p);
  if (tg.length === 0) throw new UsageError('error: resource(s) were provided, but no name was specified');
  let out = '';
  for (const x of tg) {
    if (!['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'].includes(x.kind)) throw new UsageError(`error: cannot scale ${x.qualified}`);
    const o = mustGet(t.core, x.kind, x.qualified, ns(p), x.name);
    if (o.spec.replicas !== n) {
      o.spec.replicas = n;
      t.core.store.update(o, true);
    }
    out += `${qualifiedRef(o)} scaled\n`;
  }
  return out;
}

function label(t: KubectlTarget, argv: string[], verb: 'label' | 'annotate'): string {
  const p = parseArgs(argv, spec({ selector: 'l' }, { overwrite: undefined, all: undefined }), verb);
  const sim = t.core;
  const pos = p.positional;
  const changes = pos.filter((x) => /=|-$/.test(x) && !x.includes('/'));
  const refs = pos.filter((x) => !changes.includes(x));
  let objs: KObject[] = [];
  if (refs.length === 0) throw new UsageError('error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (refs[0].includes('/')) objs = targets({ ...p, positional: refs }).map((x) => mustGet(sim, x.kind, x.qualified, ns(p), x.name));
  else {
    const tp = resolveType(refs[0]);
    if (refs.length > 1) objs = refs.slice(1).map((n) => mustGet(sim, tp.kind, tp.qualified, ns(p), n));
    else if (flag(p, 'selector') || boolFlag(p, 'all')) objs = selectObjects(sim, tp.kind, p);
    else throw new UsageError('error: resource(s) were provided, but no name was specified');
  }
  if (changes.length === 0) throw new UsageError(`error: at least one ${verb === 'label' ? 'label' : 'annotation'} update is required`);
  let out = '';
  for (const o of objs) {
    const map = verb === 'label' ? o.metadata.labels : o.metadata.annotations;
    let changed = false;
    for (const c of changes) {
      if (c.endsWith('-') && !c.includes('=')) {
        const k = c.slice(0, -1);
        if (k in map) {
          delete map[k];
          changed = true;
        }
        continue;
      }
      const [k, ...v] = c.split('=');
      const value = v.join('=');
      if (k in map && map[k] !== value && !boolFlag(p, 'overwrite')) throw new UsageError(`error: '${k}' already has a value (${map[k]}), and --overwrite is false`);
      if (map[k] !== value) {
        map[k] = value;
        changed = true;
      }
    }
    if (changed) sim.store.update(o);
    const word = verb === 'label' ? (changes.every((c) => c.endsWith('-') && !c.includes('=')) ? 'unlabeled' : 'labeled') : 'annotated';
    out += `${qualifiedRef(o)} ${changed ? word : `not ${word}`}\n`;
  }
  return out;
}

function setImage(t: KubectlTarget, argv: string[]): string {
  if (argv[0] !== 'image') throw new UsageError(argv[0] ? `error: unknown command "${argv[0]}" for "kubectl set"` : 'error: a subcommand is required (e.g. kubectl set image)');
  const p = parseArgs(argv.slice(1), spec({ selector: 'l' }, { all: undefined }), 'set image');
  const refs = p.positional.filter((x) => !x.includes('='));
  const pairs = p.positional.filter((x) => x.includes('='));
  if (pairs.length === 0) throw new UsageError('error: at least one image update is required');
  const tg = targets({ ...p, positional: refs });
  let out = '';
  for (const x of tg) {
    const o = mustGet(t.core, x.kind, x.qualified, ns(p), x.name);
    // A fresh template object: cached template keys belong to the old one.
    if (o.spec?.template) o.spec.template = deepCopy(o.spec.template);
    const podSpec = o.kind === 'Pod' ? o.spec : o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template?.spec;
    if (!podSpec) throw new UsageError(`error: ${x.qualified}/${x.name} has no pod template`);
    for (const pair of pairs) {
      const [c, image] = pair.split('=');
      const list = [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? [])];
      const targetsC = c === '*' ? list : list.filter((k: { name: string }) => k.name === c);
      if (targetsC.length === 0) throw new UsageError(`error: unable to find container named "${c}"`);
      for (const k of targetsC) k.image = image;
    }
    t.core.store.update(o, true);
    out += `${qualifiedRef(o)} image updated\n`;
  }
  return out;
}

function rollout(t: KubectlTarget, argv: string[]): string {
  const sub = argv[0];
  const p = parseArgs(argv.slice(1), spec({ 'to-revision': undefined, revision: undefined, timeout: undefined }, { watch: 'w' }), `rollout ${sub ?? ''}`.trim());
  const tg = targets(p);
  if (!sub || !['undo', 'status', 'history', 'pause', 'resume', 'restart'].includes(sub)) throw new UsageError(sub ? `error: unknown command "${sub}" for "kubectl rollout"` : 'error: a subcommand is required (undo, status, history, pause, resume, restart)');
  if (tg.length === 0) throw new UsageError('error: required resource not specified');
  let out = '';
  for (const x of tg) {
    if (x.kind !== 'Deployment') throw new UsageError(`error: no ${sub} is supported for ${x.qualified} in the simulator (only deployments)`);
    const d = mustGet(t.core, x.kind, x.qualified, ns(p), x.name);
    if (sub === 'undo') out += rolloutUndo(t.core, d, Number(flag(p, 'to-revision') ?? 0));
    else if (sub === 'history') out += rolloutHistory(t.core, d, flag(p, 'revision') !== undefined ? Number(flag(p, 'revision')) : undefined);
    else if (sub === 'status') {
      const s = rolloutStatus(d);
      if (s.failed) throw new UsageError(s.text);
      out += s.text;
    } else if (sub === 'pause' || sub === 'resume') {
      const want = sub === 'pause';
      if (!!d.spec.paused === want) out += `deployment.apps/${d.metadata.name} ${want ? 'already paused' : 'is not paused'}\n`;
      else {
        d.spec.paused = want || undefined;
        t.core.store.update(d, true);
        out += `deployment.apps/${d.metadata.name} ${want ? 'paused' : 'resumed'}\n`;
      }
    } else {
      d.spec.template = deepCopy(d.spec.template ?? {});
      d.spec.template.metadata ??= {};
      d.spec.template.metadata.annotations = { ...(d.spec.template.metadata.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': new Date(t.core.epochMs + t.core.now).toISOString().replace(/\.\d+Z$/, 'Z') };
      t.core.store.update(d, true);
      out += `deployment.apps/${d.metadata.name} restarted\n`;
    }
  }
  return out;
}

/** Merge patch; lists of named items (containers, ports, env) merge by name as a strategic merge would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    return patch;
  }
  const out = target && typeof target === 'object' && !Array.isArray(target) ? target : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (Array.isArray(v) && Array.isArray(out[k]) && v.every((x) => x && typeof x === 'object' && 'name' in x)) {
      for (const item of v as { name: string }[]) {
        const i = out[k].findIndex((x: { name?: string }) => x?.name === item.name);
        if (i >= 0) out[k][i] = mergePatch(out[k][i], item);
        else out[k].push(item);
      }
    } else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function patch(t: KubectlTarget, argv: string[]): string {
  const p = parseArgs(argv, spec({ patch: 'p', type: undefined }, {}), 'patch');
  const body = flag(p, 'patch');
  if (body === undefined) throw new UsageError('error: must specify -p to patch');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    throw new UsageError(`error: unable to parse "${body}": ${(e as Error).message}`);
  }
  const tg = targets(p);
  if (tg.length === 0) throw new UsageError('error: resource(s) were provided, but no name was specified');
  let out = '';
  for (const x of tg) {
    const o = mustGet(t.core, x.kind, x.qualified, ns(p), x.name);
    const before = JSON.stringify([o.metadata.labels, o.metadata.annotations, o.spec]);
    const patched = mergePatch(deepCopy({ metadata: { labels: o.metadata.labels, annotations: o.metadata.annotations }, spec: o.spec }), json as object);
    o.metadata.labels = patched.metadata?.labels ?? {};
    o.metadata.annotations = patched.metadata?.annotations ?? {};
    const specBefore = JSON.stringify(o.spec);
    o.spec = patched.spec;
    const after = JSON.stringify([o.metadata.labels, o.metadata.annotations, o.spec]);
    if (before === after) {
      out += `${qualifiedRef(o)} patched (no change)\n`;
      continue;
    }
    t.core.store.update(o, JSON.stringify(o.spec) !== specBefore);
    out += `${qualifiedRef(o)} patched\n`;
  }
  return out;
}

function cordon(t: KubectlTarget, argv: string[], on: boolean): string {
  const p = parseArgs(argv, spec({ selector: 'l' }, {}), on ? 'cordon' : 'uncordon');
  const name = p.positional[0];
  if (!name) throw new UsageError('error: USAGE: cordon NODE [flags]');
  const n = mustGet(t.core, 'Node', 'nodes', '', name);
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

function drain(t: KubectlTarget, argv: string[]): string {
  const p = parseArgs(argv, spec({ 'grace-period': undefined, selector: 'l', timeout: undefined }, { 'ignore-daemonsets': undefined, force: undefined, 'delete-emptydir-data': undefined }), 'drain');
  const name = p.positional[0];
  if (!name) throw new UsageError('error: USAGE: drain NODE [flags]');
  const sim = t.core;
  const n = mustGet(sim, 'Node', 'nodes', '', name);
  let out = '';
  if (!n.spec.unschedulable) {
    setUnschedulable(sim, n, true);
    out += `node/${name} cordoned\n`;
  } else out += `node/${name} already cordoned\n`;
  const pods = sim.store.podsOn(name).filter((x) => x.metadata.deletionTimestamp === undefined);
  const ds = pods.filter((x) => controllerOf(x)?.kind === 'DaemonSet');
  const bare = pods.filter((x) => !controllerOf(x));
  const errs: string[] = [];
  if (ds.length && !boolFlag(p, 'ignore-daemonsets')) errs.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${ds.map((x) => `${x.metadata.namespace}/${x.metadata.name}`).join(', ')}`);
  if (bare.length && !boolFlag(p, 'force')) errs.push(`cannot delete Pods that declare no controller (use --force to override): ${bare.map((x) => `${x.metadata.namespace}/${x.metadata.name}`).join(', ')}`);
  if (errs.length) throw new UsageError(`${out}error: unable to drain node "${name}" due to error: ${errs.join(', ')}, continuing command...\nThere are pending nodes to be drained:\n ${name}\n${errs.map((e) => `error: ${e}`).join('\n')}`);
  if (ds.length) out += `Warning: ignoring DaemonSet-managed Pods: ${ds.map((x) => `${x.metadata.namespace}/${x.metadata.name}`).join(', ')}\n`;
  const grace = flag(p, 'grace-period') !== undefined ? Number(flag(p, 'grace-period')) : undefined;
  for (const x of pods) {
    if (ds.includes(x)) continue;
    out += `evicting pod ${x.metadata.namespace}/${x.metadata.name}\n`;
    deletePod(sim, x, grace !== undefined && grace >= 0 ? grace : undefined);
  }
  for (const x of pods) if (!ds.includes(x)) out += `pod/${x.metadata.name} evicted\n`;
  out += `node/${name} drained\n`;
  void RESOURCES;
  return out;
}

