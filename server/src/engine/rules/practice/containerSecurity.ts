import type { Finding } from '../../findings';
import { msg } from '../../messages';
import type { PathSegment } from '../../yaml/documents';
import { asArray, asRecord } from '../../workspace/podTemplate';
import { containersOf, type ContainerEntry } from '../containerIterate';
import type { Rule, RuleContext } from '../index';
import { mergeFix, podTemplateOf, practice, RESTRICTED_CONTAINER_CONTEXT } from './support';

/** Container hardening: what a container may do to its node, and as whom it runs. */

function each(ctx: RuleContext, fn: (c: ContainerEntry, sc: Record<string, unknown> | undefined, podSc: Record<string, unknown> | undefined) => Finding | Finding[] | undefined): Finding[] {
  const t = podTemplateOf(ctx);
  if (!t) return [];
  const podSc = asRecord(t.spec.securityContext);
  const out: Finding[] = [];
  for (const c of containersOf(ctx, ['initContainers', 'containers', 'ephemeralContainers'])) {
    const r = fn(c, asRecord(c.container.securityContext), podSc);
    if (Array.isArray(r)) out.push(...r);
    else if (r) out.push(r);
  }
  return out;
}

const name = (c: ContainerEntry) => String(c.container.name ?? '');
const secure = (ctx: RuleContext, c: ContainerEntry) => mergeFix(ctx, msg('fix.restricted-security-context'), c.path, RESTRICTED_CONTAINER_CONTEXT);
const scPath = (c: ContainerEntry, ...rest: PathSegment[]): PathSegment[] => [...c.path, 'securityContext', ...rest];

export const privilegedContainer: Rule = {
  id: 'privileged-container',
  defaultSeverity: 'warning',
  profile: 'production',
  tags: ['security'],
  description: 'A container runs privileged: it has every capability and the devices of its node.',
  check(ctx) {
    return each(ctx, (c, sc) => (sc?.privileged === true ? practice(privilegedContainer, ctx, scPath(c, 'privileged'), msg('privileged-container', { container: name(c) })) : undefined));
  },
};

const DANGEROUS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'NET_RAW', 'SYS_PTRACE', 'SYS_MODULE', 'SYS_RAWIO', 'BPF']);

export const dangerousCapabilities: Rule = {
  id: 'dangerous-capabilities',
  defaultSeverity: 'warning',
  profile: 'production',
  tags: ['security'],
  description: 'A container adds a dangerous Linux capability (ALL, SYS_ADMIN, NET_ADMIN, NET_RAW, SYS_PTRACE, SYS_MODULE, ...).',
  check(ctx) {
    return each(ctx, (c, sc) =>
      asArray(asRecord(sc?.capabilities)?.add)
        .map((cap, i) => ({ cap: String(cap), i }))
        .filter(({ cap }) => DANGEROUS.has(cap.toUpperCase().replace(/^CAP_/, '')))
        .map(({ cap, i }) => practice(dangerousCapabilities, ctx, scPath(c, 'capabilities', 'add', i), msg('dangerous-capabilities', { container: name(c), capability: cap, why: msg(cap.toUpperCase() === 'NET_RAW' ? 'dangerous-capabilities.net-raw' : 'dangerous-capabilities.escape') }))),
    );
  },
};

function isZero(v: unknown): boolean {
  return v === 0 || v === '0';
}

