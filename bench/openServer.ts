import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lspClient';
import { ourServer } from './servers';
import { median } from './stats';

/**
 * Our language server alone, started as the VS Code client starts it (bench/servers.ts), opening
 * one file in fresh processes: first diagnostics (wall and server CPU time) and resident memory
 * once they are in and after the bench's 1 s of quiet, without yaml-language-server's minutes.
 * `npx tsx bench/openServer.ts bench/work/docs-1000.yaml [runs]` (bench/run.ts writes bench/work).
 */

async function main(): Promise<void> {
  const path = process.argv[2] ?? 'bench/work/docs-1000.yaml';
  const runs = Number(process.argv[3] ?? 3);
  const text = readFileSync(path, 'utf8');
  const uri = pathToFileURL(path).href;
  const wall: number[] = [];
  const cpu: number[] = [];
  const rss: number[] = [];
  for (let run = 0; run < runs; run++) {
    const client = new LspClient(ourServer());
    try {
      await client.initialize();
      const opened = await client.open(uri, text);
      const atDiagnostics = await client.memory();
      // As bench/lspBench.ts reads it: once no diagnostics have come for 1 s.
      await client.settle(1000);
      const settled = await client.memory();
      wall.push(opened.ms);
      cpu.push(opened.cpuMs);
      rss.push(settled?.rssMiB ?? NaN);
      console.log(`run ${run + 1}: first diagnostics ${opened.ms.toFixed(0)} ms (server CPU ${opened.cpuMs} ms), ${opened.pub?.count} diagnostics; resident ${atDiagnostics?.rssMiB.toFixed(0)} MiB at them, ${settled?.rssMiB.toFixed(0)} MiB settled`);
    } finally {
      await client.close();
    }
  }
  console.log(`median: first diagnostics ${median(wall).toFixed(0)} ms, server CPU ${median(cpu).toFixed(0)} ms, resident ${median(rss).toFixed(0)} MiB`);
}

void main();
