/**
 * A small stand-in for the behaviour model (server/src/sim/behaviour), used by the engine tests
 * that must not depend on the catalog's details. It knows a handful of images and the few shell
 * forms the tests use.
 */
import type { BehaviourModel, ContainerRun, ContainerStartSpec, ImagePullResult, ProbeAction } from '../../server/src/sim/behaviour/types';

const TAGS: Record<string, string[] | undefined> = {
  nginx: ['latest', '1.14.2', '1.16.1', '1.25', '1.27'],
  'hello-world': ['latest'],
  busybox: ['latest', '1.36'],
};

function split(image: string): { repo: string; tag: string } {
  const i = image.lastIndexOf(':');
  return i > image.lastIndexOf('/') && i >= 0 ? { repo: image.slice(0, i), tag: image.slice(i + 1) } : { repo: image, tag: 'latest' };
}

export function fakeBehaviour(): BehaviourModel {
  return {
    pull(image: string): ImagePullResult {
      const { repo, tag } = split(image);
      const tags = TAGS[repo];
      if (!tags) return { ok: true, seconds: 1, known: false };
      if (!tags.includes(tag)) return { ok: false, seconds: 1, known: true, error: `rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/${repo}:${tag}": failed to resolve reference "docker.io/library/${repo}:${tag}": docker.io/library/${repo}:${tag}: not found` };
      return { ok: true, seconds: 2, known: true };
    },
    start(spec: ContainerStartSpec, startedAt: number): ContainerRun {
      const { repo } = split(spec.image);
      const script = [...(spec.command ?? []), ...(spec.args ?? [])].join(' ');
      let exit: ContainerRun['exit'];
      let files = new Map<string, [number, number]>();
      if (repo === 'hello-world') exit = { at: startedAt, exitCode: 0, reason: 'Completed' };
      else if (repo === 'busybox') {
        // `touch F; sleep A; rm -f F; sleep B` and `sleep N`, `exit N`.
        const m = /touch (\S+); sleep (\d+); rm -f \S+; sleep (\d+)/.exec(script);
        if (m) {
          files.set(m[1], [startedAt, startedAt + Number(m[2])]);
          exit = { at: startedAt + Number(m[2]) + Number(m[3]), exitCode: 0, reason: 'Completed' };
        } else if (/exit (\d+)/.test(script)) {
          const code = Number(/exit (\d+)/.exec(script)![1]);
          exit = { at: startedAt + 1, exitCode: code, reason: code === 0 ? 'Completed' : 'Error' };
        } else if (/sleep (\d+)/.test(script)) exit = { at: startedAt + Number(/sleep (\d+)/.exec(script)![1]), exitCode: 0, reason: 'Completed' };
        else exit = { at: startedAt, exitCode: 0, reason: 'Completed' };
      }
      const serving = repo === 'nginx' ? [80] : spec.ports.map((p) => p.containerPort);
      return {
        readyAt: startedAt + 1,
        exit,
        assumptions: [],
        probe(action: ProbeAction, at: number) {
          if (action.type === 'exec') {
            const f = action.command.join(' ').match(/cat (\S+)/)?.[1];
            const w = f ? files.get(f) : undefined;
            return w && at >= w[0] && at < w[1] ? { success: true } : { success: false, message: `cat: can't open '${f}': No such file or directory` };
          }
          if (at < startedAt + 1 || !serving.includes(action.port)) return { success: false, message: `dial tcp 10.244.0.5:${action.port}: connect: connection refused` };
          if (action.type === 'httpGet' && action.path !== '/') return { success: false, message: 'HTTP probe failed with statuscode: 404' };
          return { success: true };
        },
        terminate(at: number) {
          return repo === 'nginx' ? { exitAt: at + 0.1, exitCode: 0 } : undefined;
        },
        logs() {
          return [];
        },
      };
    },
    describeImage(image: string) {
      return { known: !!TAGS[split(image).repo], summary: image };
    },
  };
}
