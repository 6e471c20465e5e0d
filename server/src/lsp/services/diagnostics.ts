import type { Diagnostic } from 'vscode-languageserver/node';
import type { Finding } from '../../engine/findings';
import { ruleDocUrl } from '../../engine/findings';
import { checkFileSteps, checksAffectedSince, lastCheckMayDiffer, wasChecked } from '../../engine/check';
import { registryForWorkspace } from '../../engine/crds/sources';
import { mergeFindings } from '../../engine/kustomize/checkBuilds';
import { RULES } from '../../engine/rules/index';
import type { ServerContext, Service } from '../context';
import { localizedMessage, localizedText } from '../l10n/index';
import { shortMessage } from '../shortMessages';
import { diagnosticBytes } from '../messageEncoding';
import { ITEMS_PER_STEP, type Steps } from '../../engine/steps';
import { collectGarbage } from '../idleGc';
import { boundFindings, SEVERITY } from '../diagnosticBounds';
import { giveWay } from '../../engine/giveWay';

/**
 * Publishes findings as diagnostics: for open documents as the user types (debounced per
 * document) and for every indexed workspace file. When the index changes, files that cross-file
 * rules may depend on are re-checked too (their per-document schema results come from the cache).
 */

/**
 * Files that may depend on an edited one are looked at once edits pause this long (a burst of
 * typing is one look); only those whose cross-file findings read what changed are checked again.
 */
const DEPENDENTS_DEBOUNCE_MS = 100;

/** Files whose change can alter how every other file is checked (kustomize, workspace config, charts). */
const SHAPES_EVERY_CHECK = /(^|\/)(kustomization\.ya?ml|Kustomization|\.kube-rehearsal\.ya?ml|Chart\.ya?ml)$/;

/**
 * An open document at least this long (characters) rehearses an edit once the server is idle
 * after its open (WorkspaceState.beginRehearsal), so that its first real edit runs warm.
 */
const REHEARSE_MIN_CHARS = 256 * 1024;
/** The server has been idle this long after the open's diagnostics: the rehearsal starts. */
const REHEARSE_IDLE_MS = 150;
/** Edit-and-undo rounds: V8 optimizes a function after a few runs, and one round left the first edits half as slow as cold. */
const REHEARSE_ROUNDS = 2;

/** Milliseconds of checking per tick when many files are checked (a scan, a settings change). */
const VALIDATE_SLICE_MS = 5;
/** A batch of at least this many files says in the log when it is checked. */
const LOGGED_BATCH = 500;


/**
 * Findings of unchanged documents are the same objects from one check to the next (check.ts):
 * their diagnostics are made once. Neither is changed after it is published.
 */
const diagnostics = new WeakMap<Finding, Diagnostic>();

export function toDiagnostic(f: Finding): Diagnostic {
  const known = diagnostics.get(f);
  if (known) return known;
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: ruleDocUrl(f.code) },
    source: f.source ?? 'kube-rehearsal',
    // The full message is in the hover on the range (hover.ts); ours are shown in the client's language.
    message: shortMessage(localizedMessage(f)),
  };
  if (f.related?.length) d.relatedInformation = f.related.map((r) => ({ location: { uri: r.file, range: r.range }, message: r.l10n ? localizedText(r.l10n) : r.message }));
  diagnostics.set(f, d);
  return d;
}

/**
 * The diagnostics of a file's findings with their JSON made (messageEncoding.ts), in steps. An
 * edit changes a few findings in the middle of the list: those before and after it are the very
 * objects `last` published, and take its diagnostics without a lookup each.
 */
export function* diagnosticsSteps(findings: readonly Finding[], last?: { findings: readonly Finding[]; diagnostics: readonly Diagnostic[] }): Steps<Diagnostic[]> {
  const n = findings.length;
  const diagnostics: Diagnostic[] = new Array(n);
  let head = 0;
  let tail = 0;
  if (last) {
    const before = last.findings;
    const m = before.length;
    while (head < n && head < m && before[head] === findings[head]) head++;
    while (tail < n - head && tail < m - head && before[m - 1 - tail] === findings[n - 1 - tail]) tail++;
    for (let i = 0; i < head; i++) diagnostics[i] = last.diagnostics[i];
    for (let k = 1; k <= tail; k++) diagnostics[n - k] = last.diagnostics[m - k];
  }
  for (let i = head; i < n - tail; i++) {
    if ((i - head) % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    diagnostics[i] = toDiagnostic(findings[i]);
    diagnosticBytes(diagnostics[i]);
  }
  return diagnostics;
}

/**
 * What a file's publication holds: the diagnostics of the findings shown (all of them up to the
 * bounds of diagnosticBounds.ts), and a note for each cut.
 */
interface Published {
  /** The findings shown, and their diagnostics (the same length, index for index). */
  findings: readonly Finding[];
  diagnostics: readonly Diagnostic[];
  notes: readonly Diagnostic[];
}

/** The same diagnostics, by their JSON (objects the edit path kept are compared by identity first). */
function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !diagnosticBytes(a[i]).equals(diagnosticBytes(b[i]) as unknown as Uint8Array)) return false;
  return true;
}

