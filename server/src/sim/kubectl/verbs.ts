import { serverVersion, type Sim } from '../core';
import { NEWEST_MINOR } from '../../engine/version/kubernetesVersion';
import { applyObject } from '../apiserver/apply';
import { ApiError } from '../store/store';
import { RESOURCES } from '../store/resources';
import { controllerOf, type KObject } from '../types';
import { boolFlag, flag, NO_RESOURCES, parseArgs, unknownSubcommand, UsageError, type ParsedArgs } from './args';
import { groupSuffix, kubectlYaml, qualifiedRef } from './printers';
import { getObject, namedTargets, namespaceOf, resolveResource } from './targets';
import type { KubectlIO, KubectlTarget } from './kubectl';
import { execStartFailure } from '../kubelet/execFailure';
import { eventsCommand } from './events';

/**
 * The kubectl verbs beyond reading and writing objects: expose, autoscale, exec, port-forward,
 * edit, top, cluster-info, config, version, api-versions, and kubectl's answers for the verbs
 * that need something the simulation does not have.
 */

const COMMON = { namespace: 'n', output: 'o', 'dry-run': undefined } as Record<string, string | undefined>;

/** The address minikube's API server listens on (the node's IP, port 8443). */
function apiServerUrl(sim: Sim): string {
  const node = sim.store.list('Node')[0];
  const ip = node?.status?.addresses?.find((a: { type: string }) => a.type === 'InternalIP')?.address ?? '192.168.49.2';
  return `https://${ip}:8443`;
}

const NOT_SIMULATED: Record<string, string> = {
  proxy: 'there is no API server port to proxy to: the cluster is simulated in this process',
  attach: 'attach is not simulated: use "kubectl logs -f" to follow a container, or "kubectl exec -it POD -- sh"',
  cp: 'containers have no real filesystem to copy to or from',
  auth: 'only "kubectl auth can-i" is simulated (whoami, reconcile and can-i --list are not)',
  debug: 'there are no real containers to debug: use "kubectl exec" (interpreted) or "kubectl describe"',
  certificate: 'there are no certificate signing requests in the simulation',
  taint: 'taint is not simulated yet: give the node taints in a cluster shape (.kube-rehearsal.yaml)',
  wait: 'use a watch (kubectl get -w) or "sleep" to let virtual time pass',
  diff: 'diff is not simulated: the dry run views compare the cluster with the files',
  kustomize: 'run "kubectl kustomize" in a real terminal: the editor renders kustomizations for the dry run',
  plugin: 'there are no kubectl plugins in the simulated shell',
  completion: 'the simulated shell completes with Tab itself',
  options: 'see "help" for what the simulated shell supports',
};

export function moreVerbs(t: KubectlTarget, verb: string, argv: string[], io: KubectlIO): string {
  void io;
  switch (verb) {
    case 'expose': return expose(t, argv);
    case 'autoscale': return autoscale(t, argv);
    case 'exec': return exec(t, argv);
    case 'port-forward': return portForward(t, argv);
    case 'edit': return edit(t, argv);
    case 'top': return top(argv);
    case 'cluster-info': return clusterInfo(t.core, argv);
    case 'config': return config(t.core, argv);
    case 'version': return version(t.core, argv);
    case 'api-versions': return apiVersions(argv);
    case 'events': return eventsCommand(t.core, argv);
    default:
      throw new UsageError(`error: "kubectl ${verb}" is not simulated: ${NOT_SIMULATED[verb] ?? 'this verb has no simulated counterpart'}`);
  }
}

