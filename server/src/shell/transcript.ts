import { parseSleep, type CommandResult, type ShellSession } from './session';

/**
 * Runs a script of shell commands and returns what a terminal would have shown: each command
 * echoed after the prompt, then its output. Only `sleep` moves virtual time, so a transcript is
 * reproducible. A `sleep` right after a watch (`get -w`, `logs -f`, `rollout status`) is how long
 * the watch runs: changes print as they happen, second by second, then `^C` stops it.
 */

const WATCH_STEP = 0.25;
/** Virtual seconds a command that ends by itself (delete, an attached run) may take in a script. */
const RUNS_TO_END_LIMIT = 600;

export interface TranscriptOptions {
  prompt?: string;
  /** Stop at the first command that fails (exit status != 0). */
  stopOnError?: boolean;
}

export interface TranscriptResult {
  text: string;
  /** Exit status of the last command (or of the first failure with stopOnError). */
  exitCode: number;
  failures: number;
}

export async function runTranscript(session: ShellSession, script: string, opts: TranscriptOptions = {}): Promise<TranscriptResult> {
  const prompt = opts.prompt ?? '$ ';
  const lines = script.split(/\r?\n/);
  let text = '';
  let exitCode = 0;
  let failures = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      text += line + '\n';
      continue;
    }
    text += (session.promptOverride ?? prompt) + line + '\n';
    const r: CommandResult = await session.execute(line);
    text += r.output;
    exitCode = r.exitCode;
    if (r.watcher?.runsToEnd) {
      // delete, attached run: as long as it takes (bounded), the next line is the next command.
      const end = session.backend.time + RUNS_TO_END_LIMIT;
      while (!r.watcher.finished && session.backend.time + WATCH_STEP <= end) {
        await session.backend.advance(WATCH_STEP);
        text += await r.watcher.poll();
      }
      if (!r.watcher.finished) text += '^C\n';
      exitCode = r.watcher.exitCode ?? 0;
    } else if (r.watcher) {
      const next = nextCommand(lines, i + 1);
      const duration = next && /^sleep\s/.test(next.line) ? durationOf(next.line) : undefined;
      if (duration !== undefined) i = next!.index;
      // Look four times a virtual second, so short-lived states (ContainerCreating) show as they would.
      const end = session.backend.time + (duration ?? 0);
      while (session.backend.time + WATCH_STEP <= end + 1e-9 && !r.watcher.finished) {
        await session.backend.advance(WATCH_STEP);
        text += await r.watcher.poll();
      }
      if (session.backend.time < end) await session.backend.advance(end - session.backend.time);
      if (!r.watcher.finished) text += '^C\n';
      exitCode = 0;
    }
    if (r.exitCode !== 0) {
      failures++;
      if (opts.stopOnError) break;
    }
    if (r.exit) break;
  }
  return { text, exitCode, failures };
}

function nextCommand(lines: string[], from: number): { line: string; index: number } | undefined {
  for (let i = from; i < lines.length; i++) {
    const l = lines[i].trim();
    if (l && !l.startsWith('#')) return { line: l, index: i };
  }
  return undefined;
}

function durationOf(line: string): number | undefined {
  const m = /^sleep\s+(\S+)\s*(#.*)?$/.exec(line);
  return m ? parseSleep(m[1]) : undefined;
}
