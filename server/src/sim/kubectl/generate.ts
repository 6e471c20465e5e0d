import { Buffer } from 'node:buffer';
import { boolFlag, flag, UsageError, type ParsedArgs } from './args';
import { parseSelectorString } from '../util';

/**
 * The objects `kubectl create <kind>` and `kubectl run` build on the client before sending them,
 * field for field as kubectl 1.36 builds them (what `--dry-run=client -o yaml` prints).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

function usage(command: string, text: string): never {
  throw new UsageError(`${text}\nSee 'kubectl ${command} -h' for help and examples`);
}

function oneName(p: ParsedArgs, command: string): string {
  const names = p.positional;
  if (names.length !== 1) usage(command, `error: exactly one NAME is required, got ${names.length}`);
  return names[0];
}

/** `nginx:1.25`, `registry/x/redis@sha256:..` -> `nginx`, `redis`: kubectl's container name from an image. */
function nameFromImage(image: string): string {
  const base = image.split('/').pop()!.split('@')[0].split(':')[0];
  return base.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '') || 'container';
}

export function deploymentObject(p: ParsedArgs): Obj {
  const name = oneName(p, 'create deployment');
  const images = p.flags.get('image') ?? [];
  if (images.length === 0) throw new UsageError('error: required flag(s) "image" not set');
  if (images.length > 1 && p.rest.length) throw new UsageError('error: cannot specify multiple --image options and command');
  const replicas = Number(flag(p, 'replicas') ?? 1);
  if (!Number.isInteger(replicas)) throw new UsageError(`Error: invalid argument "${flag(p, 'replicas')}" for "-r, --replicas" flag: strconv.ParseInt: parsing "${flag(p, 'replicas')}": invalid syntax\nSee 'kubectl create deployment --help' for usage.`);
  const port = flag(p, 'port');
  // --port is an int32 flag of create deployment: pflag refuses anything else before the command runs.
  if (port !== undefined && !/^[+-]?\d+$/.test(port)) throw new UsageError(`Error: invalid argument "${port}" for "--port" flag: strconv.ParseInt: parsing "${port}": invalid syntax\nSee 'kubectl create deployment --help' for usage.`);
  const containers = images.map((image) => {
    const c: Obj = {};
    if (p.rest.length) c.command = [...p.rest];
    c.image = image;
    c.name = nameFromImage(image);
    if (port !== undefined && Number(port) > 0) c.ports = [{ containerPort: Number(port) }];
    c.resources = {};
    return c;
  });
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { labels: { app: name }, name },
    spec: { replicas, selector: { matchLabels: { app: name } }, strategy: {}, template: { metadata: { labels: { app: name } }, spec: { containers } } },
    status: {},
  };
}

function parsePortSpecs(specs: string[]): Obj[] {
  return specs.map((s) => {
    const [port, target] = s.split(':');
    const n = Number(port);
    if (!Number.isInteger(n) || (target !== undefined && target === '')) throw new UsageError(`error: invalid port specifier: ${s}`);
    const targetPort = target === undefined ? n : /^\d+$/.test(target) ? Number(target) : target;
    // kubectl names the port after the specifier: `80` for --tcp=80, `80-8080` for --tcp=80:8080.
    return { name: target === undefined ? port : `${port}-${target}`, port: n, protocol: 'TCP', targetPort };
  });
}

export function serviceObject(p: ParsedArgs, type: string): Obj {
  const command = `create service ${type}`;
  const name = oneName(p, command);
  const spec: Obj = {};
  const svcType = { clusterip: 'ClusterIP', nodeport: 'NodePort', loadbalancer: 'LoadBalancer', externalname: 'ExternalName' }[type]!;
  if (svcType === 'ExternalName') {
    const ext = flag(p, 'external-name');
    if (!ext) throw new UsageError('error: required flag(s) "external-name" not set');
    spec.externalName = ext;
  } else {
    const tcp = p.flags.get('tcp') ?? [];
    const headless = flag(p, 'clusterip') === 'None';
    if (tcp.length === 0 && !headless) throw new UsageError('error: at least one tcp port specifier must be provided');
    const clusterIP = flag(p, 'clusterip');
    if (clusterIP) spec.clusterIP = clusterIP;
    if (tcp.length) spec.ports = parsePortSpecs(tcp);
    const nodePort = flag(p, 'node-port');
    if (nodePort !== undefined && svcType === 'NodePort' && spec.ports?.length) spec.ports[0].nodePort = Number(nodePort);
  }
  spec.selector = { app: name };
  spec.type = svcType;
  const ordered: Obj = {};
  for (const k of ['clusterIP', 'externalName', 'ports', 'selector', 'type']) if (spec[k] !== undefined) ordered[k] = spec[k];
  return { apiVersion: 'v1', kind: 'Service', metadata: { labels: { app: name }, name }, spec: ordered, status: { loadBalancer: {} } };
}

