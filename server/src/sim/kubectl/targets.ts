import type { Sim } from '../core';
import { ApiError } from '../store/store';
import type { ResourceInfo } from '../store/resources';
import type { KObject } from '../types';
import { matchesSelector, parseSelectorString } from '../util';
import { boolFlag, flag, UsageError, type ParsedArgs } from './args';
import { minikubeObject } from './minikube';

/**
 * Resource arguments as kubectl's resource builder takes them: `TYPE NAME...`, `TYPE/NAME...`,
 * `TYPE1,TYPE2 NAME...`, with TYPE in any RESTMapper form (plural, singular, short name, kind,
 * `kind.group`, `kind.version.group`), or a whole type with `-l`/`--all`.
 */

export function resolveResource(sim: Sim, type: string): ResourceInfo {
  const r = sim.store.resources.forName(type);
  if (!r) throw new UsageError(`error: the server doesn't have a resource type "${type}"`);
  return r;
}

export interface TargetRef {
  resource: ResourceInfo;
  name: string;
}

/** `TYPE/NAME ...` or `TYPE[,TYPE] NAME ...`; an empty list when only a type is given. */
export function namedTargets(sim: Sim, args: string[]): { refs: TargetRef[]; types: ResourceInfo[] } {
  if (args.length === 0) return { refs: [], types: [] };
  const slashed = args.filter((a) => a.includes('/'));
  if (slashed.length) {
    if (slashed.length !== args.length) {
      throw new UsageError(`error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`);
    }
    return {
      refs: args.map((a) => {
        const i = a.indexOf('/');
        const type = a.slice(0, i);
        const name = a.slice(i + 1);
        if (!type || !name) throw new UsageError(`error: arguments in resource/name form must have a single resource and name`);
        return { resource: resolveResource(sim, type), name };
      }),
      types: [],
    };
  }
  const types = args[0].split(',').filter(Boolean).map((t) => resolveResource(sim, t));
  const refs: TargetRef[] = [];
  for (const r of types) for (const name of args.slice(1)) refs.push({ resource: r, name });
  return { refs, types };
}

export function namespaceOf(p: ParsedArgs): string {
  return flag(p, 'namespace') || 'default';
}

export function getObject(sim: Sim, r: ResourceInfo, namespace: string, name: string): KObject {
  const o = sim.store.get(r.kind, r.namespaced ? namespace : undefined, name);
  if (!o) {
    if (minikubeObject(sim, r.kind, r.namespaced ? namespace : undefined, name)) throw new UsageError(`error: ${r.qualified} "${name}" is one of minikube's own objects: the simulation shows them as a fresh minikube has them and does not change them`);
    throw new ApiError('NotFound', `${r.qualified} "${name}" not found`);
  }
  return o;
}

/** Every object of a type in scope, filtered by `-l`. */
export function listObjects(sim: Sim, kind: string, p: ParsedArgs): KObject[] {
  const all = boolFlag(p, 'all-namespaces');
  let objs = sim.store.list(kind, sim.store.resources.isNamespaced(kind) && !all ? namespaceOf(p) : undefined);
  const sel = flag(p, 'selector');
  if (sel) {
    const s = parseSelectorString(sel);
    objs = objs.filter((o) => matchesSelector(s, o.metadata.labels));
  }
  return objs;
}

/**
 * The objects a mutating verb acts on: named ones (each must exist), or with `-l`/`--all` every
 * object of the types given. `none` is kubectl's message when nothing was named.
 */
export function selectTargets(sim: Sim, p: ParsedArgs, args: string[], none = 'error: resource(s) were provided, but no name was specified'): KObject[] {
  if (args.length === 0) throw new UsageError('error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
  const { refs, types } = namedTargets(sim, args);
  if (refs.length) return refs.map((r) => getObject(sim, r.resource, namespaceOf(p), r.name));
  if (flag(p, 'selector') !== undefined || boolFlag(p, 'all')) return types.flatMap((t) => listObjects(sim, t.kind, p));
  throw new UsageError(none);
}
