import type { LanguageClient } from 'vscode-languageclient/node';
import type { DryRunResult } from '../../../server/src/engine/dryrun/protocol';
import type { ClusterBackend, KubectlOutput } from '../../../server/src/shell/backend';
import { KUBECTL_REQUEST, type KubectlParams, type KubectlResponse } from '../../../server/src/shell/protocol';

/**
 * The shell's cluster, held by the language server: the same dry-run session as the tree view and
 * timeline. Results that changed the cluster or the time are handed to the views.
 */
export class LanguageServerBackend implements ClusterBackend {
  private currentTime = 0;

  constructor(private readonly client: LanguageClient, private readonly onResult: (result: DryRunResult) => void) {}

  get time(): number {
    return this.currentTime;
  }

  private async request(params: KubectlParams): Promise<KubectlResponse<DryRunResult>> {
    try {
      const r = await this.client.sendRequest<KubectlResponse<DryRunResult>>(KUBECTL_REQUEST, params);
      this.currentTime = r.time;
      if (r.result) this.onResult(r.result);
      return r;
    } catch (e) {
      return { stdout: '', stderr: `kube-rehearsal: the language server could not run this: ${e instanceof Error ? e.message : String(e)}\n`, exitCode: 1, time: this.currentTime };
    }
  }

  async kubectl(argv: string[]): Promise<KubectlOutput> {
    const { stdout, stderr, exitCode } = await this.request({ argv });
    return { stdout, stderr, exitCode };
  }

  async advance(seconds: number): Promise<void> {
    if (seconds > 0) await this.request({ advance: seconds, from: this.currentTime });
  }

  /** Reads the session's time (starting the session if there is none yet). */
  async sync(): Promise<void> {
    await this.request({});
  }
}
