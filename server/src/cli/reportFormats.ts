import { relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../engine/findings';
import { ruleDocUrl, severityRank } from '../engine/findings';
import { ruleMetadata } from '../engine/ruleMetadata';
import type { YamlFile } from '../engine/yaml/documents';
import { VERSION } from './version';

/**
 * `check`'s findings in the formats people and CI systems read: compiler-style text, JSON,
 * SARIF 2.1.0 (code scanning), JUnit XML (test reports) and GitHub workflow commands (annotations).
 */

export type ReportFormat = 'text' | 'json' | 'sarif' | 'junit' | 'github' | 'markdown';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'junit', 'github', 'markdown'];

export type Results = Map<string, Finding[]>;

export interface ReportContext {
  files: readonly YamlFile[];
  /** Findings at or above this severity fail the run (JUnit failures follow it too). */
  failOn: Severity;
}

export function formatReport(format: ReportFormat, results: Results, ctx: ReportContext): string {
  switch (format) {
    case 'json': return formatJson(results);
    case 'sarif': return formatSarif(results);
    case 'junit': return formatJunit(results, ctx);
    case 'github': return formatGithub(results);
    case 'markdown': return formatMarkdown(results, ctx);
    default: return formatText(results);
  }
}

export function failsAt(f: Finding, failOn: Severity): boolean {
  return severityRank(f.severity) <= severityRank(failOn);
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function formatText(results: Results): string {
  let out = '';
  for (const [file, findings] of results) {
    for (const f of findings) out += `${file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} ${f.message}\n`;
  }
  return out;
}

function formatJson(results: Results): string {
  const diagnostics = [];
  for (const [file, findings] of results) {
    for (const f of findings) {
      diagnostics.push({ file, range: f.range, severity: f.severity, code: f.code, message: f.message,
        ...(f.source && f.source !== 'kube-rehearsal' ? { source: f.source } : {}),
        // The message ids (l10n) are the editor's business: the report keeps its documented fields.
        ...(f.related?.length ? { related: f.related.map((r) => ({ file: r.file, range: r.range, message: r.message })) } : {}) });
    }
  }
  return JSON.stringify({ diagnostics }, null, 2) + '\n';
}

// ---------------------------------------------------------------- SARIF

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

function sarifUri(file: string): string {
  if (file === '<stdin>') return 'stdin';
  const rel = relative(process.cwd(), resolve(file));
  return rel.startsWith('..') ? pathToFileURL(resolve(file)).toString() : encodeURI(toPosix(rel));
}

function sarifRegion(r: Finding['range']) {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function formatSarif(results: Results): string {
  const ruleIds: string[] = [];
  const ruleIndex = new Map<string, number>();
  const sarifResults = [];
  for (const [file, findings] of results) {
    for (const f of findings) {
      if (!ruleIndex.has(f.code)) {
        ruleIndex.set(f.code, ruleIds.length);
        ruleIds.push(f.code);
      }
      sarifResults.push({
        ruleId: f.code,
        ruleIndex: ruleIndex.get(f.code),
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: sarifUri(file) }, region: sarifRegion(f.range) } }],
        ...(f.related?.length ? {
          relatedLocations: f.related.map((r, i) => ({
            id: i + 1,
            message: { text: r.message },
            physicalLocation: { artifactLocation: { uri: sarifUri(r.file) }, region: sarifRegion(r.range) },
          })),
        } : {}),
      });
    }
  }
  const rules = ruleIds.map((id) => {
    const m = ruleMetadata(id);
    return {
      id,
      shortDescription: { text: m.description },
      fullDescription: { text: m.description },
      helpUri: ruleDocUrl(id),
      help: { text: `${m.description} See ${ruleDocUrl(id)}`, markdown: `${m.description} [Rule documentation](${ruleDocUrl(id)})` },
      defaultConfiguration: { level: SARIF_LEVEL[m.defaultSeverity] },
      properties: { tags: m.tags },
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kube-rehearsal', version: VERSION, informationUri: ruleDocUrl('').replace(/#$/, ''), rules } },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

// ---------------------------------------------------------------- JUnit

function xml(text: string): string {
  // XML 1.0 cannot carry most control characters at all, even escaped.
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The object a finding sits in: `Deployment/web`, or the document's line when it has no kind and name. */
function objectAt(file: YamlFile | undefined, f: Finding): string {
  if (!file) return 'file';
  for (const doc of file.docs) {
    const start = file.lines.positionAt(doc.start).line;
    const end = file.lines.positionAt(doc.end).line;
    if (f.range.start.line < start || f.range.start.line > end) continue;
    if (doc.kind && doc.name) return `${doc.kind}/${doc.name}`;
    if (doc.kind) return `${doc.kind} (line ${start + 1})`;
    return `document at line ${start + 1}`;
  }
  return 'file';
}

/**
 * One test suite per file; one test case per object and rule that fired on it (a failure when the
 * finding is at or above --fail-on), and one passing case per object nothing fired on.
 */
function formatJunit(results: Results, ctx: ReportContext): string {
  const byUri = new Map(ctx.files.map((f) => [f.uri, f]));
  const suites: string[] = [];
  let total = 0;
  let failures = 0;
  for (const [uri, findings] of results) {
    const file = byUri.get(uri);
    const cases = new Map<string, { object: string; code?: string; findings: Finding[] }>();
    for (const doc of file?.docs ?? []) {
      if (doc.kind && doc.name) cases.set(`${doc.kind}/${doc.name}`, { object: `${doc.kind}/${doc.name}`, findings: [] });
    }
    for (const f of findings) {
      const object = objectAt(file, f);
      cases.delete(object);
      const key = `${object}\u0000${f.code}`;
      const c = cases.get(key) ?? { object, code: f.code, findings: [] };
      c.findings.push(f);
      cases.set(key, c);
    }
    const body: string[] = [];
    let suiteFailures = 0;
    for (const c of cases.values()) {
      const name = c.code ? `${c.code} ${c.object}` : c.object;
      const failing = c.findings.filter((f) => failsAt(f, ctx.failOn));
      const lines = c.findings.map((f) => `${uri}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} ${f.message}`).join('\n');
      if (failing.length) {
        suiteFailures++;
        body.push(`    <testcase classname="${xml(uri)}" name="${xml(name)}">\n      <failure type="${failing[0].severity}" message="${xml(failing[0].message)}">${xml(lines)}</failure>\n    </testcase>`);
      } else if (c.findings.length) {
        body.push(`    <testcase classname="${xml(uri)}" name="${xml(name)}">\n      <system-out>${xml(lines)}</system-out>\n    </testcase>`);
      } else body.push(`    <testcase classname="${xml(uri)}" name="${xml(name)}"/>`);
    }
    total += cases.size;
    failures += suiteFailures;
    suites.push(`  <testsuite name="${xml(uri)}" tests="${cases.size}" failures="${suiteFailures}" errors="0" skipped="0">\n${body.join('\n')}${body.length ? '\n' : ''}  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kube-rehearsal" tests="${total}" failures="${failures}" errors="0">\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
}

// ---------------------------------------------------------------- GitHub workflow commands

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** Escapes a workflow command's message (data). */
export function githubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (also `:` and `,`, which separate properties). */
export function githubProperty(text: string): string {
  return githubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function formatGithub(results: Results): string {
  let out = '';
  for (const [file, findings] of results) {
    const path = file === '<stdin>' ? file : toPosix(relative(process.cwd(), resolve(file)) || file);
    for (const f of findings) {
      const r = f.range;
      const props = [`file=${githubProperty(path)}`, `line=${r.start.line + 1}`, `col=${r.start.character + 1}`, `endLine=${r.end.line + 1}`,
        ...(r.end.line === r.start.line ? [`endColumn=${r.end.character + 1}`] : []), `title=${githubProperty(`kube-rehearsal ${f.code}`)}`];
      out += `::${GITHUB_COMMAND[f.severity]} ${props.join(',')}::${githubData(`${f.message} (${ruleDocUrl(f.code)})`)}\n`;
    }
  }
  return out;
}

// ---------------------------------------------------------------- Markdown (job summaries, PR comments)

const MAX_MARKDOWN_ROWS = 100;

function mdCell(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\|/g, '\\|');
}

/** A table of the findings, most severe first, with counts per severity. */
export function formatMarkdown(results: Results, ctx: ReportContext): string {
  const rows: { file: string; f: Finding }[] = [];
  for (const [file, findings] of results) for (const f of findings) rows.push({ file, f });
  rows.sort((a, b) => severityRank(a.f.severity) - severityRank(b.f.severity) || a.file.localeCompare(b.file) || a.f.range.start.line - b.f.range.start.line);
  const count = (s: Severity) => rows.filter((r) => r.f.severity === s).length;
  const failing = rows.filter((r) => failsAt(r.f, ctx.failOn)).length;
  let out = `### Kube Rehearsal: ${ctx.files.length} ${ctx.files.length === 1 ? 'file' : 'files'} checked\n\n`;
  out += `${failing ? '❌' : '✅'} ${count('error')} errors, ${count('warning')} warnings, ${count('information') + count('hint')} notes`;
  out += ` (the check fails on ${ctx.failOn === 'information' ? 'information or worse' : `${ctx.failOn}s${ctx.failOn === 'warning' ? ' or worse' : ''}`})\n`;
  if (rows.length === 0) return out;
  out += '\n| Severity | Location | Rule | Message |\n|---|---|---|---|\n';
  for (const { file, f } of rows.slice(0, MAX_MARKDOWN_ROWS)) {
    out += `| ${f.severity} | \`${mdCell(file)}:${f.range.start.line + 1}\` | [${f.code}](${ruleDocUrl(f.code)}) | ${mdCell(f.message)} |\n`;
  }
  if (rows.length > MAX_MARKDOWN_ROWS) out += `\n_${rows.length - MAX_MARKDOWN_ROWS} more findings are not shown._\n`;
  return out;
}
