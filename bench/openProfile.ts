import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseYamlFileSteps } from '../server/src/engine/yaml/documents';
import { WorkspaceIndex } from '../server/src/engine/workspace/index';
import { checkFileSteps } from '../server/src/engine/check';
import { DEFAULT_SETTINGS } from '../server/src/engine/config';
import { kustomizeConfigFiles, kustomizePatchFiles } from '../server/src/engine/kustomizePatches';
import { mergeFindings } from '../server/src/engine/kustomize/checkBuilds';
import { diagnosticsSteps } from '../server/src/lsp/services/diagnostics';
import { drain } from '../server/src/engine/steps';
import { encodeMessage } from '../server/src/lsp/messageEncoding';

/**
 * The language server's open of a file in one process, for CPU time by phase without transport
 * or start-up: a TextDocument made, the parse in steps, the index update, the check in steps,
 * the diagnostics with their JSON and the encoded publication, as the server does them.
 * `npx tsx bench/openProfile.ts bench/work/docs-1000.yaml [repeats]`: the first open is cold (as
 * in a fresh server); later ones open a fresh index and parse with the code warm. Bundled as the
 * server is, the figures are closer to its own: `npx esbuild bench/openProfile.ts --bundle
 * --platform=node --minify --outfile=/tmp/openProfile.js && node /tmp/openProfile.js <file> [repeats]`
 * (Node.js options such as --max-semi-space-size=4 go before the script).
 */

const path = process.argv[2] ?? 'bench/work/docs-1000.yaml';
const repeats = Number(process.argv[3] ?? 1);
const text = readFileSync(path, 'utf8');
const uri = pathToFileURL(path).href;
const cpu = (t: NodeJS.CpuUsage): number => (t.user + t.system) / 1000;

const kept: unknown[] = [];
// PRELOAD=1: a one-document file is opened first, so what the first check of any file loads
// (schemas, validators, catalogs) is not counted in the big open.
if (process.env.PRELOAD) {
  const small = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: a}\n    spec:\n      containers:\n      - name: a\n        image: nginx\n';
  const f = drain(parseYamlFileSteps('file:///preload.yaml', small, undefined));
  const index = new WorkspaceIndex();
  index.update(f);
  const t0 = process.cpuUsage();
  drain(diagnosticsSteps(drain(checkFileSteps(f, { settings: DEFAULT_SETTINGS, index })), undefined));
  console.log(`preload: ${cpu(process.cpuUsage(t0)).toFixed(0)} ms CPU`);
}
// PROFILE=file.cpuprofile: a CPU profile of the opens from the PROFILE_FROM-th on (1 by default).
const profileTo = process.env.PROFILE;
const profileFrom = Number(process.env.PROFILE_FROM ?? 1);
const session = profileTo ? new Session() : undefined;
const post = (method: string, params?: object): void => session!.post(method, params ?? {}, (e) => {
  if (e) throw e;
});
for (let run = 0; run < repeats; run++) {
  if (session && run + 1 === profileFrom) {
    session.connect();
    post('Profiler.enable');
    post('Profiler.setSamplingInterval', { interval: 250 });
    post('Profiler.start');
  }
  // Later runs open another URI with a text whose every document differs from the earlier runs'
  // (a comment line added), so no per-file or per-text cache answers for them: only the code is warm.
  const u = run === 0 ? uri : `${uri}?${run}`;
  const t = run === 0 ? text : text.replace(/^---$/gm, `---\n# run ${run}`);
  const t0 = process.cpuUsage();
  const doc = TextDocument.create(u, 'yaml', 1, t);
  const file = drain(parseYamlFileSteps(u, doc.getText(), undefined));
  const t1 = process.cpuUsage();
  const index = new WorkspaceIndex();
  index.update(file);
  const t2 = process.cpuUsage();
  const options = { settings: DEFAULT_SETTINGS, index, patchFiles: kustomizePatchFiles(index.filesReadByName()), configFiles: kustomizeConfigFiles(index.filesReadByName()), extraCrds: [], kubernetesMinor: undefined };
  const findings = mergeFindings(drain(checkFileSteps(file, options)), undefined);
  const t3 = process.cpuUsage();
  const diagnostics = drain(diagnosticsSteps(findings, undefined));
  const bytes = encodeMessage({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: u, version: 1, diagnostics } } as never);
  const t4 = process.cpuUsage();
  kept.push({ doc, file, index, findings, diagnostics });
  console.log(
    `open ${run + 1}: ${(cpu(t4) - cpu(t0)).toFixed(0)} ms CPU (parse ${(cpu(t1) - cpu(t0)).toFixed(0)}, index ${(cpu(t2) - cpu(t1)).toFixed(0)}, check ${(cpu(t3) - cpu(t2)).toFixed(0)}, diagnostics ${(cpu(t4) - cpu(t3)).toFixed(0)}); ${findings.length} findings, ${bytes.length} bytes`,
  );
}
if (session) session.post('Profiler.stop', (e, r) => writeFileSync(profileTo!, JSON.stringify(r.profile)));
// HEAP_SNAPSHOT=file: a heap snapshot once the opens are done (what the open keeps).
if (process.env.HEAP_SNAPSHOT) {
  (globalThis as { keep?: unknown }).keep = kept;
  require('node:v8').writeHeapSnapshot(process.env.HEAP_SNAPSHOT);
}
