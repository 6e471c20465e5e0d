import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readRegularFile } from '../../engine/safeRead';
import { CodeLensRefreshRequest, ResponseError, WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressReport, type WorkDoneProgressEnd, type CancellationToken, type CodeLens } from 'vscode-languageserver/node';
import type { IndexedObject } from '../../engine/workspace/index';
import { describeObject } from '../../engine/workspace/objectFacts';
import { isKustomizationFile } from '../../engine/kustomizePatches';
import { documentHeadRange } from '../../engine/yaml/documents';
import { predicting, DRY_RUN_SOURCE } from '../../engine/dryrun/predict';
import { applySettings } from '../../engine/check';
import type { Finding } from '../../engine/findings';
import { localizable, msg, type MessageRef } from '../../engine/messages';
import { localizedAssumptions, localizedMessage, localizedStop, localizedText } from '../l10n/index';
import { ManifestLocator } from '../../engine/dryrun/locate';
import { indexingSnapshot } from '../../engine/dryrun/snapshotIndex';
import { DryRunSession, CancelledError, STEP_BUDGET_MS, type ProgressReport } from '../../engine/dryrun/session';
import { giveWay } from '../../engine/giveWay';
import { formatSeconds } from '../../engine/dryrun/format';
import { manifestValues, previewRollout, type ManifestText } from '../../engine/dryrun/rollout';
import { filesAtHead, repositoryRoot, showAtHead, GitUnavailableError } from '../../engine/dryrun/git';
import { createSimulationFactory, workspaceBehaviour, type WorkspaceSimConfig } from '../../engine/dryrun/simulator';
import { dryRunSimConfig, type ReadSettingFile } from '../../engine/dryrun/dryRunSettings';
import { STEADY_LIMIT_SECONDS } from '../../engine/dryrun/workspaceRun';
import { runFingerprintSteps } from '../../engine/dryrun/runInputs';
import { registryForWorkspace } from '../../engine/crds/sources';
import { dryRunObjects } from '../../engine/dryrun/workspaceRun';
import { workloadLensTitle } from '../../engine/dryrun/lens';
import { admit, placeRefusal, type RejectedManifest } from '../../engine/dryrun/admission';
import { checkFileSteps } from '../../engine/check';
import type { YamlFile } from '../../engine/yaml/documents';
import { ServedSession } from '../servedSession';
import {
  CHANGED_NOTIFICATION, RESET_REQUEST, ROLLOUT_REQUEST, SERVE_REQUEST, SERVE_STOP_NOTIFICATION, SIMULATE_REQUEST, STATE_REQUEST, TIME_REQUEST, WHAT_IF_REQUEST, locationKey, podsOfKey, type ServeResult,
  type DiagnosticDto, type DryRunResult, type LocationDto, type RolloutParams, type RolloutResult, type SimulateParams,
  type TimeParams, type WhatIfParams,
} from '../../engine/dryrun/protocol';
import type { ServerContext, Service } from '../context';

/** LSP DiagnosticSeverity numbers (the DTO crosses to the extension host as plain JSON). */
const LSP_SEVERITY: Record<Finding['severity'], number> = { error: 1, warning: 2, information: 3, hint: 4 };
import { KUBECTL_REQUEST, isReadOnlyKubectl, type KubectlParams, type KubectlResponse } from '../../shell/protocol';
import { workspaceManifestReader } from '../../shell/workspaceManifests';

/**
 * The dry run as LSP requests: a simulation session held here (never in the extension host),
 * time control and what-ifs on it, predictive diagnostics and CodeLens from its snapshot, and the
 * rollout preview from git HEAD. The editor publishes the diagnostics in its own collection (source
 * `kube-rehearsal dry-run`) so they never replace the checker's.
 */

const WORKLOAD_KINDS = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'Pod']);
const REQUEST_CANCELLED = -32800;
const INDEX_QUIET_MS = 300;
const INDEX_WAIT_LIMIT_MS = 5000;
/** Progress reports are sent at most this often (a run yields every few tens of milliseconds). */
const PROGRESS_EVERY_MS = 250;
/** The views follow the served session at most this often. */
const PUBLISH_EVERY_MS = 1000;
/** Virtual seconds after which the views follow the served session's clock when nothing else changed. */
const TIME_REFRESH_SECONDS = 5;

/** Hands the event loop back between slices of work (requests first: giveWay), and stops there once the request is cancelled. */
async function pause(token?: CancellationToken): Promise<void> {
  await giveWay();
  if (token?.isCancellationRequested) throw new CancelledError();
}

