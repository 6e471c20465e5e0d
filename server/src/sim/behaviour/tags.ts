/** Which tags of a catalog image exist (TagSpec in profile.ts). */
import type { TagSpec } from './profile';
import { globMatch } from './shell/glob';
import { suggest } from '../../engine/schema/didYouMean';

export function tagExists(spec: TagSpec, tag: string): boolean {
  if (spec.any) return true;
  if (spec.patterns?.some((p) => globMatch(p, tag))) return true;
  const candidates = [tag];
  for (const s of spec.suffixes ?? []) if (tag.endsWith(s) && tag.length > s.length) candidates.push(tag.slice(0, -s.length));
  return candidates.some((t) => spec.exact.includes(t) || versionExists(spec, t));
}

function versionExists(spec: TagSpec, tag: string): boolean {
  if (!spec.versions && !spec.lines) return false;
  let t = tag;
  if (spec.vPrefix) {
    if (!t.startsWith('v')) return false;
    t = t.slice(1);
  }
  const m = /^(\d+)(?:\.(\d+)(?:\.(\d+))?)?$/.exec(t);
  if (!m) return false;
  if (spec.lines && m[3] === undefined) {
    const maxMinor = spec.lines[m[1]];
    if (maxMinor !== undefined && (m[2] === undefined || (Number(m[2]) <= maxMinor && !(m[2].length > 1 && m[2].startsWith('0'))))) return true;
  }
  const [, major, minor, patch] = m;
  const versions = spec.versions ?? {};
  if (minor === undefined) return !!spec.majorTags && Object.keys(versions).some((k) => k.split('.')[0] === major);
  const maxPatch = versions[`${major}.${minor}`];
  if (maxPatch === undefined) return false;
  if (patch === undefined) return spec.minorTags !== false;
  if (patch.length > 1 && patch.startsWith('0')) return false;
  return Number(patch) <= maxPatch;
}

/** A short, readable list of existing tags for hovers: the newest versions first, then named tags. */
export function sampleTags(spec: TagSpec, max = 12): string[] {
  const out: string[] = [];
  const p = spec.vPrefix ? 'v' : '';
  const minors = [
    ...Object.entries(spec.versions ?? {}),
    ...Object.entries(spec.lines ?? {}).map(([major, maxMinor]) => [major, maxMinor] as [string, number]),
  ].sort(([a], [b]) => compareVersions(b, a));
  for (const [minor, maxPatch] of minors) {
    out.push(`${p}${minor}.${maxPatch}`);
    if (out.length >= max - Math.min(spec.exact.length, 4)) break;
  }
  return [...spec.exact.slice(0, 4), ...out].slice(0, max);
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

interface ReleaseTag {
  /** [major, minor?, patch?] */
  parts: number[];
  /** An exact tag, written as the catalog lists it (`24.04`). */
  text?: string;
}

/** The releases a spec knows, each at its newest patch: `1.27.5` for `{ '1.27': 5 }`, `16.10` for lines `{ '16': 10 }`. */
function releases(spec: TagSpec): ReleaseTag[] {
  const out: ReleaseTag[] = [];
  for (const [minor, maxPatch] of Object.entries(spec.versions ?? {})) out.push({ parts: [...minor.split('.').map(Number), maxPatch] });
  for (const [major, maxMinor] of Object.entries(spec.lines ?? {})) out.push({ parts: [Number(major), maxMinor] });
  // Exact tags that are versions (`3.10.1`, `v4`) are releases too.
  for (const t of spec.exact) {
    const m = /^v?(\d+(?:\.\d+){0,2})$/.exec(t);
    if (m && t.startsWith('v') === !!spec.vPrefix) out.push({ parts: m[1].split('.').map(Number), text: t });
  }
  return out;
}

function compareParts(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/**
 * Existing tags to put in place of `tag`, which the spec does not know (the pull fails with
 * "manifest unknown"): the newest release first, then the releases nearest to the version the
 * tag asked for (same major first, then the nearest minor, then the nearest patch). The user's
 * precision (`1.27` or `1.27.5`) and variant suffix (`-alpine`) are kept when such a tag exists.
 * A tag that is no version gets the newest release and the named tags spelt like it.
 */
export function replacementTags(spec: TagSpec, tag: string, max = 3): string[] {
  if (spec.any || tagExists(spec, tag)) return [];
  const suffix = [...(spec.suffixes ?? [])].sort((a, b) => b.length - a.length).find((s) => tag.endsWith(s) && tag.length > s.length) ?? '';
  const base = suffix ? tag.slice(0, -suffix.length) : tag;
  const asked = /^v?(\d+)(?:\.(\d+)(?:\.(\d+))?)?$/.exec(base);
  const known = releases(spec);
  const newestFirst = [...known].sort((a, b) => compareParts(b.parts, a.parts));
  const out: string[] = [];
  const push = (t: string | undefined) => {
    if (t && t !== tag && !out.includes(t) && out.length < max) out.push(t);
  };
  // Written as the user wrote the tag when that form exists (`1.27` for `1.200`), else in full.
  const render = (r: ReleaseTag, precision: number): string | undefined => {
    if (r.text) return tagExists(spec, r.text + suffix) ? r.text + suffix : undefined;
    const p = spec.vPrefix ? 'v' : '';
    for (const n of [precision, r.parts.length]) {
      const t = `${p}${r.parts.slice(0, n).join('.')}${suffix}`;
      if (tagExists(spec, t)) return t;
    }
    return undefined;
  };
  if (!asked) {
    push(newestFirst[0] && render(newestFirst[0], newestFirst[0].parts.length));
    for (const s of suggest(tag, spec.exact, max)) push(s.value);
    return out;
  }
  const want = [asked[1], asked[2], asked[3]].filter((x): x is string => x !== undefined).map(Number);
  const precision = want.length;
  push(newestFirst[0] && render(newestFirst[0], precision));
  const distance = (r: ReleaseTag) => [0, 1, 2].map((i) => Math.abs((r.parts[i] ?? 0) - (want[i] ?? 0)));
  const nearest = [...known].sort((a, b) => compareParts(distance(a), distance(b)) || compareParts(b.parts, a.parts));
  for (const r of nearest) {
    if (out.length >= max) break;
    push(render(r, precision));
  }
  return out;
}
