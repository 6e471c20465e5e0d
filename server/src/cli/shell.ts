import { readRegularFile, readStdin } from '../engine/safeRead';
import { SimulationBackend } from '../shell/backend';
import { ShellClock } from '../shell/clock';
import { InteractiveShell } from '../shell/interactive';
import { ShellSession } from '../shell/session';
import { runTranscript } from '../shell/transcript';
import { checkClusterOptions, clusterOption, parseCommandLine, parseSpeedOption, simulationFromArgs, UsageError, type ClusterOptions } from './simulate';

/** `kube-rehearsal shell`: kubectl against a simulated cluster, interactively or from a script. */

const HELP = `Usage: kube-rehearsal shell [file|dir]... [options]

Opens a shell on a simulated cluster (virtual time, nothing is executed) seeded with the manifests
given. Type kubectl commands as on a real cluster; "help" lists what is simulated.

Options:
  --script FILE   run the commands in FILE (one per line, "-" for stdin) and print the session
                  as a transcript; "sleep 30s" lines let virtual time pass
  --speed N       clock speed: virtual seconds per real second (default 1; e.g. 10, 60x)
  --nodes N       N minikube-like nodes (2 CPU, 4 GiB, 110 pods each)
  --cluster FILE  cluster shape from a YAML file (a \`cluster:\` section, as in .kube-rehearsal.yaml)
  --seed N        seed for generated names (default 1)
  --kubernetes-version V
                  the Kubernetes release the cluster runs, 1.24 to 1.36 (default: targetVersion in
                  .kube-rehearsal.yaml, else 1.36); kubectl version reports it

Without a terminal on stdin (a pipe), the commands are read from stdin as a script.
Exit status: 0 done (a transcript also when commands in it failed), 2 usage or I/O error.
`;

/** Virtual seconds computed ahead for containers; the simulation extends it when time goes further. */
const HORIZON_SECONDS = 3600;

interface ShellArgs extends ClusterOptions {
  inputs: string[];
  script?: string;
  speed: number;
}

function parseArgs(argv: string[]): ShellArgs | 'help' {
  const a: ShellArgs = { inputs: [], speed: 1, seed: 1 };
  const { help, inputs } = parseCommandLine(argv, 'shell', (name, value) => {
    switch (name) {
      case '--script': a.script = value(); return true;
      case '--speed': a.speed = parseSpeedOption(value()); return true;
      default:
        return clusterOption(name, value, a);
    }
  });
  if (help) return 'help';
  a.inputs = inputs;
  checkClusterOptions(a);
  return a;
}

async function readScript(path: string): Promise<string> {
  const r = path === '-' ? await readStdin() : readRegularFile(path);
  if (!r.ok) throw new UsageError(`cannot read ${path === '-' ? 'standard input' : `"${path}"`}: ${r.message}`);
  return r.text;
}

export async function runShell(argv: string[]): Promise<number> {
  let args: ShellArgs | 'help';
  try {
    args = parseArgs(argv);
    if (args === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    const { loaded, cfg, sim } = simulationFromArgs(args, HORIZON_SECONDS);
    let notes = '';
    for (const p of loaded.problems) notes += `error: ${p.object}: ${p.message}\n`;
    for (const a of sim.applied) if (a.error) notes += `error: ${a.ref}: not simulated: ${a.error}\n`;
    for (const p of cfg.problems) notes += `error: .kube-rehearsal.yaml: ${p}\n`;
    const script = args.script !== undefined ? await readScript(args.script) : !process.stdin.isTTY ? await readScript('-') : undefined;
    const backend = new SimulationBackend(sim);
    if (script !== undefined) {
      const session = new ShellSession(backend, new ShellClock(() => 0, args.speed, true));
      process.stderr.write(notes);
      const r = await runTranscript(session, script);
      process.stdout.write(r.text);
      return 0;
    }
    return await interactive(new ShellSession(backend, new ShellClock(() => Date.now(), args.speed)), notes, sim.applied.filter((a) => !a.error).length);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`kube-rehearsal shell: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function interactive(session: ShellSession, notes: string, objects: number): Promise<number> {
  return new Promise((done) => {
    const stdin = process.stdin;
    const banner = `${notes}Simulated cluster: ${objects} object${objects === 1 ? '' : 's'} from the files, clock ${session.clock.describe()}. Nothing runs on this machine. Type help.\n`;
    const shell = new InteractiveShell(session, {
      write: (text) => process.stdout.write(text),
      close: (code) => {
        stdin.setRawMode(false);
        stdin.pause();
        done(code);
      },
    }, { banner });
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', (data: string) => void shell.input(data));
    stdin.resume();
    shell.start();
  });
}
