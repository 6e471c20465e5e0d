import { randomBytes } from 'node:crypto';
import type { DryRunSession } from '../engine/dryrun/session';
import { KubernetesApi, type ApiRequest } from '../serve/api';
import { kubeconfigText } from '../serve/kubeconfig';
import { startServer, type RunningServer, type ServeSource } from '../serve/server';

/**
 * The editor's dry-run session served over the Kubernetes API (server/src/serve on 127.0.0.1, a
 * bearer token and a self-signed CA in the kubeconfig, as `kube-rehearsal serve`): the user's own
 * kubectl, the simulated terminal, the tree view and the timeline all act on one simulation.
 *
 * Time: while served, the session's clock runs at 1x wall time (the server's ticks let it pass);
 * the time controls still move it (forward at once; back rebuilds the simulation and replays the
 * what-ifs, the API's requests among them, and every watch ends so clients list again).
 */

/** How long a request waits for the session to be usable (a dry run in progress) before it gives up. */
const START_WAIT_MS = 60_000;

export interface ServedSessionEvents {
  /** The store changed (a request, a controller, the clock). */
  stored(): void;
  /** Virtual time passed on the clock. */
  ticked(): void;
}

export class ServedSession {
  private running?: Promise<RunningServer>;
  private readonly token = randomBytes(24).toString('base64url');

  constructor(private readonly session: () => DryRunSession | undefined, private readonly events: ServedSessionEvents) {}

  get serving(): boolean {
    return this.running !== undefined;
  }

  /** Starts serving (once; later calls return the same server) and gives the kubeconfig for it. */
  async start(): Promise<{ url: string; kubeconfig: string }> {
    if (!this.running) {
      const started = this.usable().then(() => startServer({ source: this.source(), token: this.token, port: 0, speed: 1 }));
      this.running = started;
      started.catch(() => {
        if (this.running === started) this.running = undefined;
      });
    }
    const server = await this.running;
    return { url: server.url, kubeconfig: kubeconfigText(server.url, this.token, server.ca) };
  }

  async stop(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    if (r) await (await r.catch(() => undefined))?.close();
  }

  /** Waits until the session's simulation can be served (no run in progress, at the time shown). */
  private async usable(): Promise<void> {
    const end = Date.now() + START_WAIT_MS;
    while (!this.session()?.live()) {
      if (Date.now() > end) throw new Error('the dry run did not become available to serve');
      await this.ready();
    }
  }

  private async ready(): Promise<void> {
    const s = this.session();
    if (!s) return void (await new Promise((r) => setTimeout(r, 50)));
    if (s.busy) return s.whenIdle();
    if (s.standsAhead) return s.materialize();
    await new Promise((r) => setTimeout(r, 20));
  }

  private source(): ServeSource {
    return {
      current: () => {
        const s = this.session();
        // After "run to steady" the session stands a minute ahead of the moment shown: bring it back.
        if (s?.standsAhead && !s.busy) void s.materialize().catch(() => undefined);
        return s?.live();
      },
      ready: () => this.ready(),
      advance: (seconds) => {
        this.session()?.tick(seconds);
        this.events.ticked();
      },
      changed: (req, api) => {
        const s = this.session();
        if (s && s.live() === api.sim) s.record(requestLabel(req), replayOf(req, api.epochMs));
      },
      stored: () => this.events.stored(),
    };
  }
}

/** How the views list a change made through the API: `kubectl scale (PATCH deployments/nginx/scale)`. */
export function requestLabel(req: Pick<ApiRequest, 'method' | 'path' | 'command'>): string {
  const parts = req.path.split('/').filter(Boolean);
  // /api/v1/... or /apis/<group>/<version>/...: the resource path after the version and namespace.
  let rest = parts.slice(parts[0] === 'api' ? 2 : 3);
  if (rest[0] === 'namespaces' && rest.length > 2) rest = rest.slice(2);
  const what = `${req.method} ${rest.join('/')}`;
  return req.command ? `${req.command} (${what})` : what;
}

/** Applies the request again to a rebuilt simulation, with the times of its body read as they were then. */
function replayOf(req: ApiRequest, epochMs: number) {
  return (handle: { simulation?(): import('../sim/index').Simulation }) => {
    const sim = handle.simulation?.();
    if (!sim) return;
    const api = new KubernetesApi(sim, () => '127.0.0.1', epochMs);
    try {
      api.handle(req);
    } catch {
      // It succeeded when it was made; the simulation is deterministic, so this does not happen.
    }
  };
}
