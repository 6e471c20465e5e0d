import type { Finding, Range } from '../findings';
import type { YamlFile } from '../yaml/documents';
import type { ManifestObject } from './locate';
import { isApiServerRejection } from '../apiServerValidation';
import { CHECK_CODES } from '../check';

/**
 * Which manifests a dry run may simulate: the API server refuses a document that `check` reports
 * an API-server rejection for, so such a document never reaches the simulated cluster. It is listed as not
 * simulated, with the file, the line and the check's message (which is the API server's field
 * error, `spec.containers[0].name: Invalid value: ...`), worded as the API server words a refusal.
 *
 * The decision reads the findings `check` reports (one truth): the caller passes them per file.
 */

/** A manifest the dry run did not simulate, and why. */
export interface RejectedManifest {
  /** `Kind/name`, as kubectl names it */
  object: string;
  /** The API server's message for the whole document */
  message: string;
  uri?: string;
  /** The first finding that refuses it */
  range?: Range;
  code?: string;
}

/**
 * The check findings of a document that make the API server refuse it: exactly those the
 * simulated API server refuses for (isApiServerRejection, one list for both), plus YAML kubectl
 * cannot read (it never sends it). Other errors (a probe's unknown named port, which the kubelet
 * meets; Pod Security, which the simulated admission decides and words; a failed kustomize build)
 * do not keep a document out. A duplicate key does not either: kubectl keeps the later value.
 */
export function refusals(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.source !== 'kube-rehearsal dry-run' && (f.code === CHECK_CODES.syntax || isApiServerRejection(f)));
}

/** Field errors (`spec.x: Invalid value: ...`) are joined as the API server joins them. */
const FIELD_ERROR = /^[\w.[\]"/-]+: (Invalid value|Required value|Unsupported value|Duplicate value|Forbidden|Too long|Too many|Not found)/;

/**
 * A schema finding in the API server's words where the check words it its own way: a missing
 * field is the API server's `Required value`, an unknown one kubectl's strict decoding error.
 */
function apiWords(f: Finding): string {
  const required = /^missing required field "([^"]+)" in (.+)$/.exec(f.message);
  if (f.code === 'missing-required-field' && required) {
    const where = /^[\w.[\]]+$/.test(required[2]) ? `${required[2]}.` : '';
    return `${where}${required[1]}: Required value`;
  }
  const unknown = /^unknown field "([^"]+)"/.exec(f.message);
  if (f.code === 'unknown-field' && unknown) return `strict decoding error: unknown field "${unknown[1]}"`;
  return f.message;
}

/** The API server's words for refusing `o` because of `findings` (the check's messages). */
export function refusalMessage(o: Pick<ManifestObject, 'kind' | 'name'>, findings: readonly Finding[]): string {
  const syntax = findings.find((f) => f.code === 'yaml-syntax');
  // kubectl never sends a document it cannot read: it stops at the conversion to JSON.
  if (syntax) return `error converting YAML to JSON: ${syntax.message.replace(/^YAML syntax error: /, '')}`;
  const words = findings.map(apiWords);
  const fields = words.filter((m) => FIELD_ERROR.test(m));
  const other = words.filter((m) => !FIELD_ERROR.test(m));
  const parts: string[] = [];
  if (fields.length) parts.push(`${o.kind} "${o.name ?? ''}" is invalid: ${fields.length === 1 ? fields[0] : `[${fields.join(', ')}]`}`);
  parts.push(...other);
  return parts.join('; ');
}

/** The findings of `file` that lie in the document of `o`. */
export function findingsOfDocument(o: Pick<ManifestObject, 'file' | 'doc'>, findings: readonly Finding[]): Finding[] {
  const { file, doc } = o;
  const atEnd = doc.end >= file.text.length;
  return findings.filter((f) => {
    const offset = file.lines.offsetAt(f.range.start);
    return offset >= doc.start && (offset < doc.end || (atEnd && offset <= doc.end));
  });
}

export interface Admission<T extends ManifestObject> {
  admitted: T[];
  rejected: RejectedManifest[];
}

/**
 * Splits the objects of a dry run into those the API server accepts and those it refuses, by the
 * check's findings of each object's file (`findingsFor` is called once per file).
 */
export function admit<T extends ManifestObject>(objects: readonly T[], findingsFor: (file: YamlFile) => readonly Finding[]): Admission<T> {
  const perFile = new Map<string, readonly Finding[]>();
  const admitted: T[] = [];
  const rejected: RejectedManifest[] = [];
  for (const o of objects) {
    let all = perFile.get(o.uri);
    if (!all) {
      all = refusals(findingsFor(o.file));
      perFile.set(o.uri, all);
    }
    const own = all.length ? findingsOfDocument(o, all) : [];
    if (own.length === 0) {
      admitted.push(o);
      continue;
    }
    rejected.push({ object: `${o.kind}/${o.name ?? ''}`, message: refusalMessage(o, own), uri: o.uri, range: own[0].range, code: own[0].code });
  }
  return { admitted, rejected };
}

/** A refusal of the simulated API server (`kind/name` and its message), placed on the manifest it names. */
export function placeRefusal(r: { object: string; message: string }, objects: readonly (ManifestObject & { nameRange?: Range; range?: Range })[]): RejectedManifest {
  const slash = r.object.indexOf('/');
  const kind = r.object.slice(0, slash).toLowerCase();
  const name = r.object.slice(slash + 1);
  const o = objects.find((x) => x.kind.toLowerCase() === kind && x.name === name);
  return o ? { ...r, uri: o.uri, range: o.nameRange ?? o.range } : r;
}
