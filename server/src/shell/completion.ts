import { KUBECTL_VERBS } from './session';

/**
 * Tab completion for the shell: built-ins, kubectl verbs, resource types and the names of objects
 * in the simulated cluster (asked for through `names`, so it works in-process and over LSP).
 */

export interface Completion {
  /** Offset in the line where the completed word starts. */
  start: number;
  /** Full words that fit what was typed. */
  candidates: string[];
}

/** Names of objects of a resource type in a namespace (empty when unknown). */
export type NameSource = (type: string, namespace?: string) => Promise<string[]>;

const BUILTINS = ['kubectl', 'sleep', 'clock', 'help', 'history', 'clear', 'exit'];
export const RESOURCE_TYPES = ['pods', 'deployments', 'replicasets', 'replicationcontrollers', 'services', 'endpoints', 'jobs', 'cronjobs', 'daemonsets', 'statefulsets', 'nodes', 'namespaces', 'configmaps', 'secrets', 'events', 'all'];
const SHORT_TYPES = ['po', 'deploy', 'rs', 'rc', 'svc', 'ep', 'cj', 'ds', 'sts', 'no', 'ns', 'cm'];
const TYPED_VERBS = new Set(['get', 'describe', 'delete', 'label', 'annotate', 'scale', 'patch', 'explain']);
const ROLLOUT_SUBS = ['status', 'history', 'undo', 'pause', 'resume', 'restart'];
const FLAGS: Record<string, string[]> = {
  get: ['-o', '--output=', '-w', '--watch', '-l', '--selector=', '-n', '--namespace=', '-A', '--all-namespaces', '--show-labels', '--no-headers'],
  describe: ['-l', '-n', '-A'],
  logs: ['-c', '--container=', '-p', '--previous', '--tail=', '-f', '--follow', '-n'],
  delete: ['--all', '-l', '--cascade=orphan', '--grace-period=', '--now', '--force', '-f', '-n'],
  scale: ['--replicas='],
  label: ['--overwrite', '-l', '--all'],
  run: ['--image=', '--restart=Never', '--restart=OnFailure', '--restart=Always', '--labels=', '--port=', '--env=', '--command', '--'],
  create: ['--image=', '--replicas=', '--port='],
  rollout: ['--to-revision=', '--revision='],
  apply: ['-f', '-R'],
};

function namespaceOf(words: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    if ((words[i] === '-n' || words[i] === '--namespace') && words[i + 1]) return words[i + 1];
    const m = /^--namespace=(.+)$/.exec(words[i]);
    if (m) return m[1];
  }
  return undefined;
}

export async function complete(line: string, cursor: number, names: NameSource): Promise<Completion> {
  const before = line.slice(0, cursor);
  const start = before.length - /\S*$/.exec(before)![0].length;
  const word = before.slice(start);
  const words = before.slice(0, start).trim().split(/\s+/).filter(Boolean);
  const fit = (list: string[]) => ({ start, candidates: [...new Set(list)].filter((c) => c.startsWith(word)).sort() });
  if (words.length === 0) return fit(BUILTINS);
  if (words[0] === 'clock') return words.length === 1 ? fit(['speed', 'pause', 'resume']) : words[1] === 'speed' ? fit(['1x', '10x', '60x']) : fit([]);
  if (words[0] !== 'kubectl' && words[0] !== 'k') return fit([]);
  const args = words.slice(1);
  if (args.length === 0) return fit(KUBECTL_VERBS);
  const verb = args[0];
  const ns = namespaceOf(args);
  if (word.startsWith('-')) return fit(FLAGS[verb] ?? ['-n', '--namespace=']);
  const prev = args[args.length - 1];
  if (prev === '-n' || prev === '--namespace') return fit(await names('namespaces'));
  if (prev === '-o' || prev === '--output') return fit(['wide', 'yaml', 'json', 'name']);
  const positional = args.slice(1).filter((a, i, all) => !a.startsWith('-') && !['-n', '--namespace', '-o', '--output', '-l', '--selector', '-c', '--container'].includes(all[i - 1] ?? ''));

  // TYPE/NAME: complete the name after the slash.
  const slash = word.indexOf('/');
  if (slash > 0) {
    const type = word.slice(0, slash);
    return fit((await names(type, ns)).map((n) => `${type}/${n}`));
  }
  if (verb === 'rollout') {
    if (positional.length === 0) return fit(ROLLOUT_SUBS);
    if (positional.length === 1) return fit(['deployment/', 'deploy/', ...(await names('deployments', ns)).map((n) => `deployment/${n}`)]);
    return fit([]);
  }
  if (verb === 'set') return positional.length === 0 ? fit(['image']) : positional.length === 1 ? fit((await names('deployments', ns)).map((n) => `deployment/${n}`)) : fit([]);
  if (verb === 'logs') return positional.length === 0 ? fit(await names('pods', ns)) : fit([]);
  if (verb === 'cordon' || verb === 'uncordon' || verb === 'drain') return positional.length === 0 ? fit(await names('nodes')) : fit([]);
  if (verb === 'create') return positional.length === 0 ? fit(['deployment']) : fit([]);
  if (TYPED_VERBS.has(verb)) {
    if (positional.length === 0) {
      // The kinds the cluster's CRDs serve, by plural (a CRD is named `<plural>.<group>`).
      const custom = (await names('customresourcedefinitions')).map((n) => n.slice(0, n.indexOf('.'))).filter(Boolean);
      return fit([...RESOURCE_TYPES, ...SHORT_TYPES, ...custom].filter((t) => verb === 'get' || (t !== 'all' && t !== 'events')));
    }
    const type = positional[0];
    if (verb === 'explain' || type.includes('/') || type.includes(',') || type === 'all') return fit([]);
    return fit(await names(type, ns));
  }
  return fit([]);
}

/** The longest prefix all candidates share. */
export function commonPrefix(words: string[]): string {
  if (words.length === 0) return '';
  let p = words[0];
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** Object names from `kubectl get TYPE -o name` output (`pod/web-1` -> `web-1`). */
export function namesFromOutput(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.includes('/')).map((l) => l.slice(l.indexOf('/') + 1));
}
