/** A tiny kubectl-style flag parser: `--flag=value`, `--flag value`, `-n ns`, booleans, `--` rest. */
export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
  rest: string[];
}

export class UsageError extends Error {}

export interface FlagSpec {
  /** Flags that take a value, with their short forms: `{ namespace: 'n', selector: 'l', filename: 'f' }`. */
  values: Record<string, string | undefined>;
  /** Boolean flags. */
  bools: Record<string, string | undefined>;
}

export function parseArgs(argv: string[], spec: FlagSpec, command: string): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: new Map(), rest: [] };
  const short = new Map<string, string>();
  for (const [long, s] of Object.entries({ ...spec.values, ...spec.bools })) if (s) short.set(s, long);
  const add = (k: string, v: string) => out.flags.set(k, [...(out.flags.get(k) ?? []), v]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.rest = argv.slice(i + 1);
      break;
    }
    let name: string | undefined;
    let value: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      value = eq >= 0 ? a.slice(eq + 1) : undefined;
    } else if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      // Shorthands combine as in cobra: `-it` is -i -t; a value flag takes the rest (`-nkube-system`).
      let j = 1;
      for (;;) {
        const s = a[j];
        const long = short.get(s);
        if (!long) throw new UsageError(`Error: unknown shorthand flag: '${s}' in ${a}\nSee 'kubectl ${command} --help' for usage.`);
        name = long;
        if (long in spec.bools && j + 1 < a.length && a[j + 1] !== '=') {
          add(long, 'true');
          j++;
          continue;
        }
        value = a.length > j + 1 ? (a[j + 1] === '=' ? a.slice(j + 2) : a.slice(j + 1)) : undefined;
        break;
      }
    } else {
      out.positional.push(a);
      continue;
    }
    if (name in spec.values) {
      if (value === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`Error: flag needs an argument: ${a.startsWith('--') ? `--${name}` : `'${a[a.length - 1]}' in ${a}`}\nSee 'kubectl ${command} --help' for usage.`);
        value = argv[++i];
      }
      add(name, value);
    } else if (name in spec.bools) add(name, value ?? 'true');
    else throw new UsageError(`Error: unknown flag: --${name}\nSee 'kubectl ${command} --help' for usage.`);
  }
  return out;
}

export function flag(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags.get(name);
  return v ? v[v.length - 1] : undefined;
}

export function boolFlag(p: ParsedArgs, name: string): boolean {
  const v = flag(p, name);
  return v !== undefined && v !== 'false';
}

/**
 * kubectl's answer to an unknown subcommand of a command group (`kubectl rollout foo x`): its
 * arguments joined, as DefaultSubCommandRun words it.
 */
export function unknownSubcommand(group: string, argv: readonly string[]): UsageError {
  const args = argv.filter((a) => !a.startsWith('-'));
  return new UsageError(`error: unknown command "${args.join(' ')}"\nSee 'kubectl ${group} -h' for help and examples`);
}

/** The resource examples kubectl prints when a verb got neither a resource nor a file. */
export const NO_RESOURCES = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/** What a command that succeeds writes to stderr (kubectl's notes such as `Found 2 pods, using pod/x`), collected by runKubectl. */
let stderrNotes: string[] = [];
export function noteOnStderr(text: string): void {
  stderrNotes.push(text);
}
export function takeStderrNotes(): string {
  const text = stderrNotes.join('');
  stderrNotes = [];
  return text;
}
