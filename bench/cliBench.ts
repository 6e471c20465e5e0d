import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitDocuments } from '../server/src/engine/yaml/documents';
import { corpusFiles, CORPORA_DIR, type Workload } from './workloads';
import { median, now } from './stats';

/** `kube-rehearsal check` throughput: start-up measured on one small manifest, then per-document cost. */

const CLI = join(__dirname, '..', 'dist', 'cli.js');
const ONE = join(__dirname, '..', 'test-fixtures');

export interface CliRow {
  label: string;
  documents: number;
  ms: number;
  docsPerS: number;
  marginalDocsPerS: number;
}

function timeCheck(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = now();
    const r = spawnSync(process.execPath, [CLI, 'check', ...args, '--format', 'json'], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
    const ms = now() - t0;
    if (r.status !== 0 && r.status !== 1) throw new Error(`kube-rehearsal check ${args.join(' ')} exited ${r.status}`);
    if (i > 0) times.push(ms); // the first run warms the disk cache
  }
  return median(times);
}

function countDocuments(text: string): number {
  return splitDocuments(text).filter(({ start, end }) => /^\s*[^\s#-]/m.test(text.slice(start, end))).length;
}

export function measureCli(workloads: Workload[], log: (s: string) => void, tinyManifest: string): { startupMs: number; rows: CliRow[] } {
  const startupMs = timeCheck([tinyManifest], 3);
  log(`  cli start-up (one manifest): ${startupMs.toFixed(0)} ms`);
  const rows: CliRow[] = [];
  const corpus = corpusFiles();
  const corpusDocs = corpus.reduce((n, f) => n + countDocuments(readFileSync(f, 'utf8')), 0);
  const inputs = [{ label: `whole corpus (${corpus.length} files)`, args: [CORPORA_DIR], documents: corpusDocs, runs: 3 }, ...workloads.map((w) => ({ label: w.label, args: [w.path], documents: w.documents, runs: w.documents >= 10000 ? 1 : 3 }))];
  for (const input of inputs) {
    const ms = timeCheck(input.args, input.runs);
    const row = { label: input.label, documents: input.documents, ms, docsPerS: input.documents / (ms / 1000), marginalDocsPerS: input.documents / (Math.max(1, ms - startupMs) / 1000) };
    rows.push(row);
    log(`  cli ${input.label}: ${ms.toFixed(0)} ms, ${row.docsPerS.toFixed(0)} docs/s (${row.marginalDocsPerS.toFixed(0)} docs/s after start-up)`);
  }
  return { startupMs, rows };
}

export { ONE };