export const diagnosticsService: Service = {
  name: 'diagnostics',
  register(ctx: ServerContext): void {
    const published = new Set<string>();
    /** The findings shown and diagnostics last published for each file (while it has findings). */
    const lastPublished = new Map<string, Published>();

    // A large file is checked in slices of about SLICE_MS between which other requests are
    // answered. Each validation of a file supersedes the earlier ones still running: a stale check
    // stops at its next slice, so its findings are never published after newer ones.
    const SLICE_MS = 20;
    let lastGeneration = 0;
    const generations = new Map<string, number>();
    /** What was last sent for each file, so an unchanged list is not sent again. */
    const sent = new Map<string, { version: number | undefined; findings: Finding[] }>();
    const unchanged = (uri: string, version: number | undefined, findings: Finding[]): boolean => {
      const last = sent.get(uri);
      if (!last || last.version !== version || last.findings.length !== findings.length) return false;
      for (let i = 0; i < findings.length; i++) if (last.findings[i] !== findings[i]) return false;
      return true;
    };
    /** `findings`: all of the file's (hovers and quick fixes read them); `shown`: what the editor gets of them. */
    const publish = (uri: string, version: number | undefined, findings: Finding[], shown?: Published): void => {
      ctx.setFindings(uri, version, findings);
      // Files without findings that never had any need no message (a scan of 10,000 files stays quiet).
      if (findings.length === 0 && !published.has(uri)) return;
      // The same findings (the same objects: those of unchanged documents are kept) for the same
      // version: the client has them. A file of 60,000 findings re-checked because another file
      // changed is not sent (10 MB) again.
      if (unchanged(uri, version, findings)) return;
      if (findings.length === 0) {
        published.delete(uri);
        sent.delete(uri);
      } else {
        published.add(uri);
        sent.set(uri, { version, findings });
      }
      if (shown && findings.length > 0) lastPublished.set(uri, shown);
      else lastPublished.delete(uri);
      const diagnostics = shown ? (shown.notes.length ? [...shown.diagnostics, ...shown.notes] : shown.diagnostics) : findings.map(toDiagnostic);
      void ctx.connection.sendDiagnostics({ uri, version, diagnostics: diagnostics as Diagnostic[] }).catch(() => undefined);
    };
    /**
     * A file's check, then its findings as diagnostics and their JSON, in steps: 60,000 findings
     * of one document take a while to word and encode too, so that is sliced like the check. Only
     * the findings within the bounds of diagnosticBounds.ts become diagnostics.
     */
    function* validation(uri: string, file: NonNullable<ReturnType<ServerContext['file']>>): Steps<{ findings: Finding[]; shown: Published }> {
      const checked = yield* checkFileSteps(file, { settings: ctx.settings(), index: ctx.index, patchFiles: ctx.patchFiles(), configFiles: ctx.configFiles(), extraCrds: ctx.extraCrds(), kubernetesMinor: ctx.kubernetesTarget().minor });
      // What kustomize builds from this file, placed on its lines (an untrusted workspace has none).
      const findings = mergeFindings(checked, ctx.kustomize.findingsFor(uri));
      yield;
      const bounded = boundFindings(file, findings);
      const diagnostics = yield* diagnosticsSteps(bounded.shown, lastPublished.get(uri));
      return { findings, shown: { findings: bounded.shown, diagnostics, notes: bounded.notes } };
    }
    const validate = (uri: string): void => {
      // Numbered across all files, so a stale slice never matches a later validation's number.
      const generation = ++lastGeneration;
      generations.set(uri, generation);
      const open = ctx.documents.get(uri);
      const file = ctx.shouldValidate(uri) ? ctx.file(uri) : undefined;
      if (!file) {
        generations.delete(uri);
        publish(uri, open?.version, []);
        return;
      }
      const steps = validation(uri, file);
      // A small file is checked within this call, as before; a large one goes on in later ticks.
      const slice = (): void => {
        if (generations.get(uri) !== generation) return;
        const deadline = performance.now() + SLICE_MS;
        let findings: Finding[] = [];
        let shown: Published | undefined;
        try {
          for (;;) {
            const r = steps.next();
            if (r.done) {
              ({ findings, shown } = r.value);
              break;
            }
            if (performance.now() >= deadline) {
              setImmediate(slice);
              return;
            }
          }
        } catch (e) {
          ctx.log(`checking ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        }
        generations.delete(uri);
        publish(uri, open?.version, findings, shown);
      };
      slice();
      if (open && file.text.length >= REHEARSE_MIN_CHARS) scheduleRehearsal(uri, open);
    };

    /**
     * After the open of a large document, once nothing else is running: an edit and its undo go
     * through the whole edit path (parse, index, check, diagnostics) without being published, and
     * then the heap left by the open is collected (idleGc.ts). The undo's findings are the open's
     * (an edit followed by its undo; were they not, they would be published), so they are kept as
     * the published ones. Any real edit or read of the document ends the rehearsal at once.
     */
    const rehearsedDocuments = new WeakSet<object>();
    const scheduleRehearsal = (uri: string, open: NonNullable<ReturnType<ServerContext['documents']['get']>>): void => {
      if (rehearsedDocuments.has(open)) return;
      rehearsedDocuments.add(open);
      const version = open.version;
      const start = (): void => {
        if (ctx.documents.get(uri) !== open || open.version !== version) return;
        // Not idle yet (a large file's check in slices, files queued by a scan): later.
        if (generations.size > 0 || queued.size > 0) {
          setTimeout(start, REHEARSE_IDLE_MS);
          return;
        }
        const steps = rehearsalSteps(uri, version);
        const began = performance.now();
        const cpu = process.cpuUsage();
        const slice = (): void => {
          const deadline = performance.now() + SLICE_MS;
          try {
            for (;;) {
              // A real edit came (it ended the rehearsal when it read the document): stop here.
              if (ctx.documents.get(uri) !== open || open.version !== version) return;
              if (steps.next().done) break;
              if (performance.now() >= deadline) {
                setImmediate(slice);
                return;
              }
            }
          } catch (e) {
            ctx.endRehearsal(uri);
            ctx.log(`rehearsing an edit of ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
            return;
          }
          const rehearsed = performance.now();
          const used = process.cpuUsage(cpu);
          const collected = generations.size === 0 && queued.size === 0 && collectGarbage();
          ctx.log(`rehearsed an edit of ${uri} in ${Math.round(rehearsed - began)} ms (${Math.round((used.user + used.system) / 1000)} ms CPU)${collected ? `, then collected garbage in ${Math.round(performance.now() - rehearsed)} ms` : ''}`);
        };
        slice();
      };
      setTimeout(start, REHEARSE_IDLE_MS);
    };
    function* rehearsalSteps(uri: string, version: number): Steps<void> {
      for (let round = 0; round < REHEARSE_ROUNDS; round++) {
        const edited = ctx.beginRehearsal(uri);
        if (!edited) return;
        yield;
        yield* validation(uri, edited);
        yield;
        const restored = ctx.endRehearsal(uri);
        if (!restored) return;
        yield;
        const result = yield* validation(uri, restored);
        if (ctx.documents.get(uri)?.version !== version || generations.has(uri)) return;
        const last = lastPublished.get(uri);
        if (!last || !sameDiagnostics(last.diagnostics, result.shown.diagnostics) || !sameDiagnostics(last.notes, result.shown.notes)) {
          publish(uri, version, result.findings, result.shown);
          return;
        }
        ctx.setFindings(uri, version, result.findings);
        lastPublished.set(uri, result.shown);
        sent.set(uri, { version, findings: result.findings });
      }
    }

    // Files queued by validateAll and not yet checked: a pass over the dependents leaves them to it.
    const queued = new Set<string>();
    const validateSafely = (uri: string): void => {
      queued.delete(uri);
      try {
        validate(uri);
      } catch (e) {
        ctx.log(`validation of ${uri} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };

    // Checks many files a slice of about VALIDATE_SLICE_MS per tick, so requests keep being answered:
    // the next slice comes after the messages read meanwhile (engine/giveWay.ts).
    const validateAll = (uris: readonly string[], from = 0, started = Date.now(), slices = { count: 0, longestMs: 0 }): void => {
      if (from === 0) for (const uri of uris) queued.add(uri);
      else if (ctx.editsPending()) {
        // An edit of an open document came in: its check goes first (it is queued before this).
        void giveWay().then(() => validateAll(uris, from, started, slices));
        return;
      }
      const began = performance.now();
      const deadline = began + VALIDATE_SLICE_MS;
      let i = from;
      while (i < uris.length) {
        validateSafely(uris[i++]);
        if (performance.now() >= deadline) break;
      }
      slices.count++;
      slices.longestMs = Math.max(slices.longestMs, performance.now() - began);
      if (i < uris.length) void giveWay().then(() => validateAll(uris, i, started, slices));
      // A scan's or a settings change's pass over the workspace: how long it took (the bench waits for it).
      else if (uris.length >= LOGGED_BATCH) ctx.log(`kube-rehearsal: checked ${uris.length} files in ${Date.now() - started} ms (${slices.count} slices, the longest ${Math.round(slices.longestMs)} ms)`);
    };

    let everyFile = false;

    let dependentsTimer: NodeJS.Timeout | undefined;
    let justValidated = new Set<string>();
    /** The index version of the last look at the dependents, and the CRDs and target version it looked with. */
    let looked: { version: number; crds: unknown; minor: number } | undefined;
    /**
     * Files whose last check was not known to hold at the last look (being checked then, or found
     * stale and queued): looked at again next time, whatever changed.
     */
    let unsettled = new Set<string>();
    const revalidateOthers = (changed: string[]): void => {
      // Only cross-file rules make a file's findings depend on other files.
      if (RULES.length === 0) return;
      // Only the latest batch is up to date: a file validated for an earlier batch may depend on
      // this one (a custom resource on the CRD edited just after it), so it is validated again.
      justValidated = new Set(changed);
      if (changed.some((u) => SHAPES_EVERY_CHECK.test(u))) everyFile = true;
      if (dependentsTimer) clearTimeout(dependentsTimer);
      dependentsTimer = setTimeout(() => {
        dependentsTimer = undefined;
        const skip = justValidated;
        justValidated = new Set();
        const all = everyFile;
        everyFile = false;
        // Otherwise only files whose last check may no longer hold: check.ts keeps, for each
        // object, the index keys its cross-file findings read, and each file's check remembers
        // the CRDs, target version and kustomize facts it ran with. The files to ask are found
        // from the keys changed since the last look (their readers, checksAffectedSince), so the
        // cost of a change does not grow with the workspace; every file is asked only when the
        // index's log no longer reaches back (a scan), or the CRDs or target version changed.
        const minor = ctx.kubernetesTarget().minor;
        const options = { index: ctx.index, crds: registryForWorkspace(ctx.index, ctx.extraCrds()), kubernetesMinor: minor };
        const since = looked && looked.crds === options.crds && looked.minor === minor ? looked.version : undefined;
        looked = { version: ctx.index.version, crds: options.crds, minor };
        const affected = all || since === undefined ? undefined : checksAffectedSince(ctx.index, since);
        let candidates: Iterable<string>;
        if (affected) {
          for (const uri of unsettled) affected.add(uri);
          candidates = affected;
        } else candidates = ctx.index.allFiles().map((f) => f.uri);
        unsettled = new Set();
        const due: string[] = [];
        for (const uri of candidates) {
          const f = ctx.index.file(uri);
          if (!f) continue;
          // Queued or still being checked (a scan's batch, a large file): that check reads the index
          // as it is now; whether it still holds is asked next time.
          if (queued.has(uri) || generations.has(uri)) {
            unsettled.add(uri);
            continue;
          }
          if (skip.has(uri) || !f.docs.some((d) => d.isKubernetes)) continue;
          // Never checked yet: its first check is coming (the index announces every file it takes in,
          // a scan's at its end), and a file checked without a remembered result (kustomize or chart
          // configuration, too large) has no cross-file findings.
          if (!wasChecked(ctx.index, uri)) continue;
          if (all || lastCheckMayDiffer(f, options)) {
            due.push(uri);
            unsettled.add(uri);
          }
        }
        validateAll(due);
      }, DEPENDENTS_DEBOUNCE_MS);
    };

    // The workspace state coalesces edits per document (documentChanged): an index change means
    // "this file's text changed", so it is validated now, and its dependents a bit later.
    ctx.onIndexChanged((uris) => {
      validateAll(uris);
      revalidateOthers(uris);
    });
    // Builds are redone when a file they read is saved: the files whose build findings changed are checked again.
    ctx.kustomize.onDidChange((uris) => validateAll(uris.filter((u) => ctx.index.file(u) || published.has(u))));
    ctx.onSettingsChanged(() => {
      validateAll([...ctx.index.allFiles().map((f) => f.uri), ...[...published].filter((uri) => !ctx.index.file(uri))]);
    });
  },
};
