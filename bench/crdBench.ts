import { dump } from 'js-yaml';
import { parseYamlFile } from '../server/src/engine/yaml/documents';
import { WorkspaceIndex } from '../server/src/engine/workspace/index';
import { checkFile } from '../server/src/engine/check';
import { crdsOfFile } from '../server/src/engine/crds/sources';
import { compiledSchema, validateCustomResource } from '../server/src/api/crd/registry';
import { median, now, percentile } from './stats';

/**
 * Custom resources: loading a CRD bundle the size of a monitoring stack's (5.7 MB) and compiling
 * every version's validator, and re-validating an edited custom resource against it, next to the
 * same edit of a built-in kind. The bundle is generated (deterministic, written for this bench):
 * CRDs whose schemas nest like an operator's (pod templates, lists of maps, descriptions).
 */

export interface CrdFigures {
  bundleBytes: number;
  crds: number;
  /** Parse + read CRDs + compile every version's schema, per fresh copy of the bundle (ms). */
  loadMs: number[];
  /** The process's CPU time (user + system) for the same (ms): less sensitive to a shared machine's load. */
  loadCpuMs?: number[];
  /** checkFile after an edit of one custom resource document (ms). */
  crEditMs: number[];
  /** The same for a Deployment in the same workspace (ms). */
  builtinEditMs: number[];
}

const TARGET_BYTES = 5.7e6;
const WORDS = 'the of a to is in and for this field that be value when if not by it specifies set name used can default must with as or an container pod object which'.split(' ');

function description(seed: number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(seed * 7 + i * 13) % WORDS.length]);
  return out.join(' ') + '.';
}

/** An object schema `depth` levels deep with `width` fields per level, like a pod spec's shape. */
function objectSchema(seed: number, depth: number, width: number): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (let i = 0; i < width; i++) {
    const name = `field${String.fromCharCode(97 + (i % 26))}${seed % 97}${i}`;
    const kind = (seed + i) % 6;
    if (depth > 0 && kind === 0) properties[name] = { ...objectSchema(seed * 31 + i, depth - 1, width), description: description(seed + i, 40) };
    else if (depth > 0 && kind === 1)
      properties[name] = { type: 'array', description: description(seed + i, 30), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { ...objectSchema(seed * 17 + i, depth - 1, Math.max(3, width - 2)), required: ['name'] } };
    else if (kind === 2) properties[name] = { type: 'integer', format: 'int32', minimum: 0, description: description(seed + i, 25) };
    else if (kind === 3) properties[name] = { type: 'string', enum: ['Always', 'Never', 'IfNotPresent'], description: description(seed + i, 20) };
    else if (kind === 4) properties[name] = { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }], description: description(seed + i, 20) };
    else properties[name] = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', description: description(seed + i, 30) };
  }
  properties.name = { type: 'string' };
  return { type: 'object', properties };
}

function crd(i: number): Record<string, unknown> {
  const kind = `Monitor${i}`;
  const schema = { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { ...objectSchema(i + 1, 4, 9 + (i % 3)), 'x-kubernetes-validations': [{ rule: 'has(self.name) || !has(self.fielda10)', message: 'name is required with fielda10' }] }, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `monitor${i}s.bench.example.com` },
    spec: {
      group: 'bench.example.com',
      scope: 'Namespaced',
      names: { kind, listKind: `${kind}List`, plural: `monitor${i}s`, singular: `monitor${i}`, categories: ['bench'] },
      versions: [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } },
        { name: 'v1beta1', served: true, storage: false, deprecated: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
      ],
    },
  };
}

export function crdBundle(): { text: string; crds: number } {
  const parts: string[] = [];
  let bytes = 0;
  let i = 0;
  while (bytes < TARGET_BYTES) {
    const text = dump(crd(i++), { lineWidth: -1, noRefs: true });
    parts.push(text);
    bytes += text.length + 4;
  }
  return { text: parts.join('---\n'), crds: i };
}