export const runAsRoot: Rule = {
  id: 'run-as-root',
  defaultSeverity: 'warning',
  profile: 'production',
  tags: ['security'],
  description: 'A pod or container explicitly runs as root (runAsUser: 0 or runAsNonRoot: false).',
  check(ctx) {
    const t = podTemplateOf(ctx);
    if (!t) return [];
    const out: Finding[] = [];
    const podSc = asRecord(t.spec.securityContext);
    if (isZero(podSc?.runAsUser)) out.push(practice(runAsRoot, ctx, [...t.path, 'spec', 'securityContext', 'runAsUser'], msg('run-as-root.pod-user')));
    if (podSc?.runAsNonRoot === false) out.push(practice(runAsRoot, ctx, [...t.path, 'spec', 'securityContext', 'runAsNonRoot'], msg('run-as-root.pod-non-root-false')));
    out.push(
      ...each(ctx, (c, sc) => {
        const r: Finding[] = [];
        if (isZero(sc?.runAsUser)) r.push(practice(runAsRoot, ctx, scPath(c, 'runAsUser'), msg('run-as-root.container-user', { container: name(c) })));
        if (sc?.runAsNonRoot === false) r.push(practice(runAsRoot, ctx, scPath(c, 'runAsNonRoot'), msg('run-as-root.container-non-root-false', { container: name(c) })));
        return r;
      }),
    );
    return out;
  },
};

export const runAsNonRootMissing: Rule = {
  id: 'run-as-non-root-missing',
  defaultSeverity: 'warning',
  profile: 'strict',
  tags: ['security'],
  description: 'Neither the pod nor the container sets runAsNonRoot: true, so an image whose user is root runs as root.',
  check(ctx) {
    return each(ctx, (c, sc, podSc) => {
      if (sc?.runAsNonRoot !== undefined || (podSc?.runAsNonRoot === true && sc?.runAsNonRoot === undefined)) return undefined;
      if (podSc?.runAsNonRoot === false || isZero(sc?.runAsUser) || isZero(podSc?.runAsUser)) return undefined; // run-as-root says it
      if (Number(sc?.runAsUser ?? podSc?.runAsUser) > 0) return undefined; // a non-root UID is given
      return practice(runAsNonRootMissing, ctx, sc ? scPath(c) : [...c.path, 'name'], msg('run-as-non-root-missing', { container: name(c) }), secure(ctx, c));
    });
  },
};

export const privilegeEscalationAllowed: Rule = {
  id: 'privilege-escalation-allowed',
  defaultSeverity: 'warning',
  profile: 'strict',
  tags: ['security'],
  description: 'A container does not set allowPrivilegeEscalation: false (setuid binaries can gain privileges).',
  check(ctx) {
    return each(ctx, (c, sc) => {
      if (sc?.allowPrivilegeEscalation === false || sc?.privileged === true) return undefined;
      const at = sc?.allowPrivilegeEscalation !== undefined ? scPath(c, 'allowPrivilegeEscalation') : sc ? scPath(c) : [...c.path, 'name'];
      return practice(privilegeEscalationAllowed, ctx, at, msg('privilege-escalation-allowed', { container: name(c) }), secure(ctx, c));
    });
  },
};

export const capabilitiesNotDropped: Rule = {
  id: 'capabilities-not-dropped',
  defaultSeverity: 'warning',
  profile: 'strict',
  tags: ['security'],
  description: 'A container keeps the default Linux capabilities (no capabilities.drop: ["ALL"]).',
  check(ctx) {
    return each(ctx, (c, sc) => {
      const drop = asArray(asRecord(sc?.capabilities)?.drop).map((d) => String(d).toUpperCase());
      if (drop.includes('ALL') || sc?.privileged === true) return undefined;
      return practice(capabilitiesNotDropped, ctx, sc ? scPath(c) : [...c.path, 'name'], msg('capabilities-not-dropped', { container: name(c) }), secure(ctx, c));
    });
  },
};

export const writableRootFilesystem: Rule = {
  id: 'writable-root-filesystem',
  defaultSeverity: 'warning',
  profile: 'strict',
  tags: ['security'],
  description: 'A container does not set readOnlyRootFilesystem: true.',
  check(ctx) {
    return each(ctx, (c, sc) => {
      if (sc?.readOnlyRootFilesystem === true) return undefined;
      const at = sc?.readOnlyRootFilesystem !== undefined ? scPath(c, 'readOnlyRootFilesystem') : sc ? scPath(c) : [...c.path, 'name'];
      return practice(writableRootFilesystem, ctx, at, msg('writable-root-filesystem', { container: name(c) }));
    });
  },
};
