/**
 * The large inputs of issue 20 over the real language server (stdio): for each, the time from
 * didOpen to its first diagnostics, and the waits of hovers on another open file sent one at a
 * time every 20 ms meanwhile (the longest is how long the server was unresponsive). Then a hover
 * on the large file itself, and one on the small file sent right after it.
 *   npx tsx bench/largeInputsLsp.ts [name ...]
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { startLspClient, type LspClient } from '../test/support/server';

/** CPU time (ms) a process has used so far (Linux: /proc/<pid>/stat, in clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
import { LARGE_INPUTS } from '../test/robustness/support/largeInputs';

export interface LargeInputFigure {
  name: string;
  chars: number;
  firstDiagnosticsMs: number;
  /** CPU time of the server process (user + system) from the open to the diagnostics: what the wall time is on an idle machine. */
  serverCpuMs: number;
  findings: number;
  hovers: number;
  longestWaitMs: number;
  bigHoverMs: number;
  smallHoverAfterBigMs: number;
}

const SMALL = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: q\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n';

async function timed<T>(p: Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await p;
  return { value, ms: performance.now() - t };
}

export async function measureLargeInput(client: LspClient, name: string, text: string, hoverAt = { line: 3, character: 4 }): Promise<LargeInputFigure> {
  const { conn } = client;
  const small = pathToFileURL(join(client.workspace, `small-${name}.yaml`)).href;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: small, languageId: 'yaml', version: 1, text: SMALL } });
  await conn.sendRequest('textDocument/hover', { textDocument: { uri: small }, position: { line: 1, character: 2 } });
  const big = pathToFileURL(join(client.workspace, `${name}.yaml`)).href;
  const started = performance.now();
  const cpuBefore = processCpuMs(client.process.pid!);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: big, languageId: 'yaml', version: 1, text } });
  let out = false;
  let cpuAfter = 0;
  const published = client.waitForPublication(big, (p) => p.version === 1).then((e) => {
    out = true;
    cpuAfter = processCpuMs(client.process.pid!);
    return e;
  });
  const waits: number[] = [];
  while (!out) {
    const h = await timed(conn.sendRequest('textDocument/hover', { textDocument: { uri: small }, position: { line: 1, character: 2 } }));
    waits.push(Math.round(h.ms));
    await new Promise((r) => setTimeout(r, 20));
  }
  const e = await published;
  // A hover on the large file, and one on the small file sent just after it.
  const bigHover = timed(conn.sendRequest('textDocument/hover', { textDocument: { uri: big }, position: hoverAt }));
  const smallHover = timed(conn.sendRequest('textDocument/hover', { textDocument: { uri: small }, position: { line: 1, character: 2 } }));
  const [b, s] = await Promise.all([bigHover, smallHover]);
  await conn.sendNotification('textDocument/didClose', { textDocument: { uri: big } });
  await conn.sendNotification('textDocument/didClose', { textDocument: { uri: small } });
  return { name, chars: text.length, firstDiagnosticsMs: Math.round(e.at - started), serverCpuMs: cpuAfter - cpuBefore, findings: e.params.diagnostics.length, hovers: waits.length, longestWaitMs: Math.max(0, ...waits), bigHoverMs: Math.round(b.ms), smallHoverAfterBigMs: Math.round(s.ms) };
}

/** Extra inputs for the steps that were one piece: one multi-megabyte document on the fast path, a 40,000-key block map under an anchor. */
export const MORE_INPUTS: Record<string, () => string> = {
  bigConfigMap: () => {
    let s = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n';
    for (let i = 0; i < 100_000; i++) s += `  key-${i}: "value number ${i} of a large generated config map"\n`;
    return s;
  },
  anchoredBlockMap: () => {
    let s = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: block\n  labels: &l {a: b}\ndata:\n';
    for (let i = 0; i < 40_000; i++) s += `  k${i}: v${i}\n`;
    return s;
  },
};

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const all: Record<string, () => string> = { ...Object.fromEntries(Object.entries(LARGE_INPUTS).map(([k, f]) => [k, () => f(1)])), ...MORE_INPUTS };
  // A file without findings publishes nothing: one wrong document after the million markers marks the end of its check.
  all.separators = () => LARGE_INPUTS.separators(1) + 'apiVersion: v1\nkind: Nope\n';
  const client = await startLspClient({ prefix: 'kr-bench-large-' });
  console.log(`${new Date().toISOString()} load ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs`);
  try {
    for (const name of names.length ? names : Object.keys(all)) {
      // A twentieth of the input first, so the figures are those of a server that has compiled its code (not of its first minutes).
      if (name in LARGE_INPUTS) await measureLargeInput(client, `warm-${name}`, LARGE_INPUTS[name](0.05) + (name === 'separators' ? 'apiVersion: v1\nkind: Nope\n' : ''));
      const f = await measureLargeInput(client, name, all[name]());
      console.log(JSON.stringify(f));
    }
  } finally {
    await client.stop();
  }
}

if (require.main === module) void main();