/**
 * For loops of uneven steps: pauses once a slice's wall time (the simulation's STEP_BUDGET_MS)
 * has passed since the last pause. Deciding what is simulated paused every 50 documents checked,
 * which was over 50 ms of CPU for 3,000 Deployments.
 */
function slicer(token?: CancellationToken): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < STEP_BUDGET_MS) return;
    await pause(token);
    since = performance.now();
  };
}

/** A request's progress, reported on its LSP work-done token (nothing without one). */
interface RunProgress {
  say(message: MessageRef, percentage?: number): void;
  /** Reports virtual time reached, as `Simulating: 2m10s` (of `limit` seconds when given), in the client's language */
  simulating(limit?: number): ProgressReport;
  end(): void;
}

/** A kustomization's build, for a dry run of what kustomize builds: objects and where their lines are. */
interface KustomizationRun {
  label: string;
  /** A range of the build's output, placed on its source line. */
  place: (range: LocationDto['range']) => LocationDto;
}

interface SessionState {
  session: DryRunSession;
  /** The cluster and image behaviours the session simulates (settings and .kube-rehearsal.yaml) */
  config: WorkspaceSimConfig;
  scope: 'workspace' | 'file' | 'kustomization';
  uri?: string;
  kustomization?: KustomizationRun;
  /** The objects simulated: those the API server accepts */
  objects: IndexedObject[];
  /** Objects of the scope that the API server refuses (by the check's errors), never simulated */
  rejected: RejectedManifest[];
  lastDiagnosticUris: Set<string>;
  lastResult?: DryRunResult;
  /**
   * The fingerprint of what the run simulated (runInputs.ts) and the session's change count when
   * its result was made: a new run of the same inputs reuses the session while it has not moved.
   */
  ran?: { inputs: string; changes: number };
}

export function selectObjects(ctx: Pick<ServerContext, 'index'>, scope: 'workspace' | 'file', uri?: string): IndexedObject[] {
  return dryRunObjects(ctx.index.objects(), (o) => scope === 'workspace' || o.uri === uri);
}

/** Pods located between two yields while preparing a result. */
const LOCATE_PODS_PER_SLICE = 200;

function sameLocation(a: LocationDto, b: LocationDto): boolean {
  return a.uri === b.uri && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character && a.range.end.line === b.range.end.line && a.range.end.character === b.range.end.character;
}

async function toLocations(snapshotLocator: ManifestLocator, result: DryRunResult['snapshot'], token?: CancellationToken): Promise<Record<string, LocationDto>> {
  const out: Record<string, LocationDto> = {};
  const put = (kind: string, ns: string, name: string, container?: string) => {
    const loc = snapshotLocator.locate(kind, ns, name, container);
    if (loc) out[locationKey(kind, ns, name, container)] = loc;
  };
  // A pod's line is its controller's template: sent once per controller, and for a pod of its
  // own only where it differs (resultLocation reads both).
  const putPod = (p: DryRunResult['snapshot']['pods'][number], container?: string) => {
    const loc = snapshotLocator.locate('Pod', p.namespace, p.name, container);
    if (!loc) return;
    if (p.owner) {
      const shared = podsOfKey(p.namespace, p.owner, container);
      const known = out[shared];
      if (!known) return void (out[shared] = loc);
      if (sameLocation(known, loc)) return;
    }
    out[locationKey('Pod', p.namespace, p.name, container)] = loc;
  };
  let n = 0;
  for (const p of result.pods) {
    if (++n % LOCATE_PODS_PER_SLICE === 0) await pause(token);
    putPod(p);
    for (const c of p.containers) putPod(p, c.name);
  }
  for (const w of result.workloads) put(w.kind, w.namespace, w.name);
  for (const j of result.jobs) put('Job', j.namespace, j.name);
  for (const s of result.services) put('Service', s.namespace, s.name);
  for (const c of result.customResources ?? []) put(c.kind, c.namespace ?? '', c.name);
  return out;
}

