import type { ClusterBackend } from './backend';

/**
 * `kubectl get -w` and `kubectl logs -f` over a polled cluster: the listing is taken again as
 * virtual time passes, and only what changed is printed (a row per changed object, aligned to the
 * header printed at the start; new log lines). The time columns (AGE, "(12s ago)") do not count as
 * a change, as a watch prints when the object changes, not when it ages.
 */

interface Table {
  header: string[];
  /** Start offset of each column in the printed header. */
  starts: number[];
  rows: string[][];
}

const TIME_COLUMNS = new Set(['AGE', 'LAST SEEN', 'LAST SCHEDULE', 'DURATION']);

/** Parses kubectl tables (several, separated by blank lines) by the header's column offsets. */
export function parseTables(text: string): Table[] {
  const tables: Table[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((l) => l.length > 0);
    if (lines.length === 0) continue;
    const head = lines[0];
    const starts: number[] = [];
    const header: string[] = [];
    const re = /\S+(?: \S+)*/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(head))) {
      starts.push(m.index);
      header.push(m[0]);
    }
    if (!header.length || header[0] !== header[0].toUpperCase()) continue;
    const rows = lines.slice(1).map((l) => starts.map((s, i) => (i + 1 < starts.length ? l.slice(s, starts[i + 1]) : l.slice(s)).trim()));
    tables.push({ header, starts, rows });
  }
  return tables;
}

function rowKey(t: Table, row: string[]): string {
  const name = t.header.indexOf('NAME');
  const ns = t.header.indexOf('NAMESPACE');
  if (name >= 0) return `${t.header.join('|')}\u0000${ns >= 0 ? row[ns] + '/' : ''}${row[name]}`;
  return `${t.header.join('|')}\u0000${comparable(t, row)}`;
}

function comparable(t: Table, row: string[]): string {
  return row.map((c, i) => (TIME_COLUMNS.has(t.header[i]) ? '' : c.replace(/ \(\S+ ago\)$/, ''))).join('\u0001');
}

function layout(t: Table, row: string[]): string {
  let out = '';
  row.forEach((c, i) => {
    if (i === row.length - 1) out += c;
    else {
      const width = t.starts[i + 1] - t.starts[i];
      out += c.length + 3 > width ? c + '   ' : c.padEnd(width);
    }
  });
  return out.trimEnd();
}

export interface Watcher {
  /** The first output (the listing, or the log so far). */
  start(): Promise<string>;
  /** What changed since the last call. */
  poll(): Promise<string>;
  /** Set when the watch ends by itself (a rollout status that finished). */
  readonly finished?: boolean;
  /** It ends by itself and is not a watch: a script waits for it rather than for the next sleep. */
  readonly runsToEnd?: boolean;
  /** The exit status once finished (default 0). */
  readonly exitCode?: number;
}

/**
 * `kubectl get -w`: the listing, then a row for every change of a watched object (as watch events
 * arrive: each state, even several at one instant, and a deleted object's last state), aligned to
 * the header printed first. The simulation's watch log is read through kubectl's internal
 * `--x-watch-from` (see sim/kubectl/get.ts).
 */
export class GetWatcher implements Watcher {
  private table?: Table;
  private seq = 0;
  private readonly last = new Map<string, string>();

  constructor(private readonly backend: ClusterBackend, private readonly argv: string[]) {}

  async start(): Promise<string> {
    // Where the log stands, before the listing: nothing that happens after it is missed.
    const at = await this.backend.kubectl([...this.argv, '--x-watch-from=-1']);
    const r = await this.backend.kubectl(this.argv);
    if (r.exitCode !== 0) throw new WatchError(r.stdout + r.stderr);
    this.seq = seqOf(at.stdout) ?? 0;
    this.table = parseTables(r.stdout)[0];
    for (const row of this.table?.rows ?? []) this.last.set(rowKey(this.table!, row), comparable(this.table!, row));
    // "No resources found" goes first; rows that come later print under a header of their own.
    return r.stdout;
  }

  async poll(): Promise<string> {
    const r = await this.backend.kubectl([...this.argv, `--x-watch-from=${this.seq}`]);
    if (r.exitCode !== 0) return '';
    const seq = seqOf(r.stdout);
    if (seq !== undefined) this.seq = seq;
    const deleted = new Set((/^#deleted (.*)$/m.exec(r.stdout)?.[1] ?? '').split(' ').filter(Boolean).map(Number));
    const changes = parseTables(r.stdout.replace(/^#seq \d+\n/, '').replace(/^#deleted .*\n/, ''))[0];
    if (!changes) return '';
    let out = '';
    if (!this.table || this.table.header.join('|') !== changes.header.join('|')) {
      this.table = changes;
      out += layout(changes, changes.header) + '\n';
    }
    for (const [i, row] of changes.rows.entries()) {
      // An update that changes nothing a column shows (a condition's time, a resourceVersion)
      // would print the same row again; it is left out to keep the watch readable.
      const key = rowKey(changes, row);
      const cmp = comparable(changes, row);
      if (this.last.get(key) === cmp && !deleted.has(i)) continue;
      this.last.set(key, cmp);
      out += layout(this.table, row) + '\n';
    }
    return out;
  }
}

function seqOf(text: string): number | undefined {
  const m = /^#seq (\d+)$/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

export class LogFollower implements Watcher {
  private lines: string[] = [];

  constructor(private readonly backend: ClusterBackend, private readonly argv: string[]) {}

  async start(): Promise<string> {
    const r = await this.backend.kubectl(this.argv);
    if (r.exitCode !== 0) throw new WatchError(r.stdout + r.stderr);
    this.lines = r.stdout.split('\n').slice(0, -1);
    return r.stdout;
  }

  async poll(): Promise<string> {
    const r = await this.backend.kubectl(this.argv);
    if (r.exitCode !== 0) return '';
    const lines = r.stdout.split('\n').slice(0, -1);
    // Same prefix: print the new lines; otherwise the container restarted and this is a new log.
    const same = this.lines.every((l, i) => lines[i] === l);
    const fresh = same ? lines.slice(this.lines.length) : lines;
    this.lines = lines;
    return fresh.map((l) => l + '\n').join('');
  }
}

export class WatchError extends Error {}
