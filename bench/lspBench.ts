import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LspClient, type ServerSpec } from './lspClient';
import { median, percentile } from './stats';
import type { Workload } from './workloads';

/**
 * Language-server figures for one workload and one server: first diagnostics after didOpen
 * (fresh process per run), resident memory after loading, completion and hover latency at many
 * positions, and one-character edits to the next diagnostics.
 */

export interface LspPlan {
  /** Fresh-process runs measured for the first diagnostics (after one warm-up run per server). */
  openRuns: number;
  edits: number;
  positions: number;
}

export interface LspFigures {
  server: string;
  workload: string;
  initializeMs: number[];
  firstDiagnosticsMs: number[];
  /** Server CPU time (user + system) from didOpen to the first diagnostics. */
  firstDiagnosticsCpuMs?: number[];
  diagnosticsCount: number;
  /** Diagnostics by code in the publication after loading (shows what was actually checked). */
  codes: Record<string, number>;
  rssMiB: number;
  editMs: number[];
  completionMs: number[];
  completionItems: number;
  hoverMs: number[];
  hoversWithContent: number;
  failures: string[];
}

/** Deterministic pseudo-random numbers, so both servers get the same positions and edits. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const KEY_LINE = /^(\s*(?:- )?)([A-Za-z][A-Za-z0-9]*):(?: |$)/;
const EDIT_LINE = /^\s*(?:- )?(?:name|image|app|value):\s+\S/;

function pick(lines: string[], re: RegExp, count: number, seed: number): number[] {
  const candidates = lines.map((l, i) => (re.test(l) ? i : -1)).filter((i) => i >= 0);
  const r = rng(seed);
  const out: number[] = [];
  for (let k = 0; k < count && candidates.length; k++) out.push(candidates[Math.floor(r() * candidates.length)]);
  return out;
}

export async function measureServer(spec: ServerSpec, w: Workload, plan: LspPlan, log: (s: string) => void): Promise<LspFigures> {
  const text = readFileSync(w.path, 'utf8');
  const lines = text.split('\n');
  const uri = pathToFileURL(w.path).href;
  const fig: LspFigures = { server: spec.name, workload: w.id, initializeMs: [], firstDiagnosticsMs: [], firstDiagnosticsCpuMs: [], diagnosticsCount: NaN, codes: {}, rssMiB: NaN, editMs: [], completionMs: [], completionItems: 0, hoverMs: [], hoversWithContent: 0, failures: [] };

  for (let run = 0; run < plan.openRuns; run++) {
    const client = new LspClient(spec);
    try {
      await client.initialize();
      fig.initializeMs.push(client.initializeMs);
      const opened = await client.open(uri, text);
      if (!opened.pub) {
        fig.failures.push('no diagnostics after didOpen');
        continue;
      }
      fig.firstDiagnosticsMs.push(opened.ms);
      fig.firstDiagnosticsCpuMs!.push(opened.cpuMs);
      log(`  ${spec.name} ${w.id} run ${run + 1}: first diagnostics ${opened.ms.toFixed(0)} ms (${opened.pub.count})`);
      if (run < plan.openRuns - 1) continue;

      // The last run goes on: memory once loaded, then requests, then edits.
      await client.settle(1000);
      const loaded = client.last.get(uri) ?? opened.pub;
      fig.diagnosticsCount = loaded.count;
      for (const d of loaded.diagnostics) {
        const code = d.code === undefined || d.code === null || d.code === '' ? '(none)' : String(d.code);
        fig.codes[code] = (fig.codes[code] ?? 0) + 1;
      }
      fig.rssMiB = (await client.memory())?.rssMiB ?? NaN;

      const keyLines = pick(lines, KEY_LINE, plan.positions, 7);
      for (const [i, line] of keyLines.entries()) {
        const m = KEY_LINE.exec(lines[line])!;
        // Half at the end of a key (field names), half right after `key: ` (values).
        const character = i % 2 === 0 ? m[1].length + m[2].length : m[0].length;
        const c = await client.timed<{ items?: unknown[] } | unknown[] | null>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
        fig.completionMs.push(c.ms);
        fig.completionItems += Array.isArray(c.result) ? c.result.length : (c.result?.items?.length ?? 0);
        const h = await client.timed<{ contents?: unknown } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: m[1].length + 1 } });
        fig.hoverMs.push(h.ms);
        if (h.result && h.result.contents) fig.hoversWithContent++;
      }

      const editLines = pick(lines, EDIT_LINE, Math.ceil(plan.edits / 2), 11);
      let version = 1;
      const current = [...lines];
      for (const line of editLines) {
        const character = current[line].length;
        // Insert one character at the end of a value, then take it out again.
        for (const insert of ['x', undefined]) {
          await client.settle(insert === 'x' ? 300 : 50);
          current[line] = insert ? current[line] + insert : current[line].slice(0, -1);
          version++;
          const r = await client.edit(uri, version, current.join('\n'), { line, character, insert });
          if (r.pub) fig.editMs.push(r.ms);
          else fig.failures.push(`no diagnostics after edit ${version}`);
          if (fig.editMs.length >= plan.edits) break;
        }
      }
      log(`  ${spec.name} ${w.id}: rss ${fig.rssMiB.toFixed(0)} MiB, edit p95 ${percentile(fig.editMs, 95).toFixed(0)} ms, completion p95 ${percentile(fig.completionMs, 95).toFixed(1)} ms, hover p95 ${percentile(fig.hoverMs, 95).toFixed(1)} ms`);
    } catch (e) {
      fig.failures.push(e instanceof Error ? e.message : String(e));
    } finally {
      await client.close();
    }
  }
  return fig;
}

export function summary(f: LspFigures): Record<string, number> {
  return {
    initialize: median(f.initializeMs),
    first: median(f.firstDiagnosticsMs),
    firstCpu: median(f.firstDiagnosticsCpuMs ?? []),
    editP50: percentile(f.editMs, 50),
    editP95: percentile(f.editMs, 95),
    completionP50: percentile(f.completionMs, 50),
    completionP95: percentile(f.completionMs, 95),
    hoverP50: percentile(f.hoverMs, 50),
    hoverP95: percentile(f.hoverMs, 95),
    rss: f.rssMiB,
    diagnostics: f.diagnosticsCount,
  };
}
