import { createHash } from 'node:crypto';
import type { WorkspaceSimConfig } from './simulator';
import { drain, type Steps } from '../steps';

/**
 * Everything a dry run's simulation reads, as one fingerprint. The simulation is one
 * deterministic run over shared nodes (uids and IPs handed out in order, one event queue, the
 * scheduler scoring every pod against every other), so no part of it can be re-run alone: either
 * its inputs are exactly the last run's, and so is its outcome, or the whole run is made again.
 * The language server compares fingerprints to reuse its last simulation after edits that leave
 * the simulated input as it was (comments, formatting, quoting, files that are not simulated, a
 * document refused before and after); what is placed on the files' lines (predictions, locations,
 * refusals) is always computed again from the objects as they are now.
 */
export interface RunInputs {
  /** The manifests applied, in the order they are given to the simulator. */
  manifests: readonly unknown[];
  seed: number;
  horizon: number;
  /** Virtual seconds to run to, or undefined: until steady, at most `steadyLimit` seconds. */
  duration: number | undefined;
  steadyLimit: number;
  /** The cluster's nodes and the image behaviours (settings and .kube-rehearsal.yaml). */
  config: Pick<WorkspaceSimConfig, 'cluster' | 'images'>;
  podSecurity: string | undefined;
  kubernetesMinor: number;
  /**
   * The custom resources taken as installed, by identity: the workspace's registry is the same
   * object while its CRDs are unchanged (crds/sources.ts), and a new one makes a full run.
   */
  customResources: object | undefined;
}

const registryIds = new WeakMap<object, number>();
let nextRegistryId = 0;

/** Values a manifest may hold that the encoding below does not know: no fingerprint, so no reuse. */
class Unencodable extends Error {}

/**
 * Appends an exact, unambiguous encoding of a YAML value: every string is length-prefixed, numbers
 * keep -0, NaN and the infinities apart, and map keys keep their order (an order change is a
 * change: the simulator reads maps in order).
 */
function encode(v: unknown, out: string[]): void {
  if (v === null) out.push('n');
  else if (v === undefined) out.push('u');
  else if (typeof v === 'boolean') out.push(v ? 't' : 'f');
  else if (typeof v === 'number') out.push(`d${Object.is(v, -0) ? '-0' : String(v)};`);
  else if (typeof v === 'string') out.push(`s${v.length}:`, v);
  else if (Array.isArray(v)) {
    out.push(`[${v.length};`);
    for (let i = 0; i < v.length; i++) encode(v[i], out);
  } else if (v instanceof Date) out.push(`D${v.getTime()};`);
  else if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new Unencodable();
    const keys = Object.keys(v);
    out.push(`{${keys.length};`);
    for (const k of keys) {
      out.push(`${k.length}:`, k);
      encode((v as Record<string, unknown>)[k], out);
    }
  } else throw new Unencodable();
}

/** The fingerprint of a run's inputs (SHA-256 of their encoding), or undefined when a value cannot be encoded. */
export function runFingerprint(inputs: RunInputs): string | undefined {
  return drain(runFingerprintSteps(inputs));
}

/** Manifests encoded between two pauses of runFingerprintSteps (3,000 Deployments take 25-35 ms of CPU at once). */
const FINGERPRINT_MANIFESTS_PER_STEP = 250;

/** The same, pausing (yielding) every few hundred manifests so the language server can answer requests meanwhile. */
export function* runFingerprintSteps(inputs: RunInputs): Steps<string | undefined> {
  const hash = createHash('sha256');
  let registry = 'none';
  if (inputs.customResources) {
    let id = registryIds.get(inputs.customResources);
    if (id === undefined) registryIds.set(inputs.customResources, (id = ++nextRegistryId));
    registry = String(id);
  }
  try {
    const head: string[] = [];
    encode([inputs.seed, inputs.horizon, inputs.duration ?? null, inputs.steadyLimit, inputs.podSecurity ?? null, inputs.kubernetesMinor, registry], head);
    encode(inputs.config.cluster ?? null, head);
    encode(inputs.config.images, head);
    head.push(`m${inputs.manifests.length};`);
    hash.update(head.join(''));
    // A manifest at a time: one string of a thousand manifests is not needed.
    let n = 0;
    for (const m of inputs.manifests) {
      if (++n % FINGERPRINT_MANIFESTS_PER_STEP === 0) yield;
      const parts: string[] = [];
      encode(m, parts);
      hash.update(parts.join(''));
    }
  } catch (e) {
    if (e instanceof Unencodable) return undefined;
    throw e;
  }
  return hash.digest('hex');
}
