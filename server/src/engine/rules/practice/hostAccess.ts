import type { Finding } from '../../findings';
import { asArray, asRecord } from '../../workspace/podTemplate';
import { containersOf } from '../containerIterate';
import type { Rule } from '../index';
import { podTemplateOf, practice } from './support';

/** Pods that reach into their node: its namespaces, its files, its ports. */

export const hostNamespaces: Rule = {
  id: 'host-namespaces',
  defaultSeverity: 'warning',
  profile: 'production',
  tags: ['security'],
  description: 'A pod shares the node\'s network, process or IPC namespace (hostNetwork, hostPID, hostIPC).',
  check(ctx) {
    const t = podTemplateOf(ctx);
    if (!t) return [];
    const what: Record<string, string> = { hostNetwork: 'sees and binds every interface of the node', hostPID: 'sees and can signal every process of the node', hostIPC: 'shares the node\'s shared memory' };
    return Object.keys(what)
      .filter((k) => t.spec[k] === true)
      .map((k) => practice(hostNamespaces, ctx, [...t.path, 'spec', k], `${k}: true: the pod ${what[k]}, outside the isolation of a container`));
  },
};

export const hostPathVolume: Rule = {
  id: 'host-path-volume',
  defaultSeverity: 'warning',
  profile: 'production',
  tags: ['security'],
  description: 'A pod mounts a directory of its node (a hostPath volume).',
  check(ctx) {
    const t = podTemplateOf(ctx);
    if (!t) return [];
    const out: Finding[] = [];
    asArray(t.spec.volumes).forEach((v, i) => {
      const hp = asRecord(asRecord(v)?.hostPath);
      if (!hp) return;
      out.push(practice(hostPathVolume, ctx, [...t.path, 'spec', 'volumes', i, 'hostPath'], `volume "${String(asRecord(v)?.name ?? '')}" mounts ${typeof hp.path === 'string' ? `${hp.path} of the node` : 'a node directory'}: the pod depends on that node's files and can read or change them`));
    });
    return out;
  },
};

export const hostPort: Rule = {
  id: 'host-port',
  defaultSeverity: 'information',
  profile: 'production',
  tags: ['security', 'reliability'],
  description: 'A container binds a port of its node (hostPort).',
  check(ctx) {
    if (!podTemplateOf(ctx)) return [];
    const out: Finding[] = [];
    for (const { container, path } of containersOf(ctx, ['initContainers', 'containers'])) {
      asArray(container.ports).forEach((p, i) => {
        const hp = asRecord(p)?.hostPort;
        if (hp === undefined || hp === null || Number(hp) === 0) return;
        out.push(practice(hostPort, ctx, [...path, 'ports', i, 'hostPort'], `container "${String(container.name ?? '')}" binds port ${String(hp)} of its node: only one such pod fits per node, and the port is open outside the cluster network; use a Service`));
      });
    }
    return out;
  },
};