function container(name: string, p: ParsedArgs): Obj {
  const image = flag(p, 'image');
  if (!image) throw new UsageError('error: required flag(s) "image" not set');
  const c: Obj = {};
  if (p.rest.length) c.command = [...p.rest];
  c.image = image;
  c.name = name;
  c.resources = {};
  return c;
}

export function jobObject(p: ParsedArgs, cronJobs: (name: string) => Obj | undefined): Obj {
  const name = oneName(p, 'create job');
  const from = flag(p, 'from');
  if (from !== undefined) {
    const [type, source] = from.split('/');
    if (!['cronjob', 'cronjobs', 'cj', 'cronjob.batch', 'cronjobs.batch'].includes(type.toLowerCase()) || !source) throw new UsageError(`error: from must be an existing cronjob: ${from}`);
    const cj = cronJobs(source);
    if (!cj) throw new UsageError(`error: cronjobs.batch "${source}" not found`);
    const tpl = JSON.parse(JSON.stringify(cj.spec.jobTemplate ?? {}));
    return {
      apiVersion: 'batch/v1', kind: 'Job',
      metadata: { annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' }, labels: tpl.metadata?.labels, name, ownerReferences: [{ apiVersion: 'batch/v1', blockOwnerDeletion: true, controller: true, kind: 'CronJob', name: source, uid: cj.metadata.uid }] },
      spec: tpl.spec ?? {}, status: {},
    };
  }
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, spec: { template: { metadata: {}, spec: { containers: [container(name, p)], restartPolicy: 'Never' } } }, status: {} };
}

export function cronJobObject(p: ParsedArgs): Obj {
  const name = oneName(p, 'create cronjob');
  const schedule = flag(p, 'schedule');
  if (!schedule) throw new UsageError('error: required flag(s) "schedule" not set');
  const restart = flag(p, 'restart') ?? 'OnFailure';
  if (restart !== 'OnFailure' && restart !== 'Never') throw new UsageError(`error: invalid restart policy: ${restart}`);
  return {
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name },
    spec: { jobTemplate: { metadata: { name }, spec: { template: { metadata: {}, spec: { containers: [container(name, p)], restartPolicy: restart } } } }, schedule },
    status: {},
  };
}

/** `--from-literal=k=v` and `--from-file=[key=]path` (read through `readFile`), as ConfigMap/Secret data. */
function dataFrom(p: ParsedArgs, readFile: ((path: string) => string | undefined) | undefined): Record<string, string> {
  const data: Record<string, string> = {};
  for (const lit of p.flags.get('from-literal') ?? []) {
    const i = lit.indexOf('=');
    if (i <= 0) throw new UsageError(`error: invalid literal source ${lit}, expected key=value`);
    const key = lit.slice(0, i);
    if (key in data) throw new UsageError(`error: cannot add key ${key}, another key by that name already exists in Data for ConfigMap "${p.positional[0]}"`);
    data[key] = lit.slice(i + 1);
  }
  for (const src of p.flags.get('from-file') ?? []) {
    const i = src.indexOf('=');
    const path = i > 0 ? src.slice(i + 1) : src;
    const key = i > 0 ? src.slice(0, i) : path.split('/').pop()!;
    const text = readFile?.(path);
    if (text === undefined) throw new UsageError(`error: error reading ${path}: no such file or directory`);
    data[key] = text;
  }
  for (const path of p.flags.get('from-env-file') ?? []) {
    const text = readFile?.(path);
    if (text === undefined) throw new UsageError(`error: open ${path}: no such file or directory`);
    for (const line of text.split(/\r?\n/)) {
      const l = line.trim();
      if (!l || l.startsWith('#')) continue;
      const j = l.indexOf('=');
      data[j < 0 ? l : l.slice(0, j)] = j < 0 ? '' : l.slice(j + 1);
    }
  }
  return data;
}

