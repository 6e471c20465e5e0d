import { ApiError } from '../store/store';

/**
 * The three patch types of `kubectl patch --type`: strategic merge (the default for built-in
 * kinds: lists of named things merge by their merge key), JSON merge (RFC 7386: lists replace)
 * and JSON patch (RFC 6902 operations). Patches apply to plain JSON; the API server then
 * validates the result as an update.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Merge keys of the built-in kinds' lists (the `patchMergeKey` of the Go types), by field name. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name', initContainers: 'name', ephemeralContainers: 'name', env: 'name', volumes: 'name',
  volumeMounts: 'mountPath', volumeDevices: 'devicePath', imagePullSecrets: 'name', hostAliases: 'ip',
  conditions: 'type', ownerReferences: 'uid', resourceClaims: 'name', topologySpreadConstraints: 'topologyKey',
};

function isObject(v: unknown): v is Record<string, Json> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** The merge key of a list at `field` whose parent is `path` (ports differ: containerPort in a container, port in a Service). */
function mergeKey(field: string, items: unknown[]): string | undefined {
  if (field === 'ports') return items.some((i) => isObject(i) && 'containerPort' in i) ? 'containerPort' : 'port';
  return MERGE_KEYS[field];
}

export function strategicMerge(target: Json, patch: Json, field = ''): Json {
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return rest;
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$setElementOrder/') || k === '$retainKeys') continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const list = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[list]) && Array.isArray(v)) out[list] = out[list].filter((x: unknown) => !v.includes(x));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    if (Array.isArray(v)) {
      const key = mergeKey(k, [...v, ...(Array.isArray(out[k]) ? out[k] : [])]);
      if (key && Array.isArray(out[k]) && v.every(isObject)) {
        const list = [...out[k]];
        const directive = v.find((x) => x.$patch === 'replace');
        if (directive) {
          out[k] = v.filter((x) => x.$patch === undefined);
          continue;
        }
        for (const item of v) {
          const i = list.findIndex((x: Json) => isObject(x) && x[key] === item[key]);
          if (item.$patch === 'delete') {
            if (i >= 0) list.splice(i, 1);
            continue;
          }
          if (i >= 0) list[i] = strategicMerge(list[i], item, k);
          else list.push(strategicMerge({}, item, k));
        }
        out[k] = list;
      } else out[k] = v.map((x) => (isObject(x) ? strategicMerge({}, x, k) : x));
      continue;
    }
    const merged = strategicMerge(out[k], v, k);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  void field;
  return out;
}

/** RFC 7386: objects merge recursively, `null` deletes, anything else (lists too) replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new ApiError('BadRequest', `json patch path "${path}" must start with "/"`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

/** RFC 6902 operations, in order; a failing operation fails the whole patch, as the API server does. */
export function jsonPatch(doc: Json, ops: Json): Json {
  if (!Array.isArray(ops)) {
    // encoding/json names the JSON type it found (kubectl sends `-p 'not json'` as the string "not json").
    const found = ops === null ? 'null' : typeof ops === 'string' ? 'string' : typeof ops === 'number' ? 'number' : typeof ops === 'boolean' ? 'bool' : 'object';
    if (found !== 'null') throw new ApiError('BadRequest', `json: cannot unmarshal ${found} into Go value of type jsonpatch.Patch`);
    return clone(doc);
  }
  let root = clone(doc);
  const parentOf = (path: string, op: string): { parent: Json; key: string } => {
    const parts = pointer(path);
    if (parts.length === 0) throw new ApiError('UnprocessableEntity', `${op} operation does not apply: doc is missing path: "${path}"`);
    let cur = root;
    for (const part of parts.slice(0, -1)) {
      cur = Array.isArray(cur) ? cur[Number(part)] : isObject(cur) ? cur[part] : undefined;
      if (cur === undefined || cur === null || typeof cur !== 'object') throw new ApiError('UnprocessableEntity', `${op} operation does not apply: doc is missing path: "${path}": missing value`);
    }
    return { parent: cur, key: parts[parts.length - 1] };
  };
  const read = (path: string, op: string): Json => {
    let cur = root;
    for (const part of pointer(path)) {
      cur = Array.isArray(cur) ? cur[Number(part)] : isObject(cur) ? cur[part] : undefined;
      if (cur === undefined) throw new ApiError('UnprocessableEntity', `${op} operation does not apply: doc is missing path: "${path}": missing value`);
    }
    return cur;
  };
  const remove = (path: string, op: string): Json => {
    const { parent, key } = parentOf(path, op);
    if (Array.isArray(parent)) {
      const i = Number(key);
      if (!Number.isInteger(i) || i < 0 || i >= parent.length) throw new ApiError('UnprocessableEntity', `${op} operation does not apply: doc is missing path: "${path}": missing value`);
      return parent.splice(i, 1)[0];
    }
    if (!(key in parent)) throw new ApiError('UnprocessableEntity', `${op} operation does not apply: doc is missing path: "${path}": missing value`);
    const v = parent[key];
    delete parent[key];
    return v;
  };
  const add = (path: string, value: Json, op: string): void => {
    if (pointer(path).length === 0) {
      root = value;
      return;
    }
    const { parent, key } = parentOf(path, op);
    if (Array.isArray(parent)) {
      const i = key === '-' ? parent.length : Number(key);
      if (!Number.isInteger(i) || i < 0 || i > parent.length) throw new ApiError('UnprocessableEntity', `${op} operation does not apply: doc is missing path: "${path}": missing value`);
      parent.splice(i, 0, value);
    } else parent[key] = value;
  };
  for (const raw of ops) {
    if (!isObject(raw)) throw new ApiError('BadRequest', 'json: cannot unmarshal into Go value of type jsonpatch.Operation');
    const op = String(raw.op ?? '');
    const path = String(raw.path ?? '');
    switch (op) {
      case 'add': add(path, clone(raw.value), op); break;
      case 'remove': remove(path, op); break;
      case 'replace': remove(path, op); add(path, clone(raw.value), op); break;
      case 'move': add(path, remove(String(raw.from ?? ''), op), op); break;
      case 'copy': add(path, clone(read(String(raw.from ?? ''), op)), op); break;
      case 'test':
        if (JSON.stringify(read(path, op)) !== JSON.stringify(raw.value)) throw new ApiError('UnprocessableEntity', `testing value ${path} failed: test failed`);
        break;
      default:
        throw new ApiError('BadRequest', `Unexpected kind: ${op}`);
    }
  }
  return root;
}
