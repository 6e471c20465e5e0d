import { statSync } from 'node:fs';
import { readRegularFile } from '../engine/safeRead';
import { relative, resolve, sep } from 'node:path';
import { formatSeconds, parseDuration } from '../engine/dryrun/format';
import { filesAtRef, GitRefError, GitUnavailableError, repositoryRoot, resolveCommit, showAtRef } from '../engine/dryrun/git';
import { describeCause, previewRollout, relativeReason, type ManifestText, type RolloutPreview, type WorkloadOutcome } from '../engine/dryrun/rollout';
import { createSimulationFactory } from '../engine/dryrun/simulator';
import { walkManifestFiles } from '../engine/fileWalker';
import { parseYamlFile } from '../engine/yaml/documents';

/**
 * `kube-rehearsal simulate --diff-against REF`: the manifests at REF are the running cluster, the
 * working tree (or `--diff-to REF2`) is applied as `kubectl apply` would, and each changed workload's
 * rollout is reported. The engine is the editor's "Preview Rollout from Git HEAD", so both agree.
 */

export class RolloutUsageError extends Error {}

export interface RolloutArgs {
  inputs: string[];
  against: string;
  to?: string;
  seed: number;
  format: 'text' | 'json' | 'markdown';
}

const MANIFEST = /\.(ya?ml|json)$/i;

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

async function readAt(root: string, ref: string, scopes: string[]): Promise<ManifestText[]> {
  const inScope = (p: string) => MANIFEST.test(p) && scopes.some((s) => s === '' || p === s || p.startsWith(`${s}/`));
  const out: ManifestText[] = [];
  for (const p of await filesAtRef(root, ref, inScope)) out.push({ uri: p, text: await showAtRef(root, ref, p) });
  return out;
}

function readWorkingTree(root: string, inputs: string[]): ManifestText[] {
  const out: ManifestText[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    let isDir: boolean;
    try {
      isDir = statSync(input).isDirectory();
    } catch {
      throw new RolloutUsageError(`cannot read "${input}": no such file or directory`);
    }
    for (const f of isDir ? walkManifestFiles(input) : [input]) {
      const rel = toPosix(relative(root, resolve(f)));
      if (seen.has(rel) || !MANIFEST.test(rel)) continue;
      seen.add(rel);
      const r = readRegularFile(f, isDir ? { within: [input] } : {});
      if (!r.ok) throw new RolloutUsageError(`cannot read "${f}": ${r.message}`);
      out.push({ uri: rel, text: r.text });
    }
  }
  return out;
}

export async function runRolloutPreview(args: RolloutArgs): Promise<{ output: string; exitCode: number }> {
  const inputs = args.inputs.length ? args.inputs : ['.'];
  const first = resolve(inputs[0]);
  let root: string | undefined;
  try {
    let dir = first;
    try {
      if (!statSync(first).isDirectory()) dir = resolve(first, '..');
    } catch {
      throw new RolloutUsageError(`cannot read "${inputs[0]}": no such file or directory`);
    }
    root = await repositoryRoot(dir);
    if (!root) throw new RolloutUsageError(`"${inputs[0]}" is not in a git repository: there is no ${args.against} to compare with`);
    await resolveCommit(root, args.against);
    if (args.to) await resolveCommit(root, args.to);
  } catch (e) {
    if (e instanceof GitUnavailableError) throw new RolloutUsageError('git was not found on PATH: --diff-against reads the repository with it');
    if (e instanceof GitRefError) throw new RolloutUsageError(e.message);
    throw e;
  }
  const scopes = inputs.map((i) => toPosix(relative(root!, resolve(i))));
  if (scopes.some((s) => s.startsWith('..'))) throw new RolloutUsageError('every path must be inside the same git repository');
  const base = await readAt(root, args.against, scopes);
  const target = args.to ? await readAt(root, args.to, scopes) : readWorkingTree(root, inputs);
  const all = [...base, ...target];
  const factory = createSimulationFactory(() => all.filter((f) => /(^|\/)\.kube-rehearsal\.ya?ml$/.test(f.uri)).map((f) => parseYamlFile(f.uri, f.text)));
  const preview = await previewRollout(base, target, { factory, seed: args.seed });
  const labels = { from: args.against, to: args.to ?? 'the working tree' };
  const output = args.format === 'json' ? jsonReport(preview, labels) : args.format === 'markdown' ? markdownReport(preview, labels) : textReport(preview, labels);
  const bad = preview.workloads.some((w) => w.outcome !== 'complete');
  return { output, exitCode: bad ? 1 : 0 };
}

interface Labels {
  from: string;
  to: string;
}

function jsonReport(p: RolloutPreview, labels: Labels): string {
  const { snapshot: _snapshot, ...rest } = p;
  return JSON.stringify({ from: labels.from, to: labels.to, ...rest }, null, 2) + '\n';
}