export function configMapObject(p: ParsedArgs, readFile?: (path: string) => string | undefined): Obj {
  const name = oneName(p, 'create configmap');
  const data = dataFrom(p, readFile);
  const o: Obj = { apiVersion: 'v1' };
  if (Object.keys(data).length) o.data = data;
  o.kind = 'ConfigMap';
  o.metadata = { name };
  return o;
}

export function secretObject(p: ParsedArgs, sub: string, readFile?: (path: string) => string | undefined): Obj {
  const name = oneName(p, `create secret ${sub}`);
  let type = flag(p, 'type');
  let raw: Record<string, string> = {};
  if (sub === 'generic') raw = dataFrom(p, readFile);
  else if (sub === 'tls') {
    const cert = flag(p, 'cert');
    const key = flag(p, 'key');
    if (!cert || !key) throw new UsageError('error: required flag(s) "cert", "key" not set');
    const c = readFile?.(cert);
    const k = readFile?.(key);
    if (c === undefined) throw new UsageError(`error: open ${cert}: no such file or directory`);
    if (k === undefined) throw new UsageError(`error: open ${key}: no such file or directory`);
    raw = { 'tls.crt': c, 'tls.key': k };
    type = 'kubernetes.io/tls';
  } else if (sub === 'docker-registry') {
    const server = flag(p, 'docker-server') ?? 'https://index.docker.io/v1/';
    const user = flag(p, 'docker-username');
    const pass = flag(p, 'docker-password');
    if (!user || !pass) throw new UsageError('error: missing required flag(s) "docker-username", "docker-password"');
    const auth = Buffer.from(`${user}:${pass}`).toString('base64');
    const entry: Obj = { username: user, password: pass };
    if (flag(p, 'docker-email')) entry.email = flag(p, 'docker-email');
    entry.auth = auth;
    raw = { '.dockerconfigjson': JSON.stringify({ auths: { [server]: entry } }) };
    type = 'kubernetes.io/dockerconfigjson';
  }
  const o: Obj = { apiVersion: 'v1' };
  if (Object.keys(raw).length) o.data = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  o.kind = 'Secret';
  o.metadata = { name };
  if (type) o.type = type;
  return o;
}

export function namespaceObject(p: ParsedArgs): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: oneName(p, 'create namespace') }, spec: {}, status: {} };
}

/** `kubectl create quota NAME [--hard=key=value,...] [--scopes=A,B]` (create_quota.go). */
export function quotaObject(p: ParsedArgs, command: string): Obj {
  const name = oneName(p, `create ${command}`);
  const spec: Obj = {};
  const hard = flag(p, 'hard');
  if (hard) {
    const out: Record<string, string> = {};
    for (const kv of hard.split(',')) {
      const i = kv.indexOf('=');
      if (i <= 0) throw new UsageError(`error: Invalid argument syntax ${kv}, expected <resource>=<value>`);
      out[kv.slice(0, i)] = kv.slice(i + 1);
    }
    spec.hard = out;
  }
  const scopes = flag(p, 'scopes');
  if (scopes) spec.scopes = scopes.split(',');
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name }, spec, status: {} };
}

export function serviceAccountObject(p: ParsedArgs): Obj {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: oneName(p, 'create serviceaccount') } };
}

function keyValues(list: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list.split(',')) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new UsageError(`error: invalid ${what} spec: ${kv}`);
    out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

/** The attach-related flags of `kubectl run` and whether the command stays attached to the container. */
export function runAttachment(p: ParsedArgs): { stdin: boolean; tty: boolean; attach: boolean; rm: boolean } {
  const stdin = boolFlag(p, 'stdin');
  const tty = boolFlag(p, 'tty');
  const attachSet = p.flags.has('attach');
  const attach = attachSet ? boolFlag(p, 'attach') : stdin;
  return { stdin, tty, attach, rm: boolFlag(p, 'rm') };
}

