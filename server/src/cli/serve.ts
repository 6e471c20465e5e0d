import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LOOPBACK, startServer } from '../serve/server';
import { kubeconfigText } from '../serve/kubeconfig';
import { checkClusterOptions, clusterOption, ioMessage, parseCommandLine, parseSpeedOption, simulationFromArgs, UsageError, type ClusterOptions } from './simulate';

/** `kube-rehearsal serve`: the simulated cluster as a Kubernetes API endpoint for the user's own kubectl. */

const HELP = `Usage: kube-rehearsal serve [file|dir]... [options]

Runs a simulated cluster (virtual time, nothing is executed) that speaks the Kubernetes API on
${LOOPBACK} only, seeded with the manifests given, and writes a kubeconfig for it, so the real
kubectl (and other Kubernetes clients) can be used against it:

  kubectl --kubeconfig kube-rehearsal.kubeconfig get pods

Options:
  --port N            port on ${LOOPBACK} (default 0: a free port)
  --kubeconfig FILE   where to write the kubeconfig (default ./kube-rehearsal.kubeconfig); it holds
                      a random token that every request must carry
  --speed N|max       clock speed: virtual seconds per real second (default 1; e.g. 10, 60x; max = 3600x)
  --nodes N           N minikube-like nodes (2 CPU, 4 GiB, 110 pods each)
  --cluster FILE      cluster shape from a YAML file (a \`cluster:\` section, as in .kube-rehearsal.yaml)
  --seed N            seed for generated names (default 1)
  --kubernetes-version V
                      the Kubernetes release the cluster runs, 1.24 to 1.36 (default: targetVersion in
                      .kube-rehearsal.yaml, else 1.36): /version (kubectl version) reports it, and its
                      API server refuses fields that came later and drops fields behind gates off in it

Stops on Ctrl+C. Exit status: 0 stopped, 2 usage or I/O error (port in use, kubeconfig not writable).
`;

/** Virtual seconds computed ahead for containers; the simulation extends it as time goes on. */
const HORIZON_SECONDS = 3600;
/** A server runs for as long as the user keeps it: a year of virtual time instead of the dry run's week. */
const MAX_VIRTUAL_SECONDS = 366 * 24 * 3600;
const MAX_SPEED = 3600;

interface ServeArgs extends ClusterOptions {
  inputs: string[];
  port: number;
  kubeconfig: string;
  speed: number;
}

function parseArgs(argv: string[]): ServeArgs | 'help' {
  const a: ServeArgs = { inputs: [], port: 0, kubeconfig: 'kube-rehearsal.kubeconfig', speed: 1, seed: 1 };
  const { help, inputs } = parseCommandLine(argv, 'serve', (name, value) => {
    switch (name) {
      case '--port': {
        const v = value();
        const n = Number(v);
        if (!/^\d+$/.test(v) || n > 65535) throw new UsageError(`--port must be a port number (0-65535), not "${v}"`);
        a.port = n;
        return true;
      }
      case '--kubeconfig': a.kubeconfig = value(); return true;
      case '--speed': a.speed = parseSpeedOption(value(), MAX_SPEED); return true;
      default:
        return clusterOption(name, value, a);
    }
  });
  if (help) return 'help';
  a.inputs = inputs;
  checkClusterOptions(a);
  return a;
}

export { kubeconfigText };

export async function runServe(argv: string[], signal?: AbortSignal): Promise<number> {
  let args: ServeArgs | 'help';
  try {
    args = parseArgs(argv);
    if (args === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    // Virtual 0 is now (whole seconds): the times kubectl shows and computes ages from are the wall clock's at 1x,
    // and what the simulation derives from its epoch (CronJob schedules and Job names) agrees with them.
    const { loaded, cfg, sim } = simulationFromArgs({ ...args, epochMs: Math.floor(Date.now() / 1000) * 1000, limits: { maxSeconds: MAX_VIRTUAL_SECONDS } }, HORIZON_SECONDS);
    for (const p of loaded.problems) process.stderr.write(`error: ${p.object}: ${p.message}\n`);
    for (const a of sim.applied) if (a.error) process.stderr.write(`error: ${a.ref}: not simulated: ${a.error}\n`);
    for (const p of cfg.problems) process.stderr.write(`error: .kube-rehearsal.yaml: ${p}\n`);
    const token = randomBytes(24).toString('base64url');
    let server;
    try {
      server = await startServer({ sim, token, port: args.port, speed: args.speed, epochMs: (s) => s.core.epochMs });
    } catch (e) {
      throw new UsageError(`cannot listen on ${LOOPBACK}:${args.port}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const file = resolve(args.kubeconfig);
    try {
      writeFileSync(file, kubeconfigText(server.url, token, server.ca), { mode: 0o600 });
    } catch (e) {
      await server.close();
      throw new UsageError(ioMessage(args.kubeconfig, e));
    }
    const objects = sim.applied.filter((x) => !x.error).length;
    process.stdout.write(`Simulated cluster serving the Kubernetes API on ${server.url} (loopback only), clock ${args.speed}x, ${objects} object${objects === 1 ? '' : 's'} from the files. Nothing runs on this machine.\n`);
    process.stdout.write(`Kubeconfig written to ${file}:\n  export KUBECONFIG=${file}\n  kubectl get pods\nCtrl+C stops.\n`);
    // A bound of the simulation (time, events, objects) stops the cluster; say so once.
    const watchStop = setInterval(() => {
      if (!sim.stoppedBy) return;
      process.stderr.write(`kube-rehearsal serve: the simulation stopped (${sim.stoppedBy}); the API still answers, but nothing reconciles any more: restart serve\n`);
      clearInterval(watchStop);
    }, 1000);
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      signal?.addEventListener('abort', stop);
    });
    clearInterval(watchStop);
    await server.close();
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`kube-rehearsal serve: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
