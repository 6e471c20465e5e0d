/**
 * The behaviour model: finds an image's profile (workspace overrides first, then the catalog, else
 * the unknown-image assumption), answers pulls, and starts runs.
 */
import type { BehaviourModel, ContainerRun, ContainerStartSpec, ImageBehaviourOverride, ImagePullResult } from './types';
import type { DaemonSpec, ImageProfile, ProgramSpec, TagSpec } from './profile';
import { CATALOG } from './catalog';
import { parseImageRef, shortRepository, type ImageRef } from './imageRef';
import { replacementTags, sampleTags, tagExists } from './tags';
import { SimulatedRun } from './containerRun';
import { UNKNOWN_DEFAULT_COMMAND } from './process';
import { DEFAULT_EPOCH_SECONDS } from './shell/dateText';
import { globMatch } from './shell/glob';

export interface BehaviourModelOptions {
  /** Unix seconds of virtual time 0 (what `date` prints at the start). Default 2026-01-01T00:00:00Z. */
  epochSeconds?: number;
}

interface Resolved {
  ref?: ImageRef;
  profile: ImageProfile;
  known: boolean;
  override?: ImageBehaviourOverride;
}

/** The catalog indexed by every repository name (canonical and aliases). */
function indexCatalog(entries: ImageProfile[]): Map<string, ImageProfile> {
  const byRepo = new Map<string, ImageProfile>();
  for (const p of entries) for (const r of [p.repository, ...(p.aliases ?? [])]) byRepo.set(r, p);
  return byRepo;
}

const CATALOG_INDEX = indexCatalog(CATALOG);

const UNKNOWN_PROFILE: ImageProfile = {
  repository: '',
  summary: 'Not in the catalog: assumed to pull, start in 1 s, run until stopped and serve its declared containerPorts (HTTP answers 200).',
  tags: { exact: [], any: true },
  sizeMB: 100,
  userland: 'gnu',
  programs: {},
};

/** Does an override pattern (`myapp`, `myapp:*`, `registry.example.com/team/*`) match the image? */
export function overrideMatches(pattern: string, image: string, ref?: ImageRef): boolean {
  const p = pattern.trim();
  if (!p) return false;
  const forms = new Set([image]);
  if (ref) {
    const short = shortRepository(ref);
    forms.add(ref.repository);
    forms.add(short);
    if (ref.tag) { forms.add(`${short}:${ref.tag}`); forms.add(`${ref.repository}:${ref.tag}`); }
  }
  const hasTagPart = /:[^/]*$/.test(p);
  for (const f of forms) {
    if (globMatch(p, f)) return true;
    // A pattern without a tag matches every tag of the repository.
    if (!hasTagPart && ref && (globMatch(p, ref.repository) || globMatch(p, shortRepository(ref)))) return true;
  }
  return false;
}

function mainDaemon(profile: ImageProfile): [string, DaemonSpec] | undefined {
  for (const [name, spec] of Object.entries(profile.programs)) if (spec.kind === 'daemon') return [name, spec];
  return undefined;
}

/** Applies a workspace override to a catalog profile (or to the unknown-image profile). */
export function applyOverride(base: ImageProfile, o: ImageBehaviourOverride, known: boolean): ImageProfile {
  const found = known ? mainDaemon(base) : undefined;
  const daemonBase: DaemonSpec | undefined = found?.[1];
  const httpRoutes = o.http?.map((r) => ({ path: r.path, status: r.status, port: r.port, afterSeconds: r.afterSeconds, untilSeconds: r.untilSeconds }));
  const daemon: DaemonSpec = {
    kind: 'daemon',
    startupSeconds: o.startupSeconds ?? daemonBase?.startupSeconds ?? 1,
    ports: o.ports ? o.ports.map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP', grpcHealth: p.protocol === 'GRPC' })) : daemonBase?.ports ?? [],
    portsFromContainer: !o.ports && !daemonBase,
    portFlags: daemonBase?.portFlags,
    http: httpRoutes ? [...httpRoutes, ...(daemonBase?.http ?? [])] : daemonBase?.http,
    httpDefaultStatus: daemonBase?.httpDefaultStatus ?? 200,
    logs: o.logs ?? daemonBase?.logs,
    startLogs: o.logs ? undefined : daemonBase?.startLogs,
    memoryMiB: o.memoryMiB ?? daemonBase?.memoryMiB,
    sigterm: o.handlesSigterm === undefined ? daemonBase?.sigterm ?? { handles: true, stopSeconds: 0, exitCode: 143 } : o.handlesSigterm ? { handles: true, stopSeconds: 0, exitCode: 0 } : { handles: false },
    exitAfterSeconds: o.exitAfterSeconds ?? daemonBase?.exitAfterSeconds,
    exitCode: o.exitCode ?? daemonBase?.exitCode ?? 0,
    requireEnv: daemonBase?.requireEnv,
  };
  // A port given as HTTP in an override serves HTTP; TCP ports listed with http routes serve HTTP too.
  if (o.http?.length) daemon.ports = daemon.ports.map((p) => (p.protocol === 'TCP' && o.http!.some((r) => r.port === undefined || r.port === p.port) ? { ...p, protocol: 'HTTP' } : p));
  const programs: Record<string, ProgramSpec> = { ...base.programs, '*': daemon };
  if (found) programs[found[0]] = daemon;
  const tags: TagSpec = o.tags ? { exact: o.tags.filter((t) => !t.includes('*')), patterns: o.tags.filter((t) => t.includes('*')) } : base.tags;
  return {
    ...base,
    repository: base.repository || o.image,
    summary: `Workspace override (${o.image})${known ? ` of: ${base.summary}` : ''}`,
    tags,
    programs,
  };
}

