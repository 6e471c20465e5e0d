import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBehaviourModel } from '../../server/src/sim/behaviour';
import { createSimulation, DEFAULT_EPOCH_MS } from '../../server/src/sim/index';

/**
 * A container sees its volume mounts: an emptyDir is an empty directory it can write into, a
 * ConfigMap or Secret volume holds its keys as files (or the `items` paths), and a `subPath`
 * mounts one of those files. Before, the kubelet did not tell the behaviour model about mounts, so
 * a script writing into an emptyDir (microservices-demo's otel-collector init container does)
 * crashed in the simulation and the dry run predicted a Service without endpoints.
 */

const behaviour = () => createBehaviourModel([], { epochSeconds: DEFAULT_EPOCH_MS / 1000 });

test('emptyDir, ConfigMap (items), Secret and subPath mounts are in the container filesystem', () => {
  const script = [
    'echo written >> /work/out.txt',
    'cat /work/out.txt',
    'cat /config/app.conf',
    'cat /etc/single.conf',
    'cat /secrets/token',
    'sleep 3600',
  ].join(' && ');
  const sim = createSimulation({
    behaviour: behaviour(),
    objects: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'app.properties': 'mode=demo\n' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, stringData: { token: 's3cret\n' } },
      {
        apiVersion: 'v1', kind: 'Pod', metadata: { name: 'reader' },
        spec: {
          containers: [{
            name: 'main', image: 'busybox:1.36', command: ['sh', '-c', script],
            volumeMounts: [
              { name: 'work', mountPath: '/work' },
              { name: 'cfg', mountPath: '/config' },
              { name: 'cfg', mountPath: '/etc/single.conf', subPath: 'app.conf' },
              { name: 'creds', mountPath: '/secrets', readOnly: true },
            ],
          }],
          volumes: [
            { name: 'work', emptyDir: {} },
            { name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'app.properties', path: 'app.conf' }] } },
            { name: 'creds', secret: { secretName: 'creds' } },
          ],
        },
      },
    ],
  });
  sim.runUntil(30);
  const pod = sim.get('Pod', 'default', 'reader')!;
  assert.equal(pod.status.containerStatuses[0].restartCount, 0);
  assert.ok(pod.status.containerStatuses[0].state.running, JSON.stringify(pod.status.containerStatuses[0]));
  assert.equal(sim.runKubectl(['logs', 'reader']).stdout, 'written\nmode=demo\nmode=demo\ns3cret\n');
});

test('a path outside every mount still does not exist (the script fails as it would)', () => {
  const sim = createSimulation({
    behaviour: behaviour(),
    objects: [{
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'writer' },
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'echo x >> /nowhere/out.txt'], volumeMounts: [{ name: 'work', mountPath: '/work' }] }],
        volumes: [{ name: 'work', emptyDir: {} }],
      },
    }],
  });
  sim.runUntil(30);
  assert.equal(sim.get('Pod', 'default', 'writer')!.status.phase, 'Failed');
  assert.match(sim.runKubectl(['logs', 'writer']).stdout, /can't create \/nowhere\/out\.txt: No such file or directory/);
});