export function podObject(p: ParsedArgs): Obj {
  const name = p.positional[0];
  const image = flag(p, 'image');
  // cobra checks the required --image before the command looks at its arguments.
  if (!image) throw new UsageError('error: required flag(s) "image" not set');
  if (!name) usage('run', 'error: NAME is required for run');
  const restart = flag(p, 'restart') ?? 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) usage('run', `error: invalid restart policy: ${restart}`);
  const { stdin, tty } = runAttachment(p);
  if (tty && !stdin) usage('run', 'error: -i/--stdin is required for containers with -t/--tty=true');
  const labels = flag(p, 'labels') !== undefined ? keyValues(flag(p, 'labels')!, 'label') : { run: name };
  const c: Obj = {};
  const extra = [...p.positional.slice(1), ...p.rest];
  if (extra.length && !boolFlag(p, 'command')) c.args = extra;
  if (extra.length && boolFlag(p, 'command')) c.command = extra;
  const env = p.flags.get('env') ?? [];
  if (env.length) c.env = env.map((kv) => {
    const i = kv.indexOf('=');
    if (i <= 0) throw new UsageError(`error: invalid env: ${kv}`);
    return { name: kv.slice(0, i), value: kv.slice(i + 1) };
  });
  c.image = image;
  const pull = flag(p, 'image-pull-policy');
  if (pull) c.imagePullPolicy = pull;
  c.name = name;
  const port = flag(p, 'port');
  if (port !== undefined) {
    const n = Number(port);
    // kubectl run's --port is a string the generator converts with strconv.Atoi.
    if (!/^[+-]?\d+$/.test(port)) throw new UsageError(`error: strconv.Atoi: parsing "${port}": invalid syntax`);
    // Out of range is the API server's refusal (containerPort: Invalid value), not kubectl's.
    if (n !== 0) c.ports = [{ containerPort: n }];
  }
  c.resources = {};
  if (stdin) {
    c.stdin = true;
    c.stdinOnce = true;
  }
  if (tty) c.tty = true;
  const annotations = p.flags.get('annotations') ?? [];
  const metadata: Obj = {};
  if (annotations.length) metadata.annotations = Object.fromEntries(annotations.map((a) => [a.split('=')[0], a.split('=').slice(1).join('=')]));
  metadata.labels = labels;
  metadata.name = name;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: { containers: [c], dnsPolicy: 'ClusterFirst', restartPolicy: restart }, status: {} };
}

/**
 * `kubectl create poddisruptionbudget NAME --selector=S --min-available=N|N% | --max-unavailable=...`
 * (create_pdb.go): its checks in its order, the value an int when it is digits, the selector as
 * ParseToLabelSelector makes it; the status is the zero one kubectl's object carries.
 */
export function pdbObject(p: ParsedArgs, command: string): Obj {
  const name = oneName(p, `create ${command}`);
  const selector = flag(p, 'selector') ?? '';
  const min = flag(p, 'min-available') ?? '';
  const max = flag(p, 'max-unavailable') ?? '';
  if (!selector) throw new UsageError('error: a selector must be specified');
  if (!min && !max) throw new UsageError('error: one of min-available or max-unavailable must be specified');
  if (min && max) throw new UsageError('error: min-available and max-unavailable cannot be both specified');
  if (min && !/^[0-9]+%?$/.test(min)) throw new UsageError('error: invalid format specified for min-available');
  if (max && !/^[0-9]+%?$/.test(max)) throw new UsageError('error: invalid format specified for max-unavailable');
  const parsed = parseSelectorString(selector);
  const sel: Obj = {};
  if (Object.keys(parsed.matchLabels ?? {}).length) sel.matchLabels = parsed.matchLabels;
  if ((parsed.matchExpressions ?? []).length) sel.matchExpressions = parsed.matchExpressions!.map((e) => ({ key: e.key, operator: e.operator, ...(e.values ? { values: e.values } : {}) }));
  const value = (v: string) => (v.endsWith('%') ? v : Number(v));
  const spec: Obj = { ...(min ? { minAvailable: value(min) } : {}), selector: sel, ...(max ? { maxUnavailable: value(max) } : {}) };
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec, status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 } };
}

