import type { ProbeAction } from '../behaviour/types';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';
export const PROBE_TITLE: Record<ProbeKind, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

/** One prober worker (pkg/kubelet/prober/worker.go) for one container instance. */
export interface ProbeWorker {
  kind: ProbeKind;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec: any;
  instance: number;
  result: 'Success' | 'Failure' | 'Unknown';
  successRun: number;
  failRun: number;
  onHold: boolean;
  stopped: boolean;
  lastMessage?: string;
  /** The resolved action, computed once per container instance. */
  action?: ProbeAction | { error: string };
  /** The bound tick function, scheduled every period (one allocation per worker). */
  tick?: () => void;
}

export function initialResult(kind: ProbeKind): ProbeWorker['result'] {
  return kind === 'readiness' ? 'Failure' : kind === 'liveness' ? 'Success' : 'Unknown';
}

/** The probe's action with named ports resolved against the container's ports. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function probeAction(probe: any, container: any): ProbeAction | { error: string } {
  const port = (p: unknown): number | undefined => {
    if (typeof p === 'number') return p;
    if (typeof p === 'string' && /^\d+$/.test(p)) return Number(p);
    const found = (container.ports ?? []).find((x: { name?: string }) => x.name === p);
    return found?.containerPort;
  };
  if (probe.exec) return { type: 'exec', command: (probe.exec.command ?? []).map(String) };
  if (probe.httpGet) {
    const p = port(probe.httpGet.port);
    if (p === undefined) return { error: `unable to resolve port "${probe.httpGet.port}"` };
    return { type: 'httpGet', port: p, path: probe.httpGet.path ?? '/', scheme: probe.httpGet.scheme, host: probe.httpGet.host };
  }
  if (probe.tcpSocket) {
    const p = port(probe.tcpSocket.port);
    if (p === undefined) return { error: `unable to resolve port "${probe.tcpSocket.port}"` };
    return { type: 'tcpSocket', port: p, host: probe.tcpSocket.host };
  }
  if (probe.grpc) return { type: 'grpc', port: Number(probe.grpc.port), service: probe.grpc.service };
  return { error: 'probe has no action' };
}