export const simulateService: Service = {
  name: 'simulate',
  capabilities: () => ({ codeLensProvider: { resolveProvider: false } }),
  register(ctx: ServerContext): void {
    let state: SessionState | undefined;
    const readSettingFile: ReadSettingFile = (p) => {
      // An open document as edited, else the file on disk.
      const open = ctx.documents.get(pathToFileURL(p).href);
      if (open) return { ok: true, text: open.getText() };
      const r = readRegularFile(p);
      return r.ok ? r : { ok: false, message: r.message };
    };
    /**
     * The simulator of one session: the cluster and image behaviours of kubeRehearsal.dryRun.* and
     * .kube-rehearsal.yaml (dryRunSettings.ts), read once when the run starts, so the session
     * replaying its past (going back in time, reset) rebuilds the same cluster. Throws, with the
     * setting's name, when a file a setting names cannot be read.
     */
    const sessionFactory = (): { factory: ReturnType<typeof createSimulationFactory>; config: WorkspaceSimConfig } => {
      const config = dryRunSimConfig(ctx.settings().dryRun, ctx.index.allFiles(), ctx.workspaceFolder(), readSettingFile);
      // `kubectl apply -f` (terminal what-ifs) reads the workspace's files as the index holds them.
      const factory = createSimulationFactory(() => ctx.index.allFiles(), { readManifests: workspaceManifestReader(() => ctx.index.allFiles()) }, () => ctx.settings().podSecurity, () => ctx.kubernetesTarget().minor, () => registryForWorkspace(ctx.index, ctx.extraCrds()), () => config);
      return { factory, config };
    };

    const progressOf = (params: { workDoneToken?: string | number } | undefined, title: MessageRef): RunProgress => {
      const token = params?.workDoneToken;
      if (token === undefined) return { say: () => undefined, simulating: () => () => undefined, end: () => undefined };
      const send = (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => void ctx.connection.sendProgress(WorkDoneProgress.type, token, value);
      send({ kind: 'begin', title: localizedText(title), cancellable: true });
      let last = 0;
      const say = (message: MessageRef, percentage?: number) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS) return;
        last = now;
        send({ kind: 'report', message: localizedText(message), ...(percentage !== undefined ? { percentage: Math.max(0, Math.min(100, Math.round(percentage))) } : {}) });
      };
      return {
        say,
        // At 0s a new run is still applying its manifests (thousands take seconds).
        simulating: (limit) => (t) => say(t === 0 ? msg('progress.starting') : limit ? msg('progress.simulating-of', { time: formatSeconds(t), limit: formatSeconds(limit) }) : msg('progress.simulating', { time: formatSeconds(t) }), limit ? (100 * t) / limit : undefined),
        end: () => send({ kind: 'end' }),
      };
    };

    // What the API server refuses is never simulated: the check's errors of each document decide.
    // Checked in slices of about STEP_BUDGET_MS (a large workspace's check is long): cancellable,
    // and other requests are answered in between.
    const admitted = async (objects: IndexedObject[], kustomization?: KustomizationRun, token?: CancellationToken): Promise<{ objects: IndexedObject[]; rejected: RejectedManifest[] }> => {
      const checked = new Map<YamlFile, Finding[]>();
      const slice = slicer(token);
      for (const o of objects) {
        if (checked.has(o.file)) continue;
        // One document per step: a file of 3,000 Deployments is seconds of checking when nothing is cached.
        const steps = checkFileSteps(o.file, { index: ctx.index, patchFiles: ctx.patchFiles(), configFiles: ctx.configFiles(), extraCrds: ctx.extraCrds(), kubernetesMinor: ctx.kubernetesTarget().minor });
        let step = steps.next();
        while (!step.done) {
          await slice();
          step = steps.next();
        }
        checked.set(o.file, step.value);
        await slice();
      }
      const a = admit(objects, (file) => checked.get(file) ?? []);
      const rejected = kustomization ? a.rejected.map((r) => (r.range ? { ...r, ...kustomization.place(r.range) } : r)) : a.rejected;
      return { objects: a.admitted, rejected };
    };

    // The workspace scan runs after `initialized`, in chunks: a dry run asked for right at start-up
    // waits until the index has been quiet for a moment (bounded), so it sees every manifest.
    // Edits of open documents do not make it wait: the run reads their latest text at once
    // (openDocumentsBehind below), and someone typing in another file kept the index from ever
    // being quiet, so every run started only after the bound (5 s).
    let lastIndexChange = 0;
    let indexChanges = 0;
    ctx.onIndexChanged((uris) => {
      indexChanges++;
      if (uris.length === 0 || !uris.every((uri) => ctx.documents.get(uri))) lastIndexChange = Date.now();
    });
    // A large document opened or edited a moment ago is still being parsed in slices: the run waits
    // for it (what the user sees in the editor is what is simulated), and finishes it at once past a bound.
    const indexSettled = async (token?: CancellationToken): Promise<void> => {
      const deadline = Date.now() + INDEX_WAIT_LIMIT_MS;
      while (Date.now() < deadline && (indexChanges === 0 || Date.now() - lastIndexChange < INDEX_QUIET_MS || ctx.openDocumentsBehind().length > 0)) {
        if (token?.isCancellationRequested) throw new CancelledError();
        await new Promise((r) => setTimeout(r, 50));
      }
      for (const uri of ctx.openDocumentsBehind()) ctx.file(uri);
    };

    /**
     * The result the editor shows: snapshot, predictions, locations. Thousands of pods take a
     * while: done in slices (other requests are answered in between, a cancellation stops it).
     */
    const build = async (s: SessionState, output?: string, token?: CancellationToken): Promise<DryRunResult> => {
      const snapshot = await s.session.snapshotInSlices(token);
      // The snapshot's lookups (events, timeline and pods by object), which predictions and
      // locations read, built in slices first: at once they took a few hundred ms with 9,000 pods.
      const indexing = indexingSnapshot(snapshot);
      while (!indexing.next().done) await pause(token);
      const locator = new ManifestLocator(s.objects, snapshot);
      const byUri = new Map<string, DiagnosticDto[]>();
      // A kustomization's objects are kustomize's output: their lines are placed on the sources.
      const place = (uri: string, range: LocationDto['range']): LocationDto => (s.kustomization ? s.kustomization.place(range) : { uri, range });
      const placed = new Map<string, Finding[]>();
      // Quick fixes edit the file's text: not offered on a kustomize build's output.
      const behaviour = s.kustomization ? undefined : workspaceBehaviour(ctx.index.allFiles(), s.config);
      const steps = predicting(snapshot, s.objects, behaviour ? { replacementTags: (image) => behaviour.replacementTags(image) } : {});
      let step = steps.next();
      while (!step.done) {
        await pause(token);
        step = steps.next();
      }
      for (const p of step.value) {
        const at = place(p.uri, p.finding.range);
        const list = placed.get(at.uri) ?? [];
        // The prediction's own words (catalogued or Kubernetes') inside "(in the build of ...)".
        const inBuild = s.kustomization ? msg('dry-run.in-build', { message: p.finding.l10n ?? p.finding.message, kustomization: s.kustomization.label }) : undefined;
        const { fixes, ...finding } = p.finding;
        list.push({ ...finding, ...(s.kustomization ? {} : { fixes }), range: at.range, ...(inBuild ? localizable(inBuild) : { message: p.finding.message }) });
        placed.set(at.uri, list);
      }
      // Rule levels (kubeRehearsal.rules, .kube-rehearsal.yaml) and suppression comments apply to
      // predictions as they do to every other finding, and as `check --dry-run` applies them.
      const settings = ctx.settings();
      const textOf = new Map(s.objects.map((o) => [o.uri, o.file.text]));
      for (const uri of s.lastDiagnosticUris) ctx.setDryRunFindings(uri, undefined);
      for (const [uri, list] of placed) {
        const file = ctx.file(uri);
        const kept = applySettings(file, list, settings);
        // Kept for the quick fixes (code actions), valid while the file's text is the one simulated.
        const text = textOf.get(uri);
        if (text !== undefined) ctx.setDryRunFindings(uri, { text, findings: kept });
        if (kept.length > 0) byUri.set(uri, kept.map((f) => ({ range: f.range, severity: LSP_SEVERITY[f.severity], code: f.code, source: DRY_RUN_SOURCE, message: localizedMessage(f) })));
      }
      const locations = await toLocations(locator, snapshot, token);
      if (s.kustomization) for (const k of Object.keys(locations)) locations[k] = place(locations[k].uri, locations[k].range);
      // Files that had predictions and have none now get an empty list, so the editor clears them.
      const diagnostics = [...new Set([...s.lastDiagnosticUris, ...byUri.keys()])].map((uri) => ({ uri, diagnostics: byUri.get(uri) ?? [] }));
      s.lastDiagnosticUris = new Set(byUri.keys());
      const result: DryRunResult = {
        // The simulator's assumptions in the editor's language (kubectl's warnings among them stay as printed).
        snapshot: { ...snapshot, assumptions: localizedAssumptions(snapshot.assumptions) },
        locations,
        diagnostics,
        whatIfs: s.session.whatIfs.filter((w) => w.time <= s.session.time).map((w) => ({ time: w.time, command: w.label ?? `kubectl ${w.argv.join(' ')}` })),
        diverged: s.session.diverged,
        scope: s.scope,
        uri: s.uri,
        label: s.kustomization?.label,
        files: [...new Set(s.objects.map((o) => place(o.uri, o.range).uri))],
        stoppedBy: localizedStop(s.session.stoppedBy),
        output,
        rejected: [...s.rejected, ...s.session.rejected().map((r) => { const at = placeRefusal(r, s.objects); return at.range && at.uri ? { ...at, ...place(at.uri, at.range) } : at; })],
      };
      s.lastResult = result;
      if (ctx.clientCapabilities().workspace?.codeLens?.refreshSupport) void ctx.connection.sendRequest(CodeLensRefreshRequest.type).then(undefined, () => undefined);
      return result;
    };

    const guard = async <T>(token: CancellationToken | undefined, fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (e) {
        if (e instanceof CancelledError || token?.isCancellationRequested) throw new ResponseError(REQUEST_CANCELLED, 'dry run cancelled');
        throw new ResponseError(-32603, e instanceof Error ? e.message : String(e));
      }
    };

    /** What kustomize builds from the kustomization at `uri`: the objects, and where their lines are. */
    const kustomizationObjects = async (uri: string): Promise<{ objects: IndexedObject[]; run: KustomizationRun }> => {
      const k = await ctx.kustomize.buildFor(uri);
      const file = k.rendered.file!;
      const objects = file.docs.map((d) => describeObject(file, d)).filter((o): o is IndexedObject => !!o?.name);
      return { objects, run: { label: k.label, place: k.place } };
    };

    ctx.connection.onRequest(SIMULATE_REQUEST, (params: SimulateParams, token: CancellationToken) => {
      const progress = progressOf(params, msg('progress.dry-run'));
      return guard(token, async () => {
        const scope = params?.scope === 'file' ? 'file' : params?.scope === 'kustomization' ? 'kustomization' : 'workspace';
        if (scope !== 'file') await indexSettled(token);
        let objects: IndexedObject[];
        let kustomization: KustomizationRun | undefined;
        if (scope === 'kustomization') {
          if (!params?.uri) throw new Error('a dry run of a kustomization needs its folder or file');
          progress.say(msg('progress.kustomize'));
          ({ objects, run: kustomization } = await kustomizationObjects(params.uri));
        } else objects = selectObjects(ctx, scope, params?.uri);
        progress.say(objects.length === 1 ? msg('progress.checking-one') : msg('progress.checking', { count: String(objects.length) }));
        const checked = await admitted(objects, kustomization, token);
        // A request's own time and seed win over the settings (kubeRehearsal.dryRun.duration, seed).
        const dryRun = ctx.settings().dryRun;
        const duration = typeof params?.time === 'number' ? params.time : dryRun.duration;
        const { factory: simulator, config } = sessionFactory();
        const manifests = manifestValues(checked.objects);
        const seed = params?.seed ?? dryRun.seed ?? 1;
        const horizon = Math.max(3600, duration ?? 0);
        // Encoding 3,000 manifests is tens of ms: in slices like the check before it.
        const fingerprinting = runFingerprintSteps({ manifests, seed, horizon, duration, steadyLimit: STEADY_LIMIT_SECONDS, config, podSecurity: ctx.settings().podSecurity, kubernetesMinor: ctx.kubernetesTarget().minor, customResources: registryForWorkspace(ctx.index, ctx.extraCrds()) });
        const slice = slicer(token);
        let fingerprinted = fingerprinting.next();
        while (!fingerprinted.done) {
          await slice();
          fingerprinted = fingerprinting.next();
        }
        const inputs = fingerprinted.value;
        const previous = state;
        // The same inputs as the last run, whose session still stands where that run left it: the
        // simulation would come out the same (it is deterministic), so it is not made again; what is
        // placed on the lines (predictions, locations, refusals) is, from the objects as they are now.
        const reused = inputs !== undefined && previous?.ran?.inputs === inputs && previous.ran.changes === previous.session.changes && !previous.session.busy ? previous.session : undefined;
        // The session applies the manifests in the run's first slices, not here (thousands take seconds).
        const session = reused ?? new DryRunSession(simulator, manifests, seed, horizon);
        const next: SessionState = { session, config, scope, uri: params?.uri, kustomization, objects: checked.objects, rejected: checked.rejected, lastDiagnosticUris: previous?.lastDiagnosticUris ?? new Set() };
        if (reused) ctx.log('dry run: the simulated inputs are those of the last run, its simulation is reused');
        else if (duration !== undefined) await session.seek(duration, token, progress.simulating(duration));
        else await session.runToSteady(STEADY_LIMIT_SECONDS, token, progress.simulating(STEADY_LIMIT_SECONDS));
        if (token.isCancellationRequested) throw new CancelledError();
        progress.say(msg('progress.results'));
        // A run cancelled while its result is prepared leaves the previous session in place.
        const result = await build(next, undefined, token);
        if (inputs !== undefined) next.ran = { inputs, changes: session.changes };
        state = next;
        return result;
      }).finally(() => progress.end());
    });

    const requireState = (): SessionState => {
      if (!state) throw new Error('no dry run yet: run "Dry Run Workspace" first');
      return state;
    };

    ctx.connection.onRequest(TIME_REQUEST, (params: TimeParams, token: CancellationToken) => {
      const progress = progressOf(params, msg('progress.dry-run'));
      return guard(token, async () => {
        const s = requireState();
        if (params.action === 'advance') await s.session.seek(s.session.time + Math.max(0, params.seconds), token, progress.simulating());
        else if (params.action === 'seek') await s.session.seek(Math.max(0, params.time), token, progress.simulating());
        else await s.session.runToSteady(900, token, progress.simulating());
        return build(s, undefined, token);
      }).finally(() => progress.end());
    });

    ctx.connection.onRequest(WHAT_IF_REQUEST, (params: WhatIfParams, token: CancellationToken) => {
      const progress = progressOf(params, msg('progress.what-if'));
      return guard(token, async () => {
        const s = requireState();
        await s.session.materialize(token, progress.simulating());
        const r = s.session.whatIf(params.argv.map(String));
        // Simulate forward a little so the consequences show (controllers react within seconds).
        if (r.ok) await s.session.seek(s.session.time + 10, token, progress.simulating());
        const out = await build(s, r.output, token);
        if (!r.ok) throw new ResponseError(-32602, r.output || 'the command failed');
        return out;
      }).finally(() => progress.end());
    });

    ctx.connection.onRequest(RESET_REQUEST, (_params: unknown, token: CancellationToken) => guard(token, async () => {
      if (!state) return null;
      if (state.scope === 'kustomization' && state.uri) {
        const k = await kustomizationObjects(state.uri);
        ({ objects: state.objects, rejected: state.rejected } = await admitted(k.objects, k.run, token));
        state.kustomization = k.run;
      } else ({ objects: state.objects, rejected: state.rejected } = await admitted(selectObjects(ctx, state.scope === 'kustomization' ? 'workspace' : state.scope, state.uri), undefined, token));
      state.session.reset(manifestValues(state.objects));
      return build(state, undefined, token);
    }));

    ctx.connection.onRequest(STATE_REQUEST, () => state?.lastResult ?? null);

    /** The current session, or a new one of the workspace at time 0 (the terminals start one). */
    const ensureState = async (token?: CancellationToken): Promise<SessionState> => {
      if (!state) {
        const { objects, rejected } = await admitted(selectObjects(ctx, 'workspace'), undefined, token);
        const { factory: simulator, config } = sessionFactory();
        const duration = ctx.settings().dryRun.duration;
        state ??= { session: new DryRunSession(simulator, manifestValues(objects), ctx.settings().dryRun.seed ?? 1, Math.max(3600, duration ?? 0)), config, scope: 'workspace', objects, rejected, lastDiagnosticUris: new Set() };
      }
      return state;
    };

    // The simulated cluster terminal: kubectl on this same session. Commands that change the
    // cluster are what-ifs at the current time (so the views show them); looking records nothing.
    ctx.connection.onRequest(KUBECTL_REQUEST, (params: KubectlParams, token: CancellationToken) => guard(token, async (): Promise<KubectlResponse<DryRunResult>> => {
      const s = await ensureState(token);
      let changed = !s.lastResult;
      const advance = Math.max(0, Number(params?.advance ?? 0));
      // The terminal acts on the cluster at the time shown (a settled run stands a minute later).
      await s.session.materialize(token);
      if (advance > 0) {
        // While served, the served clock runs the session: the terminal's own clock adds only what
        // goes beyond it (a `sleep`), so two clocks at 1x still make 1x.
        const target = served.serving && typeof params?.from === 'number' ? params.from + advance : s.session.time + advance;
        if (target > s.session.time) {
          await s.session.seek(target, token);
          changed = true;
        }
      }
      let out = { stdout: '', stderr: '', exitCode: 0 };
      const argv = (params?.argv ?? []).map(String);
      if (argv.length) {
        const r = isReadOnlyKubectl(argv) ? s.session.inspect(argv) : s.session.whatIf(argv);
        // The session's adapter trims its output; a terminal needs the final line end back.
        const text = r.output && !r.output.endsWith('\n') ? r.output + '\n' : r.output;
        out = r.ok ? { stdout: text, stderr: '', exitCode: 0 } : { stdout: '', stderr: text, exitCode: 1 };
        if (r.ok && !isReadOnlyKubectl(argv)) changed = true;
      }
      return { ...out, time: s.session.time, result: changed ? await build(s, argv.length ? out.stdout + out.stderr : undefined, token) : undefined };
    }));

    // The user's own kubectl: the session served over the Kubernetes API. The views follow what
    // happens there through CHANGED_NOTIFICATION, at most about once a second (less often when
    // preparing a result takes long), and every TIME_REFRESH_SECONDS of virtual time when only the clock moved.
    const publishing = { timer: undefined as NodeJS.Timeout | undefined, running: false, again: false, at: 0, cost: 0 };
    const publish = async () => {
      publishing.timer = undefined;
      const s = state;
      if (!s || !served.serving) return;
      publishing.running = true;
      const started = Date.now();
      try {
        await s.session.whenIdle();
        const result = await build(s);
        if (state === s) await ctx.connection.sendNotification(CHANGED_NOTIFICATION, result);
      } catch (e) {
        ctx.log(`publishing the served dry run failed: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        publishing.running = false;
        publishing.at = Date.now();
        publishing.cost = publishing.at - started;
        if (publishing.again) {
          publishing.again = false;
          schedulePublish(false);
        }
      }
    };
    const schedulePublish = (timeOnly: boolean) => {
      const s = state;
      if (!s || !served.serving) return;
      if (timeOnly && s.lastResult && s.session.time - s.lastResult.snapshot.time < TIME_REFRESH_SECONDS) return;
      if (publishing.timer) return;
      if (publishing.running) return void (publishing.again = true);
      const wait = Math.max(0, publishing.at + Math.max(PUBLISH_EVERY_MS, 4 * publishing.cost) - Date.now());
      publishing.timer = setTimeout(() => void publish(), wait);
    };
    const served = new ServedSession(() => state?.session, { stored: () => schedulePublish(false), ticked: () => schedulePublish(true) });

    ctx.connection.onRequest(SERVE_REQUEST, (_params: unknown, token: CancellationToken) => guard(token, async (): Promise<ServeResult> => {
      // A port, even on loopback, only for a workspace the user trusts (as kustomize runs only there).
      if (!ctx.kustomize.trusted) throw new Error('the rehearsal cluster is served only in a trusted workspace: trust the workspace first');
      await ensureState(token);
      const r = await served.start();
      schedulePublish(false);
      return r;
    }));
    ctx.connection.onNotification(SERVE_STOP_NOTIFICATION, () => void served.stop());

    ctx.connection.onRequest(ROLLOUT_REQUEST, (params: RolloutParams, token: CancellationToken) => guard(token, async () => rollout(ctx, params, sessionFactory().factory, token)));

    ctx.connection.onCodeLens(ctx.safe('codeLens', [] as CodeLens[], (params) => {
      if (isKustomizationFile(params.textDocument.uri)) {
        // A kustomization (not a component) can be dry-run as kustomize builds it.
        const file = ctx.index.file(params.textDocument.uri);
        const doc = file?.docs.find((d) => !d.empty);
        const kind = (doc?.value as { kind?: unknown } | undefined)?.kind;
        if (!file || !doc || (kind !== undefined && kind !== 'Kustomization')) return [];
        const line = documentHeadRange(file, doc).start.line;
        const ran = state?.scope === 'kustomization' && state.uri && sameKustomization(state.uri, params.textDocument.uri) && state.lastResult;
        return [{
          range: { start: { line, character: 0 }, end: { line, character: 0 } },
          command: { title: localizedText(ran ? msg('lens.kustomization-last', { summary: workloadSummary(state!.lastResult!) }) : msg('lens.kustomization')), command: 'kubeRehearsal.dryRunKustomization', arguments: [params.textDocument.uri] },
        }];
      }
      const objects = ctx.index.objects().filter((o) => o.uri === params.textDocument.uri && o.name && WORKLOAD_KINDS.has(o.kind));
      return objects.map((o): CodeLens => {
        // Above the document's first content line (after its comments), where the object starts.
        const startLine = documentHeadRange(o.file, o.doc).start.line;
        const range = { start: { line: startLine, character: 0 }, end: { line: startLine, character: 0 } };
        const lens = state?.lastResult ? lensFor(state, o) : undefined;
        if (lens?.reveal) return { range, command: { title: lens.title, command: 'kubeRehearsal.dryRun.revealObject', arguments: [{ kind: o.kind, namespace: o.namespace, name: o.name, uri: o.uri }] } };
        return { range, command: { title: lens?.title ?? localizedText(msg('lens.dry-run')), command: 'kubeRehearsal.dryRunWorkspace', arguments: [] } };
      });
    }));
  },
};

async function rollout(ctx: ServerContext, params: RolloutParams, factory: ReturnType<typeof createSimulationFactory>, token: CancellationToken): Promise<RolloutResult> {
  const empty = (why: MessageRef): RolloutResult => {
    const unavailable = localizedText(why);
    return { status: 'no-changes', changed: [], appliedAt: 0, endedAt: 0, steps: [], workloads: [], summary: [unavailable], unavailable };
  };
  let target: string;
  try {
    target = fileURLToPath(params.uri);
  } catch {
    return empty(msg('rollout.no-file'));
  }
  const dir = /\.(ya?ml|json)$/i.test(target) ? path.dirname(target) : target;
  let root: string | undefined;
  try {
    root = await repositoryRoot(dir);
  } catch (e) {
    if (e instanceof GitUnavailableError) return empty(msg('rollout.no-git'));
    throw e;
  }
  if (!root) return empty(msg('rollout.not-a-repository'));
  const inScope = (p: string) => /\.(ya?ml)$/i.test(p) && path.resolve(root!, p).startsWith(dir);
  let headPaths: string[];
  try {
    headPaths = await filesAtHead(root, inScope);
  } catch {
    return empty(msg('rollout.no-commit'));
  }
  const head: ManifestText[] = [];
  for (const p of headPaths) head.push({ uri: pathToFileURL(path.join(root, p)).toString(), text: await showAtHead(root, p) });
  // The working tree: open documents as edited, other files from disk.
  const working: ManifestText[] = [];
  const workingUris = new Set<string>();
  for (const f of ctx.index.allFiles()) {
    const p = safePath(f.uri);
    if (p && p.startsWith(dir) && /\.ya?ml$/i.test(p)) {
      working.push({ uri: f.uri, text: f.text });
      workingUris.add(f.uri);
    }
  }
  for (const h of head) {
    if (workingUris.has(h.uri)) continue;
    const p = safePath(h.uri);
    // Only a regular file inside the repository, never more than the read limit.
    const r = p ? readRegularFile(p, { within: [root] }) : undefined;
    if (r?.ok) working.push({ uri: h.uri, text: r.text });
  }
  const preview = await previewRollout(head, working, { factory, seed: params.seed ?? ctx.settings().dryRun.seed, token, render: localizedText });
  return preview;
}

/**
 * The CodeLens of one document after a run, from that document only: its own refusal, or the
 * simulated object it defines. An object of the same kind and name in another file lends it
 * nothing: when two documents define one object, the one applied last is the one simulated.
 */
function lensFor(s: SessionState, o: IndexedObject): { title: string; reveal: boolean } | undefined {
  const refused = s.rejected.find((r) => r.uri === o.uri && r.object === `${o.kind}/${o.name}`);
  if (refused) return { title: localizedText(msg('lens.rejected')), reveal: true };
  if (s.kustomization) return undefined;
  const key = `${o.kind}/${o.namespace}/${o.name}`;
  let owner: IndexedObject | undefined;
  for (const x of s.objects) if (`${x.kind}/${x.namespace}/${x.name}` === key) owner = x;
  if (!owner) return undefined;
  if (owner.uri !== o.uri) return { title: localizedText(msg('lens.replaced', { kind: o.kind, file: path.basename(safePath(owner.uri) ?? owner.uri) })), reveal: false };
  const title = workloadLensTitle(s.lastResult!.snapshot, o);
  // The status after "Dry run: " is kubectl's words (CrashLoopBackOff, 2/2 Ready): only the prefix is ours.
  return title ? { title: title.startsWith('Dry run: ') ? localizedText(msg('lens.status', { status: title.slice('Dry run: '.length) })) : title, reveal: true } : undefined;
}

/** The folder and the file of one kustomization name the same run. */
function sameKustomization(a: string, b: string): boolean {
  const dir = (u: string) => (isKustomizationFile(u) ? u.slice(0, u.lastIndexOf('/')) : u.replace(/\/$/, ''));
  return dir(a) === dir(b);
}

function workloadSummary(r: DryRunResult): MessageRef {
  const pods = r.snapshot.pods;
  const running = pods.filter((p) => p.status === 'Running').length;
  return msg('lens.pods-running', { running: String(running), total: String(pods.length) });
}

function safePath(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