const CR = (n: number) => `apiVersion: bench.example.com/v1\nkind: Monitor0\nmetadata:\n  name: m\n  namespace: mon\nspec:\n  name: web-${n}\n  fielda10: IfNotPresent\n`;
const DEPLOYMENT = (n: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: mon\n  annotations:\n    revision: "${n}"\nspec:\n  replicas: ${1 + (n % 5)}\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n`;

/** An object of a bench kind with one unknown field (so validation provably ran). */
function sampleOf(kind: string): Record<string, unknown> {
  return { apiVersion: 'bench.example.com/v1', kind, metadata: { name: 'x' }, spec: { name: 'x', notAField: 1 } };
}

export function measureCrds(log: (s: string) => void): CrdFigures {
  const { text, crds } = crdBundle();
  log(`  CRD bundle: ${(text.length / 1e6).toFixed(1)} MB, ${crds} CRDs`);
  const loadMs: number[] = [];
  const loadCpuMs: number[] = [];
  for (let run = 0; run < 4; run++) {
    // A fresh copy each run (a different first line), so nothing is reused from the previous one.
    const copy = `# run ${run}\n${text}`;
    const t = now();
    const cpu = process.cpuUsage();
    const file = parseYamlFile(`file:///bench/crds-${run}.yaml`, copy);
    let compiled = 0;
    for (const def of crdsOfFile(file)) {
      for (const v of def.versions) if (compiledSchema(v)) compiled++;
      // Fields compile on first use: validating one object of each kind is part of "ready".
      const verdict = validateCustomResource(def.versions[0], sampleOf(def.names.kind));
      if (verdict.issues.length === 0) throw new Error(`the sample ${def.names.kind} was not validated`);
    }
    loadMs.push(now() - t);
    const used = process.cpuUsage(cpu);
    loadCpuMs.push((used.user + used.system) / 1000);
    if (compiled !== crds * 2) throw new Error(`compiled ${compiled} schemas, expected ${crds * 2}`);
  }
  log(`  load + compile: ${loadMs.map((m) => m.toFixed(0)).join(', ')} ms (CPU ${loadCpuMs.map((m) => m.toFixed(0)).join(', ')} ms)`);

  const index = new WorkspaceIndex();
  index.update(parseYamlFile('file:///bench/ws/crds.yaml', text));
  const timeEdits = (uri: string, make: (n: number) => string, expectCode?: string): number[] => {
    let file = parseYamlFile(uri, make(0));
    index.update(file);
    checkFile(file, { index });
    const out: number[] = [];
    for (let n = 1; n <= 60; n++) {
      const t = now();
      file = parseYamlFile(uri, make(n), file);
      index.update(file);
      const findings = checkFile(file, { index });
      out.push(now() - t);
      if (expectCode && findings.some((f) => f.code === 'custom-resource')) throw new Error('the custom resource was not checked against its CRD');
    }
    return out;
  };
  const crEditMs = timeEdits('file:///bench/ws/monitor.yaml', CR, 'cr');
  const builtinEditMs = timeEdits('file:///bench/ws/deployment.yaml', DEPLOYMENT);
  log(`  edit re-validation p50/p95: custom resource ${percentile(crEditMs, 50).toFixed(2)}/${percentile(crEditMs, 95).toFixed(2)} ms, Deployment ${percentile(builtinEditMs, 50).toFixed(2)}/${percentile(builtinEditMs, 95).toFixed(2)} ms`);
  return { bundleBytes: text.length, crds, loadMs, loadCpuMs, crEditMs, builtinEditMs };
}

export function crdSection(f: CrdFigures | undefined, fmtMs: (ms: number) => string): string[] {
  if (!f) return ['## Custom resources', '', 'Not run.', ''];
  const first = f.loadMs[0];
  const med = median(f.loadMs.slice(1));
  const crP95 = percentile(f.crEditMs, 95);
  const biP95 = percentile(f.builtinEditMs, 95);
  return [
    '## Custom resources',
    '',
    `A generated CRD bundle of ${(f.bundleBytes / 1e6).toFixed(1)} MB (${f.crds} CRDs, each with a full v1 schema and a deprecated open v1beta1, schemas nested like an operator's: objects four levels deep, lists of maps, enums, patterns, int-or-string, a CEL rule) is parsed, its CRDs read, every version's schema compiled (fields compile on first use) and one object of each kind validated, in-process (bench/crdBench.ts). Then one custom resource and one Deployment in the same workspace are edited 60 times each (one value changed, every text new, so no cached result is reused), timing the parse, index update and \`checkFile\` of the edited file.`,
    '',
    '| target | wanted | measured | |',
    '|---|---|---|---|',
    `| load a 5.7 MB CRD bundle and compile its validators | under 1 s | first ${fmtMs(first)}, then median ${fmtMs(med)}${f.loadCpuMs ? ` (CPU time: first ${fmtMs(f.loadCpuMs[0])}, then median ${fmtMs(median(f.loadCpuMs.slice(1)))})` : ''} | ${verdictOf(first < 1000)} |`,
    `| re-validate an edited custom resource | within a built-in kind's latency | p50 ${fmtMs(percentile(f.crEditMs, 50))}, p95 ${fmtMs(crP95)} (Deployment: p50 ${fmtMs(percentile(f.builtinEditMs, 50))}, p95 ${fmtMs(biP95)}) | ${verdictOf(crP95 <= Math.max(biP95 * 1.5, biP95 + 1))} |`,
    '',
  ];
}

function verdictOf(met: boolean): string {
  return met ? 'met' : '**missed**';
}
