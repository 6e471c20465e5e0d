import { commonPrefix, complete, namesFromOutput } from './completion';
import { LineEditor } from './lineEditor';
import type { ShellSession } from './session';
import { clockText } from '../sim/util';
import type { Watcher } from './watch';

/**
 * The interactive shell over a raw terminal (a TTY in raw mode, or a VS Code Pseudoterminal):
 * the line editor, completion, commands, and watches that print as the clock runs until Ctrl+C.
 * Output uses \r\n line ends, as raw terminals need.
 */

export interface TerminalSink {
  write(text: string): void;
  /** The user left the shell (exit, Ctrl+D). */
  close(code: number): void;
}

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface InteractiveOptions {
  banner?: string;
  timers?: Timers;
  /** Real milliseconds between watch refreshes (default 1000). */
  tickMs?: number;
}

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

export class InteractiveShell {
  private readonly editor: LineEditor;
  private watcher?: Watcher;
  private watchTimer: unknown;
  private busy = false;
  private readonly queue: string[] = [];
  private lastTab = '';
  private closed = false;
  private readonly timers: Timers;

  constructor(private readonly session: ShellSession, private readonly term: TerminalSink, private readonly opts: InteractiveOptions = {}) {
    this.editor = new LineEditor();
    this.timers = opts.timers ?? { setInterval: (fn, ms) => setInterval(fn, ms), clearInterval: (h) => clearInterval(h as NodeJS.Timeout) };
  }

  get prompt(): string {
    const inside = this.session.promptOverride;
    if (inside !== undefined) return inside;
    return `\x1b[2m[${clockText(this.session.backend.time)}]\x1b[0m $ `;
  }

  start(): void {
    if (this.opts.banner) this.term.write(crlf(this.opts.banner));
    this.term.write(this.prompt);
  }

  /** Raw input from the terminal; handled in order, one command at a time. */
  input(data: string): Promise<void> {
    if (this.watcher && data.includes('\x03')) {
      this.stopWatch();
      return Promise.resolve();
    }
    if (this.watcher) return Promise.resolve(); // a running watch only listens for Ctrl+C
    this.queue.push(data);
    return this.drain();
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length && !this.watcher && !this.closed) await this.handle(this.queue.shift()!);
    } finally {
      this.busy = false;
    }
  }

  private async handle(data: string): Promise<void> {
    for (const ev of this.editor.feed(data)) {
      if (this.closed) return;
      switch (ev.type) {
        case 'changed':
          this.term.write(this.editor.render(this.prompt));
          break;
        case 'interrupt':
          this.term.write('^C\r\n' + this.prompt);
          break;
        case 'clear':
          this.term.write('\x1b[2J\x1b[3J\x1b[H' + this.editor.render(this.prompt));
          break;
        case 'eof':
          this.term.write('\r\n');
          this.close(0);
          return;
        case 'complete':
          await this.complete();
          break;
        case 'submit':
          this.term.write('\r\n');
          await this.run(ev.line);
          if (this.watcher) return; // input waits until the watch ends
          break;
      }
    }
  }

  private async run(line: string): Promise<void> {
    await this.session.catchUp();
    const r = await this.session.execute(line);
    if (r.clear) this.term.write('\x1b[2J\x1b[3J\x1b[H');
    if (r.output) this.term.write(crlf(r.output));
    if (r.exit) return this.close(0);
    if (r.watcher && !r.watcher.finished) return this.startWatch(r.watcher);
    this.term.write(this.prompt);
  }

  private startWatch(w: Watcher): void {
    this.watcher = w;
    this.watchTimer = this.timers.setInterval(() => void this.tick(), this.opts.tickMs ?? 1000);
  }

  private ticking = false;

  /** One refresh: let the due virtual time pass second by second, printing each change. */
  private async tick(): Promise<void> {
    if (this.ticking || !this.watcher) return;
    this.ticking = true;
    try {
      const due = this.session.clock.due();
      // At high speeds, look at most 10 times per refresh.
      const step = Math.max(1, Math.ceil(due / 10));
      for (let done = 0; done < due && this.watcher; done += step) {
        await this.session.backend.advance(Math.min(step, due - done));
        const out = await this.watcher.poll();
        if (out && this.watcher) this.term.write(crlf(out));
        if (this.watcher?.finished) {
          this.endWatch();
          this.term.write(this.prompt);
          break;
        }
      }
    } finally {
      this.ticking = false;
    }
  }

  private endWatch(): void {
    this.timers.clearInterval(this.watchTimer);
    this.watcher = undefined;
  }

  stopWatch(): void {
    if (!this.watcher) return;
    this.endWatch();
    this.term.write('^C\r\n' + this.prompt);
    void this.drain();
  }

  private async complete(): Promise<void> {
    const line = this.editor.buffer;
    const names = async (type: string, namespace?: string) => {
      const r = await this.session.backend.kubectl(['get', type, '-o', 'name', ...(namespace ? ['-n', namespace] : [])]);
      return r.exitCode === 0 ? namesFromOutput(r.stdout) : [];
    };
    const c = await complete(line, this.editor.cursor, names);
    const word = line.slice(c.start, this.editor.cursor);
    if (c.candidates.length === 0) return;
    if (c.candidates.length === 1) {
      const only = c.candidates[0];
      this.editor.insert(only.slice(word.length) + (only.endsWith('/') || only.endsWith('=') ? '' : ' '));
      this.term.write(this.editor.render(this.prompt));
      return;
    }
    const prefix = commonPrefix(c.candidates);
    if (prefix.length > word.length) {
      this.editor.insert(prefix.slice(word.length));
      this.term.write(this.editor.render(this.prompt));
      return;
    }
    // Nothing more to add: list the choices under the line, as a shell does on Tab.
    const key = line + '\u0000' + this.editor.cursor;
    if (this.lastTab === key || c.candidates.length <= 40) this.term.write('\r\n' + c.candidates.join('  ') + '\r\n' + this.editor.render(this.prompt));
    this.lastTab = key;
  }

  private close(code: number): void {
    if (this.closed) return;
    this.closed = true;
    if (this.watcher) this.endWatch();
    this.term.close(code);
  }

  dispose(): void {
    if (this.watcher) this.endWatch();
    this.closed = true;
  }
}
