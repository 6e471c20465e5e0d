/**
 * What the shell needs from a simulated cluster: kubectl at the current virtual time and a way
 * to let virtual time pass. The CLI drives a simulation in-process; the VS Code terminal drives
 * the language server's dry-run session through custom requests.
 */
export interface KubectlOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ClusterBackend {
  /** Virtual seconds since the start of the simulation (as of the last call). */
  readonly time: number;
  kubectl(argv: string[]): Promise<KubectlOutput>;
  /** Lets `seconds` of virtual time pass (controllers, kubelets and probes run meanwhile). */
  advance(seconds: number): Promise<void>;
}

/** The part of server/src/sim's Simulation the in-process backend uses. */
export interface InProcessSimulation {
  readonly time: number;
  runKubectl(argv: string[]): KubectlOutput;
  runUntil(seconds: number): void;
  readonly stoppedBy?: string;
}

export class SimulationBackend implements ClusterBackend {
  constructor(readonly sim: InProcessSimulation) {}

  get time(): number {
    return this.sim.time;
  }

  async kubectl(argv: string[]): Promise<KubectlOutput> {
    // What is due at this very instant (controllers reacting to the last change) happens first,
    // as it would in the milliseconds between two commands on a real cluster.
    this.sim.runUntil(this.sim.time);
    return this.sim.runKubectl(argv);
  }

  async advance(seconds: number): Promise<void> {
    if (seconds > 0) this.sim.runUntil(this.sim.time + seconds);
  }
}
