import type { KObject } from '../types';

/**
 * Built-in kinds the API server serves in more than one version with different fields: an object
 * written in the older version is converted to the version the simulated API server stores, as
 * the real one converts through its internal type. (Versions that differ only in name, such as
 * autoscaling/v2beta2, are renamed in apply.ts.)
 */

type Converter = (obj: KObject) => void;

const TO_STORED: Record<string, Converter> = {
  // autoscaling/v1 has one CPU target; autoscaling/v2 a list of metrics. Without a target the
  // v2 defaults apply (80% CPU), as they do for a v1 object on a real cluster.
  'autoscaling/v1 HorizontalPodAutoscaler': (obj) => {
    obj.apiVersion = 'autoscaling/v2';
    const spec = (obj.spec ?? {}) as Record<string, unknown>;
    const { targetCPUUtilizationPercentage: cpu, ...rest } = spec;
    obj.spec = typeof cpu === 'number' ? { ...rest, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }] } : rest;
    delete (obj as { status?: unknown }).status;
  },
};

/** Converts obj in place to the stored version of its kind; false when its version needs no conversion. */
export function convertToStoredVersion(obj: KObject): boolean {
  const convert = TO_STORED[`${obj.apiVersion} ${obj.kind}`];
  if (!convert) return false;
  convert(obj);
  return true;
}
