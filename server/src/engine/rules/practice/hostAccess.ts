import type { Finding } from '../../findings';
import { msg } from '../../messages';
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
    return (['hostNetwork', 'hostPID', 'hostIPC'] as const)
      .filter((k) => t.spec[k] === true)
      .map((k) => practice(hostNamespaces, ctx, [...t.path, 'spec', k], msg(`host-namespaces.${k}`)));
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
      out.push(practice(hostPathVolume, ctx, [...t.path, 'spec', 'volumes', i, 'hostPath'], typeof hp.path === 'string' ? msg('host-path-volume', { volume: String(asRecord(v)?.name ?? ''), path: hp.path }) : msg('host-path-volume.any', { volume: String(asRecord(v)?.name ?? '') })));
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
        out.push(practice(hostPort, ctx, [...path, 'ports', i, 'hostPort'], msg('host-port', { container: String(container.name ?? ''), port: String(hp) })));
      });
    }
    return out;
  },
};
