import { runCheck } from './check';
import { runSimulate } from './simulate';
import { runServe } from './serve';
import { runShell } from './shell';
import { VERSION } from './version';

/** `kube-rehearsal check | simulate | shell | serve`: a thin dispatcher over the engine. */

const USAGE = `Usage: kube-rehearsal <command> [options]

Commands:
  check <file|dir|->... [--format text|json|sarif]   validate Kubernetes manifests
  simulate <file|dir>...                             dry-run manifests in a simulated cluster
  shell                                              interactive kubectl-like shell on a simulated cluster
  serve [file|dir]... [--port N] [--speed N]         a simulated cluster speaking the Kubernetes API on 127.0.0.1,
                                                     with a kubeconfig for your own kubectl

Options:
  -h, --help       show help (kube-rehearsal <command> --help for a command)
  -v, --version    print the version
`;


export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return runCheck(rest);
    case 'simulate':
      return runSimulate(rest);
    case 'shell':
      return runShell(rest);
    case 'serve':
      return runServe(rest);
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case '-v':
    case '--version':
    case 'version':
      process.stdout.write(`kube-rehearsal ${VERSION}\n`);
      return 0;
    case undefined:
      process.stderr.write(USAGE);
      return 2;
    default:
      process.stderr.write(`kube-rehearsal: unknown command "${command}" (expected check, simulate, shell or serve; see --help)\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Never a stack trace for a user: one readable line and the usage exit code.
    process.stderr.write(`kube-rehearsal: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
