import { cpuMilli, memBytes } from '../util';

export interface PodResources {
  cpu: number; // millicores
  memory: number; // bytes
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function containerAmount(c: any, kind: 'requests' | 'limits'): PodResources {
  const r = c?.resources?.[kind] ?? {};
  return { cpu: cpuMilli(r.cpu), memory: memBytes(r.memory) };
}

/** Effective pod request/limit: max(sum of app containers, largest init container). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function podAmount(spec: any, kind: 'requests' | 'limits' = 'requests'): PodResources {
  const sum: PodResources = { cpu: 0, memory: 0 };
  for (const c of spec?.containers ?? []) {
    const a = containerAmount(c, kind);
    sum.cpu += a.cpu;
    sum.memory += a.memory;
  }
  for (const c of spec?.initContainers ?? []) {
    if (c?.restartPolicy === 'Always') {
      const a = containerAmount(c, kind);
      sum.cpu += a.cpu;
      sum.memory += a.memory;
      continue;
    }
    const a = containerAmount(c, kind);
    sum.cpu = Math.max(sum.cpu, a.cpu);
    sum.memory = Math.max(sum.memory, a.memory);
  }
  return sum;
}
