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

const FROM_STORED: Record<string, (obj: Record<string, unknown>) => Record<string, unknown>> = {
  // The v1 form of a stored autoscaling/v2 HPA: its CPU utilization target (other metrics have no
  // v1 field), and the v1 status fields.
  'autoscaling/v1 HorizontalPodAutoscaler': (obj) => {
    const spec = (obj.spec ?? {}) as Record<string, unknown>;
    const status = (obj.status ?? {}) as Record<string, unknown>;
    type Metric = { type?: string; resource?: { name?: string; target?: { type?: string; averageUtilization?: number }; current?: { averageUtilization?: number } } };
    const cpu = ((spec.metrics ?? []) as Metric[]).find((m) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.type === 'Utilization');
    const current = ((status.currentMetrics ?? []) as Metric[]).find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
    const { metrics: _metrics, behavior: _behavior, ...rest } = spec;
    const { currentMetrics: _currentMetrics, conditions: _conditions, ...state } = status;
    return {
      ...obj,
      apiVersion: 'autoscaling/v1',
      spec: { ...rest, ...(cpu?.resource?.target?.averageUtilization !== undefined ? { targetCPUUtilizationPercentage: cpu.resource.target.averageUtilization } : {}) },
      status: { ...state, ...(current?.resource?.current?.averageUtilization !== undefined ? { currentCPUUtilizationPercentage: current.resource.current.averageUtilization } : {}) },
    };
  },
};

/** A stored object as its kind's older served version presents it (a copy). */
export function presentInVersion(obj: Record<string, unknown>, apiVersion: string): Record<string, unknown> {
  const present = FROM_STORED[`${apiVersion} ${String(obj.kind)}`];
  return present ? present(obj) : obj;
}

/** Converts obj in place to the stored version of its kind; false when its version needs no conversion. */
export function convertToStoredVersion(obj: KObject): boolean {
  const convert = TO_STORED[`${obj.apiVersion} ${obj.kind}`];
  if (!convert) return false;
  convert(obj);
  return true;
}
