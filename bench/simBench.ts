import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { WORK_DIR } from './workloads';
import { median } from './stats';

/** Simulator scaling: one child process per run, so time and peak memory belong to that run alone. */

export interface SimRun {
  pods: number;
  deployments: number;
  cronJobs: number;
  nodes: number;
  applyMs: number;
  runMs: number;
  snapshotMs: number;
  totalMs: number;
  steps: number;
  events: number;
  podsAtEnd: number;
  runningAtEnd: number;
  stoppedBy: string | null;
  peakMiB: number;
}

export interface SimFigures {
  pods: number;
  runs: SimRun[];
  timedOut: boolean;
  timeoutS: number;
  error?: string;
}

const CHILD = join(WORK_DIR, 'simChild.js');

export async function bundleSimChild(): Promise<void> {
  await build({ entryPoints: [join(__dirname, 'simChild.ts')], bundle: true, platform: 'node', target: 'node18', format: 'cjs', outfile: CHILD, logLevel: 'warning' });
}

function runChild(pods: number, seconds: number, timeoutS: number): Promise<SimRun | 'timeout' | Error> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CHILD, String(pods), String(seconds)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      resolve('timeout');
    }, timeoutS * 1000);
    p.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return resolve(new Error(`exit ${code}: ${err.slice(0, 300)}`));
      try {
        resolve(JSON.parse(out) as SimRun);
      } catch (e) {
        resolve(e as Error);
      }
    });
  });
}

export async function measureSim(pods: number, runs: number, timeoutS: number, log: (s: string) => void): Promise<SimFigures> {
  const fig: SimFigures = { pods, runs: [], timedOut: false, timeoutS };
  for (let i = 0; i < runs; i++) {
    const r = await runChild(pods, 600, timeoutS);
    if (r === 'timeout') {
      fig.timedOut = true;
      log(`  simulator ${pods} pods: no result within ${timeoutS} s`);
      break;
    }
    if (r instanceof Error) {
      fig.error = r.message;
      log(`  simulator ${pods} pods: ${r.message}`);
      break;
    }
    fig.runs.push(r);
    log(`  simulator ${pods} pods run ${i + 1}: ${(r.totalMs / 1000).toFixed(2)} s, ${r.steps} steps, peak ${r.peakMiB.toFixed(0)} MiB`);
  }
  return fig;
}

export function simSummary(f: SimFigures): { totalMs: number; runMs: number; peakMiB: number; steps: number; events: number; stepsPerS: number; running: number; stoppedBy: string | null } | undefined {
  if (f.runs.length === 0) return undefined;
  const totalMs = median(f.runs.map((r) => r.totalMs));
  const runMs = median(f.runs.map((r) => r.runMs));
  const last = f.runs[f.runs.length - 1];
  return { totalMs, runMs, peakMiB: median(f.runs.map((r) => r.peakMiB)), steps: last.steps, events: last.events, stepsPerS: last.steps / (runMs / 1000), running: last.runningAtEnd, stoppedBy: last.stoppedBy };
}
