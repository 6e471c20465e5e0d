import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseYamlFile } from '../server/src/engine/yaml/documents';
import { WorkspaceIndex } from '../server/src/engine/workspace/index';
import { checkFileSteps } from '../server/src/engine/check';
import { DEFAULT_SETTINGS } from '../server/src/engine/config';
import { kustomizeConfigFiles, kustomizePatchFiles } from '../server/src/engine/kustomizePatches';
import { mergeFindings } from '../server/src/engine/kustomize/checkBuilds';
import { diagnosticsSteps } from '../server/src/lsp/services/diagnostics';
import { drain } from '../server/src/engine/steps';
import type { Diagnostic } from 'vscode-languageserver/node';
import { encodeMessage } from '../server/src/lsp/messageEncoding';
import { editedSince, updateLogged } from '../server/src/lsp/documentEdits';
import { boundFindings } from '../server/src/lsp/diagnosticBounds';
import { median, percentile } from './stats';
import type { Finding } from '../server/src/engine/findings';

/**
 * The language server's edit path in one process, for profiling (`node --cpu-prof`) and CPU time
 * per edit without transport: the bench's edits (bench/lspBench.ts) applied as incremental
 * changes to a TextDocument (logging where they fell, documentEdits.ts), then parse (told where),
 * index update, check, the bounds on what is shown and the encoded publication, as the server
 * does them. `npx tsx bench/editProfile.ts bench/work/docs-10000.yaml [edits]`.
 */

const path = process.argv[2] ?? 'bench/work/docs-1000.yaml';
const edits = Number(process.argv[3] ?? 20);
const text = readFileSync(path, 'utf8');
const uri = pathToFileURL(path).href;
const EDIT_LINE = /^\s*(?:- )?(?:name|image|app|value):\s+\S/;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const lines = text.split('\n');
const candidates = lines.map((l, i) => (EDIT_LINE.test(l) ? i : -1)).filter((i) => i >= 0);
const r = rng(11);
const editLines: number[] = [];
for (let k = 0; k < Math.ceil(edits / 2); k++) editLines.push(candidates[Math.floor(r() * candidates.length)]);

const index = new WorkspaceIndex();
let doc = TextDocument.create(uri, 'yaml', 1, text);
let file = parseYamlFile(uri, text);

const parts: Record<string, number[]> = { parse: [], index: [], check: [], publish: [] };
const cpu = (t: NodeJS.CpuUsage): number => (t.user + t.system) / 1000;

let last: { findings: readonly Finding[]; diagnostics: readonly Diagnostic[] } | undefined;

let parsedVersion = 1;
function cycle(): number {
  const t0 = process.cpuUsage();
  file = parseYamlFile(uri, doc.getText(), file, editedSince(doc, parsedVersion));
  parsedVersion = doc.version;
  const t1 = process.cpuUsage();
  index.update(file);
  const t2 = process.cpuUsage();
  const options = { settings: DEFAULT_SETTINGS, index, patchFiles: kustomizePatchFiles(index.allFiles()), configFiles: kustomizeConfigFiles(index.allFiles()), extraCrds: [], kubernetesMinor: undefined };
  const steps = checkFileSteps(file, options);
  let res = steps.next();
  while (!res.done) res = steps.next();
  const t3 = process.cpuUsage();
  const findings = mergeFindings(res.value, undefined);
  const shown = boundFindings(file, findings).shown;
  const diagnostics = drain(diagnosticsSteps(shown, last));
  last = { findings: shown, diagnostics };
  const bytes = encodeMessage({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version: doc.version, diagnostics } } as never);
  const t4 = process.cpuUsage();
  if (bytes.length === 0) throw new Error('empty');
  parts.parse.push(cpu(t1) - cpu(t0));
  parts.index.push(cpu(t2) - cpu(t1));
  parts.check.push(cpu(t3) - cpu(t2));
  parts.publish.push(cpu(t4) - cpu(t3));
  return cpu(t4) - cpu(t0);
}

const open = cycle();
console.log(`open: ${open.toFixed(0)} ms CPU`);
// The server computes the line offsets after the open (workspaceState), not on the first edit.
doc.positionAt(0);
// EDIT_PROFILE=out.cpuprofile: a CPU profile of the edits alone (the open left out).
const profileTo = process.env.EDIT_PROFILE;
const session = profileTo ? new Session() : undefined;
const post = (method: string, params?: object): Promise<unknown> => new Promise((resolve, reject) => session!.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));
async function main(): Promise<void> {
if (session) {
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
}
const times: number[] = [];
let version = 1;
for (const line of editLines) {
  for (const insert of ['x', undefined]) {
    const current = doc.getText();
    const lineText = lines[line] + (insert ? '' : 'x');
    const character = lineText.length;
    const change = insert ? { range: { start: { line, character }, end: { line, character } }, text: insert } : { range: { start: { line, character: character - 1 }, end: { line, character } }, text: '' };
    const t0 = process.cpuUsage();
    doc = updateLogged(doc, [change], ++version);
    const tu = process.cpuUsage(t0);
    void current;
    times.push(cycle() + (tu.user + tu.system) / 1000);
    if (times.length >= edits) break;
  }
}
console.log(`edits: ${times.length}, CPU ms per edit: median ${median(times).toFixed(1)}, p95 ${percentile(times, 95).toFixed(1)}, max ${Math.max(...times).toFixed(1)}`);
console.log(times.map((t) => t.toFixed(0)).join(' '));
if (process.env.EDIT_PARTS) for (let i = 1; i < parts.parse.length; i++) console.log(`edit ${i}: ${Object.entries(parts).map(([k, v]) => `${k} ${v[i].toFixed(1)}`).join(', ')}`);
// Medians of the parts (the open excluded); the text update of the TextDocument is the rest.
console.log(Object.entries(parts).map(([k, v]) => `${k} ${median(v.slice(1)).toFixed(1)}`).join(', '));
if (session) {
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  writeFileSync(profileTo!, JSON.stringify(profile));
}
}
void main();
