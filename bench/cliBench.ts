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
  /** The CLI reported the input as too large and did not check it. */
  skipped?: boolean;
}

function timeCheck(args: string[], runs: number): { ms: number; skipped: boolean } {
  const times: number[] = [];
  let skipped = false;
  for (let i = 0; i < runs + 1; i++) {
    const t0 = now();
    const r = spawnSync(process.execPath, [CLI, 'check', ...args, '--format', 'json'], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 30, encoding: 'utf8' });
    const ms = now() - t0;
    if (r.status !== 0 && r.status !== 1) throw new Error(`kube-rehearsal check ${args.join(' ')} exited ${r.status}`);
    // A file over the checker's size limit is reported, not checked: its time is not throughput.
    skipped = r.stdout.includes('"file-too-large"');
    if (i > 0) times.push(ms); // the first run warms the disk cache
  }
  return { ms: median(times), skipped };
}

function countDocuments(text: string): number {
  return splitDocuments(text).filter(({ start, end }) => /^\s*[^\s#-]/m.test(text.slice(start, end))).length;
}

export function measureCli(workloads: Workload[], log: (s: string) => void, tinyManifest: string): { startupMs: number; rows: CliRow[] } {
  const startupMs = timeCheck([tinyManifest], 3).ms;
  log(`  cli start-up (one manifest): ${startupMs.toFixed(0)} ms`);
  const rows: CliRow[] = [];
  const corpus = corpusFiles();
  const corpusDocs = corpus.reduce((n, f) => n + countDocuments(readFileSync(f, 'utf8')), 0);
  const inputs = [{ label: `whole corpus (${corpus.length} files)`, args: [CORPORA_DIR], documents: corpusDocs, runs: 3 }, ...workloads.map((w) => ({ label: w.label, args: [w.path], documents: w.documents, runs: w.documents >= 10000 ? 1 : 3 }))];
  for (const input of inputs) {
    const { ms, skipped } = timeCheck(input.args, input.runs);
    const row = { label: input.label, documents: input.documents, ms, docsPerS: input.documents / (ms / 1000), marginalDocsPerS: input.documents / (Math.max(1, ms - startupMs) / 1000), skipped };
    rows.push(row);
    log(`  cli ${input.label}: ${ms.toFixed(0)} ms, ${row.docsPerS.toFixed(0)} docs/s (${row.marginalDocsPerS.toFixed(0)} docs/s after start-up)`);
  }
  return { startupMs, rows };
}

export { ONE };