// ---- RBAC, Ingress, PriorityClass (create role|clusterrole|rolebinding|clusterrolebinding|ingress|priorityclass) ----

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const VALID_VERBS = ['*', 'get', 'delete', 'list', 'create', 'update', 'patch', 'watch', 'proxy', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate'];

/** How a `--resource` word maps: the resolved plural and group, or undefined for a type the server does not have. */
export type ResourceLookup = (word: string) => { plural: string; group: string } | undefined;

function listFlag(p: ParsedArgs, name: string): string[] {
  return (p.flags.get(name) ?? []).flatMap((v) => v.split(',')).filter((v) => v !== '');
}

/**
 * `create role|clusterrole`: one rule per API group (sorted, core first), each with every verb,
 * the group's resources in the order given and the resource names; a ClusterRole adds a rule of
 * its non-resource URLs, or has only an aggregation rule.
 */
export function roleObject(p: ParsedArgs, kind: 'Role' | 'ClusterRole', lookup: ResourceLookup): Obj {
  const command = `create ${kind.toLowerCase()}`;
  const name = oneName(p, command);
  const aggregation = flag(p, 'aggregation-rule');
  if (kind === 'ClusterRole' && aggregation !== undefined) {
    const labels = keyValues(aggregation, 'aggregation-rule');
    return { apiVersion: `${RBAC_GROUP}/v1`, kind, metadata: { name }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: labels }] }, rules: null };
  }
  const verbs = listFlag(p, 'verb');
  const resources = listFlag(p, 'resource');
  const urls = kind === 'ClusterRole' ? listFlag(p, 'non-resource-url') : [];
  if (verbs.length === 0) throw new UsageError('error: at least one verb must be specified');
  if (resources.length === 0 && urls.length === 0) throw new UsageError(kind === 'ClusterRole' ? 'error: one of resource or nonResourceURL must be specified' : 'error: at least one resource must be specified');
  for (const v of verbs) if (!VALID_VERBS.includes(v)) throw new UsageError(`error: invalid verb: '${v}'`);
  const byGroup = new Map<string, string[]>();
  for (const word of resources) {
    const slash = word.indexOf('/');
    const base = slash >= 0 ? word.slice(0, slash) : word;
    const sub = slash >= 0 ? word.slice(slash) : '';
    const found = base === '*' ? { plural: '*', group: '' } : lookup(base);
    if (!found) throw new UsageError(`error: the server doesn't have a resource type "${base}"`);
    const list = byGroup.get(found.group) ?? [];
    if (!list.includes(found.plural + sub)) list.push(found.plural + sub);
    byGroup.set(found.group, list);
  }
  const names = listFlag(p, 'resource-name');
  const rules: Obj[] = [...byGroup.keys()].sort().map((g) => ({ apiGroups: [g], resources: byGroup.get(g), ...(names.length ? { resourceNames: names } : {}), verbs }));
  if (urls.length) rules.push({ nonResourceURLs: urls, verbs });
  return { apiVersion: `${RBAC_GROUP}/v1`, kind, metadata: { name }, rules };
}

/** `create rolebinding|clusterrolebinding`: the role, then users, groups and service accounts as subjects. */
export function bindingObject(p: ParsedArgs, kind: 'RoleBinding' | 'ClusterRoleBinding'): Obj {
  const name = oneName(p, `create ${kind.toLowerCase()}`);
  const role = flag(p, 'role');
  const clusterRole = flag(p, 'clusterrole');
  if (kind === 'ClusterRoleBinding' && !clusterRole) throw new UsageError('error: required flag(s) "clusterrole" not set');
  if (kind === 'RoleBinding' && Boolean(role) === Boolean(clusterRole)) throw new UsageError('error: exactly one of clusterrole or role must be specified');
  const subjects: Obj[] = [];
  for (const u of p.flags.get('user') ?? []) subjects.push({ apiGroup: RBAC_GROUP, kind: 'User', name: u });
  for (const g of p.flags.get('group') ?? []) subjects.push({ apiGroup: RBAC_GROUP, kind: 'Group', name: g });
  for (const sa of p.flags.get('serviceaccount') ?? []) {
    const parts = sa.split(':');
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new UsageError(`error: serviceaccount must be <namespace>:<name>`);
    subjects.push({ kind: 'ServiceAccount', name: parts[1], namespace: parts[0] });
  }
  return {
    apiVersion: `${RBAC_GROUP}/v1`, kind, metadata: { name },
    roleRef: { apiGroup: RBAC_GROUP, kind: role ? 'Role' : 'ClusterRole', name: role ?? clusterRole },
    ...(subjects.length ? { subjects } : {}),
  };
}

