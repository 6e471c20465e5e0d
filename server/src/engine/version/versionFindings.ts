import { fixTitle, localizable, msg } from '../messages';
import type { Finding, Fix } from '../findings';
import { rangeForPath, valueRange, type PathSegment, type YamlDoc, type YamlFile } from '../yaml/documents';
import { lookupKind } from '../schema/registry';
import { apiIntroducedIn, findRemovedApi, introducedText, servedAlternatives, servedIn, stageIn, type FieldChange } from './featureTable';
import { apiPath, gatedFields } from './fieldGates';
import { NEWEST_MINOR, versionLabel } from './kubernetesVersion';

/**
 * The findings of a document judged for an older Kubernetes release than the bundled schemas':
 * removed APIs the release still serves are fine (or deprecated), APIs and fields that came later
 * are reported, with the release that brought them. For the newest release nothing changes.
 */

export const VERSION_CODES = {
  removedApi: 'removed-api-version',
  deprecatedApi: 'deprecated-api-version',
  apiNotInVersion: 'api-not-in-version',
  fieldNotInVersion: 'field-not-in-version',
  fieldDisabledInVersion: 'field-disabled-in-version',
} as const;

function apiVersionFix(file: YamlFile, doc: YamlDoc, base: PathSegment[], to: string): Fix[] | undefined {
  const range = valueRange(file, doc, [...base, 'apiVersion']);
  return range ? [{ ...fixTitle(msg('fix.change-api-version', { apiVersion: to })), edits: [{ range, newText: to }], preferred: true }] : undefined;
}

/** The apiVersion to move to in this release: the table's successor when served, else what the release serves. */
function successorIn(apiVersion: string, kind: string, minor: number, preferred?: string): string | undefined {
  if (preferred && servedIn(preferred, kind, minor) && (lookupKind(preferred, kind) || findRemovedApi(preferred, kind))) return preferred;
  return servedAlternatives(kind, minor, apiVersion)[0];
}

function objectTargets(doc: YamlDoc): { value: Record<string, unknown>; base: PathSegment[] }[] {
  const v = doc.value as Record<string, unknown>;
  if (doc.apiVersion === 'v1' && doc.kind === 'List' && Array.isArray(v.items)) {
    return v.items.flatMap((item, i) => (item && typeof item === 'object' && !Array.isArray(item) ? [{ value: item as Record<string, unknown>, base: ['items', i] as PathSegment[] }] : []));
  }
  return [{ value: v, base: [] }];
}

function fieldFinding(file: YamlFile, doc: YamlDoc, path: PathSegment[], c: FieldChange, state: 'absent' | 'disabled', minor: number): Finding {
  const v = versionLabel(minor);
  const at = apiPath(path);
  if (c.value !== undefined) {
    const range = rangeForPath(file, doc, path, 'value');
    if (state === 'absent') {
      return { range, severity: 'error', code: VERSION_CODES.fieldNotInVersion, ...localizable(msg('field-version.value-absent', { value: String(c.value), field: at, version: v, what: c.what, introduced: introducedText(c) })) };
    }
    return { range, severity: 'error', code: VERSION_CODES.fieldDisabledInVersion, ...localizable(msg('field-version.value-disabled', { what: c.what, stage: stageIn(c, minor), version: v, gate: String(c.gate), value: String(c.value), on: String(c.on) })) };
  }
  const range = rangeForPath(file, doc, path, 'key');
  if (state === 'absent') {
    return { range, severity: 'error', code: VERSION_CODES.fieldNotInVersion, ...localizable(msg('field-version.absent', { field: at, version: v, what: c.what, introduced: introducedText(c) })) };
  }
  return { range, severity: 'warning', code: VERSION_CODES.fieldDisabledInVersion, ...localizable(msg('field-version.disabled', { what: c.what, stage: stageIn(c, minor), version: v, gate: String(c.gate), field: at, on: String(c.on) })) };
}

/** `findings` are the document's findings for the newest release; returns them adjusted for 1.`minor`. */
export function versionFindings(file: YamlFile, doc: YamlDoc, findings: Finding[], minor: number): Finding[] {
  if (minor >= NEWEST_MINOR || !doc.isKubernetes || doc.templated || !doc.value || typeof doc.value !== 'object') return findings;
  let out = findings;
  const added: Finding[] = [];
  const v = versionLabel(minor);
  for (const { value, base } of objectTargets(doc)) {
    const apiVersion = value.apiVersion;
    const kind = value.kind;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') continue;
    const removed = findRemovedApi(apiVersion, kind);
    const intro = apiIntroducedIn(apiVersion, kind);
    const mine = (f: Finding) => f.code === VERSION_CODES.removedApi && f.message.startsWith(`${apiVersion} ${kind} `);
    if (intro && minor < intro.since) {
      if (removed) out = out.filter((f) => !mine(f));
      const alt = successorIn(apiVersion, kind, minor);
      added.push({
        range: rangeForPath(file, doc, [...base, 'apiVersion']),
        severity: 'error',
        code: VERSION_CODES.apiNotInVersion,
        ...localizable(msg('api-version.not-yet', { apiVersion, kind, since: String(intro.since), version: v, then: alt ? msg('api-version.use', { apiVersion: alt }) : '' })),
        fixes: alt ? apiVersionFix(file, doc, base, alt) : undefined,
      });
    } else if (removed && minor < removed.removedIn) {
      out = out.filter((f) => !mine(f));
      if (removed.deprecatedIn !== undefined && minor >= removed.deprecatedIn) {
        const to = successorIn(apiVersion, kind, minor, removed.replacement);
        const note = removed.note ? msg('api-version.note', { note: removed.note }) : '';
        added.push({
          range: rangeForPath(file, doc, [...base, 'apiVersion']),
          severity: 'warning',
          code: VERSION_CODES.deprecatedApi,
          ...localizable(msg('api-version.deprecated', { apiVersion, kind, version: v, removedIn: String(removed.removedIn), then: to ? msg('api-version.use', { apiVersion: to }) : '', note })),
          fixes: to ? apiVersionFix(file, doc, base, to) : undefined,
        });
      }
    } else if (removed && removed.replacement && !servedIn(removed.replacement, kind, minor)) {
      // Removed here too, but the newest successor came later: point at what this release serves.
      const to = successorIn(apiVersion, kind, minor);
      const message = localizable(msg('api-version.removed', { apiVersion, kind, removedIn: String(removed.removedIn), then: to ? msg('api-version.use-in', { version: v, apiVersion: to }) : '', note: '' }));
      out = out.map((f) => (mine(f) ? { ...f, ...message, fixes: to ? apiVersionFix(file, doc, base, to) : undefined } : f));
    }
    for (const g of gatedFields(value, minor)) added.push(fieldFinding(file, doc, [...base, ...g.path], g.change, g.state, minor));
  }
  return added.length ? [...out, ...added] : out;
}
