/**
 * The simulated cluster terminal's custom LSP request: kubectl against the language server's
 * dry-run session (the same cluster the tree view and timeline show). Plain types only.
 */
export const KUBECTL_REQUEST = 'kubeRehearsal/kubectl';

export interface KubectlParams {
  /** kubectl argv without `kubectl`; omitted to only let time pass. */
  argv?: string[];
  /** Virtual seconds to let pass before the command (the terminal's running clock, `sleep`). */
  advance?: number;
  /**
   * The session time the terminal last saw: `advance` counts from it. While the session is served
   * (its clock runs on its own), the time that clock already let pass is not added again.
   */
  from?: number;
}

export interface KubectlResponse<Result = unknown> {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Virtual seconds of the session after the request. */
  time: number;
  /** The dry-run result to show in the views when the cluster or the time changed. */
  result?: Result;
}

/** Verbs (and rollout subcommands) that only look: they are not recorded as what-ifs. */
export function isReadOnlyKubectl(argv: string[]): boolean {
  const [verb, sub] = argv;
  if (['get', 'describe', 'logs', 'explain', 'api-resources', 'api-versions', 'exec', 'port-forward', 'top', 'cluster-info', 'config', 'version'].includes(verb)) return true;
  if (argv.some((a) => a === '--dry-run' || (a.startsWith('--dry-run=') && a !== '--dry-run=none'))) return true;
  return verb === 'rollout' && (sub === 'status' || sub === 'history');
}
