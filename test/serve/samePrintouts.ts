import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import type { RunningServer } from '../../server/src/serve/server';

/**
 * The real kubectl against `serve` and the built-in shell on the same cluster: the ground truth
 * for the shell's printers. Tests that need kubectl skip without it, and say so.
 */

export const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

export type KubectlResult = { code: number; stdout: string; stderr: string };

/** Runs the real kubectl with this kubeconfig (and a discovery cache of its own). */
export function kubectlWith(kubeconfig: string, cacheDir: string): (args: string[], input?: string) => Promise<KubectlResult> {
  return (args, input) => new Promise((done) => {
    const child = execFile('kubectl', ['--kubeconfig', kubeconfig, ...args], { timeout: 60_000, env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: cacheDir } }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

/**
 * What kubectl computes on its own clock is left out of the comparison: the ages in describe's
 * Events table and the LAST SEEN column of `kubectl events` (the machine's clock is not the
 * virtual one). Those rows are compared cell by cell, that cell aside; everything else byte for byte.
 */
export function withoutClientAges(line: string, text: string): string {
  const top = /^events\b/.test(line);
  let inEvents = top;
  let ageCell = 0;
  return text.split('\n').map((l) => {
    if (!top) {
      if (/^Events:/.test(l)) {
        inEvents = true;
        return l;
      }
      if (/^\S/.test(l)) inEvents = false;
    }
    if (!inEvents || !l.trim()) return l;
    const cells = l.trim().split(/\s{2,}/);
    if (top) {
      if (cells.includes('LAST SEEN')) ageCell = cells.indexOf('LAST SEEN');
      else cells[ageCell] = '<age>';
    } else if (cells.length >= 5 && cells[0] !== 'Type' && cells[0] !== '----') cells[2] = '<age>';
    return cells.join(' | ');
  }).join('\n');
}

/** Each command line through the shell and the real kubectl, the clock standing still meanwhile (so server-side ages agree). */
export async function assertSamePrintouts(server: RunningServer, kubectl: (args: string[]) => Promise<KubectlResult>, lines: string[]): Promise<void> {
  server.clock.pause();
  try {
    for (const line of lines) {
      const argv = line.split(' ');
      const shell = server.api.sim.runKubectl(argv);
      const real = await kubectl(argv);
      assert.equal(withoutClientAges(line, shell.stdout + shell.stderr), withoutClientAges(line, real.stdout + real.stderr), line);
    }
  } finally {
    server.clock.resume();
  }
}
