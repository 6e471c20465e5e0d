import { readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../engine/findings';
import { ruleDocUrl } from '../engine/findings';
import { parseYamlFile, type YamlFile } from '../engine/yaml/documents';
import { checkFiles, describeCode } from '../engine/check';
import { walkManifestFiles } from '../engine/fileWalker';
import { VERSION } from './version';

/** `kube-rehearsal check`: the same findings as the editor, as compiler-style text, JSON or SARIF. */

type Format = 'text' | 'json' | 'sarif';

const HELP = `Usage: kube-rehearsal check <file|dir|->... [--format text|json|sarif]

Validates Kubernetes manifests offline against the bundled Kubernetes schemas and rules.
Directories are searched for *.yaml, *.yml and *.json (not node_modules or dot-folders);
"-" reads one file from standard input.

Output:
  text   path:line:col severity code message   (1-based line and column)
  json   {"diagnostics":[{file, range, severity, code, message}]}   (0-based LSP positions)
  sarif  SARIF 2.1.0

Exit status: 0 no errors, 1 errors found, 2 usage or I/O error.
`;

class UsageError extends Error {}

interface CheckArgs {
  inputs: string[];
  format: Format;
}

function parseArgs(argv: string[]): CheckArgs | 'help' {
  const inputs: string[] = [];
  let format: Format = 'text';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') return 'help';
    let value: string | undefined;
    if (a === '--format' || a === '-f') value = argv[++i];
    else if (a.startsWith('--format=')) value = a.slice('--format='.length);
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option "${a}" (see kube-rehearsal check --help)`);
    else {
      inputs.push(a);
      continue;
    }
    if (value !== 'text' && value !== 'json' && value !== 'sarif') throw new UsageError(`--format must be text, json or sarif${value === undefined ? '' : `, not "${value}"`}`);
    format = value;
  }
  if (inputs.length === 0) throw new UsageError('nothing to check: give files, folders or - (see kube-rehearsal check --help)');
  return { inputs, format };
}

function ioMessage(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : e instanceof Error ? e.message : String(e);
  return `cannot read "${path}": ${why}`;
}

function readInputs(inputs: string[]): YamlFile[] {
  const files: YamlFile[] = [];
  const seen = new Set<string>();
  const add = (display: string, text: string) => {
    if (seen.has(display)) return;
    seen.add(display);
    files.push(parseYamlFile(display, text));
  };
  for (const input of inputs) {
    if (input === '-') {
      add('<stdin>', readFileSync(0, 'utf8'));
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(input).isDirectory();
    } catch (e) {
      throw new UsageError(ioMessage(input, e));
    }
    const paths = isDir ? walkManifestFiles(input) : [input];
    for (const p of paths) {
      try {
        add(p, readFileSync(p, 'utf8'));
      } catch (e) {
        throw new UsageError(ioMessage(p, e));
      }
    }
  }
  return files;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function formatText(results: Map<string, Finding[]>): string {
  let out = '';
  for (const [file, findings] of results) {
    for (const f of findings) out += `${file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} ${f.message}\n`;
  }
  return out;
}

function formatJson(results: Map<string, Finding[]>): string {
  const diagnostics = [];
  for (const [file, findings] of results) {
    for (const f of findings) diagnostics.push({ file, range: f.range, severity: f.severity, code: f.code, message: f.message });
  }
  return JSON.stringify({ diagnostics }, null, 2) + '\n';
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

function sarifUri(file: string): string {
  if (file === '<stdin>') return 'stdin';
  const rel = relative(process.cwd(), resolve(file));
  return rel.startsWith('..') ? pathToFileURL(resolve(file)).toString() : encodeURI(toPosix(rel));
}

function formatSarif(results: Map<string, Finding[]>): string {
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
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: sarifUri(file) },
              region: { startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 },
            },
          },
        ],
      });
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kube-rehearsal',
            version: VERSION,
            informationUri: ruleDocUrl('').replace(/#$/, ''),
            rules: ruleIds.map((id) => ({ id, helpUri: ruleDocUrl(id), shortDescription: { text: describeCode(id) ?? id } })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

export async function runCheck(argv: string[]): Promise<number> {
  let args: CheckArgs | 'help';
  let files: YamlFile[];
  try {
    args = parseArgs(argv);
    if (args === 'help') {
      process.stdout.write(HELP);
      return 0;
    }
    files = readInputs(args.inputs);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`kube-rehearsal: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const results = checkFiles(files);
  const output = args.format === 'json' ? formatJson(results) : args.format === 'sarif' ? formatSarif(results) : formatText(results);
  process.stdout.write(output);
  let errors = 0;
  let warnings = 0;
  for (const fs of results.values()) for (const f of fs) f.severity === 'error' ? errors++ : f.severity === 'warning' ? warnings++ : 0;
  if (args.format === 'text') {
    process.stderr.write(`${files.length} file${files.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  }
  return errors > 0 ? 1 : 0;
}
