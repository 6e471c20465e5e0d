import type { KObject } from '../types';
import { fnv32a } from '../util';

/**
 * What a containerd node answers when `kubectl exec` names a program the container does not
 * have: the runtime cannot start the process, the kubelet reports it on the exec stream as an
 * internal error (not an exit code), and kubectl prints `error: <this>` and exits 1. The shell's
 * `kubectl exec` and `serve`'s pods/exec both word it here. The exec id is the runtime's (64 hex
 * digits, random there; derived from the request here).
 */
export function execStartFailure(pod: KObject, container: string, command: string[], at: number, startError: string): string {
  const seed = `${pod.metadata.uid}/${container}/${command.join('\u0000')}@${at}`;
  let id = '';
  for (let i = 0; id.length < 64; i++) id += fnv32a(`${seed}#${i}`).toString(16).padStart(8, '0');
  return `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${id}": OCI runtime exec failed: exec failed: unable to start container process: ${startError}: unknown`;
}
