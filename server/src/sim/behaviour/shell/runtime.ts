/**
 * What interpreted programs share with the process that runs them. Programs are generators: they
 * yield effects (wait for virtual time, report a repeating loop) and the driver resumes them.
 */
import type { Vfs } from './vfs';

export type Effect =
  /** Wait `seconds` of virtual time (Infinity: forever). `interruptible`: a signal ends the wait early. */
  | { t: 'sleep'; seconds: number; interruptible: boolean }
  /** A loop reached the same state twice, `period` seconds apart, printing `lines` lines per turn: the driver may skip whole turns. */
  | { t: 'periodic'; period: number; lines: number };

/** Reply to a sleep: finished normally, or cut short by a signal. Reply to periodic: turns skipped. */
export type EffectReply = 'done' | 'interrupted' | number | undefined;

export type Gen<T> = Generator<Effect, T, EffectReply>;

export interface Sink {
  write(text: string): void;
}

export interface IO {
  stdout: Sink;
  stderr: Sink;
  stdin: string;
  /** Output is captured ($(...) or a pipe) rather than being the container's own stream. */
  captured: boolean;
}

export class ExitSignal {
  constructor(readonly code: number, readonly reason?: 'OOMKilled', readonly startError?: string) {}
}

export class BudgetExhausted {}

export class StringSink implements Sink {
  text = '';
  write(text: string): void { this.text += text; }
}

export const NULL_SINK: Sink = { write() {} };

export interface ShellHost {
  /** Current virtual time (seconds since the simulation start). */
  now(): number;
  /** Unix seconds of virtual time 0. */
  readonly epoch: number;
  readonly fs: Vfs;
  readonly userland: 'busybox' | 'gnu' | 'none';
  readonly hostname: string;
  readonly podIP: string;
  /** 'main': the container's own process; 'probe': an exec probe (no servers start, unknown commands succeed). */
  readonly mode: 'main' | 'probe';
  /** Counts one interpreted step; throws BudgetExhausted when the run's budget is spent. */
  step(): void;
  assume(sentence: string): void;
  /** Total log lines written so far (to measure what a loop turn prints). */
  linesWritten(): number;
  /** Something read the clock into state ($(date), $RANDOM): loops are then not assumed to repeat. */
  markClockRead(): void;
  clockReads(): number;
  /** Fingerprint of everything outside the shell that a loop could change (files, servers). */
  stateFingerprint(): string;
  /** A cheap summary of the same state (sizes): different summaries mean different states. */
  stateSummary(): string;
  /** A SIGTERM arrived and waits to be handled by a trap. */
  signalPending: boolean;
  /**
   * Runs a program that is not a shell builtin or function: utilities, the image's programs, or
   * an unknown binary. `pid1`: it is the container's main process (signals go to it).
   */
  runProgram(argv: string[], io: IO, env: Record<string, string>, pid1: boolean): Gen<number>;
}
