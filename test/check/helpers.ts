import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../server/src/engine/findings';
import { parseYamlFile, type YamlFile } from '../../server/src/engine/yaml/documents';
import { checkFiles, type CheckOptions } from '../../server/src/engine/check';

export const FIXTURES = join(__dirname, '..', '..', 'test-fixtures');

export function fixture(rel: string): YamlFile {
  const path = join(FIXTURES, rel);
  return parseYamlFile(path, readFileSync(path, 'utf8'));
}

/** Findings of the checker's own codes (the semantic rules are tested by their owner). */
export const OWN_CODES = new Set([
  'yaml-syntax',
  'duplicate-key',
  'unknown-kind',
  'wrong-api-version',
  'removed-api-version',
  'custom-resource',
  'unknown-field',
  'missing-required-field',
  'wrong-type',
  'value-not-in-enum',
  'internal-error',
]);

export function check(files: YamlFile[], options: CheckOptions = {}): Map<string, Finding[]> {
  return checkFiles(files, options);
}

export function own(findings: Finding[] | undefined): Finding[] {
  return (findings ?? []).filter((f) => OWN_CODES.has(f.code));
}

/** `line:col-line:col code` with 1-based lines and columns, for compact assertions. */
export function brief(f: Finding): string {
  const r = f.range;
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${f.code}`;
}

export function checkText(text: string, uri = 'inline.yaml', options: CheckOptions = {}): Finding[] {
  const f = parseYamlFile(uri, text);
  return checkFiles([f], options).get(uri) ?? [];
}