function parse(argv: string[], command: string, values: Record<string, string | undefined>, bools: Record<string, string | undefined> = {}): ParsedArgs {
  return parseArgs(argv, { values: { ...COMMON, ...values }, bools: { 'all-namespaces': 'A', ...bools } }, command);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function podSpecOf(o: KObject): any {
  if (o.kind === 'Pod') return o.spec;
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  return o.spec?.template?.spec;
}

function dryRunMode(p: ParsedArgs): 'none' | 'client' | 'server' {
  const v = flag(p, 'dry-run');
  if (v === undefined || v === 'none' || v === 'false') return 'none';
  if (v === 'server') return 'server';
  if (v === 'client' || v === 'true' || v === '') return 'client';
  throw new UsageError(`error: Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

function emit(t: KubectlTarget, p: ParsedArgs, o: Record<string, unknown>, verbWord: string): string {
  const output = flag(p, 'output');
  const mode = dryRunMode(p);
  const ref = `${String(o.kind).toLowerCase()}${groupSuffix(o.apiVersion)}/${(o.metadata as { name: string }).name}`;
  if (mode === 'none') {
    const res = t.core.store.resources.forKind(String(o.kind))!;
    const name = (o.metadata as { name: string }).name;
    if (t.core.store.get(res.kind, namespaceOf(p), name)) throw new ApiError('AlreadyExists', `${res.qualified} "${name}" already exists`);
    applyObject(t.core, o, namespaceOf(p));
  }
  if (output === 'yaml') return kubectlYaml(o);
  if (output === 'json') return JSON.stringify(o, null, 4) + '\n';
  if (output === 'name') return ref + '\n';
  return `${ref} ${verbWord}${mode === 'client' ? ' (dry run)' : mode === 'server' ? ' (server dry run)' : ''}\n`;
}

/** `kubectl expose`: a Service selecting what the object selects, on its ports. */
function expose(t: KubectlTarget, argv: string[]): string {
  const p = parse(argv, 'expose', { port: undefined, 'target-port': undefined, type: undefined, name: undefined, protocol: undefined, selector: undefined, labels: 'l', 'node-port': undefined, 'cluster-ip': undefined, 'external-ip': undefined, filename: 'f' });
  const { refs } = namedTargets(t.core, p.positional);
  if (refs.length === 0) throw new UsageError(NO_RESOURCES);
  const o = getObject(t.core, refs[0].resource, namespaceOf(p), refs[0].name);
  if (!['Pod', 'Service', 'ReplicationController', 'Deployment', 'ReplicaSet'].includes(o.kind)) throw new UsageError(`error: cannot expose a ${o.kind}`);
  let selector: Record<string, string> | undefined;
  if (flag(p, 'selector')) selector = Object.fromEntries(flag(p, 'selector')!.split(',').map((kv) => [kv.split('=')[0], kv.split('=').slice(1).join('=')]));
  else if (o.kind === 'Pod') selector = Object.keys(o.metadata.labels).length ? o.metadata.labels : undefined;
  else if (o.kind === 'Service' || o.kind === 'ReplicationController') selector = o.spec.selector;
  else {
    if (o.spec.selector?.matchExpressions?.length) throw new UsageError(`error: couldn't convert expressions - "${o.spec.selector.matchExpressions.map((e: { key: string; operator: string; values?: string[] }) => `${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`).join(',')}" to map: operator "${o.spec.selector.matchExpressions[0].operator.toLowerCase()}" cannot be converted into the old label selector format`);
    selector = o.spec.selector?.matchLabels;
  }
  if (!selector || Object.keys(selector).length === 0) throw new UsageError(`error: couldn't retrieve selectors via --selector flag or introspection: the ${o.kind.toLowerCase()} has no labels`);
  let ports: { port: number; protocol: string; targetPort: number | string; name?: string }[];
  const protocol = flag(p, 'protocol') ?? 'TCP';
  const targetPort = flag(p, 'target-port');
  if (flag(p, 'port') !== undefined) {
    ports = flag(p, 'port')!.split(',').map((x) => ({ port: Number(x), protocol, targetPort: targetPort !== undefined ? (/^\d+$/.test(targetPort) ? Number(targetPort) : targetPort) : Number(x) }));
  } else if (o.kind === 'Service') {
    ports = (o.spec.ports ?? []).map((x: { port: number; protocol?: string; targetPort?: number | string }) => ({ port: x.port, protocol: x.protocol ?? 'TCP', targetPort: x.targetPort ?? x.port }));
  } else {
    const cps = (podSpecOf(o)?.containers ?? []).flatMap((c: { ports?: { containerPort: number; protocol?: string }[] }) => c.ports ?? []);
    ports = cps.map((x: { containerPort: number; protocol?: string }) => ({ port: x.containerPort, protocol: x.protocol ?? 'TCP', targetPort: targetPort !== undefined ? (/^\d+$/.test(targetPort) ? Number(targetPort) : targetPort) : x.containerPort }));
  }
  if (ports.length === 0 || ports.some((x) => !Number.isInteger(x.port))) throw new UsageError(`error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples`);
  if (ports.length > 1) ports = ports.map((x, i) => ({ name: `port-${i + 1}`, ...x }));
  const type = flag(p, 'type');
  const spec: Record<string, unknown> = { ports, selector };
  if (type) {
    const normal = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].find((x) => x.toLowerCase() === type.toLowerCase());
    if (!normal) throw new UsageError(`error: Service "${flag(p, 'name') ?? o.metadata.name}" is invalid: spec.type: Unsupported value: "${type}": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`);
    spec.type = normal;
  }
  if (flag(p, 'cluster-ip')) spec.clusterIP = flag(p, 'cluster-ip');
  const labels = flag(p, 'labels') ? Object.fromEntries(flag(p, 'labels')!.split(',').map((kv) => [kv.split('=')[0], kv.split('=').slice(1).join('=')])) : o.metadata.labels;
  const svc = { apiVersion: 'v1', kind: 'Service', metadata: { labels: Object.keys(labels).length ? labels : undefined, name: flag(p, 'name') ?? o.metadata.name }, spec, status: { loadBalancer: {} } };
  if (svc.metadata.labels === undefined) delete svc.metadata.labels;
  return emit(t, p, svc, 'exposed');
}