export class CatalogBehaviourModel implements BehaviourModel {
  private readonly epoch: number;

  constructor(private readonly overrides: ImageBehaviourOverride[] = [], options: BehaviourModelOptions = {}) {
    this.epoch = options.epochSeconds ?? DEFAULT_EPOCH_SECONDS;
  }

  private resolve(image: string): Resolved {
    const ref = parseImageRef(image);
    const catalogProfile = ref ? CATALOG_INDEX.get(ref.repository) : undefined;
    const override = this.overrides.find((o) => overrideMatches(o.image, image, ref));
    let profile = catalogProfile ?? UNKNOWN_PROFILE;
    if (catalogProfile && ref?.tag && catalogProfile.userlandByTag) {
      const variant = catalogProfile.userlandByTag.find((v) => new RegExp(v.pattern).test(ref.tag!));
      if (variant) profile = { ...catalogProfile, userland: variant.userland };
    }
    if (override) return { ref, profile: applyOverride(profile, override, !!catalogProfile), known: true, override };
    return { ref, profile, known: !!catalogProfile };
  }

  pull(image: string): ImagePullResult {
    const { ref, profile, known, override } = this.resolve(image);
    if (!ref) {
      return { ok: false, seconds: 0, known: false, error: `couldn't parse image name "${image}": invalid reference format` };
    }
    const familiar = ref.registry === 'docker.io' ? shortRepository(ref) : ref.repository;
    if (override?.pullable === false) {
      return {
        ok: false, seconds: 1, known,
        error: `rpc error: code = Unknown desc = Error response from daemon: pull access denied for ${familiar}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
      };
    }
    if (ref.tag && !ref.digest && !tagExists(profile.tags, ref.tag)) {
      return {
        ok: false, seconds: 1, known,
        error: `rpc error: code = Unknown desc = Error response from daemon: manifest for ${familiar}:${ref.tag} not found: manifest unknown: manifest unknown`,
      };
    }
    return { ok: true, seconds: Math.max(1, Math.round(1 + profile.sizeMB / 25)), known, sizeBytes: Math.round(profile.sizeMB * 1_000_000) };
  }

  start(spec: ContainerStartSpec, startedAt: number, horizon: number): ContainerRun {
    const { profile, known, ref } = this.resolve(spec.image);
    const initialAssumptions: string[] = [];
    if (!known) {
      const ports = spec.ports.map((p) => p.containerPort);
      initialAssumptions.push(
        `Image ${spec.image} is not in the simulator's catalog: it is assumed to pull, start in 1 s, run until stopped (exiting at once with code 143 on SIGTERM)` +
          (ports.length ? ` and serve its declared containerPorts (${ports.join(', ')}), answering 200 to every HTTP path and SERVING to gRPC health checks.` : ' (it declares no containerPorts, so nothing listens).') +
          ' Describe it under `images:` in .kube-rehearsal.yaml to change this.',
      );
    }
    for (const note of profile.notes ?? []) initialAssumptions.push(note);
    // Kubernetes: command replaces the image ENTRYPOINT (and drops its CMD); args alone replace CMD.
    const entrypoint = spec.command ?? profile.entrypoint ?? [];
    const cmd = spec.command ? spec.args ?? [] : spec.args ?? profile.cmd ?? [];
    let argv = [...entrypoint, ...cmd];
    let defaultCommandUnknown = false;
    if (argv.length === 0) {
      if (!known || profile.programs['*']) {
        argv = [UNKNOWN_DEFAULT_COMMAND];
        defaultCommandUnknown = !known;
      } else {
        return new SimulatedRun({
          profile, known, spec, argv: ['/bin/sh'], startedAt, horizon: Math.max(horizon, startedAt), epoch: this.epoch, defaultCommandUnknown, initialAssumptions,
        });
      }
    }
    void ref;
    return new SimulatedRun({ profile, known, spec, argv, startedAt, horizon: Math.max(horizon, startedAt), epoch: this.epoch, defaultCommandUnknown, initialAssumptions });
  }

  describeImage(image: string): { known: boolean; summary: string; tags?: string[] } {
    const { profile, known, ref } = this.resolve(image);
    if (!ref) return { known: false, summary: `"${image}" is not a valid image reference.` };
    const tagNote = ref.tag && !ref.digest && !tagExists(profile.tags, ref.tag) ? ` Tag \`${ref.tag}\` does not exist: the pull fails with "manifest unknown".` : '';
    return { known, summary: profile.summary + tagNote, tags: profile.tags.any ? undefined : sampleTags(profile.tags) };
  }

  /**
   * For an image whose tag does not exist (its pull fails with "manifest unknown"): existing tags
   * to use instead, best first (replacementTags). Empty when the tag exists or any tag would do.
   */
  replacementTags(image: string): string[] {
    const { profile, ref } = this.resolve(image);
    if (!ref?.tag || ref.digest) return [];
    return replacementTags(profile.tags, ref.tag);
  }
}