/** A backend `svc:port` (a number, else a port name). */
function ingressBackend(spec: string, what: string): Obj {
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?):([\w-]+)$/.exec(spec);
  if (!m) throw new UsageError(`error: ${what} ${spec} is invalid and should be in format service:port`);
  const port = /^\d+$/.test(m[3]) ? { number: Number(m[3]) } : { name: m[3] };
  return { service: { name: m[1], port } };
}

/**
 * `create ingress`: each `--rule=host/path=svc:port[,tls[=secret]]` adds its path to its host's rule
 * (a path ending in `*` is a Prefix, else Exact), TLS per secret with the hosts that use it.
 */
export function ingressObject(p: ParsedArgs): Obj {
  const name = oneName(p, 'create ingress');
  const rules: Obj[] = [];
  const tls: Obj[] = [];
  for (const r of p.flags.get('rule') ?? []) {
    const m = /^([\w*.-]*)(\/[^=]*)=([^,]+)(,tls(=([\w.-]+))?)?$/.exec(r);
    if (!m) throw new UsageError(`error: rule ${r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`);
    const [, host, rawPath, backend, withTls, , secret] = m;
    const prefix = rawPath.endsWith('*');
    const path = { backend: ingressBackend(backend, 'rule'), path: prefix ? rawPath.slice(0, -1) : rawPath, pathType: prefix ? 'Prefix' : 'Exact' };
    const existing = rules.find((x) => (x.host ?? '') === host);
    if (existing) existing.http.paths.push(path);
    else rules.push({ ...(host ? { host } : {}), http: { paths: [path] } });
    if (withTls) {
      const entry = tls.find((t) => (t.secretName ?? '') === (secret ?? ''));
      if (entry) {
        if (host && !entry.hosts.includes(host)) entry.hosts.push(host);
      } else tls.push({ ...(host ? { hosts: [host] } : {}), ...(secret ? { secretName: secret } : {}) });
    }
  }
  const def = flag(p, 'default-backend');
  if (!rules.length && !def) throw new UsageError('error: not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)');
  const annotations = Object.fromEntries((p.flags.get('annotation') ?? []).map((a) => {
    const i = a.indexOf('=');
    return i > 0 ? [a.slice(0, i), a.slice(i + 1)] : [a, ''];
  }));
  const cls = flag(p, 'class');
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress',
    metadata: { ...(Object.keys(annotations).length ? { annotations } : {}), name },
    spec: { ...(def ? { defaultBackend: ingressBackend(def, 'default-backend') } : {}), ...(cls ? { ingressClassName: cls } : {}), ...(rules.length ? { rules } : {}), ...(tls.length ? { tls } : {}) },
    status: { loadBalancer: {} },
  };
}

/** `create priorityclass`: value, description and global default only when given; the preemption policy always. */
export function priorityClassObject(p: ParsedArgs): Obj {
  const name = oneName(p, 'create priorityclass');
  const raw = flag(p, 'value') ?? '0';
  if (!/^[+-]?\d+$/.test(raw)) throw new UsageError(`Error: invalid argument "${raw}" for "--value" flag: strconv.ParseInt: parsing "${raw}": invalid syntax\nSee 'kubectl create priorityclass --help' for usage.`);
  const description = flag(p, 'description') ?? '';
  return {
    apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass',
    ...(description ? { description } : {}),
    ...(boolFlag(p, 'global-default') ? { globalDefault: true } : {}),
    metadata: { name },
    preemptionPolicy: flag(p, 'preemption-policy') ?? 'PreemptLowerPriority',
    value: Number(raw),
  };
}
