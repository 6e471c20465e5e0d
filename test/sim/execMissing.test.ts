/** `kubectl exec` of a program the container's image does not have, in the simulated shell. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS } from '../../server/src/sim/index';

const pod = (name: string, image: string, command?: string[]) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image, ...(command ? { command } : {}) }] } });

test('exec of a missing program fails as on a containerd node (exit 1, the runtime\'s reason); in a shell it is the shell\'s 127', () => {
  const s = createSimulation({
    objects: [pod('web', 'nginx:1.25'), pod('box', 'busybox:1.36', ['sleep', '3600']), pod('app', 'registry.example.com/team/app:1.0', ['/app/server'])],
    behaviour: createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 }), horizon: 600,
  });
  s.runUntil(30);
  const run = (line: string) => s.runKubectl(line.split(' '));
  const failure = (reason: string) => new RegExp(`^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: ${reason.replace(/[$.*()[\]]/g, '\\$&')}: unknown\n$`);
  let r = run('exec web -- nosuch');
  assert.equal(r.exitCode, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, failure('exec: "nosuch": executable file not found in $PATH'));
  assert.match(run('exec web -- /usr/bin/nosuch').stderr, failure('exec: "/usr/bin/nosuch": stat /usr/bin/nosuch: no such file or directory'));
  // busybox has sh, no bash.
  assert.match(run('exec box -- bash').stderr, failure('exec: "bash": executable file not found in $PATH'));
  assert.equal(run('exec box -- sh -c exit').exitCode, 0);
  r = run('exec box -- sh -c nosuch');
  assert.deepEqual([r.stdout, r.stderr, r.exitCode], ['nosuch: not found\n', 'command terminated with exit code 127\n', 127]);
  // What the catalog describes still runs.
  assert.equal(run('exec web -- cat /etc/hostname').stdout, 'web\n');
  // An image outside the catalog may have any program: it is assumed to run.
  r = run('exec app -- nosuch');
  assert.deepEqual([r.stdout, r.stderr, r.exitCode], ['', '', 0]);
});