function textReport(p: RolloutPreview, labels: Labels): string {
  let out = `Rollout preview: ${labels.from} -> ${labels.to}\n`;
  if (p.status === 'no-changes') return out + `${p.summary.join('\n')}\n`;
  out += `The manifests at ${labels.from} ran until steady (${formatSeconds(p.appliedAt)}); then ${labels.to} was applied.\n`;
  for (const w of p.workloads) {
    out += `\n${w.kind} ${w.namespace}/${w.name}: ${verdict(w)}\n`;
    // The cause first (what to fix), then the change and its consequences.
    if (w.cause) out += `  cause: ${describeCause(w.cause)}${w.cause.message ? `: ${w.cause.message}` : ''}\n`;
    for (const c of w.changes) out += `  change: ${c}\n`;
    for (const r of w.reasons) out += `  why: ${relativeReason(r, p.appliedAt)}\n`;
    for (const s of w.progress) out += `  +${formatSeconds(s.time)}  ${sampleText(s)}\n`;
    for (const e of w.endpoints) out += `  +${formatSeconds(e.time)}  Service ${e.service}: ${e.ready} ready ${e.ready === 1 ? 'endpoint' : 'endpoints'}\n`;
  }
  const steps = p.steps.map((s) => `  +${formatSeconds(s.time - p.appliedAt)} ${s.detail}\n`).join('');
  if (steps) out += `\nPods and ReplicaSets:\n${steps}`;
  return out;
}

function verdict(w: WorkloadOutcome): string {
  if (w.outcome === 'complete') return `rollout completes in ${formatSeconds(w.seconds)}`;
  if (w.outcome === 'refused') return 'the API server refuses the change';
  return `rollout stuck after ${formatSeconds(w.seconds)}`;
}

function sampleText(s: WorkloadOutcome['progress'][number]): string {
  const unavailable = Math.max(0, s.desired - s.oldReady - s.newReady);
  const surge = Math.max(0, s.oldPods + s.newPods - s.desired);
  return `old ${s.oldReady}/${s.oldPods} ready, new ${s.newReady}/${s.newPods} ready (want ${s.desired}; ${unavailable} unavailable, ${surge} surge)`;
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A summary a pull-request comment can carry: a table per workload and a small text timeline. */
function markdownReport(p: RolloutPreview, labels: Labels): string {
  let out = `### Kube Rehearsal rollout preview: \`${md(labels.from)}\` → ${labels.to === 'the working tree' ? 'the working tree' : `\`${md(labels.to)}\``}\n\n`;
  if (p.status === 'no-changes') return out + `${p.summary.join('\n')}\n`;
  out += '| Workload | Outcome | Changes |\n|---|---|---|\n';
  for (const w of p.workloads) {
    const icon = w.outcome === 'complete' ? '✅' : '❌';
    out += `| ${w.kind} \`${md(w.namespace)}/${md(w.name)}\` | ${icon} ${md(verdict(w))} | ${md(w.changes.join('; ') || '(none)')} |\n`;
  }
  for (const w of p.workloads) {
    out += `\n#### ${w.kind} ${md(w.name)}\n\n`;
    if (w.cause) out += `**Cause:** ${md(describeCause(w.cause))}${w.cause.message ? `: \`${md(w.cause.message).replace(/`/g, "'")}\`` : ''}\n\n`;
    if (w.reasons.length) out += w.reasons.map((r) => `- ${md(relativeReason(r, p.appliedAt))}`).join('\n') + '\n\n';
    if (w.progress.length || w.endpoints.length) {
      out += '| Time | Old pods ready | New pods ready | Desired | Services |\n|---|---|---|---|---|\n';
      const times = [...new Set([...w.progress.map((s) => s.time), ...w.endpoints.map((e) => e.time)])].sort((a, b) => a - b);
      let sample = w.progress[0];
      const ready = new Map<string, number>();
      for (const t of times) {
        sample = [...w.progress].reverse().find((s) => s.time <= t) ?? sample;
        for (const e of w.endpoints) if (e.time <= t) ready.set(e.service, e.ready);
        const svc = [...ready].map(([s, n]) => `${md(s)}: ${n}`).join(', ') || '-';
        out += `| +${formatSeconds(t)} | ${sample ? `${sample.oldReady}/${sample.oldPods}` : '-'} | ${sample ? `${sample.newReady}/${sample.newPods}` : '-'} | ${sample?.desired ?? '-'} | ${svc} |\n`;
      }
    }
  }
  const steps = p.steps.map((s) => `+${formatSeconds(s.time - p.appliedAt).padEnd(6)} ${s.detail}`);
  if (steps.length) out += `\n<details><summary>Timeline (${steps.length} steps)</summary>\n\n\`\`\`\n${steps.join('\n')}\n\`\`\`\n</details>\n`;
  return out;
}
