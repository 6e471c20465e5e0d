/** Which tags of a catalog image exist (TagSpec in profile.ts). */
import type { TagSpec } from './profile';
import { globMatch } from './shell/glob';

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
