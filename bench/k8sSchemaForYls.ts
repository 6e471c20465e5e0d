import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The same Kubernetes 1.36 schema our server bundles (schemas/_definitions.json + index.json),
 * laid out as yaml-language-server's `kubernetes` keyword expects it: an `all.json` whose `oneOf`
 * refers to `_definitions.json#/definitions/<type>`, with each top-level kind's `apiVersion` and
 * `kind` pinned by enums and tagged with `x-kubernetes-group-version-kind`, as the published
 * strict schemas are. The harness serves both files from memory through `vscode/content`.
 */

interface IndexEntry {
  group: string;
  version: string;
  kind: string;
  apiVersion: string;
  definition: string;
  creatable: boolean;
}

export function kubernetesSchemaFiles(root = join(__dirname, '..')): { 'all.json': string; '_definitions.json': string } {
  const definitions = JSON.parse(readFileSync(join(root, 'schemas', '_definitions.json'), 'utf8')).definitions as Record<string, Record<string, unknown>>;
  const index = JSON.parse(readFileSync(join(root, 'schemas', 'index.json'), 'utf8')).kinds as IndexEntry[];
  const byDefinition = new Map<string, IndexEntry[]>();
  for (const e of index) {
    if (!definitions[e.definition]) continue;
    byDefinition.set(e.definition, [...(byDefinition.get(e.definition) ?? []), e]);
  }
  const out: Record<string, unknown> = { ...definitions };
  for (const [name, entries] of byDefinition) {
    const def = definitions[name];
    const props = { ...((def.properties as Record<string, Record<string, unknown>>) ?? {}) };
    props.apiVersion = { ...(props.apiVersion ?? { type: 'string' }), enum: [...new Set(entries.map((e) => e.apiVersion))] };
    props.kind = { ...(props.kind ?? { type: 'string' }), enum: [...new Set(entries.map((e) => e.kind))] };
    out[name] = { ...def, properties: props, 'x-kubernetes-group-version-kind': entries.map((e) => ({ group: e.group, version: e.version, kind: e.kind })) };
  }
  const all = { oneOf: [...byDefinition.keys()].sort().map((d) => ({ $ref: `_definitions.json#/definitions/${d}` })) };
  return { 'all.json': JSON.stringify(all), '_definitions.json': JSON.stringify({ definitions: out }) };
}
