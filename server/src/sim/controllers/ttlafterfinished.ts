import type { Sim } from '../core';
import { deleteObject } from './gc';
import { jobFinished } from './job';

/** The TTL-after-finished controller: a finished Job with ttlSecondsAfterFinished is deleted (cascading) after N seconds. */
export function installTtlAfterFinishedController(sim: Sim): void {
  sim.store.watch('Job', (type, job) => {
    if (type === 'DELETED') return;
    const ttl = job.spec?.ttlSecondsAfterFinished;
    const fin = jobFinished(job);
    if (ttl === undefined || ttl === null || !fin) return;
    sim.enqueue('ttlafterfinished', `${job.metadata.namespace}/${job.metadata.name}`, fin.at + ttl * 1000 - sim.now);
  });
  sim.registerController('ttlafterfinished', (key) => {
    const [ns, name] = key.split('/');
    const job = sim.store.get('Job', ns, name);
    if (!job) return;
    const fin = jobFinished(job);
    if (!fin || fin.at + job.spec.ttlSecondsAfterFinished * 1000 > sim.now) return;
    deleteObject(sim, job, 'Background');
  });
}