/** `kubectl autoscale`: a HorizontalPodAutoscaler (autoscaling/v2) for a scalable workload. */
function autoscale(t: KubectlTarget, argv: string[]): string {
  const p = parse(argv, 'autoscale', { min: undefined, max: undefined, 'cpu-percent': undefined, name: undefined, filename: 'f' });
  // cobra checks the required flag before the command runs.
  if (flag(p, 'max') === undefined) throw new UsageError('error: required flag(s) "max" not set');
  const { refs } = namedTargets(t.core, p.positional);
  if (refs.length === 0) throw new UsageError(NO_RESOURCES);
  const o = getObject(t.core, refs[0].resource, namespaceOf(p), refs[0].name);
  if (!['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'].includes(o.kind)) throw new UsageError(`error: cannot autoscale a ${o.kind}: ${t.core.store.resources.forKind(o.kind)?.qualified} "${o.metadata.name}" does not have a scale subresource`);
  const max = Number(flag(p, 'max'));
  if (flag(p, 'max') === undefined) throw new UsageError('error: required flag(s) "max" not set');
  const min = flag(p, 'min') !== undefined ? Number(flag(p, 'min')) : undefined;
  if (!Number.isInteger(max) || max < 1) throw new UsageError('error: --max=MAXPODS is required and must be at least 1, max: ' + flag(p, 'max'));
  if (min !== undefined && min > max) throw new UsageError(`error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
  const spec: Record<string, unknown> = { maxReplicas: max };
  const cpu = flag(p, 'cpu-percent');
  if (cpu !== undefined && Number(cpu) >= 0) spec.metrics = [{ resource: { name: 'cpu', target: { averageUtilization: Number(cpu), type: 'Utilization' } }, type: 'Resource' }];
  if (min !== undefined && min >= 0) spec.minReplicas = min;
  spec.scaleTargetRef = { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name };
  const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: flag(p, 'name') ?? o.metadata.name }, spec, status: { currentMetrics: null, desiredReplicas: 0 } };
  return emit(t, p, hpa, 'autoscaled');
}

/** The pod a `TYPE/NAME` refers to, as kubectl picks it for exec, logs and port-forward (the first pod the workload selects). */
export function podForRef(sim: Sim, ref: string, namespace: string): KObject {
  if (!ref.includes('/')) return getObject(sim, resolveResource(sim, 'pod'), namespace, ref);
  const { refs } = namedTargets(sim, [ref]);
  const o = getObject(sim, refs[0].resource, namespace, refs[0].name);
  if (o.kind === 'Pod') return o;
  const owners = new Set([o.metadata.uid]);
  for (const rs of sim.store.list('ReplicaSet', namespace)) if (controllerOf(rs)?.uid === o.metadata.uid) owners.add(rs.metadata.uid);
  let pods = sim.store.list('Pod', namespace).filter((x) => owners.has(controllerOf(x)?.uid ?? ''));
  if (o.kind === 'Service') {
    const sel = o.spec.selector ?? {};
    pods = sim.store.list('Pod', namespace).filter((x) => Object.keys(sel).length && Object.entries(sel).every(([k, v]) => x.metadata.labels[k] === v));
  }
  pods = pods.filter((x) => x.metadata.deletionTimestamp === undefined).sort((a, b) => (a.status?.phase === 'Running' ? 0 : 1) - (b.status?.phase === 'Running' ? 0 : 1) || (a.metadata.name < b.metadata.name ? -1 : 1));
  if (!pods.length) throw new UsageError(`error: no pods found for ${qualifiedRef(o).split('/')[0]} "${o.metadata.name}"`);
  return pods[0];
}

export const EXEC_FLAGS = { container: 'c', 'pod-running-timeout': undefined, filename: 'f' };

/** `kubectl exec POD [-c C] -- COMMAND...`: the container's interpreted programs, at the current time. */
function exec(t: KubectlTarget, argv: string[]): string {
  const p = parse(argv, 'exec', EXEC_FLAGS, { stdin: 'i', tty: 't', quiet: 'q' });
  const [ref, ...extra] = p.positional;
  if (!ref) throw new UsageError('error: pod, type/name or --filename must be specified');
  if (extra.length) throw new UsageError(`error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples`);
  if (p.rest.length === 0) throw new UsageError("error: you must specify at least one command for the container\nSee 'kubectl exec -h' for help and examples");
  const r = execIn(t.core, ref, namespaceOf(p), flag(p, 'container'), p.rest, boolFlag(p, 'quiet'));
  if (r.exitCode !== 0) throw new ExecFailed(r.note + r.output, r.exitCode);
  return r.note + r.output;
}

/** A command in a container that ran and exited non-zero: its output, then kubectl's line. */
export class ExecFailed extends Error {
  constructor(readonly output: string, readonly exitCode: number) {
    super(`command terminated with exit code ${exitCode}`);
  }
}

export function execIn(sim: Sim, ref: string, namespace: string, container: string | undefined, command: string[], quiet = false): { output: string; exitCode: number; note: string; pod: KObject; container: string } {
  const pod = podForRef(sim, ref, namespace);
  const names = (pod.spec?.containers ?? []).map((c: { name: string }) => c.name);
  let note = '';
  let name = container;
  if (!name) {
    name = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? names[0];
    if (names.length > 1 && !quiet) note = `Defaulted container "${name}" out of: ${names.join(', ')}\n`;
  } else if (!names.includes(name)) throw new UsageError(`error: unable to upgrade connection: container ${name} not found in pod ${pod.metadata.name}`);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new UsageError(`error: cannot exec into a container in a completed pod; current phase is ${phase}`);
  const r = sim.execSource?.(pod, name!, command);
  if (!r || 'error' in r) throw new UsageError(`error: ${r && 'error' in r ? r.error : `unable to upgrade connection: container not found ("${name}")`}`);
  if (r.notFound) throw new UsageError(`error: ${execStartFailure(pod, name!, command, sim.now, r.startError ?? `exec: "${command[0]}": executable file not found in $PATH`)}`);
  return { output: r.output, exitCode: r.exitCode ?? 0, note, pod, container: name! };
}

/** `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE...`: the lines kubectl prints; the shell holds until Ctrl+C. */
function portForward(t: KubectlTarget, argv: string[]): string {
  const p = parse(argv, 'port-forward', { address: undefined, 'pod-running-timeout': undefined });
  const [ref, ...ports] = p.positional;
  if (!ref || ports.length === 0) throw new UsageError("error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples");
  const pod = podForRef(t.core, ref, namespaceOf(p));
  if (pod.status?.phase !== 'Running') throw new UsageError(`error: unable to forward port because pod is not running. Current status=${pod.status?.phase ?? 'Pending'}`);
  const svc = ref.includes('/') && /^(svc|service|services)$/i.test(ref.split('/')[0]) ? t.core.store.get('Service', namespaceOf(p), ref.split('/')[1]) : undefined;
  let out = '';
  const addresses = (flag(p, 'address') ?? 'localhost').split(',');
  for (const spec of ports) {
    const m = /^(\d*):?(\d+)$/.exec(spec) ?? /^(\d+)$/.exec(spec);
    if (!m) throw new UsageError(`error: Error parsing local port '${spec}': strconv.ParseUint: parsing "${spec}": invalid syntax`);
    const parts = spec.split(':');
    const local = parts.length === 2 ? parts[0] || '0' : parts[0];
    let remote = Number(parts[parts.length - 1]);
    if (svc) {
      const sp = (svc.spec.ports ?? []).find((x: { port: number }) => x.port === remote);
      if (!sp) throw new UsageError(`error: Service ${svc.metadata.name} does not have a service port ${remote}`);
      if (typeof sp.targetPort === 'number') remote = sp.targetPort;
    }
    for (const a of addresses) {
      if (a === 'localhost') out += `Forwarding from 127.0.0.1:${local} -> ${remote}\nForwarding from [::1]:${local} -> ${remote}\n`;
      else out += `Forwarding from ${a}:${local} -> ${remote}\n`;
    }
  }
  return out;
}

/** In the CLI shell there is no editor to start, as for kubectl on a machine without `vi`. */
function edit(t: KubectlTarget, argv: string[]): string {
  const p = parse(argv, 'edit', { filename: 'f', 'output-patch': undefined }, { 'save-config': undefined, 'windows-line-endings': undefined });
  const { refs } = namedTargets(t.core, p.positional);
  if (refs.length === 0) throw new UsageError(NO_RESOURCES);
  for (const r of refs) getObject(t.core, r.resource, namespaceOf(p), r.name);
  throw new UsageError('error: unable to launch the editor "vi"');
}

/** A fresh minikube has no metrics-server (it is an addon), so the Metrics API is missing, as kubectl says. */
function top(argv: string[]): string {
  const sub = argv[0];
  if (!sub || !['node', 'nodes', 'no', 'pod', 'pods', 'po'].includes(sub)) {
    throw sub && !sub.startsWith('-') ? unknownSubcommand('top', argv) : new UsageError( 'Display resource (CPU/memory) usage.\n\nAvailable Commands:\n  node          Display resource (CPU/memory) usage of nodes\n  pod           Display resource (CPU/memory) usage of pods\n\nUsage:\n  kubectl top [flags] [options]');
  }
  throw new UsageError('error: Metrics API not available');
}

function clusterInfo(sim: Sim, argv: string[]): string {
  if (argv[0] === 'dump') throw new UsageError('error: "kubectl cluster-info dump" is not simulated: use "kubectl get all -A" and "kubectl describe"');
  parse(argv, 'cluster-info', {});
  const url = apiServerUrl(sim);
  return `Kubernetes control plane is running at ${url}\nCoreDNS is running at ${url}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`;
}

function config(sim: Sim, argv: string[]): string {
  const sub = argv[0];
  const p = parse(argv.slice(1), `config ${sub ?? ''}`.trim(), { output: 'o' }, { minify: undefined, raw: undefined, flatten: undefined });
  switch (sub) {
    case 'current-context': return 'minikube\n';
    case 'get-contexts': return 'CURRENT   NAME       CLUSTER    AUTHINFO   NAMESPACE\n*         minikube   minikube   minikube   default\n';
    case 'get-clusters': return 'NAME\nminikube\n';
    case 'get-users': return 'NAME\nminikube\n';
    case 'view': {
      const doc = {
        apiVersion: 'v1',
        clusters: [{ cluster: { 'certificate-authority': '/home/user/.minikube/ca.crt', server: apiServerUrl(sim) }, name: 'minikube' }],
        contexts: [{ context: { cluster: 'minikube', namespace: 'default', user: 'minikube' }, name: 'minikube' }],
        'current-context': 'minikube',
        kind: 'Config',
        preferences: {},
        users: [{ name: 'minikube', user: { 'client-certificate': '/home/user/.minikube/profiles/minikube/client.crt', 'client-key': '/home/user/.minikube/profiles/minikube/client.key' } }],
      };
      return flag(p, 'output') === 'json' ? JSON.stringify(doc, null, 4) + '\n' : kubectlYaml(doc);
    }
    case 'use-context': case 'use':
      if (p.positional[0] === 'minikube') return 'Switched to context "minikube".\n';
      throw new UsageError(`error: no context exists with the name: "${p.positional[0] ?? ''}"`);
    case undefined:
      throw new UsageError('Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".\n\nAvailable Commands:\n  current-context   Display the current-context\n  get-contexts      Describe one or many contexts\n  use-context       Set the current-context in a kubeconfig file\n  view              Display merged kubeconfig settings or a specified kubeconfig file\n\nUsage:\n  kubectl config SUBCOMMAND [options]');
    default:
      throw new UsageError(`error: "kubectl config ${sub}" is not simulated: the shell always talks to the simulated minikube cluster, in the namespace given with -n (default: default)`);
  }
}

/** The simulated kubectl is the newest release; the server is the target release, with kubectl's skew warning. */
function version(sim: Sim, argv: string[]): string {
  const p = parse(argv, 'version', {}, { client: undefined, short: undefined });
  const client = `Client Version: ${serverVersion(NEWEST_MINOR)}\nKustomize Version: v5.7.1\n`;
  if (boolFlag(p, 'client')) return client;
  const skew = NEWEST_MINOR - sim.kubernetesMinor > 1 ? `WARNING: version difference between client (1.${NEWEST_MINOR}) and server (1.${sim.kubernetesMinor}) exceeds the supported minor version skew of +/-1\n` : '';
  return `${client}Server Version: ${serverVersion(sim.kubernetesMinor)}\n${skew}`;
}

function apiVersions(argv: string[]): string {
  parse(argv, 'api-versions', {});
  const versions = new Set(RESOURCES.map((r) => r.apiVersion));
  return [...versions].sort().map((v) => v + '\n').join('');
}
