/**
 * A line editor over raw terminal input: printable text, arrows, Home/End, Backspace/Delete,
 * Ctrl+A/E/U/K/W/L/C/D and history with Up/Down. It is a state machine: `feed` takes the bytes a
 * terminal sends and returns what happened; `render` gives the escape sequence that redraws the line.
 */

export type EditorEvent =
  | { type: 'changed' }
  | { type: 'submit'; line: string }
  | { type: 'interrupt' }
  | { type: 'eof' }
  | { type: 'complete' }
  | { type: 'clear' };

const KEYS: [string, string][] = [
  ['\x1b[A', 'up'], ['\x1bOA', 'up'], ['\x1b[B', 'down'], ['\x1bOB', 'down'],
  ['\x1b[C', 'right'], ['\x1bOC', 'right'], ['\x1b[D', 'left'], ['\x1bOD', 'left'],
  ['\x1b[H', 'home'], ['\x1bOH', 'home'], ['\x1b[1~', 'home'], ['\x1b[7~', 'home'],
  ['\x1b[F', 'end'], ['\x1bOF', 'end'], ['\x1b[4~', 'end'], ['\x1b[8~', 'end'],
  ['\x1b[3~', 'delete'], ['\x1b[1;5C', 'wordRight'], ['\x1b[1;5D', 'wordLeft'], ['\x1bf', 'wordRight'], ['\x1bb', 'wordLeft'],
];

export class LineEditor {
  buffer = '';
  cursor = 0;
  private readonly history: string[] = [];
  /** Position while browsing history (history.length = the line being edited). */
  private historyIndex = 0;
  private draft = '';

  constructor(history: string[] = []) {
    this.history.push(...history);
    this.historyIndex = this.history.length;
  }

  /** Interprets terminal input (one key or a paste) and returns the events in order. */
  feed(data: string): EditorEvent[] {
    const events: EditorEvent[] = [];
    let changed = false;
    const flush = () => {
      if (changed) events.push({ type: 'changed' });
      changed = false;
    };
    let i = 0;
    while (i < data.length) {
      const key = KEYS.find(([seq]) => data.startsWith(seq, i));
      if (key) {
        i += key[0].length;
        changed = this.key(key[1]) || changed;
        continue;
      }
      const ch = data[i++];
      switch (ch) {
        case '\r':
        case '\n': {
          if (ch === '\n' && data[i - 2] === '\r') break;
          flush();
          const line = this.buffer;
          if (line.trim() && this.history[this.history.length - 1] !== line) this.history.push(line);
          this.historyIndex = this.history.length;
          this.buffer = '';
          this.cursor = 0;
          this.draft = '';
          events.push({ type: 'submit', line });
          break;
        }
        case '\x7f':
        case '\b':
          if (this.cursor > 0) {
            this.buffer = this.buffer.slice(0, this.cursor - 1) + this.buffer.slice(this.cursor);
            this.cursor--;
            changed = true;
          }
          break;
        case '\x01': changed = this.key('home') || changed; break;
        case '\x05': changed = this.key('end') || changed; break;
        case '\x02': changed = this.key('left') || changed; break;
        case '\x06': changed = this.key('right') || changed; break;
        case '\x10': changed = this.key('up') || changed; break;
        case '\x0e': changed = this.key('down') || changed; break;
        case '\x15':
          this.buffer = this.buffer.slice(this.cursor);
          this.cursor = 0;
          changed = true;
          break;
        case '\x0b':
          this.buffer = this.buffer.slice(0, this.cursor);
          changed = true;
          break;
        case '\x17': {
          // Ctrl+W: delete the word before the cursor (and the spaces after it).
          const m = /\S*\s*$/.exec(this.buffer.slice(0, this.cursor))!;
          this.buffer = this.buffer.slice(0, m.index) + this.buffer.slice(this.cursor);
          this.cursor = m.index;
          changed = true;
          break;
        }
        case '\x0c':
          flush();
          events.push({ type: 'clear' });
          break;
        case '\x03':
          flush();
          this.buffer = '';
          this.cursor = 0;
          this.historyIndex = this.history.length;
          events.push({ type: 'interrupt' });
          break;
        case '\x04':
          if (this.buffer === '') {
            flush();
            events.push({ type: 'eof' });
          } else changed = this.key('delete') || changed;
          break;
        case '\t':
          flush();
          events.push({ type: 'complete' });
          break;
        case '\x1b':
          // An escape sequence we do not know: skip it whole (CSI ... final byte).
          if (data[i] === '[' || data[i] === 'O') {
            i++;
            while (i < data.length && !/[@-~]/.test(data[i])) i++;
            i++;
          }
          break;
        default:
          if (ch >= ' ') {
            this.buffer = this.buffer.slice(0, this.cursor) + ch + this.buffer.slice(this.cursor);
            this.cursor++;
            changed = true;
          }
      }
    }
    flush();
    return events;
  }

  private key(name: string): boolean {
    switch (name) {
      case 'left':
        if (this.cursor === 0) return false;
        this.cursor--;
        return true;
      case 'right':
        if (this.cursor >= this.buffer.length) return false;
        this.cursor++;
        return true;
      case 'home':
        this.cursor = 0;
        return true;
      case 'end':
        this.cursor = this.buffer.length;
        return true;
      case 'delete':
        if (this.cursor >= this.buffer.length) return false;
        this.buffer = this.buffer.slice(0, this.cursor) + this.buffer.slice(this.cursor + 1);
        return true;
      case 'wordLeft': {
        const m = /\S+\s*$/.exec(this.buffer.slice(0, this.cursor));
        this.cursor = m ? m.index : 0;
        return true;
      }
      case 'wordRight': {
        const m = /^\s*\S+/.exec(this.buffer.slice(this.cursor));
        this.cursor += m ? m[0].length : this.buffer.length - this.cursor;
        return true;
      }
      case 'up':
        if (this.historyIndex === 0) return false;
        if (this.historyIndex === this.history.length) this.draft = this.buffer;
        this.historyIndex--;
        this.setLine(this.history[this.historyIndex]);
        return true;
      case 'down':
        if (this.historyIndex >= this.history.length) return false;
        this.historyIndex++;
        this.setLine(this.historyIndex === this.history.length ? this.draft : this.history[this.historyIndex]);
        return true;
    }
    return false;
  }

  /** Replaces the line (history, completion) with the cursor at its end. */
  setLine(text: string, cursor = text.length): void {
    this.buffer = text;
    this.cursor = cursor;
  }

  /** Inserts text at the cursor (completion). */
  insert(text: string): void {
    this.buffer = this.buffer.slice(0, this.cursor) + text + this.buffer.slice(this.cursor);
    this.cursor += text.length;
  }

  /** Redraws the line in place: carriage return, prompt, text, clear to end, cursor back into place. */
  render(prompt: string): string {
    const back = this.buffer.length - this.cursor;
    return `\r${prompt}${this.buffer}\x1b[K${back > 0 ? `\x1b[${back}D` : ''}`;
  }
}
